"""What syntheses produce (theme levels, constructs, translations, study findings, quotes and
findings hung on them): the meta-ethnography and meta-aggregation fixtures validate, ingest into
a real embedded store beside liebmann-2022 and answer SPARQL; each rule of the format is
enforced by `spkg validate` with a located error and exit 1."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import URIRef

from ingest.iris import Minter
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
KINDS = ROOT / "tests" / "fixtures" / "kinds"
LIEBMANN = ROOT / "data" / "liebmann-2022"
ME, MA = "meta-ethnography-2020", "meta-aggregation-2021"
S = "https://w3id.org/spkg/ontology#"
ID = "https://w3id.org/spkg/id/"

PREFIXES = """
PREFIX spkg: <https://w3id.org/spkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX void: <http://rdfs.org/ns/void#>
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """Both fixtures ingested beside the real review, as one data folder."""
    path = ingest_beside_liebmann(tmp_path_factory.mktemp("kinds"), KINDS / ME, KINDS / MA)
    with EmbeddedStore(path) as opened:
        yield opened


def select(store: EmbeddedStore, query: str) -> set[tuple[str, ...]]:
    return tuples(store, PREFIXES + query)


def theme(review: str, key: str) -> str:
    return f"{ID}theme/{review}/{key}"


def construct(key: str) -> str:
    return f"{ID}construct/{ME}/{key}"


# --- the fixtures as data --------------------------------------------------------------------


@pytest.mark.parametrize("review", [ME, MA])
def test_each_kind_validates_with_the_cli(review: str) -> None:
    done = run_spkg("validate", str(KINDS / review))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{review}: valid" in done.stdout


def test_all_three_reviews_are_loaded_side_by_side(store: EmbeddedStore) -> None:
    rows = select(store, "SELECT ?review WHERE { ?review a spkg:Review }")
    assert {r[0].rsplit("/", 1)[1] for r in rows} >= {"liebmann-2022", ME, MA}


def test_theme_levels_are_types_and_themes_nest_three_deep(store: EmbeddedStore) -> None:
    levels = select(
        store,
        """SELECT ?theme ?level WHERE {
            ?theme a ?level .
            VALUES ?level { spkg:DescriptiveTheme spkg:AnalyticalTheme spkg:Category
                            spkg:SynthesisedFinding }
        }""",
    )
    assert (theme(ME, "T1"), S + "AnalyticalTheme") in levels
    assert (theme(ME, "T1.1.1"), S + "DescriptiveTheme") in levels
    assert (theme(MA, "SF1"), S + "SynthesisedFinding") in levels
    assert (theme(MA, "CAT3"), S + "Category") in levels
    chain = select(
        store,
        f"SELECT ?top WHERE {{ <{theme(ME, 'T1.1.1')}> skos:broader+ ?top . "
        f"?top skos:topConceptOf ?scheme }}",
    )
    assert chain == {(theme(ME, "T1"),)}
    # the grandchild is a subtheme of a subtheme, which the shapes and the reasoner accept
    parent = select(store, f"SELECT ?p WHERE {{ <{theme(ME, 'T1.1.1')}> spkg:subthemeOf ?p }}")
    assert parent == {(theme(ME, "T1.1"),)}


def test_constructs_of_every_order_in_the_review_s_construct_scheme(
    store: EmbeddedStore,
) -> None:
    rows = select(
        store,
        f"""SELECT ?c ?order WHERE {{
            <{ID}review/{ME}> spkg:hasConstructScheme ?scheme .
            ?c skos:inScheme ?scheme ; a ?order .
            VALUES ?order {{ spkg:FirstOrderConstruct spkg:SecondOrderConstruct
                            spkg:ThirdOrderConstruct spkg:LineOfArgument }}
        }}""",
    )
    orders = {order.rsplit("#", 1)[1] for _, order in rows}
    assert orders == {
        "FirstOrderConstruct",
        "SecondOrderConstruct",
        "ThirdOrderConstruct",
        "LineOfArgument",
    }
    assert (construct("C9"), S + "LineOfArgument") in rows
    records = select(store, f"SELECT ?r WHERE {{ <{construct('C3')}> spkg:fromRecord ?r }}")
    assert len(records) == 2
    placed = select(store, f"SELECT ?t WHERE {{ <{construct('C4')}> spkg:underTheme ?t }}")
    assert placed == {(theme(ME, "T1.1.1"),)}


