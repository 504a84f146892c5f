"""The routes that publish the dataset as a whole, wired to what they share.

The landing page, the VoID description and the figures show the facts of the current data
version, and the landing page, the description and the downloads list its dump sets; each app
gets one `FactsCache` and one `DumpCache`, built here from its settings and handed to each
router's factory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter

from api import citation, dumps, figures, landing, metadata, ontology
from api.dumps.cache import DumpCache
from api.facts import FactsCache
from api.settings import Settings
from api.sparql import editor
from ingest.store import Store, config_from, open_store
from ingest.store.config import RemoteConfig
from ingest.store.embedded import read_generation

__all__ = ["build_routers", "dump_cache", "write_stamp"]

logger = logging.getLogger(__name__)


def dump_cache(settings: Settings) -> DumpCache:
    """The dump sets of the store `settings` name, kept beside the embedded store's folder."""

    def reader() -> Store:
        return open_store(config_from(settings), read_only=True)

    root = Path(settings.store).parent / "cache" / "dumps"
    return DumpCache(root, reader, settings.base_iri)


def write_stamp(settings: Settings) -> Callable[[], int] | None:
    """The embedded store's generation number, which every write bumps (None for a remote
    endpoint, whose writes spkg cannot see)."""
    config = config_from(settings)
    if isinstance(config, RemoteConfig):
        return None
    path = config.path
    return lambda: read_generation(path)


def build_routers(settings: Settings) -> list[APIRouter]:
    """The publication routers of one app, in the order their paths are listed."""
    base = settings.base_iri
    facts = FactsCache(base, write_stamp(settings))
    dump_sets = dump_cache(settings)
    return [
        landing.build_router(base, facts, dump_sets),
        metadata.build_router(facts, dump_sets),
        citation.build_router(),
        dumps.build_router(dump_sets),
        ontology.build_router(base),
        editor.build_router(),
        figures.build_router(base, facts),
    ]
