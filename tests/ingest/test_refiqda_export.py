"""`spkg export --format qdpx|qdc`: the seed review's coding as a REFI-QDA project and codebook
that validate against the official schemas, and that `spkg import qdpx` turns back into the
same themes and quotes."""

from __future__ import annotations

import csv
import io
import shutil
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from ingest.build import ingest_data
from ingest.cli import EXIT_OK, EXIT_USAGE, main
from ingest.iris import Minter
from ingest.refiqda import NothingToExportError, export_refiqda, import_qdpx
from ingest.refiqda.project_writer import codebook_xml, project_xml
from ingest.refiqda.review_coding import RecordRow, ReviewCoding
from ingest.refiqda.xml_schema import CODEBOOK_NS, PROJECT_NS, schema_errors
from ingest.store import EmbeddedStore, RemoteStore
from tests.ingest.conftest import REVIEW as TINY
from tests.ingest.conftest import VALID
from tests.ingest.refiqda_projects import snapshot

SEED = Path(__file__).resolve().parents[2] / "data" / "liebmann-2022"
REVIEW = SEED.name
NS = {"q": PROJECT_NS}


def table(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def seed_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed review's folder, as the store was loaded from."""
    data = tmp_path_factory.mktemp("seed") / "data"
    shutil.copytree(SEED, data / REVIEW)
    return data


@pytest.fixture(scope="module")
def seed_store(seed_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An embedded store holding the seed review (not classified: exports read what it states)."""
    path = tmp_path_factory.mktemp("store") / "store"
    store = EmbeddedStore(path)
    ingest_data(seed_data, store, show_progress=False, classify=False)
    store.close()
    yield path


@pytest.fixture(scope="module")
def exported(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed review exported as qdpx and qdc through the command line."""
    out = tmp_path_factory.mktemp("export")
    files = {}
    for fmt in ("qdpx", "qdc"):
        files[fmt] = out / f"{REVIEW}.{fmt}"
        args = ["export", "--review", REVIEW, "--format", fmt, "--out", str(files[fmt])]
        assert main([*args, "--store", str(seed_store)]) == EXIT_OK
    return files


def project_root(qdpx: Path) -> etree._Element:
    with zipfile.ZipFile(qdpx) as archive:
        return etree.fromstring(archive.read("project.qde"))


def test_the_project_and_the_codebook_validate_against_the_official_schemas(
    exported: dict[str, Path],
) -> None:
    project = project_root(exported["qdpx"])
    assert schema_errors(project, "Project", exported["qdpx"], "project.qde") == []
    codebook = etree.parse(str(exported["qdc"])).getroot()
    assert schema_errors(codebook, "Codebook", exported["qdc"], "") == []
    # The codebook's codes, moved into the project namespace, also satisfy Project.xsd itself
    # (the official file, copied unchanged from ../shared/interop/refi-qda).
    moved = etree.fromstring(
        etree.tostring(codebook).replace(CODEBOOK_NS.encode(), PROJECT_NS.encode())
    )
    wrapper = etree.Element(f"{{{PROJECT_NS}}}Project", name=REVIEW, nsmap={None: PROJECT_NS})
    wrapper.append(moved)
    moved.tag = f"{{{PROJECT_NS}}}CodeBook"
    del moved.attrib["origin"]
    assert schema_errors(wrapper, "Project", exported["qdc"], "") == []


def test_every_selection_spans_its_quote_exactly_and_is_coded_with_its_theme(
    exported: dict[str, Path], seed_data: Path
) -> None:
    quotes = {q["quote_id"]: q for q in table(seed_data / REVIEW / "quotes.csv")}
    minter = Minter(REVIEW)
    codes = {
        str(uuid.uuid5(uuid.NAMESPACE_URL, str(minter.theme(t["theme_id"])))).upper(): t
        for t in table(seed_data / REVIEW / "themes.csv")
    }
    seen = set()
    with zipfile.ZipFile(exported["qdpx"]) as archive:
        project = etree.fromstring(archive.read("project.qde"))
        for source in project.iterfind("q:Sources/q:TextSource", NS):
            path = source.get("plainTextPath").removeprefix("internal://")
            text = archive.read(f"sources/{path}").decode("utf-8")
            for selection in source.iterfind("q:PlainTextSelection", NS):
                quote = quotes[selection.get("name")]
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                assert text[start:end] == quote["text"]
                [ref] = selection.iterfind("q:Coding/q:CodeRef", NS)
                assert codes[ref.get("targetGUID")]["theme_id"] == quote["theme_id"]
                seen.add(quote["quote_id"])
    assert seen == set(quotes)


def test_guids_are_uuid5_of_the_iris_and_the_same_review_gives_the_same_bytes(
    exported: dict[str, Path], seed_store: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.qdpx"
    args = ["export", "--review", REVIEW, "--format", "qdpx", "--out", str(again)]
    assert main([*args, "--store", str(seed_store)]) == EXIT_OK
    assert again.read_bytes() == exported["qdpx"].read_bytes()
    minter = Minter(REVIEW)
    project = project_root(exported["qdpx"])
    code = project.find("q:CodeBook/q:Codes/q:Code", NS)
    assert code.get("guid") == str(uuid.uuid5(uuid.NAMESPACE_URL, str(minter.theme("T1")))).upper()
    selection = project.find(".//q:PlainTextSelection[@name='Q01']", NS)
    target = Minter.quote_part(minter.quote("Q01"), "target")
    assert selection.get("guid") == str(uuid.uuid5(uuid.NAMESPACE_URL, str(target))).upper()


def test_export_then_import_gives_back_the_same_themes_and_quotes(
    exported: dict[str, Path], seed_data: Path, tmp_path: Path
) -> None:
    outcome = import_qdpx(exported["qdpx"], REVIEW, tmp_path / "data")
    back, seed = tmp_path / "data" / REVIEW, seed_data / REVIEW
    # Quotes: the same count, every text identical, indeed every cell of every row.
    quotes, original = table(back / "quotes.csv"), table(seed / "quotes.csv")
    assert len(quotes) == len(original) == 28
    assert [q["text"] for q in quotes] == [q["text"] for q in original]
    # (the new folder's header has every column; those the seed leaves out stay empty)
    assert [{c: q[c] for c in original[0]} for q in quotes] == original
    assert {c: v for q in quotes for c, v in q.items() if c not in original[0] and v} == {}
    # Themes: the same hierarchy, positions, labels and definitions, under the same keys.
    kept = ("theme_id", "parent_id", "position", "label", "description")
    themes = [{c: t[c] for c in kept} for t in table(back / "themes.csv")]
    assert themes == [{c: t[c] for c in kept} for t in table(seed / "themes.csv")]
    # Records: the same ones, under the same keys; what the format requires beyond what a
    # project holds (study, publication type, peer review) is left to complete.
    records, seed_records = table(back / "records.csv"), table(seed / "records.csv")
    assert [r["record_id"] for r in records] == [r["record_id"] for r in seed_records]
    assert outcome.report.added == {
        "themes": len(themes),
        "records": len(records),
        "quotes": len(quotes),
        "theme support": len({(q["theme_id"], q["record_id"]) for q in quotes}),
    }


def test_importing_the_export_into_the_review_itself_changes_nothing(
    exported: dict[str, Path], seed_data: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(seed_data, data)
    before = snapshot(data)
    outcome = import_qdpx(exported["qdpx"], REVIEW, data)
    assert outcome.written == [] and snapshot(data) == before
    assert outcome.report.matched == {"themes": 8, "records": 19, "quotes": 28}


def test_a_value_from_elsewhere_is_described_not_exported_as_data(
    exported: dict[str, Path], seed_data: Path
) -> None:
    """Record 42's first author comes from the paper (value_sources.csv), not the review."""
    listed = {
        (v["key"], v["column"])
        for v in table(seed_data / REVIEW / "value_sources.csv")
        if v["file"] == "records.csv"
    }
    assert ("42", "first_author") in listed
    project = project_root(exported["qdpx"])
    names = {v.get("guid"): v.get("name") for v in project.iterfind("q:Variables/q:Variable", NS)}
    for source in project.iterfind("q:Sources/q:TextSource", NS):
        values = {
            names[v.find("q:VariableRef", NS).get("targetGUID")]: v[1].text
            for v in source.iterfind("q:VariableValue", NS)
        }
        key = values["record_id"]
        assert not {c for c in values if (key, c) in listed}
        if key == "42":
            assert "first_author" not in values
            assert "(from elsewhere): first_author: Moffatt;" in source.findtext(
                "q:Description", namespaces=NS
            )


def test_usage_errors_exit_2(
    seed_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ["--store", str(seed_store)]
    assert main(["export", "--format", "qdpx", "--review", REVIEW, *store]) == EXIT_USAGE
    assert "give --out FILE" in capsys.readouterr().err
    out = ["--out", str(tmp_path / "x.qdc")]
    assert main(["export", "--format", "qdc", "--review", "nope", *out, *store]) == EXIT_USAGE
    assert "no review 'nope' in the store" in capsys.readouterr().err
    assert not (tmp_path / "x.qdc").exists()


def test_a_remote_store_gives_the_same_project_as_the_embedded_one(
    remote_store: RemoteStore, tmp_path: Path
) -> None:
    """The named queries mean the same with bound values inlined (remote) as substituted."""
    embedded = EmbeddedStore(tmp_path / "store")
    try:
        for store in (embedded, remote_store):
            ingest_data(VALID, store, show_progress=False, classify=False)
        written = [io.BytesIO(), io.BytesIO()]
        export_refiqda(embedded, TINY, "qdpx", written[0])
        export_refiqda(remote_store, TINY, "qdpx", written[1])
    finally:
        embedded.close()
    assert written[0].getvalue() == written[1].getvalue()
    assert zipfile.ZipFile(written[0]).namelist()[0] == "project.qde"


def test_a_review_without_themes_gives_a_valid_project_but_no_codebook(tmp_path: Path) -> None:
    coding = ReviewCoding(TINY, "https://w3id.org/spkg/id/review/x", [], [RecordRow("r")], [], [])
    project, members = project_xml(coding)
    root = etree.fromstring(project)
    assert schema_errors(root, "Project", tmp_path, "project.qde") == []
    assert root.find("q:CodeBook", NS) is None and list(members.values()) == [""]
    with pytest.raises(NothingToExportError, match="no themes, so no codebook"):
        codebook_xml(coding)
