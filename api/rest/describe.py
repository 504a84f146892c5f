"""One resource's statements as a JSON-LD node: what every /api resource starts from.

Query: node.rq (the node's statements, optionally within one review's graphs).
"""

from __future__ import annotations

import logging
from typing import Any

from api.deps import EngineDep
from api.jsonld import api_context
from api.rest.named import review_scope, run_select
from api.rest.shape import describe_node

__all__ = ["describe"]

logger = logging.getLogger(__name__)


async def describe(
    engine: EngineDep, base: str, iri: Any, review: str | None = None, **kw: Any
) -> dict[str, Any] | None:
    """A resource's statements (node.rq), None when the store holds none about it.

    With `review`, only that review's statements: a record shared by several reviews is one
    node, and a review's page shows its own citation number, values and sources of it."""
    scope = review_scope(review, base) if review is not None else {}
    scope.pop("review", None)
    rows = await run_select(engine, base, "node", node=iri, **scope)
    if not rows:
        return None
    return describe_node(iri, rows, api_context(base), **kw)
