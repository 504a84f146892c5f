"""A review's references read from the store by one named query, references.rq.

The query lives here, beside the code that reads its rows, because both `spkg export` (ingest)
and the service's /api/reviews/{review}/references run it; the service publishes it among its
named queries. Rows are rdflib terms whichever side ran the query, so `references_of` serves
both.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from ingest.iris import Minter
from ingest.mapping.terms import PUBLICATION_CLASSES
from ingest.namespaces import DEFAULT_BASE, base_iri, spkg_ns
from ingest.references.model import Reference
from ingest.schema import LIST_SEPARATOR
from ingest.store import Store

__all__ = [
    "QUERY_FILE",
    "query_bindings",
    "query_text",
    "references_of",
    "review_references",
]

logger = logging.getLogger(__name__)

QUERY_FILE = Path(__file__).with_name("references.rq")


def query_text(base: str = DEFAULT_BASE) -> str:
    """references.rq under `base` (the file names the default base)."""
    text = QUERY_FILE.read_text(encoding="utf-8")
    return text if base == DEFAULT_BASE else text.replace(DEFAULT_BASE, base)


def query_bindings(review: str, base: str) -> dict[str, URIRef]:
    """The query's parameters for one review: the review and its two graphs of statements."""
    minter = Minter(review, base)
    return {
        "review": minter.review_iri(),
        "reported": minter.graph("reported"),
        "supplementary": minter.graph("supplementary"),
    }


def _text(row: Mapping[str, Node], name: str) -> str | None:
    value = row.get(name)
    return None if value is None else str(value) or None


def references_of(rows: Sequence[Mapping[str, Node]], base: str = DEFAULT_BASE) -> list[Reference]:
    """references.rq rows → references, in the rows' order."""
    kinds = {str(spkg_ns(base)[name]): kind for kind, name in PUBLICATION_CLASSES.items()}
    references = []
    for n, row in enumerate(rows, start=1):
        authors = _text(row, "authors")
        references.append(
            Reference(
                publication_type=kinds.get(str(row.get("type"))),
                first_author=_text(row, "firstAuthor"),
                authors=tuple(authors.split(LIST_SEPARATOR)) if authors else (),
                year=(_text(row, "year") or "")[:4] or None,
                title=_text(row, "title"),
                venue=_text(row, "venue"),
                locator=_text(row, "locator"),
                doi=_text(row, "doi"),
                key=_text(row, "key"),
                entry=n,
                elsewhere=tuple(sorted((_text(row, "elsewhere") or "").split())),
            )
        )
    return references


def review_references(store: Store, review: str, base: str | None = None) -> list[Reference]:
    """The records review `review` includes, read from `store` (IRIs under `base`, by default
    the configured one, as the ingest wrote them)."""
    base = base or base_iri()
    rows = store.select(query_text(base), query_bindings(review, base))
    logger.info("%s: %d reference(s) read from the store", review, len(rows))
    return references_of(rows, base)
