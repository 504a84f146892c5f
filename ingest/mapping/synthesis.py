"""The synthesis: themes as a SKOS scheme, theme support, findings (with CERQual) and quotes as
Web Annotations; and the value-source notes of value_sources.csv."""

from __future__ import annotations

from rdflib import Literal

from ingest.mapping.context import Context, Origin, literals
from ingest.namespaces import OA, PROV, RDF, RDFS, SKOS

__all__ = ["map_findings", "map_quotes", "map_themes", "map_value_sources"]


def map_themes(ctx: Context) -> None:
    """Themes and subthemes: `skos:Concept`s in the review's `skos:ConceptScheme`."""
    m, s = ctx.minter, ctx.spkg
    scheme = m.theme_scheme()
    rows = ctx.data.rows("themes.csv")
    if rows:
        ctx.origins.setdefault(scheme, ctx.origins[ctx.review])
        ctx.add(scheme, RDF.type, SKOS.ConceptScheme)
        ctx.add(scheme, RDF.type, s.ThemeScheme)
        ctx.add(scheme, PROV.wasDerivedFrom, ctx.review)
        ctx.add(ctx.review, s.hasThemeScheme, scheme)
    for row in rows:
        parent = row.get("parent_id")
        theme = ctx.node(m.theme(row.key[0]), row, SKOS.Concept, s.Subtheme if parent else s.Theme)
        ctx.link(theme, RDF.type, row, "level", ctx.individual(row, "level"))
        ctx.add(theme, SKOS.inScheme, scheme)
        if isinstance(parent, str):
            ctx.link(theme, SKOS.broader, row, "parent_id", m.theme(parent))
            ctx.link(theme, s.subthemeOf, row, "parent_id", m.theme(parent))
        else:
            ctx.add(theme, SKOS.topConceptOf, scheme)
            ctx.add(scheme, SKOS.hasTopConcept, theme)
        ctx.literal_cells(theme, row)
    for row in ctx.data.rows("theme_support.csv"):
        theme_id, record_id = str(row.get("theme_id")), str(row.get("record_id"))
        node = ctx.node(m.support(theme_id, record_id), row, s.ThemeSupport)
        record = ctx.record(record_id)
        ctx.link(node, s.supportsTheme, row, "theme_id", m.theme(theme_id))
        ctx.link(node, s.supportingRecord, row, "record_id", record)
        ctx.link(m.theme(theme_id), s.supportedBy, row, "record_id", record)
        ctx.literal_cells(node, row)


def map_findings(ctx: Context) -> None:
    """Findings about a theme, with a CERQual assessment node when any judgement is given."""
    m, s = ctx.minter, ctx.spkg
    for row in ctx.data.rows("findings.csv"):
        node = ctx.node(m.finding(row.key[0]), row, s.Finding)
        ctx.add(ctx.review, s.hasFinding, node)
        theme, construct = row.get("theme_id"), row.get("construct_id")
        if isinstance(theme, str):
            ctx.link(node, s.aboutTheme, row, "theme_id", m.theme(theme))
        if isinstance(construct, str):
            ctx.link(node, s.aboutConstruct, row, "construct_id", m.construct(construct))
        records = row.items("record_ids")
        ctx.cell(node, s.basedOnRecord, row, "record_ids", [ctx.record(r) for r in records])
        ctx.literal_cells(node, row)
        if any(row.get(c) is not None for c in row.cells if c.startswith("cerqual_")):
            cerqual = ctx.node(m.cerqual(row.key[0]), row, s.CERQualAssessment, main=False)
            ctx.add(node, s.hasCERQualAssessment, cerqual)
            ctx.literal_cells(cerqual, row, "findings.csv#cerqual")


