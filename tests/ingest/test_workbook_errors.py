"""Each kind of bad workbook gives its exact error located as `book.xlsx:sheet:row:column`,
exits 1, and an ingest of it writes nothing."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from ingest.build import ingest_data
from ingest.errors import DataFilesError
from ingest.schema import COUNTRIES, file_schema
from ingest.store import EmbeddedStore
from ingest.workbook.reader import read_workbook
from tests.ingest.conftest import REVIEW, VALID, dump
from tests.ingest.workbooks import write_book

SPKG = Path(sys.executable).parent / "spkg"


@pytest.fixture(scope="module")
def valid_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_book(VALID / REVIEW, tmp_path_factory.mktemp("valid") / "tiny.xlsx")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """A store holding the valid review, read from its workbook."""
    store = EmbeddedStore(tmp_path_factory.mktemp("store") / "store")
    book = write_book(VALID / REVIEW, tmp_path_factory.mktemp("book") / "tiny.xlsx")
    ingest_data(book, store, show_progress=False, classify=False)
    yield store
    store.close()


def _letter(file: str, column: str) -> str:
    names = [c.name for c in file_schema(file).columns]
    return get_column_letter(names.index(column) + 1)


def _set(sheet: str, row: int, column: str, value: object) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book[sheet][f"{_letter(f'{sheet}.csv', column)}{row}"] = value

    return edit


def _merge(book: Workbook) -> None:
    first, last = _letter("studies.csv", "population"), _letter("studies.csv", "notes")
    book["studies"].merge_cells(f"{first}2:{last}2")


def _hide_sheet(book: Workbook) -> None:
    book["statements"].sheet_state = "hidden"


def _hide_row(book: Workbook) -> None:
    book["studies"].row_dimensions[3].hidden = True


def _rename_header(book: Workbook) -> None:
    book["records"][f"{_letter('records.csv', 'year')}1"] = "Year"


def _stray_value(book: Workbook) -> None:
    sheet = book["records"]
    sheet.cell(2, len(file_schema("records.csv").columns) + 2).value = "stray"


# name → (edit, errors located after the workbook's path; all of them, or some with `...`)
CASES: dict[str, tuple[Callable[[Workbook], None], list[str]]] = {
    "missing sheet": (lambda book: book.remove(book["measures"]), [":measures:0:: missing sheet"]),
    "renamed header": (
        _rename_header,
        [
            ":records:1:Year: unknown column (not in records.csv's schema)",
            ":records:1:year: missing column",
            "...",
        ],
    ),
    "formula": (
        _set("studies", 2, "sample_size", "=10+20"),
        [
            ":studies:2:sample_size: a formula (=10+20): "
            "type the value itself, spkg reads values only"
        ],
    ),
    "merged cells": (
        _merge,
        [
            f":studies:2:population: merged cells {_letter('studies.csv', 'population')}2:"
            f"{_letter('studies.csv', 'notes')}2: unmerge them (one value per cell)"
        ],
    ),
    "hidden sheet": (
        _hide_sheet,
        [":statements:0:: hidden sheet: unhide it (spkg reads only what a curator can see)"],
    ),
    "hidden row": (
        _hide_row,
        [":studies:3:: hidden row: unhide it (or clear its filter; spkg reads every row)"],
    ),
    "value outside an enum dropdown": (
        _set("studies", 2, "country", "XX"),
        [f":studies:2:country: 'XX' is not allowed; expected one of: {', '.join(COUNTRIES)}"],
    ),
    "key outside a reference dropdown": (
        _set("interventions", 2, "study_id", "S9"),
        [":interventions:2:study_id: no row with study_id 'S9' in studies.csv"],
    ),
    "date in a text column": (
        _set("criteria", 2, "text", dt.datetime(2020, 1, 1)),
        [
            ":criteria:2:text: Excel turned this cell into the date 2020-01-01T00:00:00, so what "
            "was typed is lost; in a text column format the cell as Text and type the value again"
        ],
    ),
    "error value": (
        _set("studies", 2, "sample_size", "#N/A"),
        [
            ":studies:2:sample_size: an Excel error value #N/A: "
            "type the value, or leave the cell empty"
        ],
    ),
    "value in a column without a header": (
        _stray_value,
        [
            f":records:2:{get_column_letter(len(file_schema('records.csv').columns) + 2)}: "
            "a value in a column without a header: name the column or clear it"
        ],
    ),
    "unknown sheet": (
        lambda book: book.create_sheet("notes"),
        [":notes:0:: not a sheet of the format (see data/README.md): rename or delete it"],
    ),
}


def _bad_book(valid_book: Path, tmp_path: Path, edit: Callable[[Workbook], None]) -> Path:
    book = openpyxl.load_workbook(valid_book)
    edit(book)
    path = tmp_path / "bad.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_workbook_gives_located_errors_and_writes_nothing(
    case: str, valid_book: Path, tmp_path: Path, store: EmbeddedStore
) -> None:
    edit, expected = CASES[case]
    path = _bad_book(valid_book, tmp_path, edit)
    with pytest.raises(DataFilesError) as info:
        read_workbook(path)
    located = [e.located() for e in info.value.errors]
    wanted = [f"{path}{suffix}" for suffix in expected if suffix != "..."]
    if "..." in expected:
        assert set(wanted) <= set(located), located
    else:
        assert located == wanted
    before = dump(store)
    with pytest.raises(DataFilesError):
        ingest_data(path, store, show_progress=False, classify=False)
    assert dump(store) == before


def test_the_workbook_every_case_edits_is_valid(valid_book: Path) -> None:
    """So each error above is the edit's own."""
    data = read_workbook(valid_book)
    assert data.review_id == REVIEW
    assert len(data.rows("records.csv")) == 3


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "review.xlsx"
    path.write_bytes(b"review_id,title\n")
    with pytest.raises(DataFilesError) as info:
        read_workbook(path)
    assert [e.located() for e in info.value.errors] == [
        f"{path}:0:: not a readable Excel workbook (.xlsx): not a zip archive"
    ]


def test_cli_exits_1_with_every_error_located_and_writes_nothing(
    valid_book: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bad.xlsx"
    shutil.copy(valid_book, path)
    book = openpyxl.load_workbook(path)
    _set("studies", 2, "sample_size", "thirty")(book)
    _merge(book)
    book.save(path)
    done = subprocess.run(
        [str(SPKG), "ingest", str(path), "--store", "st"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        f"{path}:studies:2:population: merged cells "
        f"{_letter('studies.csv', 'population')}2:{_letter('studies.csv', 'notes')}2: "
        "unmerge them (one value per cell)",
        f"{path}:studies:2:sample_size: expected an integer, got 'thirty'",
        "2 data error(s)",
    ]
    store = EmbeddedStore(tmp_path / "st", read_only=True)
    try:
        assert store.named_graphs() == []
    finally:
        store.close()
