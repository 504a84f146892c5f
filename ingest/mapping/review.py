"""The review and its methods: search sources, screening stages, PRISMA flow, criteria,
statements and reported statistics."""

from __future__ import annotations

from rdflib import Literal, URIRef

from ingest.mapping.context import Context, literals
from ingest.mapping.variables import declared_variable
from ingest.namespaces import DCTERMS, FABIO, FOAF, RDF, SCHEMA
from ingest.readers import Row

__all__ = ["map_method", "map_review_row", "map_statements"]


def authors(ctx: Context, work: URIRef, row: Row, column: str = "authors") -> None:
    """Authors in printed order: `dcterms:creator` persons plus the list as printed."""
    names = row.get(column)
    if not isinstance(names, tuple):
        return
    ctx.columns.setdefault((row.file, str(DCTERMS.creator)), column)
    ctx.column_terms.setdefault((row.file, column), DCTERMS.creator)
    for n, name in enumerate(names, start=1):
        person = ctx.minter.author(work, n)
        ctx.origins.setdefault(person, ctx.origins[work])
        ctx.state(work, DCTERMS.creator, person, row, column)
        ctx.state(person, RDF.type, FOAF.Person, row, column)
        ctx.state(person, FOAF.name, Literal(name), row, column)
    ctx.state(work, ctx.spkg.authorsAsPrinted, Literal("; ".join(names)), row, column)


def map_review_row(ctx: Context) -> None:
    """The review: an article, a systematic review, typed by its kind of synthesis."""
    row = ctx.data.review
    review = ctx.node(
        ctx.review,
        row,
        ctx.spkg.Review,
        FABIO.SystematicReview,
        SCHEMA.ScholarlyArticle,
    )
    ctx.link(review, RDF.type, row, "review_type", ctx.individual(row, "review_type"))
    kind = ctx.minter.shipped_concept("review-kind", str(row.get("review_type")))
    ctx.link(review, ctx.spkg.reviewKind, row, "review_type", kind)
    ctx.add(review, RDF.type, FABIO.JournalArticle)
    ctx.cell(review, DCTERMS.title, row, "title", _lit(ctx, row, "title"))
    ctx.cell(review, DCTERMS.issued, row, "year", _lit(ctx, row, "year"))
    authors(ctx, review, row)
    ctx.literal_cells(review, row)
    licence = row.get("license")
    if isinstance(licence, str):
        ctx.link(review, DCTERMS.license, row, "license", URIRef(licence))


def _lit(ctx: Context, row: Row, column: str) -> list[Literal]:
    return literals(row.cells[column])


def map_method(ctx: Context) -> None:
    """Search sources, screening stages, PRISMA counts and eligibility criteria."""
    m, s = ctx.minter, ctx.spkg
    for row in ctx.data.rows("search_sources.csv"):
        node = ctx.node(m.search_source(row.key[0]), row, s.SearchSource)
        ctx.link(node, RDF.type, row, "kind", ctx.individual(row, "kind"))
        ctx.add(ctx.review, s.hasSearchSource, node)
        ctx.literal_cells(node, row)
    for row in ctx.data.rows("screening.csv"):
        node = ctx.node(m.stage(row.key[0]), row, s.ReviewStage)
        ctx.link(node, s.stageType, row, "stage", ctx.concept("stage", str(row.get("stage"))))
        ctx.add(ctx.review, s.hasStage, node)
        ctx.literal_cells(node, row)
    for row in ctx.data.rows("prisma.csv"):
        node = ctx.node(m.flow(row.key[0]), row, s.FlowCount)
        stage = ctx.individual(row, "flow_stage", s.flowStage)
        ctx.link(node, s.flowStage, row, "flow_stage", stage)
        source = row.get("source_id")
        if isinstance(source, str):
            ctx.link(node, s.fromSource, row, "source_id", m.search_source(source))
        ctx.add(ctx.review, s.hasFlowCount, node)
        ctx.literal_cells(node, row)
    for row in ctx.data.rows("criteria.csv"):
        node = ctx.node(m.criterion(row.key[0]), row, s.EligibilityCriterion)
        ctx.link(node, RDF.type, row, "kind", ctx.individual(row, "kind"))
        ctx.add(ctx.review, s.hasCriterion, node)
        ctx.literal_cells(node, row)


def map_statements(ctx: Context) -> None:
    """Limitations, conclusions and other statements; statistics the review reports."""
    m, s = ctx.minter, ctx.spkg
    for row in ctx.data.rows("statements.csv"):
        node = ctx.node(m.statement(row.key[0]), row, s.Statement)
        ctx.link(node, RDF.type, row, "kind", ctx.individual(row, "kind"))
        ctx.add(ctx.review, s.hasStatement, node)
        ctx.literal_cells(node, row)
    for row in ctx.data.rows("aggregates.csv"):
        node = ctx.node(m.statistic(row.key[0]), row, s.ReportedStatistic)
        ctx.add(ctx.review, s.hasStatistic, node)
        declared = declared_variable(ctx, str(row.get("variable")))
        # a declared variable is linked below, not looked up among the ontology's individuals
        ctx.literal_cells(node, row, where=None if declared is None else "variable".__ne__)
        ctx.link(node, s.aboutVariable, row, "variable", declared)
        records = row.items("record_ids")
        ctx.cell(node, s.namesRecord, row, "record_ids", [ctx.record(r) for r in records])
        theme = row.get("theme_id")
        if isinstance(theme, str):
            ctx.link(node, s.aboutTheme, row, "theme_id", m.theme(theme))
