"""The W3C SPARQL 1.0 and 1.1 query-evaluation tests, run through the HTTP endpoint.

Every data file is loaded once into one store, each into a named graph called by its file IRI;
each test then sets its own dataset with `default-graph-uri` / `named-graph-uri` (or, when the
query has FROM clauses, lets the query set it). The query goes over HTTP (POST form) with the
query file's IRI as BASE, and the answer is compared with the expected result: solutions as a
multiset (in order only under ORDER BY) equal up to blank-node renaming, booleans by value,
graphs by isomorphism.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import httpx
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from api.engine.guard import scan_query
from ingest.store.results import parse_json_results
from tests.conformance.harness import CONFORMANCE, SUITE

__all__ = ["EMPTY_GRAPH", "EvalTest", "Outcome", "collect_tests", "data_files", "run_test"]

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
EMPTY_GRAPH = "urn:spkg:conformance:empty"
SKIPPED_DIRS = ("sparql11/entailment/", "sparql11/service/")
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_FROM = re.compile(r"FROM\s+(?:NAMED\s+)?<([^>]*)>", re.IGNORECASE)

Row = dict[str, Node]


@dataclass(frozen=True)
class EvalTest:
    """One QueryEvaluationTest with its files as local paths."""

    iri: str
    manifest: str
    name: str
    query: Path
    result: Path
    data: tuple[Path, ...] = ()
    graph_data: tuple[Path, ...] = ()


@dataclass
class Outcome:
    """Whether a test passed, and why not."""

    test: EvalTest
    passed: bool
    reason: str = ""
    details: list[str] = field(default_factory=list)


def _path(node: Node) -> Path:
    return Path(unquote(urlparse(str(node)).path))


def iri_of(path: Path) -> str:
    """The file IRI a data file's graph is named by."""
    return path.resolve().as_uri()


def collect_tests() -> list[EvalTest]:
    """The 515 evaluation tests of the suggested subset, in the index's order."""
    rows = [
        line.split("\t")
        for line in (CONFORMANCE / "derived" / "tests-index.tsv").read_text().splitlines()[1:]
    ]
    wanted = [
        row
        for row in rows
        if row[2] == "QueryEvaluationTest" and not row[0].startswith(SKIPPED_DIRS)
    ]
    graphs: dict[str, Graph] = {}
    tests = []
    for manifest, iri, _type, _approval, name in wanted:
        if manifest not in graphs:
            graphs[manifest] = Graph().parse(SUITE / manifest, format="turtle")
        graph = graphs[manifest]
        node = URIRef(iri)
        action = graph.value(node, MF.action)
        tests.append(
            EvalTest(
                iri=iri,
                manifest=manifest,
                name=name,
                query=_path(graph.value(action, QT.query)),
                result=_path(graph.value(node, MF.result)),
                data=tuple(_path(d) for d in graph.objects(action, QT.data)),
                graph_data=tuple(_path(d) for d in graph.objects(action, QT.graphData)),
            )
        )
    return tests


def _from_files(test: EvalTest) -> list[Path]:
    text = test.query.read_text(encoding="utf-8")
    base = iri_of(test.query)
    found = [_path(urljoin(base, ref)) for ref in _FROM.findall(text)]
    return [p for p in found if p.exists()]


def data_files(tests: list[EvalTest]) -> list[Path]:
    """Every file any test reads as data, once."""
    seen: dict[Path, None] = {}
    for test in tests:
        for path in (*test.data, *test.graph_data, *_from_files(test)):
            seen.setdefault(path.resolve(), None)
    return list(seen)


def _norm(term: Node) -> Node:
    if isinstance(term, Literal):
        if term.language:
            return Literal(str(term), lang=term.language.lower())
        if term.datatype == XSD.string:
            return Literal(str(term))
    return term


