"""Each kind of bad input gives its exact located error, and an ingest of it writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.build import ingest_data
from ingest.errors import DataErrors, DataFileError
from ingest.readers import read_review
from ingest.store import EmbeddedStore
from tests.ingest.conftest import REVIEW, VALID, dump


def _edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _errors(folder: Path) -> list[tuple[str, int, str, str]]:
    with pytest.raises(DataErrors) as info:
        read_review(folder)
    return [(e.path.name, e.row, e.column, e.message) for e in info.value.errors]


def _assert_untouched(data_dir: Path, store: EmbeddedStore) -> None:
    before = dump(store)
    with pytest.raises(DataErrors):
        ingest_data(data_dir, store, show_progress=False)
    assert dump(store) == before


def test_valid_fixture_reads_with_locations() -> None:
    data = read_review(VALID / REVIEW)
    cell = data.rows("studies.csv")[0].cells["sample_size"]
    assert (cell.file, cell.row, cell.column, cell.value) == ("studies.csv", 2, "sample_size", 30)
    assert data.is_listed("studies.csv", "S1", "female_pct")


# (file, text replaced, replacement, expected (file, row, column, message start))
CASES = {
    "non-numeric sample size": (
        "studies.csv",
        ",30,46.7,",
        ",thirty,46.7,",
        ("studies.csv", 2, "sample_size", "expected an integer, got 'thirty'"),
    ),
    "CASP score of 11": (
        "records.csv",
        "CASP,8,",
        "CASP,11,",
        ("records.csv", 2, "appraisal_score", "11 is out of bounds (0 to 10)"),
    ),
    "AACODS score of 7": (
        "records.csv",
        "AACODS,6,",
        "AACODS,7,",
        ("records.csv", 4, "appraisal_score", "7 is out of bounds for AACODS (0 to 6)"),
    ),
    "enum not allowed": (
        "interventions.csv",
        ",one-to-one,",
        ",telepathy,",
        ("interventions.csv", 2, "mode", "'telepathy' is not allowed; expected one of: group"),
    ),
    "bad key syntax": (
        "studies.csv",
        "S2,Todd",
        "S 2,Todd",
        ("studies.csv", 3, "study_id", "bad key 'S 2': keys match [A-Za-z0-9._-]+"),
    ),
    "duplicate key": (
        "statements.csv",
        "C1,conclusion",
        "L1,conclusion",
        ("statements.csv", 3, "statement_id", "duplicate key 'L1' (first at row 2)"),
    ),
    "quote citing a missing record": (
        "quotes.csv",
        "Q1,T1.1,1,",
        "Q1,T1.1,99,",
        ("quotes.csv", 2, "record_id", "no row with record_id '99' in records.csv"),
    ),
    "subtheme with a missing parent": (
        "themes.csv",
        "T1.1,T1,",
        "T1.1,T9,",
        ("themes.csv", 3, "parent_id", "no row with theme_id 'T9' in themes.csv"),
    ),
    "value source naming a missing file": (
        "value_sources.csv",
        "studies.csv,S1",
        "nosuch.csv,S1",
        ("value_sources.csv", 2, "file", "no data file named 'nosuch.csv'"),
    ),
    "value source naming a missing key": (
        "value_sources.csv",
        "studies.csv,S1",
        "studies.csv,S7",
        ("value_sources.csv", 2, "key", "no row with study_id 'S7' in studies.csv"),
    ),
    "value source naming a missing column": (
        "value_sources.csv",
        "S1,female_pct",
        "S1,girth",
        ("value_sources.csv", 2, "column", "no column 'girth' in studies.csv"),
    ),
    "DOI with a space": (
        "records.csv",
        "10.1136/bmjopen-2016-015203",
        "10.1136/bmjopen 2016",
        ("records.csv", 2, "doi", "a DOI may not contain spaces"),
    ),
    "ragged row, too many cells": (
        "criteria.csv",
        "Not in English",
        "Not in English,extra",
        ("criteria.csv", 3, "", "ragged row: 5 cells, the header has 4 columns"),
    ),
    "ragged row, too few cells": (
        "criteria.csv",
        ",language,Not in English",
        ",language",
        ("criteria.csv", 3, "", "ragged row: 3 cells, the header has 4 columns"),
    ),
    "required value empty": (
        "themes.csv",
        "Drawbacks",
        "",
        ("themes.csv", 4, "label", "a value is required"),
    ),
    "missing column": (
        "criteria.csv",
        "criterion_id,kind,category,text",
        "criterion_id,kind,category,txt",
        ("criteria.csv", 1, "text", "missing column"),
    ),
    "unknown column": (
        "criteria.csv",
        "criterion_id,kind,category,text",
        "criterion_id,kind,category,text,x",
        ("criteria.csv", 1, "x", "unknown column (not in criteria.csv's schema)"),
    ),
    "NUL byte": (
        "statements.csv",
        "Only English",
        "Only\x00English",
        ("statements.csv", 2, "text", "contains a NUL byte"),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_cell_is_located_and_nothing_is_written(
    case: str, data_dir: Path, loaded_store: EmbeddedStore
) -> None:
    file, old, new, (efile, erow, ecol, emsg) = CASES[case]
    _edit(data_dir / REVIEW, file, old, new)
    errors = _errors(data_dir / REVIEW)
    matching = [e for e in errors if e[:3] == (efile, erow, ecol) and e[3].startswith(emsg)]
    assert matching, errors
    _assert_untouched(data_dir, loaded_store)


def test_missing_file(data_dir: Path, loaded_store: EmbeddedStore) -> None:
    (data_dir / REVIEW / "measures.csv").unlink()
    assert ("measures.csv", 0, "", "missing file") in _errors(data_dir / REVIEW)
    _assert_untouched(data_dir, loaded_store)


def test_empty_file(data_dir: Path, loaded_store: EmbeddedStore) -> None:
    (data_dir / REVIEW / "findings.csv").write_bytes(b"")
    assert ("findings.csv", 0, "", "empty file: a header row is required") in _errors(
        data_dir / REVIEW
    )
    _assert_untouched(data_dir, loaded_store)


def test_byte_order_mark(data_dir: Path, loaded_store: EmbeddedStore) -> None:
    path = data_dir / REVIEW / "criteria.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert ("criteria.csv", 1, "", "remove the byte-order mark") in _errors(data_dir / REVIEW)
    _assert_untouched(data_dir, loaded_store)


def test_non_utf8_names_row_column_and_offset(data_dir: Path, loaded_store: EmbeddedStore) -> None:
    path = data_dir / REVIEW / "statements.csv"
    raw = path.read_bytes()
    offset = raw.index(b"Only English") + 4
    path.write_bytes(raw[:offset] + b"\xff" + raw[offset:])
    errors = _errors(data_dir / REVIEW)
    assert (
        "statements.csv",
        2,
        "text",
        f"not UTF-8: byte 0xFF at byte offset {offset}; save the file as UTF-8",
    ) in errors
    _assert_untouched(data_dir, loaded_store)


def test_all_problems_of_a_folder_are_reported_at_once(data_dir: Path) -> None:
    _edit(data_dir / REVIEW, "studies.csv", ",30,46.7,", ",thirty,46.7,")
    _edit(data_dir / REVIEW, "records.csv", "CASP,8,", "CASP,11,")
    (data_dir / REVIEW / "measures.csv").unlink()
    located = {e[:3] for e in _errors(data_dir / REVIEW)}
    assert {
        ("studies.csv", 2, "sample_size"),
        ("records.csv", 2, "appraisal_score"),
        ("measures.csv", 0, ""),
    } <= located


def _assert_located(folder: Path) -> None:
    try:
        read_review(folder)
    except DataErrors as exc:
        assert exc.errors
        for e in exc.errors:
            assert isinstance(e, DataFileError)
            assert e.path.parent == folder and e.row >= 0 and isinstance(e.column, str)
            assert e.message


_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(cell=st.binary(max_size=40))
def test_any_bytes_in_a_cell_give_success_or_located_errors(data_dir: Path, cell: bytes) -> None:
    path = data_dir / REVIEW / "studies.csv"
    original = (VALID / REVIEW / "studies.csv").read_bytes()
    path.write_bytes(original.replace(b",30,", b"," + cell + b",", 1))
    _assert_located(data_dir / REVIEW)


@_SETTINGS
@given(content=st.binary(max_size=200))
def test_any_bytes_as_a_file_give_success_or_located_errors(data_dir: Path, content: bytes) -> None:
    (data_dir / REVIEW / "quotes.csv").write_bytes(content)
    _assert_located(data_dir / REVIEW)
