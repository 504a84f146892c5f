"""Answering with JSON-LD or plain JSON, and lists also as CSV tables, chosen by `?format=` or
Accept; errors as problem+json."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.errors import ProblemError
from api.jsonld import CONTEXT_PATH
from api.negotiation import REST_JSON, REST_LIST, FormatParameterError, Offer, negotiate
from api.rest.tables import csv_table, item_model
from ingest.formats import FORMATS

__all__ = [
    "JSONLD",
    "NotAcceptableError",
    "NotFoundError",
    "RestError",
    "UnknownFormatError",
    "negotiated_format",
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
    """The client accepts none of the resource's formats."""

    def __init__(self, accept: str, offered: Offer = REST_JSON) -> None:
        types = " or ".join(offered.media_type(name) for name in offered.names)
        super().__init__(
            406, "Not Acceptable", f"This resource is offered as {types}, not {accept}."
        )


class UnknownFormatError(RestError):
    """`?format=` names no format the resource is offered in."""

    def __init__(self, error: FormatParameterError) -> None:
        super().__init__(400, "Unknown format", str(error))
        self.parameter = error.parameter
        self.allowed = error.allowed


def negotiated_format(request: Request, offered: Offer) -> str:
    """The format of `offered` the request names by `?format=` (or `output`), else by Accept."""
    accept = request.headers.get("accept")
    try:
        name = negotiate(offered, accept, request.query_params.multi_items())
    except FormatParameterError as error:
        raise UnknownFormatError(error) from error
    if name is None:
        raise NotAcceptableError((accept or "")[:100], offered)
    return name


def respond(request: Request, body: BaseModel | dict[str, Any]) -> Response:
    """`body` as JSON-LD (with the @context) or plain JSON; a list (a route declared with
    `Page[Item]`) also as a CSV table of its items (api.rest.tables)."""
    model = item_model(request)
    offered = REST_LIST if model is not None else REST_JSON
    name = negotiated_format(request, offered)
    data = (
        body.model_dump(mode="json", by_alias=True, exclude_none=True)
        if isinstance(body, BaseModel)
        else body
    )
    if name == "csv" and model is not None:
        table = csv_table(data.get("items", []), model)
        return Response(table, media_type=FORMATS["csv"].content_type, headers={"Vary": "Accept"})
    media_type = offered.media_type(name)
    if media_type == JSONLD:
        context = str(request.url.replace(path=CONTEXT_PATH, query=""))
        data = {"@context": context, **data}
    return JSONResponse(data, media_type=media_type, headers={"Vary": "Accept"})
