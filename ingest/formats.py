"""Every serialisation spkg writes, as one table: names, media types, file extension, the
pyoxigraph and rdflib formats, and what each can hold.

A format has one canonical name and keeps the other spellings users type as aliases, so the CLI
(`--format ttl`), a `?format=` value (`json-ld`) and the engine's names (`turtle`) all find the
same row. The first media type of a row is the one spkg sends; the others are what clients also
ask for (`application/json` for JSON-LD). Which formats an HTTP route offers, and reading
`Accept`, belong to the service; this table is what the store, the exports and the service
agree on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pyoxigraph as ox

from ingest.errors import SpkgError

__all__ = [
    "FORMATS",
    "Format",
    "FormatKind",
    "UnknownFormatError",
    "format_named",
    "format_of_media_type",
    "rdf_format",
    "results_format",
]

logger = logging.getLogger(__name__)


class FormatKind(StrEnum):
    """What a serialisation can hold."""

    GRAPH = "graph"  # triples only: named graphs are merged into their union
    DATASET = "dataset"  # quads: the named graphs are kept
    SOLUTIONS = "solutions"  # SELECT rows and ASK answers
    DOCUMENT = "document"  # pages and pictures for people
    REFERENCES = "references"  # a review's records, for reference managers
    QDA = "qda"  # a review's coding, for qualitative-analysis tools (REFI-QDA)


@dataclass(frozen=True)
class Format:
    """One row of the table."""

    name: str
    media_types: tuple[str, ...]
    extension: str
    kind: FormatKind
    aliases: tuple[str, ...] = ()
    rdf: ox.RdfFormat | None = None
    results: ox.QueryResultsFormat | None = None
    rdflib: str = ""  # rdflib's plugin name; empty where rdflib is not used for it
    text: bool = False  # sent with `; charset=utf-8`
    prefixed: bool = False  # written with the prefixes of spkg's namespaces
    w3c: str | None = None  # its name in http://www.w3.org/ns/formats/

    @property
    def media_type(self) -> str:
        """The media type spkg sends for this format."""
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        """The Content-Type value: the media type, with its charset for text formats."""
        return f"{self.media_type}; charset=utf-8" if self.text else self.media_type

    @property
    def keeps_graphs(self) -> bool:
        """Whether the named graphs survive a round trip through this format."""
        return self.kind is FormatKind.DATASET

    @property
    def suffix(self) -> str:
        """The file name suffix, `.ttl`."""
        return f".{self.extension}"


_G, _D, _S, _P = FormatKind.GRAPH, FormatKind.DATASET, FormatKind.SOLUTIONS, FormatKind.DOCUMENT
_R = FormatKind.REFERENCES
_Q = FormatKind.QDA
_RDF, _RESULTS = ox.RdfFormat, ox.QueryResultsFormat

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        # RDF
        Format(
            "turtle",
            ("text/turtle", "application/x-turtle"),
            "ttl",
            _G,
            ("ttl",),
            rdf=_RDF.TURTLE,
            rdflib="turtle",
            w3c="Turtle",
            text=True,
            prefixed=True,
        ),
        Format(
            "ntriples",
            ("application/n-triples", "text/plain"),
            "nt",
            _G,
            ("nt",),
            rdf=_RDF.N_TRIPLES,
            rdflib="nt",
            w3c="N-Triples",
            text=True,
        ),
        Format(
            "nquads",
            ("application/n-quads",),
            "nq",
            _D,
            ("nq",),
            rdf=_RDF.N_QUADS,
            rdflib="nquads",
            w3c="N-Quads",
            text=True,
        ),
        Format(
            "trig",
            ("application/trig",),
            "trig",
            _D,
            rdf=_RDF.TRIG,
            rdflib="trig",
            w3c="TriG",
            text=True,
            prefixed=True,
        ),
        Format(
            "jsonld",
            ("application/ld+json", "application/json"),
            "jsonld",
            _D,
            ("json-ld", "json"),
            rdf=_RDF.JSON_LD,
            rdflib="json-ld",
            w3c="JSON-LD",
        ),
        Format(
            "rdfxml",
            ("application/rdf+xml", "application/xml", "text/xml"),
            "rdf",
            _G,
            ("rdf", "xml"),  # `xml` is RDF/XML where SPARQL results XML is not offered
            rdf=_RDF.RDF_XML,
            rdflib="xml",
            w3c="RDF_XML",
        ),
        # SPARQL results
        Format(
            "json",
            ("application/sparql-results+json", "application/json"),
            "srj",
            _S,
            results=_RESULTS.JSON,
            w3c="SPARQL_Results_JSON",
        ),
        Format(
            "xml",
            ("application/sparql-results+xml", "application/xml", "text/xml"),
            "srx",
            _S,
            results=_RESULTS.XML,
            w3c="SPARQL_Results_XML",
        ),
        Format(
            "csv",
            ("text/csv",),
            "csv",
            _S,
            results=_RESULTS.CSV,
            text=True,
            w3c="SPARQL_Results_CSV",
        ),
        Format(
            "tsv",
            ("text/tab-separated-values",),
            "tsv",
            _S,
            results=_RESULTS.TSV,
            text=True,
            w3c="SPARQL_Results_TSV",
        ),
        # a review's records for reference managers (ingest.references)
        Format("ris", ("application/x-research-info-systems",), "ris", _R, text=True),
        Format("bibtex", ("application/x-bibtex", "text/x-bibtex"), "bib", _R, ("bib",), text=True),
        Format(
            "csljson",
            ("application/vnd.citationstyles.csl+json", "application/json"),
            "json",
            _R,
            ("csl-json", "csl"),
        ),
        # a review's coding for NVivo, ATLAS.ti, MAXQDA, QualCoder (ingest.refiqda); REFI-QDA
        # registers no media types: a project is a zip, a codebook XML
        Format("qdpx", ("application/zip",), "qdpx", _Q),
        Format("qdc", ("application/xml", "text/xml"), "qdc", _Q, text=True),
        # for people
        Format("html", ("text/html",), "html", _P, text=True),
        Format("svg", ("image/svg+xml",), "svg", _P),
        Format("png", ("image/png",), "png", _P),
    )
}


class UnknownFormatError(SpkgError, ValueError):
    """A format name that is not in the table, or not among the formats asked about."""

    def __init__(self, fmt: str, offered: Iterable[str]) -> None:
        self.fmt = fmt
        self.offered = tuple(offered)
        super().__init__(f"unknown format {fmt!r}; one of {', '.join(self.offered)}")


def format_named(name: str, among: Iterable[str] | None = None) -> Format:
    """The format called `name` (its name first, then an alias), among `among` names if given.

    Names win over aliases, so `json` is SPARQL results JSON unless only JSON-LD is offered.
    UnknownFormatError otherwise.
    """
    names = tuple(among) if among is not None else tuple(FORMATS)
    candidates = [FORMATS[n] for n in names]
    value = name.lower()
    for fmt in candidates:
        if value == fmt.name:
            return fmt
    for fmt in candidates:
        if value in fmt.aliases:
            return fmt
    raise UnknownFormatError(name, names)


def format_of_media_type(content_type: str, among: Iterable[str]) -> Format | None:
    """The format among `among` names that a Content-Type value (parameters ignored) names."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    return next((FORMATS[n] for n in among if media_type in FORMATS[n].media_types), None)


def rdf_format(name: str) -> ox.RdfFormat:
    """pyoxigraph's syntax for the RDF format called `name`; UnknownFormatError otherwise."""
    fmt = FORMATS.get(name)
    if fmt is None or fmt.rdf is None:
        raise UnknownFormatError(name, [n for n, f in FORMATS.items() if f.rdf is not None])
    return fmt.rdf


def results_format(name: str) -> ox.QueryResultsFormat:
    """pyoxigraph's syntax for the results format called `name`; UnknownFormatError otherwise."""
    fmt = FORMATS.get(name)
    if fmt is None or fmt.results is None:
        raise UnknownFormatError(name, [n for n, f in FORMATS.items() if f.results is not None])
    return fmt.results
