"""Each benchmark script runs at a tiny size and writes the figures it promises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import bench_http, bench_ingest, bench_queries, bench_replace
from bench.summarise import BEGIN, END, update_results_md


def _figures(out: Path, name: str) -> dict:
    doc = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    assert doc["benchmark"] == name
    assert doc["machine"]["cores"] >= 1
    assert doc["versions"]["pyoxigraph"]
    return doc["figures"]


def test_ingest_times_every_stage_and_counts_triples(tmp_path: Path) -> None:
    args = ["--sizes", "1", "--classify-sample", "0", "--shipped-sizes"]
    args += ["--end-to-end-max", "0", "--work", str(tmp_path / "w"), "--out", str(tmp_path)]
    assert bench_ingest.main(args) == 0
    (run,) = _figures(tmp_path, "ingest")["runs"]
    assert "error" not in run, run
    assert run["reviews"] == 1
    assert set(run["stage_s"]) == {"read", "map", "validate", "classify", "load"}
    assert run["classified_reviews"] == 0
    assert run["store_triples"] >= run["triples_written"] > 1000
    assert run["peak_rss_mb"] > 0


def test_replace_compares_each_store_size_with_the_empty_one(tmp_path: Path) -> None:
    args = ["--sizes", "0", "2", "--runs", "2", "--no-classify"]
    args += ["--work", str(tmp_path / "w"), "--out", str(tmp_path)]
    assert bench_replace.main(args) == 0
    runs = _figures(tmp_path, "replace")["runs"]
    assert [r["store_reviews"] for r in runs] == [0, 2]
    assert runs[0]["vs_empty"] == 1.0
    assert runs[1]["store_quads"] > runs[0]["store_quads"]
    assert runs[1]["replace_s"]["n"] == 2


def test_queries_times_every_named_query_and_rest_route(tmp_path: Path) -> None:
    args = ["--sizes", "1", "--budget", "0.01", "--work", str(tmp_path / "w")]
    assert bench_queries.main([*args, "--out", str(tmp_path)]) == 0
    (run,) = _figures(tmp_path, "queries")["runs"]
    names = {q["query"] for q in run["queries"]}
    shipped = {p.stem for p in bench_queries.QUERIES.glob("*.rq")}
    assert names == shipped
    assert not [q for q in run["queries"] if "error" in q]
    studies = next(r for r in run["routes"] if r["route"].startswith("/api/studies?review="))
    assert studies["status"] == 200


@pytest.mark.slow  # four servers started and loaded: 40 s; `make test-all` runs it
@pytest.mark.timeout(240)
def test_http_loads_spkg_and_its_peers_with_the_same_requests(tmp_path: Path) -> None:
    args = ["--sizes", "1", "--duration", "1", "--work", str(tmp_path / "w")]
    assert bench_http.main([*args, "--out", str(tmp_path)]) == 0
    (run,) = _figures(tmp_path, "http")["runs"]
    assert set(run["servers"]) == {"spkg", "oxigraph", "native-front", "rdflib-endpoint"}
    for server in ("oxigraph", "rdflib-endpoint"):
        assert run["servers"][server]["cheap"]["errors"] == 0
        assert run["servers"][server]["cheap"]["requests"] > 0
    assert run["servers"]["spkg"]["rest-studies"]["requests"] > 0
    assert run["ratios"]["spkg/oxigraph cheap"] is not None


def test_summary_rewrites_only_the_figures_section(tmp_path: Path) -> None:
    md = tmp_path / "RESULTS.md"
    md.write_text(f"# Notes kept\n\n{BEGIN}\nold figures\n{END}\n\n## Profile kept\n")
    update_results_md(md)
    text = md.read_text()
    assert text.startswith("# Notes kept")
    assert text.rstrip().endswith("## Profile kept")
    assert "old figures" not in text
    assert "### 1. Ingest" in text
