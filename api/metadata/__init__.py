"""Machine-readable descriptions of the dataset: VoID and DCAT 3 at `/.well-known/void` (RDF by
Accept), and the schema.org `Dataset` the landing page embeds."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request, Response

from api.citation import DATA_LICENSE, load_citation
from api.deps import EngineDep
from api.dumps.cache import DumpCache
from api.errors import ProblemError
from api.facts import FactsCache
from api.metadata.schema_org import schema_org_dataset
from api.metadata.void import void_graph
from api.negotiation import DESCRIPTION
from ingest.formats import FORMATS

__all__ = ["DescriptionRoutes", "build_router", "schema_org_dataset", "void_graph"]

logger = logging.getLogger(__name__)


class DescriptionRoutes:
    """The dataset's description route over one app's facts and dump sets."""

    def __init__(self, facts: FactsCache, dumps: DumpCache) -> None:
        self.facts = facts
        self.dumps = dumps

    async def void(self, request: Request, engine: EngineDep) -> Response:
        """VoID and DCAT 3 description of the dataset (Turtle unless Accept asks otherwise)."""
        name = DESCRIPTION.choose(request.headers.get("accept"))
        if name is None:
            raise ProblemError(406, "Not Acceptable", "The description is served as RDF.")
        fmt = FORMATS[name]
        facts = await self.facts.current(engine.select)
        dumps = await asyncio.to_thread(self.dumps.ready, facts.version)  # none until written
        graph = void_graph(facts, load_citation(), dumps or [], str(request.base_url))
        return Response(
            graph.serialize(format=fmt.rdflib, encoding="utf-8"),
            media_type=fmt.media_type,
            headers={"Vary": "Accept", "Link": f'<{DATA_LICENSE}>; rel="license"'},
        )


def build_router(facts: FactsCache, dumps: DumpCache) -> APIRouter:
    """The /.well-known/void route."""
    routes = DescriptionRoutes(facts, dumps)
    router = APIRouter(tags=["dataset"])
    router.add_api_route(
        "/.well-known/void", routes.void, methods=["GET"], summary="VoID and DCAT description"
    )
    return router
