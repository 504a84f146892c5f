"""Service settings, read from `SPKG_*` environment variables; never built at import time."""

from __future__ import annotations

import json
import logging
from collections.abc import MutableMapping
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["ENV_PREFIX", "Settings", "export_settings", "get_settings"]

logger = logging.getLogger(__name__)

ENV_PREFIX = "SPKG_"


class Settings(BaseSettings):
    """What the service reads from its environment.

    `store` is the embedded store's directory; when `endpoint` is set the service forwards read
    queries to that remote SPARQL 1.1 endpoint instead (`update_endpoint` and `gsp_endpoint` are
    used by the ingest side only).
    """

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    base_iri: str = "https://w3id.org/spkg/"
    store: Path = Path(".spkg/store")
    endpoint: str | None = None
    update_endpoint: str | None = None
    gsp_endpoint: str | None = None
    engine: str | None = None
    # Credentials for the endpoint (Basic, or Digest on Virtuoso's -auth endpoints).
    endpoint_user: str | None = None
    endpoint_password: str | None = Field(default=None, repr=False)
    query_timeout: float = Field(default=10.0, gt=0, description="seconds a query may run")
    max_result_rows: int = Field(default=100_000, ge=1)
    max_result_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    max_request_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_query_length: int = Field(default=64 * 1024, ge=64)
    max_query_depth: int = Field(default=64, ge=4, description="nesting of braces and brackets")
    query_workers: int = Field(default=2, ge=1)
    http_workers: int = Field(
        default=2, ge=1, description="uvicorn worker processes `spkg serve` starts"
    )
    cors_origins: list[str] = ["*"]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once; tests override this dependency."""
    settings = Settings()
    logger.debug("settings loaded: store=%s endpoint=%s", settings.store, settings.endpoint)
    return settings


def export_settings(settings: Settings, environ: MutableMapping[str, str]) -> None:
    """Write `settings` into `environ` as the `SPKG_*` variables `Settings()` reads them back from.

    For processes that build their own settings from the environment they inherit (uvicorn's
    worker processes); a setting that is None removes its variable.
    """
    for name, value in settings.model_dump(mode="json").items():
        key = f"{ENV_PREFIX}{name.upper()}"
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value if isinstance(value, str) else json.dumps(value)
