"""Open value sets: the mixed-methods fixture (MMAT, JBI and a declared appraisal tool, concepts
declared in several schemes with mappings, countries outside the first release's list) validates
and ingests beside liebmann-2022 into a real embedded store; each rule about a declared concept
or tool is enforced by `spkg validate` with a located error naming the declaring file, exit 1."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.store import EmbeddedStore
from tests.ingest.kinds import (
    ingest_beside_liebmann,
    ingest_refused,
    rewrite_csv,
    run_spkg,
    set_cell,
    tuples,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "kinds" / "mixed-methods-2022"
LIEBMANN = ROOT / "data" / "liebmann-2022"
MM = "mixed-methods-2022"
S = "https://w3id.org/spkg/ontology#"
ID = "https://w3id.org/spkg/id/"
WD = "http://www.wikidata.org/entity/"

PREFIXES = """
PREFIX spkg: <https://w3id.org/spkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    path = ingest_beside_liebmann(tmp_path_factory.mktemp("kinds"), FIXTURE)
    with EmbeddedStore(path) as opened:
        yield opened


def select(store: EmbeddedStore, query: str) -> set[tuple[str, ...]]:
    return tuples(store, PREFIXES + query)


def concept(scheme: str, key: str) -> str:
    return f"{ID}concept/{MM}/{scheme}/{key}"


def test_the_fixture_validates_with_the_cli() -> None:
    done = run_spkg("validate", str(FIXTURE))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{MM}: valid" in done.stdout


def test_countries_outside_the_first_list_link_their_wikidata_entities(
    store: EmbeddedStore,
) -> None:
    rows = select(
        store,
        f"""SELECT ?code ?place WHERE {{
            ?study spkg:countryCode ?code ; dcterms:spatial ?place .
            FILTER STRSTARTS(STR(?study), "{ID}study/{MM}/") }}""",
    )
    assert rows == {("SG", f"{WD}Q334"), ("KE", f"{WD}Q114"), ("BR", f"{WD}Q155")}


def test_declared_concepts_are_in_the_review_s_schemes_typed_with_their_scheme_class(
    store: EmbeddedStore,
) -> None:
    rows = select(
        store,
        f"""SELECT ?concept ?class ?scheme ?label WHERE {{
            ?concept skos:inScheme ?scheme ; skos:prefLabel ?label ; a ?class ;
                spkg:declaredBy <{ID}review/{MM}> .
            FILTER STRSTARTS(STR(?class), "{S}") }}""",
    )
    got = {
        (c, cls.removeprefix(S), sch.removeprefix(f"{ID}scheme/{MM}/")) for c, cls, sch, _ in rows
    }
    assert got == {
        (concept("instrument", "short-ucla-3"), "Instrument", "instrument"),
        (concept("instrument", "hba1c"), "Instrument", "instrument"),
        (concept("outcome-construct", "glycaemic-control"), "Construct", "outcome-construct"),
        (
            concept("intervention-type", "green-social-prescribing"),
            "InterventionType",
            "intervention-type",
        ),
        (concept("activity-type", "nature-walks"), "ActivityType", "activity-type"),
        (concept("stage", "screening"), "StageType", "stage"),
    }


def test_concept_cells_name_declared_or_shipped_concepts(store: EmbeddedStore) -> None:
    measures = select(
        store,
        f"""SELECT ?m ?instrument ?construct WHERE {{
            ?m spkg:instrument ?instrument . OPTIONAL {{ ?m spkg:construct ?construct }}
            FILTER STRSTARTS(STR(?m), "{ID}measurement/{MM}/") }}""",
    )
    assert measures == {
        (f"{ID}measurement/{MM}/M1", concept("instrument", "short-ucla-3"), f"{S}Loneliness"),
        (f"{ID}measurement/{MM}/M2", f"{ID}instrument/wemwbs", f"{S}Wellbeing"),
        (
            f"{ID}measurement/{MM}/M3",
            concept("instrument", "hba1c"),
            concept("outcome-construct", "glycaemic-control"),
        ),
    }
    stages = select(
        store,
        f"""SELECT ?stage ?type WHERE {{ ?stage spkg:stageType ?type .
            FILTER STRSTARTS(STR(?stage), "{ID}stage/{MM}/") }}""",
    )
    assert stages == {
        (f"{ID}stage/{MM}/ta", f"{S}TitleAbstractScreening"),
        (f"{ID}stage/{MM}/ft", concept("stage", "screening")),
    }


