"""The one place spkg mints instance IRIs, from keys (never labels), per docs/architecture.md.

Every key segment is percent-encoded outside `[A-Za-z0-9._-]` (and `%` itself), so minting is
injective even for DOIs, and the same keys give the same IRIs on every ingest. The keys a data
file gives its rows match `KEY` (data/README.md); the reader, the API's path parameters and the
review filters all check against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import URIRef

from ingest.namespaces import base_iri

__all__ = [
    "GRAPH_KINDS",
    "KEY",
    "KEY_PATTERN",
    "Minter",
    "encode",
    "instance_prefix",
    "ontology_iri",
]

# A key of a data file's row (`review_id`, `study_id`, ...), as regular-expression text.
KEY = "[A-Za-z0-9._-]+"
KEY_PATTERN = re.compile(KEY)

# The four named graphs of a review, in the order they are built.
GRAPH_KINDS = ("reported", "supplementary", "inferred", "provenance")


def encode(segment: str, *, keep_slash: bool = False) -> str:
    """Percent-encode a key segment so that distinct keys give distinct IRI paths."""
    return quote(segment, safe="/" if keep_slash else "")


def instance_prefix(kind: str, base: str) -> str:
    """`<base>id/{kind}/`: every IRI of an instance of `kind` starts so."""
    return f"{base}id/{kind}/"


def ontology_iri(base: str) -> URIRef:
    """`<base>ontology`: the ontology, and the name of the graph it is stored in."""
    return URIRef(f"{base}ontology")


@dataclass(frozen=True)
class Minter:
    """IRIs of one review under one base (`SPKG_BASE_IRI` unless given)."""

    review: str
    base: str = ""

    def __post_init__(self) -> None:
        if not self.base:
            object.__setattr__(self, "base", base_iri())

    def _id(self, kind: str, *keys: str) -> URIRef:
        return URIRef(instance_prefix(kind, self.base) + "/".join(encode(k) for k in keys))

    # graphs and the review itself
    def graph(self, kind: str) -> URIRef:
        """`<base>graph/{review}/{kind}` for kind in GRAPH_KINDS."""
        if kind not in GRAPH_KINDS:
            raise ValueError(f"unknown graph kind {kind!r}")
        return URIRef(f"{self.base}graph/{encode(self.review)}/{kind}")

    def ontology(self) -> URIRef:
        return ontology_iri(self.base)

    def review_iri(self) -> URIRef:
        return self._id("review", self.review)

    # records and people
    def record(self, record_id: str, certain_doi: str | None = None) -> URIRef:
        """By DOI (lower case, shared across reviews) when certain, else scoped to the review."""
        if certain_doi:
            doi = encode(certain_doi.lower(), keep_slash=True)
            return URIRef(f"{self.base}id/record/doi/{doi}")
        return self._id("record", self.review, record_id)

    @staticmethod
    def author(work: URIRef, n: int) -> URIRef:
        """The n-th author (from 1, printed order) of a record or review."""
        return URIRef(f"{work}#author-{n}")

    # entities scoped to the review
    def study(self, study_id: str) -> URIRef:
        return self._id("study", self.review, study_id)

    def sample(self, study_id: str) -> URIRef:
        return self._id("sample", self.review, study_id)

    def intervention(self, intervention_id: str) -> URIRef:
        return self._id("intervention", self.review, intervention_id)

    def activity(self, activity_id: str) -> URIRef:
        return self._id("activity", self.review, activity_id)

    def measurement(self, measure_id: str) -> URIRef:
        return self._id("measurement", self.review, measure_id)

    def appraisal(self, record_id: str) -> URIRef:
        return self._id("appraisal", self.review, record_id)

    def item_answer(self, record_id: str, item: str) -> URIRef:
        return self._id("appraisal", self.review, record_id, item)

    def theme_scheme(self) -> URIRef:
        return self._id("themes", self.review)

    def theme(self, theme_id: str) -> URIRef:
        return self._id("theme", self.review, theme_id)

    def support(self, theme_id: str, record_id: str) -> URIRef:
        return self._id("support", self.review, theme_id, record_id)

    def quote(self, quote_id: str) -> URIRef:
        return self._id("quote", self.review, quote_id)

    @staticmethod
    def quote_part(quote: URIRef, part: str) -> URIRef:
        """`…#target`, `…#selector` or `…#speaker` of a quote."""
        return URIRef(f"{quote}#{part}")

    def finding(self, finding_id: str) -> URIRef:
        return self._id("finding", self.review, finding_id)

    def cerqual(self, finding_id: str) -> URIRef:
        return URIRef(f"{self.finding(finding_id)}#cerqual")

    def statistic(self, stat_id: str) -> URIRef:
        return self._id("statistic", self.review, stat_id)

    def statement(self, statement_id: str) -> URIRef:
        return self._id("statement", self.review, statement_id)

    def search_source(self, source_id: str) -> URIRef:
        return self._id("search-source", self.review, source_id)

    def stage(self, stage_id: str) -> URIRef:
        return self._id("stage", self.review, stage_id)

    def flow(self, count_id: str) -> URIRef:
        return self._id("flow", self.review, count_id)

    def criterion(self, criterion_id: str) -> URIRef:
        return self._id("criterion", self.review, criterion_id)

    def value_source(self, file: str, key: str, column: str) -> URIRef:
        """`id/value-source/{review}/{file stem}/{key}/{column}`; a composite key keeps its '/'."""
        stem = file.removesuffix(".csv")
        return URIRef(
            f"{self.base}id/value-source/{encode(self.review)}/{encode(stem)}/"
            f"{encode(key, keep_slash=True)}/{encode(column)}"
        )

    def ingest_run(self, fingerprint: str) -> URIRef:
        return self._id("ingest-run", self.review, fingerprint)

    @staticmethod
    def source_file(run: URIRef, name: str) -> URIRef:
        """`…#{name}`: a data file an ingest run read."""
        return URIRef(f"{run}#{name}")

    @staticmethod
    def checksum(node: URIRef) -> URIRef:
        """`…-sha256`: the SHA-256 checksum of a file node."""
        return URIRef(f"{node}-sha256")

    def software(self) -> URIRef:
        """`id/software/spkg`: spkg itself, the agent of every ingest run."""
        return self._id("software", "spkg")

    # global individuals declared in the ontology
    def instrument(self, key: str) -> URIRef:
        return self._id("instrument", key)

    def intervention_type(self, key: str) -> URIRef:
        return self._id("intervention-type", key)

    def activity_type(self, key: str) -> URIRef:
        return self._id("activity-type", key)

    def appraisal_item(self, key: str) -> URIRef:
        return self._id("appraisal-item", key)

    def scheme(self, name: str) -> URIRef:
        return self._id("scheme", name)
