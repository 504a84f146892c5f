"""Media types and result formats, as data, and choosing one from an Accept header.

Format names (json, xml, csv, tsv for solutions and booleans; turtle, ntriples, jsonld, rdfxml
for graphs) are what the query engine and its workers speak; media types are what HTTP speaks.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import mimeparse

__all__ = [
    "DEFAULT_GRAPH_FORMAT",
    "DEFAULT_SOLUTIONS_FORMAT",
    "FORMAT_MEDIA_TYPES",
    "GRAPH_MEDIA_TYPES",
    "SOLUTIONS_MEDIA_TYPES",
    "choose_format",
    "format_of_media_type",
    "media_type_of",
]

logger = logging.getLogger(__name__)

# Media type → format name for SELECT and ASK results (first = the canonical type of the format).
SOLUTIONS_MEDIA_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
# Media type → format name for CONSTRUCT and DESCRIBE results.
GRAPH_MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    "application/json": "jsonld",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
FORMAT_MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# Sent when the client states no preference (`*/*` or no Accept): what most clients read.
DEFAULT_SOLUTIONS_FORMAT = "json"
DEFAULT_GRAPH_FORMAT = "turtle"


def choose_format(accept: str | None, table: dict[str, str], default: str) -> str | None:
    """The format in `table` the client prefers (q-values honoured), `default` on ties with */*.

    Returns None when Accept names only media types this table cannot serve. Clients send the
    same few Accept values again and again, so answers are cached per (value, table).
    """
    if not accept or not accept.strip():
        return default
    if len(accept) > 512:  # not worth caching, nor keeping
        return _choose(accept, tuple(table.items()), default)
    return _choose_cached(accept, tuple(table.items()), default)


def _choose(accept: str, items: tuple[tuple[str, str], ...], default: str) -> str | None:
    table = dict(items)
    default_type = FORMAT_MEDIA_TYPES[default]
    # mimeparse prefers the later of equally good candidates: put the default last.
    candidates = [t for t in table if t != default_type] + [default_type]
    try:
        best = mimeparse.best_match(candidates, accept)
    except (ValueError, mimeparse.MimeTypeParseException):
        logger.debug("unparseable Accept header %r", accept)
        return default
    return table[best] if best else None


_choose_cached = lru_cache(maxsize=256)(_choose)


def media_type_of(fmt: str) -> str:
    """The canonical media type of a format name."""
    return FORMAT_MEDIA_TYPES[fmt]


def format_of_media_type(media_type: str, table: dict[str, str]) -> str | None:
    """The format of a Content-Type value (parameters ignored), or None if not in `table`."""
    return table.get(media_type.split(";", 1)[0].strip().lower())
