"""The study and record pages: a characteristics table where each value says whether the review
reported it or it was added (and from where: the value-source note), the appraisal with its
items, the interventions with their activities, the themes supported and the quotes.

Data: `api.rest.studies.study_detail` (node.rq, study-related.rq, study-themes.rq), so the pages
follow the REST resource; a record page shows, for each review that includes the record, the
record as that review's study shows it (incoming.rq finds the reviews).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi.responses import HTMLResponse
from rdflib import URIRef

from api.engine.engine import QueryEngine
from api.explorer.common import alternates, jsonld, local, page
from api.explorer.study_parts import design_rows, participant_groups, variable_values
from api.rest.describe import describe
from api.rest.keys import key_of
from api.rest.named import run_select
from api.rest.render import NotFoundError
from api.rest.studies import study_detail

__all__ = ["record_page", "study_page"]

logger = logging.getLogger(__name__)

QUERIES = (
    "describe",
    "node",
    "study-related",
    "study-themes",
    "participant-groups",
    "study-variable-values",
    "incoming",
)
_SKIP = {"id", "type", "derivedFrom", "creator", "appraisal", "measures", "activities"}
# shown in their own sections (design and methods, participant groups)
_STUDY_SKIP = _SKIP | {
    "studyDesign",
    "usesDataCollectionMethod",
    "usesAnalysisMethod",
    "hasParticipantGroup",
}
_CITO_REVIEWS = "http://purl.org/spar/cito/reviews"


def _view(value: Any, base: str) -> Any:
    """A JSON value with links turned into this server's pages."""
    if isinstance(value, dict) and "id" in value:
        return {**value, "href": local(value["id"], base)}
    if isinstance(value, list):
        return [_view(v, base) for v in value]
    return value


def characteristics(
    node: dict[str, Any] | None, sources: dict[str, Any], base: str, skip: set[str] = _SKIP
) -> list[dict[str, Any]]:
    """(field, value, source) rows of one resource, its value sources beside each value."""
    if not node:
        return []
    return [
        {"field": key, "value": _view(value, base), "source": sources.get(key)}
        for key, value in node.items()
        if key not in skip and not key.startswith(("spkg:", "valueSources"))
    ]


def _record_view(record: dict[str, Any], sources: dict[str, Any], base: str) -> dict[str, Any]:
    appraisal = record.get("appraisal") or None
    items = []
    if appraisal:
        items = characteristics(
            appraisal, sources.get(appraisal["id"], {}), base, _SKIP | {"appraises"}
        )
    return {
        "id": record["id"],
        "href": local(record["id"], base),
        "title": record.get("title"),
        "rows": characteristics(record, sources.get(record["id"], {}), base),
        "appraisal": appraisal and {"href": local(appraisal["id"], base), "rows": items},
        "measures": [_view(m, base) for m in record.get("measures") or []],
    }


async def _study_context(engine: QueryEngine, base: str, review: str, key: str) -> dict[str, Any]:
    detail = (await study_detail(engine, base, review, key)).model_dump(exclude_none=True)
    sources = detail.get("valueSources", {})
    sample = detail.get("sample")
    study = URIRef(detail["id"])
    records = [_record_view(r, sources, base) for r in detail.get("records", [])]
    return {
        "detail": detail,
        "review": review,
        "study_rows": characteristics(detail, sources.get("study", {}), base, _STUDY_SKIP),
        "design_rows": design_rows(detail, sources.get("study", {}), base),
        "groups": await participant_groups(engine, base, review, study),
        "variables": await variable_values(
            engine, base, review, study, {r["id"]: r for r in records}
        ),
        "sample": sample and {"href": local(sample["id"], base)},
        "sample_rows": characteristics(sample, sources.get(sample["id"], {}), base, _STUDY_SKIP)
        if sample
        else [],
        "records": records,
        "interventions": [
            {
                **_view(i, base),
                "rows": characteristics(i, sources.get(i["id"], {}), base),
                "activities": [
                    {**_view(a, base), "rows": characteristics(a, sources.get(a["id"], {}), base)}
                    for a in i.get("activities", [])
                ],
            }
            for i in detail.get("interventions", [])
        ],
        "themes": [
            {
                "href": local(t["theme"]["id"], base),
                "label": t["theme"].get("label"),
                "record": local(t["record"]["id"], base),
                "evidence": sorted(
                    {e.rsplit("#", 1)[-1].removesuffix("Evidence").lower() for e in t["evidence"]}
                ),
            }
            for t in detail.get("themesSupported", [])
        ],
        "quotes": [
            {
                **q,
                "href": local(q["id"], base),
                "theme": _view(q.get("theme"), base),
                "record": _view(q.get("record"), base),
            }
            for q in detail.get("quotes", [])
        ],
        "completeness": detail.get("completeness"),
    }


