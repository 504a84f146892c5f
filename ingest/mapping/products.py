"""What a synthesis produces beyond its themes: a meta-ethnography's constructs (concepts of a
construct scheme per review) and translations (PROV activities that used constructs and
generated one), and a meta-aggregation's primary-study findings with their plausibility.

Theme levels are types of the theme nodes (`map_themes`); quotes and findings that hang on a
construct or a study finding are linked where they are mapped (`ingest.mapping.synthesis`).
"""

from __future__ import annotations

import logging

from ingest.mapping.context import Context
from ingest.namespaces import PROV, RDF, SKOS

__all__ = ["map_constructs", "map_study_findings", "map_translations"]

logger = logging.getLogger(__name__)


def map_constructs(ctx: Context) -> None:
    """Constructs: `skos:Concept`s of the review's construct scheme, typed by their order.

    The scheme is linked from the review but not derived from it, so it is not counted among
    the review's theme schemes (`ingest.summary` counts the concepts of schemes derived from
    the review as themes)."""
    m, s = ctx.minter, ctx.spkg
    rows = ctx.data.rows("constructs.csv")
    if not rows:
        return
    scheme = m.construct_scheme()
    ctx.origins.setdefault(scheme, ctx.origins[ctx.review])
    ctx.add(scheme, RDF.type, SKOS.ConceptScheme)
    ctx.add(scheme, RDF.type, s.ConstructScheme)
    ctx.add(ctx.review, s.hasConstructScheme, scheme)
    for row in rows:
        construct = ctx.node(m.construct(row.key[0]), row, SKOS.Concept, s.InterpretiveConstruct)
        ctx.link(construct, RDF.type, row, "order", ctx.individual(row, "order"))
        ctx.add(construct, SKOS.inScheme, scheme)
        records = [ctx.record(r) for r in row.items("record_ids")]
        ctx.cell(construct, s.fromRecord, row, "record_ids", records)
        theme = row.get("theme_id")
        if isinstance(theme, str):
            ctx.link(construct, s.underTheme, row, "theme_id", m.theme(theme))
        ctx.literal_cells(construct, row)
    logger.debug("%s: %d construct(s)", ctx.data.review_id, len(rows))


def map_translations(ctx: Context) -> None:
    """Translations: `prov:Activity`s typed by their kind, that `prov:used` the constructs they
    translate and `prov:generated` the construct they yield (a line of argument's is typed
    `spkg:LineOfArgument`)."""
    m, s = ctx.minter, ctx.spkg
    for row in ctx.data.rows("translations.csv"):
        node = ctx.node(m.translation(row.key[0]), row, PROV.Activity, s.Translation)
        ctx.link(node, RDF.type, row, "kind", ctx.individual(row, "kind"))
        ctx.add(ctx.review, s.hasTranslation, node)
        used = [m.construct(c) for c in row.items("construct_ids")]
        ctx.cell(node, PROV.used, row, "construct_ids", used)
        records = [ctx.record(r) for r in row.items("record_ids")]
        ctx.cell(node, s.translatesRecord, row, "record_ids", records)
        yielded = row.get("yields_construct_id")
        if isinstance(yielded, str):
            construct = m.construct(yielded)
            ctx.link(node, PROV.generated, row, "yields_construct_id", construct)
            ctx.link(construct, PROV.wasGeneratedBy, row, "yields_construct_id", node)
            if row.get("kind") == "line-of-argument":
                ctx.link(construct, RDF.type, row, "yields_construct_id", s.LineOfArgument)
        ctx.literal_cells(node, row)


def map_study_findings(ctx: Context) -> None:
    """Primary-study findings: `spkg:StudyFinding`s from their record, with their plausibility
    (an individual) and the category they are grouped into."""
    m, s = ctx.minter, ctx.spkg
    for row in ctx.data.rows("study_findings.csv"):
        node = ctx.node(m.study_finding(row.key[0]), row, s.StudyFinding)
        ctx.add(ctx.review, s.hasStudyFinding, node)
        ctx.link(node, s.fromRecord, row, "record_id", ctx.record(str(row.get("record_id"))))
        category = row.get("category_id")
        if isinstance(category, str):
            ctx.link(node, s.inCategory, row, "category_id", m.theme(category))
        ctx.literal_cells(node, row)
