"""Review workbooks: the template, a filled template read like its folder, and the round trips
folder → store → workbook → store → workbook, which keep every value and the fingerprint."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from contextlib import chdir, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.build import ingest_data
from ingest.cli import main
from ingest.dictionary import plain, read_dictionary
from ingest.pipeline import load_resources, prepare_review, write_review
from ingest.provenance import sorted_nquads
from ingest.review_data import sheet_name
from ingest.schema import FILES, SHIPPED_CONCEPTS, Kind, file_schema
from ingest.store import EmbeddedStore
from ingest.workbook.layout import README_SHEET, VALUES_SHEET
from ingest.workbook.reader import read_workbook
from ingest.workbook.values import cell_text
from tests.ingest.conftest import REVIEW, VALID
from tests.ingest.workbooks import folder_tables, sheet_cells, table_cells

SPKG = Path(sys.executable).parent / "spkg"
SEED = Path(__file__).resolve().parents[2] / "data" / "liebmann-2022"
_FINGERPRINT = re.compile(r": valid \(.*fingerprint ([0-9a-f]{16})\)")


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: str
    stderr: str


def spkg(*args: str | Path, cwd: Path) -> Done:
    """`spkg ARGS` run in this process (argparse's usage exit included), in folder `cwd`."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err), chdir(cwd):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = int(exc.code or 0)
    return Done(code, out.getvalue(), err.getvalue())


def _validated_fingerprint(book: Path, cwd: Path) -> str:
    done = spkg("validate", book, "--no-reasoner", cwd=cwd)
    assert done.returncode == 0, done.stderr
    found = _FINGERPRINT.search(done.stdout)
    assert found, done.stdout
    return found.group(1)


@pytest.fixture(scope="module")
def resources():
    return load_resources()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`spkg template` run as a user runs it: the console script, in its own process."""
    folder = tmp_path_factory.mktemp("template")
    done = subprocess.run(
        [str(SPKG), "template", "new-review.xlsx"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "wrote new-review.xlsx: an empty review workbook (see its README sheet)\n"
    return folder / "new-review.xlsx"


def test_template_has_a_sheet_per_file_with_its_header_frozen(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    names = [sheet_name(s.name) for s in FILES]
    assert book.sheetnames == [README_SHEET, *names, VALUES_SHEET]
    for schema in FILES:
        sheet = book[sheet_name(schema.name)]
        header = [c.value for c in sheet[1]]
        assert header == [c.name for c in schema.columns], schema.name
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == 1  # nothing but the header
    readme = [c.value for c in book[README_SHEET]["A"] if c.value]
    assert readme[0] == "How to fill this workbook"
    assert "Conventions" in readme and any("Empty means not known." in t for t in readme)


def test_every_header_notes_meaning_type_allowed_values_and_required(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    dictionary = read_dictionary()
    offenders: list[str] = []
    for schema in FILES:
        sheet = book[sheet_name(schema.name)]
        for cell, column in zip(sheet[1], schema.columns, strict=True):
            note = cell.comment.text if cell.comment else ""
            entry = dictionary.column(schema.name, column.name)
            wanted = [
                f"{column.name}: {plain(entry.meaning) if entry else ''}",
                f"Required: {'yes' if column.required else 'no'}",
            ]
            if entry:
                wanted.append(f"Type: {plain(entry.type)}")
            if column.allowed:
                wanted.append(f"Allowed: {', '.join(column.allowed)}")
            offenders += [f"{schema.name}.{column.name}: {w!r}" for w in wanted if w not in note]
    assert not offenders, "\n".join(offenders)


def _validations(sheet) -> dict[str, str]:
    """Column letter → the list source of its dropdown."""
    found: dict[str, str] = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list" and validation.showErrorMessage
        for cells in validation.sqref.ranges:
            assert (cells.min_row, cells.max_row) == (2, 1_048_576)
            found[cells.coord.split(":")[0].rstrip("2")] = validation.formula1
    return found


def _listed(book, source: str) -> list[str]:
    sheet, cells = source.rsplit("!", 1)
    area = book[sheet.strip("'")][cells.replace("$", "")]
    return [row[0].value for row in area]


def test_every_value_set_has_a_dropdown(template: Path) -> None:
    """Enum and boolean columns list their values; key references point at the key column of
    the sheet they name (so a new review's own keys are offered as they are typed)."""
    book = openpyxl.load_workbook(template)
    offenders: list[str] = []
    for schema in FILES:
        dropdowns = _validations(book[sheet_name(schema.name)])
        for index, column in enumerate(schema.columns, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            source = dropdowns.get(letter)
            if column.kind is Kind.ENUM:
                expected = list(column.allowed)
                got = _listed(book, source) if source else None
            elif column.kind is Kind.BOOLEAN:
                expected, got = ["yes", "no"], _listed(book, source) if source else None
            elif column.kind is Kind.CONCEPT and SHIPPED_CONCEPTS.get(column.scheme or ""):
                # the shipped keys (a declared concept is accepted with a warning)
                expected = list(SHIPPED_CONCEPTS[column.scheme or ""])
                got = _listed(book, source) if source else None
            elif column.kind is Kind.REF:
                target = file_schema(column.ref_file or "")
                key = openpyxl.utils.get_column_letter(
                    [c.name for c in target.columns].index(target.key[0]) + 1
                )
                expected = [f"'{sheet_name(target.name)}'!${key}$2:${key}$1048576"]
                got = [source] if source else None
            else:
                expected, got = [], [source] if source else []
            if got != expected:
                offenders.append(f"{schema.name}.{column.name}: {got} != {expected}")
    assert not offenders, "\n".join(offenders)


def test_template_usage_errors_exit_2(tmp_path: Path) -> None:
    assert spkg("template", cwd=tmp_path).returncode == 2
    done = spkg("template", "review.csv", cwd=tmp_path)
    assert done.returncode == 2 and "ending in .xlsx" in done.stderr
    done = spkg("template", tmp_path / "no" / "such" / "review.xlsx", cwd=tmp_path)
    assert done.returncode == 2 and "no such folder" in done.stderr
    assert list(tmp_path.iterdir()) == []


def _as_excel_types(text: str, kind: Kind) -> object:
    """A cell's text as Excel stores it once typed into a General cell."""
    if re.fullmatch(r"0|[1-9][0-9]{0,14}", text):  # Excel makes a number of digits
        return int(text)
    if kind is Kind.DECIMAL:
        return float(text)
    if kind is Kind.BOOLEAN:
        return text == "yes"
    if kind is Kind.YEAR_MONTH and "-" in text:
        year, month = text.split("-")
        return dt.datetime(int(year), int(month), 1)
    return text


def test_a_filled_template_validates_and_ingests_as_its_folder(
    template: Path, tmp_path: Path, resources
) -> None:
    """A new review started from `spkg template` and filled the way Excel stores what is typed
    (numbers as numbers, 2015-01 as a date, yes as TRUE) gives the folder's very graphs."""
    book = openpyxl.load_workbook(template)
    for file, (header, rows) in folder_tables(VALID / REVIEW).items():
        schema = file_schema(file)
        sheet = book[sheet_name(file)]
        order = [c.name for c in schema.columns]
        for number, row in enumerate(rows, start=2):
            for column, text in zip(header, row, strict=True):
                if text:
                    value = _as_excel_types(text, schema.by_name[column].kind)
                    sheet.cell(number, order.index(column) + 1).value = value
    filled = tmp_path / "tiny.xlsx"
    book.save(filled)

    folder = prepare_review(VALID / REVIEW, resources)
    workbook = prepare_review(filled, resources)
    assert workbook.review_id == REVIEW
    assert sorted_nquads(workbook.mapped.graphs().values()) == sorted_nquads(
        folder.mapped.graphs().values()
    )
    assert _validated_fingerprint(filled, tmp_path) == folder.fingerprint

    store = EmbeddedStore(tmp_path / "store")
    try:
        [outcome] = ingest_data(filled, store, show_progress=False, classify=False)
        assert (outcome.review_id, outcome.written) == (REVIEW, True)
        assert outcome.fingerprint == folder.fingerprint
    finally:
        store.close()
    exported = tmp_path / "exported.xlsx"
    done = spkg(
        "export", "--review", REVIEW, "--format", "xlsx", "--out", exported,
        "--store", tmp_path / "store", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # Every cell comes back as the text it was read as (1.0 → "1", a date → "2015-01").
    read, back = read_workbook(filled), read_workbook(exported)
    assert {n: s.text for n, s in back.sources.items() if s.text} == {
        n: s.text for n, s in read.sources.items() if s.text
    }


def test_seed_review_round_trips_through_a_workbook_keeping_every_value(
    tmp_path: Path, resources
) -> None:
    """folder → store → workbook: the workbook validates to the folder's fingerprint (the same
    graphs) and holds every cell of the CSV files; workbook → store → workbook: the same cells."""
    first = EmbeddedStore(tmp_path / "first")
    try:  # written as `spkg ingest` writes (its validation is run on the workbook below)
        loaded = prepare_review(SEED, resources)
        write_review(first, loaded)
    finally:
        first.close()
    book = tmp_path / "seed.xlsx"
    common = ("--review", SEED.name, "--format", "xlsx", "--out")
    done = spkg("export", *common, book, "--store", tmp_path / "first", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    tables = folder_tables(SEED)
    counts = {sheet_name(f): len(rows) for f, (_, rows) in tables.items()}
    assert f"records {counts['records']}, " in done.stdout
    assert f"themes {counts['themes']}, " in done.stdout
    assert f"quotes {counts['quotes']}, " in done.stdout

    assert _validated_fingerprint(book, tmp_path) == loaded.fingerprint
    assert sheet_cells(book) == table_cells(tables)

    second = EmbeddedStore(tmp_path / "second")
    try:
        [again] = ingest_data(book, second, show_progress=False, classify=False)
    finally:
        second.close()
    assert again.fingerprint == loaded.fingerprint
    back = tmp_path / "back.xlsx"
    done = spkg("export", *common, back, "--store", tmp_path / "second", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sheet_cells(back) == sheet_cells(book)


def test_export_of_a_review_not_in_the_store_exits_2(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "st").close()
    args = ("export", "--format", "xlsx", "--store", tmp_path / "st")
    done = spkg(*args, "--review", "nothing-2020", "--out", "x.xlsx", cwd=tmp_path)
    assert done.returncode == 2
    assert "error: no review 'nothing-2020' in the store" in done.stderr
    assert spkg(*args, "--out", "x.xlsx", cwd=tmp_path).returncode == 2  # no --review
    assert spkg(*args, "--review", "nothing-2020", cwd=tmp_path).returncode == 2  # no --out
    assert not (tmp_path / "x.xlsx").exists()


# (value, openpyxl data type, column kind) → the CSV text, or the start of the problem
EXCEL_VALUES = [
    (1, "n", Kind.INTEGER, "1"),
    (1.0, "n", Kind.INTEGER, "1"),
    (46.7, "n", Kind.DECIMAL, "46.7"),
    (0.1, "n", Kind.DECIMAL, "0.1"),
    (1e-05, "n", Kind.DECIMAL, "0.00001"),
    (-0.0, "n", Kind.DECIMAL, "0"),
    (2017, "n", Kind.YEAR, "2017"),
    (123456789012345, "n", Kind.INTEGER, "123456789012345"),
    (True, "b", Kind.BOOLEAN, "yes"),
    (False, "b", Kind.BOOLEAN, "no"),
    (dt.datetime(2015, 1, 1), "d", Kind.YEAR_MONTH, "2015-01"),
    (" x", "s", Kind.TEXT, " x"),  # kept: ingest.cells reports the spaces
    ("=1+1", "s", Kind.TEXT, "=1+1"),  # a text that looks like a formula is a text
]
EXCEL_PROBLEMS = [
    (1234567890123456, "n", Kind.INTEGER, "the number 1234567890123456 has more than 15 digits"),
    (0.30000000000000004, "n", Kind.DECIMAL, "the number 0.30000000000000004 has more than"),
    (True, "b", Kind.TEXT, "TRUE/FALSE in a text column"),
    (dt.datetime(2015, 1, 5), "d", Kind.YEAR_MONTH, "Excel turned this cell into the date"),
    (dt.datetime(2020, 1, 1), "d", Kind.TEXT, "Excel turned this cell into the date 2020-01"),
    (dt.time(12, 30), "d", Kind.TEXT, "a time (12:30:00)"),
    ("=SUM(A1:A2)", "f", Kind.INTEGER, "a formula (=SUM(A1:A2))"),
    ("#N/A", "e", Kind.INTEGER, "an Excel error value #N/A"),
]


@pytest.mark.parametrize(("value", "data_type", "kind", "text"), EXCEL_VALUES)
def test_excel_typed_values_read_back_as_the_csv_text(
    value: object, data_type: str, kind: Kind, text: str
) -> None:
    assert cell_text(value, data_type, kind) == (text, None)


@pytest.mark.parametrize(("value", "data_type", "kind", "problem"), EXCEL_PROBLEMS)
def test_values_excel_may_have_changed_are_refused(
    value: object, data_type: str, kind: Kind, problem: str
) -> None:
    text, found = cell_text(value, data_type, kind)
    assert text == "" and found is not None and found.startswith(problem), found


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-1e9, max_value=1e9))
def test_a_typed_decimal_reads_back_with_its_value(number: Decimal) -> None:
    """Whatever decimal (up to 15 digits) Excel stored as a double reads back to its value."""
    text, problem = cell_text(float(number), "n", Kind.DECIMAL)
    assert problem is None
    assert Decimal(text) == number
    assert "e" not in text.lower()
