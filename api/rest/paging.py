"""Paging of list resources: `page` and `per_page` in, `next`/`prev`/`first` links out.

A list of one review is read whole and sliced. A list across reviews is read review by review
in key order, only as far as the page asked for (`page_across`): a page costs the reviews it
reaches, never the whole store, so the first pages stay quick however many reviews it holds.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from api.negotiation import REST_LIST
from api.rest.render import negotiated_format

__all__ = ["MAX_PER_PAGE", "PageDep", "PageParams", "page_across", "page_of", "page_of_reviews"]

MAX_PER_PAGE = 500
# Reviews read at once when a page spans reviews: the first round reads this many, and each
# further round twice as many as the last, up to _MOST_AT_ONCE.
_FIRST_AT_ONCE = 2
_MOST_AT_ONCE = 32


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


def page_of(
    request: Request, items: Sequence[Any], params: PageParams, complete: bool = True
) -> dict[str, Any]:
    """The page `params` of `items`, with the total and links to neighbouring pages.

    Lists are filtered in SPARQL and sliced here, so the query text never carries numbers taken
    from the request. `complete` False says `items` is only the list's beginning (at least up to
    one item past the page): the total is then unknown and left out, as Hydra allows."""
    start = (params.page - 1) * params.per_page
    shown = list(items[start : start + params.per_page])
    more = start + params.per_page < len(items)
    return _page(request, params, shown, len(items) if complete else None, more)


def _page(
    request: Request, params: PageParams, shown: list[Any], total: int | None, more: bool
) -> dict[str, Any]:
    """A page's body: `shown` items of a list of `total` (None: not known), `more` after them."""
    body: dict[str, Any] = {
        "id": str(request.url),
        "type": "hydra:Collection",
        "page": params.page,
        "perPage": params.per_page,
        "first": _link(request, 1, params.per_page),
        "items": shown,
    }
    if total is not None:
        body["total"] = total
    if more:
        body["next"] = _link(request, params.page + 1, params.per_page)
    if params.page > 1:
        last = max(1, -(-total // params.per_page)) if total is not None else params.page
        body["prev"] = _link(request, min(params.page - 1, last), params.per_page)
    return body


async def page_of_reviews(
    request: Request,
    params: PageParams,
    keys: Sequence[str],
    item_of: Callable[[str], Awaitable[Any]],
) -> dict[str, Any]:
    """The page `params` of a list with one item per review key (`keys`, in order): only the
    page's reviews are read, concurrently."""
    start = (params.page - 1) * params.per_page
    shown = keys[start : start + params.per_page]
    items = list(await asyncio.gather(*(item_of(key) for key in shown)))
    return _page(request, params, items, len(keys), start + params.per_page < len(keys))


async def page_across(
    request: Request,
    params: PageParams,
    review: str | None,
    review_keys: Callable[[], Awaitable[Sequence[str]]],
    items_of: Callable[[str], Awaitable[Sequence[Any]]],
) -> dict[str, Any]:
    """The page `params` of the items of `review`, or of every review in key order when None.

    `items_of(key)` gives one review's items in their order. Across reviews, the reviews are
    read a few at a time, concurrently, until the page and one item after it are known; the
    total is given only when that reached the last review."""
    if review is not None:
        return page_of(request, await items_of(review), params)
    keys = list(await review_keys())
    wanted = params.page * params.per_page + 1
    items: list[Any] = []
    read, at_once = 0, _FIRST_AT_ONCE
    while read < len(keys) and len(items) < wanted:
        batch = keys[read : read + at_once]
        for found in await asyncio.gather(*(items_of(key) for key in batch)):
            items.extend(found)
        read += len(batch)
        at_once = min(2 * at_once, _MOST_AT_ONCE)
    return page_of(request, items, params, complete=read == len(keys))
