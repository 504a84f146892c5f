"""Dumps of the store: which formats, their prefixes, and the one streaming writer.

Both backends hand their quads to `write_dump`, which writes while it reads (pyoxigraph's
streaming serialisers), so memory stays flat however big the store. The formats are rows of
`ingest.formats.FORMATS`: N-Quads and TriG keep the named graphs; Turtle and N-Triples give
their union.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any, BinaryIO

import pyoxigraph as ox

from ingest.formats import Format, format_named
from ingest.namespaces import PREFIXES, base_iri

__all__ = ["DUMP_FORMATS", "dump_format", "dump_prefixes", "write_dump"]

logger = logging.getLogger(__name__)

# The formats a store dumps, by their names in the format table (aliases such as `nq` work).
DUMP_FORMATS = ("nquads", "trig", "turtle", "ntriples")


def dump_prefixes(base: str | None = None) -> dict[str, str]:
    """Prefixes for Turtle and TriG output: the shared ones plus spkg's own."""
    root = base or base_iri()
    return {**PREFIXES, "spkg": f"{root}ontology#", "spkgid": f"{root}id/"}


def dump_format(fmt: str) -> Format:
    """The dump format `fmt` names; UnknownFormatError (a ValueError) before any reading."""
    return format_named(fmt, DUMP_FORMATS)


def write_dump(quads: Iterable[ox.Quad], fmt: str, out: BinaryIO) -> None:
    """Serialise `quads` into `out` as `fmt`, dropping the graph names for triple formats."""
    chosen = dump_format(fmt)
    data: Iterable[Any] = quads if chosen.keeps_graphs else (quad.triple for quad in quads)
    if chosen.rdf is None:  # not reached: every dump format is an RDF format
        raise ValueError(f"{chosen.name} is not an RDF format")
    prefixes = dump_prefixes() if chosen.prefixed else None
    ox.serialize(data, out, chosen.rdf, prefixes=prefixes)
