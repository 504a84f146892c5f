"""/api/measures: the instruments the records used, per review.

Query: measures.rq.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.deps import EngineDep, SettingsDep
from api.jsonld import api_context
from api.rest.keys import KEY_PATTERN, ReviewQuery, minter
from api.rest.models import MeasureSummary, Page, Ref, dump
from api.rest.named import run_per_review
from api.rest.paging import PageDep, page_of
from api.rest.render import respond
from api.rest.shape import scalar

__all__ = ["build_router"]

logger = logging.getLogger(__name__)


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
) -> Response:
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
                curatorNote=scalar(r.get("note")),
            )
        )
        for r in rows
    ]
    return respond(request, page_of(request, items, paging))


def build_router() -> APIRouter:
    """The /api/measures route."""
    router = APIRouter(tags=["measures"])
    router.add_api_route(
        "/api/measures",
        list_measures,
        methods=["GET"],
        response_model=Page[MeasureSummary],
        summary="Instruments the records used",
    )
    return router
