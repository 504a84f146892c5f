"""REST/JSON-LD resources under /api: one router per resource, assembled here, plus the
published @context and the named queries behind every route."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse

from api.deps import SettingsDep
from api.jsonld import CONTEXT_PATH, api_context
from api.rest import (
    evidence,
    inconsistencies,
    interventions,
    measures,
    products,
    quotes,
    references,
    reviews,
    studies,
    themes,
)
from api.rest.named import UnknownQueryError, named_query, query_names
from api.rest.render import NotFoundError
from api.rest.tables import document_tables

if TYPE_CHECKING:
    from api.settings import Settings

__all__ = ["build_router"]


async def get_context(settings: SettingsDep) -> JSONResponse:
    """The JSON-LD @context every /api response refers to."""
    return JSONResponse(
        api_context(settings.base_iri).document,
        media_type="application/ld+json",
        headers={"Cache-Control": "public, max-age=3600"},
    )


async def list_queries() -> dict[str, list[str]]:
    """The named queries behind the routes, to read, copy and run on /sparql."""
    return {"queries": [named_query(n).path for n in query_names()]}


async def get_query(name: str, settings: SettingsDep) -> PlainTextResponse:
    """One named query's text (its header says what it returns and which variables to bind)."""
    try:
        query = named_query(name, settings.base_iri)
    except UnknownQueryError as exc:
        raise NotFoundError("named query", name) from exc
    return PlainTextResponse(query.text, media_type="application/sparql-query")


def build_router(settings: Settings) -> APIRouter:
    """The routes of this package; the app includes what it returns."""
    del settings  # routes read settings per request (tests override them)
    router = APIRouter()
    router.add_api_route(
        CONTEXT_PATH,
        get_context,
        methods=["GET"],
        tags=["api"],
        summary="The JSON-LD context of the API",
    )
    router.add_api_route(
        "/api/queries",
        list_queries,
        methods=["GET"],
        tags=["api"],
        summary="The named queries behind the routes",
    )
    router.add_api_route(
        "/api/queries/{name}.rq",
        get_query,
        methods=["GET"],
        tags=["api"],
        summary="One named query",
        response_class=PlainTextResponse,
    )
    routers = (reviews, inconsistencies, studies, themes, interventions, measures, quotes, evidence)
    for module in (*routers, products, references):
        module_router = module.build_router()
        document_tables(module_router.routes)  # every list also answers as a CSV table
        router.include_router(module_router)
    return router
