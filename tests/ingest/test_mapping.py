"""The mapping states the spkg terms and the shared vocabularies, places each value in the right
graph and is deterministic."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from ingest.iris import Minter
from ingest.mapping import Mapped, map_review
from ingest.mapping.terms import Vocabulary
from ingest.namespaces import (
    BCIO,
    BIBO,
    CITO,
    DCTERMS,
    FABIO,
    OA,
    PAV,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    WD,
    XSD,
    spkg_ns,
)
from ingest.ontology import load_ontology, load_shapes
from ingest.provenance import build_provenance, fingerprint, sorted_nquads
from ingest.readers import read_review
from ingest.validate import shapes_context, validate_review
from tests.ingest.conftest import REVIEW, VALID

BASE = "https://w3id.org/spkg/"
S = spkg_ns(BASE)
M = Minter(REVIEW, BASE)


@pytest.fixture(scope="module")
def mapped() -> Mapped:
    return map_review(
        read_review(VALID / REVIEW), Vocabulary.from_ontology(load_ontology(BASE)), BASE
    )


def test_review_in_shared_vocabularies(mapped: Mapped) -> None:
    g, review = mapped.reported, M.review_iri()
    assert (review, RDF.type, FABIO.SystematicReview) in g
    assert (review, RDF.type, S.QualitativeMetaSynthesis) in g
    title = Literal("A tiny meta-synthesis of social prescribing", lang="en")
    assert (review, DCTERMS.title, title) in g
    assert (review, DCTERMS.issued, Literal("2020", datatype=XSD.gYear)) in g
    assert (review, BIBO.doi, Literal("10.1234/tiny.2020.1")) in g
    assert (review, DCTERMS.creator, URIRef(f"{review}#author-2")) in g


THESIS = URIRef(BASE + "id/record/work/todd-2017-museums-on-prescription")


def test_records_keyed_by_doi_and_reviewed(mapped: Mapped) -> None:
    g = mapped.reported
    record = URIRef(BASE + "id/record/doi/10.1136/bmjopen-2016-015203")
    assert mapped.minter.record("1", "doi/10.1136/bmjopen-2016-015203") == record
    assert (M.review_iri(), CITO.reviews, record) in g
    assert (record, RDF.type, FABIO.JournalArticle) in g
    assert (record, RDF.type, SCHEMA.ScholarlyArticle) in g
    # the work is no review's: the review's inclusion of it is derived from the review
    assert (record, PROV.wasDerivedFrom, None) not in g
    assert (M.inclusion("1"), PROV.wasDerivedFrom, M.review_iri()) in g
    assert (M.inclusion("1"), S.includedRecord, record) in g
    assert (M.inclusion("1"), S.inReview, M.review_iri()) in g
    # no DOI: keyed by first author, year and title
    assert (THESIS, RDF.type, FABIO.DoctoralThesis) in g


def test_each_inclusion_states_the_review_key_it_is_found_by(mapped: Mapped) -> None:
    g = mapped.reported
    by_doi = URIRef(BASE + "id/record/doi/10.1136/bmjopen-2016-015203")
    assert set(g.objects(M.inclusion("1"), DCTERMS.identifier)) == {Literal("1")}
    assert set(g.objects(M.inclusion("3"), DCTERMS.identifier)) == {Literal("3")}
    assert (M.inclusion("1"), S.citationNumber, Literal(1, datatype=XSD.integer)) in g
    assert (by_doi, S.citationNumber, None) not in g
    assert (by_doi, DCTERMS.identifier, None) not in g
    assert (M.inclusion("1"), S.reportsStudy, M.study("S1")) in g
    assert mapped.column_of("records.csv", str(DCTERMS.identifier)) == "record_id"


def test_value_listed_in_value_sources_goes_to_supplementary(mapped: Mapped) -> None:
    sample = M.sample("S1")
    female = Literal(Decimal("46.7"), datatype=XSD.decimal)
    assert (sample, S.femalePercent, female) in mapped.supplementary
    assert (sample, S.femalePercent, None) not in mapped.reported
    male = Literal(Decimal("53.3"), datatype=XSD.decimal)
    assert (sample, S.malePercent, male) in mapped.reported
    note = M.value_source("studies.csv", "S1", "female_pct")
    assert (note, RDF.type, S.ValueSource) in mapped.supplementary
    assert (note, S.aboutResource, sample) in mapped.supplementary
    assert (note, S.aboutProperty, S.femalePercent) in mapped.supplementary
    assert (note, S.sourceKind, S.Computed) in mapped.supplementary


def test_doi_from_a_primary_paper_keys_the_record_all_the_same(mapped: Mapped) -> None:
    record = URIRef(BASE + "id/record/doi/10.1186/s12889-018-6349-x")
    assert (record, BIBO.doi, Literal("10.1186/s12889-018-6349-x")) in mapped.supplementary
    assert (record, BIBO.doi, None) not in mapped.reported
    assert (record, RDF.type, S.JournalArticle) in mapped.reported
    source = M.value_source("records.csv", "2", "doi")
    assert (source, S.aboutResource, record) in mapped.supplementary


def test_each_study_is_an_extraction_of_the_shared_study(mapped: Mapped) -> None:
    shared = URIRef(BASE + "id/shared-study/doi/10.1136/bmjopen-2016-015203")
    assert (M.study("S1"), S.extractionOf, shared) in mapped.reported
    assert (shared, RDF.type, S.SharedStudy) in mapped.reported
    thesis_study = URIRef(BASE + "id/shared-study/work/todd-2017-museums-on-prescription")
    assert (M.study("S2"), S.extractionOf, thesis_study) in mapped.reported


def test_themes_as_skos(mapped: Mapped) -> None:
    g, scheme = mapped.reported, M.theme_scheme()
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    assert (M.theme("T1"), SKOS.topConceptOf, scheme) in g
    assert (M.theme("T1.1"), SKOS.broader, M.theme("T1")) in g
    assert (M.theme("T1.1"), SKOS.inScheme, scheme) in g
    assert (M.theme("T1"), SKOS.definition, Literal("All records")) in g


def test_quote_as_web_annotation(mapped: Mapped) -> None:
    g, q = mapped.reported, M.quote("Q1")
    target, selector = URIRef(f"{q}#target"), URIRef(f"{q}#selector")
    assert (q, RDF.type, OA.Annotation) in g
    assert (q, OA.motivatedBy, OA.classifying) in g
    assert (q, OA.hasBody, M.theme("T1.1")) in g
    assert (q, OA.hasTarget, target) in g
    assert (target, OA.hasSource, URIRef(BASE + "id/record/doi/10.1136/bmjopen-2016-015203")) in g
    assert (selector, RDF.type, OA.TextQuoteSelector) in g
    assert (selector, OA.exact, Literal('I feel less alone, "truly".')) in g
    assert (q, PROV.wasAttributedTo, URIRef(f"{q}#speaker")) in g
    assert (URIRef(f"{q}#speaker"), S.speakerGender, S.Male) in g


def test_countries_interventions_instruments(mapped: Mapped) -> None:
    g = mapped.reported
    assert (M.study("S1"), DCTERMS.spatial, WD.Q145) in g
    assert (M.study("S2"), DCTERMS.spatial, WD.Q16) in g
    assert (M.intervention("I1"), RDF.type, BCIO.BCIO_050357) in g
    kind = M.intervention_type("link-worker-social-prescribing")
    assert (M.intervention("I1"), S.interventionType, kind) in g
    assert (M.measurement("M1"), S.instrument, M.instrument("ucla-loneliness-scale")) in g
    answer = M.item_answer("3", "aacods-coverage")
    assert (answer, S.appraisalItem, M.appraisal_item("aacods-coverage")) in g
    assert (answer, S.answer, S.No) in g
    assert (M.flow("included"), S["count"], Literal(3, datatype=XSD.integer)) in g
    assert (M.study("S1"), S.dataCollectionStart, Literal("2015-01", datatype=XSD.gYearMonth)) in g
    assert (M.sample("S1"), S.olderAdultsOnly, Literal(False)) in g


def test_origins_trace_nodes_to_rows(mapped: Mapped) -> None:
    origin = mapped.origins[M.sample("S2")]
    assert (origin.file, origin.row) == ("studies.csv", 3)
    assert mapped.column_of("studies.csv", str(S.sampleSize)) == "sample_size"


def test_same_data_gives_the_same_sorted_nquads() -> None:
    vocab = Vocabulary.from_ontology(load_ontology(BASE))
    runs = [map_review(read_review(VALID / REVIEW), vocab, BASE) for _ in range(2)]
    a, b = ([m.reported, m.supplementary] for m in runs)
    assert sorted_nquads(a) == sorted_nquads(b)
    assert fingerprint(a) == fingerprint(b)


def test_provenance_graph(mapped: Mapped) -> None:
    print_ = fingerprint([mapped.reported, mapped.supplementary])
    g: Graph = build_provenance(M, print_, mapped.sources)
    run = M.ingest_run(print_)
    assert (run, RDF.type, PROV.Activity) in g
    assert (run, PROV.startedAtTime, None) in g
    assert (M.graph("reported"), PROV.wasGeneratedBy, run) in g
    assert (M.review_iri(), PAV.version, Literal(print_)) in g
    used = set(g.objects(run, PROV.used))
    assert len(used) == len(mapped.sources) == 19  # every file of the fixture, read
    agent = g.value(run, PROV.wasAssociatedWith)
    assert g.value(agent, PAV.version) is not None


def test_a_column_no_row_fills_is_still_indexed(mapped: Mapped) -> None:
    assert {r.get("other_gender_pct") for r in read_review(VALID / REVIEW).rows("studies.csv")} == {
        None
    }
    assert mapped.column_of("studies.csv", str(S.otherGenderPercent)) == "other_gender_pct"


def test_a_warning_about_a_column_no_row_fills_names_the_column(tmp_path: Path) -> None:
    folder = tmp_path / REVIEW
    shutil.copytree(VALID / REVIEW, folder)
    studies = folder / "studies.csv"
    text = studies.read_text(encoding="utf-8")
    studies.write_text(text.replace(",30,", ",,").replace(",12,", ",,"), encoding="utf-8")
    ontology = load_ontology(BASE)
    mapped = map_review(read_review(folder), Vocabulary.from_ontology(ontology), BASE)
    report = validate_review(
        mapped, load_shapes(BASE), folder=folder, context=shapes_context(ontology)
    )
    sizes = [r for r in report.warnings if r.source_shape.endswith("-sampleSize")]
    assert [(r.file, r.row, r.column) for r in sizes] == [
        (studies, 2, "sample_size"),
        (studies, 3, "sample_size"),
    ]
    assert [r.located() for r in report.warnings if not r.column] == []
