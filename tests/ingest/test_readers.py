"""Each kind of bad input gives its exact located error, and an ingest of it writes nothing."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.build import ingest_data
from ingest.cells import PLACEHOLDERS, type_cell
from ingest.errors import DataFileError, DataFilesError
from ingest.readers import read_review
from ingest.schema import Column, Kind
from ingest.store import EmbeddedStore
from tests.ingest.conftest import REVIEW, VALID, dump, replace_in


def _errors(folder: Path) -> list[tuple[str, int, str, str]]:
    with pytest.raises(DataFilesError) as info:
        read_review(folder)
    return [(e.path.name, e.row, e.column, e.message) for e in info.value.errors]


def _assert_untouched(data_dir: Path, store: EmbeddedStore) -> None:
    before = dump(store)
    with pytest.raises(DataFilesError):
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
        ("records.csv", 2, "appraisal_score", "11 is out of bounds for CASP (0 to 10)"),
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
    "placeholder UNKNOWN for a number": (
        "studies.csv",
        ",30,46.7,",
        ",UNKNOWN,46.7,",
        ("studies.csv", 2, "sample_size", "placeholder 'UNKNOWN': leave the cell empty"),
    ),
    "placeholder N/A in free text": (
        "records.csv",
        ",interviews,thematic analysis,",
        ",N/A,thematic analysis,",
        ("records.csv", 2, "data_collection", "placeholder 'N/A': leave the cell empty"),
    ),
    "placeholder - for a name": (
        "studies.csv",
        "S2,Todd 2017,",
        "S2,-,",
        ("studies.csv", 3, "label", "placeholder '-': leave the cell empty"),
    ),
    "trailing ? marking an inferred value": (
        "records.csv",
        ",Smith,Smith A",
        ",Smith?,Smith A",
        ("records.csv", 2, "first_author", "trailing '?' in 'Smith?'"),
    ),
    "trailing ? on a list item": (
        "records.csv",
        "Smith A; Jones B",
        "Smith A?; Jones B",
        ("records.csv", 2, "authors", "list item 'Smith A?' is a placeholder or ends with '?'"),
    ),
    "leading space": (
        "statements.csv",
        ",Only English",
        ", Only English",
        ("statements.csv", 2, "text", "leading or trailing spaces around 'Only English"),
    ),
    "list items without the space": (
        "records.csv",
        "belonging; purpose",
        "belonging;purpose",
        ("records.csv", 2, "original_themes", "list items are separated by '; '"),
    ),
    "value source naming an empty cell": (
        "value_sources.csv",
        "studies.csv,S1,female_pct",
        "studies.csv,S1,other_gender_pct",
        ("value_sources.csv", 2, "column", "studies.csv S1.other_gender_pct is empty"),
    ),
    "theme that is its own parent": (
        "themes.csv",
        "T1.1,T1,",
        "T1.1,T1.1,",
        ("themes.csv", 3, "parent_id", "T1.1 is its own parent"),
    ),
    "score without its tool": (
        "records.csv",
        "CASP,8,",
        ",8,",
        ("records.csv", 2, "appraisal_tool", "appraisal_score is given without its tool"),
    ),
    "checklist items of a record appraised with no tool": (
        "records.csv",
        "CASP,8,",
        ",,",
        ("appraisal_items.csv", 4, "item", "record 1 has no appraisal_tool in records.csv"),
    ),
    "open age band without its bound": (
        "studies.csv",
        ",65,81,yes,",
        ",65,,yes,",
        ("studies.csv", 3, "age_max", "age_max_open is yes but age_max is empty"),
    ),
    "gender shares of a sample whose gender is not reported": (
        "studies.csv",
        ",12,,,,no,",
        ",12,50,50,,no,",
        (
            "studies.csv",
            3,
            "gender_reported",
            "gender_reported is no, yet female_pct, male_pct are given",
        ),
    ),
    "ages of a sample whose ages are not reported": (
        "studies.csv",
        ",no,yes,40-74,",
        ",no,no,40-74,",
        ("studies.csv", 2, "ages_reported", "ages_reported is no, yet age_min, age_max are given"),
    ),
    "speaker age bounds without the printed age": (
        "quotes.csv",
        ",male,60-64 years,60,64,",
        ",male,,60,64,",
        (
            "quotes.csv",
            2,
            "speaker_age_label",
            "speaker_age_min and speaker_age_max given without the age as printed",
        ),
    ),
    "uncertain quote kind without a note": (
        "quotes.csv",
        ",,,,,italics lost",
        ",,,,,",
        ("quotes.csv", 3, "note", "kind_certain is no: say in note why it is uncertain"),
    ),
    "quote positions with a gap": (
        "quotes.csv",
        "Q2,T2,2,2,",
        "Q2,T2,2,3,",
        ("quotes.csv", 3, "position", "position 3 leaves a gap: the 2 rows are numbered 1 to 2"),
    ),
    "statement positions repeating": (
        "statements.csv",
        "C1,conclusion,2,",
        "C1,conclusion,1,",
        ("statements.csv", 3, "position", "position 1 repeats row 2"),
    ),
    "sibling themes sharing a position": (
        "themes.csv",
        "T2,,2,",
        "T2,,1,",
        ("themes.csv", 4, "position", "position 1 repeats row 2 among the top-level themes"),
    ),
    "stated support of a theme not stated to hold for all records": (
        "theme_support.csv",
        "T1.1,3,cited",
        "T1.1,3,stated",
        ("theme_support.csv", 3, "evidence", "'stated' support means all records"),
    ),
    "stated support leaving records out": (
        "theme_support.csv",
        "T2,2,quoted\n",
        "T2,2,quoted\nT1,1,stated\n",
        (
            "theme_support.csv",
            5,
            "record_id",
            "'stated' support means all records, but 2 of 3 have no row for theme T1: 2, 3",
        ),
    ),
    "quote from a record that does not support its theme": (
        "quotes.csv",
        "Q2,T2,2,",
        "Q2,T2,3,",
        ("quotes.csv", 3, "record_id", "no theme_support.csv row for theme T2 and record 3"),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_cell_is_located_and_nothing_is_written(
    case: str, data_dir: Path, loaded_store: EmbeddedStore
) -> None:
    file, old, new, (efile, erow, ecol, emsg) = CASES[case]
    replace_in(data_dir / REVIEW, file, old, new)
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


def test_a_csv_file_the_format_does_not_know(data_dir: Path, loaded_store: EmbeddedStore) -> None:
    (data_dir / REVIEW / "studys.csv").write_text("study_id\nS1\n", encoding="utf-8")
    assert (
        "studys.csv",
        0,
        "",
        "not a data file of the format (see data/README.md)",
    ) in _errors(data_dir / REVIEW)
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
    replace_in(data_dir / REVIEW, "studies.csv", ",30,46.7,", ",thirty,46.7,")
    replace_in(data_dir / REVIEW, "records.csv", "CASP,8,", "CASP,11,")
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
    except DataFilesError as exc:
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


def _read_with_cell(folder: Path, file: str, row: int, column: str, text: str) -> list[tuple]:
    """Read the review with one cell (data row `row`, 1-based) set to `text`; its errors."""
    path = folder / file
    original = (VALID / REVIEW / file).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(original, newline="")))
    rows[row][rows[0].index(column)] = text
    out = io.StringIO()
    # Quote every cell: a bare carriage return in an unquoted cell would end the row.
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    try:
        read_review(folder)
    except DataFilesError as exc:
        return [(e.path.name, e.row, e.column, e.message) for e in exc.errors]
    finally:
        path.write_text(original, encoding="utf-8")
    return []


@_SETTINGS
@given(n=st.integers(min_value=0, max_value=120))
def test_every_in_bound_integer_reads(data_dir: Path, n: int) -> None:
    assert _read_with_cell(data_dir / REVIEW, "studies.csv", 1, "age_max", str(n)) == []


@_SETTINGS
@given(n=st.integers().filter(lambda n: n < 0 or n > 120))
def test_every_out_of_bound_integer_is_refused_at_its_cell(data_dir: Path, n: int) -> None:
    errors = _read_with_cell(data_dir / REVIEW, "studies.csv", 1, "age_max", str(n))
    assert errors == [("studies.csv", 2, "age_max", f"{n} is out of bounds (0 to 120)")]


@_SETTINGS
@given(text=st.text(min_size=1).filter(lambda s: not re.fullmatch(r"-?[0-9]+", s)))
def test_every_non_integer_text_is_refused_at_its_cell(data_dir: Path, text: str) -> None:
    errors = _read_with_cell(data_dir / REVIEW, "studies.csv", 1, "age_max", text)
    assert ("studies.csv", 2, "age_max") in {e[:3] for e in errors}, errors


_SOME_COLUMNS = [
    Column("n", Kind.INTEGER),
    Column("s", Kind.STRING),
    Column("t", Kind.TEXT),
    Column("e", Kind.ENUM, allowed=("unknown", "yes")),
    Column("l", Kind.LIST),
    Column("y", Kind.YEAR),
]


@pytest.mark.parametrize("column", _SOME_COLUMNS, ids=lambda c: c.kind.value)
@given(word=st.sampled_from(sorted(PLACEHOLDERS)), upper=st.booleans())
def test_a_placeholder_is_never_a_value(column: Column, word: str, upper: bool) -> None:
    """Even where an enum lists the word, an unknown value is an empty cell."""
    text = word.upper() if upper else word
    assert type_cell(text, column) == (
        None,
        f"placeholder {text!r}: leave the cell empty when the value is not known",
    )


# Values a curator might mark with a trailing '?': no NUL, no padding, not then a placeholder.
_MARKABLE = (
    st.text(min_size=1)
    .map(str.strip)
    .filter(lambda s: s and "\x00" not in s and (s + "?").casefold() not in PLACEHOLDERS)
)


@pytest.mark.parametrize("column", [c for c in _SOME_COLUMNS if c.kind is not Kind.TEXT])
@given(value=_MARKABLE)
def test_a_trailing_question_mark_is_refused_outside_free_text(column: Column, value: str) -> None:
    typed, problem = type_cell(value + "?", column)
    assert typed is None and problem is not None
    assert problem.startswith(f"trailing '?' in {value + '?'!r}"), problem


@given(value=_MARKABLE)
def test_free_text_keeps_its_question_marks(value: str) -> None:
    assert type_cell(value + "?", Column("t", Kind.TEXT)) == (value + "?", None)
