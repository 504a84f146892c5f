"""A throw-away Virtuoso answers what spkg's remote store relies on (run by `make test-virtuoso`).

Each test states one behaviour docs/engines.md records: queries, updates and Graph Store PUT on
the anonymous endpoints, the union default graph, Virtuoso's own graphs listed beside the data
(so a client must leave them out), and the quirks a client has to meet.
"""

from __future__ import annotations

import httpx
import pytest

from tests.engines.virtuoso import KNOWN_SYSTEM_GRAPHS, VirtuosoServer, empty_virtuoso_fixture

pytestmark = pytest.mark.virtuoso

# The session's server (tests/conftest.py), emptied before each test.
virtuoso = empty_virtuoso_fixture("virtuoso_session_server")

JSON = "application/sparql-results+json"
NT = "application/n-triples"
G1 = "https://w3id.org/spkg/graph/r1/reported"
G2 = "https://w3id.org/spkg/graph/r2/reported"
EX = "http://example.org/"


def select(server: VirtuosoServer, query: str, **params: str) -> list[dict[str, str]]:
    response = httpx.post(
        server.query_url, data={"query": query, **params}, headers={"Accept": JSON}, timeout=60
    )
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    return [{name: cell["value"] for name, cell in row.items()} for row in rows]


def update(server: VirtuosoServer, text: str) -> httpx.Response:
    return httpx.post(
        server.update_url,
        content=text.encode(),
        headers={"Content-Type": "application/sparql-update"},
        timeout=60,
    )


def put(server: VirtuosoServer, graph: str, ntriples: str) -> httpx.Response:
    return httpx.put(
        server.store_url,
        params={"graph": graph},
        content=ntriples.encode(),
        headers={"Content-Type": NT},
        timeout=60,
    )


def test_a_query_is_answered(virtuoso: VirtuosoServer) -> None:
    assert select(virtuoso, "SELECT (1 + 1 AS ?two) WHERE {}") == [{"two": "2"}]


def test_an_update_writes_a_named_graph(virtuoso: VirtuosoServer) -> None:
    response = update(virtuoso, f"INSERT DATA {{ GRAPH <{G1}> {{ <{EX}s> <{EX}p> 'x' }} }}")
    assert response.status_code == 200, response.text
    assert select(virtuoso, f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}") == [{"o": "x"}]


def test_graph_store_put_creates_then_replaces(virtuoso: VirtuosoServer) -> None:
    created = put(virtuoso, G1, f'<{EX}s> <{EX}p> "old" .\n<{EX}s> <{EX}q> "kept?" .\n')
    assert created.status_code == 201, created.text
    replaced = put(virtuoso, G1, f'<{EX}s> <{EX}p> "new" .\n')
    assert replaced.status_code == 200, replaced.text
    assert select(virtuoso, f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}") == [{"o": "new"}]


def test_graph_store_put_refuses_bad_ntriples_and_keeps_the_graph(
    virtuoso: VirtuosoServer,
) -> None:
    put(virtuoso, G1, f'<{EX}s> <{EX}p> "kept" .\n')
    refused = put(virtuoso, G1, f'<{EX}s> <{EX}p> "fine" .\n<{EX}has space> <{EX}p> "x" .\n')
    assert refused.status_code >= 400
    assert select(virtuoso, f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}") == [{"o": "kept"}]


def test_the_default_graph_is_the_union_of_all_graphs(virtuoso: VirtuosoServer) -> None:
    put(virtuoso, G1, f'<{EX}a> <{EX}p> "1" .\n')
    put(virtuoso, G2, f'<{EX}b> <{EX}p> "2" .\n')
    rows = select(virtuoso, f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s")
    assert rows == [{"s": f"{EX}a"}, {"s": f"{EX}b"}]
    narrowed = select(virtuoso, f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }}", **{"default-graph-uri": G2})
    assert narrowed == [{"s": f"{EX}b"}]