def test_declared_concepts_map_to_shipped_and_external_concepts(store: EmbeddedStore) -> None:
    rows = select(
        store,
        f"""SELECT ?concept ?p ?target WHERE {{
            VALUES ?p {{ skos:broader skos:exactMatch skos:closeMatch skos:broadMatch
                         skos:narrowMatch }}
            ?concept ?p ?target ; spkg:declaredBy <{ID}review/{MM}> . }}""",
    )
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert rows == {
        (
            concept("instrument", "short-ucla-3"),
            f"{skos}broader",
            f"{ID}instrument/ucla-loneliness-scale",
        ),
        (
            concept("instrument", "short-ucla-3"),
            f"{skos}closeMatch",
            f"{ID}instrument/ucla-loneliness-scale",
        ),
        (concept("instrument", "hba1c"), f"{skos}closeMatch", "https://loinc.org/4548-4"),
        (
            concept("intervention-type", "green-social-prescribing"),
            f"{skos}broader",
            f"{ID}intervention-type/social-prescribing",
        ),
        (
            concept("intervention-type", "green-social-prescribing"),
            f"{skos}broadMatch",
            "http://humanbehaviourchange.org/ontology/BCIO_050357",
        ),
        (
            concept("activity-type", "nature-walks"),
            f"{skos}broader",
            f"{ID}activity-type/community-activity",
        ),
        (
            concept("activity-type", "nature-walks"),
            f"{skos}narrowMatch",
            f"{ID}activity-type/exercise",
        ),
        (concept("stage", "screening"), f"{skos}narrowMatch", f"{S}FullTextScreening"),
    }


def test_shipped_and_declared_appraisal_tools_items_and_answers(store: EmbeddedStore) -> None:
    tools = select(
        store,
        f"""SELECT ?record ?tool ?score WHERE {{
            ?appraisal spkg:appraisalTool ?tool ; spkg:appraisalScore ?score .
            FILTER STRSTARTS(STR(?appraisal), "{ID}appraisal/{MM}/")
            BIND (STRAFTER(STR(?appraisal), "{ID}appraisal/{MM}/") AS ?record) }}""",
    )
    declared = f"{ID}appraisal-tool/{MM}/QATSDD"
    assert tools == {("1", f"{S}MMAT", "4"), ("2", declared, "30"), ("3", f"{S}JBI", "8")}
    answers = select(
        store,
        f"""SELECT ?item ?answer WHERE {{
            ?a spkg:appraisalItem ?item ; spkg:answer ?answer .
            FILTER STRSTARTS(STR(?a), "{ID}appraisal/{MM}/") }}""",
    )
    own = f"{ID}appraisal-answer/{MM}/QATSDD/"
    assert answers == {
        (f"{ID}appraisal-item/mmat-s1", f"{S}Yes"),
        (f"{ID}appraisal-item/mmat-1.1", f"{S}Yes"),
        (f"{ID}appraisal-item/mmat-1.2", f"{S}CantTell"),
        (f"{ID}appraisal-item/{MM}/qatsdd-1", f"{own}complete"),
        (f"{ID}appraisal-item/{MM}/qatsdd-2", f"{own}moderately"),
        (f"{ID}appraisal-item/jbi-1", f"{S}Unclear"),
        (f"{ID}appraisal-item/jbi-9", f"{S}NotApplicable"),
    }
    scale = select(
        store,
        f"""SELECT ?answer ?max WHERE {{
            <{declared}> spkg:answerScale ?answer ; spkg:maximumScore ?max ;
                a spkg:AppraisalTool ; spkg:declaredBy <{ID}review/{MM}> .
            ?item spkg:itemOf <{declared}> ; schema:position 1 . }}""",
    )
    assert {a.rsplit("/", 1)[1] for a, _ in scale} == {
        "not-at-all",
        "very-slightly",
        "moderately",
        "complete",
    }
    assert {m for _, m in scale} == {"48"}


def test_the_review_kind_is_a_class_and_a_concept(store: EmbeddedStore) -> None:
    rows = select(
        store,
        f"""SELECT ?kind WHERE {{ <{ID}review/{MM}> spkg:reviewKind ?kind ;
            a spkg:MixedMethodsReview }}""",
    )
    assert rows == {(f"{ID}review-kind/mixed-methods-review",)}


# --- bad input: a located error naming the declaring file, exit 1 ----------------------------

