"""FAIR publication: landing page, VoID/DCAT, dumps, ontology, SPARQL editor and figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.fair.routes import FairRoutes
from api.fair.signposting import SignpostingMiddleware

if TYPE_CHECKING:
    from api.settings import Settings

__all__ = ["SignpostingMiddleware", "build_router"]

_TAGS = ["dataset"]


def build_router(settings: Settings) -> APIRouter:
    """The routes of this package, configured by `settings`; the app includes what it returns."""
    routes = FairRoutes(settings)
    router = APIRouter(tags=_TAGS)
    add = router.add_api_route
    add(
        "/",
        routes.landing,
        methods=["GET"],
        response_class=HTMLResponse,
        summary="Landing page of the dataset",
    )
    add("/.well-known/void", routes.void, methods=["GET"], summary="VoID and DCAT description")
    add("/CITATION.cff", routes.citation_file, methods=["GET"], summary="How to cite the dataset")
    add("/dumps/", routes.dumps_index, methods=["GET"], summary="Downloads of the whole graph")
    add("/dumps/{version}/{name}", routes.dump, methods=["GET"], summary="One download")
    add("/ontology", routes.ontology, methods=["GET"], summary="The ontology (HTML or RDF)")
    add(
        "/sparql-editor",
        routes.sparql_editor,
        methods=["GET"],
        response_class=HTMLResponse,
        summary="SPARQL editor (YASGUI) over /sparql",
    )
    add("/static/{path:path}", routes.static, methods=["GET"], include_in_schema=False)
    add(
        "/figures/study-characteristics.{fmt}",
        routes.study_characteristics,
        methods=["GET"],
        summary="Study-characteristics table (html or csv)",
    )
    add(
        "/figures/{name}.{fmt}",
        routes.figure,
        methods=["GET"],
        summary="A figure drawn from the graph (svg or png)",
    )
    return router