def _unify(actual: Row, expected: Row, mapping: dict[Node, Node]) -> dict[Node, Node] | None:
    if actual.keys() != expected.keys():
        return None
    mapping = dict(mapping)
    for key, a in actual.items():
        e = expected[key]
        if isinstance(a, BNode) and isinstance(e, BNode):
            if mapping.get(a, e) != e or (a not in mapping and e in mapping.values()):
                return None
            mapping[a] = e
        elif a != e:
            return None
    return mapping


def _has_bnode(row: Row) -> bool:
    return any(isinstance(v, BNode) for v in row.values())


def _key(row: Row) -> frozenset[tuple[str, Node]]:
    return frozenset((k, BNode("_") if isinstance(v, BNode) else v) for k, v in row.items())


def solutions_equal(actual: list[Row], expected: list[Row], ordered: bool) -> bool:
    """Multiset (or, when `ordered`, sequence) equality up to a blank-node bijection."""
    actual = [{k: _norm(v) for k, v in r.items()} for r in actual]
    expected = [{k: _norm(v) for k, v in r.items()} for r in expected]
    if len(actual) != len(expected):
        return False
    if Counter(map(_key, actual)) != Counter(map(_key, expected)):
        return False
    if ordered and [_key(r) for r in actual] != [_key(r) for r in expected]:
        return False
    todo_a = [r for r in actual if _has_bnode(r)] if not ordered else actual
    todo_e = [r for r in expected if _has_bnode(r)] if not ordered else expected
    if len(todo_a) > 400:
        return True  # the keys matched; a full bijection search would be too slow

    def solve(i: int, used: frozenset[int], mapping: dict[Node, Node]) -> bool:
        if i == len(todo_a):
            return True
        candidates = [i] if ordered else range(len(todo_e))
        for j in candidates:
            if j in used:
                continue
            unified = _unify(todo_a[i], todo_e[j], mapping)
            if unified is not None and solve(i + 1, used | {j}, unified):
                return True
        return False

    return solve(0, frozenset(), {})


def _rs_rows(graph: Graph) -> tuple[list[Row] | bool, bool]:
    """A DAWG result set written in RDF → rows (or a boolean), and whether it is indexed."""
    result_set = graph.value(None, RDF.type, RS.ResultSet)
    boolean = graph.value(result_set, RS.boolean)
    if boolean is not None:
        return bool(boolean.toPython()), False
    rows: list[tuple[int, Row]] = []
    for solution in graph.objects(result_set, RS.solution):
        row = {
            str(graph.value(b, RS.variable)): graph.value(b, RS.value)
            for b in graph.objects(solution, RS.binding)
        }
        index = graph.value(solution, RS["index"])
        rows.append((int(index) if index is not None else 0, row))
    indexed = any(i for i, _ in rows)
    return [r for _, r in sorted(rows, key=lambda x: x[0])], indexed


def expected_of(test: EvalTest) -> tuple[str, object, bool]:
    """('solutions', rows, indexed) | ('boolean', bool, False) | ('graph', Graph, False)."""
    suffix = test.result.suffix
    if suffix in (".srx", ".srj", ".tsv", ".csv"):
        fmt = {".srx": "xml", ".srj": "json", ".tsv": "tsv", ".csv": "csv"}[suffix]
        with test.result.open("rb") as handle:
            result = Result.parse(handle, format=fmt)
        if result.type == "ASK":
            return "boolean", bool(result.askAnswer), False
        rows = [{str(k): v for k, v in b.items() if v is not None} for b in result.bindings]
        return "solutions", rows, False
    graph = Graph().parse(
        test.result, format="xml" if suffix == ".rdf" else "turtle", publicID=iri_of(test.result)
    )
    if (None, RDF.type, RS.ResultSet) in graph:
        rows_or_bool, indexed = _rs_rows(graph)
        kind = "boolean" if isinstance(rows_or_bool, bool) else "solutions"
        return kind, rows_or_bool, indexed
    return "graph", graph, False


def _show(key: frozenset[tuple[str, Node]]) -> str:
    return "{" + ", ".join(f"{k}={v.n3()}" for k, v in sorted(key, key=lambda kv: kv[0])) + "}"


