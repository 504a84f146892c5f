"""Reference-manager files: RIS and BibTeX in (`spkg import ris|bibtex`), RIS, BibTeX and
CSL-JSON out (`spkg export --format ris|bibtex|csljson`), from the exports the tools write."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.cli import main
from ingest.errors import DataFilesError
from ingest.readers import read_review
from ingest.references import (
    READERS,
    WRITERS,
    Reference,
    export_references,
    import_references,
    read_bibtex,
    read_ris,
)
from ingest.references.bibtex import read_bibtex as read_bib
from ingest.references.ris import read_ris as read_ris_file
from ingest.store import EmbeddedStore
from tests.api.rest.conftest import FIXTURE, SEED, build_store

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "references"
SPKG = Path(sys.executable).parent / "spkg"
BASE = "https://w3id.org/spkg/"
COMPARED = ("doi", "title", "year", "authors")


def spkg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SPKG), *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def records(folder: Path) -> list[dict[str, str]]:
    with (folder / "records.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """The seed review and the tiny fixture written by the ingest's pipeline."""
    path = build_store(tmp_path_factory.mktemp("refs") / "store", [SEED, FIXTURE])
    store = EmbeddedStore(path)
    yield store
    store.close()


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture review's folder."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "data" / "tiny-2020"))


# Reading what the tools write


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (  # EndNote: T1, JF, Y1 with a date, a DOI with its resolver and in capitals
            "endnote.ris",
            Reference(
                publication_type="journal-article",
                first_author="Moffatt",
                authors=("Moffatt S", "Steer M", "Lawson S", "Penn L", "O'Brien N"),
                year="2017",
                title="Link Worker social prescribing to improve health and well-being for people "
                "with long-term conditions: qualitative study of service user perceptions",
                venue="BMJ Open",
                locator="7(7):e015203",
                doi="10.1136/BMJOPEN-2016-015203",
                source_type="JOUR",
                entry=1,
            ),
        ),
        (  # Zotero: T2, DA and PY, J2, a middle initial
            "zotero.ris",
            Reference(
                publication_type="journal-article",
                first_author="Wildman",
                authors=("Wildman JM", "Moffatt S", "Steer M", "Laing K", "Penn L", "O’Brien N"),
                year="2019",
                title="Service-users’ perspectives of link worker social prescribing: "
                "a qualitative follow-up study",
                venue="BMC Public Health",
                locator="19(1):98",
                doi="10.1186/s12889-018-6349-x",
                source_type="JOUR",
                entry=1,
            ),
        ),
        (  # Mendeley: JO, SP and EP, `ER  -` without its space, no blank line between entries
            "mendeley.ris",
            Reference(
                publication_type="journal-article",
                first_author="Blickem",
                authors=("Blickem C", "Kennedy A", "Vassilev I"),
                year="2013",
                title="Linking people with long-term health conditions to healthy community "
                "activities: development of Patient-Led Assessment for Network Support (PLANS)",
                venue="Health Expectations",
                locator="16(3):e48-e59",
                doi="10.1111/hex.12088",
                source_type="JOUR",
                entry=1,
            ),
        ),
        (  # Covidence: the page range in SP alone
            "covidence.ris",
            Reference(
                publication_type="journal-article",
                first_author="Foster",
                authors=("Foster A", "Thompson J", "Holding E"),
                year="2021",
                title="Impact of social prescribing to address loneliness: a mixed methods "
                "evaluation of a national social prescribing programme",
                venue="Health & Social Care in the Community",
                locator="29(5):1439-1449",
                doi="10.1111/hsc.13200",
                source_type="JOUR",
                entry=1,
            ),
        ),
    ],
)
def test_ris_exports_of_the_reference_managers_read_as_records(name: str, expected: Reference):
    assert read_ris(FILES / name)[0] == expected


def test_organisations_are_first_author_only_whichever_way_the_tool_marks_them():
    endnote = read_ris(FILES / "endnote.ris")[2]  # `Alliance for Healthier Communities,`
    zotero = read_ris(FILES / "zotero.ris")[1]  # no comma, not `Surname Initials`
    bibtex = read_bibtex(FILES / "zotero.bib")[2]  # `{Alliance for Healthier Communities}`
    for ref in (endnote, zotero, bibtex):
        assert (ref.first_author, ref.authors) == ("Alliance for Healthier Communities", ())
        assert ref.publication_type == "report"


def test_bibtex_latex_and_name_parts_read_as_records_print_them():
    muller = read_bibtex(FILES / "zotero.bib")[3]
    assert muller.title == "Social prescribing & loneliness: 50% of UK practices"
    assert muller.venue == "Ageing & Society"
    assert muller.authors == ("Müller J", "van der Berg JP")
    assert (muller.first_author, muller.doi) == ("Müller", "10.1017/S0144686X2100001X")
    assert (muller.key, muller.locator) == ("muller_social_2021", ":12-20")


