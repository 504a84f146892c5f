"""The theme page: a theme with its definition, place in the hierarchy, findings, every quote in
full with its speaker, record and study, the studies behind it, aligned themes of other reviews
and the CERQual assessments of its findings.

Data: `api.rest.themes.theme_detail` (node.rq, themes.rq, theme-evidence.rq), quotes.rq (the
quote finder's query, bound to the theme), review-findings.rq, theme-related.rq (as
/api/themes/…/related gives it) and the review's lookup tables (review-records.rq, studies.rq,
interventions.rq).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi.responses import HTMLResponse
from rdflib import URIRef

from api.engine.engine import QueryEngine
from api.explorer.common import alternates, jsonld, local, page, review_index
from api.explorer.findings import findings_of
from api.explorer.quotes_view import quote_view
from api.rest.keys import minter
from api.rest.named import run_per_review, run_select
from api.rest.shape import scalar
from api.rest.themes import related_themes, theme_detail

__all__ = ["theme_page"]

logger = logging.getLogger(__name__)

QUERIES = (
    "describe",
    "node",
    "themes",
    "theme-evidence",
    "quotes",
    "review-findings",
    "theme-related",
)


def _ref(value: Any, base: str) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    return {**value, "href": local(value["id"], base)}


async def _aligned(engine: QueryEngine, base: str, iri: URIRef) -> list[dict[str, Any]]:
    """The aligned themes exactly as /api/themes/{review}/{key}/related gives them."""
    rows = await run_select(engine, base, "theme-related", theme=iri)
    return [
        {
            "href": local(t.id, base),
            "label": t.label or t.id.rsplit("/", 1)[-1],
            "review": t.review.rsplit("/", 1)[-1],
            "predicate": t.predicate.rsplit(":", 1)[-1].rsplit("#", 1)[-1],
        }
        for t in related_themes(rows, base)
    ]


async def _lineage(
    engine: QueryEngine, base: str, review: str, iri: str
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The theme's level (from themes.rq) and its ancestors, outermost first, at any depth."""
    rows = await run_select(engine, base, "themes", review=minter(review, base).review_iri())
    nodes = {
        str(r["theme"]): {
            "href": local(str(r["theme"]), base),
            "label": scalar(r.get("label")) or str(r["theme"]).rsplit("/", 1)[-1],
            "parent": str(r["parent"]) if r.get("parent") is not None else None,
            "level": scalar(r.get("levelLabel")),
        }
        for r in rows
    }
    me = nodes.get(iri)
    chain: list[dict[str, Any]] = []
    parent = me["parent"] if me else None
    while parent is not None and parent in nodes and len(chain) < len(nodes):
        chain.insert(0, nodes[parent])
        parent = nodes[parent]["parent"]
    return me, chain


async def theme_page(
    engine: QueryEngine, base: str, review: str, key: str, path: str
) -> HTMLResponse:
    """The HTML page of theme `key` of `review`."""
    detail = (await theme_detail(engine, base, review, key)).model_dump()
    iri = URIRef(detail["id"])
    index = await review_index(engine, base, review)
    rows = await run_per_review(engine, base, "quotes", review, themeFilter=iri)
    quotes = [quote_view(r, base, index) for r in rows]
    studies = []
    for ref in detail["supportingStudies"]:
        study = dict(index.study(ref["id"]))
        study["interventions"] = index.interventions.get(ref["id"], [])
        studies.append(study)
    findings = await findings_of(engine, base, review, index, theme=iri)
    label = detail.get("prefLabel") or key
    parent = _ref(detail.get("broader"), base)
    me, ancestors = await _lineage(engine, base, review, detail["id"])
    level = (me or {}).get("level")
    subthemes = [{**t, "href": local(t["id"], base)} for t in detail["subthemes"]]
    node = {
        "@type": "DefinedTerm",
        "@id": detail["id"],
        "name": label,
        "description": detail.get("definition"),
        "inDefinedTermSet": f"{base}id/themes/{review}",
        "subjectOf": [{"@type": "Quotation", "text": q["text"]} for q in quotes],
    }
    return page(
        "theme.html",
        title=label,
        theme=detail,
        label=label,
        review=review,
        review_href=f"/id/review/{review}",
        kind=level or ("subtheme" if parent else "theme"),
        level=level,
        parent=parent,
        ancestors=ancestors,
        subthemes=subthemes,
        quotes=quotes,
        studies=studies,
        findings=findings,
        aligned=await _aligned(engine, base, iri),
        crumbs=[{"href": f"/id/review/{review}", "text": index.title or review}]
        + [{"href": a["href"], "text": a["label"]} for a in ancestors],
        alternates=alternates(path),
        jsonld=jsonld({k: v for k, v in node.items() if v is not None}),
        queries=[f"/api/queries/{q}.rq" for q in QUERIES],
        evidence_map=f"/evidence-map/{review}",
    )