def test_constructs_are_not_counted_as_themes(store: EmbeddedStore) -> None:
    rows = select(
        store,
        f"""SELECT ?n WHERE {{
            ?reported void:rootResource <{ID}review/{ME}> .
            ?part void:class skos:Concept ; void:entities ?n .
            FILTER (STRSTARTS(STR(?part), STR(?reported)))
        }}""",
    )
    assert rows == {("5",)}


def test_translations_used_constructs_and_generated_one(store: EmbeddedStore) -> None:
    rows = select(
        store,
        """SELECT ?t ?kind ?yield WHERE {
            ?t a spkg:Translation , ?kind ; prov:generated ?yield .
            ?yield prov:wasGeneratedBy ?t ; a spkg:ThirdOrderConstruct .
            VALUES ?kind { spkg:ReciprocalTranslation spkg:RefutationalTranslation
                           spkg:LineOfArgumentSynthesis }
        }""",
    )
    assert {(k.rsplit("#", 1)[1], y) for _, k, y in rows} == {
        ("ReciprocalTranslation", construct("C7")),
        ("RefutationalTranslation", construct("C8")),
        ("LineOfArgumentSynthesis", construct("C9")),
    }
    used = select(
        store,
        f"SELECT ?c WHERE {{ <{ID}translation/{ME}/TR2> prov:used ?c }}",
    )
    assert used == {(construct("C4"),), (construct("C6"),)}


def test_study_findings_with_plausibility_in_categories_under_synthesised_findings(
    store: EmbeddedStore,
) -> None:
    rows = select(
        store,
        """SELECT ?f ?level ?sf WHERE {
            ?f a spkg:StudyFinding ; spkg:plausibility ?p ; spkg:inCategory ?cat .
            ?p skos:notation ?level .
            ?cat a spkg:Category ; spkg:subthemeOf ?sf .
            ?sf a spkg:SynthesisedFinding .
        }""",
    )
    assert {level for _, level, _ in rows} == {"unequivocal", "credible", "unsupported"}
    assert (f"{ID}study-finding/{MA}/SF-4", "unequivocal", theme(MA, "SF2")) in rows


def test_quotes_hang_on_constructs_and_study_findings_without_a_theme(
    store: EmbeddedStore,
) -> None:
    rows = select(
        store,
        """SELECT ?q ?body WHERE {
            ?q a oa:Annotation ; oa:hasBody ?body .
            { ?q spkg:illustratesConstruct ?body } UNION { ?q spkg:illustratesStudyFinding ?body }
            FILTER NOT EXISTS { ?q spkg:illustratesTheme ?theme }
        }""",
    )
    assert rows == {
        (f"{ID}quote/{ME}/Q2", construct("C2")),
        (f"{ID}quote/{MA}/Q2", f"{ID}study-finding/{MA}/SF-2"),
    }
    roles = select(
        store,
        f"""SELECT ?role WHERE {{
            <{ID}quote/{ME}/Q1> prov:wasAttributedTo ?speaker .
            ?speaker spkg:participantRole ?role
        }}""",
    )
    assert roles == {(f"{ID}participant-role/link-workers",)}


def test_a_finding_can_be_about_a_construct(store: EmbeddedStore) -> None:
    rows = select(store, f"SELECT ?c WHERE {{ <{ID}finding/{ME}/F2> spkg:aboutConstruct ?c }}")
    assert rows == {(construct("C8"),)}


def test_the_real_review_is_as_before(store: EmbeddedStore) -> None:
    """liebmann-2022 states none of the new terms."""
    rows = select(
        store,
        f"""SELECT ?x WHERE {{
            ?x prov:wasDerivedFrom <{ID}review/liebmann-2022> .
            {{ ?x a spkg:InterpretiveConstruct }} UNION {{ ?x a spkg:StudyFinding }}
            UNION {{ ?x a spkg:Translation }} UNION {{ ?x a spkg:DescriptiveTheme }}
        }}""",
    )
    assert rows == set()


# --- bad input: each rule, a located error, exit 1 ------------------------------------------

