"""The SHACL engines a review is validated with, in one table, and the one call that runs them.

`turbo` (pyshacl-turbo, a Rust engine behind pySHACL's API) is the default: on spkg's shapes it
gives the same results as pyshacl (`tests/ingest/test_validator_equivalence.py`) in about a
tenth of the time. `pyshacl` is the reference, chosen with `--validator pyshacl` or
`SPKG_VALIDATOR=pyshacl`. Both read every `shapes/*.ttl` as they are; pyshacl-turbo refuses a
SHACL feature it does not implement (`sh:js`, an unknown `sh:` term) when it compiles the
shapes, and that refusal is raised here as `UnsupportedShapesError`, never skipped.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import pyshacl
import pyshacl_turbo
from rdflib import Graph
from rdflib.plugins.sparql import processor as _sparql_processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from ingest.errors import ToolUnavailableError

__all__ = [
    "VALIDATORS",
    "VALIDATOR_ENV",
    "UnsupportedShapesError",
    "cached_sparql_parsing",
    "shacl_report",
    "validator_name",
]

logger = logging.getLogger(__name__)

# The first is the default.
VALIDATORS = ("turbo", "pyshacl")
VALIDATOR_ENV = "SPKG_VALIDATOR"


class UnsupportedShapesError(ToolUnavailableError):
    """The shapes use a SHACL feature the chosen engine does not implement."""

    def __init__(self, validator: str, detail: str) -> None:
        self.validator = validator
        super().__init__(
            "validator",
            f"{validator} cannot run these shapes: {detail} "
            f"(validate with --validator pyshacl, or {VALIDATOR_ENV}=pyshacl)",
        )


def validator_name(name: str | None = None) -> str:
    """`name`, else `SPKG_VALIDATOR`, else the default; raise `ToolUnavailableError` if unknown."""
    chosen = name or os.environ.get(VALIDATOR_ENV) or VALIDATORS[0]
    if chosen not in VALIDATORS:
        raise ToolUnavailableError("validator", f"no validator {chosen!r} (one of {VALIDATORS})")
    return chosen


def shacl_report(data: Graph, shapes: Graph, validator: str | None = None) -> Graph:
    """The SHACL validation report graph of `data` against `shapes` (warnings allowed).

    With pyshacl, `data` is validated in place (it is built for this one call; no shape has
    `sh:rule`, so nothing is added to it).
    """
    name = validator_name(validator)
    if name == "turbo":
        return _turbo(data, shapes)
    with cached_sparql_parsing():
        _, report, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            abort_on_first=False,
            inplace=True,
        )
    return report


# Shapes graphs compiled by pyshacl-turbo, by the graph object (and its size, should it grow).
_compiled: dict[int, tuple[int, Any]] = {}
_compiled_lock = threading.Lock()


def _compile(shapes: Graph) -> Any:
    key = id(shapes)
    with _compiled_lock:
        found = _compiled.get(key)
        if found is not None and found[0] == len(shapes):
            return found[1]
    try:
        program = pyshacl_turbo.compile_shapes(shapes, advanced=True)
    except NotImplementedError as exc:
        raise UnsupportedShapesError("pyshacl-turbo", str(exc)) from exc
    except (RuntimeError, ValueError) as exc:  # ValidationFailure, ReportableRuntimeError
        raise UnsupportedShapesError("pyshacl-turbo", str(exc)) from exc
    with _compiled_lock:
        if key not in _compiled:
            weakref.finalize(shapes, _compiled.pop, key, None)
        _compiled[key] = (len(shapes), program)
    return program


def _turbo(data: Graph, shapes: Graph) -> Graph:
    program = _compile(shapes)
    try:
        _, report, _ = program.validate(data, allow_warnings=True, abort_on_first=False)
    except NotImplementedError as exc:
        raise UnsupportedShapesError("pyshacl-turbo", str(exc)) from exc
    except RuntimeError as exc:
        raise ToolUnavailableError("validator", f"pyshacl-turbo failed: {exc}") from exc
    return report


_patch_lock = threading.Lock()


@lru_cache(maxsize=1024)
def _prepared(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...]) -> Any:
    """A SPARQL text parsed and translated once per process (the same text, the same query)."""
    return translateQuery(parseQuery(text), base, dict(namespaces) or None)


@contextmanager
def cached_sparql_parsing() -> Iterator[None]:
    """Parse each SPARQL text once while pyshacl validates.

    pyshacl hands a SPARQL constraint's `sh:select` text to rdflib once per focus node, and
    rdflib parses it every time (about 5 ms each); the parsed, translated query is the same for
    the same text, base and namespaces, and rdflib evaluates a translated query with any initial
    bindings. So, for the duration of the block, `SPARQLProcessor.query` looks the translated
    query up in a process-wide LRU cache instead of parsing again. Results are unchanged.
    """
    original = _sparql_processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = tuple(sorted((initNs or {}).items()))
            strOrQuery = _prepared(strOrQuery, base, key)
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with _patch_lock:
        _sparql_processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
        try:
            yield
        finally:
            _sparql_processor.SPARQLProcessor.query = original  # type: ignore[method-assign]
