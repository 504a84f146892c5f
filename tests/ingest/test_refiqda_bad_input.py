"""A broken `.qdpx` gives located errors (archive, file inside it, line, element), exit 1, and
leaves the review folder byte-for-byte as it was (or absent, for a new review)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cli import EXIT_DATA, main
from tests.ingest.conftest import REVIEW
from tests.ingest.refiqda_projects import coded_project, snapshot, write_qdpx


def line_of(text: str, fragment: str) -> int:
    """The line (from 1) on which `fragment` first appears in `text`."""
    return text[: text.index(fragment)].count("\n") + 1


def refused(qdpx: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Import `qdpx` into the tiny review and into a new one; both exit 1 and write nothing.
    The error lines printed (the same both times)."""
    before = snapshot(data_dir)
    code = main(["import", "qdpx", str(qdpx), "--review", REVIEW, "--data", str(data_dir)])
    errors = capsys.readouterr().err.splitlines()
    assert code == EXIT_DATA
    assert snapshot(data_dir) == before
    code = main(["import", "qdpx", str(qdpx), "--review", "new-2024", "--data", str(data_dir)])
    assert code == EXIT_DATA and capsys.readouterr().err.splitlines() == errors
    assert not (data_dir / "new-2024").exists()
    return errors


def test_a_file_that_is_not_a_zip(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qdpx = tmp_path / "project.qdpx"
    qdpx.write_text(coded_project(), encoding="utf-8")  # the XML itself, not zipped
    assert refused(qdpx, data_dir, capsys) == [
        f"{qdpx}: not a REFI-QDA project: not a zip archive (a .qdpx is a zip holding "
        "project.qde and a sources folder)",
        "1 data error(s)",
    ]


def test_a_project_not_valid_against_the_schema_gives_each_xsd_error_with_its_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        coded_project()
        .replace('name="Belonging" isCodable="true"', 'name="Belonging"')
        .replace('startPosition="64"', 'startPosition="sixty-four"')
    )
    qdpx = write_qdpx(tmp_path / "project.qdpx", text)
    code_line = line_of(text, 'name="Belonging"')
    selection_line = line_of(text, 'startPosition="sixty-four"')
    assert refused(qdpx, data_dir, capsys) == [
        f"{qdpx}:project.qde:{code_line}:Code: not valid against Project.xsd: Element 'Code': "
        "The attribute 'isCodable' is required but missing.",
        f"{qdpx}:project.qde:{selection_line}:PlainTextSelection: not valid against "
        "Project.xsd: Element 'PlainTextSelection', attribute 'startPosition': 'sixty-four' "
        "is not a valid value of the atomic type 'xs:integer'.",
        "2 data error(s)",
    ]


def test_a_selection_outside_its_source_text(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        coded_project()
        .replace('startPosition="39" endPosition="63"', 'startPosition="39" endPosition="114"')
        .replace('startPosition="25" endPosition="50"', 'startPosition="52" endPosition="60"')
    )
    qdpx = write_qdpx(tmp_path / "project.qdpx", text)
    inline, internal = line_of(text, 'endPosition="114"'), line_of(text, 'endPosition="60"')
    assert refused(qdpx, data_dir, capsys) == [
        f"{qdpx}:project.qde:{inline}:PlainTextSelection: selection 'QA' [39, 114) lies outside "
        "the text of source 'Smith 2017 interview extracts' (113 characters; positions count "
        "Unicode code points from 0)",
        f"{qdpx}:project.qde:{internal}:PlainTextSelection: selection 'Q2' [52, 60) lies "
        "outside the text of source 'Interview 2' (51 characters; positions count Unicode code "
        "points from 0)",
        "2 data error(s)",
    ]


@pytest.mark.parametrize("entry", ["../../x", "/tmp/spkg-zip-slip", "sources/../../x", "C:\\x"])
def test_a_zip_entry_outside_the_archive_is_refused_before_anything_is_read(
    entry: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qdpx = write_qdpx(tmp_path / "project.qdpx", extra={entry: b"owned"})
    assert refused(qdpx, data_dir, capsys) == [
        f"{qdpx}:{entry}: zip entry path points outside the archive; the project was refused "
        "and nothing was read from it",
        "1 data error(s)",
    ]
    assert not (tmp_path.parent / "x").exists() and not Path("/tmp/spkg-zip-slip").exists()


def test_references_to_nothing_are_located(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        coded_project()
        .replace("internal://interview-2.txt", "internal://interview-9.txt")
        .replace(
            '<CodeRef targetGUID="00000000-0000-4000-8000-000000000006"/>',
            '<CodeRef targetGUID="00000000-0000-4000-8000-000000000999"/>',
        )
    )
    qdpx = write_qdpx(tmp_path / "project.qdpx", text)
    source, ref = line_of(text, "interview-9"), line_of(text, "000000000999")
    assert refused(qdpx, data_dir, capsys) == [
        f"{qdpx}:project.qde:{ref}:CodeRef: selection '00000000-0000-4000-8000-000000000312' "
        "is coded with 00000000-0000-4000-8000-000000000999, which names no Code",
        f"{qdpx}:project.qde:{source}:TextSource: plainTextPath 'internal://interview-9.txt' "
        "names no file of the archive's sources",
        "2 data error(s)",
    ]


def test_xml_with_a_dtd_is_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = coded_project().replace(
        '<Project xmlns="urn:QDA-XML:project:1.0"',
        '<!DOCTYPE Project [<!ENTITY lol "lol">]>\n<Project xmlns="urn:QDA-XML:project:1.0"',
    )
    qdpx = write_qdpx(tmp_path / "project.qdpx", text)
    [error, count] = refused(qdpx, data_dir, capsys)
    assert error.startswith(f"{qdpx}:project.qde: refused: DTDForbidden(")
    assert error.endswith("(DTDs and entities)") and count == "1 data error(s)"
