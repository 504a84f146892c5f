"""Paging of list resources: `page` and `per_page` in, `next`/`prev`/`first` links out."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from api.negotiation import REST_LIST
from api.rest.render import negotiated_format

__all__ = ["MAX_PER_PAGE", "PageDep", "PageParams", "page_of"]

MAX_PER_PAGE = 500


@dataclass(frozen=True)
class PageParams:
    """Which slice of a list the client asked for (1-based)."""

    page: int
    per_page: int


def _page_params(
    request: Request,
    page: Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1.")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page.")] = 50,
    format: Annotated[
        str | None,
        Query(max_length=100, description="jsonld (default), json or csv; wins over Accept."),
    ] = None,
) -> PageParams:
    del format  # read, with Accept, by negotiated_format
    # A table is read whole (pandas and spreadsheets follow no `next` link): a CSV request that
    # names no page gets the whole list.
    named = "page" in request.query_params or "per_page" in request.query_params
    if not named and negotiated_format(request, REST_LIST) == "csv":
        return PageParams(1, sys.maxsize)
    return PageParams(page, per_page)


PageDep = Annotated[PageParams, Depends(_page_params)]


def _link(request: Request, page: int, per_page: int) -> str:
    return str(request.url.include_query_params(page=page, per_page=per_page))


def page_of(request: Request, items: Sequence[Any], params: PageParams) -> dict[str, Any]:
    """The page `params` of `items`, with the total and links to neighbouring pages.

    Lists are filtered in SPARQL and sliced here, so the query text never carries numbers taken
    from the request."""
    start = (params.page - 1) * params.per_page
    total = len(items)
    body: dict[str, Any] = {
        "id": str(request.url),
        "type": "hydra:Collection",
        "total": total,
        "page": params.page,
        "perPage": params.per_page,
        "first": _link(request, 1, params.per_page),
        "items": list(items[start : start + params.per_page]),
    }
    if start + params.per_page < total:
        body["next"] = _link(request, params.page + 1, params.per_page)
    if params.page > 1:
        last = max(1, -(-total // params.per_page))
        body["prev"] = _link(request, min(params.page - 1, last), params.per_page)
    return body
