"""Named queries: each REST operation runs a `.rq` file from api/queries that anyone can read,
copy and run on /sparql with the same bindings."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib.term import Node

from ingest.namespaces import DEFAULT_BASE

if TYPE_CHECKING:
    from api.engine import QueryEngine

Rows = list[dict[str, Node]]

__all__ = [
    "QUERY_DIR",
    "NamedQuery",
    "Rows",
    "UnknownQueryError",
    "named_query",
    "query_names",
    "run_select",
]

logger = logging.getLogger(__name__)

QUERY_DIR = Path(__file__).resolve().parents[1] / "queries"
_NAME = re.compile(r"[a-z][a-z0-9-]*")


class UnknownQueryError(LookupError):
    """No named query of that name ships with spkg."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no named query {name!r}")
        self.name = name


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name, its text under the configured base, and its header comment."""

    name: str
    text: str
    header: str

    @property
    def path(self) -> str:
        """Where the service publishes the file."""
        return f"/api/queries/{self.name}.rq"


def query_names() -> list[str]:
    """Names of the shipped queries, sorted."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.rq"))


@lru_cache(maxsize=128)
def named_query(name: str, base: str = DEFAULT_BASE) -> NamedQuery:
    """The query `name`, with the default base rewritten to `base` (files use the default)."""
    # Only the shipped files: a name is never used to build a path before it is known.
    if not _NAME.fullmatch(name) or name not in query_names():
        raise UnknownQueryError(name)
    text = (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
    if base != DEFAULT_BASE:
        text = text.replace(DEFAULT_BASE, base)
    header = "\n".join(line[1:].strip() for line in text.splitlines() if line.startswith("#"))
    logger.debug("loaded named query %s", name)
    return NamedQuery(name, text, header)


async def run_select(engine: QueryEngine, base: str, name: str, **bindings: Node | None) -> Rows:
    """Rows of the named query `name` with the given variables bound (None leaves one unbound)."""
    query = named_query(name, base)
    bound = {k: v for k, v in bindings.items() if v is not None}
    return await engine.select(query.text, bound)
