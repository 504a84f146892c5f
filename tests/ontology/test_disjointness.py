"""The ontology refuses nonsense: the kinds of thing a data row becomes are disjoint, the shipped
reviews are consistent with it, every type the reasoner infers for them follows from a type they
state (or is a defined class), and data that make one node two kinds are reported, located to
the cell that does it. HermiT (`ingest.reasoning`) is the reference; each run starts a JVM, so
the reviews are classified once per module."""

from __future__ import annotations

import shutil
from itertools import chain
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ingest.build import REASONERS, check_data
from ingest.errors import InconsistentDataError
from ingest.mapping import terms
from ingest.namespaces import DEFAULT_BASE
from ingest.ontology import load_ontology
from ingest.pipeline import load_resources, prepare_review
from ingest.reasoning import InconsistentOntologyError, inferred_types, reasoner_data

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "fixtures" / "valid"
FOLDERS = [ROOT / "data" / "liebmann-2022", *sorted(p for p in VALID.iterdir() if p.is_dir())]
S = "https://w3id.org/spkg/ontology#"

# The kinds of thing a data row becomes, pairwise disjoint.
KINDS = {
    S + name
    for name in [
        "Review",
        "Record",
        "Study",
        "Sample",
        "Intervention",
        "Activity",
        "ThemeScheme",
        "Quote",
        "Speaker",
        "Finding",
        "CERQualAssessment",
        "Appraisal",
        "ItemAnswer",
        "ReportedStatistic",
        "Statement",
        "SearchSource",
        "ReviewStage",
        "FlowCount",
        "EligibilityCriterion",
        "Measurement",
        "ThemeSupport",
        "ValueSource",
        "Instrument",
        "AppraisalTool",
        "AppraisalItem",
        "Inconsistency",
        "AggregateCheck",
        "Curator",
        "Inclusion",
        "SharedStudy",
    ]
} | {str(SKOS.Concept)}

# Classes the ontology defines by their members' values; the reasoner may infer them.
DEFINED = {
    S + name
    for name in [
        "GreyLiteratureRecord",
        "PeerReviewedRecord",
        "OlderAdultsOnlyStudy",
        "StudyWithFollowUp",
        "HighQualityAppraisal",
        "LinkWorkerIntervention",
        "SocialPrescribingIntervention",
    ]
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology(DEFAULT_BASE)


def _disjoint_lists(onto: Graph) -> list[set[str]]:
    return [
        {str(m) for m in Collection(onto, onto.value(axiom, OWL.members))}
        for axiom in onto.subjects(RDF.type, OWL.AllDisjointClasses)
    ]


def _superclasses(onto: Graph, classes) -> set[URIRef]:
    """Named classes and their named superclasses, reflexive and transitive."""
    seen: set[URIRef] = set()
    todo = [c for c in classes if isinstance(c, URIRef)]
    while todo:
        c = todo.pop()
        if c not in seen:
            seen.add(c)
            todo.extend(o for o in onto.objects(c, RDFS.subClassOf) if isinstance(o, URIRef))
    return seen


def test_the_kinds_of_data_row_are_pairwise_disjoint(onto: Graph) -> None:
    assert any(members >= KINDS for members in _disjoint_lists(onto))


def test_no_individual_of_the_ontology_is_two_kinds(onto: Graph) -> None:
    """Instruments, intervention and activity types, appraisal tools and items, enumerations:
    nothing the ontology declares falls under two disjoint kinds."""
    kinds = {URIRef(k) for k in KINDS}
    offenders = {}
    for individual in set(onto.subjects(RDF.type, OWL.NamedIndividual)):
        found = _superclasses(onto, onto.objects(individual, RDF.type)) & kinds
        if len(found) > 1:
            offenders[str(individual)] = sorted(found)
    assert offenders == {}


@pytest.fixture(scope="module")
def classified() -> dict[str, tuple[Graph, Graph]]:
    """Each review's data (its reported and supplementary graphs) and HermiT's inferred types,
    as the pipeline hands them to the reasoner."""
    res = load_resources(DEFAULT_BASE)
    out = {}
    for folder in FOLDERS:
        mapped = prepare_review(folder, res).mapped
        data = Graph()
        for triple in chain(mapped.reported, mapped.supplementary):
            data.add(triple)
        reasoned = reasoner_data(res.ontology, data)
        out[folder.name] = (data, inferred_types(res.ontology, reasoned, DEFAULT_BASE))
    return out


@pytest.mark.parametrize("review", [f.name for f in FOLDERS])
def test_every_inferred_type_follows_from_a_stated_type_or_a_defined_class(
    onto: Graph, classified, review: str
) -> None:
    data, inferred = classified[review]
    assert len(inferred) > 10
    defined = {URIRef(c) for c in DEFINED}
    offenders = []
    for individual in sorted(set(inferred.subjects())):
        got = set(inferred.objects(individual, RDF.type))
        allowed = _superclasses(onto, set(data.objects(individual, RDF.type)) | (got & defined))
        offenders += [f"{individual} a {c}" for c in sorted(got - allowed)]
    assert offenders == []


@pytest.mark.parametrize("review", [f.name for f in FOLDERS])
def test_no_review_is_inferred_a_concept(classified, review: str) -> None:
    data, inferred = classified[review]
    [node] = set(data.subjects(RDF.type, URIRef(S + "Review")))
    assert (node, RDF.type, SKOS.Concept) not in inferred
    assert (node, RDF.type, SKOS.Concept) not in data


def test_a_node_made_two_kinds_by_a_range_is_inconsistent(onto: Graph) -> None:
    """A record that a link makes a study (the range of spkg:evaluatedIn): HermiT refuses it."""
    prefixes = f"@prefix spkg: <{S}> . @prefix ex: <https://w3id.org/spkg/id/test/> .\n"
    bad = Graph().parse(
        data=prefixes + "ex:r a spkg:JournalArticle . ex:i a spkg:Intervention ; "
        "spkg:evaluatedIn ex:r .",
        format="turtle",
    )
    with pytest.raises(InconsistentOntologyError):
        inferred_types(onto, reasoner_data(onto, bad), DEFAULT_BASE)


@pytest.mark.parametrize("reasoner", REASONERS)
def test_a_review_stating_a_concept_property_is_refused_at_its_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reasoner: str
) -> None:
    """The modelling error as it was: review.csv's stated_subtheme_count mapped to the theme
    property (domain skos:Concept). Either classifier refuses it, naming the review and the
    cell."""
    shutil.copytree(VALID / "tiny-2020", tmp_path / "tiny-2020")
    review_terms = dict(terms.COLUMN_TERMS["review.csv"])
    review_terms["stated_subtheme_count"] = "statedSubthemeCount"
    monkeypatch.setitem(terms.COLUMN_TERMS, "review.csv", review_terms)
    with pytest.raises(InconsistentDataError) as caught:
        check_data(tmp_path, base=DEFAULT_BASE, show_progress=False, reasoner=reasoner)
    error = caught.value
    review = "https://w3id.org/spkg/id/review/tiny-2020"
    assert error.review_id == "tiny-2020"
    assert review in error.individuals
    cells = {(e.path.name, e.row, e.column) for e in error.cells}
    assert ("review.csv", 2, "stated_subtheme_count") in cells
    assert all(review in e.message for e in error.cells)
