"""Records, studies and their samples, interventions, activities, measures and appraisals."""

from __future__ import annotations

from rdflib import Literal

from ingest.mapping.appraisal_tools import answer_iri, item_iri, tool_iri
from ingest.mapping.context import Context, literals
from ingest.mapping.review import authors
from ingest.mapping.terms import BCIO_SOCIAL_PRESCRIBING, COUNTRY_QIDS, PUBLICATION_CLASSES
from ingest.namespaces import CITO, DCTERMS, FABIO, RDF, SCHEMA, WD

__all__ = ["WORK_COLUMNS", "map_appraisals", "map_interventions", "map_records", "map_studies"]

_FABIO_TYPES = {kind: FABIO[name] for kind, name in PUBLICATION_CLASSES.items()}

# The records.csv literal columns that are the work's own, stated on the shared record (with its
# types, title, year and authors); every other column is what one review says about it, stated
# on the review's inclusion of it.
WORK_COLUMNS = frozenset({"first_author", "venue", "locator", "doi", "pmid", "peer_reviewed"})


def map_records(ctx: Context) -> None:
    """Included records: the work (typed in spkg, FaBiO and schema.org; reviewed by the review,
    CiTO) with only what is its own, and the review's inclusion of it with everything else."""
    m, s = ctx.minter, ctx.spkg
    for row in ctx.data.rows("records.csv"):
        inclusion = ctx.node(m.inclusion(row.key[0]), row, s.Inclusion)
        record = ctx.node(
            ctx.record(row.key[0]), row, s.Record, SCHEMA.ScholarlyArticle, main=False
        )
        kind = str(row.get("publication_type"))
        ctx.link(record, RDF.type, row, "publication_type", ctx.individual(row, "publication_type"))
        ctx.link(record, RDF.type, row, "publication_type", _FABIO_TYPES[kind])
        ctx.add(ctx.review, CITO.reviews, record)
        ctx.add(ctx.review, s.includesRecord, record)
        ctx.add(inclusion, s.inReview, ctx.review)
        ctx.add(inclusion, s.includedRecord, record)
        ctx.link(inclusion, s.reportsStudy, row, "study_id", m.study(str(row.get("study_id"))))
        # The review's key for the record, on its inclusion (another review has its own).
        ctx.cell(inclusion, DCTERMS.identifier, row, "record_id", [Literal(row.key[0])])
        ctx.cell(record, DCTERMS.title, row, "title", literals(row.cells["title"]))
        ctx.cell(record, DCTERMS.issued, row, "year", literals(row.cells["year"]))
        authors(ctx, record, row)
        ctx.literal_cells(record, row, where=WORK_COLUMNS.__contains__)
        ctx.literal_cells(inclusion, row, where=lambda c: c not in WORK_COLUMNS)
        # loneliness_assessment and only_part_lonely are topic variables (ingest.mapping.variables)
        if row.get("appraisal_tool") or row.get("appraisal_score") is not None:
            appraisal = ctx.node(m.appraisal(row.key[0]), row, s.Appraisal, main=False)
            ctx.add(appraisal, s.appraises, record)
            ctx.add(ctx.review, s.hasAppraisal, appraisal)
            name = row.get("appraisal_tool")
            tool = tool_iri(ctx, name) if isinstance(name, str) else None
            ctx.link(appraisal, s.appraisalTool, row, "appraisal_tool", tool)
            score = literals(row.cells["appraisal_score"])
            ctx.cell(appraisal, s.appraisalScore, row, "appraisal_score", score)
    for row in ctx.data.rows("measures.csv"):
        node = ctx.node(m.measurement(row.key[0]), row, s.Measurement)
        inclusion = m.inclusion(str(row.get("record_id")))
        ctx.link(inclusion, s.usedMeasurement, row, "record_id", node)
        instrument = ctx.concept("instrument", str(row.get("instrument")))
        ctx.link(node, s.instrument, row, "instrument", instrument)
        construct = row.get("construct")
        if isinstance(construct, str):
            concept = ctx.concept("outcome-construct", construct)
            ctx.link(node, s.construct, row, "construct", concept)
        ctx.literal_cells(node, row)


