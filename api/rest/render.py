"""Answering with JSON-LD or plain JSON, chosen by Accept; errors as problem+json."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.errors import ProblemError
from api.jsonld import CONTEXT_PATH
from api.negotiation import REST_JSON

__all__ = [
    "JSONLD",
    "NotFoundError",
    "RestError",
    "respond",
]

logger = logging.getLogger(__name__)

# On a tie (`*/*`, no Accept) JSON-LD, the resource's own form (api.negotiation.REST_JSON).
JSONLD = REST_JSON.media_type("jsonld")
JSON = REST_JSON.media_type("json")


class RestError(ProblemError):
    """An error of the REST resources, answered as problem+json."""


class NotFoundError(RestError):
    """No resource of that kind has that key."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(404, "Not Found", f"There is no {kind} {key!r}.")
        self.kind = kind
        self.key = key


class NotAcceptableError(RestError):
    """The client accepts neither JSON-LD nor JSON."""

    def __init__(self, accept: str) -> None:
        super().__init__(
            406, "Not Acceptable", f"This resource is offered as {JSONLD} or {JSON}, not {accept}."
        )


def _choose(accept: str | None) -> str:
    name = REST_JSON.choose(accept)
    if name is None:
        raise NotAcceptableError((accept or "")[:100])
    return REST_JSON.media_type(name)


def respond(request: Request, body: BaseModel | dict[str, Any]) -> JSONResponse:
    """`body` as JSON-LD (with the @context) or plain JSON, as the client's Accept prefers."""
    media_type = _choose(request.headers.get("accept"))
    data = (
        body.model_dump(mode="json", by_alias=True, exclude_none=True)
        if isinstance(body, BaseModel)
        else body
    )
    if media_type == JSONLD:
        context = str(request.url.replace(path=CONTEXT_PATH, query=""))
        data = {"@context": context, **data}
    return JSONResponse(data, media_type=media_type, headers={"Vary": "Accept"})
