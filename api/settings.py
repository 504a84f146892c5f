"""Service settings, read from `SPKG_*` environment variables; never built at import time."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]

logger = logging.getLogger(__name__)


class Settings(BaseSettings):
    """What the service reads from its environment.

    `store` is the embedded store's directory; when `endpoint` is set the service forwards read
    queries to that remote SPARQL 1.1 endpoint instead (`update_endpoint` and `gsp_endpoint` are
    used by the ingest side only).
    """

    model_config = SettingsConfigDict(env_prefix="SPKG_", extra="ignore")

    base_iri: str = "https://w3id.org/spkg/"
    store: Path = Path(".spkg/store")
    endpoint: str | None = None
    update_endpoint: str | None = None
    gsp_endpoint: str | None = None
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
