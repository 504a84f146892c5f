"""/api/interventions: the social-prescribing interventions the studies evaluated, with their
activities.

Queries: interventions.rq, node.rq, study-related.rq (activities).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import partial
from typing import Any

from fastapi import APIRouter, Request, Response
from rdflib import URIRef
from rdflib.term import Node

from api.deps import EngineDep, SettingsDep
from api.jsonld import ApiContext, api_context
from api.rest.describe import describe
from api.rest.keys import ItemKey, ReviewKey, ReviewQuery, key_of, minter
from api.rest.models import (
    InterventionDetail,
    InterventionSummary,
    Page,
    Ref,
    Resource,
    dump,
)
from api.rest.named import review_keys, run_select
from api.rest.paging import PageDep, page_across
from api.rest.render import NotFoundError, respond
from api.rest.shape import scalar

__all__ = ["build_router"]

logger = logging.getLogger(__name__)


async def list_interventions(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    paging: PageDep,
    review: ReviewQuery = None,
) -> Response:
    """Interventions. Backed by `api/queries/interventions.rq`, one review at a time."""
    base = settings.base_iri
    ctx = api_context(base)

    async def items_of(key: str) -> list[dict[str, Any]]:
        iri = minter(key, base).review_iri()
        rows = await run_select(engine, base, "interventions", review=iri)
        return [dump(_summary(r, base, ctx)) for r in rows]

    keys = partial(review_keys, engine, base)
    return respond(request, await page_across(request, paging, review, keys, items_of))


def _summary(r: Mapping[str, Node], base: str, ctx: ApiContext) -> InterventionSummary:
    """One row of interventions.rq as the list's item."""
    _, key = key_of(r["intervention"], base, "intervention") or ("", str(r["intervention"]))
    kind = r.get("type")
    return InterventionSummary(
        id=str(r["intervention"]),
        key=key,
        review=str(r["review"]),
        label=scalar(r.get("label")),
        interventionType=Ref(id=str(kind), label=scalar(r.get("typeLabel")))
        if kind is not None
        else None,
        study=Ref(id=str(r["study"]), label=scalar(r.get("studyLabel"))),
        deliveryMode=ctx.compact(str(r["mode"])) if r.get("mode") else None,
        hasLinkWorker=scalar(r.get("linkWorker")),
    )


async def intervention_detail(
    engine: EngineDep, base: str, review: str, key: str
) -> InterventionDetail:
    """The intervention resource with its activities."""
    iri = minter(review, base).intervention(key)
    node = await describe(engine, base, iri)
    if node is None:
        raise NotFoundError("intervention", f"{review}/{key}")
    linked = node.get("hasActivity") or []
    activities = []
    for value in linked if isinstance(linked, list) else [linked]:
        found = await describe(engine, base, URIRef(value["id"]))
        if found:
            activities.append(Resource(**found))
    return InterventionDetail(**node, activities=sorted(activities, key=lambda a: a.id))


async def get_intervention(
    request: Request,
    review: ReviewKey,
    intervention: ItemKey,
    engine: EngineDep,
    settings: SettingsDep,
) -> Response:
    """One intervention. Backed by `node.rq`."""
    body = await intervention_detail(engine, settings.base_iri, review, intervention)
    return respond(request, body)


def build_router() -> APIRouter:
    """The /api/interventions routes."""
    router = APIRouter(tags=["interventions"])
    router.add_api_route(
        "/api/interventions",
        list_interventions,
        methods=["GET"],
        response_model=Page[InterventionSummary],
        summary="List interventions",
    )
    router.add_api_route(
        "/api/interventions/{review}/{intervention}",
        get_intervention,
        methods=["GET"],
        response_model=InterventionDetail,
        summary="One intervention with its activities",
    )
    return router
