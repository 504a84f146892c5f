"""The one place spkg mints instance IRIs, from keys (never labels), per docs/architecture.md.

Every key segment is percent-encoded outside `[A-Za-z0-9._-]` (and `%` itself), so minting is
injective even for DOIs, and the same keys give the same IRIs on every ingest. The keys a data
file gives its rows match `KEY` (data/README.md); the reader, the API's path parameters and the
review filters all check against it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import URIRef

from ingest.namespaces import base_iri

__all__ = [
    "GRAPH_KINDS",
    "KEY",
    "KEY_PATTERN",
    "Minter",
    "alignment_iri",
    "alignment_set_iri",
    "alignments_graph_iri",
    "encode",
    "instance_prefix",
    "normalise_doi",
    "ontology_iri",
    "record_key",
    "title_key",
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


def alignments_graph_iri(base: str) -> URIRef:
    """`<base>graph/alignments`: the cross-review theme alignments, a graph of their own (no
    review's), so a review is replaced or removed without touching them."""
    return URIRef(f"{base}graph/alignments")


def alignment_iri(
    base: str, subject: tuple[str, str], predicate: str, obj: tuple[str, str]
) -> URIRef:
    """`<base>id/alignment/{review}/{theme}/{predicate}/{review}/{theme}`: one curated mapping
    between two themes, keyed by what it states (the SKOS predicate's local name)."""
    keys = (*subject, predicate, *obj)
    return URIRef(instance_prefix("alignment", base) + "/".join(encode(k) for k in keys))


def alignment_set_iri(base: str) -> URIRef:
    """`<base>id/alignments/themes`: the mapping set (the curated file) the alignments belong to."""
    return URIRef(f"{instance_prefix('alignments', base)}themes")


# A title key longer than this is hashed, so record IRIs keep a bounded length.
_TITLE_KEY_MAX = 80
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)


def normalise_doi(doi: str) -> str:
    """A DOI as a key: trimmed, lower case (DOIs are case-insensitive), without a resolver
    prefix (`https://doi.org/`, `doi:`)."""
    return _DOI_PREFIX.sub("", doi.strip()).strip().lower()


def title_key(first_author: str, year: str, title: str) -> str:
    """`{author}-{year}-{title}` normalised: case-folded, accents stripped, punctuation removed,
    whitespace collapsed to `-`; longer than 80 characters → `sha256-{first 32 hex digits}` of
    that text, so the key stays short and still depends on every character."""
    text = " ".join((first_author, year, title))
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s]", " ", text).replace("_", " ")
    key = "-".join(text.split())
    if len(key) > _TITLE_KEY_MAX:
        return "sha256-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return key