def map_appraisals(ctx: Context) -> None:
    """Item-level answers, each on its own node under the record's appraisal in this review."""
    m, s = ctx.minter, ctx.spkg
    tools = {r.key[0]: r.get("appraisal_tool") for r in ctx.data.rows("records.csv")}
    for row in ctx.data.rows("appraisal_items.csv"):
        record_id, item = str(row.get("record_id")), str(row.get("item"))
        appraisal = m.appraisal(record_id)
        if appraisal not in ctx.origins:
            ctx.node(appraisal, row, s.Appraisal, main=False)
            ctx.add(appraisal, s.appraises, ctx.record(record_id))
            ctx.add(ctx.review, s.hasAppraisal, appraisal)
        answer = ctx.node(m.item_answer(record_id, item), row, s.ItemAnswer)
        ctx.link(appraisal, s.hasItemAnswer, row, "record_id", answer)
        tool = tools.get(record_id)
        tool = tool if isinstance(tool, str) else None
        ctx.link(answer, s.appraisalItem, row, "item", item_iri(ctx, tool, item))
        given = answer_iri(ctx, tool, str(row.get("answer")))
        ctx.link(answer, s.answer, row, "answer", given)
        ctx.literal_cells(answer, row)


def map_studies(ctx: Context) -> None:
    """Studies as this review extracted them (with country as a Wikidata entity), their samples
    and the study itself they are of (shared by every review that includes it)."""
    m, s = ctx.minter, ctx.spkg
    for row in ctx.data.rows("studies.csv"):
        study = ctx.node(m.study(row.key[0]), row, s.Study)
        shared = ctx.node(ctx.shared_study(row.key[0]), row, s.SharedStudy, main=False)
        sample = ctx.node(m.sample(row.key[0]), row, s.Sample, main=False)
        ctx.add(ctx.review, s.includesStudy, study)
        ctx.add(study, s.extractionOf, shared)
        ctx.add(study, s.hasSample, sample)
        ctx.literal_cells(study, row)
        ctx.literal_cells(sample, row, "studies.csv#sample")
        country = row.get("country")
        if isinstance(country, str):
            qid = COUNTRY_QIDS.get(country)  # none known: the code alone (ontology/countries.md)
            if qid:
                ctx.link(study, DCTERMS.spatial, row, "country", WD[qid])
            ctx.cell(study, s.countryCode, row, "country", literals(row.cells["country"]))


def map_interventions(ctx: Context) -> None:
    """Interventions (typed BCIO social prescribing where their type is) and activities."""
    m, s = ctx.minter, ctx.spkg
    for row in ctx.data.rows("interventions.csv"):
        node = ctx.node(m.intervention(row.key[0]), row, s.Intervention)
        study = m.study(str(row.get("study_id")))
        ctx.link(node, s.evaluatedIn, row, "study_id", study)
        ctx.link(study, s.evaluates, row, "study_id", node)
        kind = row.get("intervention_type")
        if isinstance(kind, str):
            concept = ctx.concept("intervention-type", kind)
            ctx.link(node, s.interventionType, row, "intervention_type", concept)
            if kind in ctx.vocab.social_prescribing:
                ctx.link(node, RDF.type, row, "intervention_type", BCIO_SOCIAL_PRESCRIBING)
        ctx.link(node, s.deliveryMode, row, "mode", ctx.individual(row, "mode", s.deliveryMode))
        ctx.literal_cells(node, row)
    for row in ctx.data.rows("activities.csv"):
        node = ctx.node(m.activity(row.key[0]), row, s.Activity)
        intervention = m.intervention(str(row.get("intervention_id")))
        ctx.link(intervention, s.hasActivity, row, "intervention_id", node)
        kind = str(row.get("activity_type"))
        ctx.link(node, s.activityType, row, "activity_type", ctx.concept("activity-type", kind))
        ctx.literal_cells(node, row)
