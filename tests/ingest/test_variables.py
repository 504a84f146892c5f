"""Topic variables: a review declares its own variables and gives their values in a long table;
the loneliness review's former core columns are such variables, with their graph unchanged; bad
declarations and values are refused at their cell, naming the declaring row of variables.csv."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from ingest.aggregate_checks import Status, check_statistics
from ingest.cli import EXIT_DATA
from ingest.mapping import map_review
from ingest.namespaces import DEFAULT_BASE
from ingest.pipeline import load_resources
from ingest.readers import read_review
from tests.ingest.conftest import VALID
from tests.ingest.kinds import (
    RAPID,
    edit_csv,
    edited_copy,
    ingest_beside_liebmann,
    store_rows,
    validate_output,
)

SPKG = "https://w3id.org/spkg/ontology#"
PREFIXES = f"""
PREFIX spkg: <{SPKG}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_beside_liebmann(tmp_path_factory.mktemp("variables"), RAPID)


def _select(store_path: Path, query: str) -> list[dict]:
    return store_rows(store_path, PREFIXES + query)


def test_declared_values_of_every_level_and_datatype_are_typed_nodes(store_path: Path) -> None:
    rows = _select(
        store_path,
        """SELECT ?notation ?level ?target ?value WHERE {
           GRAPH ?h { ?v rdf:value ?value } GRAPH ?g {
             ?v a spkg:VariableValue ; spkg:ofVariable ?var ; spkg:valueFor ?target .
             ?var skos:notation ?notation ; spkg:variableLevel ?level .
             FILTER(STRSTARTS(STR(?v), "https://w3id.org/spkg/id/variable-value/rapid-review-2024/"))
           } }""",
    )
    found = {(str(r["notation"]), str(r["level"]), str(r["target"])): r["value"] for r in rows}
    base = "https://w3id.org/spkg/id/"
    review = f"{base}review/rapid-review-2024"
    assert found[("update-year", "review", review)].datatype == URIRef(
        "http://www.w3.org/2001/XMLSchema#gYear"
    )
    assert found[("condition", "study", f"{base}study/rapid-review-2024/S1")] == Literal("multiple")
    assert found[("programme-weeks", "study", f"{base}study/rapid-review-2024/S2")].value == 10
    assert found[("co-produced", "record", f"{base}inclusion/rapid-review-2024/1")].value is True
    assert found[("quoted-participants", "record", f"{base}inclusion/rapid-review-2024/1")] == (
        Literal(12)
    )
    assert len(found) == 11


def test_a_value_from_outside_the_review_is_supplementary(store_path: Path) -> None:
    rows = _select(
        store_path,
        """SELECT ?g WHERE { GRAPH ?g {
             <https://w3id.org/spkg/id/variable-value/rapid-review-2024/quoted-participants/2>
               rdf:value ?value } }""",
    )
    assert [str(r["g"]) for r in rows] == [
        "https://w3id.org/spkg/graph/rapid-review-2024/supplementary"
    ]


def test_the_loneliness_facts_keep_their_terms(store_path: Path) -> None:
    rows = _select(
        store_path,
        """SELECT ?value (COUNT(?inclusion) AS ?n) WHERE {
             GRAPH <https://w3id.org/spkg/graph/liebmann-2022/reported> {
               ?inclusion spkg:onlyPartOfSampleLonely ?value } } GROUP BY ?value""",
    )
    assert {r["value"].value: int(r["n"].value) for r in rows} == {True: 12, False: 6}
    [row] = _select(
        store_path,
        """SELECT ?n WHERE { GRAPH ?g {
             <https://w3id.org/spkg/id/review/liebmann-2022> spkg:statedFirstThemeSubthemeCount
             ?n } }""",
    )
    assert row["n"].value == 6


def _migrated(tmp: Path) -> Path:
    """tiny-2020 with its superseded columns moved to variables.csv and variable_values.csv."""
    folder = tmp / "tiny-2020"
    shutil.copytree(VALID / "tiny-2020", folder)
    for name, drop in (
        ("records.csv", ("loneliness_assessment", "only_part_lonely")),
        ("review.csv", ("stated_subtheme_count",)),
    ):
        with (folder / name).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        keep = [i for i, h in enumerate(rows[0]) if h not in drop]
        with (folder / name).open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([[r[i] for i in keep] for r in rows])
    (folder / "variables.csv").write_text(
        "variable_id,level,label,datatype,categories,unit,definition,term\n"
        "loneliness-assessment,record,loneliness assessment,category,"
        'standardised; self-report; both,,"How the record assessed loneliness: with a '
        'standardised measure, by self-report, or both.",spkg:lonelinessAssessment\n'
        "only-part-lonely,record,only part of sample lonely,boolean,,,Only a proportion of the "
        "record's sample reported being lonely or socially isolated.,"
        "spkg:onlyPartOfSampleLonely\n"
        "stated-subtheme-count,review,stated subtheme count of the first theme,integer,,,"
        "How many subthemes the review (its abstract) says its first theme has; themes.csv "
        "states the same on the theme.,spkg:statedFirstThemeSubthemeCount\n",
        encoding="utf-8",
    )
    (folder / "variable_values.csv").write_text(
        "variable_id,target_id,value,note\n"
        "loneliness-assessment,1,standardised,\nloneliness-assessment,2,self-report,\n"
        "loneliness-assessment,3,both,\nonly-part-lonely,1,yes,\nonly-part-lonely,2,yes,\n"
        "stated-subtheme-count,tiny-2020,2,\n",
        encoding="utf-8",
    )
    return folder


