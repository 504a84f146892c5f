"""The interactive evidence map: themes × intervention types, each cell the number of studies;
a cell opens the list of its studies and quotes. Filters narrow the studies (country, older
adults only, minimum appraisal score, study design, population group). Without a script every
cell is a link to this page with the cell chosen, rendered on the server; with one, the same
list opens in place.

Data: evidence-links.rq (what links a theme and an intervention, the definition the REST map and
the published figure count from), studies.rq with the filters bound (the list API's query),
study-facets.rq for the designs and participant roles the filters offer (a chosen one must be
among them), and themes.rq for the hierarchy. Nothing from the request is pasted into a query.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.responses import HTMLResponse
from rdflib import Literal

from api.deps import EngineDep, SettingsDep
from api.explorer.common import (
    InvalidFilterError,
    choice,
    figure_url,
    jsonld,
    local,
    number,
    page,
    review_index,
)
from api.rest.keys import KEY_PATTERN, ReviewKey, minter
from api.rest.named import run_scoped, run_select
from api.rest.reviews import review_detail
from api.rest.shape import scalar
from api.rest.studies import Country
from api.rest.themes import theme_tree
from ingest.namespaces import XSD

__all__ = ["evidence_map_index", "evidence_map_page"]

logger = logging.getLogger(__name__)

QUERIES = ("evidence-links", "studies", "study-facets", "themes", "interventions")
_Key = Annotated[str | None, Query(pattern=KEY_PATTERN, max_length=200)]


def _shade(n: int, top: int) -> str:
    """The colour class of a count: four steps up to the largest cell."""
    if n == 0 or top == 0:
        return "n0"
    return f"n{min(4, 1 + (3 * n) // max(top, 1))}"


def _flatten(tree: list[Any], base: str, depth: int = 0) -> list[dict[str, Any]]:
    out = []
    for t in tree:
        out.append(
            {"id": t.id, "key": t.key, "label": t.label, "depth": depth, "href": local(t.id, base)}
        )
        out.extend(_flatten(t.subthemes, base, depth + 1))
    return out


async def _study_facets(
    engine: EngineDep, base: str, review: str
) -> dict[str, dict[str, dict[str, Any]]]:
    """The review's study designs and participant roles: facet → key → label and the studies
    that have it (the options of the filters, so a filter value is always one the data give)."""
    facets: dict[str, dict[str, dict[str, Any]]] = {"design": {}, "role": {}}
    for r in await run_scoped(engine, base, "study-facets", review):
        key = scalar(r.get("key")) or str(r["value"]).rsplit("/", 1)[-1]
        entry = facets[str(r["facet"])].setdefault(
            str(key), {"label": scalar(r.get("label")) or key, "studies": set()}
        )
        entry["studies"].add(str(r["study"]))
    return {
        f: dict(sorted(values.items(), key=lambda kv: str(kv[1]["label"])))
        for f, values in facets.items()
    }


async def evidence_map_page(
    request: Request,
    review: ReviewKey,
    engine: EngineDep,
    settings: SettingsDep,
    country_field: Annotated[str | None, Query(alias="country", max_length=20)] = None,
    older_field: Annotated[str | None, Query(alias="older_adults_only", max_length=10)] = None,
    score_field: Annotated[str | None, Query(alias="min_score", max_length=3)] = None,
    design: Annotated[_Key, Query(description="A study design's key (from the data).")] = None,
    group: Annotated[_Key, Query(description="A participant role's key (from the data).")] = None,
    theme: Annotated[_Key, Query(description="The chosen cell's theme key.")] = None,
    type: Annotated[_Key, Query(description="The chosen cell's intervention-type key.")] = None,
) -> HTMLResponse:
    """One review's evidence map. Backed by `evidence-links.rq`, `studies.rq`, `themes.rq`.

    The filters come from a form whose "any" is an empty field: empty is no filter."""
    base = settings.base_iri
    country = choice(Country, "country", country_field)
    min_score = number("min_score", score_field, 0, 10)
    if older_field not in (None, "", "true", "false"):
        raise InvalidFilterError("older_adults_only")
    older_adults_only = older_field == "true"
    detail = await review_detail(engine, base, review)
    index = await review_index(engine, base, review)
    studies = await run_scoped(
        engine,
        base,
        "studies",
        review,
        country=Literal(country.value) if country else None,
        minScore=Literal(min_score, datatype=XSD.integer) if min_score is not None else None,
        olderOnly=Literal(True) if older_adults_only else None,
    )
    allowed = {str(r["study"]) for r in studies}
    facets = await _study_facets(engine, base, review)
    for facet, key in (("design", design), ("role", group)):
        if key:
            if key not in facets[facet]:
                raise InvalidFilterError("design" if facet == "design" else "group")
            allowed &= facets[facet][key]["studies"]
    tree = theme_tree(
        await run_select(engine, base, "themes", review=minter(review, base).review_iri()), base
    )
    themes = _flatten(tree, base)
    types: dict[str, str] = {}
    for items in index.interventions.values():
        for i in items:
            if i["type"]:
                types[i["type"]] = i["typeLabel"]
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for r in await run_scoped(engine, base, "evidence-links", review):
        study = str(r["study"])
        if study not in allowed or r.get("type") is None:
            continue
        cell = cells.setdefault((str(r["theme"]), str(r["type"])), {"studies": {}, "quotes": {}})
        cell["studies"][study] = index.study(study)
        if r.get("quote") is not None:
            quote = str(r["quote"])
            cell["quotes"][quote] = {
                "href": local(quote, base),
                "text": scalar(r.get("text")),
                "record": index.record(str(r["record"]))["short"],
            }
    type_list = [
        {"id": t, "key": t.rsplit("/", 1)[-1], "label": label}
        for t, label in sorted(types.items(), key=lambda x: x[1])
    ]
    top = max((len(c["studies"]) for c in cells.values()), default=0)
    filters = {
        k: v
        for k, v in (
            ("country", country.value if country else None),
            ("older_adults_only", "true" if older_adults_only else None),
            ("min_score", min_score),
            ("design", design or None),
            ("group", group or None),
        )
        if v is not None
    }
    rows = []
    details: dict[str, Any] = {}
    for t in themes:
        row_cells = []
        for y in type_list:
            cell = cells.get((t["id"], y["id"]), {"studies": {}, "quotes": {}})
            n = len(cell["studies"])
            cell_id = f"{t['key']}--{y['key']}"
            href = (
                f"/evidence-map/{review}?"
                + urlencode({**filters, "theme": t["key"], "type": y["key"]})
                + "#cell-detail"
            )
            detail_body = {
                "theme": t["label"],
                "type": y["label"],
                "studies": [
                    {"href": s.get("href"), "label": s.get("label"), "country": s.get("country")}
                    for s in sorted(cell["studies"].values(), key=lambda s: str(s.get("label")))
                ],
                "quotes": sorted(cell["quotes"].values(), key=lambda q: q["href"]),
            }
            if n:
                details[cell_id] = detail_body
            row_cells.append(
                {
                    "id": cell_id,
                    "n": n,
                    "shade": _shade(n, top),
                    "href": href,
                    "chosen": theme == t["key"] and type == y["key"],
                    "type": y["label"],
                    "detail": detail_body,
                }
            )
        rows.append({**t, "cells": row_cells})
    chosen = next((c["detail"] for r in rows for c in r["cells"] if c["chosen"]), None)
    title = f"Evidence map: {detail.model_dump().get('title') or review}"
    node = {
        "@type": "Dataset",
        "name": title,
        "isBasedOn": detail.id,
        "variableMeasured": "number of studies per theme and intervention type",
    }
    return page(
        "evidence_map.html",
        title=title,
        review=review,
        rows=rows,
        types=type_list,
        # the countries of the review's studies: the filter offers what can match
        countries=sorted({str(v["country"]) for v in index.studies.values() if v.get("country")}),
        filters={
            "country": country.value if country else "",
            "older": older_adults_only,
            "min_score": min_score,
            "design": design or "",
            "group": group or "",
        },
        facets={f: {k: v["label"] for k, v in values.items()} for f, values in facets.items()},
        study_count=len(allowed),
        chosen=chosen,
        details=json.dumps(details, ensure_ascii=False).replace("</", "<\\/"),
        crumbs=[{"href": f"/id/review/{review}", "text": review}],
        alternates=[
            {
                "name": "json",
                "href": f"/api/evidence-map?review={review}",
                "type": "application/json",
            }
        ],
        jsonld=jsonld(node),
        queries=[f"/api/queries/{q}.rq" for q in QUERIES],
        figure=figure_url(request, review, "evidence-map", "svg"),
    )


async def evidence_map_index(engine: EngineDep, settings: SettingsDep) -> HTMLResponse:
    """The evidence maps of every review held."""
    base = settings.base_iri
    prefix = f"{base}id/review/"
    reviews = [
        {
            "key": str(r["review"])[len(prefix) :],
            "title": scalar(r.get("title")) or str(r["review"])[len(prefix) :],
            "studies": scalar(r.get("studies")),
        }
        # reviews.rq leaves the order to its callers
        for r in sorted(await run_select(engine, base, "reviews"), key=lambda r: str(r["review"]))
    ]
    return page(
        "evidence_map_index.html",
        title="Evidence maps",
        reviews=reviews,
        jsonld=jsonld({"@type": "CollectionPage", "name": "Evidence maps"}),
    )
