"""Why a query was not answered: one small hierarchy the HTTP layer maps to problem+json."""

from __future__ import annotations

from api.exceptions import ServiceError

__all__ = [
    "EngineError",
    "EngineUnavailableError",
    "InvalidBindingError",
    "NoAcceptableFormatError",
    "QueryEvaluationError",
    "QueryRefusedError",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "RemoteEndpointError",
    "ResultCapError",
]


class EngineError(ServiceError):
    """Base of every error the query engine reports; `status` is the HTTP status it maps to."""

    status: int = 500
    title: str = "Query failed"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class QuerySyntaxError(EngineError):
    """The SPARQL parser rejected the query; `detail` is its message (with line and column)."""

    status = 400
    title = "SPARQL syntax error"


class QueryRefusedError(EngineError):
    """The query is valid SPARQL but this public endpoint will not run it (SERVICE, too deep…)."""

    status = 400
    title = "Query refused"

    def __init__(self, detail: str, reason: str) -> None:
        super().__init__(detail)
        self.reason = reason


class QueryTimeoutError(EngineError):
    """The query ran past its time limit; its worker was killed."""

    status = 503
    title = "Query timed out"

    def __init__(self, detail: str, seconds: float) -> None:
        super().__init__(detail)
        self.seconds = seconds


class ResultCapError(EngineError):
    """The result has more rows (or bytes) than the endpoint serves in one response."""

    status = 422
    title = "Result too large"

    def __init__(self, detail: str, limit: int) -> None:
        super().__init__(detail)
        self.limit = limit


class NoAcceptableFormatError(EngineError):
    """None of the media types in Accept can carry this kind of result."""

    status = 406
    title = "Not acceptable"


class EngineUnavailableError(EngineError):
    """The engine is shut down or its store cannot be opened."""

    status = 503
    title = "Query engine unavailable"


class RemoteEndpointError(EngineError):
    """The remote SPARQL endpoint failed or answered something unusable."""

    status = 502
    title = "Remote SPARQL endpoint error"

    def __init__(self, detail: str, upstream_status: int | None = None) -> None:
        super().__init__(detail)
        self.upstream_status = upstream_status


class InvalidBindingError(EngineError):
    """A value bound to a query variable is not an acceptable RDF term."""

    status = 400
    title = "Invalid parameter"

    def __init__(self, detail: str, variable: str) -> None:
        super().__init__(detail)
        self.variable = variable


class QueryEvaluationError(EngineError):
    """The query parsed but its evaluation failed (for example an unsupported feature)."""

    status = 400
    title = "Query evaluation error"
