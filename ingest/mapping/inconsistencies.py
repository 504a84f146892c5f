"""Where a review contradicts itself, as the curator noted it (inconsistencies.csv): Web
Annotations in the review's supplementary graph.

An inconsistency is the curator's statement about the review, not the review's own, so every
triple of it goes to the supplementary graph, attributed to the curator (`id/curator/{review}`),
whatever value_sources.csv says. Each is an `oa:Annotation` motivated by `oa:assessing`: its body
is the explanation (`oa:bodyValue`), its targets the statistics, themes, records, statements and
stages it concerns (the IRIs their own rows mint) and, when given, the passage as printed: an
`oa:SpecificResource` of the review with an `oa:TextQuoteSelector`, minted as `…#passage` and
`…#selector` like a quote's parts, so no blank node makes re-ingests differ.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.term import Node

from ingest.mapping.context import Context, Origin, literals
from ingest.namespaces import OA, PROV, RDF, RDFS
from ingest.readers import Row
from ingest.schema import INCONSISTENCY_TARGETS, file_schema

__all__ = ["map_inconsistencies"]

logger = logging.getLogger(__name__)

_FILE = "inconsistencies.csv"


def map_inconsistencies(ctx: Context) -> None:
    """One `spkg:Inconsistency` per row of inconsistencies.csv, with its curator."""
    rows = ctx.data.rows(_FILE)
    if not rows:
        return
    m, s, graph = ctx.minter, ctx.spkg, ctx.supplementary
    curator = m.curator()
    ctx.origins.setdefault(curator, ctx.origins[ctx.review])
    graph.add((curator, RDF.type, PROV.Agent))
    graph.add((curator, RDF.type, s.Curator))
    graph.add((curator, RDFS.label, Literal(f"curator of the {ctx.data.review_id} data folder")))
    schema = file_schema(_FILE)
    for row in rows:
        node = m.inconsistency(row.key[0])
        ctx.origins.setdefault(node, Origin(row.file, row.row, row.key_text))
        ctx.row_nodes[(row.file, row.key_text)] = node
        for klass in (s.Inconsistency, OA.Annotation):
            graph.add((node, RDF.type, klass))
        graph.add((ctx.review, s.hasInconsistency, node))
        graph.add((node, OA.motivatedBy, OA.assessing))
        graph.add((node, PROV.wasAttributedTo, curator))
        kind = ctx.individual(row, "kind", s.inconsistencyKind)
        _state(ctx, node, s.inconsistencyKind, row, "kind", [kind] if kind else [])
        _state(ctx, node, OA.bodyValue, row, "explanation", literals(row.cells["explanation"]))
        for column in INCONSISTENCY_TARGETS:
            ref_file = schema.by_name[column].ref_file
            keys = row.get(column) or ()
            assert isinstance(keys, tuple) and ref_file is not None  # a ref-list column
            _state(ctx, node, OA.hasTarget, row, column, [_target(ctx, ref_file, k) for k in keys])
        passage = row.get("passage")
        if isinstance(passage, str):
            _passage(ctx, node, row)
    logger.debug("%s: %d curated inconsistencies", ctx.data.review_id, len(rows))


def _state(
    ctx: Context, s: URIRef, p: URIRef, row: Row, column: str, objects: Iterable[Node]
) -> None:
    """State a cell's objects in the supplementary graph, indexed back to the cell."""
    ctx.columns.setdefault((row.file, str(p)), column)
    ctx.column_terms.setdefault((row.file, column), p)
    ctx.cell_subjects.setdefault((row.file, row.key_text, column), s)
    for o in objects:
        ctx.supplementary.add((s, p, o))


def _target(ctx: Context, ref_file: str, key: str) -> URIRef:
    """The IRI the row `key` of `ref_file` is minted as (a record by its DOI when certain)."""
    m = ctx.minter
    if ref_file == "records.csv":
        return ctx.record(key)
    minted = {
        "aggregates.csv": m.statistic,
        "themes.csv": m.theme,
        "statements.csv": m.statement,
        "screening.csv": m.stage,
    }
    return minted[ref_file](key)


def _passage(ctx: Context, node: URIRef, row: Row) -> None:
    """The passage as printed: a span of the review, selected by its exact words."""
    target = ctx.minter.inconsistency_part(node, "passage")
    selector = ctx.minter.inconsistency_part(node, "selector")
    origin = Origin(row.file, row.row, row.key_text)
    graph = ctx.supplementary
    for part, klass in ((target, OA.SpecificResource), (selector, OA.TextQuoteSelector)):
        ctx.origins.setdefault(part, origin)
        graph.add((part, RDF.type, klass))
    graph.add((node, OA.hasTarget, target))
    # The words are the cell's value; the span's links are indexed to the same cell.
    _state(ctx, selector, OA.exact, row, "passage", literals(row.cells["passage"]))
    _state(ctx, target, OA.hasSource, row, "passage", [ctx.review])
    _state(ctx, target, OA.hasSelector, row, "passage", [selector])
