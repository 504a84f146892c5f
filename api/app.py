"""The application factory: nothing is built or started at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import deref, rest, sparql
from api.deps import EngineDep
from api.engine import QueryEngine, create_engine
from api.errors import install_error_handlers
from api.publication import build_routers
from api.settings import Settings, get_settings
from api.signposting import SignpostingMiddleware
from api.sparql.fast import SparqlFastPath

__all__ = ["app_from_environment", "create_app"]

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, engine: QueryEngine | None = None) -> FastAPI:
    """Build the service for `settings` (the environment's when None).

    The query engine's workers start with the app's lifespan (or on the first query when the app
    is driven without one) and stop when it ends.
    """
    settings = settings or get_settings()
    engine = engine or create_engine(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await engine.start()
        logger.info("query engine started (%s)", type(engine).__name__)
        try:
            yield
        finally:
            await engine.close()

    app = FastAPI(
        title="spkg",
        summary="A knowledge graph of qualitative evidence syntheses on social prescribing.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine

    async def app_settings() -> Settings:
        return settings

    # async: FastAPI runs a plain function dependency in a worker thread on every request.
    app.dependency_overrides[get_settings] = app_settings
    install_error_handlers(app, settings.base_iri)
    # Inside CORS (added after it, so outside this one): GET /sparql answered before routing.
    app.add_middleware(SparqlFastPath)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=False,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type"],
        max_age=86400,
    )
    app.include_router(sparql.build_router(settings))
    app.include_router(rest.build_router(settings))
    app.include_router(deref.build_router())
    for router in build_routers(settings):
        app.include_router(router)
    # FAIR Signposting: typed Link headers on every /id/ resource, whichever router serves it.
    app.add_middleware(SignpostingMiddleware, base_iri=settings.base_iri)

    @app.get("/healthz", tags=["service"], summary="Liveness check")
    async def healthz(engine: EngineDep) -> dict[str, str]:
        """Answers while the process serves requests; names the engine in use."""
        return {"status": "ok", "engine": type(engine).__name__}

    return app


def app_from_environment() -> FastAPI:
    """The app for the settings of the process's environment (`SPKG_*`): the factory that
    uvicorn's worker processes import by name, since they are handed no objects."""
    return create_app(get_settings())
