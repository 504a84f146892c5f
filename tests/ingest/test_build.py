"""The pipeline: violations block with located results, unchanged data write nothing, and one
review's ingest leaves another's graphs alone."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from ingest.build import check_data, ingest_data
from ingest.errors import ValidationFailedError
from ingest.iris import GRAPH_KINDS, Minter
from ingest.store import EmbeddedStore, read_generation
from tests.ingest.conftest import REVIEW, dump


def test_violation_is_located_and_nothing_is_written(
    data_dir: Path, loaded_store: EmbeddedStore
) -> None:
    # The two records of study S1 now disagree on whether only part of the sample was lonely.
    path = data_dir / REVIEW / "records.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("self-report,yes,", "self-report,no,", 1), encoding="utf-8")
    before = dump(loaded_store)
    with pytest.raises(ValidationFailedError) as info:
        ingest_data(data_dir, loaded_store, show_progress=False)
    assert dump(loaded_store) == before
    [violation] = info.value.report.violations
    assert violation.focus_node == str(Minter(REVIEW).study("S1"))
    assert violation.source_shape.endswith("StudyRecordsAgreeShape")
    assert (violation.file, violation.row) == (data_dir / REVIEW / "studies.csv", 2)
    assert violation.located().startswith(f"{data_dir / REVIEW / 'studies.csv'}:2:")


def test_warnings_do_not_block_and_are_located(data_dir: Path) -> None:
    [prepared] = check_data(data_dir, classify=False, show_progress=False)
    located = {(r.file.name, r.row, r.column, r.severity) for r in prepared.report.warnings}
    assert ("records.csv", 4, "doi", "Warning") in located


def _second_review(data_dir: Path) -> Path:
    """A second review added to the data folder (the store mirrors the folder)."""
    other = data_dir / "tiny-2021"
    shutil.copytree(data_dir / REVIEW, other)
    path = other / "review.csv"
    path.write_text(path.read_text().replace("tiny-2020,", "tiny-2021,", 1))
    return data_dir


def _graphs(store: EmbeddedStore, review: str) -> bytes:
    out = io.BytesIO()
    store.dump("nq", out, [str(Minter(review).graph(k)) for k in GRAPH_KINDS])
    return b"\n".join(sorted(out.getvalue().splitlines()))


def test_unchanged_data_write_nothing_and_reviews_are_independent(
    data_dir: Path, tmp_path: Path
) -> None:
    store = EmbeddedStore(tmp_path / "store")
    try:
        [first] = ingest_data(data_dir, store, show_progress=False)
        assert first.written
        assert set(store.named_graphs()) >= {str(Minter(REVIEW).graph(k)) for k in GRAPH_KINDS}
        generation, before = read_generation(store.path), dump(store)

        [again] = ingest_data(data_dir, store, show_progress=False)
        assert not again.written and again.fingerprint == first.fingerprint
        assert read_generation(store.path) == generation
        assert dump(store) == before

        first_graphs = _graphs(store, REVIEW)
        unchanged, second = ingest_data(_second_review(data_dir), store, show_progress=False)
        assert not unchanged.written and unchanged.review_id == REVIEW
        assert second.written and second.review_id == "tiny-2021"
        # one write: the new review's graphs; the ontology graph is unchanged and not rewritten
        assert read_generation(store.path) == generation + 1
        assert _graphs(store, REVIEW) == first_graphs
        assert _graphs(store, "tiny-2021")
    finally:
        store.close()
