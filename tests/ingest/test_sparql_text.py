"""Inlined bindings open the WHERE group, so FILTERs in the group see them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ingest.store.sparql_text import inline_values

DATA = '<http://x/a> <http://x/label> "Alpha" .\n<http://x/b> <http://x/label> "Beta" .\n'


def _select(query: str) -> list[str]:
    store = ox.Store()
    store.load(DATA.encode(), ox.RdfFormat.N_TRIPLES)
    return sorted(str(row["s"]) for row in store.query(query))


def test_a_filter_on_a_bound_variable_outside_any_pattern_filters() -> None:
    query = "SELECT ?s ?q WHERE { ?s <http://x/label> ?l FILTER(CONTAINS(LCASE(?l), LCASE(?q))) }"
    assert _select(inline_values(query, {"q": '"alp"'})) == ["<http://x/a>"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "SELECT * WHERE { ?s ?p ?o }",
            "SELECT * WHERE { VALUES (?s) { (<http://x/a>) }  ?s ?p ?o }",
        ),
        ("ASK { ?s ?p ?o }", "ASK { VALUES (?s) { (<http://x/a>) }  ?s ?p ?o }"),
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
            "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<http://x/a>) }  ?s ?p ?o }",
        ),
        (
            'PREFIX w: <http://x/WHERE> SELECT * # WHERE {\n WHERE { ?s w:p "WHERE {" }',
            "PREFIX w: <http://x/WHERE> SELECT * # WHERE {\n WHERE { VALUES (?s) { (<http://x/a>) }"
            '  ?s w:p "WHERE {" }',
        ),
        ("DESCRIBE ?s", "DESCRIBE ?s\n VALUES (?s) { (<http://x/a>) } "),
        (
            "CONSTRUCT # short form\n WHERE { ?s ?p ?o }",
            "CONSTRUCT # short form\n WHERE { ?s ?p ?o }\n VALUES (?s) { (<http://x/a>) } ",
        ),
    ],
)
def test_the_block_goes_where_the_grammar_allows_it(query: str, expected: str) -> None:
    assert inline_values(query, {"s": "<http://x/a>"}) == expected


def test_no_bindings_leaves_the_query_alone() -> None:
    assert inline_values("SELECT * {}", {}) == "SELECT * {}"
