"""Data-file fuzzing: whatever bytes a CSV file or a single cell holds, reading the review
either succeeds or raises DataFilesError whose every error is located (file, row, column); no
other exception escapes the reader."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.cells import PLACEHOLDERS
from ingest.errors import DataFilesError
from ingest.readers import ReviewData, read_review
from ingest.schema import FILES
from tests.reliability.fixture_store import FIXTURE_REVIEW
from tests.reliability.results import record, run_kind

EXAMPLES = 300 if run_kind() == "full" else 40
FILE_NAMES = sorted(path.name for path in FIXTURE_REVIEW.glob("*.csv"))
SCHEMA_COLUMNS = {schema.name: {c.name for c in schema.columns} for schema in FILES}
_COUNTS = {"whole_file": {"ok": 0, "located_errors": 0}, "cell": {"ok": 0, "located_errors": 0}}

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Bytes that stress a CSV reader: quotes, separators, line ends, BOMs, NULs, invalid UTF-8.
TRICKY = st.sampled_from(
    [b'"', b",", b"\n", b"\r", b"\r\n", b"\xef\xbb\xbf", b"\x00", b"\xff", b"\xc3", b";", b" "]
)
CELL_BYTES = st.lists(st.one_of(st.binary(max_size=8), TRICKY), max_size=12).map(b"".join)


@pytest.fixture(scope="module")
def review_copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("csv-fuzz") / FIXTURE_REVIEW.name
    shutil.copytree(FIXTURE_REVIEW, folder)
    yield folder
    _record()


def _record() -> None:
    record("csv_fuzzing", {"examples_per_test": EXAMPLES, "outcomes": _COUNTS})


def _read_with(folder: Path, name: str, data: bytes) -> ReviewData | DataFilesError:
    """Read the review with `name` replaced by `data`; put the original back afterwards."""
    path = folder / name
    original = (FIXTURE_REVIEW / name).read_bytes()
    path.write_bytes(data)
    try:
        return read_review(folder)
    except DataFilesError as exc:
        return exc
    finally:
        path.write_bytes(original)


def _assert_located(errors: DataFilesError, folder: Path) -> None:
    assert errors.errors, "DataFilesError without any error"
    for error in errors.errors:
        assert error.path.parent == folder or error.path == folder, error.located()
        assert isinstance(error.row, int) and error.row >= 0, error.located()
        if error.row >= 2 and error.path.name in SCHEMA_COLUMNS:
            # A data cell's error names a column of the file's schema (or none).
            columns = SCHEMA_COLUMNS[error.path.name]
            assert error.column == "" or error.column in columns, error.located()
        # Printable as UTF-8 is checked separately below, on the message only.
        error.message.encode("utf-8")
        assert error.message.strip(), error.located()


def _tally(kind: str, outcome: ReviewData | DataFilesError, folder: Path) -> None:
    if isinstance(outcome, DataFilesError):
        _assert_located(outcome, folder)
        _COUNTS[kind]["located_errors"] += 1
    else:
        assert isinstance(outcome, ReviewData)
        _COUNTS[kind]["ok"] += 1


@FUZZ_SETTINGS
@given(name=st.sampled_from(FILE_NAMES), data=st.binary(max_size=2000))
def test_any_bytes_as_a_whole_file(review_copy: Path, name: str, data: bytes) -> None:
    _tally("whole_file", _read_with(review_copy, name, data), review_copy)


@FUZZ_SETTINGS
@given(
    name=st.sampled_from(FILE_NAMES),
    where=st.tuples(st.integers(0, 50), st.integers(0, 60)),
    cell=CELL_BYTES,
    quoted=st.booleans(),
)
def test_any_bytes_in_one_cell(
    review_copy: Path, name: str, where: tuple[int, int], cell: bytes, quoted: bool
) -> None:
    rows = list(csv.reader(io.StringIO((FIXTURE_REVIEW / name).read_text(encoding="utf-8"))))
    row = 1 + where[0] % max(len(rows) - 1, 1) if len(rows) > 1 else 0
    column = where[1] % len(rows[row])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    marker = "\x1e"  # a placeholder no fixture cell holds, swapped for the raw bytes below
    rows[row][column] = marker
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    raw = cell if not quoted else b'"' + cell.replace(b'"', b'""') + b'"'
    data = out.getvalue().encode("utf-8").replace(marker.encode(), raw)
    _tally("cell", _read_with(review_copy, name, data), review_copy)


@FUZZ_SETTINGS
@given(
    name=st.sampled_from(FILE_NAMES),
    where=st.tuples(st.integers(0, 50), st.integers(0, 60)),
    word=st.sampled_from(sorted(PLACEHOLDERS)),
    upper=st.booleans(),
)
def test_a_placeholder_in_any_cell_is_refused_at_that_cell(
    review_copy: Path, name: str, where: tuple[int, int], word: str, upper: bool
) -> None:
    """`UNKNOWN`, `N/A`, `-`, `?` … in any column of any file: the reader names that cell."""
    rows = list(csv.reader(io.StringIO((FIXTURE_REVIEW / name).read_text(encoding="utf-8"))))
    row = 1 + where[0] % (len(rows) - 1)
    column = where[1] % len(rows[0])
    rows[row][column] = word.upper() if upper else word
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    outcome = _read_with(review_copy, name, out.getvalue().encode("utf-8"))
    assert isinstance(outcome, DataFilesError)
    _assert_located(outcome, review_copy)
    at_cell = [
        e.message
        for e in outcome.errors
        if (e.path.name, e.row, e.column) == (name, row + 1, rows[0][column])
    ]
    assert [m for m in at_cell if m.startswith("placeholder ")], outcome.errors


def test_a_broken_cell_is_located_at_its_row_and_column(review_copy: Path) -> None:
    """The located error names the exact cell, not only the file."""
    name = "studies.csv"
    rows = list(csv.reader(io.StringIO((FIXTURE_REVIEW / name).read_text(encoding="utf-8"))))
    column = rows[0].index("sample_size")
    rows[2][column] = "thirty"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    outcome = _read_with(review_copy, name, out.getvalue().encode())
    assert isinstance(outcome, DataFilesError)
    located = {(e.path.name, e.row, e.column) for e in outcome.errors}
    assert (name, 3, "sample_size") in located


def test_an_invalid_utf8_header_gives_a_printable_error(review_copy: Path) -> None:
    outcome = _read_with(review_copy, "activities.csv", b"\x80\n")
    assert isinstance(outcome, DataFilesError)
    assert any("not UTF-8" in e.message for e in outcome.errors)
    for error in outcome.errors:
        error.located().encode("utf-8")