async def _incoming(engine: QueryEngine, base: str, iri: URIRef) -> list[dict[str, Any]]:
    rows = await run_select(engine, base, "incoming", node=iri)
    return [
        {"href": local(str(r["s"]), base), "label": str(r.get("label") or r["s"]), "p": str(r["p"])}
        for r in rows
    ]


async def study_page(
    engine: QueryEngine, base: str, review: str, key: str, path: str
) -> HTMLResponse:
    """The HTML page of study `key` of `review`."""
    context = await _study_context(engine, base, review, key)
    detail = context["detail"]
    label = detail.get("label") or key
    node = {
        "@type": "ResearchProject",
        "@id": detail["id"],
        "name": label,
        "isPartOf": f"{base}id/review/{review}",
        "subjectOf": [
            {"@type": "ScholarlyArticle", "@id": r["id"], "name": r.get("title")}
            for r in context["records"]
        ],
    }
    return page(
        "study.html",
        title=label,
        label=label,
        **context,
        incoming=await _incoming(engine, base, URIRef(detail["id"])),
        crumbs=[{"href": f"/id/review/{review}", "text": review}],
        alternates=alternates(path),
        jsonld=jsonld(node),
        queries=[f"/api/queries/{q}.rq" for q in QUERIES],
    )


async def _inclusion(
    engine: QueryEngine, base: str, incoming: list[dict[str, Any]], review: str
) -> dict[str, Any]:
    """A review's inclusion of a record (`id/inclusion/{review}/{record_id}`), described."""
    for item in incoming:
        if item["p"].endswith("#includedRecord") and item["href"].startswith(
            f"/id/inclusion/{review}/"
        ):
            return await describe(engine, base, URIRef(base + item["href"][1:]), review) or {}
    return {}


async def record_page(engine: QueryEngine, base: str, iri: URIRef, path: str) -> HTMLResponse:
    """The HTML page of a record: its bibliographic data, then what each review says of it."""
    node = await describe(engine, base, iri, sources=True)
    if node is None:
        raise NotFoundError("record", str(iri))
    incoming = await _incoming(engine, base, iri)
    reviews = sorted({i["href"].rsplit("/", 1)[-1] for i in incoming if i["p"] == _CITO_REVIEWS})
    per_review = []
    for review in reviews:
        # what the review says of the record sits on its inclusion of it, not on the record
        own = await _inclusion(engine, base, incoming, review)
        studies = own.get("reportsStudy")
        studies = studies if isinstance(studies, list) else [studies] if studies else []
        for study in studies:
            found = key_of(study["id"], base, "study")
            if found is None:
                continue
            context = await _study_context(engine, base, found[0], found[1])
            mine = [r for r in context["records"] if r["id"] == str(iri)]
            per_review.append(
                {
                    "review": review,
                    "citation": own.get("citationNumber"),
                    "key": own.get("dcterms:identifier"),
                    "study": {"href": local(study["id"], base), "label": study.get("label")},
                    "record": mine[0] if mine else None,
                    "themes": [
                        t for t in context["themes"] if t["record"] == local(str(iri), base)
                    ],
                    "quotes": [
                        q
                        for q in context["quotes"]
                        if (q.get("record") or {}).get("id") == str(iri)
                    ],
                }
            )
    title = node.get("title") or str(iri).rsplit("/", 1)[-1]
    schema = {
        "@type": "ScholarlyArticle",
        "@id": str(iri),
        "name": title,
        "datePublished": node.get("issued"),
        "sameAs": f"https://doi.org/{node['doi']}" if node.get("doi") else None,
    }
    return page(
        "record.html",
        title=str(title),
        label=title,
        node=node,
        rows=characteristics(node, node.get("valueSources", {}), base, _SKIP | {"reviews"}),
        per_review=per_review,
        incoming=incoming,
        alternates=alternates(path),
        jsonld=jsonld({k: v for k, v in schema.items() if v is not None}),
        queries=[f"/api/queries/{q}.rq" for q in QUERIES],
    )
