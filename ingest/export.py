"""Export the store, or some of its graphs, as Turtle, N-Triples, N-Quads, TriG or JSON-LD.

The store's own dump writes the line and Turtle formats while it reads (pyoxigraph's streaming
serialisers), so memory stays flat however big the store. JSON-LD is written here from the
N-Quads stream as flattened JSON-LD, one node object per subject run, with spkg's prefixes as
its context. (rdflib's JSON-LD writer was not used: rdflib 7.6 silently drops blank nodes that
are referenced only from other blank nodes in a cycle, e.g. `_:a :p _:a`; pyoxigraph's writes
no context.) N-Quads, TriG and JSON-LD keep the named graphs; Turtle and N-Triples give the
union.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO

import pyoxigraph as ox

from ingest.formats import FORMATS, Format, UnknownFormatError, format_named
from ingest.store import Store
from ingest.store.dumps import dump_prefixes
from ingest.store.terms import XSD_STRING as _XSD_STRING

__all__ = ["EXPORT_FORMATS", "UnknownFormatError", "export", "write_jsonld"]

logger = logging.getLogger(__name__)

# The formats `spkg export --format` writes, by their short names (their file extensions).
EXPORT_FORMATS: dict[str, Format] = {
    FORMATS[name].extension: FORMATS[name]
    for name in ("turtle", "ntriples", "nquads", "trig", "jsonld")
}


def export(store: Store, fmt: str, out: BinaryIO, graphs: Sequence[str] | None = None) -> None:
    """Write every named graph of `store` (or only `graphs`) to `out` in format `fmt`.

    `fmt` is a short name (`ttl`) or a format's name (`turtle`); UnknownFormatError otherwise.
    """
    try:
        spec = format_named(fmt, [f.name for f in EXPORT_FORMATS.values()])
    except UnknownFormatError:
        raise UnknownFormatError(fmt, EXPORT_FORMATS) from None
    if spec.name != "jsonld":
        store.dump(spec.extension, out, graphs)
        return
    # Spooled: small exports stay in memory, big ones go to a temporary file.
    with tempfile.SpooledTemporaryFile(max_size=16 * 2**20) as quads:
        store.dump(FORMATS["nquads"].extension, quads, graphs)  # type: ignore[arg-type]
        quads.seek(0)
        write_jsonld(ox.parse(quads, ox.RdfFormat.N_QUADS), out, dump_prefixes())


class _Compactor:
    """Shortens IRIs to `prefix:local` with the context's prefixes, where that is unambiguous."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        # Longest namespace first, so `spkgid:` wins over a shorter namespace it starts with.
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def __call__(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{prefix}:{local}"
        return iri


def _node_ref(term: Any, compact: _Compactor) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return compact(term.value)


def _value(term: Any, compact: _Compactor) -> dict[str, str]:
    if not isinstance(term, ox.Literal):
        return {"@id": _node_ref(term, compact)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": compact(term.datatype.value)}


def _node_runs(
    quads: Iterable[ox.Quad], compact: _Compactor
) -> Iterator[tuple[Any, dict[str, Any]]]:
    """(graph, node object) for each run of quads sharing graph and subject."""
    key: tuple[Any, Any] | None = None
    node: dict[str, Any] = {}
    for quad in quads:
        if (quad.graph_name, quad.subject) != key:
            if key is not None:
                yield key[0], node
            key = (quad.graph_name, quad.subject)
            node = {"@id": _node_ref(quad.subject, compact)}
        node.setdefault(compact(quad.predicate.value), []).append(_value(quad.object, compact))
    if key is not None:
        yield key[0], node


def write_jsonld(quads: Iterable[ox.Quad], out: BinaryIO, prefixes: dict[str, str]) -> None:
    """Flattened JSON-LD, streamed: a `@graph` object per named graph, a node per subject run.

    A subject split over two runs gives two node objects with the same `@id`, which JSON-LD
    processors merge, so the input need not be sorted. Default-graph nodes go at top level.
    """
    compact = _Compactor(prefixes)
    out.write(b'{"@context": ' + json.dumps(prefixes).encode() + b',\n "@graph": [')
    current: Any = None
    in_named = False  # inside a named graph's {"@id": ..., "@graph": [ ... ]}
    top_sep, node_sep = b"\n  ", b"\n    "
    for graph, node in _node_runs(quads, compact):
        if graph != current:
            if in_named:
                out.write(b"\n  ]}")
            current = graph
            in_named = not isinstance(graph, ox.DefaultGraph)
            if in_named:
                name = json.dumps(_node_ref(graph, compact)).encode()
                out.write(top_sep + b'{"@id": ' + name + b', "@graph": [')
                top_sep, node_sep = b",\n  ", b"\n    "
        if in_named:
            out.write(node_sep + json.dumps(node).encode())
            node_sep = b",\n    "
        else:
            out.write(top_sep + json.dumps(node).encode())
            top_sep = b",\n  "
    if in_named:
        out.write(b"\n  ]}")
    out.write(b"\n]}\n")
