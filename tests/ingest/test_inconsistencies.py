"""inconsistencies.csv: read with located errors, mapped to assessing annotations in the
supplementary graph only, one target per cell value; and the optional parts of the format
(the file, and themes.csv's abstract_label column) leave older folders valid."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from ingest.build import ingest_data
from ingest.errors import DataFilesError
from ingest.iris import Minter, record_key
from ingest.mapping import Mapped, map_review
from ingest.namespaces import DEFAULT_BASE, OA, PROV, RDF, SKOS, spkg_ns
from ingest.pipeline import Resources, load_resources
from ingest.readers import ReviewData, read_review
from ingest.store import EmbeddedStore
from tests.ingest.conftest import REVIEW, VALID, dump, replace_in

SEED = Path(__file__).resolve().parents[2] / "data" / "liebmann-2022"
S = spkg_ns(DEFAULT_BASE)
FILE = "inconsistencies.csv"


@pytest.fixture(scope="module")
def resources() -> Resources:
    return load_resources(DEFAULT_BASE)


def _map(folder: Path, resources: Resources) -> tuple[ReviewData, Mapped]:
    data = read_review(folder)
    return data, map_review(data, resources.vocabulary, DEFAULT_BASE)


def _errors(folder: Path) -> list[tuple[str, int, str, str]]:
    with pytest.raises(DataFilesError) as info:
        read_review(folder)
    return [(e.path.name, e.row, e.column, e.message) for e in info.value.errors]


def _expected_targets(data: ReviewData, mapped: Mapped, key: str) -> set[URIRef]:
    """The IRIs an inconsistency's cells name, minted as their own rows mint them."""
    m: Minter = mapped.minter
    row = next(r for r in data.rows(FILE) if r.key[0] == key)
    records = {r.key[0]: r for r in data.rows("records.csv")}
    expected: set[URIRef] = set()
    mint = {
        "statistic_ids": m.statistic,
        "theme_ids": m.theme,
        "statement_ids": m.statement,
        "stage_ids": m.stage,
    }
    for column, minter in mint.items():
        expected |= {minter(k) for k in row.get(column) or ()}
    for k in row.get("record_ids") or ():
        identity = ("doi", "pmid", "first_author", "year", "title")
        values = (records[k].get(c) for c in identity)
        expected.add(m.record(k, record_key(*(None if v is None else str(v) for v in values))))
    if row.get("passage"):
        expected.add(m.inconsistency_part(m.inconsistency(key), "passage"))
    return expected


@pytest.mark.parametrize("folder", [SEED, VALID / REVIEW], ids=["liebmann-2022", REVIEW])
def test_each_inconsistency_is_an_assessing_annotation_with_exactly_its_targets(
    folder: Path, resources: Resources
) -> None:
    data, mapped = _map(folder, resources)
    g, m = mapped.supplementary, mapped.minter
    curator = m.curator()
    offenders = []
    for row in data.rows(FILE):
        node = m.inconsistency(row.key[0])
        facts = {
            (node, RDF.type, S.Inconsistency),
            (node, RDF.type, OA.Annotation),
            (node, OA.motivatedBy, OA.assessing),
            (node, PROV.wasAttributedTo, curator),
            (node, OA.bodyValue, Literal(str(row.get("explanation")))),
            (m.review_iri(), S.hasInconsistency, node),
        }
        missing = [f for f in facts if f not in g]
        targets = set(g.objects(node, OA.hasTarget))
        if missing or targets != _expected_targets(data, mapped, row.key[0]):
            offenders.append(f"{row.key[0]}: missing {missing}, targets {sorted(targets)}")
    assert (curator, RDF.type, S.Curator) in g
    assert offenders == []
    assert len(data.rows(FILE)) == (17 if folder == SEED else 2)


def test_a_passage_is_a_span_of_the_review_selected_by_its_words(resources: Resources) -> None:
    _, mapped = _map(SEED, resources)
    g, m = mapped.supplementary, mapped.minter
    node = m.inconsistency("subtheme-count")
    span, selector = m.inconsistency_part(node, "passage"), m.inconsistency_part(node, "selector")
    assert {
        (span, RDF.type, OA.SpecificResource),
        (span, OA.hasSource, m.review_iri()),
        (span, OA.hasSelector, selector),
        (selector, RDF.type, OA.TextQuoteSelector),
        (selector, OA.exact, Literal("increased sense of wellbeing (with six subthemes)")),
        (node, S.inconsistencyKind, S.CountInconsistency),
    } <= set(g)
    assert mapped.origins[span].file == FILE


def test_curated_inconsistencies_never_enter_the_reported_graph(resources: Resources) -> None:
    _, mapped = _map(SEED, resources)
    prefix = f"{DEFAULT_BASE}id/inconsistency/"
    in_reported = [t for t in mapped.reported if any(str(x).startswith(prefix) for x in t)]
    assert in_reported == []
    assert (None, RDF.type, S.Curator) not in mapped.reported


def test_abstract_label_is_a_skos_alt_label_in_the_reported_graph(resources: Resources) -> None:
    _, mapped = _map(SEED, resources)
    theme = mapped.minter.theme("T3")
    label = Literal("perceived drawbacks of social prescribing")
    assert (theme, SKOS.altLabel, label) in mapped.reported
    assert mapped.column_of("themes.csv", str(SKOS.altLabel)) == "abstract_label"


def test_a_folder_without_the_optional_file_and_column_is_valid(
    data_dir: Path, resources: Resources
) -> None:
    folder = data_dir / REVIEW
    (folder / FILE).unlink()
    header = (folder / "themes.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "abstract_label" not in header  # the fixture keeps the older themes.csv
    data, mapped = _map(folder, resources)
    assert data.rows(FILE) == []
    assert (None, RDF.type, S.Inconsistency) not in mapped.supplementary
    assert data.rows("themes.csv")[0].get("abstract_label") is None


# (text replaced in inconsistencies.csv, replacement, expected (row, column, message start))
BAD = {
    "a missing statistic": (
        ",n-total,,",
        ",n-total; nope,,",
        (3, "statistic_ids", "no row with stat_id 'nope' in aggregates.csv"),
    ),
    "a missing stage": (",L1,ta,", ",L1,nope,", (3, "stage_ids", "no row with stage_id 'nope'")),
    "no target and no passage": (
        ",,T1,,,,with two subthemes",
        ",,,,,,",
        (
            2,
            "statistic_ids",
            "inconsistency subtheme-count concerns nothing: fill statistic_ids, theme_ids, "
            "record_ids, statement_ids, stage_ids or passage",
        ),
    ),
    "an unknown kind": ("subtheme-count,count,", "subtheme-count,typo,", (2, "kind", "'typo'")),
    "no explanation": (
        "count,The abstract says theme T1 has two subthemes; the results name one.,",
        "count,,",
        (2, "explanation", "a value is required"),
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_inconsistency_is_located_and_nothing_is_written(
    case: str, data_dir: Path, embedded_store: EmbeddedStore
) -> None:
    old, new, (row, column, message) = BAD[case]
    replace_in(data_dir / REVIEW, FILE, old, new)
    errors = _errors(data_dir / REVIEW)
    assert [e for e in errors if e[:3] == (FILE, row, column) and message in e[3]], errors
    before = dump(embedded_store)
    with pytest.raises(DataFilesError):
        ingest_data(data_dir, embedded_store, show_progress=False)
    assert dump(embedded_store) == before