BAD = {
    "an instrument neither shipped nor declared": (
        "measures.csv",
        set_cell("measure_id", "M2", "instrument", "phq-9"),
        "measures.csv:3:instrument: 'phq-9' is neither a shipped instrument nor declared in "
        "concepts.csv (scheme 'instrument'); shipped: ucla-loneliness-scale",
    ),
    "a concept declared under another scheme": (
        "measures.csv",
        set_cell("measure_id", "M3", "construct", "hba1c"),
        "measures.csv:4:construct: 'hba1c' is declared in concepts.csv:3 under scheme "
        "'instrument', not 'outcome-construct'",
    ),
    "an undeclared intervention type": (
        "interventions.csv",
        set_cell("intervention_id", "I1", "intervention_type", "blue-social-prescribing"),
        "interventions.csv:2:intervention_type: 'blue-social-prescribing' is neither a shipped "
        "intervention type",
    ),
    "a malformed mapping IRI": (
        "concepts.csv",
        set_cell("concept_id", "hba1c", "close_match", "htp:/x"),
        "concepts.csv:3:close_match: 'htp:/x' is not an absolute http(s) IRI",
    ),
    "a mapping to an undeclared concept": (
        "concepts.csv",
        set_cell("concept_id", "nature-walks", "narrow_match", "activity-type:sailing"),
        "concepts.csv:6:narrow_match: 'sailing' is neither a shipped activity type",
    ),
    "a declared key that is shipped": (
        "concepts.csv",
        set_cell("concept_id", "hba1c", "concept_id", "wemwbs"),
        "concepts.csv:3:concept_id: 'wemwbs' is a shipped concept of scheme 'instrument'",
    ),
    "a broader concept of another scheme": (
        "concepts.csv",
        set_cell("concept_id", "nature-walks", "broader_id", "social-prescribing"),
        "concepts.csv:6:broader_id: 'social-prescribing' is neither a shipped activity type",
    ),
    "a tool neither shipped nor declared": (
        "records.csv",
        set_cell("record_id", "1", "appraisal_tool", "GRADE"),
        "records.csv:2:appraisal_tool: 'GRADE' is neither a shipped appraisal tool "
        "(CASP, AACODS, JBI, MMAT) nor declared in appraisal_tools.csv",
    ),
    "a declared tool's item that is not declared": (
        "appraisal_items.csv",
        set_cell("item", "qatsdd-2", "item", "qatsdd-9"),
        "appraisal_items.csv:6:item: item 'qatsdd-9' is not declared in "
        "appraisal_tool_items.csv for tool 'QATSDD' (declared in appraisal_tools.csv:2)",
    ),
    "an answer off a declared tool's scale": (
        "appraisal_items.csv",
        set_cell("item", "qatsdd-1", "answer", "yes"),
        "appraisal_items.csv:5:answer: 'yes' is not on the QATSDD answer scale (not-at-all, "
        "very-slightly, moderately, complete) (declared in appraisal_tools.csv:2)",
    ),
    "an answer off JBI's scale": (
        "appraisal_items.csv",
        set_cell("item", "jbi-1", "answer", "cant-tell"),
        "appraisal_items.csv:7:answer: 'cant-tell' is not on the JBI answer scale",
    ),
    "an MMAT item on a JBI appraisal": (
        "appraisal_items.csv",
        set_cell("item", "jbi-9", "item", "mmat-1.1"),
        "appraisal_items.csv:8:item: item 'mmat-1.1' is not a JBI item",
    ),
    "a score above a declared tool's maximum": (
        "records.csv",
        set_cell("record_id", "2", "appraisal_score", "49"),
        "records.csv:3:appraisal_score: 49 is out of bounds for QATSDD (0 to 48) "
        "(declared in appraisal_tools.csv:2)",
    ),
    "a score above MMAT's maximum": (
        "records.csv",
        set_cell("record_id", "1", "appraisal_score", "6"),
        "records.csv:2:appraisal_score: 6 is out of bounds for MMAT (0 to 5)",
    ),
    "a declared tool that is shipped": (
        "appraisal_tools.csv",
        set_cell("tool_id", "QATSDD", "tool_id", "JBI"),
        "appraisal_tools.csv:2:tool_id: 'JBI' is a shipped appraisal tool",
    ),
    "a country that is no ISO 3166-1 code": (
        "studies.csv",
        set_cell("study_id", "S3", "country", "XK"),
        "studies.csv:4:country: 'XK' is not allowed",
    ),
    "an unknown review kind": (
        "review.csv",
        set_cell("review_id", MM, "review_type", "umbrella-review"),
        "review.csv:2:review_type: 'umbrella-review' is not allowed",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_rule_gives_a_located_error_and_exit_1(case: str, tmp_path: Path) -> None:
    file, edit, expected = BAD[case]
    folder = tmp_path / MM
    shutil.copytree(FIXTURE, folder)
    rewrite_csv(folder / file, edit)
    done = run_spkg("validate", str(folder), "--no-reasoner")
    assert done.returncode == 1, done.stdout
    assert f"{folder}/{expected}" in done.stderr, done.stderr


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data" / MM
    shutil.copytree(FIXTURE, folder)
    rewrite_csv(folder / "measures.csv", set_cell("measure_id", "M2", "instrument", "phq-9"))
    stderr = ingest_refused(tmp_path / "data", tmp_path / "store")
    assert f"{folder}/measures.csv:3:instrument: " in stderr
