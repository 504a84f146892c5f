"""Dependencies as named Annotated aliases, so route signatures read like prose."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.engine import QueryEngine
from api.settings import Settings, get_settings

__all__ = ["EngineDep", "SettingsDep", "get_engine"]


async def get_engine(request: Request) -> QueryEngine:
    """The app's query engine (a coroutine: a plain function would run in a thread per request)."""
    engine: QueryEngine = request.app.state.engine
    return engine


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[QueryEngine, Depends(get_engine)]