def test_superseded_columns_read_as_the_declared_variables_with_the_same_graph(
    tmp_path: Path,
) -> None:
    resources = load_resources(DEFAULT_BASE)
    legacy = map_review(read_review(VALID / "tiny-2020"), resources.vocabulary, DEFAULT_BASE)
    moved = map_review(read_review(_migrated(tmp_path)), resources.vocabulary, DEFAULT_BASE)
    assert set(legacy.reported) == set(moved.reported)
    assert set(legacy.supplementary) == set(moved.supplementary)
    assessed = URIRef(SPKG + "lonelinessAssessment")
    assert (
        URIRef("https://w3id.org/spkg/id/inclusion/tiny-2020/1"),
        assessed,
        URIRef(SPKG + "StandardisedMeasure"),
    ) in set(moved.reported)


def test_a_declared_boolean_is_counted_by_the_generic_rule(tmp_path: Path) -> None:
    folder = tmp_path / RAPID.name
    shutil.copytree(RAPID, folder)
    edit_csv(folder / "review.csv", ("review_id", RAPID.name), "extraction", "complete")
    edit_csv(folder / "review.csv", ("review_id", RAPID.name), "included_study_count", "4")
    checks = {c.stat_id: c for c in check_statistics(read_review(folder))}
    produced = checks["co-produced-count"]
    # records 1 yes, 4 no, 2, 3 and 5 unknown: a count of 1 to 4, so 3 is not ruled out
    assert (produced.status, produced.known, produced.considered) == (
        Status.NOT_VERIFIABLE,
        2,
        5,
    )
    share = checks["condition-multiple"]
    assert (share.status, share.unit) == (Status.NOT_CHECKABLE, "studies")  # 15 studies ≠ 4


@pytest.mark.parametrize(
    ("file", "key", "column", "value", "expected"),
    [
        (
            "variable_values.csv",
            ("target_id", "2"),
            "value",
            "many",
            "variable_values.csv:12:value: expected an integer, got 'many' (variable "
            "'quoted-participants' is declared integer at variables.csv:7)",
        ),
        (
            "variable_values.csv",
            ("target_id", "S3"),
            "value",
            "asthma",
            "variable_values.csv:5:value: 'asthma' is not allowed; expected one of: diabetes, "
            "copd, multiple (variable 'condition' is declared category at variables.csv:4)",
        ),
        (
            "variable_values.csv",
            ("target_id", "S4"),
            "target_id",
            "S9",
            "variable_values.csv:6:target_id: no row with study_id 'S9' in studies.csv "
            "(variable 'condition' is study-level, declared at variables.csv:4)",
        ),
        (
            "variables.csv",
            ("variable_id", "condition"),
            "categories",
            "",
            "variables.csv:4:categories: a category variable lists its categories",
        ),
        (
            "variables.csv",
            ("variable_id", "programme-weeks"),
            "term",
            "foo:bar",
            "variables.csv:5:term: unknown prefix 'foo' in 'foo:bar'",
        ),
        (
            "aggregates.csv",
            ("stat_id", "co-produced-count"),
            "variable",
            "study-design",
            "aggregates.csv:5:variable: 'study-design' is neither a core variable nor declared "
            "in variables.csv",
        ),
    ],
)
def test_bad_declarations_and_values_are_refused_at_their_cell(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    file: str,
    key: tuple[str, str],
    column: str,
    value: str,
    expected: str,
) -> None:
    folder = edited_copy(tmp_path, RAPID, file, key, column, value)
    code, output = validate_output(folder, capsys)
    assert code == EXIT_DATA
    assert f"{folder}/{expected}" in output


def test_a_superseded_column_beside_its_declaration_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _migrated(tmp_path)
    shutil.copy(VALID / "tiny-2020" / "records.csv", folder / "records.csv")
    code, output = validate_output(folder, capsys)
    assert code == EXIT_DATA
    assert (
        f"{folder}/records.csv:2:loneliness_assessment: superseded column: variable "
        "'loneliness-assessment' is declared at variables.csv:2; give its values in "
        "variable_values.csv only"
    ) in output
