"""The evidence explorer: pages a reviewer or guideline developer reads (theme, study, record,
review, evidence map, quote finder), rendered on the server from the same named queries and REST
functions as the API, readable without a script; a little JavaScript only where a page is
interactive (api/static/explorer)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from rdflib import URIRef

from api.engine.engine import QueryEngine
from api.explorer.evidence_map import evidence_map_index, evidence_map_page
from api.explorer.quotes import quote_finder
from api.explorer.review import review_page, soqf
from api.explorer.study import record_page, study_page
from api.explorer.theme import theme_page
from api.rest.keys import key_of

__all__ = ["build_router", "html_page"]

logger = logging.getLogger(__name__)


async def html_page(
    request: Request, engine: QueryEngine, base: str, iri: URIRef
) -> HTMLResponse | None:
    """The explorer's page for a theme, study, record or review IRI; None for other resources
    (they keep the generic page)."""
    path = request.url.path
    text = str(iri)
    if (found := key_of(text, base, "theme")) is not None:
        return await theme_page(engine, base, *found, path)
    if (found := key_of(text, base, "study")) is not None:
        return await study_page(engine, base, *found, path)
    if text.startswith(f"{base}id/record/"):
        return await record_page(engine, base, iri, path)
    review = text.removeprefix(f"{base}id/review/")
    if text.startswith(f"{base}id/review/") and "/" not in review and "#" not in review:
        return await review_page(request, engine, base, review, path)
    return None


def build_router() -> APIRouter:
    """The explorer's own routes (its /id/ pages are chosen by `api.deref`)."""
    router = APIRouter(tags=["explorer"])
    router.add_api_route(
        "/id/review/{review}/soqf.csv",
        soqf,
        methods=["GET"],
        response_class=Response,
        summary="A review's Summary of Qualitative Findings (CERQual) as CSV",
    )
    router.add_api_route(
        "/evidence-map",
        evidence_map_index,
        methods=["GET"],
        response_class=HTMLResponse,
        summary="The evidence maps of the reviews (HTML)",
    )
    router.add_api_route(
        "/evidence-map/{review}",
        evidence_map_page,
        methods=["GET"],
        response_class=HTMLResponse,
        summary="A review's interactive evidence map: themes × intervention types (HTML)",
    )
    router.add_api_route(
        "/quotes",
        quote_finder,
        methods=["GET"],
        response_class=HTMLResponse,
        summary="The quote finder: quotes by words, speaker, country, intervention and theme",
    )
    return router
