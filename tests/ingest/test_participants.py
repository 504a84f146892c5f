"""Participants and study design: a study's sample as groups with roles, its design and its
data-collection and analysis methods as concepts of open schemes (shipped or declared), and
quotes whose speaker carries a role; all beside liebmann-2022 in one store."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cli import EXIT_DATA
from ingest.schema import SHIPPED_CONCEPTS
from tests.ingest.kinds import (
    RAPID,
    edited_copy,
    ingest_beside_liebmann,
    store_rows,
    validate_output,
)

ID = "https://w3id.org/spkg/id/"
GRAPHS = "https://w3id.org/spkg/graph/"
PREFIXES = """
PREFIX spkg: <https://w3id.org/spkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_beside_liebmann(tmp_path_factory.mktemp("participants"), RAPID)


def _select(store_path: Path, query: str) -> list[dict]:
    return store_rows(store_path, PREFIXES + query)


def test_each_group_is_part_of_its_study_s_sample_with_its_role(store_path: Path) -> None:
    rows = _select(
        store_path,
        """SELECT ?study ?group ?role ?size WHERE { GRAPH ?g {
             ?study spkg:hasSample ?sample . ?sample spkg:hasParticipantGroup ?group .
             ?group a spkg:ParticipantGroup ; spkg:participantRole ?role .
             OPTIONAL { ?group spkg:groupSize ?size } } }""",
    )
    found = {
        (str(r["study"]).rsplit("/", 1)[-1], str(r["group"]).rsplit("/", 1)[-1]): (
            str(r["role"])[len(ID) :],
            r["size"].value if r.get("size") is not None else None,
        )
        for r in rows
    }
    assert found == {
        ("S1", "G1"): ("participant-role/service-users", 24),
        ("S1", "G2"): ("participant-role/link-workers", 6),
        ("S2", "G3"): ("participant-role/referrers", 4),
        ("S2", "G4"): ("participant-role/staff", 8),
        ("S4", "G5"): ("participant-role/carers", 5),
    }


def test_roles_are_concepts_of_the_shipped_scheme(store_path: Path) -> None:
    rows = _select(
        store_path,
        """SELECT DISTINCT ?key WHERE { GRAPH ?o {
             ?role a spkg:ParticipantRole ; skos:inScheme ?scheme ; skos:notation ?key } }""",
    )
    assert {str(r["key"]) for r in rows} == set(SHIPPED_CONCEPTS["participant-role"])


def test_design_and_methods_name_shipped_or_declared_concepts(store_path: Path) -> None:
    rows = _select(
        store_path,
        """SELECT ?study ?p ?concept WHERE { GRAPH ?g {
             ?study a spkg:Study ; ?p ?concept .
             VALUES ?p { spkg:studyDesign spkg:usesDataCollectionMethod spkg:usesAnalysisMethod }
             FILTER(CONTAINS(STR(?study), "/rapid-review-2024/")) } }""",
    )
    found = {
        (str(r["study"]).rsplit("/", 1)[-1], str(r["p"]).rsplit("#", 1)[-1], str(r["concept"]))
        for r in rows
    }
    assert ("S1", "studyDesign", f"{ID}study-design/qualitative") in found
    assert ("S4", "usesAnalysisMethod", f"{ID}analysis-method/descriptive-statistics") in found
    assert ("S3", "usesDataCollectionMethod", f"{ID}data-collection-method/documents") in found
    declared = f"{ID}concept/rapid-review-2024/study-design/realist-evaluation"
    assert ("S3", "studyDesign", declared) in found
    typed = _select(
        store_path, f"SELECT ?g WHERE {{ GRAPH ?g {{ <{declared}> a spkg:StudyDesign }} }}"
    )
    assert [str(r["g"]) for r in typed] == [f"{GRAPHS}rapid-review-2024/reported"]


def test_a_quote_s_speaker_carries_a_role(store_path: Path) -> None:
    rows = _select(
        store_path,
        """SELECT ?quote ?role WHERE { GRAPH ?g {
             ?quote prov:wasAttributedTo ?speaker . ?speaker spkg:participantRole ?role .
             FILTER(CONTAINS(STR(?quote), "/rapid-review-2024/")) } }""",
    )
    found = {(str(r["quote"]).rsplit("/", 1)[-1], str(r["role"])[len(ID) :]) for r in rows}
    assert found == {
        ("Q1", "participant-role/service-users"),
        ("Q3", "participant-role/link-workers"),
    }


@pytest.mark.parametrize(
    ("file", "key", "column", "value", "expected"),
    [
        (
            "participant_groups.csv",
            ("group_id", "G2"),
            "role",
            "gps",
            "participant_groups.csv:3:role: 'gps' is neither a shipped participant role nor "
            "declared in concepts.csv",
        ),
        (
            "participant_groups.csv",
            ("group_id", "G1"),
            "age_min",
            "80",
            "participant_groups.csv:2:age_min: age_min 80 is above age_max 74",
        ),
        (
            "participant_groups.csv",
            ("group_id", "G3"),
            "study_id",
            "S9",
            "participant_groups.csv:4:study_id: no row with study_id 'S9' in studies.csv",
        ),
        (
            "studies.csv",
            ("study_id", "S2"),
            "data_collection_methods",
            "interviews",
            "studies.csv:3:data_collection_methods: 'interviews' is neither a shipped "
            "data collection method nor declared in concepts.csv",
        ),
        (
            "studies.csv",
            ("study_id", "S1"),
            "design",
            "realist-evaluation; cohort",
            "studies.csv:2:design: bad key 'realist-evaluation; cohort'",
        ),
    ],
)
def test_bad_participants_and_designs_are_refused_at_their_cell(
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
