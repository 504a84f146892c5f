"""The ontology file: header, coverage of the data dictionary and schema keys, QC checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from api.rest.named import QUERY_DIR, SHARED_QUERIES
from ingest import schema
from ingest.mapping.terms import Vocabulary
from ingest.namespaces import DEFAULT_BASE, VANN
from ingest.ontology import ONTOLOGY_FILE, load_ontology, load_shapes, rebase
from ingest.ontology_checks import CHECKS_DIR, checks, qc_graph, run_check

ROOT = Path(__file__).resolve().parents[2]
S = "https://w3id.org/spkg/ontology#"
ID = "https://w3id.org/spkg/id/"
ONT = URIRef("https://w3id.org/spkg/ontology")
CHECKS = checks()


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology(DEFAULT_BASE)


def test_ontology_file_parses_as_turtle() -> None:
    assert len(Graph().parse(ONTOLOGY_FILE, format="turtle")) > 1000


def test_header(onto: Graph) -> None:
    assert (ONT, RDF.type, OWL.Ontology) in onto
    assert (ONT, OWL.versionIRI, URIRef("https://w3id.org/spkg/ontology/0.1.0")) in onto
    assert (ONT, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in onto
    assert (ONT, VANN.preferredNamespacePrefix, Literal("spkg")) in onto
    assert (ONT, VANN.preferredNamespaceUri, Literal(S)) in onto
    for p in (OWL.versionInfo, DCTERMS.creator, DCTERMS.title, DCTERMS.description):
        assert onto.value(ONT, p) is not None, p


def _readme_terms() -> set[str]:
    """spkg terms named in the Term column of data/README.md's tables."""
    terms: set[str] = set()
    for line in (ROOT / "data" / "README.md").read_text(encoding="utf-8").splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) >= 8:
            terms |= set(re.findall(r"spkg:([A-Za-z]+)", cells[6]))
    return terms


def test_every_data_dictionary_term_is_declared(onto: Graph) -> None:
    terms = _readme_terms()
    assert len(terms) > 150
    missing = sorted(t for t in terms if (URIRef(S + t), RDF.type, None) not in onto)
    assert missing == []


@pytest.mark.parametrize(
    ("kind", "keys", "cls"),
    [
        ("intervention-type", schema.INTERVENTION_TYPES, SKOS.Concept),
        ("activity-type", schema.ACTIVITY_TYPES, SKOS.Concept),
        ("instrument", schema.INSTRUMENTS, URIRef(S + "Instrument")),
        ("appraisal-item", schema.APPRAISAL_ITEMS, URIRef(S + "AppraisalItem")),
    ],
)
def test_global_individuals_match_schema_keys(onto: Graph, kind: str, keys, cls) -> None:
    prefix = f"{ID}{kind}/"
    declared = {
        str(s)[len(prefix) :] for s in onto.subjects(RDF.type, cls) if str(s).startswith(prefix)
    }
    assert declared == set(keys)


@pytest.mark.parametrize("scheme", ["intervention-types", "activity-types"])
def test_scheme_concepts_have_labels_and_broader_within_scheme(onto: Graph, scheme: str) -> None:
    iri = URIRef(f"{ID}scheme/{scheme}")
    concepts = set(onto.subjects(SKOS.inScheme, iri))
    assert concepts
    for c in concepts:
        assert onto.value(c, SKOS.prefLabel) and onto.value(c, SKOS.definition), c
        for b in onto.objects(c, SKOS.broader):
            assert b in concepts, (c, b)
    assert any(onto.objects(c, SKOS.broader) for c in concepts)


def test_social_prescribing_maps_to_bcio(onto: Graph) -> None:
    sp = URIRef(f"{ID}intervention-type/social-prescribing")
    bcio = URIRef("http://humanbehaviourchange.org/ontology/BCIO_050357")
    assert (sp, SKOS.closeMatch, bcio) in onto
    assert (URIRef(S + "SocialPrescribingIntervention"), RDFS.subClassOf, bcio) in onto


def test_instruments_are_assessment_scales_with_constructs(onto: Graph) -> None:
    pico = URIRef("http://data.cochrane.org/ontologies/pico/AssessmentScale")
    assert (URIRef(S + "Instrument"), RDFS.subClassOf, pico) in onto
    gds = URIRef(f"{ID}instrument/geriatric-depression-scale")
    assert (gds, SKOS.closeMatch, URIRef("https://loinc.org/48542-5")) in onto
    assert (gds, URIRef(S + "measuresConstruct"), URIRef(S + "Depression")) in onto
    for key in schema.INSTRUMENTS:
        assert onto.value(URIRef(f"{ID}instrument/{key}"), URIRef(S + "measuresConstruct"))


@pytest.mark.parametrize(("tool", "items", "maximum"), [("CASP", 10, 10), ("AACODS", 6, 6)])
def test_appraisal_tools(onto: Graph, tool: str, items: int, maximum: int) -> None:
    t = URIRef(S + tool)
    assert onto.value(t, URIRef(S + "itemCount")).toPython() == items
    assert onto.value(t, URIRef(S + "maximumScore")).toPython() == maximum
    assert len(set(onto.subjects(URIRef(S + "itemOf"), t))) == items