def test_a_thesis_is_doctoral_only_when_its_kind_says_so():
    one, two, three = read_bibtex(FILES / "biblatex.bib")
    assert (one.publication_type, one.year, one.venue) == (
        "doctoral-thesis",
        "2017",
        "Canterbury Christ Church University",
    )
    assert two.publication_type is None  # a master's thesis is not one of the format's types
    assert (three.venue, three.locator) == ("Journal of Public Health", "37(1):143-150")
    assert read_ris(FILES / "endnote.ris")[1].publication_type == "doctoral-thesis"  # M3 Ph.D.


def test_a_type_the_format_has_no_value_for_leaves_the_cell_empty(tiny: Path):
    chapter = read_ris(FILES / "mendeley.ris")[1]
    assert (chapter.source_type, chapter.publication_type) == ("CHAP", None)
    report = import_references(tiny, [chapter], FILES / "mendeley.ris")
    [row] = [r for r in records(tiny) if r["record_id"] == "ferreira-2020"]
    assert row["publication_type"] == ""
    assert any("CHAP is none of the format's publication types" in n for n in report.notes)


# Importing into records.csv


def test_import_matches_by_doi_or_title_and_appends_the_rest(tiny: Path):
    before = (tiny / "records.csv").read_bytes()
    report = import_references(tiny, read_ris(FILES / "endnote.ris"), FILES / "endnote.ris")
    assert [(i, r.entry, how) for i, r, how in report.matched] == [
        ("1", 1, "DOI"),  # https://doi.org/10.1136/BMJOPEN-… is the row's 10.1136/bmjopen-…
        ("3", 2, "title"),  # `Museums on Prescription.` is `Museums on prescription`
    ]
    assert [(i, r.entry) for i, r in report.added] == [
        ("alliance-for-healthier-communities-2020", 3),
        ("kharicha-2017", 4),
        ("kharicha-2017b", 5),
    ]
    assert [(r.entry, why) for r, why in report.skipped] == [(6, "repeats entry 4 (kharicha-2017)")]
    after = (tiny / "records.csv").read_bytes()
    assert after.startswith(before)  # existing rows untouched, byte for byte
    row = {k: v for k, v in records(tiny)[4].items() if v}
    assert row == {
        "record_id": "kharicha-2017",
        "publication_type": "journal-article",
        "first_author": "Kharicha",
        "authors": "Kharicha K; Iliffe S",
        "year": "2017",
        "title": "What do older people experiencing loneliness think about primary care or "
        "community based interventions to reduce loneliness? A qualitative study in England",
        "venue": "Health & Social Care in the Community",
        "locator": "25(6):1733-1742",
        "doi": "10.1111/hsc.12438",
    }


def test_new_rows_read_back_with_only_the_reviews_own_cells_missing(tiny: Path):
    import_references(tiny, read_ris(FILES / "endnote.ris"), FILES / "endnote.ris")
    with pytest.raises(DataFilesError) as caught:
        read_review(tiny)
    problems = {(e.row, e.column, e.message) for e in caught.value.errors}
    assert problems == {
        (row, column, "a value is required")
        for row in (5, 6, 7)
        for column in ("citation_number", "study_id", "peer_reviewed")
    }


def test_importing_the_same_file_again_changes_nothing(tiny: Path):
    source = FILES / "zotero.bib"
    first = import_references(tiny, read_bibtex(source), source)
    written = (tiny / "records.csv").read_bytes()
    again = import_references(tiny, read_bibtex(source), source)
    assert (tiny / "records.csv").read_bytes() == written
    assert (len(first.added), len(first.matched), first.written) == (3, 1, True)
    assert (again.added, again.written) == ([], False)
    assert len(again.matched) == 4


def test_a_matched_row_is_left_as_it_is_and_what_the_file_adds_is_reported(tiny: Path):
    before = (tiny / "records.csv").read_bytes()
    thesis = read_ris(FILES / "endnote.ris")[1]
    report = import_references(tiny, [thesis], FILES / "endnote.ris")
    assert (tiny / "records.csv").read_bytes() == before
    assert report.matched[0][:1] == ("3",) and not report.written


def test_two_different_dois_are_two_works_whatever_their_titles(tiny: Path):
    same_title = Reference(title="Link workers and loneliness", doi="10.9999/other", entry=1)
    report = import_references(tiny, [same_title], FILES / "x.ris")
    assert [i for i, _ in report.added] == ["record"] and not report.matched