def record_key(
    doi: str | None = None,
    pmid: str | None = None,
    first_author: str | None = None,
    year: str | None = None,
    title: str | None = None,
) -> str | None:
    """The identity of a work: `doi/{doi}` (normalised), else `pmid/{pmid}`, else
    `work/{title key}` from first author, year and title; None when none of these is known.

    Whoever supplied the DOI (the review or the curator, from a primary paper) does not matter:
    the same paper in two reviews has one key."""
    if doi and doi.strip():
        return f"doi/{normalise_doi(doi)}"
    if pmid and pmid.strip():
        return f"pmid/{pmid.strip()}"
    if title and title.strip():
        return f"work/{title_key(first_author or '', year or '', title)}"
    return None


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
    def record(self, record_id: str, key: str | None = None) -> URIRef:
        """The work: `id/record/{key}` for its `record_key` (`doi/…`, `pmid/…`, `work/…`),
        shared by every review that includes it; without a key (no DOI, PMID or title), scoped
        to the review as `id/record/{review}/{record_id}`."""
        if key:
            kind, _, rest = key.partition("/")
            return URIRef(f"{self.base}id/record/{encode(kind)}/{encode(rest, keep_slash=True)}")
        return self._id("record", self.review, record_id)

    def inclusion(self, record_id: str) -> URIRef:
        """`id/inclusion/{review}/{record_id}`: the review's inclusion of a record, the node that
        carries everything this review says about the work (citation number, its key, the study
        it reports in this review, ...)."""
        return self._id("inclusion", self.review, record_id)

    def shared_study(self, key: str) -> URIRef:
        """`id/shared-study/{key}`: a study itself, one node for every review that includes it,
        keyed by a record key (`doi/…`) of a report of it."""
        kind, _, rest = key.partition("/")
        return URIRef(f"{self.base}id/shared-study/{encode(kind)}/{encode(rest, keep_slash=True)}")

    @staticmethod
    def author(work: URIRef, n: int) -> URIRef:
        """The n-th author (from 1, printed order) of a record or review."""
        return URIRef(f"{work}#author-{n}")

    # entities scoped to the review
    def study(self, study_id: str) -> URIRef:
        """`id/study/{review}/{study_id}`: the study as this review extracted it (its
        `spkg:extractionOf` is the shared study node)."""
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

    def construct_scheme(self) -> URIRef:
        """`id/constructs/{review}`: the concept scheme of a meta-ethnography's constructs."""
        return self._id("constructs", self.review)

    def construct(self, construct_id: str) -> URIRef:
        return self._id("construct", self.review, construct_id)

    def translation(self, translation_id: str) -> URIRef:
        return self._id("translation", self.review, translation_id)

    def study_finding(self, finding_id: str) -> URIRef:
        """`id/study-finding/{review}/{finding_id}`: a finding extracted from a primary study
        (meta-aggregation), not one of the review's own (`finding`)."""
        return self._id("study-finding", self.review, finding_id)

    def statistic(self, stat_id: str) -> URIRef:
        return self._id("statistic", self.review, stat_id)

    def check(self, stat_id: str) -> URIRef:
        """`id/check/{review}/{stat_id}`: the check of a reported statistic against the data."""
        return self._id("check", self.review, stat_id)

    def statement(self, statement_id: str) -> URIRef:
        return self._id("statement", self.review, statement_id)

    def inconsistency(self, inconsistency_id: str) -> URIRef:
        """`id/inconsistency/{review}/{id}`: a curated one by its key, a computed one as
        `computed-{stat_id}`."""
        return self._id("inconsistency", self.review, inconsistency_id)

    @staticmethod
    def inconsistency_part(inconsistency: URIRef, part: str) -> URIRef:
        """`…#passage` (the passage it targets) or `…#selector` (that passage's quote selector)."""
        return URIRef(f"{inconsistency}#{part}")

    def curator(self) -> URIRef:
        """`id/curator/{review}`: whoever curated the review's data folder, the agent of what
        it adds beyond the review (its notes on the review's inconsistencies)."""
        return self._id("curator", self.review)

    def search_source(self, source_id: str) -> URIRef:
        return self._id("search-source", self.review, source_id)

    def stage(self, stage_id: str) -> URIRef:
        return self._id("stage", self.review, stage_id)

    def flow(self, count_id: str) -> URIRef:
        return self._id("flow", self.review, count_id)

    def criterion(self, criterion_id: str) -> URIRef:
        return self._id("criterion", self.review, criterion_id)

    def variable(self, variable_id: str) -> URIRef:
        """`id/variable/{review}/{variable_id}`: a topic variable the review declares."""
        return self._id("variable", self.review, variable_id)

    def variable_value(self, variable_id: str, target_id: str) -> URIRef:
        """`id/variable-value/{review}/{variable_id}/{target_id}`: one value of a variable."""
        return self._id("variable-value", self.review, variable_id, target_id)

    def participant_group(self, group_id: str) -> URIRef:
        """`id/participant-group/{review}/{group_id}`: one group of a study's sample."""
        return self._id("participant-group", self.review, group_id)

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

    @staticmethod
    def partition(graph: URIRef, kind: str) -> URIRef:
        """`graph/{review}/{kind}#{what}`: the part of a review's graph holding one kind of
        thing (its records, studies …), which the review's summary counts."""
        return URIRef(f"{graph}#{kind}")

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

    def shipped_concept(self, scheme: str, key: str) -> URIRef:
        """`id/{scheme}/{key}`: a concept the ontology ships for an open scheme."""
        return self._id(scheme, key)

    # what the review declares for the open value sets
    def declared_scheme(self, scheme: str) -> URIRef:
        """`id/scheme/{review}/{scheme}`: the concepts this review declares for one open scheme."""
        return self._id("scheme", self.review, scheme)

    def declared_concept(self, scheme: str, key: str) -> URIRef:
        """`id/concept/{review}/{scheme}/{key}`: a concept this review declares (concepts.csv)."""
        return self._id("concept", self.review, scheme, key)

    def declared_tool(self, tool_id: str) -> URIRef:
        """`id/appraisal-tool/{review}/{tool_id}`: an appraisal tool this review declares."""
        return self._id("appraisal-tool", self.review, tool_id)

    def declared_tool_item(self, item_id: str) -> URIRef:
        """`id/appraisal-item/{review}/{item_id}`: an item of a tool this review declares."""
        return self._id("appraisal-item", self.review, item_id)

    def declared_answer(self, tool_id: str, key: str) -> URIRef:
        """`id/appraisal-answer/{review}/{tool_id}/{key}`: an answer on a declared tool's scale
        that is none of the shipped answers."""
        return self._id("appraisal-answer", self.review, tool_id, key)