def _first_difference(actual: list[Row], expected: list[Row]) -> str:
    got = Counter(_key({k: _norm(v) for k, v in r.items()}) for r in actual)
    want = Counter(_key({k: _norm(v) for k, v in r.items()}) for r in expected)
    extra, missing = list(got - want), list(want - got)
    parts = []
    if missing:
        parts.append(f"missing {_show(missing[0])}")
    if extra:
        parts.append(f"unexpected {_show(extra[0])}")
    return ("; " + "; ".join(parts))[:300] if parts else ""


def _csv_row(row: Row) -> Row:
    return {k: Literal(f"_:{v}" if isinstance(v, BNode) else str(v)) for k, v in row.items()}


async def run_test(client: httpx.AsyncClient, test: EvalTest) -> Outcome:
    """Send the test's query to the endpoint and compare the answer with the expected result."""
    text = test.query.read_text(encoding="utf-8")
    query = f"BASE <{iri_of(test.query)}>\n{text}"
    form: dict[str, str | list[str]] = {"query": query}
    if not scan_query(text).has_from:
        form["default-graph-uri"] = [iri_of(p) for p in test.data] or [EMPTY_GRAPH]
        form["named-graph-uri"] = [iri_of(p) for p in test.graph_data]
    try:
        kind, expected, indexed = expected_of(test)
    except Exception as error:  # a result file rdflib cannot read is the harness's limit
        return Outcome(test, False, f"expected result unreadable by rdflib: {error}")
    response = await client.post(
        "/sparql", data=dict(form) if len(form) == 1 else form, headers={"Accept": ACCEPT}
    )
    if response.status_code != 200:
        detail = response.json().get("detail", "") if response.content else ""
        return Outcome(test, False, f"HTTP {response.status_code}: {str(detail)[:200]}")
    content_type = response.headers["content-type"].split(";")[0]
    if kind == "graph":
        if content_type != "application/n-triples":
            return Outcome(test, False, f"expected a graph, got {content_type}")
        actual = Graph().parse(data=response.text, format="nt")
        ok = isomorphic(actual, expected)  # type: ignore[arg-type]
        return Outcome(test, ok, "" if ok else "graph not isomorphic to the expected one")
    answer = parse_json_results(response.content)
    if kind == "boolean":
        ok = answer is expected
        return Outcome(test, ok, "" if ok else f"boolean {answer}, expected {expected}")
    if isinstance(answer, bool):
        return Outcome(test, False, "boolean answer where solutions were expected")
    if test.result.suffix == ".csv":
        answer = [_csv_row(r) for r in answer]
        expected = [_csv_row(r) for r in expected]  # type: ignore[union-attr]
    ordered = indexed or bool(re.search(r"ORDER\s+BY", text, re.IGNORECASE))
    ok = solutions_equal(answer, expected, ordered)  # type: ignore[arg-type]
    if ok:
        return Outcome(test, True)
    reason = f"solutions differ: {len(answer)} rows, expected {len(expected)}"  # type: ignore[arg-type]
    reason += _first_difference(answer, expected)  # type: ignore[arg-type]
    if ordered and solutions_equal(answer, expected, False):  # type: ignore[arg-type]
        reason = "same solutions in a different order"
    return Outcome(test, False, reason)


def write_results(outcomes: list[Outcome], path: Path) -> tuple[int, int]:
    """The TSV of every test (status and reason); returns (passed, total)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    passed = sum(o.passed for o in outcomes)
    writer.writerow(["# passed", f"{passed} of {len(outcomes)}"])
    writer.writerow(["test_iri", "manifest", "name", "status", "reason"])
    for o in outcomes:
        reason = o.reason.replace("\t", " ").replace("\n", " ")
        status = "pass" if o.passed else "FAIL"
        writer.writerow([o.test.iri, o.test.manifest, o.test.name, status, reason])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return passed, len(outcomes)
