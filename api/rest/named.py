"""Named queries: each REST operation runs a `.rq` file from api/queries that anyone can read,
copy and run on /sparql with the same bindings."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.term import Node

from api.exceptions import ServiceError
from api.rest.keys import minter
from ingest.namespaces import DEFAULT_BASE
from ingest.references import QUERY_FILE as REFERENCES_QUERY

if TYPE_CHECKING:
    from api.engine import QueryEngine

Rows = list[dict[str, Node]]

__all__ = [
    "QUERY_DIR",
    "SHARED_QUERIES",
    "NamedQuery",
    "Rows",
    "UnknownQueryError",
    "named_query",
    "query_file",
    "query_names",
    "review_keys",
    "review_scope",
    "run_per_review",
    "run_scoped",
    "run_select",
]

logger = logging.getLogger(__name__)

QUERY_DIR = Path(__file__).resolve().parents[1] / "queries"
# Named queries that ship with ingest because its commands run them too (`spkg export --format
# ris`): published and run here like those of QUERY_DIR, from their one file.
SHARED_QUERIES: dict[str, Path] = {REFERENCES_QUERY.stem: REFERENCES_QUERY}
_NAME = re.compile(r"[a-z][a-z0-9-]*")
# The graphs that hold a review's own statements (its provenance graph describes the ingest).
SCOPE_GRAPHS = ("reported", "supplementary", "inferred")


class UnknownQueryError(ServiceError, LookupError):
    """No named query of that name ships with spkg."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no named query {name!r}")
        self.name = name


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name, its text under the configured base, and its header comment."""

    name: str
    text: str
    header: str

    def projects(self, variable: str) -> bool:
        """Whether the outer SELECT names `?variable` (only projected variables can be bound)."""
        body = "\n".join(ln for ln in self.text.splitlines() if not ln.startswith("#"))
        head = body.split("SELECT", 1)[-1].split("WHERE", 1)[0]
        return re.search(rf"\?{re.escape(variable)}\b", head) is not None

    @property
    def path(self) -> str:
        """Where the service publishes the file."""
        return f"/api/queries/{self.name}.rq"


def query_names() -> list[str]:
    """Names of the shipped queries, sorted."""
    return sorted({p.stem for p in QUERY_DIR.glob("*.rq")} | set(SHARED_QUERIES))


def query_file(name: str) -> Path:
    """The file of the shipped query `name` (UnknownQueryError for any other name)."""
    if not _NAME.fullmatch(name) or name not in query_names():
        raise UnknownQueryError(name)
    return SHARED_QUERIES.get(name) or QUERY_DIR / f"{name}.rq"


@lru_cache(maxsize=128)
def named_query(name: str, base: str = DEFAULT_BASE) -> NamedQuery:
    """The query `name`, with the default base rewritten to `base` (files use the default)."""
    # Only the shipped files: a name is never used to build a path before it is known.
    text = query_file(name).read_text(encoding="utf-8")
    if base != DEFAULT_BASE:
        text = text.replace(DEFAULT_BASE, base)
    header = "\n".join(line[1:].strip() for line in text.splitlines() if line.startswith("#"))
    logger.debug("loaded named query %s", name)
    return NamedQuery(name, text, header)


async def run_select(engine: QueryEngine, base: str, name: str, **bindings: Node | None) -> Rows:
    """Rows of the named query `name` with the given variables bound (None leaves one unbound)."""
    query = named_query(name, base)
    bound = {k: v for k, v in bindings.items() if v is not None}
    return await engine.select(query.text, bound)


def review_scope(review: str, base: str) -> dict[str, URIRef]:
    """`?review` and its graphs `?reported`, `?supplementary`, `?inferred` as bindings.

    A record whose DOI is certain is one node shared by every review that includes it, so a
    query that reads a review's statements about it names the review's graphs; they are minted
    here from the review's key, by the same minter as the ingest."""
    m = minter(review, base)
    return {"review": m.review_iri(), **{kind: m.graph(kind) for kind in SCOPE_GRAPHS}}


async def run_scoped(
    engine: QueryEngine, base: str, name: str, review: str, **bindings: Node | None
) -> Rows:
    """Rows of `name` bound to one review's graphs (those the query projects) and `bindings`."""
    query = named_query(name, base)
    scope = {k: v for k, v in review_scope(review, base).items() if query.projects(k)}
    return await run_select(engine, base, name, **scope, **bindings)


async def review_keys(engine: QueryEngine, base: str) -> list[str]:
    """The keys of the reviews in the store, sorted."""
    prefix = f"{base}id/review/"
    rows = await run_select(engine, base, "review-keys")
    return sorted(str(r["review"])[len(prefix) :] for r in rows)


async def run_per_review(
    engine: QueryEngine,
    base: str,
    name: str,
    review: str | None,
    per_review: Mapping[str, Mapping[str, Node | None]] | None = None,
    **bindings: Node | None,
) -> Rows:
    """Rows of a review-scoped query for `review`, or for every review in turn when None.

    Each review's rows come from its own graphs, so no review's statements about a shared
    record reach another review's rows; the queries run concurrently on the engine's workers.
    `per_review`, when given, adds each review's own bindings and limits the run to the reviews
    it names (a value that is a different IRI in each review, such as a declared concept)."""
    keys = [review] if review is not None else await review_keys(engine, base)
    if per_review is not None:
        keys = [k for k in keys if k in per_review]
    results = await asyncio.gather(
        *(
            run_scoped(engine, base, name, key, **bindings, **(per_review or {}).get(key, {}))
            for key in keys
        )
    )
    return [row for rows in results for row in rows]
