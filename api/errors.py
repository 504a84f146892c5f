"""Errors as RFC 9457 problem details (`application/problem+json`), never a stack trace."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.engine.errors import EngineError
from api.exceptions import ServiceError

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "ProblemError",
    "install_error_handlers",
    "problem_response",
]

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemError(ServiceError):
    """An HTTP error the service means to send: status, a short title and a detail for people."""

    def __init__(
        self, status: int, title: str, detail: str, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers or {}


def _slug(title: str) -> str:
    return "-".join(title.lower().replace("/", " ").split())


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    type_: str = "about:blank",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A problem+json response; `extra` adds RFC 9457 extension members."""
    body = {"type": type_, "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def install_error_handlers(app: FastAPI, base_iri: str) -> None:
    """Map every exception the service can raise to problem+json."""
    problem_base = f"{base_iri}problem/"

    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        return problem_response(
            exc.status,
            exc.title,
            exc.detail,
            type_=problem_base + _slug(exc.title),
            headers=exc.headers,
        )

    async def on_engine(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, EngineError)
        if exc.status >= 500:
            logger.warning("%s on %s: %s", type(exc).__name__, request.url.path, exc.detail)
        extra = {"reason": exc.reason} if hasattr(exc, "reason") else {}
        return problem_response(
            exc.status, exc.title, exc.detail, type_=problem_base + _slug(exc.title), **extra
        )

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        title = HTTPStatus(exc.status_code).phrase
        detail = exc.detail if isinstance(exc.detail, str) else title
        headers = dict(exc.headers) if exc.headers else None
        return problem_response(exc.status_code, title, detail, headers=headers)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {"loc": [str(part) for part in err.get("loc", ())], "msg": str(err.get("msg", ""))}
            for err in exc.errors()
        ]
        return problem_response(
            422, "Invalid request", "The request's parameters are not valid.", errors=errors
        )

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s", request.url.path)
        return problem_response(500, "Internal Server Error", "The server failed unexpectedly.")

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(EngineError, on_engine)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(Exception, on_unexpected)
