"""/api/reviews: bibliographic data, method (search, stages, kappas, PRISMA, criteria) and the
statistics the review reports beside the values its data yields.

Queries: reviews.rq (list), node.rq, review-parts.rq, review-study-facts.rq (detail).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import EngineDep, SettingsDep
from api.jsonld import api_context
from api.rest.aggregates import StudyFacts, compute, country_counts
from api.rest.describe import describe
from api.rest.keys import ReviewKey, minter
from api.rest.models import Comparison, Page, Ref, Resource, ReviewDetail, ReviewSummary
from api.rest.named import run_scoped, run_select
from api.rest.paging import PageDep, page_of
from api.rest.render import NotFoundError, respond
from api.rest.shape import describe_node, scalar

__all__ = ["build_router", "review_detail"]

logger = logging.getLogger(__name__)

_PARTS = {
    "hasSearchSource": "searchSources",
    "hasStage": "stages",
    "hasFlowCount": "prisma",
    "hasCriterion": "criteria",
    "hasStatistic": "statistics",
    "hasStatement": "statements",
}


async def list_reviews(
    request: Request, engine: EngineDep, settings: SettingsDep, paging: PageDep
) -> JSONResponse:
    """The reviews in the store. Backed by `api/queries/reviews.rq`."""
    base = settings.base_iri
    rows = await run_select(engine, base, "reviews")
    items = [
        ReviewSummary(
            id=str(r["review"]),
            key=str(r["review"]).rsplit("/", 1)[-1],
            title=scalar(r.get("title")),
            issued=scalar(r.get("year")),
            doi=scalar(r.get("doi")),
            studyCount=int(scalar(r["studies"])),
            recordCount=int(scalar(r["records"])),
        ).model_dump(exclude_none=True)
        for r in rows
    ]
    return respond(request, page_of(request, items, paging))


def _notation(value: Any, notations: dict[str, str]) -> str | None:
    """The data file's value of an individual (`sample-size`), from its skos:notation."""
    if isinstance(value, dict):
        return notations.get(value["id"]) or value.get("label")
    return None if value is None else str(value)


def _comparisons(
    statistics: list[dict[str, Any]], facts: StudyFacts, notations: dict[str, str]
) -> list[Comparison]:
    out = []
    for stat in sorted(statistics, key=lambda s: s["id"]):
        variable = _notation(stat.get("aboutVariable"), notations)
        kind = _notation(stat.get("statistic"), notations)
        category = stat.get("category")
        reported = stat.get("value")
        computed = None
        if isinstance(variable, str) and isinstance(kind, str):
            computed = compute(facts, variable, kind, str(category) if category else None)
        agrees = None
        if computed is not None and isinstance(reported, int | float):
            agrees = abs(float(reported) - computed) < 0.51
        out.append(
            Comparison(
                reportedStatistic=Ref(id=stat["id"]),
                aboutVariable=variable,
                kind=kind,
                category=str(category) if category is not None else None,
                unit=_notation(stat.get("unit"), notations),
                denominator=stat.get("denominator"),
                asPrinted=stat.get("asPrinted"),
                reported=reported if isinstance(reported, int | float) else None,
                computed=computed,
                agrees=agrees,
            )
        )
    return out


async def review_detail(engine: EngineDep, base: str, review: str) -> ReviewDetail:
    """The review resource, shared by the route and the review's page."""
    iri = minter(review, base).review_iri()
    node = await describe(engine, base, iri)
    if node is None:
        raise NotFoundError("review", review)
    context = api_context(base)
    part_rows: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    notations: dict[str, str] = {}
    for row in await run_select(engine, base, "review-parts", review=iri):
        if row.get("notation") is not None:
            notations[str(row["o"])] = str(row["notation"])
        link = str(row["link"]).rsplit("#", 1)[-1]
        part_rows[_PARTS[link]][str(row["part"])].append(row)
    parts: dict[str, list[Resource]] = {}
    for key, by_part in part_rows.items():
        described = [describe_node(p, rows, context) for p, rows in by_part.items()]
        described.sort(key=lambda d: (d.get("position", 0), d["id"]))
        parts[key] = [Resource(**d) for d in described]
    facts = StudyFacts(await run_scoped(engine, base, "review-study-facts", review))
    stats = [p.model_dump() for p in parts.get("statistics", [])]
    return ReviewDetail(
        **{
            **node,
            **parts,
            "comparisons": _comparisons(stats, facts, notations),
            "countries": country_counts(facts),
        }
    )


async def get_review(
    request: Request, review: ReviewKey, engine: EngineDep, settings: SettingsDep
) -> JSONResponse:
    """One review. Backed by `node.rq`, `review-parts.rq` and `review-study-facts.rq`."""
    return respond(request, await review_detail(engine, settings.base_iri, review))


def build_router() -> APIRouter:
    """The /api/reviews routes."""
    router = APIRouter(prefix="/api/reviews", tags=["reviews"])
    router.add_api_route(
        "",
        list_reviews,
        methods=["GET"],
        response_model=Page[ReviewSummary],
        summary="List the reviews",
    )
    router.add_api_route(
        "/{review}",
        get_review,
        methods=["GET"],
        response_model=ReviewDetail,
        summary="One review with its method, PRISMA counts and reported vs computed statistics",
    )
    return router