def map_quotes(ctx: Context) -> None:
    """Quotes as `oa:Annotation`s classifying a span of a record under a theme."""
    m, s = ctx.minter, ctx.spkg
    for row in ctx.data.rows("quotes.csv"):
        quote = m.quote(row.key[0])
        target, selector = m.quote_part(quote, "target"), m.quote_part(quote, "selector")
        speaker = m.quote_part(quote, "speaker")
        record = ctx.record(str(row.get("record_id")))
        ctx.node(quote, row, s.Quote, OA.Annotation)
        ctx.node(target, row, OA.SpecificResource, main=False)
        ctx.node(selector, row, OA.TextQuoteSelector, main=False)
        ctx.node(speaker, row, PROV.Agent, s.Speaker, main=False)
        ctx.link(quote, RDF.type, row, "kind", ctx.individual(row, "kind"))
        ctx.add(ctx.review, s.hasQuote, quote)
        ctx.add(quote, OA.motivatedBy, OA.classifying)
        # What it illustrates (at least one: ingest.product_checks), each also its body.
        for column, predicate, mint in (
            ("theme_id", s.illustratesTheme, m.theme),
            ("construct_id", s.illustratesConstruct, m.construct),
            ("study_finding_id", s.illustratesStudyFinding, m.study_finding),
        ):
            key = row.get(column)
            if isinstance(key, str):
                ctx.link(quote, predicate, row, column, mint(key))
                ctx.link(quote, OA.hasBody, row, column, mint(key))
        ctx.link(quote, s.quotedFrom, row, "record_id", record)
        ctx.add(quote, OA.hasTarget, target)
        ctx.link(target, OA.hasSource, row, "record_id", record)
        ctx.add(target, OA.hasSelector, selector)
        ctx.cell(selector, OA.exact, row, "text", literals(row.cells["text"]))
        ctx.add(quote, PROV.wasAttributedTo, speaker)
        gender = ctx.individual(row, "speaker_gender", s.speakerGender)
        ctx.link(speaker, s.speakerGender, row, "speaker_gender", gender)
        role = row.get("speaker_role")
        if isinstance(role, str):
            role_iri = ctx.concept("participant-role", role)
            ctx.link(speaker, s.participantRole, row, "speaker_role", role_iri)
        ctx.literal_cells(quote, row)
        ctx.literal_cells(speaker, row, "quotes.csv#speaker")


def map_value_sources(ctx: Context) -> None:
    """One `spkg:ValueSource` per listed cell, in the supplementary graph beside the value."""
    m, s = ctx.minter, ctx.spkg
    graph = ctx.supplementary
    for (file, key, column), row in sorted(ctx.data.listed.items()):
        node = m.value_source(file, key, column)
        ctx.origins.setdefault(node, Origin(row.file, row.row, row.key_text))
        graph.add((node, RDF.type, s.ValueSource))
        graph.add((node, s.sourceFile, Literal(file)))
        graph.add((ctx.review, s.hasValueSource, node))
        subject = ctx.cell_subjects.get((file, key, column), ctx.row_nodes.get((file, key)))
        if subject is not None:
            graph.add((node, s.aboutResource, subject))
        term = ctx.column_terms.get((file, column))
        if term is not None:
            graph.add((node, s.aboutProperty, term))
        kind = ctx.individual(row, "source", s.sourceKind)
        if kind is not None:
            graph.add((node, s.sourceKind, kind))
        note = row.get("note")
        if isinstance(note, str):
            graph.add((node, RDFS.comment, Literal(note)))
        origin = _derived_from(ctx, file, key, str(row.get("source")))
        graph.add((node, PROV.wasDerivedFrom, origin))


def _origin(ctx: Context, row):
    from ingest.mapping.context import Origin

    return Origin(row.file, row.row, row.key_text)


def _derived_from(ctx: Context, file: str, key: str, source: str):
    """A value read in a primary paper, or in a catalogue's record of it, derives from that
    record; anything else from the review."""
    if source in ("primary-paper", "catalogue-record"):
        if file == "records.csv" and key in ctx.record_iris:
            return ctx.record(key)
        rows = {r.key_text: r for r in ctx.data.rows(file)}
        row = rows.get(key)
        record_id = row.get("record_id") if row is not None and "record_id" in row.cells else None
        if isinstance(record_id, str) and record_id in ctx.record_iris:
            return ctx.record(record_id)
    return ctx.review