BAD = {
    "a quote that illustrates nothing": (
        ME,
        "quotes.csv",
        set_cell("quote_id", "Q2", "construct_id", ""),
        "quotes.csv:3:theme_id: Q2 illustrates nothing: fill at least one of theme_id, "
        "construct_id, study_finding_id",
    ),
    "a finding about nothing": (
        ME,
        "findings.csv",
        set_cell("finding_id", "F2", "construct_id", ""),
        "findings.csv:3:theme_id: F2 is about nothing: fill at least one of theme_id, construct_id",
    ),
    "a category under a category": (
        MA,
        "themes.csv",
        set_cell("theme_id", "CAT3", "parent_id", "CAT1"),
        "themes.csv:6:parent_id: category CAT3 is placed under CAT1, whose level is "
        "'category': a category's parent is a synthesised-finding",
    ),
    "a study finding in a synthesised finding": (
        MA,
        "study_findings.csv",
        set_cell("finding_id", "SF-4", "category_id", "SF2"),
        "study_findings.csv:5:category_id: theme SF2 has level 'synthesised-finding'",
    ),
    "a second-order construct without records": (
        ME,
        "constructs.csv",
        set_cell("construct_id", "C5", "record_ids", ""),
        "constructs.csv:6:record_ids: second-order construct C5 names no record",
    ),
    "a translation yielding a first-order construct": (
        ME,
        "translations.csv",
        set_cell("translation_id", "TR1", "yields_construct_id", "C1"),
        "translations.csv:2:yields_construct_id: construct C1 is first-order: a translation "
        "yields a third-order construct",
    ),
    "a translation yielding what it translates": (
        ME,
        "translations.csv",
        set_cell("translation_id", "TR3", "yields_construct_id", "C7"),
        "translations.csv:4:yields_construct_id: C7 is also among the construct_ids translated",
    ),
    "a quote from another record than its study finding's": (
        MA,
        "quotes.csv",
        set_cell("quote_id", "Q2", "record_id", "2"),
        "quotes.csv:3:record_id: 2 is not the record of study finding SF-2 (1, "
        "study_findings.csv record_id)",
    ),
    "a quote from another record than its construct's": (
        ME,
        "quotes.csv",
        set_cell("quote_id", "Q2", "record_id", "1"),
        "quotes.csv:3:record_id: 1 is not among the records of construct C2",
    ),
    "an unknown construct": (
        ME,
        "quotes.csv",
        set_cell("quote_id", "Q1", "construct_id", "C99"),
        "quotes.csv:2:construct_id: no row with construct_id 'C99' in constructs.csv",
    ),
    "an unknown theme level": (
        ME,
        "themes.csv",
        set_cell("theme_id", "T2", "level", "interpretive"),
        "themes.csv:5:level: 'interpretive' is not allowed",
    ),
    "an unknown construct order": (
        ME,
        "constructs.csv",
        set_cell("construct_id", "C1", "order", "fourth-order"),
        "constructs.csv:2:order: 'fourth-order' is not allowed",
    ),
    "an unknown translation kind": (
        ME,
        "translations.csv",
        set_cell("translation_id", "TR1", "kind", "synthetic"),
        "translations.csv:2:kind: 'synthetic' is not allowed",
    ),
    "an unknown plausibility": (
        MA,
        "study_findings.csv",
        set_cell("finding_id", "SF-1", "plausibility", "probable"),
        "study_findings.csv:2:plausibility: 'probable' is not allowed",
    ),
    "a translation of nothing": (
        ME,
        "translations.csv",
        set_cell("translation_id", "TR2", "construct_ids", ""),
        "translations.csv:3:construct_ids: ",
    ),
    "a speaker role neither shipped nor declared": (
        ME,
        "quotes.csv",
        set_cell("quote_id", "Q1", "speaker_role", "general-practitioners"),
        "quotes.csv:2:speaker_role: 'general-practitioners' is neither",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_rule_gives_a_located_error_and_exit_1(case: str, tmp_path: Path) -> None:
    review, file, edit, expected = BAD[case]
    folder = tmp_path / review
    shutil.copytree(KINDS / review, folder)
    rewrite_csv(folder / file, edit)
    done = run_spkg("validate", str(folder), "--no-reasoner")
    assert done.returncode == 1, done.stdout
    assert f"{folder}/{expected}" in done.stderr, done.stderr


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data" / ME
    shutil.copytree(KINDS / ME, folder)
    rewrite_csv(folder / "quotes.csv", set_cell("quote_id", "Q2", "construct_id", ""))
    stderr = ingest_refused(tmp_path / "data", tmp_path / "store")
    assert f"{folder}/quotes.csv:3:theme_id: " in stderr


def test_minted_iris_are_distinct_from_the_review_s_own_findings() -> None:
    m = Minter(MA, "https://w3id.org/spkg/")
    assert m.study_finding("F1") != m.finding("F1")
    assert m.study_finding("F1") == URIRef(f"{ID}study-finding/{MA}/F1")
