"""/api/measures: the instruments the records used, per review.

Query: measures.rq.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from rdflib.term import Node

from api.deps import EngineDep, SettingsDep
from api.jsonld import ApiContext, api_context
from api.rest.keys import KEY_PATTERN, ReviewQuery, minter
from api.rest.models import MeasureSummary, Page, Ref, dump
from api.rest.named import review_keys, run_scoped
from api.rest.paging import PageDep, page_across
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
    instrument_iri = minter(review or "x", base).instrument(instrument) if instrument else None

    async def items_of(key: str) -> list[dict[str, Any]]:
        rows = await run_scoped(engine, base, "measures", key, instrumentFilter=instrument_iri)
        return [dump(_summary(r, ctx)) for r in rows]

    keys = partial(review_keys, engine, base)
    return respond(request, await page_across(request, paging, review, keys, items_of))


def _summary(r: Mapping[str, Node], ctx: ApiContext) -> MeasureSummary:
    """One row of measures.rq as the list's item."""
    return MeasureSummary(
        id=str(r["measurement"]),
        review=str(r["review"]),
        instrument=Ref(id=str(r["instrument"]), label=scalar(r.get("instrumentLabel"))),
        construct=ctx.compact(str(r["construct"])) if r.get("construct") else None,
        record=Ref(id=str(r["record"])),
        study=Ref(id=str(r["study"])) if r.get("study") is not None else None,
        curatorNote=scalar(r.get("note")),
    )


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
