"""REST/JSON-LD resources under /api: one router per resource, assembled here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter

if TYPE_CHECKING:
    from api.settings import Settings

__all__ = ["build_router"]


def build_router(settings: Settings) -> APIRouter:
    """The routes of this package, configured by `settings`; the app includes what it returns."""
    del settings
    return APIRouter()
