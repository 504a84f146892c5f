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
from collections.abc import Iterable, Iterator, Mapping, Sequence

import pyoxigraph as ox

from ingest.store.engines import GRAPH_NAMES_QUERY
from ingest.store.terms import Bindings, SerialisedGraph, check_bindings, graph_iri

__all__ = [
    "GRAPH_NAMES_QUERY",
    "count_query",
    "inline_data_chunks",
    "inline_values",
    "logged_replace_update",
    "quads_query",
    "query_form",
    "replace_update",
    "with_bindings",
]

# Comments, strings and IRIs are skipped so a `WHERE` or `{` inside them is not mistaken for
# syntax; `WHERE` and `{` are the two tokens the insertion point depends on.
_SKIPPED = (
    r"#[^\n]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
)
_TOKENS = re.compile(
    _SKIPPED + r"|(?P<construct>\bCONSTRUCT\b)"
    r"|(?P<where>\bWHERE\b)"
    r"|(?P<brace>\{)",
    re.IGNORECASE,
)

# The query's form: its first keyword of the four, outside strings, IRIs and comments (the
# prologue before it holds only BASE, PREFIX and engine pragmas).
_FORM = re.compile(
    _SKIPPED + r"|(?<![\w:?$])(?P<form>SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:\-])",
    re.IGNORECASE,
)


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (upper-case), or None when the text names none."""
    for match in _FORM.finditer(query):
        if match.group("form"):
            return match.group("form").upper()
    return None


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


_BRACES = re.compile(_SKIPPED + r"|(?P<open>\{)|(?P<close>\})|(?P<cw>\bCONSTRUCT\s+WHERE\b)", re.I)


def _construct_where_expanded(query: str) -> str | None:
    """`CONSTRUCT WHERE { P }` written as `CONSTRUCT { P } WHERE { P }` (the same query, by the
    grammar's definition), or None for any other query. Its WHERE group can then open with a
    VALUES block, which engines take where a trailing VALUES after CONSTRUCT is refused
    (Virtuoso: "BINDINGS is not supported at top level for queries other than SELECT")."""
    keyword_end = opened = None
    for match in _BRACES.finditer(query):
        if match.group("cw") and keyword_end is None:
            keyword_end = match.end()
        elif keyword_end is None:
            continue
        elif match.group("open"):
            if opened is not None:
                return None  # a nested group: not the short form's basic pattern
            opened = match.end()
        elif match.group("close") and opened is not None:
            pattern = query[opened : match.start()]
            head = query[: keyword_end - len("WHERE")]
            return f"{head}{{{pattern}}} WHERE {{{pattern}}}{query[match.end() :]}"
    return None


def inline_values(query: str, terms: Mapping[str, str]) -> str:
    """`query` with `VALUES (?a ?b) { (t1 t2) }` opening its WHERE group (or appended).

    `terms` maps variable names to terms already checked and written in N-Triples form.
    """
    if not terms:
        return query
    names = " ".join(f"?{name}" for name in terms)
    block = f" VALUES ({names}) {{ ({' '.join(terms.values())}) }} "
    at = _where_group_start(query)
    if at is None:
        expanded = _construct_where_expanded(query)
        if expanded is not None:
            query, at = expanded, _where_group_start(expanded)
    if at is None:  # DESCRIBE <iri>: a trailing VALUES clause is valid there
        return f"{query}\n{block}"
    return query[:at] + block + query[at:]


def with_bindings(query: str, bindings: Bindings) -> str:
    """The query with checked bindings inlined as a VALUES block opening its WHERE group.

    Raises BindingError for a binding `check_bindings` refuses.
    """
    checked = check_bindings(bindings)
    return inline_values(query, {name: str(term) for name, term in checked.items()})


def replace_update(graphs: Iterable[SerialisedGraph]) -> str:
    """One SPARQL update that drops each given graph and inserts its new content.

    `graphs` as `serialised_graphs` (or `nquads.nquads_graphs`) gives them: the data is
    N-Triples written by pyoxigraph's serialiser from validated terms, so it is valid SPARQL
    term syntax and never text taken from the input as it came.
    """
    drops: list[str] = []
    inserts: list[str] = []
    for _, iri, body in graphs:
        drops.append(f"DROP SILENT GRAPH {iri} ;\n")
        if body:
            inserts.append(f"GRAPH {iri} {{\n{body.decode('utf-8')}}}\n")
    if inserts:
        return "".join(drops) + "INSERT DATA {\n" + "".join(inserts) + "}\n"
    return "".join(drops).rstrip().rstrip(";")


def count_query(
    graph: str | None, exclude_prefix: str | None = None, exclude_graphs: Iterable[str] = ()
) -> str:
    """A COUNT over one graph (its IRI validated and serialised) or over all named graphs but
    those under `exclude_prefix` and the `exclude_graphs` (an engine's own).

    Raises ValueError if `graph` is not an IRI.
    """
    if graph is not None:
        return f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph_iri(graph)} {{ ?s ?p ?o }} }}"
    tests = []
    if exclude_prefix:
        tests.append(f"!STRSTARTS(STR(?g), {ox.Literal(exclude_prefix)})")
    others = ", ".join(str(graph_iri(name)) for name in sorted(exclude_graphs))
    if others:
        tests.append(f"?g NOT IN ({others})")
    keep = f" FILTER({' && '.join(tests)})" if tests else ""
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}{keep} }}"


def quads_query(graphs: Iterable[str]) -> str:
    """Every quad of the given graphs in ONE query, so reading them is one snapshot."""
    listed = " ".join(str(graph_iri(name)) for name in graphs)
    return f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {listed} }} GRAPH ?g {{ ?s ?p ?o }} }}"


def logged_replace_update(pragma: str, moves: Sequence[tuple[str, str | None]]) -> str:
    """One update giving each target its staging graph's content (None: emptied), written as
    DELETE WHERE and INSERT … WHERE under `pragma`: the replace an engine whose DROP and MOVE
    commit in pieces keeps whole (Virtuoso's `DEFINE sql:log-enable 1`). No operation fails on
    a missing graph, so the request never stops half-way on one.
    """
    operations: list[str] = []
    for target, staging in moves:
        iri = graph_iri(target)
        operations.append(f"DELETE WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }}")
        if staging is not None:
            operations.append(
                f"INSERT {{ GRAPH {iri} {{ ?s ?p ?o }} }}"
                f" WHERE {{ GRAPH {graph_iri(staging)} {{ ?s ?p ?o }} }}"
            )
    return f"{pragma}\n" + " ;\n".join(operations)


def inline_data_chunks(graph: str, body: bytes, max_triples: int | None) -> Iterator[str]:
    """INSERT DATA updates adding the N-Triples `body` (one triple a line) to `graph`, at most
    `max_triples` triples each (all in one when None)."""
    iri = graph_iri(graph)
    lines = body.decode("utf-8").splitlines(keepends=True)
    step = max_triples or max(len(lines), 1)
    for start in range(0, len(lines), step):
        chunk = "".join(lines[start : start + step])
        yield f"INSERT DATA {{ GRAPH {iri} {{\n{chunk}}} }}"