def test_system_graphs_are_listed_beside_the_data(virtuoso: VirtuosoServer) -> None:
    """Callers filter graphs by their own IRI space: Virtuoso's are always there."""
    put(virtuoso, G1, f'<{EX}a> <{EX}p> "1" .\n')
    rows = select(virtuoso, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    listed = {row["g"] for row in rows}
    assert G1 in listed
    assert "http://www.openlinksw.com/schemas/virtrdf#" in listed
    assert listed - {G1} == set(virtuoso.system_graphs)
    assert KNOWN_SYSTEM_GRAPHS & virtuoso.system_graphs


def test_private_system_graphs_leave_the_union_default_graph(virtuoso: VirtuosoServer) -> None:
    """The test server makes Virtuoso's graphs private: counts are the data's, GRAPH <g> works."""
    put(virtuoso, G1, f'<{EX}a> <{EX}p> "1" .\n<{EX}b> <{EX}p> "2" .\n')
    assert select(virtuoso, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [{"n": "2"}]
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert select(virtuoso, named) == [{"n": "2"}]
    one = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"
    assert select(virtuoso, one) == [{"n": "2"}]


def test_an_exclusion_pragma_breaks_graph_patterns(virtuoso: VirtuosoServer) -> None:
    """Why spkg does not exclude system graphs per query: `GRAPH <iri>` then finds nothing."""
    put(virtuoso, G1, f'<{EX}a> <{EX}p> "1" .\n')
    pragma = "DEFINE input:default-graph-exclude <http://www.w3.org/ns/ldp#> "
    query = f"SELECT ?s WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"
    assert select(virtuoso, query) == [{"s": f"{EX}a"}]
    assert select(virtuoso, pragma + query) == []


def test_an_empty_graph_pattern_does_not_list_graphs(virtuoso: VirtuosoServer) -> None:
    """`GRAPH ?g {}` gives one row with ?g unbound: list graphs with `{ ?s ?p ?o }`."""
    put(virtuoso, G1, f'<{EX}a> <{EX}p> "1" .\n')
    assert select(virtuoso, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }") == [{}]


def test_one_logged_delete_insert_replaces_a_graph(virtuoso: VirtuosoServer) -> None:
    """The replace docs/engines.md recommends on Virtuoso (DROP and MOVE commit in chunks)."""
    staging = "https://w3id.org/spkg/staging/r1/reported/0123"
    put(virtuoso, G1, f'<{EX}s> <{EX}p> "old" .\n')
    put(virtuoso, staging, f'<{EX}s> <{EX}p> "new" .\n')
    response = update(
        virtuoso,
        f"DEFINE sql:log-enable 1 DELETE WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }} ;\n"
        f"INSERT {{ GRAPH <{G1}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{staging}> {{ ?s ?p ?o }} }} ;\n"
        f"DROP SILENT GRAPH <{staging}>",
    )
    assert response.status_code == 200, response.text
    assert select(virtuoso, f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}") == [{"o": "new"}]
    assert staging not in virtuoso.graphs()


def test_a_failing_operation_does_not_undo_the_earlier_ones(virtuoso: VirtuosoServer) -> None:
    """One update request is not one transaction: an error keeps what ran before it."""
    put(virtuoso, G1, f'<{EX}s> <{EX}p> "old" .\n')
    response = update(virtuoso, f"DROP SILENT GRAPH <{G1}> ; DROP GRAPH <{EX}never-created>")
    assert response.status_code == 500
    assert G1 not in virtuoso.graphs()


def test_cut_results_say_so_only_in_a_header(tmp_path) -> None:
    """ResultSetMaxRows cuts a SELECT with 200 OK; only X-SPARQL-MaxRows tells."""
    with VirtuosoServer(tmp_path, max_rows=5) as server:
        lines = "".join(f'<{EX}s{i}> <{EX}p> "{i}" .\n' for i in range(8))
        put(server, G1, lines)
        response = httpx.post(
            server.query_url,
            data={"query": f"SELECT ?s WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"},
            headers={"Accept": JSON},
        )
        assert response.status_code == 200
        assert len(response.json()["results"]["bindings"]) == 5
        assert response.headers["X-SPARQL-MaxRows"] == "5"


def test_literals_come_back_canonical_and_blank_nodes_as_node_ids(
    virtuoso: VirtuosoServer,
) -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    put(
        virtuoso,
        G1,
        f'<{EX}s> <{EX}int> "007"^^<{xsd}integer> .\n'
        f'<{EX}s> <{EX}bool> "true"^^<{xsd}boolean> .\n'
        f'<{EX}s> <{EX}lang> "colour"@en-GB .\n'
        f"<{EX}s> <{EX}bnode> _:b .\n",
    )
    response = httpx.post(
        virtuoso.query_url,
        data={"query": f"SELECT ?p ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"},
        headers={"Accept": JSON},
    )
    cells = {row["p"]["value"]: row["o"] for row in response.json()["results"]["bindings"]}
    assert cells[f"{EX}int"] == {"type": "typed-literal", "datatype": f"{xsd}integer", "value": "7"}
    assert cells[f"{EX}bool"]["value"] == "1"
    assert cells[f"{EX}lang"]["xml:lang"] == "en-gb"
    assert cells[f"{EX}bnode"]["type"] == "bnode"
    assert cells[f"{EX}bnode"]["value"].startswith("nodeID://")
