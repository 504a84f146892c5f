"""The compiled rules type data exactly as HermiT does, and refuse what HermiT refuses.

HermiT (`ingest.reasoning.all_types`) is the reference: for the seed review, every valid
fixture and synthetic reviews (5 here, 100 in the `slow` run), each individual's set of named
classes must be the same; crafted graphs exercise each kind of rule (every property's domain
and range, the defined classes, merging by a functional property, unions narrowed by
disjointness) and each kind of contradiction, which both must refuse. Each HermiT run starts a
JVM (seconds), so the reviews are compared one run each.
"""

from __future__ import annotations

from itertools import chain
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from bench.generate import generate, review_id
from ingest import reasoning
from ingest.namespaces import DEFAULT_BASE
from ingest.ontology import load_ontology
from ingest.pipeline import load_resources, prepare_review
from ingest.reasoning import InconsistentOntologyError
from ingest.rules import Classifier, UnsupportedAxiomError, load_classifier
from ingest.rules.compiler import compile_rules
from ingest.rules.hierarchy import classify_ontology, ontology_key
from tests.ontology.test_reasoning import FIXTURE

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "fixtures" / "valid"
FOLDERS = [ROOT / "data" / "liebmann-2022", *sorted(p for p in VALID.iterdir() if p.is_dir())]
S = "https://w3id.org/spkg/ontology#"
EX = "https://w3id.org/spkg/id/test/"
PREFIXES = f"@prefix spkg: <{S}> . @prefix ex: <{EX}> .\n"
SEED = 1
FAST_SYNTHETIC = 2  # the other 98 run in `make test-all`
SLOW_SYNTHETIC = 100


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology(DEFAULT_BASE)


@pytest.fixture(scope="module")
def rules() -> Classifier:
    return load_classifier(DEFAULT_BASE)


