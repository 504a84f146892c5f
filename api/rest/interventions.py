"""/api/interventions and /api/measures: the social-prescribing interventions the studies
evaluated (with their activities) and the instruments the records used.

Queries: interventions.rq, node.rq, study-related.rq (activities), measures.rq.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from rdflib import URIRef

from api.deps import EngineDep, SettingsDep
from api.jsonld import api_context
from api.rest.keys import KEY_PATTERN, ItemKey, ReviewKey, ReviewQuery, key_of, minter
from api.rest.models import (
    InterventionDetail,
    InterventionSummary,
    MeasureSummary,
    Page,
    Ref,
    Resource,
    dump,
)
from api.rest.named import run_per_review, run_select
from api.rest.paging import PageDep, page_of
from api.rest.render import NotFoundError, respond
from api.rest.reviews import describe
from api.rest.shape import scalar

__all__ = ["build_router"]

logger = logging.getLogger(__name__)


async def list_interventions(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    paging: PageDep,
    review: ReviewQuery = None,
) -> JSONResponse:
    """Interventions. Backed by `api/queries/interventions.rq`."""
    base = settings.base_iri
    ctx = api_context(base)
    filt = minter(review, base).review_iri() if review else None
    items = []
    for r in await run_select(engine, base, "interventions", review=filt):
        _, key = key_of(r["intervention"], base, "intervention") or ("", str(r["intervention"]))
        kind = r.get("type")
        items.append(
            dump(
                InterventionSummary(
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
            )
        )
    return respond(request, page_of(request, items, paging))


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
) -> JSONResponse:
    """One intervention. Backed by `node.rq`."""
    body = await intervention_detail(engine, settings.base_iri, review, intervention)
    return respond(request, body)


async def list_measures(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    paging: PageDep,
    review: ReviewQuery = None,
    instrument: Annotated[
        str | None,
        Query(
            pattern=KEY_PATTERN,
            max_length=200,
            description="Only this instrument (its key, e.g. `ucla-loneliness-scale`).",
        ),
    ] = None,
) -> JSONResponse:
    """Instruments used by records. Backed by `api/queries/measures.rq`."""
    base = settings.base_iri
    ctx = api_context(base)
    m = minter(review or "x", base)
    rows = await run_per_review(
        engine,
        base,
        "measures",
        review,
        instrumentFilter=m.instrument(instrument) if instrument else None,
    )
    items = [
        dump(
            MeasureSummary(
                id=str(r["measurement"]),
                review=str(r["review"]),
                instrument=Ref(id=str(r["instrument"]), label=scalar(r.get("instrumentLabel"))),
                construct=ctx.compact(str(r["construct"])) if r.get("construct") else None,
                record=Ref(id=str(r["record"])),
                study=Ref(id=str(r["study"])) if r.get("study") is not None else None,
                comment=scalar(r.get("note")),
            )
        )
        for r in rows
    ]
    return respond(request, page_of(request, items, paging))


def build_router() -> APIRouter:
    """The /api/interventions and /api/measures routes."""
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
    router.add_api_route(
        "/api/measures",
        list_measures,
        methods=["GET"],
        response_model=Page[MeasureSummary],
        summary="Instruments the records used",
        tags=["measures"],
    )
    return router
