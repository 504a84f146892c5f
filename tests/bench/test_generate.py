"""The synthetic review generator: valid input for the real reader, deterministic by seed."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate, main, review_id
from ingest.readers import read_review
from ingest.schema import FILES


def _digest(folder: Path) -> str:
    """One hash over every file's name and bytes under a folder."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*.csv")):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _column(folder: Path, file: str, column: str) -> list[str]:
    with (folder / file).open(newline="", encoding="utf-8") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def test_every_file_has_the_schema_header(tmp_path: Path) -> None:
    (folder,) = generate(1, seed=3, out=tmp_path)
    for schema in FILES:
        with (folder / schema.name).open(encoding="utf-8") as handle:
            assert handle.readline().rstrip("\n").split(",") == [c.name for c in schema.columns]


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    generate(3, seed=5, out=tmp_path / "a")
    generate(3, seed=5, out=tmp_path / "b")
    generate(3, seed=6, out=tmp_path / "c")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_a_smaller_run_is_a_prefix_of_a_larger_one(tmp_path: Path) -> None:
    generate(2, seed=1, out=tmp_path / "small")
    generate(4, seed=1, out=tmp_path / "large")
    for index in range(2):
        rid = review_id(1, index)
        assert _digest(tmp_path / "small" / rid) == _digest(tmp_path / "large" / rid)


def test_keys_and_dois_unique_per_review_and_some_dois_shared(tmp_path: Path) -> None:
    folders = generate(40, seed=2, out=tmp_path)
    ids = [_column(f, "review.csv", "review_id")[0] for f in folders]
    assert ids == [f.name for f in folders]
    assert len(set(ids)) == 40
    seen: dict[str, set[str]] = {}
    for folder in folders:
        dois = [d for d in _column(folder, "records.csv", "doi") if d]
        assert len(dois) == len(set(dois)), folder.name
        for doi in dois:
            seen.setdefault(doi, set()).add(folder.name)
        for schema in FILES:
            if len(schema.key) == 1:
                keys = _column(folder, schema.name, schema.key[0])
                assert len(keys) == len(set(keys)), (folder.name, schema.name)
    shared = {doi for doi, where in seen.items() if len(where) > 1}
    assert shared and all(doi.startswith("10.5555/spkg-bench.shared.") for doi in shared)


def test_counts_follow_the_seed_review(tmp_path: Path) -> None:
    folders = generate(20, seed=4, out=tmp_path)
    studies = [len(_column(f, "studies.csv", "study_id")) for f in folders]
    records = [len(_column(f, "records.csv", "record_id")) for f in folders]
    assert 14 <= sum(studies) / 20 <= 22
    assert all(r >= s for r, s in zip(records, studies, strict=True))
    sources = sum(len(_column(f, "value_sources.csv", "file")) for f in folders)
    assert sources > 0


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(min_value=0, max_value=2**31), index=st.integers(0, 5000))
def test_any_generated_review_reads_without_data_errors(
    tmp_path: Path, seed: int, index: int
) -> None:
    (folder,) = generate(1, seed=seed, out=tmp_path / f"{seed}-{index}", start=index)
    data = read_review(folder)
    assert data.review_id == review_id(seed, index)
    assert {s.name for s in FILES} <= set(data.sources)
    listed = len(data.rows("value_sources.csv"))
    assert len(data.listed) == listed


def test_cli_writes_the_requested_number_of_reviews(tmp_path: Path) -> None:
    assert main(["--reviews", "2", "--seed", "9", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [review_id(9, 0), review_id(9, 1)]


def test_generated_reviews_conform_to_the_shapes(tmp_path: Path) -> None:
    """No SHACL violation (warnings for missing values are expected, as in real extraction).

    Validation runs with the ontology added to the data graph, which gives pyshacl's report
    for `ont_graph` in a fraction of the time (see bench/RESULTS.md).
    """
    from rdflib import Graph

    from ingest.mapping import map_review
    from ingest.pipeline import load_resources
    from ingest.validate import validate_review

    res = load_resources()
    for folder in generate(3, seed=11, out=tmp_path):
        mapped = map_review(read_review(folder), res.vocabulary, res.base)
        report = validate_review(mapped, res.shapes, Graph(), extra=res.ontology, folder=folder)
        assert [r.located() for r in report.violations] == []
        assert report.warnings, "missing values are reported as warnings"
