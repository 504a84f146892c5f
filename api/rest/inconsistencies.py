"""/api/reviews/{review}/inconsistencies: where a review contradicts itself, curated by the
review folder's curator (inconsistencies.csv) and computed by spkg's checks at ingest, each with
its kind, explanation, the resources it concerns and the passage as printed.

Query: inconsistencies.rq (both kinds live in the review's supplementary graph: they are
statements about the review, not the review's own).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import EngineDep, SettingsDep
from api.jsonld import api_context
from api.rest.describe import describe
from api.rest.keys import ReviewKey, key_of, minter
from api.rest.models import Inconsistency, Page, Ref, dump
from api.rest.named import run_scoped
from api.rest.paging import PageDep, page_of
from api.rest.render import NotFoundError, respond
from api.rest.shape import scalar

__all__ = ["build_router", "review_inconsistencies"]

logger = logging.getLogger(__name__)

_TYPES = ["spkg:Inconsistency", "oa:Annotation"]


async def review_inconsistencies(engine: EngineDep, base: str, review: str) -> list[Inconsistency]:
    """Every inconsistency of a review, curated first, then computed; shared by the route and
    the review's page. Raises NotFoundError for a review the store does not hold."""
    iri = minter(review, base).review_iri()
    if await describe(engine, base, iri) is None:
        raise NotFoundError("review", review)
    ctx = api_context(base)
    found: dict[str, Inconsistency] = {}
    for row in await run_scoped(engine, base, "inconsistencies", review):
        node = str(row["inconsistency"])
        if node not in found:
            found[node] = Inconsistency(
                id=node,
                type=_TYPES,
                key=(key_of(node, base, "inconsistency") or ("", node.rsplit("/", 1)[-1]))[1],
                review=str(iri),
                origin=str(row["origin"]),
                kind=scalar(row.get("kind")),
                inconsistencyKind=ctx.compact(str(row["kindTerm"]))
                if row.get("kindTerm") is not None
                else None,
                explanation=scalar(row.get("explanation")),
            )
        item = found[node]
        target = row.get("target")
        if target is None:
            continue
        if row.get("passage") is not None:
            item.passage = str(row["passage"])
            continue
        if any(t.id == str(target) for t in item.targets):
            continue
        kind = row.get("targetType")
        item.targets.append(
            Ref(
                id=str(target),
                label=scalar(row.get("targetLabel")) or _key(str(target), base),
                type=ctx.compact(str(kind)) if kind is not None else None,
            )
        )
    items = list(found.values())
    for item in items:
        item.targets.sort(key=lambda t: t.id)
    # Curated ones in the order of their keys, then the computed ones.
    return sorted(items, key=lambda i: (i.origin != "curated", i.key, i.id))


def _key(iri: str, base: str) -> str:
    """A target's own key (`assessment-both`), the label of a statistic or statement."""
    rest = iri.removeprefix(f"{base}id/")
    return rest.rsplit("/", 1)[-1]


async def list_inconsistencies(
    request: Request,
    review: ReviewKey,
    engine: EngineDep,
    settings: SettingsDep,
    paging: PageDep,
) -> Response:
    """The review's inconsistencies. Backed by `api/queries/inconsistencies.rq`."""
    items: list[dict[str, Any]] = [
        dump(i) for i in await review_inconsistencies(engine, settings.base_iri, review)
    ]
    return respond(request, page_of(request, items, paging))


def build_router() -> APIRouter:
    """The /api/reviews/{review}/inconsistencies route."""
    router = APIRouter(prefix="/api/reviews", tags=["reviews"])
    router.add_api_route(
        "/{review}/inconsistencies",
        list_inconsistencies,
        methods=["GET"],
        response_model=Page[Inconsistency],
        summary="Where the review contradicts itself: curated and computed inconsistencies",
    )
    return router
