"""What partly extracted reviews need from the format, on the real reviews of data/: a review's
PMID, themes no extracted record supports yet, a line of argument whose input constructs are not
extracted, and `spkg validate` reporting every failing review of a data folder at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.build import check_data, ingest_data
from ingest.cli import EXIT_DATA, EXIT_OK
from ingest.errors import DataFilesError, ReviewsFailedError, ValidationFailedError
from ingest.namespaces import DEFAULT_BASE
from ingest.schema import FILES
from ingest.store import EmbeddedStore
from tests.ingest.kinds import KINDS, edit_csv, validate_output

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
COOPER = DATA / "cooper-2023"
TURK = DATA / "turk-2024"
ID = "https://w3id.org/spkg/id/"
PREFIXES = (
    "PREFIX spkg: <https://w3id.org/spkg/ontology#>\n"
    "PREFIX fabio: <http://purl.org/spar/fabio/>\n"
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
)


def _copy(tmp: Path, *folders: Path) -> Path:
    data = tmp / "data"
    for folder in folders:
        shutil.copytree(folder, data / folder.name)
    return data


def _fill(folder: Path) -> None:
    """Give a review-only folder the files every other review has, header only."""
    for schema in FILES:
        path = folder / schema.name
        if not schema.optional and not path.exists():
            path.write_text(",".join(c.name for c in schema.columns) + "\n", encoding="utf-8")


def _complete(folder: Path) -> None:
    """Say the review is completely extracted (extraction and included_study_count empty)."""
    _fill(folder)
    key = ("review_id", folder.name)
    edit_csv(folder / "review.csv", key, "extraction", "")
    edit_csv(folder / "review.csv", key, "included_study_count", "")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/ as shipped (liebmann-2022, cooper-2023, turk-2024), ingested into a real store."""
    tmp = tmp_path_factory.mktemp("gaps")
    data = _copy(tmp, *sorted(p for p in DATA.iterdir() if (p / "review.csv").is_file()))
    store = tmp / "store"
    with EmbeddedStore(store) as opened:
        outcomes = ingest_data(data, opened, base=DEFAULT_BASE, show_progress=False)
    assert {o.review_id for o in outcomes if o.written} >= {
        "liebmann-2022",
        "cooper-2023",
        "turk-2024",
    }
    return store


def _select(store_path: Path, query: str) -> list[dict[str, str]]:
    with EmbeddedStore(store_path) as store:
        return [{k: str(v) for k, v in r.items()} for r in store.select(PREFIXES + query)]


# --- review.csv pmid ---------------------------------------------------------------------------


def test_a_reviews_pmid_is_stated_from_its_catalogue_record(store_path: Path) -> None:
    rows = _select(
        store_path,
        """SELECT ?review ?pmid ?g ?kind WHERE {
             GRAPH ?g { ?review fabio:hasPubMedId ?pmid }
             GRAPH ?s { ?source spkg:aboutResource ?review ; spkg:aboutProperty fabio:hasPubMedId ;
                                spkg:sourceKind ?kind } }""",
    )
    found = {(r["review"].rsplit("/", 1)[-1], r["pmid"]) for r in rows}
    assert found == {("cooper-2023", "37232248"), ("turk-2024", "38965525")}
    # listed in value_sources.csv: the supplementary graph, from a catalogue record
    assert all(r["g"].endswith("/supplementary") for r in rows)
    assert {r["kind"] for r in rows} == {"https://w3id.org/spkg/ontology#CatalogueRecord"}


def test_a_pmid_that_is_not_digits_is_refused_at_its_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _copy(tmp_path, COOPER)
    row = edit_csv(
        data / "cooper-2023" / "review.csv", ("review_id", "cooper-2023"), "pmid", "PMID:1"
    )
    code, out = validate_output(data / "cooper-2023", capsys)
    assert code == EXIT_DATA
    assert f"review.csv:{row}:pmid:" in out
    assert "PubMedIdShape-pmid" in out


# --- themes of a review not completely extracted ------------------------------------------------