def _graph(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def _review_data(folder: Path) -> Graph:
    """A review's reported and supplementary triples, as the pipeline classifies them."""
    mapped = prepare_review(folder, load_resources(DEFAULT_BASE)).mapped
    data = Graph()
    for triple in chain(mapped.reported, mapped.supplementary):
        data.add(triple)
    return data


def _differences(
    onto: Graph, rules: Classifier, data: Graph, theirs: dict | None = None
) -> dict[str, tuple]:
    """Per individual whose classes differ: (only the rules', only HermiT's)."""
    theirs = theirs if theirs is not None else reasoning.all_types(onto, data)
    mine = rules.all_types(data)
    assert set(mine) == set(theirs)
    return {
        str(ind): (sorted(mine[ind] - theirs[ind]), sorted(theirs[ind] - mine[ind]))
        for ind in theirs
        if mine[ind] != theirs[ind]
    }


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_the_rules_type_each_shipped_review_as_hermit_does(onto, rules, folder: Path) -> None:
    data = _review_data(folder)
    theirs = reasoning.all_types(onto, data)
    assert _differences(onto, rules, data, theirs) == {}
    # and the inferred graph the ingest writes is HermiT's, triple for triple
    expected = reasoning.new_types(theirs, data, DEFAULT_BASE)
    assert len(expected) > 10
    assert set(rules.inferred(data)) == set(expected)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("synthetic")


def _synthetic_review(root: Path, index: int) -> Path:
    [folder] = generate(1, SEED, root, start=index)
    assert folder.name == review_id(SEED, index)
    return folder


@pytest.mark.parametrize("index", range(FAST_SYNTHETIC))
def test_the_rules_type_synthetic_reviews_as_hermit_does(onto, rules, synthetic, index) -> None:
    data = _review_data(_synthetic_review(synthetic, index))
    assert _differences(onto, rules, data) == {}


@pytest.mark.slow
@pytest.mark.parametrize("index", range(FAST_SYNTHETIC, SLOW_SYNTHETIC))
def test_the_rules_type_a_hundred_synthetic_reviews_as_hermit_does(
    onto, rules, synthetic, index
) -> None:
    data = _review_data(_synthetic_review(synthetic, index))
    assert _differences(onto, rules, data) == {}


def _one_use_of_every_property(onto: Graph) -> Graph:
    """A fresh individual per property of the ontology, linked by that property alone to a
    fresh individual or a value of its range: the domain and range rules, each on its own."""
    samples = {XSD.integer: Literal(3), XSD.decimal: Literal("2.5", datatype=XSD.decimal)}
    samples[XSD.boolean] = Literal(True)
    data = Graph()
    for i, prop in enumerate(sorted(onto.subjects(RDF.type, OWL.ObjectProperty))):
        data.add((URIRef(f"{EX}o{i}"), prop, URIRef(f"{EX}o{i}-value")))
    for i, prop in enumerate(sorted(onto.subjects(RDF.type, OWL.DatatypeProperty))):
        value = samples.get(onto.value(prop, RDFS.range))  # type: ignore[arg-type]
        if value is not None:
            data.add((URIRef(f"{EX}d{i}"), prop, value))
    return data


def test_every_property_types_its_subject_and_object_as_hermit_does(onto, rules) -> None:
    data = _one_use_of_every_property(onto)
    assert len(data) > 100
    assert _differences(onto, rules, data) == {}


TRICKY = """
# a functional link to two nodes makes them one (and their samples one): both are the study
ex:r2 a spkg:Inclusion ; spkg:reportsStudy ex:s1 , ex:s2 .
ex:s1 spkg:hasSample ex:m1 . ex:m1 spkg:olderAdultsOnly true . ex:s2 spkg:hasSample ex:m2 .
# a defined class stated: what it implies about its members, nothing else
ex:s3 a spkg:OlderAdultsOnlyStudy . ex:p3 a spkg:PeerReviewedRecord .
# an inverse property, a subproperty and its superproperty's domain
ex:s4 spkg:reportedBy ex:rec4 . ex:rec4 spkg:hasFollowUp true .
ex:rv spkg:includesRecord ex:rec5 .
ex:sub spkg:subthemeOf ex:top .
# a union domain alone (a finding or a statistic)
ex:about spkg:aboutTheme ex:theme .
"""


def test_defined_classes_merges_inverses_and_unions_type_as_hermit_does(onto, rules) -> None:
    data = Graph().parse(data=FIXTURE, format="turtle") + _graph(TRICKY)
    assert _differences(onto, rules, data) == {}
    types = rules.all_types(data)
    assert S + "OlderAdultsOnlyStudy" in types[URIRef(EX + "s2")]  # through the merge
    assert S + "StudyWithFollowUp" in types[URIRef(EX + "s4")]  # through the inverse


INCONSISTENT = {
    "two disjoint kinds stated": ("ex:x a spkg:JournalArticle , spkg:Study .", "x"),
    "a range makes a record a study": (
        "ex:r a spkg:JournalArticle . ex:i a spkg:Intervention ; spkg:evaluatedIn ex:r .",
        "r",
    ),
    "two values of a functional property": (
        "ex:t a spkg:Record ; spkg:peerReviewed true , false .",
        "t",
    ),
    "a stated defined class against its value": (
        "ex:p a spkg:PeerReviewedRecord ; spkg:peerReviewed false .",
        "p",
    ),
    "a decimal where the range is integer": (
        "ex:a a spkg:Appraisal ; spkg:appraisalScore 8.5 .",
        "a",
    ),
    "a boolean where the range is integer": (
        "ex:a a spkg:Appraisal ; spkg:appraisalScore true .",
        "a",
    ),
    "a union domain none of whose classes fits": (
        "ex:r a spkg:JournalArticle ; spkg:position 1 .",
        "r",
    ),
    "a functional link to two individuals declared different": (
        "ex:q spkg:speakerGender spkg:Female , spkg:Male .",
        "q",
    ),
    "an unnamed sample that a functional link makes the named one": (
        "ex:s a spkg:OlderAdultsOnlyStudy ; spkg:hasSample ex:m . "
        "ex:m spkg:olderAdultsOnly false .",
        "m",
    ),
}


@pytest.mark.parametrize("case", sorted(INCONSISTENT))
def test_contradictions_are_refused_by_both(onto, rules, case: str) -> None:
    text, individual = INCONSISTENT[case]
    data = _graph(text)
    with pytest.raises(InconsistentOntologyError):
        reasoning.all_types(onto, data)
    with pytest.raises(InconsistentOntologyError) as caught:
        rules.inferred(data)
    assert EX + individual in caught.value.individuals
    # every contradiction names the data triples behind it
    assert caught.value.causes
    assert all(set(triples) <= set(data) for _, _, triples in caught.value.causes)


def test_a_contradiction_says_why_each_class_holds(rules) -> None:
    data = _graph("ex:rev a spkg:Review ; spkg:statedSubthemeCount 6 .")
    with pytest.raises(InconsistentOntologyError) as caught:
        rules.inferred(data)
    [(individual, reason, triples)] = caught.value.causes
    assert individual == EX + "rev"
    assert "the domain of statedSubthemeCount" in reason and "disjoint" in reason
    assert set(triples) == set(data)


# --- compiling the ontology -------------------------------------------------------------------


def test_the_ontology_is_classified_once_then_read_from_the_cache(
    onto, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("SPKG_CACHE_DIR", str(tmp_path))
    key = ontology_key(onto, DEFAULT_BASE)
    assert key == ontology_key(load_ontology(DEFAULT_BASE), DEFAULT_BASE)  # blank nodes aside
    first = classify_ontology(onto, key)
    assert (tmp_path / f"ontology-{key}.json").exists()

    def no_reasoner(graph):
        raise AssertionError("HermiT ran although the classification was cached")

    monkeypatch.setattr("ingest.rules.hierarchy.hermit_world", no_reasoner)
    assert classify_ontology(onto, key) == first


def test_any_change_to_the_ontology_changes_its_key(onto) -> None:
    changed = load_ontology(DEFAULT_BASE)
    restriction = next(onto.subjects(OWL.hasValue, Literal(True)))
    changed.set((restriction, OWL.hasValue, Literal(False)))  # a blank node's content only
    assert ontology_key(changed, DEFAULT_BASE) != ontology_key(onto, DEFAULT_BASE)
    assert ontology_key(onto, "https://example.org/") != ontology_key(onto, DEFAULT_BASE)


def _with(text: str) -> Graph:
    """The ontology with one more axiom."""
    return load_ontology(DEFAULT_BASE) + Graph().parse(
        data=PREFIXES + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + text,
        format="turtle",
    )


UNSUPPORTED = {
    "allValuesFrom": (
        "spkg:Study rdfs:subClassOf [ a owl:Restriction ; owl:onProperty spkg:hasSample ; "
        "owl:allValuesFrom spkg:Sample ] .",
        "allValuesFrom",
    ),
    "a cardinality": (
        "spkg:Study rdfs:subClassOf [ a owl:Restriction ; owl:onProperty spkg:reportedBy ; "
        "owl:maxCardinality 3 ] .",
        "maxCardinality",
    ),
    "a transitive property": ("spkg:subthemeOf a owl:TransitiveProperty .", "transitive"),
    "a property chain": (
        "spkg:evaluates owl:propertyChainAxiom ( spkg:evaluates spkg:hasSample ) .",
        "property chains",
    ),
    "a general class inclusion": (
        "[ a owl:Restriction ; owl:onProperty spkg:hasSample ; owl:someValuesFrom spkg:Sample ] "
        "rdfs:subClassOf spkg:Study .",
        "general class inclusion",
    ),
    "a complement": (
        "spkg:Study owl:equivalentClass [ a owl:Class ; owl:complementOf spkg:Record ] .",
        "complementOf",
    ),
    "an unknown datatype": (
        "spkg:appraisalScore rdfs:range <http://www.w3.org/2001/XMLSchema#gYear> .",
        "gYear",
    ),
}


@pytest.mark.parametrize("case", sorted(UNSUPPORTED))
def test_an_axiom_the_rules_cannot_follow_fails_loudly_naming_it(onto, case: str) -> None:
    text, named = UNSUPPORTED[case]
    hierarchy = classify_ontology(onto, ontology_key(onto, DEFAULT_BASE))
    with pytest.raises(UnsupportedAxiomError) as caught:
        compile_rules(_with(text), hierarchy)
    assert named in str(caught.value)


def test_rules_that_miss_hermits_types_for_the_ontologys_individuals_fail(onto) -> None:
    """The compiled rules are checked against HermiT on the ontology's own individuals."""
    hierarchy = classify_ontology(onto, ontology_key(onto, DEFAULT_BASE))
    individual = sorted(hierarchy.individuals)[0]
    wrong = {**hierarchy.individuals, individual: frozenset({URIRef(S + "Review")})}
    with pytest.raises(UnsupportedAxiomError) as caught:
        compile_rules(onto, type(hierarchy)(hierarchy.key, hierarchy.ancestors, wrong))
    assert str(individual) in str(caught.value)
