"""The root of every error the api package raises, so a caller can catch the service's own errors
apart from library errors. It imports nothing, so query workers can use it too."""

from __future__ import annotations

__all__ = ["ServiceError"]


class ServiceError(Exception):
    """An error raised by spkg's service (api package)."""
