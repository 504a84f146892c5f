"""What the dataset holds and which version it is, read from the graph itself.

The version is never typed by hand: it joins the installed software version with a digest of
every review's fingerprint (the `pav:version` its provenance graph states), so it changes exactly
when some review's data or the software changes. Facts are read through any `select` callable,
so the service (its query engine) and the release writer (a store) share the same code.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from rdflib import Literal, URIRef
from rdflib.term import Node

from ingest.namespaces import CITO, DCTERMS, OA, PAV, SKOS

__all__ = [
    "DatasetFacts",
    "ReviewFacts",
    "facts_from_rows",
    "read_facts",
    "read_facts_async",
    "read_version_async",
    "version_of",
]

logger = logging.getLogger(__name__)

Rows = Sequence[Mapping[str, Node]]
SyncSelect = Callable[[str], Rows]
AsyncSelect = Callable[[str], Awaitable[Rows]]

FINGERPRINTS_QUERY = f"SELECT ?g ?s ?v WHERE {{ GRAPH ?g {{ ?s <{PAV.version}> ?v }} }}"
GRAPH_SIZES_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _reviews_query(base: str) -> str:
    spkg = f"{base}ontology#"
    return f"""
SELECT ?review ?title ?doi ?issued WHERE {{
  ?review a <{spkg}Review> .
  OPTIONAL {{ ?review <{DCTERMS.title}> ?title }}
  OPTIONAL {{ ?review <http://purl.org/ontology/bibo/doi> ?doi }}
  OPTIONAL {{ ?review <{DCTERMS.issued}> ?issued }}
}} ORDER BY ?review"""


def _counts_query(base: str) -> str:
    """Distinct things per review; each kind in its own subquery so no join multiplies them."""
    spkg = f"{base}ontology#"
    parts = {
        "records": f"?review <{CITO.reviews}> ?x .",
        "studies": f"?x a <{spkg}Study> ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?review .",
        "themes": f"?x a <{SKOS.Concept}> ; <{SKOS.inScheme}> ?scheme . "
        f"?scheme <http://www.w3.org/ns/prov#wasDerivedFrom> ?review .",
        "quotes": f"?x a <{OA.Annotation}> ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?review .",
    }
    unions = " UNION ".join(
        f'{{ SELECT ?review (COUNT(DISTINCT ?x) AS ?n) ("{kind}" AS ?kind) '
        f"WHERE {{ ?review a <{spkg}Review> . {pattern} }} GROUP BY ?review }}"
        for kind, pattern in parts.items()
    )
    return f"SELECT ?review ?kind ?n WHERE {{ {unions} }}"


@dataclass(frozen=True)
class ReviewFacts:
    """One review: its IRI, citation fields and how many things of each kind it holds."""

    iri: str
    title: str
    doi: str | None
    issued: str | None
    fingerprint: str | None
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DatasetFacts:
    """The dataset as a whole: version, reviews, and the triples in each named graph."""

    base: str
    version: str
    data_digest: str
    software: str
    reviews: tuple[ReviewFacts, ...]
    graph_sizes: dict[str, int]

    @property
    def triples(self) -> int:
        return sum(self.graph_sizes.values())

    def total(self, kind: str) -> int:
        """A count summed over reviews (a record shared by two reviews counts twice)."""
        return sum(r.counts.get(kind, 0) for r in self.reviews)


def software_version() -> str:
    """The installed spkg version (the same the provenance graph states for the software)."""
    try:
        return package_version("spkg")
    except PackageNotFoundError:
        return "0+unknown"


def version_of(fingerprints: Mapping[str, str], software: str | None = None) -> tuple[str, str]:
    """(version, data digest): `<software>+d<digest>`, the digest over sorted review fingerprints.

    An empty store gets the digest of nothing, so even it has a stable version.
    """
    software = software or software_version()
    text = "".join(f"{iri} {fp}\n" for iri, fp in sorted(fingerprints.items()))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return f"{software}+d{digest}", digest


def fingerprints_from_rows(rows: Rows, base: str) -> dict[str, str]:
    """Review IRI → fingerprint, from `pav:version` statements in provenance graphs."""
    prefix = f"{base}id/review/"
    found: dict[str, str] = {}
    for row in rows:
        graph, subject, value = row.get("g"), row.get("s"), row.get("v")
        if not (isinstance(graph, URIRef) and isinstance(subject, URIRef)):
            continue
        if str(graph).endswith("/provenance") and str(subject).startswith(prefix):
            found[str(subject)] = str(value)
    return found


def facts_from_rows(
    base: str, prints: Rows, sizes: Rows, reviews: Rows, counts: Rows
) -> DatasetFacts:
    """Assemble DatasetFacts from the four queries' rows (pure, so tests can feed it rows)."""
    fps = fingerprints_from_rows(prints, base)
    version, digest = version_of(fps)
    per_review: dict[str, dict[str, int]] = {}
    for row in counts:
        per_review.setdefault(str(row["review"]), {})[str(row["kind"])] = int(row["n"])
    seen: dict[str, ReviewFacts] = {}
    for row in reviews:
        iri = str(row["review"])
        if iri in seen:
            continue
        title, doi, issued = row.get("title"), row.get("doi"), row.get("issued")
        seen[iri] = ReviewFacts(
            iri=iri,
            title=str(title) if isinstance(title, Literal) else iri,
            doi=str(doi) if doi is not None else None,
            issued=str(issued) if issued is not None else None,
            fingerprint=fps.get(iri),
            counts=per_review.get(iri, {}),
        )
    graph_sizes = {str(r["g"]): int(r["n"]) for r in sizes if isinstance(r.get("g"), URIRef)}
    return DatasetFacts(
        base=base,
        version=version,
        data_digest=digest,
        software=software_version(),
        reviews=tuple(seen.values()),
        graph_sizes=dict(sorted(graph_sizes.items())),
    )


def read_facts(select: SyncSelect, base: str) -> DatasetFacts:
    """The dataset's facts through a synchronous `select` (a Store's)."""
    return facts_from_rows(
        base,
        select(FINGERPRINTS_QUERY),
        select(GRAPH_SIZES_QUERY),
        select(_reviews_query(base)),
        select(_counts_query(base)),
    )


async def read_version_async(select: AsyncSelect, base: str) -> str:
    """Only the version: one small query, cheap enough to ask on every request."""
    return version_of(fingerprints_from_rows(await select(FINGERPRINTS_QUERY), base))[0]


async def read_facts_async(select: AsyncSelect, base: str) -> DatasetFacts:
    """The dataset's facts through an async `select` (the query engine's)."""
    return facts_from_rows(
        base,
        await select(FINGERPRINTS_QUERY),
        await select(GRAPH_SIZES_QUERY),
        await select(_reviews_query(base)),
        await select(_counts_query(base)),
    )
