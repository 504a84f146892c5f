"""Keys in API paths and the IRIs they name: validated against the key pattern, minted only by
`ingest.iris.Minter`, so that an API path and an IRI always agree."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Path, Query
from rdflib.term import Node

from ingest.iris import KEY, Minter

__all__ = [
    "KEY_PATTERN",
    "ItemKey",
    "ReviewKey",
    "ReviewQuery",
    "key_of",
    "minter",
]

# The keys of the data files (data/README.md), anchored for FastAPI's `pattern=`.
KEY_PATTERN = f"^{KEY}$"
_KEY = re.compile(KEY_PATTERN)

ReviewKey = Annotated[
    str,
    Path(
        pattern=KEY_PATTERN,
        max_length=200,
        description="The review's key (`review_id` of review.csv), e.g. `liebmann-2022`.",
    ),
]
ItemKey = Annotated[
    str,
    Path(
        pattern=KEY_PATTERN,
        max_length=200,
        description="The row's key in its data file (e.g. `study_id` of studies.csv).",
    ),
]
ReviewQuery = Annotated[
    str | None,
    Query(pattern=KEY_PATTERN, max_length=200, description="Only this review (its key)."),
]


def minter(review: str, base: str) -> Minter:
    """The IRI minter of one review; `review` must already match the key pattern."""
    if not _KEY.match(review):
        raise ValueError(f"not a key: {review!r}")
    return Minter(review, base)


def key_of(iri: Node | str, base: str, kind: str) -> tuple[str, str] | None:
    """(review, key) of an instance IRI `<base>id/{kind}/{review}/{key}`, or None."""
    prefix = f"{base}id/{kind}/"
    text = str(iri)
    if not text.startswith(prefix):
        return None
    parts = text[len(prefix) :].split("/")
    if len(parts) != 2:
        return None
    return parts[0], parts[1]