def test_import_into_a_new_folder_writes_records_csv_with_the_formats_header(tmp_path: Path):
    folder = tmp_path / "data" / "new-review"
    import_references(folder, read_ris(FILES / "covidence.ris"), FILES / "covidence.ris")
    header = (folder / "records.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == (FIXTURE / "records.csv").read_text(encoding="utf-8").splitlines()[0]
    assert [r["record_id"] for r in records(folder)] == ["foster-2021", "nordin-2020"]


# Bad input: located, exit 1, nothing written


def test_an_entry_with_no_doi_and_no_title_exits_1_located_and_writes_nothing(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data / "tiny-2020")
    before = {p: p.read_bytes() for p in (data / "tiny-2020").iterdir()}
    bad = tmp_path / "refs.ris"
    bad.write_text(
        (FILES / "covidence.ris").read_text(encoding="utf-8")
        + "TY  - JOUR\nAU  - Nobody, N.\nPY  - 2020\nER  - \n",
        encoding="utf-8",
    )
    done = spkg(
        "import", "ris", str(bad), "--review", "tiny-2020", "--data", str(data), cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    assert f"{bad}:entry 3:TI: no DOI (DO) and no title (TI): nothing to match" in done.stderr
    assert {p: p.read_bytes() for p in (data / "tiny-2020").iterdir()} == before


@pytest.mark.parametrize(
    ("text", "located"),
    [
        ("TY  - JOUR\nTI  - x\n", "refs.ris:entry 1:ER: no `ER  - ` line ends it"),
        (
            "TY  - JOUR\nTI  - a\nTY  - JOUR\nTI  - b\nER  - \n",
            "refs.ris:entry 1:ER: no `ER  - ` line ends it",
        ),
        ("Title: not a RIS file\n", "refs.ris:0:TY: no RIS entry (no `TY  - ` line)"),
        (
            "TY  - JOUR\nTI  - x\nDO  - 11.2/not-a-doi\nER  - \n",
            "refs.ris:entry 1:DO: not a DOI: '11.2/not-a-doi'",
        ),
    ],
)
def test_bad_ris_is_refused_located(tmp_path: Path, text: str, located: str):
    path = tmp_path / "refs.ris"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFilesError) as caught:
        read_ris_file(path)
    assert [e.located() for e in caught.value.errors] == [f"{tmp_path}/{located}"]


def test_a_file_that_is_not_utf8_is_refused_located(tmp_path: Path):
    path = tmp_path / "refs.ris"
    path.write_bytes("TY  - JOUR\nTI  - Müller\nER  - \n".encode("latin-1"))
    with pytest.raises(DataFilesError) as caught:
        read_ris_file(path)
    [error] = caught.value.errors
    assert error.located() == f"{path}:0:: not UTF-8 (byte 18): export the file as UTF-8"


@pytest.mark.parametrize(
    ("text", "located"),
    [
        (
            "@article{a, title={x}, year=2020}\n@article{a, title={y}}\n",
            "refs.bib:entry 2:: key 'a' is used by an earlier entry (line 2)",
        ),
        ("@article{a, title={x}, title={y}}\n", "refs.bib:entry 1:title: given twice (line 1)"),
        (
            "@article{a, title={x}, year=2020}\n@misc{b, title={unclosed}\n"
            "@article{c, title={z}}\n",
            "refs.bib:entry 2:: cannot be read (line 2)",
        ),
        ("@misc{a, author={Nobody, N.}, year=2020}\n", "refs.bib:entry 1:title: no DOI"),
        ("no entries at all\n", "refs.bib:0:: no BibTeX entry"),
    ],
)
def test_bad_bibtex_is_refused_located(tmp_path: Path, text: str, located: str):
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFilesError) as caught:
        read_bib(path)
    assert [e.located()[: len(f"{tmp_path}/{located}")] for e in caught.value.errors] == [
        f"{tmp_path}/{located}"
    ]


# Out of the store, and back


def _compared(ref: Reference | dict[str, str]) -> tuple[object, ...]:
    if isinstance(ref, dict):
        authors = tuple(ref["authors"].split("; ")) if ref["authors"] else ()
        return (ref["doi"] or None, ref["title"] or None, ref["year"] or None, authors)
    return tuple(getattr(ref, name) for name in COMPARED)


