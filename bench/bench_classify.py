"""The cost of typing one review: the compiled rules, HermiT, and SPARQL updates on pyoxigraph.

For the seed review and n synthetic reviews, each review's reasoned triples are typed three
ways, side by side in one run:

- `rules`: `ingest.rules` (what `spkg ingest` runs), best of 3, CPU and wall seconds;
- `hermit`: `ingest.reasoning.all_types`, HermiT in a JVM per review (the first
  `--hermit-sample` reviews only: seconds each), wall seconds;
- `sparql`: a lower bound of the same rules written as SPARQL updates on an in-memory
  pyoxigraph store: the review and the compiled tables (superclasses, named domains and
  ranges, disjoint classes) loaded, then three rounds of the closure, domain, range and seven
  definition-shaped updates, two consistency ASKs, and the types read back. It derives less
  than the rules (no unions, merges or explanations), so it only bounds that choice from below.

    python -m bench.bench_classify --reviews 10 --hermit-sample 3
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef

from bench.generate import generate
from bench.report import write_results
from ingest import reasoning
from ingest.hermit import is_reasoned
from ingest.pipeline import Resources, load_resources, load_rules, prepare_review
from ingest.rules import Classifier
from ingest.rules.expressions import Named

__all__ = ["main", "measure_review"]

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SPKG = "https://w3id.org/spkg/ontology#"
_ANCESTOR, _DOMAIN, _RANGE, _DISJOINT = (f"urn:spkg:bench:{n}" for n in ("a", "d", "r", "x"))
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_UPDATES = [
    f"INSERT {{ ?x a ?d }} WHERE {{ ?x ?p ?y . ?p <{_DOMAIN}> ?d }}",
    f"INSERT {{ ?y a ?r }} WHERE {{ ?x ?p ?y . ?p <{_RANGE}> ?r }}",
    f"INSERT {{ ?x a ?a }} WHERE {{ ?x a ?c . ?c <{_ANCESTOR}> ?a }}",
] + [
    f"INSERT {{ ?x a <{SPKG}GreyLiteratureRecord> }} WHERE "
    f"{{ ?x a <{SPKG}Record> ; <{SPKG}peerReviewed> false }}"
] * 7
_CHECKS = [
    f"ASK {{ ?x a ?a , ?b . ?a <{_DISJOINT}> ?b }}",
    "ASK { ?x ?p ?v , ?w . ?p a <http://www.w3.org/2002/07/owl#FunctionalProperty> "
    "FILTER(?v != ?w) }",
]


def _tables(rules: Classifier) -> list[ox.Quad]:
    """The compiled rules' named tables as quads, for the SPARQL variant."""
    quads = []

    def add(s: str, p: str, o: str) -> None:
        quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)))

    compiled = rules.rules
    for cls, ancestors in compiled.ancestors.items():
        for a in ancestors:
            add(cls, _ANCESTOR, a)
    for table, link in ((compiled.domains, _DOMAIN), (compiled.ranges, _RANGE)):
        for prop, exprs in table.items():
            for e in exprs:
                if isinstance(e, Named):
                    add(prop, link, e.iri)
    for cls, others in compiled.disjoint.items():
        for other in others:
            add(cls, _DISJOINT, other)
    return quads


def _term(t: Any) -> Any:
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))


def _sparql(tables: list[ox.Quad], triples: list[tuple]) -> int:
    store = ox.Store()
    store.extend(tables)
    store.extend([ox.Quad(_term(s), _term(p), _term(o)) for s, p, o in triples])
    for _ in range(3):
        for update in _UPDATES:
            store.update(update)
    for check in _CHECKS:
        store.query(check)
    return sum(1 for _ in store.quads_for_pattern(None, _TYPE, None))


def _best(run: Callable[[], object], times: int = 3) -> tuple[float, float]:
    """Best CPU and wall seconds of `times` runs."""
    cpu, wall = [], []
    for _ in range(times):
        c, w = time.process_time(), time.perf_counter()
        run()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return min(cpu), min(wall)


def measure_review(folder: Path, res: Resources, rules: Classifier, hermit: bool) -> dict[str, Any]:
    """The three ways of typing one review, timed."""
    mapped = prepare_review(folder, res).mapped
    triples = [*mapped.reported, *mapped.supplementary]
    reasoned = [t for t in triples if is_reasoned(t, rules.logical)]
    tables = _tables(rules)
    row: dict[str, Any] = {"review": folder.name, "triples": len(triples)}
    row["reasoned_triples"] = len(reasoned)
    cpu, wall = _best(lambda: rules.inferred(triples))
    row |= {"rules_cpu_ms": round(cpu * 1000, 1), "rules_wall_ms": round(wall * 1000, 1)}
    row["inferred"] = len(rules.inferred(triples))
    cpu, wall = _best(lambda: _sparql(tables, reasoned))
    row |= {"sparql_cpu_ms": round(cpu * 1000, 1), "sparql_wall_ms": round(wall * 1000, 1)}
    if hermit:
        data = Graph()
        for t in triples:
            data.add(t)
        started = time.perf_counter()
        theirs = reasoning.all_types(res.ontology, data)
        row["hermit_wall_ms"] = round((time.perf_counter() - started) * 1000, 1)
        row["same_types_as_hermit"] = theirs == rules.all_types(triples)
    return row


def _median(rows: list[dict], key: str) -> float | None:
    values = [r[key] for r in rows if key in r]
    return round(statistics.median(values), 1) if values else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.bench_classify")
    parser.add_argument("--reviews", type=int, default=10, help="synthetic reviews")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hermit-sample", type=int, default=3, help="reviews HermiT types")
    parser.add_argument("--work", type=Path, default=Path("/tmp/spkg-bench-classify"))
    parser.add_argument("--out", type=Path, default=None, help="results folder")
    args = parser.parse_args(argv)
    res = load_resources()
    rules = load_rules(res)
    folders = [ROOT / "data" / "liebmann-2022"]
    folders += generate(args.reviews, args.seed, args.work / f"reviews-s{args.seed}")
    rows = []
    for i, folder in enumerate(folders):
        rows.append(measure_review(folder, res, rules, hermit=i < args.hermit_sample))
        logger.info("%s", rows[-1])
    synthetic = rows[1:]
    summary = {
        key: _median(synthetic, key)
        for key in ("rules_cpu_ms", "rules_wall_ms", "sparql_cpu_ms", "sparql_wall_ms")
    } | {"hermit_wall_ms": _median(rows, "hermit_wall_ms")}
    summary["all_same_as_hermit"] = all(r.get("same_types_as_hermit", True) for r in rows)
    figures = {"seed": args.seed, "reviews": rows, "median_synthetic": summary}
    write_results("classify", figures, args.out)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    raise SystemExit(main())
