"""What the dataset holds and which version it is, read from the graph itself.

The version is never typed by hand: it joins the installed software version with a digest of
every review's fingerprint (the `pav:version` its provenance graph states), so it changes exactly
when some review's data or the software changes. Facts are read through any `select` callable,
so the service (its query engine) and the release writer (a store) share the same code; the
queries are the named queries `reviews`, `dataset-graphs`, `dataset-counts`, `dataset-totals`
and `review-citations`, and the provenance graph's own fingerprint query. Each review is cited
from its own data (review.csv), never from CITATION.cff, which cites spkg itself.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from api.rest.named import named_query
from ingest.iris import instance_prefix
from ingest.provenance import FINGERPRINT_QUERY, software_version

__all__ = [
    "DatasetFacts",
    "FactsCache",
    "ReviewFacts",
    "citation_line",
    "facts_from_rows",
    "fingerprints_from_rows",
    "read_facts",
    "read_facts_async",
    "read_version",
    "read_version_async",
    "version_of",
]

logger = logging.getLogger(__name__)

Rows = Sequence[Mapping[str, Node]]
SyncSelect = Callable[[str], Rows]
AsyncSelect = Callable[[str], Awaitable[Rows]]

# The named queries behind the facts, after the fingerprints, in the order facts_from_rows takes.
_QUERIES = ("dataset-graphs", "reviews", "dataset-counts", "dataset-totals", "review-citations")


@dataclass(frozen=True)
class ReviewFacts:
    """One review: its IRI, citation fields and how many things of each kind it holds."""

    iri: str
    title: str
    doi: str | None
    issued: str | None
    fingerprint: str | None
    counts: dict[str, int] = field(default_factory=dict)
    citation: str | None = None
    key: str = ""


@dataclass(frozen=True)
class DatasetFacts:
    """The dataset as a whole: version, reviews, and the triples in each named graph."""

    base: str
    version: str
    data_digest: str
    software: str
    reviews: tuple[ReviewFacts, ...]
    graph_sizes: dict[str, int]
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(self.graph_sizes.values())

    def total(self, kind: str) -> int:
        """Distinct things of `kind` in the dataset: a record or study two reviews include
        counts once (the per-review counts are in each review's `counts`)."""
        if kind in self.totals:
            return self.totals[kind]
        return sum(r.counts.get(kind, 0) for r in self.reviews)


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
    prefix = instance_prefix("review", base)
    found: dict[str, str] = {}
    for row in rows:
        graph, subject, value = row.get("g"), row.get("review"), row.get("version")
        if not (isinstance(graph, URIRef) and isinstance(subject, URIRef)):
            continue
        if str(graph).endswith("/provenance") and str(subject).startswith(prefix):
            found[str(subject)] = str(value)
    return found


def citation_line(row: Mapping[str, Node]) -> str | None:
    """A review's citation from its review-citations row: authors as printed, title, venue,
    year;volume:number, doi."""
    parts = {k: str(row[k]) for k in row if row.get(k) is not None}
    if "title" not in parts:
        return None
    where = parts.get("venue", "")
    if "year" in parts:
        where = f"{where} {parts['year']}".strip()
        if "volume" in parts:
            where += f";{parts['volume']}"
            if "number" in parts:
                where += f":{parts['number']}"
    line = ". ".join(p for p in (parts.get("authors"), parts["title"].rstrip("."), where) if p)
    return f"{line}. doi:{parts['doi']}" if "doi" in parts else f"{line}."


def facts_from_rows(
    base: str,
    prints: Rows,
    sizes: Rows,
    reviews: Rows,
    counts: Rows,
    totals: Rows = (),
    citations: Rows = (),
) -> DatasetFacts:
    """Assemble DatasetFacts from the queries' rows (pure, so tests can feed it rows)."""
    fps = fingerprints_from_rows(prints, base)
    version, digest = version_of(fps)
    per_review: dict[str, dict[str, int]] = {}
    for row in counts:
        per_review.setdefault(str(row["review"]), {})[str(row["kind"])] = int(str(row["n"]))
    cited = {str(r["review"]): citation_line(r) for r in citations}
    prefix = instance_prefix("review", base)
    seen: dict[str, ReviewFacts] = {}
    for row in sorted(reviews, key=lambda r: str(r["review"])):  # the query leaves the order
        iri = str(row["review"])
        if iri in seen:
            continue
        title, doi, issued = row.get("title"), row.get("doi"), row.get("year")
        seen[iri] = ReviewFacts(
            iri=iri,
            title=str(title) if isinstance(title, Literal) else iri,
            doi=str(doi) if doi is not None else None,
            issued=str(issued) if issued is not None else None,
            fingerprint=fps.get(iri),
            counts=per_review.get(iri, {}),
            citation=cited.get(iri),
            key=iri.removeprefix(prefix),
        )
    graph_sizes = {str(r["g"]): int(str(r["n"])) for r in sizes if isinstance(r.get("g"), URIRef)}
    return DatasetFacts(
        base=base,
        version=version,
        data_digest=digest,
        software=software_version(),
        reviews=tuple(seen.values()),
        graph_sizes=dict(sorted(graph_sizes.items())),
        totals={str(r["kind"]): int(str(r["n"])) for r in totals if r.get("kind") is not None},
    )


def _texts(base: str) -> list[str]:
    return [FINGERPRINT_QUERY, *(named_query(name, base).text for name in _QUERIES)]


def read_version(select: SyncSelect, base: str) -> str:
    """Only the version, through a synchronous `select` (a Store's)."""
    return version_of(fingerprints_from_rows(select(FINGERPRINT_QUERY), base))[0]


def read_facts(select: SyncSelect, base: str) -> DatasetFacts:
    """The dataset's facts through a synchronous `select` (a Store's)."""
    return facts_from_rows(base, *(select(text) for text in _texts(base)))


async def read_version_async(select: AsyncSelect, base: str) -> str:
    """Only the version: one small query, cheap enough to ask on every request."""
    return version_of(fingerprints_from_rows(await select(FINGERPRINT_QUERY), base))[0]


async def read_facts_async(select: AsyncSelect, base: str) -> DatasetFacts:
    """The dataset's facts through an async `select` (the query engine's)."""
    return facts_from_rows(base, *[await select(text) for text in _texts(base)])


class FactsCache:
    """The facts of the version the store holds now, read again only when the version changes.

    One per app, shared by the routes that show them (landing page, VoID, figures). The version
    is asked on every call, so a new ingest shows at once; it reads every review's fingerprint,
    which at 1000 reviews costs more than the page, so when the store has a write stamp (`stamp`:
    the embedded store's generation number, bumped by every write) the version is asked again
    only after the stamp changed.
    """

    def __init__(self, base: str, stamp: Callable[[], object] | None = None) -> None:
        self.base = base
        self.stamp = stamp
        self._facts: dict[str, DatasetFacts] = {}
        self._stamped: tuple[object, DatasetFacts] | None = None

    async def current(self, select: AsyncSelect) -> DatasetFacts:
        """The dataset's facts now, through the query engine's `select`."""
        stamp = self.stamp() if self.stamp is not None else None
        if stamp is not None and self._stamped is not None and self._stamped[0] == stamp:
            return self._stamped[1]
        version = await read_version_async(select, self.base)
        if version not in self._facts:
            self._facts = {version: await read_facts_async(select, self.base)}
        if stamp is not None:
            self._stamped = (stamp, self._facts[version])
        return self._facts[version]
