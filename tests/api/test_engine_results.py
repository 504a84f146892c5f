"""The row cap counts the rows pyoxigraph's own serialisers write, chunk by chunk, exactly.

Values are drawn to look like the marks the counter reads (quotes, escapes, braces, commas, line
ends, `<result>`), and the serialised text is fed in chunks of every size down to one byte.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.engine.results import CappedOutput, RowLimitExceededError, serialize_solutions
from ingest.formats import results_format

FORMATS = ("json", "xml", "csv", "tsv")
TRICKY = ['"', "\\", ",", "{", "}", "[", "]", "\n", "\r", "\t", "<result>", ',{"', '""', "é", "a"]
EX = "http://example.org/"
QUERY = f"SELECT ?s ?o ?b WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}q> ?b }} }}"

values = st.lists(st.sampled_from(TRICKY), max_size=12).map("".join)


def _store(texts: list[str]) -> ox.Store:
    store = ox.Store()
    p, q = ox.NamedNode("http://example.org/p"), ox.NamedNode("http://example.org/q")
    for i, text in enumerate(texts):
        s = ox.NamedNode(f"http://example.org/s{i}")
        literal = ox.Literal(text, language="en") if i % 3 == 0 else ox.Literal(text)
        store.add(ox.Quad(s, p, literal, ox.DefaultGraph()))
        if i % 4 == 0:
            store.add(ox.Quad(s, q, ox.BlankNode(), ox.DefaultGraph()))
    return store


def _serialised(store: ox.Store, fmt: str) -> bytes:
    return store.query(QUERY).serialize(format=results_format(fmt)) or b""


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(values, max_size=25), chunk=st.sampled_from([1, 2, 3, 5, 8, 64, 8192]))
def test_rows_are_counted_exactly_in_every_format(texts: list[str], chunk: int) -> None:
    store = _store(texts)
    for fmt in FORMATS:
        data = _serialised(store, fmt)
        output = CappedOutput(fmt, limit=10**9)
        for start in range(0, len(data), chunk):
            output.write(data[start : start + chunk])
        assert output.rows == len(texts), (fmt, chunk)
        assert output.value() == data


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_result_past_the_cap_is_refused_and_one_at_it_is_not(fmt: str) -> None:
    store = _store([f'row {i} "quoted", {{brace}}\n' for i in range(300)])
    assert serialize_solutions(store.query(QUERY), fmt, 300) == _serialised(store, fmt)
    with pytest.raises(RowLimitExceededError) as refused:
        serialize_solutions(store.query(QUERY), fmt, 299)
    assert refused.value.limit == 299


def test_rows_without_bindings_count() -> None:
    store = ox.Store()
    query = "SELECT ?x WHERE { VALUES ?x { UNDEF UNDEF UNDEF } }"
    for fmt in FORMATS:
        assert serialize_solutions(store.query(query), fmt, 3)
        with pytest.raises(RowLimitExceededError):
            serialize_solutions(store.query(query), fmt, 2)


def test_the_cap_stops_the_serialiser_early() -> None:
    """A huge result is never written whole: the counter stops pyoxigraph at the cap."""
    store = _store(["x" * 100] * 20_000)
    output = CappedOutput("json", limit=10)
    with pytest.raises(RowLimitExceededError):
        store.query(QUERY).serialize(output, format=results_format("json"))
    assert len(output.value()) < 64 * 1024


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        CappedOutput("turtle", 10)
