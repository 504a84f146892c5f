"""Lexical checks on query text that must hold before any engine sees it.

pyoxigraph evaluates `SERVICE` by opening an HTTP connection itself (verified: a `SERVICE
<http://127.0.0.1:port/>` query connects), and a public endpoint must never make outbound calls.
pyoxigraph exposes no algebra, so SERVICE is found by scanning the query's tokens with strings,
IRIs and comments removed: a bare word `SERVICE` can only be the keyword there. The scan errs on
the side of refusing. The same scan measures nesting depth (a deep query can exhaust the parser's
stack) and finds `FROM` clauses (a query's own dataset turns the union default graph off).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from api.engine.errors import QueryRefusedError

__all__ = ["QueryShape", "check_query", "scan_query"]

logger = logging.getLogger(__name__)

# Strings (long forms first), IRIREFs as the grammar defines them, and comments.
_SKIPPED = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.DOTALL,
)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _keyword(word: str) -> re.Pattern[str]:
    # Not part of a prefixed name, variable or longer word; a word after '.' or '-' still counts.
    return re.compile(rf"(?<![\w:?$]){word}(?![\w:\-])", re.IGNORECASE)


# Scans of short texts are kept: a service sees the same queries again and again.
_CACHED_LENGTH = 4096
_SERVICE = _keyword("SERVICE")
_FROM = _keyword("FROM")


@dataclass(frozen=True)
class QueryShape:
    """What the scan found: whether the query names SERVICE or FROM, and its deepest nesting."""

    has_service: bool
    has_from: bool
    depth: int


def _unescape(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else "\ufffd"

    return _UNICODE_ESCAPE.sub(repl, text)


def _scan_one(text: str) -> QueryShape:
    bare = _SKIPPED.sub(" ", text)
    depth = deepest = 0
    for char in bare:
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth = max(depth - 1, 0)
    return QueryShape(bool(_SERVICE.search(bare)), bool(_FROM.search(bare)), deepest)


def scan_query(text: str) -> QueryShape:
    """Scan the text as written and with `\\u` escapes decoded, taking the more cautious answer."""
    raw = _scan_one(text)
    if "\\u" not in text and "\\U" not in text:
        return raw
    decoded = _scan_one(_unescape(text))
    return QueryShape(
        raw.has_service or decoded.has_service,
        raw.has_from or decoded.has_from,
        max(raw.depth, decoded.depth),
    )


@lru_cache(maxsize=512)
def _scan_cached(text: str) -> QueryShape:
    return scan_query(text)


def check_query(text: str, *, max_length: int, max_depth: int) -> QueryShape:
    """Raise QueryRefusedError for a query this endpoint will not run; else return its shape."""
    if len(text) > max_length:
        raise QueryRefusedError(
            f"The query is {len(text)} characters long; the limit is {max_length}.",
            reason="too-long",
        )
    shape = _scan_cached(text) if len(text) <= _CACHED_LENGTH else scan_query(text)
    if shape.has_service:
        logger.info("refused a query using SERVICE")
        raise QueryRefusedError(
            "SERVICE (federated query) is not allowed: this endpoint makes no outbound requests.",
            reason="service",
        )
    if shape.depth > max_depth:
        raise QueryRefusedError(
            f"The query nests {shape.depth} levels deep; the limit is {max_depth}.",
            reason="too-deep",
        )
    return shape
