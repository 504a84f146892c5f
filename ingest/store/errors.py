"""Why the store did not do what was asked: one hierarchy under `SpkgError`.

Each error carries the fields a caller acts on (the query, the graphs, the location, the HTTP
status), so the CLI prints them and the API maps them to its own statuses without parsing text.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.errors import SpkgError

__all__ = [
    "BindingError",
    "ResultTooLargeError",
    "StoreError",
    "StoreQueryError",
    "StoreReadOnlyError",
    "StoreResultsError",
    "StoreStatusError",
    "StoreTimeoutError",
    "StoreUnavailableError",
    "StoreWriteError",
]


class StoreError(SpkgError):
    """The store could not be opened, read or written."""


class StoreQueryError(StoreError):
    """A query or update the store rejected (syntax, wrong query form)."""

    def __init__(self, query: str, message: str) -> None:
        super().__init__(message)
        self.query = query
        self.message = message


class BindingError(StoreError):
    """A bound value or variable name that cannot be bound safely."""

    def __init__(self, name: str, value: object, reason: str) -> None:
        super().__init__(f"cannot bind ?{name} to {value!r}: {reason}")
        self.name = name
        self.value = value
        self.reason = reason


class StoreResultsError(StoreError):
    """An answer the store sent that cannot be read (not SPARQL JSON, an unknown term type)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ResultTooLargeError(StoreError):
    """An answer past a cap: longer than the byte cap the reader set (the rest was not read),
    or cut by the server at its own row cap (`unit` "rows"), which is never taken as whole."""

    def __init__(self, limit: int, unit: str = "bytes") -> None:
        super().__init__(f"the answer is larger than {limit} {unit}")
        self.limit = limit
        self.unit = unit


class StoreWriteError(StoreError):
    """A write that failed; the store still holds its previous state."""

    def __init__(self, graphs: Iterable[str], message: str) -> None:
        super().__init__(message)
        self.graphs = list(graphs)
        self.message = message


class StoreReadOnlyError(StoreWriteError):
    """A write attempted on a store opened read-only."""

    def __init__(self, graphs: Iterable[str], location: str) -> None:
        super().__init__(graphs, f"store {location} is open read-only")
        self.location = location


class StoreUnavailableError(StoreError):
    """The store could not be reached or opened (path locked, endpoint down, timeout)."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


class StoreTimeoutError(StoreUnavailableError):
    """The endpoint did not answer within the time limit."""

    def __init__(self, location: str, seconds: float) -> None:
        super().__init__(location, f"no answer within {seconds:g} s")
        self.seconds = seconds


class StoreStatusError(StoreUnavailableError):
    """The endpoint answered with an HTTP error status other than a rejected query."""

    def __init__(self, location: str, status: int, body: str = "") -> None:
        detail = f": {body}" if body else ""
        super().__init__(location, f"answered HTTP {status}{detail}")
        self.status = status
