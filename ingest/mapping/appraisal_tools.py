"""Appraisal tools → RDF: the tools a review declares (appraisal_tools.csv, with their items in
appraisal_tool_items.csv), and which IRI a tool, item or answer cell names.

A shipped tool is its ontology individual (`spkg:CASP`, `spkg:JBI` ...), its items
`id/appraisal-item/{key}`, its answers `spkg:Yes` ...; a declared tool is
`id/appraisal-tool/{review}/{tool_id}`, its items `id/appraisal-item/{review}/{item_id}`, and an
answer of its scale that no shipped answer has `id/appraisal-answer/{review}/{tool_id}/{key}`."""

from __future__ import annotations

from rdflib import Literal, URIRef

from ingest.mapping.context import Context, literals
from ingest.mapping.terms import camel
from ingest.namespaces import DCTERMS, PAV, RDFS, SCHEMA, SKOS
from ingest.schema import APPRAISAL_ANSWERS

__all__ = ["answer_iri", "item_iri", "map_appraisal_tools", "tool_iri"]


def _declared(ctx: Context) -> set[str]:
    return {str(r.get("tool_id")) for r in ctx.data.rows("appraisal_tools.csv")}


def tool_iri(ctx: Context, key: str) -> URIRef:
    """The tool a records.csv `appraisal_tool` cell names: declared first, else shipped."""
    if key in _declared(ctx):
        return ctx.minter.declared_tool(key)
    found = ctx.vocab.individual(ctx.spkg.appraisalTool, key)
    return found if found is not None else ctx.spkg[key]


def item_iri(ctx: Context, tool: str | None, item: str) -> URIRef:
    """The checklist item an appraisal_items.csv `item` cell names for the record's tool."""
    if tool is not None and tool in _declared(ctx):
        return ctx.minter.declared_tool_item(item)
    return ctx.minter.appraisal_item(item)


def answer_iri(ctx: Context, tool: str | None, answer: str) -> URIRef:
    """The answer an `answer` cell names: a shipped answer, else the declared tool's own."""
    if answer in APPRAISAL_ANSWERS or tool is None:
        found = ctx.vocab.individual(ctx.spkg.answer, answer)
        return found if found is not None else ctx.spkg[camel(answer)]
    return ctx.minter.declared_answer(tool, answer)


def map_appraisal_tools(ctx: Context) -> None:
    """Declared tools with their answer scale, maximum score and items."""
    m, s = ctx.minter, ctx.spkg
    for row in ctx.data.rows("appraisal_tools.csv"):
        key = str(row.get("tool_id"))
        tool = ctx.node(m.declared_tool(key), row, s.AppraisalTool)
        ctx.add(tool, s.declaredBy, ctx.review)
        ctx.cell(tool, SKOS.notation, row, "tool_id", [Literal(key)])
        ctx.cell(tool, RDFS.label, row, "label", literals(row.cells["label"]))
        ctx.cell(tool, PAV.version, row, "version", literals(row.cells["version"]))
        reference = literals(row.cells["reference"])
        ctx.cell(tool, DCTERMS.bibliographicCitation, row, "reference", reference)
        iri = row.get("iri")
        if isinstance(iri, str):
            ctx.link(tool, RDFS.seeAlso, row, "iri", URIRef(iri))
        ctx.cell(tool, s.maximumScore, row, "maximum_score", literals(row.cells["maximum_score"]))
        for answer in row.items("answers") or APPRAISAL_ANSWERS:
            node = answer_iri(ctx, key, answer)
            if answer not in APPRAISAL_ANSWERS:
                ctx.node(node, row, s.AppraisalAnswer, main=False)
                ctx.state(node, SKOS.notation, Literal(answer), row, "answers")
                ctx.state(node, RDFS.label, Literal(answer.replace("-", " ")), row, "answers")
            ctx.state(tool, s.answerScale, node, row, "answers")
    for row in ctx.data.rows("appraisal_tool_items.csv"):
        key = str(row.get("item_id"))
        item = ctx.node(m.declared_tool_item(key), row, s.AppraisalItem)
        ctx.link(item, s.itemOf, row, "tool_id", m.declared_tool(str(row.get("tool_id"))))
        ctx.cell(item, SKOS.notation, row, "item_id", [Literal(key)])
        ctx.cell(item, RDFS.label, row, "item_id", [Literal(key)])
        ctx.cell(item, SKOS.definition, row, "question", literals(row.cells["question"]))
        ctx.cell(item, SCHEMA.position, row, "position", literals(row.cells["position"]))
        ctx.cell(item, s.itemCategory, row, "category", literals(row.cells["category"]))
