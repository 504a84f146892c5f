"""`spkg import qdpx`: a coded REFI-QDA project into a review's folder, as the tools write one."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.cells import type_cell
from ingest.cli import EXIT_OK, main
from ingest.refiqda import import_qdpx
from ingest.refiqda.archive import open_archive
from ingest.refiqda.model import VariableValue
from ingest.refiqda.project_reader import read_project
from ingest.refiqda.speakers import speaker_cells
from ingest.refiqda.xml_schema import parse_checked
from ingest.schema import FILES, file_schema
from tests.ingest.conftest import REVIEW
from tests.ingest.refiqda_projects import snapshot, write_qdpx


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def added(before: dict[str, bytes], folder: Path, name: str) -> list[dict[str, str]]:
    """The rows an import appended to `name`, checking that every byte before them is kept."""
    old, new = before[name], (folder / name).read_bytes()
    assert new.startswith(old), f"{name}: existing rows changed"
    header = new.split(b"\n", 1)[0]
    return rows_of(header + b"\n" + new[len(old) :])


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_codes_sources_selections_and_cases_become_themes_records_quotes_and_speakers(
    data_dir: Path, tmp_path: Path
) -> None:
    folder = data_dir / REVIEW
    before = snapshot(folder)
    outcome = import_qdpx(write_qdpx(tmp_path / "coded.qdpx"), REVIEW, data_dir)
    assert not outcome.created

    # Codes: matched by label under the same parent (case and spacing ignored), new ones keyed
    # by their place, a taken position moved to the end, the non-codable parent a theme too.
    themes = [
        (r["theme_id"], r["parent_id"], r["position"], r["label"], r["description"])
        for r in added(before, folder, "themes.csv")
    ]
    assert themes == [
        ("T1.2", "T1", "2", "Belonging", "Feeling part of a group."),
        ("T3", "", "3", "Mechanisms", "How it works."),
        ("T3.1", "T3", "1", "Link worker relationship", ""),
        ("T3.1.1", "T3.1", "1", "Trust", ""),
    ]
    # Sources: the inline one matched to record 1 by its DOI variable (case ignored); the
    # internal:// one new, keyed by its name, everything the format requires left to complete.
    [record] = added(before, folder, "records.csv")
    assert record["record_id"] == "Interview-2" and set(record.values()) == {"Interview-2", ""}

    quotes = [{k: v for k, v in r.items() if v} for r in added(before, folder, "quotes.csv")]
    assert quotes == [
        # A named selection, its exact words cut at code points (an emoji comes before it);
        # its case P1 gives gender (F → female) and an Integer age.
        {
            "quote_id": "QA",
            "theme_id": "T1.2",
            "record_id": "1",
            "position": "3",
            "text": "I felt I belonged there.",
            "speaker_gender": "female",
            "speaker_age_label": "67",
            "speaker_age_min": "67",
            "speaker_age_max": "67",
        },
        # An unnamed selection with two codes: a quote under each, keyed after the existing.
        {
            "quote_id": "Q3",
            "theme_id": "T3.1.1",
            "record_id": "1",
            "position": "4",
            "text": "She trusted her link worker.",
            "note": "Said twice.",
        },
        {
            "quote_id": "Q4",
            "theme_id": "T1.1",
            "record_id": "1",
            "position": "5",
            "text": "She trusted her link worker.",
            "note": "Said twice.",
        },
        # Named Q2, a key already taken; its source's case gives kind and an age group.
        {
            "quote_id": "Q5",
            "theme_id": "T1",
            "record_id": "Interview-2",
            "position": "6",
            "kind": "participant",
            "kind_certain": "yes",
            "text": "The group was a lifeline.",
            "speaker_age_label": "60-64 years",
            "speaker_age_min": "60",
            "speaker_age_max": "64",
        },
    ]
    support = [
        (r["theme_id"], r["record_id"], r["evidence"])
        for r in added(before, folder, "theme_support.csv")
    ]
    assert support == [
        ("T1.2", "1", "quoted"),
        ("T3.1.1", "1", "quoted"),
        ("T1", "Interview-2", "quoted"),
    ]
    # Nothing else in the folder changed.
    after = snapshot(folder)
    changed = {n for n in after if after[n] != before.get(n)}
    assert changed == {"themes.csv", "records.csv", "quotes.csv", "theme_support.csv"}

    report = outcome.report
    assert report.matched == {"themes": 2, "records": 1}
    assert report.added == {"themes": 4, "records": 1, "quotes": 4, "theme support": 3}
    assert report.to_complete == [
        "records.csv Interview-2 (source 'Interview 2'): citation_number, study_id, "
        "publication_type, peer_reviewed",
        "quotes.csv QA: kind, kind_certain",
        "quotes.csv Q3: kind, kind_certain",
        "quotes.csv Q4: kind, kind_certain",
    ]


def test_the_report_names_what_could_not_be_mapped(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qdpx = write_qdpx(tmp_path / "coded.qdpx")
    code = main(["import", "qdpx", str(qdpx), "--review", REVIEW, "--data", str(data_dir)])
    assert code == EXIT_OK
    out = capsys.readouterr().out
    assert f"{REVIEW}: updated {data_dir / REVIEW} from {qdpx}" in out
    assert "  quotes: 0 matched, 4 new" in out
    for line in (
        "  - project.qde:74:PDFSource: 'paper.pdf' is not a text source: its 1 selection(s) "
        "and 1 coding(s) not mapped",
        "  - case 'P1' (line 36): variable 'Consented' (Boolean): no quote column for it; "
        "not mapped",
        "  - case 'P1' (line 36): variable 'Income' (Float): no quote column for it; not mapped",
        "  - case 'P1' (line 36): variable 'Interview date' (Date): no quote column for it; "
        "not mapped",
        "  - case 'P1' (line 36): variable 'Recorded at' (DateTime): no quote column for it; "
        "not mapped",
        "  - selection 'uncoded' (line 66): not coded; not a quote",
    ):
        assert line in out


def test_importing_the_same_project_again_writes_nothing(data_dir: Path, tmp_path: Path) -> None:
    qdpx = write_qdpx(tmp_path / "coded.qdpx")
    import_qdpx(qdpx, REVIEW, data_dir)
    before = snapshot(data_dir)
    again = import_qdpx(qdpx, REVIEW, data_dir)
    assert again.written == [] and snapshot(data_dir) == before
    assert again.report.added == {}
    assert again.report.matched == {"themes": 6, "records": 2, "quotes": 4}


def test_a_new_review_folder_gets_every_file_with_its_header(tmp_path: Path) -> None:
    data = tmp_path / "data"
    outcome = import_qdpx(write_qdpx(tmp_path / "coded.qdpx"), "new-2024", data)
    folder = data / "new-2024"
    assert outcome.created
    assert sorted(p.name for p in folder.iterdir()) == sorted(f.name for f in FILES)
    for schema in FILES:
        header = (folder / schema.name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert header == ",".join(c.name for c in schema.columns)
    assert [r["review_id"] for r in rows(folder / "review.csv")] == ["new-2024"]
    assert outcome.report.to_complete[0] == "review.csv new-2024: title, authors, year, review_type"
    assert [r["record_id"] for r in rows(folder / "records.csv")] == [
        "Smith-2017-interview-extracts",
        "Interview-2",
    ]
    themes = {r["theme_id"]: r["label"] for r in rows(folder / "themes.csv")}
    assert themes == {
        "T1": "Increased sense of wellbeing",
        "T1.1": "decreased  loneliness",
        "T1.2": "Belonging",
        "T2": "Mechanisms",
        "T2.1": "Link worker relationship",
        "T2.1.1": "Trust",
    }
    # The non-codable parent is a theme that no quote cites.
    assert "T2" not in {r["theme_id"] for r in rows(folder / "quotes.csv")}


def test_case_and_source_variables_of_every_schema_type_are_read(tmp_path: Path) -> None:
    qdpx = write_qdpx(tmp_path / "coded.qdpx")
    archive = open_archive(qdpx)
    try:
        root = parse_checked(archive.read("project.qde"), "Project", qdpx, "project.qde")
        project = read_project(root, archive, "project.qde")
    finally:
        archive.close()
    p1 = next(c for c in project.cases if c.name == "P1")
    assert [(v.name, v.type, v.value) for v in p1.variables] == [
        ("Gender", "Text", "F"),
        ("Age", "Integer", 67),
        ("Consented", "Boolean", True),
        ("Income", "Float", Decimal("1.50")),
        ("Interview date", "Date", "2020-03-01"),
        ("Recorded at", "DateTime", "2020-03-01T10:30:00Z"),
    ]
    inline, internal = project.sources
    assert inline.text is not None and inline.text.startswith("Café 😀")
    assert internal.text == "Interviewer: how was it?\nThe group was a lifeline.\n"
    assert [(s.name, s.text) for s in internal.selections] == [("Q2", "The group was a lifeline.")]


@pytest.mark.parametrize(
    ("name", "kind", "value", "cells"),
    [
        ("Gender", "Text", "woman", {"speaker_gender": "female"}),
        ("sex", "Text", "M", {"speaker_gender": "male"}),
        ("speaker_gender", "Text", "not-specified", {"speaker_gender": "not-specified"}),
        (
            "Age group",
            "Text",
            "65-69 years",
            {"speaker_age_label": "65-69 years", "speaker_age_min": "65", "speaker_age_max": "69"},
        ),
        ("age", "Text", "60+ years", {"speaker_age_label": "60+ years", "speaker_age_min": "60"}),
        ("Age", "Text", "age not specified", {"speaker_age_label": "age not specified"}),
        (
            "Age",
            "Integer",
            42,
            {"speaker_age_label": "42", "speaker_age_min": "42", "speaker_age_max": "42"},
        ),
        ("Kind", "Text", "author-interpretation", {"kind": "author-interpretation"}),
        ("kind certain", "Boolean", False, {"kind_certain": "no"}),
    ],
)
def test_speaker_variables_are_recognised(
    name: str, kind: str, value: object, cells: dict[str, str]
) -> None:
    found = speaker_cells([VariableValue(name, kind, value, 1)], "case 'c'")  # type: ignore[arg-type]
    assert found.cells == cells and found.notes == []


def test_a_speaker_value_outside_the_columns_values_is_reported_not_written() -> None:
    found = speaker_cells([VariableValue("Gender", "Text", "diverse", 3)], "case 'c'")
    assert found.cells == {}
    _, problem = type_cell("diverse", file_schema("quotes.csv").by_name["speaker_gender"])
    assert problem is not None
    assert found.notes == [
        f"case 'c': variable 'Gender' (Text): 'diverse' not mapped to speaker_gender: {problem}"
    ]
