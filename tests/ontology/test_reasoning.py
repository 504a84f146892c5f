"""HermiT through owlready2: the ontology is consistent, defined classes classify, contradictions
are named. Each classification starts a JVM (about 2 s), so fixtures run it once per module."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ingest.namespaces import DEFAULT_BASE
from ingest.ontology import load_ontology
from ingest.reasoning import InconsistentOntologyError, classify_batch, inferred_types

S = "https://w3id.org/spkg/ontology#"
EX = "https://w3id.org/spkg/id/test/"

FIXTURE = f"""
@prefix spkg: <{S}> . @prefix ex: <{EX}> .
@prefix itype: <https://w3id.org/spkg/id/intervention-type/> .
ex:grey a spkg:Report ; spkg:peerReviewed false .
ex:peer a spkg:JournalArticle ; spkg:peerReviewed true .
ex:nofollow a spkg:JournalArticle ; spkg:peerReviewed true .
ex:grey-in a spkg:Inclusion ; spkg:includedRecord ex:grey ; spkg:reportsStudy ex:followed .
ex:peer-in a spkg:Inclusion ; spkg:includedRecord ex:peer ; spkg:hasFollowUp true ;
    spkg:reportsStudy ex:followed .
ex:nofollow-in a spkg:Inclusion ; spkg:includedRecord ex:nofollow ; spkg:hasFollowUp false ;
    spkg:reportsStudy ex:older .
ex:followed a spkg:Study ; spkg:hasSample ex:mixed-sample .
ex:mixed-sample a spkg:Sample ; spkg:olderAdultsOnly false .
ex:older a spkg:Study ; spkg:hasSample ex:older-sample .
ex:older-sample a spkg:Sample ; spkg:olderAdultsOnly true .
ex:casp-9 a spkg:Appraisal ; spkg:appraisalTool spkg:CASP ; spkg:appraisalScore 9 .
ex:casp-7 a spkg:Appraisal ; spkg:appraisalTool spkg:CASP ; spkg:appraisalScore 7 .
ex:aacods-5 a spkg:Appraisal ; spkg:appraisalTool spkg:AACODS ; spkg:appraisalScore 5 .
ex:aacods-4 a spkg:Appraisal ; spkg:appraisalTool spkg:AACODS ; spkg:appraisalScore 4 .
ex:navigator a spkg:Intervention ; spkg:hasLinkWorker true ;
    spkg:interventionType itype:community-navigation .
ex:group a spkg:Intervention ; spkg:hasLinkWorker false .
"""

BCIO_SP = "http://humanbehaviourchange.org/ontology/BCIO_050357"

# individual, class, whether the reasoner must infer it
EXPECTED = [
    ("grey", S + "GreyLiteratureRecord", True),
    ("grey", S + "Record", True),
    ("grey", "http://purl.org/spar/fabio/Report", True),
    ("peer", S + "GreyLiteratureRecord", False),
    ("peer", S + "PeerReviewedRecord", True),
    ("peer", "https://schema.org/ScholarlyArticle", True),
    ("older", S + "OlderAdultsOnlyStudy", True),
    ("followed", S + "OlderAdultsOnlyStudy", False),
    ("followed", S + "StudyWithFollowUp", True),
    ("older", S + "StudyWithFollowUp", False),
    ("casp-9", S + "HighQualityAppraisal", True),
    ("casp-7", S + "HighQualityAppraisal", False),
    ("aacods-5", S + "HighQualityAppraisal", True),
    ("aacods-4", S + "HighQualityAppraisal", False),
    ("navigator", S + "LinkWorkerIntervention", True),
    ("navigator", S + "SocialPrescribingIntervention", True),
    ("navigator", BCIO_SP, True),
    ("group", S + "LinkWorkerIntervention", False),
    ("group", BCIO_SP, False),
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology(DEFAULT_BASE)


@pytest.fixture(scope="module")
def inferred(onto: Graph) -> Graph:
    return inferred_types(onto, Graph().parse(data=FIXTURE, format="turtle"), DEFAULT_BASE)


def test_ontology_alone_is_consistent(onto: Graph) -> None:
    assert len(inferred_types(onto, Graph(), DEFAULT_BASE)) == 0


@pytest.mark.parametrize(("individual", "cls", "expected"), EXPECTED)
def test_defined_classes_classify(inferred: Graph, individual: str, cls: str, expected: bool):
    assert ((URIRef(EX + individual), RDF.type, URIRef(cls)) in inferred) is expected


def test_only_new_types_of_data_individuals_are_returned(inferred: Graph) -> None:
    subjects = {str(s) for s in inferred.subjects()}
    assert subjects and all(s.startswith(EX) for s in subjects)
    # asserted in the fixture, so not returned
    assert (URIRef(EX + "grey"), RDF.type, URIRef(S + "Report")) not in inferred
    assert set(inferred.predicates()) == {RDF.type}
    assert not any(str(o).startswith("http://www.w3.org/2002/07/owl#") for o in inferred.objects())


def test_contradicting_data_raise_with_the_individuals(onto: Graph) -> None:
    bad = Graph().parse(
        data=f"""@prefix spkg: <{S}> . @prefix ex: <{EX}> .
        ex:both a spkg:JournalArticle , spkg:Study .
        ex:twice a spkg:Record ; spkg:peerReviewed true , false .
        ex:fine a spkg:Record ; spkg:peerReviewed true .""",
        format="turtle",
    )
    with pytest.raises(InconsistentOntologyError) as e:
        inferred_types(onto, bad, DEFAULT_BASE)
    assert e.value.individuals == (EX + "both", EX + "twice")
    assert any("disjoint" in r and EX + "both" in r for r in e.value.reasons)
    assert any(S + "peerReviewed" in r for r in e.value.reasons)


def _review(text: str) -> Graph:
    prefixes = f"@prefix spkg: <{S}> . @prefix ex: <{EX}> .\n"
    return Graph().parse(data=prefixes + text, format="turtle")


def test_batch_classifies_each_review_as_if_alone(onto: Graph) -> None:
    # One record (keyed by DOI) in two reviews that disagree on whether it was peer reviewed:
    # merged, the functional property would make the data inconsistent.
    shared = URIRef(EX + "doi-record")
    reviews = {
        "a": _review("ex:doi-record a spkg:Record ; spkg:peerReviewed true ."),
        "b": _review(
            "ex:doi-record a spkg:Record ; spkg:peerReviewed false .\n"
            "ex:b-record a spkg:Record ; spkg:peerReviewed false ."
        ),
    }
    found = classify_batch(onto, reviews, DEFAULT_BASE)
    assert (shared, RDF.type, URIRef(S + "PeerReviewedRecord")) in found["a"]
    assert (shared, RDF.type, URIRef(S + "GreyLiteratureRecord")) not in found["a"]
    assert (shared, RDF.type, URIRef(S + "GreyLiteratureRecord")) in found["b"]
    assert (URIRef(EX + "b-record"), RDF.type, URIRef(S + "GreyLiteratureRecord")) in found["b"]
    assert {str(s) for g in found.values() for s in g.subjects()} <= {
        EX + "doi-record",
        EX + "b-record",
    }


def test_batch_names_the_inconsistent_review(onto: Graph) -> None:
    reviews = {
        "fine": _review("ex:r1 a spkg:Record ; spkg:peerReviewed true ."),
        "broken": _review("ex:r2 a spkg:JournalArticle , spkg:Study ."),
    }
    with pytest.raises(InconsistentOntologyError) as e:
        classify_batch(onto, reviews, DEFAULT_BASE)
    assert e.value.review == "broken"
    assert e.value.individuals == (EX + "r2",)
