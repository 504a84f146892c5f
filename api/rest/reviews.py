"""/api/reviews: bibliographic data, method (search, stages, kappas, PRISMA, criteria) and the
statistics the review reports beside what its records give.

The checks of the statistics are computed once, at ingest (`ingest.aggregate_checks`), and read
here as statements of the review's supplementary graph; nothing is recomputed.

Queries: reviews.rq (list), node.rq, review-parts.rq, review-checks.rq, review-countries.rq
(detail).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request, Response
from rdflib import URIRef

from api.deps import EngineDep, SettingsDep
from api.engine.engine import QueryEngine
from api.jsonld import api_context
from api.rest.describe import describe
from api.rest.keys import ReviewKey, minter
from api.rest.models import Comparison, Page, Ref, Resource, ReviewDetail, ReviewSummary
from api.rest.named import review_keys, run_scoped, run_select
from api.rest.paging import PageDep, page_of_reviews
from api.rest.render import NotFoundError, respond
from api.rest.shape import describe_node, scalar

__all__ = ["build_router", "review_checks", "review_detail"]

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
) -> Response:
    """The reviews in the store, in key order. Backed by `api/queries/reviews.rq`, read for the
    page's reviews only (each bound by its provenance graph, which holds its summary)."""
    base = settings.base_iri

    async def item_of(key: str) -> dict[str, Any]:
        m = minter(key, base)
        rows = await run_select(engine, base, "reviews", provenance=m.graph("provenance"))
        r = rows[0] if rows else {}
        return ReviewSummary(
            id=str(m.review_iri()),
            key=key,
            title=scalar(r.get("title")),
            issued=scalar(r.get("year")),
            doi=scalar(r.get("doi")),
            studyCount=int(scalar(r.get("studies")) or 0),
            recordCount=int(scalar(r.get("records")) or 0),
        ).model_dump(exclude_none=True)

    keys = await review_keys(engine, base)
    return respond(request, await page_of_reviews(request, paging, keys, item_of))


def _notation(value: Any, notations: dict[str, str]) -> str | None:
    """The data file's value of an individual (`sample-size`), from its skos:notation."""
    if isinstance(value, dict):
        return notations.get(value["id"]) or value.get("label")
    return None if value is None else str(value)


def _comparisons(
    statistics: list[dict[str, Any]], checks: dict[str, dict[str, Any]], notations: dict[str, str]
) -> list[Comparison]:
    """Each reported statistic with its check (review-checks.rq rows by statistic IRI)."""
    out = []
    for stat in sorted(statistics, key=lambda s: s["id"]):
        check = checks.get(stat["id"], {})
        category = stat.get("category")
        reported = stat.get("value")
        status = scalar(check.get("statusLabel"))
        out.append(
            Comparison(
                reportedStatistic=Ref(id=stat["id"]),
                check=scalar(check.get("check")),
                aboutVariable=_notation(stat.get("aboutVariable"), notations),
                kind=_notation(stat.get("statistic"), notations),
                category=str(category) if category is not None else None,
                unit=_notation(stat.get("unit"), notations),
                denominator=stat.get("denominator"),
                asPrinted=stat.get("asPrinted"),
                reported=reported if isinstance(reported, int | float) else None,
                computed=scalar(check.get("computed")),
                lowerBound=scalar(check.get("lowerBound")),
                upperBound=scalar(check.get("upperBound")),
                knownCount=scalar(check.get("known")),
                consideredCount=scalar(check.get("considered")),
                supplementaryInputCount=scalar(check.get("supplementaryInputs")),
                tolerance=scalar(check.get("tolerance")),
                status=status,
                basis=scalar(check.get("basis")),
                agrees={"agrees": True, "disagrees": False}.get(str(status)),
            )
        )
    return out


async def _parts(
    engine: QueryEngine, base: str, iri: URIRef
) -> tuple[dict[str, list[Resource]], dict[str, str]]:
    """The review's parts by key (`stages`, `statistics` …) and the notation of each IRI."""
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
        described = [describe_node(URIRef(p), rows, context) for p, rows in by_part.items()]
        described.sort(key=lambda d: (d.get("position", 0), d["id"]))
        parts[key] = [Resource(**d) for d in described]
    return parts, notations


async def _comparisons_of(
    engine: QueryEngine,
    base: str,
    review: str,
    parts: dict[str, list[Resource]],
    notations: dict[str, str],
) -> list[Comparison]:
    rows = await run_scoped(engine, base, "review-checks", review)
    checks = {str(r["statistic"]): r for r in rows}
    stats = [p.model_dump() for p in parts.get("statistics", [])]
    return _comparisons(stats, checks, notations)


async def review_checks(engine: QueryEngine, base: str, review: str) -> list[Comparison]:
    """Each statistic of a review beside its check (for the review's page); [] if it has none."""
    parts, notations = await _parts(engine, base, minter(review, base).review_iri())
    return await _comparisons_of(engine, base, review, parts, notations)


async def _countries(engine: QueryEngine, base: str, review: str) -> dict[str, int]:
    rows = await run_scoped(engine, base, "review-countries", review)
    return {str(r["country"]): int(scalar(r["studies"])) for r in rows}


async def review_detail(engine: EngineDep, base: str, review: str) -> ReviewDetail:
    """The review resource."""
    iri = minter(review, base).review_iri()
    node = await describe(engine, base, iri)
    if node is None:
        raise NotFoundError("review", review)
    parts, notations = await _parts(engine, base, iri)
    return ReviewDetail(
        **{
            **node,
            **parts,
            "comparisons": await _comparisons_of(engine, base, review, parts, notations),
            "countries": await _countries(engine, base, review),
        }
    )


async def get_review(
    request: Request, review: ReviewKey, engine: EngineDep, settings: SettingsDep
) -> Response:
    """One review. Backed by `node.rq`, `review-parts.rq`, `review-checks.rq` and
    `review-countries.rq`."""
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
        summary="One review with its method, PRISMA counts and each reported statistic checked",
    )
    return router