@pytest.mark.parametrize(
    ("cls", "value", "expected"),
    [
        ("Gender", "female", "Female"),
        ("AppraisalAnswer", "cant-tell", "CantTell"),
        ("FlowStage", "identified", "Identified"),
        ("StageType", "title-abstract-screening", "TitleAbstractScreening"),
        ("Unit", "records", "RecordsUnit"),
        ("SourceKind", "primary-paper", "PrimaryPaper"),
        ("DeliveryMode", "group", "GroupDelivery"),
        ("AppraisalTool", "CASP", "CASP"),
    ],
)
def test_enum_value_finds_the_individual_by_notation(
    onto: Graph, cls: str, value: str, expected: str
) -> None:
    """The mapping's vocabulary finds an enum value's individual by its skos:notation in the
    range of every property that takes the class."""
    vocabulary = Vocabulary.from_ontology(onto)
    properties = set(onto.subjects(RDFS.range, URIRef(S + cls)))
    assert properties
    for prop in properties:
        assert vocabulary.individual(prop, value) == URIRef(S + expected), prop


def test_enum_value_rejects_unknown_values(onto: Graph) -> None:
    vocabulary = Vocabulary.from_ontology(onto)
    [prop] = set(onto.subjects(RDFS.range, URIRef(S + "Gender")))
    assert vocabulary.individual(prop, "unknown") is None


@given(st.from_regex(r"https://example\.(org|net)/[a-z]{1,8}/", fullmatch=True))
@settings(max_examples=20, deadline=None)
def test_rebase_moves_every_default_iri(base: str) -> None:
    g = Graph()
    g.add((URIRef(S + "Theme"), RDFS.subClassOf, URIRef(ID + "x")))
    g.add((URIRef("urn:x"), URIRef(S + "p"), Literal(S, datatype=XSD.anyURI)))
    moved = rebase(g, base)
    assert len(moved) == len(g)
    assert not any(DEFAULT_BASE in str(t) for triple in moved for t in triple)
    assert (URIRef(base + "ontology#Theme"), RDFS.subClassOf, URIRef(base + "id/x")) in moved


def test_rebased_ontology_and_shapes_keep_their_size() -> None:
    base = "http://localhost:8000/"
    assert len(load_ontology(base)) == len(load_ontology(DEFAULT_BASE))
    shapes = load_shapes(base)
    assert len(shapes) == len(load_shapes(DEFAULT_BASE))
    assert not any(str(t).startswith(DEFAULT_BASE) for triple in shapes for t in triple)


@pytest.fixture(scope="module")
def qc() -> Graph:
    folders = {QUERY_DIR, *(path.parent for path in SHARED_QUERIES.values())}
    return qc_graph(sorted(folders), DEFAULT_BASE)


def test_there_are_checks() -> None:
    assert {c.name for c in CHECKS} >= {
        "label-definition-violation.rq",
        "isdefinedby-violation.rq",
        "orphan-class-violation.rq",
        "undeclared-term-violation.rq",
        "domain-range-violation.rq",
        "deprecated-term-violation.rq",
        "disjoint-kind-violation.rq",
    }


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_returns_no_rows(qc: Graph, check: Path) -> None:
    assert run_check(check, qc, DEFAULT_BASE) == []


_PREFIXES = f"""
@prefix spkg: <{S}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""
_OK_CLASS = "a owl:Class ; rdfs:label 'x' ; skos:definition 'x' ; rdfs:isDefinedBy spkg:"
# check, Turtle that breaks it, the term it must report
BROKEN = [
    ("label-definition", "spkg:Bad a owl:Class ; rdfs:isDefinedBy spkg: .", "Bad"),
    ("isdefinedby", "spkg:Bad a owl:Class ; rdfs:label 'x' ; skos:definition 'x' .", "Bad"),
    ("orphan-class", f"spkg:Bad {_OK_CLASS} .", "Bad"),
    ("undeclared-term", f"spkg:Good {_OK_CLASS} ; rdfs:subClassOf spkg:Bad .", "Bad"),
    ("domain-range", "spkg:bad a owl:ObjectProperty ; rdfs:domain prov:Entity .", "bad"),
    ("disjoint-kind", f"spkg:Bad {_OK_CLASS} ; rdfs:subClassOf prov:Entity .", "Bad"),
    (
        "deprecated-term",
        f"spkg:Bad {_OK_CLASS} ; owl:deprecated true . spkg:Good {_OK_CLASS} ; "
        "rdfs:subClassOf spkg:Bad .",
        "Bad",
    ),
]


@pytest.mark.parametrize(("check", "turtle", "term"), BROKEN, ids=[b[0] for b in BROKEN])
def test_check_reports_the_offending_term(check: str, turtle: str, term: str) -> None:
    g = Graph().parse(data=_PREFIXES + turtle, format="turtle")
    rows = run_check(CHECKS_DIR / f"{check}-violation.rq", g, DEFAULT_BASE)
    assert URIRef(S + term) in {row[0] for row in rows}