def test_unsupported_themes_of_a_review_only_folder_are_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = validate_output(COOPER, capsys)
    assert code == EXIT_OK
    assert out.count("warning: A theme names no supporting record") == 2
    assert "themes.csv:2::" in out and "themes.csv:3::" in out
    data = _copy(tmp_path, COOPER)
    _fill(data / "cooper-2023")
    edit_csv(
        data / "cooper-2023" / "review.csv", ("review_id", "cooper-2023"), "extraction", "partial"
    )
    code, out = validate_output(data / "cooper-2023", capsys)
    assert code == EXIT_OK
    assert "ThemeSupportedPartlyExtractedShape" in out


def test_an_unsupported_theme_of_a_complete_review_is_a_violation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _copy(tmp_path, COOPER)
    _complete(data / "cooper-2023")
    code, out = validate_output(data / "cooper-2023", capsys)
    assert code == EXIT_DATA
    assert "themes.csv:2::" in out and "[ThemeSupportedShape]" in out
    assert "cooper-2023: 2 violation(s)" in out


# --- a line of argument without its input constructs -------------------------------------------


def test_turks_line_of_argument_is_stated_without_invented_inputs(store_path: Path) -> None:
    rows = _select(
        store_path,
        """SELECT ?construct ?translation WHERE {
             ?construct a spkg:LineOfArgument ; prov:wasGeneratedBy ?translation .
             ?translation a spkg:LineOfArgumentSynthesis .
             FILTER NOT EXISTS { ?translation prov:used ?input }
             FILTER(CONTAINS(STR(?construct), "/construct/turk-2024/")) }""",
    )
    assert rows == [
        {
            "construct": ID + "construct/turk-2024/line-of-argument",
            "translation": ID + "translation/turk-2024/line-of-argument",
        }
    ]


@pytest.mark.parametrize(
    ("edit", "column", "expected"),
    [
        # a completely extracted review names what its line of argument was built from
        ("complete", "construct_ids", "translates no construct"),
        # only a line of argument may leave its inputs out
        ("reciprocal", "construct_ids", "translates no construct"),
        # and then it names the construct it yields
        ("no-yield", "yields_construct_id", "names neither the constructs"),
    ],
)
def test_a_translation_without_inputs_is_refused_otherwise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: str, column: str, expected: str
) -> None:
    data = _copy(tmp_path, TURK)
    folder = data / "turk-2024"
    key = ("translation_id", "line-of-argument")
    if edit == "complete":
        _complete(folder)
    elif edit == "reciprocal":
        edit_csv(folder / "translations.csv", key, "kind", "reciprocal")
    else:
        edit_csv(folder / "translations.csv", key, "yields_construct_id", "")
    code, out = validate_output(folder, capsys)
    assert code == EXIT_DATA
    assert f"translations.csv:2:{column}: " in out
    assert expected in out


# --- every failing review of a data folder ------------------------------------------------------


def test_validate_reports_every_failing_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two reviews with violations and one with a data error: all three, located, exit 1."""
    data = _copy(tmp_path, COOPER, TURK, KINDS / "review-only-2023")
    _complete(data / "cooper-2023")  # two unsupported themes: violations
    _complete(data / "turk-2024")  # a line of argument without inputs: a data error
    shutil.copy(data / "cooper-2023" / "themes.csv", data / "review-only-2023" / "themes.csv")
    for line in ("AT1", "AT2"):  # the same themes in a second review, now complete
        assert line in (data / "review-only-2023" / "themes.csv").read_text(encoding="utf-8")
    _complete(data / "review-only-2023")
    code, out = validate_output(data, capsys)
    assert code == EXIT_DATA
    assert "turk-2024/translations.csv:2:construct_ids:" in out
    assert "cooper-2023: 2 violation(s)" in out
    assert "review-only-2023: 2 violation(s)" in out
    assert "3 review failure(s)" in out
    with pytest.raises(ReviewsFailedError) as caught:
        check_data(data, classify=False, show_progress=False)
    kinds = [type(f) for f in caught.value.failures]
    assert kinds == [DataFilesError, ValidationFailedError, ValidationFailedError]


def test_one_failing_review_raises_its_own_error(tmp_path: Path) -> None:
    data = _copy(tmp_path, COOPER, TURK)
    _complete(data / "cooper-2023")
    with pytest.raises(ValidationFailedError) as caught:
        check_data(data, classify=False, show_progress=False)
    assert caught.value.report.review_id == "cooper-2023"
