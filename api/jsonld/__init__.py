"""The published JSON-LD @context of the REST API (served at /api/context.jsonld).

The REST routes build their JSON from the same context: a predicate's key is the context term
that names it, so plain JSON and JSON-LD are one body, the latter with `@context` added.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.namespaces import DEFAULT_BASE

__all__ = ["CONTEXT_PATH", "ApiContext", "api_context"]

logger = logging.getLogger(__name__)

CONTEXT_FILE = Path(__file__).with_name("context.jsonld")
CONTEXT_PATH = "/api/context.jsonld"


@dataclass(frozen=True)
class ApiContext:
    """The context document, its prefixes and the key of each predicate IRI it names."""

    document: dict[str, Any]
    prefixes: dict[str, str]
    keys: dict[str, str]

    def key_for(self, iri: str) -> str:
        """The context term for a predicate, else a compact IRI (`prefix:local`), else the IRI."""
        if iri in self.keys:
            return self.keys[iri]
        return self.compact(iri)

    def compact(self, iri: str) -> str:
        """`spkg:Study` for `<base>ontology#Study`; the IRI itself when no prefix fits."""
        best = ""
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and len(ns) > len(self.prefixes.get(best, "")):
                best = prefix
        if best:
            local = iri[len(self.prefixes[best]) :]
            if local and all(c.isalnum() or c in "_-." for c in local):
                return f"{best}:{local}"
        return iri

    def expand(self, curie: str) -> str:
        """The IRI of a compact IRI (inverse of `compact`)."""
        prefix, _, local = curie.partition(":")
        return self.prefixes[prefix] + local if prefix in self.prefixes else curie


@lru_cache(maxsize=4)
def api_context(base: str = DEFAULT_BASE) -> ApiContext:
    """The context under `base` (the file is written with the default base)."""
    text = CONTEXT_FILE.read_text(encoding="utf-8")
    if base != DEFAULT_BASE:
        text = text.replace(DEFAULT_BASE, base)
    document = json.loads(text)
    terms: dict[str, Any] = document["@context"]
    prefixes = {
        k: v
        for k, v in terms.items()
        if isinstance(v, str) and not k.startswith("@") and v.endswith(("/", "#"))
    }
    keys: dict[str, str] = {}
    for key, value in terms.items():
        iri = value.get("@id") if isinstance(value, dict) else value
        if not isinstance(iri, str) or key in prefixes or iri.startswith("@"):
            continue
        if isinstance(value, dict) and "@reverse" in value:
            continue
        prefix, _, local = iri.partition(":")
        full = prefixes[prefix] + local if prefix in prefixes else iri
        # The first term naming an IRI wins: data terms precede the API's own relations.
        keys.setdefault(full, key)
    logger.debug("JSON-LD context: %d terms", len(keys))
    return ApiContext(document, prefixes, keys)
