"""SPARQL text the store writes itself, only ever from checked terms.

Binding values into a query for endpoints that have no parameter binding: SPARQL 1.1 Protocol
has no way to pass bound values, so a remote query carries them as an inline `VALUES` block. It
goes at the start of the outermost WHERE group rather than after the query: a trailing VALUES
joins after the group's FILTERs have run, so a filter on a bound variable that does not occur in
a triple pattern (a text search, an optional filter) would see it unbound. Each term is written
in its own N-Triples form by pyoxigraph after `check_bindings`.

The updates and counts both backends send are here too, so neither backend imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import Graph

from ingest.store.terms import Bindings, check_bindings, graph_iri, serialised_graphs

__all__ = [
    "GRAPH_NAMES_QUERY",
    "count_query",
    "inline_values",
    "quads_query",
    "replace_update",
    "with_bindings",
]

# Comments, strings and IRIs are skipped so a `WHERE` or `{` inside them is not mistaken for
# syntax; `WHERE` and `{` are the two tokens the insertion point depends on.
_TOKENS = re.compile(
    r"#[^\n]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|(?P<construct>\bCONSTRUCT\b)"
    r"|(?P<where>\bWHERE\b)"
    r"|(?P<brace>\{)",
    re.IGNORECASE,
)

# Every graph that holds at least one triple (an empty pattern matches each non-empty graph).
GRAPH_NAMES_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"


def _where_group_start(query: str) -> int | None:
    """Offset just after the `{` opening the outermost WHERE group, or None if there is none."""
    seen_where = False
    first_brace: int | None = None
    after_construct = False
    for match in _TOKENS.finditer(query):
        if match.group("construct"):
            after_construct = True
            continue
        if match.group("where"):
            if after_construct:  # `CONSTRUCT WHERE { … }`: its group is also the template
                return None
            seen_where = True
        elif match.group("brace"):
            if seen_where:
                return match.end()
            if first_brace is None:
                first_brace = match.end()
        if not match.group(0).startswith("#"):
            after_construct = False
    # Without the keyword (`SELECT * { … }`, `ASK { … }`) the first group is the WHERE group.
    return first_brace


def inline_values(query: str, terms: Mapping[str, str]) -> str:
    """`query` with `VALUES (?a ?b) { (t1 t2) }` opening its WHERE group (or appended).

    `terms` maps variable names to terms already checked and written in N-Triples form.
    """
    if not terms:
        return query
    names = " ".join(f"?{name}" for name in terms)
    block = f" VALUES ({names}) {{ ({' '.join(terms.values())}) }} "
    at = _where_group_start(query)
    if at is None:  # DESCRIBE <iri>, CONSTRUCT WHERE: a trailing VALUES clause is valid there
        return f"{query}\n{block}"
    return query[:at] + block + query[at:]


def with_bindings(query: str, bindings: Bindings) -> str:
    """The query with checked bindings inlined as a VALUES block opening its WHERE group.

    Raises BindingError for a binding `check_bindings` refuses.
    """
    checked = check_bindings(bindings)
    return inline_values(query, {name: str(term) for name, term in checked.items()})


def replace_update(graphs: Mapping[str, Graph]) -> str:
    """One SPARQL update that drops each given graph and inserts its new content.

    The data is N-Triples written by pyoxigraph's serialiser from validated terms, so it is
    valid SPARQL term syntax and never text taken from the input as it came.
    """
    drops: list[str] = []
    inserts: list[str] = []
    for _, iri, body in serialised_graphs(graphs):
        drops.append(f"DROP SILENT GRAPH {iri} ;\n")
        if body:
            inserts.append(f"GRAPH {iri} {{\n{body.decode('utf-8')}}}\n")
    if inserts:
        return "".join(drops) + "INSERT DATA {\n" + "".join(inserts) + "}\n"
    return "".join(drops).rstrip().rstrip(";")


def count_query(graph: str | None, exclude_prefix: str | None = None) -> str:
    """A COUNT over one graph (its IRI validated and serialised) or over all named graphs.

    Raises ValueError if `graph` is not an IRI.
    """
    if graph is not None:
        return f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph_iri(graph)} {{ ?s ?p ?o }} }}"
    keep = ""
    if exclude_prefix:
        keep = f" FILTER(!STRSTARTS(STR(?g), {ox.Literal(exclude_prefix)}))"
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}{keep} }}"


def quads_query(graphs: Iterable[str]) -> str:
    """Every quad of the given graphs in ONE query, so reading them is one snapshot."""
    listed = " ".join(str(graph_iri(name)) for name in graphs)
    return f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {listed} }} GRAPH ?g {{ ?s ?p ?o }} }}"