@pytest.mark.parametrize("fmt", ["ris", "bibtex"])
def test_the_seed_review_round_trips_through_reference_files(
    seed_store: EmbeddedStore, tmp_path: Path, fmt: str
):
    exported = export_references(seed_store, "liebmann-2022", fmt, BASE)
    assert exported.left_out == ("47", "48", "56")  # records with neither DOI nor title
    source = tmp_path / f"seed.{fmt}"
    source.write_bytes(exported.body)
    folder = tmp_path / "fresh"
    report = import_references(folder, READERS[fmt](source), source)
    assert len(report.added) == exported.records == 16
    seed = [r for r in records(SEED) if r["record_id"] not in exported.left_out]
    assert [_compared(r) for r in records(folder)] == [_compared(r) for r in seed]
    for column in ("first_author", "venue", "locator", "publication_type"):
        assert [r[column] for r in records(folder)] == [r[column] for r in seed], column


def test_export_import_round_trip_with_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    store = build_store(tmp_path / "store", [FIXTURE])
    out, data = tmp_path / "tiny.ris", tmp_path / "data"
    args = ["--review", "tiny-2020", "--store", str(store)]
    assert main(["export", "--format", "ris", *args, "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"tiny-2020: wrote {out} (ris; records 3)\n"
    assert main(["import", "ris", str(out), "--review", "fresh", "--data", str(data)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"{data}/fresh/records.csv: 3 added, 0 matched, 0 skipped"
    assert printed[1:4] == [
        "  added   smith-2017 (entry 1, JOUR)",
        "  added   wild-2019 (entry 2, JOUR)",
        "  added   todd-2017 (entry 3, THES)",
    ]
    assert [_compared(r) for r in records(data / "fresh")] == [
        _compared(r) for r in records(FIXTURE)
    ]
    assert main(["export", "--format", "bibtex", *args]) == 0
    printed = capsys.readouterr()
    assert printed.out.startswith("@article{1,")
    assert printed.err == "tiny-2020: wrote standard output (bibtex; records 3)\n"
    assert main(["export", "--format", "csljson", "--store", str(store)]) == 2
    assert "--format csljson needs --review ID" in capsys.readouterr().err
    assert main(["export", "--format", "ris", "--review", "nope", "--store", str(store)]) == 2
    assert "no review 'nope' in the store" in capsys.readouterr().err


def test_values_not_stated_by_the_review_are_named_in_the_export(seed_store: EmbeddedStore):
    ris = export_references(seed_store, "liebmann-2022", "ris", BASE).body.decode()
    first = ris.split("ER  - ", 1)[0]
    assert "DO  - 10.1136/bmjopen-2016-015203" in first
    # records.csv row 42 takes its DOI, title … from the primary paper (value_sources.csv)
    assert "N1  - Not stated in the review (added from elsewhere): authors, doi," in first
    items = json.loads(export_references(seed_store, "liebmann-2022", "csljson", BASE).body)
    assert "doi" in items[0]["custom"]["spkg-supplementary"]


def test_csl_json_renders_with_a_citeproc_processor(seed_store: EmbeddedStore):
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(export_references(seed_store, "liebmann-2022", "csljson", BASE).body)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # citeproc-py ignores `custom`
        source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    printed = [str(entry) for entry in bibliography.bibliography()]
    assert len(printed) == 16
    assert printed[0].startswith("Moffatt, S. et al. (2017) “Link Worker social prescribing")
    assert any(p.startswith("Alliance for Healthier Communities (2020) Rx") for p in printed)


_SURNAME = st.from_regex(
    r"(?:(?:van|de|van der) )?[A-Z][a-z]{1,8}(?:[-'][A-Z][a-z]{1,6})?", fullmatch=True
)
_PERSON = st.builds(lambda s, i: f"{s} {i}", _SURNAME, st.from_regex(r"[A-Z]{1,3}", fullmatch=True))


@settings(max_examples=40, deadline=None)
@given(authors=st.lists(_PERSON, min_size=1, max_size=4), fmt=st.sampled_from(["ris", "bibtex"]))
def test_any_list_of_authors_round_trips(tmp_path_factory, authors: list[str], fmt: str):
    ref = Reference(
        publication_type="journal-article",
        first_author=authors[0].rsplit(" ", 1)[0],
        authors=tuple(authors),
        title="A title",
        key="k",
    )
    path = tmp_path_factory.mktemp("prop") / f"refs.{fmt}"
    path.write_text(WRITERS[fmt]([ref]), encoding="utf-8")
    [back] = READERS[fmt](path)
    assert (back.first_author, back.authors) == (ref.first_author, ref.authors)


def test_csv_of_the_import_is_rfc_4180(tmp_path: Path):
    folder = tmp_path / "r"
    ref = Reference(title='A "quoted", comma title', doi="10.1000/x", entry=1)
    import_references(folder, [ref], tmp_path / "x.ris")
    [row] = list(csv.DictReader(io.StringIO((folder / "records.csv").read_text())))
    assert row["title"] == 'A "quoted", comma title'
