"""Which store to open, decided in one place for the CLI, ingest, release and the API.

`store_config` turns the store settings (a path, or an endpoint with its optional update and
Graph Store URLs and engine) into an `EmbeddedConfig` or a `RemoteConfig`; `open_store` and the
API's `create_engine` both start from it, so the two sides never pick a backend differently.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from ingest.store.engines import engine_profile

__all__ = [
    "DEFAULT_STORE_PATH",
    "EmbeddedConfig",
    "RemoteConfig",
    "StoreConfig",
    "config_from",
    "remote_config",
    "store_config",
]

logger = logging.getLogger(__name__)

DEFAULT_STORE_PATH = Path(".spkg/store")
# Where the remote endpoint's credentials are read from when the settings carry none.
USER_VARIABLE = "SPKG_ENDPOINT_USER"
PASSWORD_VARIABLE = "SPKG_ENDPOINT_PASSWORD"


@dataclass(frozen=True)
class EmbeddedConfig:
    """An embedded pyoxigraph store in a directory on disk."""

    path: Path


@dataclass(frozen=True)
class RemoteConfig:
    """A SPARQL 1.1 service: its query, update and Graph Store URLs, the engine's name, and
    optional credentials (sent by the engine's auth scheme: Basic, or Digest on Virtuoso)."""

    query_url: str
    update_url: str
    gsp_url: str | None
    engine: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)


StoreConfig = EmbeddedConfig | RemoteConfig


def remote_config(
    endpoint: str,
    update_endpoint: str | None = None,
    gsp_endpoint: str | None = None,
    engine: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> RemoteConfig:
    """The remote URLs, the missing ones defaulted from the query URL by the engine's layout."""
    profile = engine_profile(engine, endpoint)
    config = RemoteConfig(
        query_url=endpoint,
        update_url=update_endpoint or profile.update_url(endpoint),
        gsp_url=gsp_endpoint or profile.gsp_url(endpoint),
        engine=profile.name,
        user=user or None,
        password=password or None,
    )
    logger.debug("remote store %s", config)
    return config


def store_config(
    store: str | os.PathLike[str] | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    gsp_endpoint: str | None = None,
    engine: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> StoreConfig:
    """Remote when `endpoint` is given, else embedded at `store` (default `.spkg/store`).

    Raises ValueError when both a store path and an endpoint are given, or the engine is unknown.
    """
    if endpoint:
        if store is not None:
            raise ValueError("give a store path or an endpoint, not both")
        return remote_config(endpoint, update_endpoint, gsp_endpoint, engine, user, password)
    return EmbeddedConfig(Path(store) if store is not None else DEFAULT_STORE_PATH)


def config_from(settings: object) -> StoreConfig:
    """The store that settings name: anything with `store`, `endpoint`, `update_endpoint`,
    `gsp_endpoint` and `engine` attributes (the service's settings, the CLI's arguments), and
    optionally `endpoint_user` / `endpoint_password`; where those are absent (the CLI's
    arguments), the credentials come from `SPKG_ENDPOINT_USER` and `SPKG_ENDPOINT_PASSWORD`,
    never from a command line.

    Settings always carry a store path (it has a default), so a set endpoint wins over it.
    """
    endpoint = getattr(settings, "endpoint", None) or None
    store = None if endpoint else (getattr(settings, "store", None) or None)
    return store_config(
        store=store,
        endpoint=endpoint,
        update_endpoint=getattr(settings, "update_endpoint", None) or None,
        gsp_endpoint=getattr(settings, "gsp_endpoint", None) or None,
        engine=getattr(settings, "engine", None) or None,
        user=getattr(settings, "endpoint_user", None) or os.environ.get(USER_VARIABLE) or None,
        password=(
            getattr(settings, "endpoint_password", None)
            or os.environ.get(PASSWORD_VARIABLE)
            or None
        ),
    )
