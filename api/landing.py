"""The dataset's landing page at `/`: what it holds, how to cite it, where to get it.

The page embeds the schema.org description (for dataset search engines) and answers with FAIR
Signposting links: the IRI to cite, the descriptions, the licence and every download.
"""

from __future__ import annotations

import asyncio
import json
import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.citation import CFF_MEDIA_TYPE, CITATION_PATH, DATA_LICENSE, load_citation
from api.deps import EngineDep
from api.dumps.cache import DumpCache, dump_path
from api.facts import FactsCache
from api.figures.models import FIGURES
from api.metadata import schema_org_dataset
from api.pages import render_page
from api.signposting import ABOUT_PAGE, Link, link_header
from ingest.formats import FORMATS
from ingest.namespaces import SCHEMA

__all__ = ["LandingRoutes", "build_router"]

logger = logging.getLogger(__name__)


class LandingRoutes:
    """The landing page of one app, over its facts and dump sets."""

    def __init__(self, base: str, facts: FactsCache, dumps: DumpCache) -> None:
        self.base = base
        self.facts = facts
        self.dumps = dumps

    async def landing(self, request: Request, engine: EngineDep) -> HTMLResponse:
        """The dataset's landing page: what it holds, how to cite it, where to get it."""
        facts = await self.facts.current(engine.select)
        version = facts.version
        written = await asyncio.to_thread(self.dumps.ready, version)
        dumps = written or []
        citation = load_citation()
        root = str(request.base_url)
        jsonld = schema_org_dataset(facts, citation, dumps, root)
        body = render_page(
            "landing.html",
            facts=facts,
            citation=citation,
            citation_text=citation.text(facts.version, self.base),
            dumps=dumps,
            dumps_written=written is not None,
            version=version,
            license=DATA_LICENSE,
            jsonld=json.dumps(jsonld, indent=1).replace("</", "<\\/"),
            figures=FIGURES,
        )
        links = [
            Link(self.base, "cite-as"),
            Link(f"{root}.well-known/void", "describedby", FORMATS["turtle"].media_type),
            Link(f"{root}{CITATION_PATH.name}", "describedby", CFF_MEDIA_TYPE),
            Link(DATA_LICENSE, "license"),
            Link(ABOUT_PAGE, "type"),
            Link(str(SCHEMA.Dataset), "type"),
        ] + [Link(root + dump_path(version, d.name), "item", d.media_type) for d in dumps]
        return HTMLResponse(body, headers={"Link": link_header(links), "Vary": "Accept"})


def build_router(base: str, facts: FactsCache, dumps: DumpCache) -> APIRouter:
    """The / route."""
    routes = LandingRoutes(base, facts, dumps)
    router = APIRouter(tags=["dataset"])
    router.add_api_route(
        "/",
        routes.landing,
        methods=["GET"],
        response_class=HTMLResponse,
        summary="Landing page of the dataset",
    )
    return router
