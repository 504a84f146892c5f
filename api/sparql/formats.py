"""Which formats a /sparql request asks for: its `format` or `output` URL parameter when it has
one (the way Fuseki, Virtuoso and Wikidata's endpoint are used from plain URLs), else Accept.

One parameter value serves both kinds of result, since the query's form is known only once it
runs: `json` is SPARQL results JSON for SELECT/ASK and JSON-LD for a graph, `xml` results XML or
RDF/XML; `csv` and `tsv` name only results, `turtle`, `ntriples`, `jsonld`, `rdfxml` only graphs.
A value that names neither, or that cannot carry the query's result, is a 400 naming the
parameter and the values allowed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from api.errors import ProblemError
from api.negotiation import (
    SPARQL_GRAPH,
    SPARQL_SOLUTIONS,
    FormatParameterError,
    format_parameter,
)

__all__ = ["UNKNOWN_FORMAT", "Wanted", "format_problem", "unfit_format", "wanted_formats"]

logger = logging.getLogger(__name__)

UNKNOWN_FORMAT = "Unknown format"


@dataclass(frozen=True)
class Wanted:
    """The format for SELECT/ASK results and for graphs (None: none acceptable), and the URL
    parameter that chose them, if one did."""

    solutions: str | None
    graph: str | None
    parameter: tuple[str, str] | None = None


def format_problem(error: FormatParameterError) -> ProblemError:
    """The 400 answer to a format parameter that names nothing offered."""
    return ProblemError(400, UNKNOWN_FORMAT, str(error))


def wanted_formats(params: Iterable[tuple[str, str]], accept: str | None) -> Wanted:
    """The formats a request asks for; ProblemError (400) for an unknown format parameter."""
    try:
        requested = format_parameter(params)
    except FormatParameterError as error:
        raise format_problem(error) from error
    if requested is None:
        return Wanted(SPARQL_SOLUTIONS.choose(accept), SPARQL_GRAPH.choose(accept))
    parameter, value = requested
    wanted = Wanted(SPARQL_SOLUTIONS.requested(value), SPARQL_GRAPH.requested(value), requested)
    if wanted.solutions is None and wanted.graph is None:
        allowed = SPARQL_SOLUTIONS.names + SPARQL_GRAPH.names
        raise format_problem(FormatParameterError(parameter, value, allowed))
    return wanted


def unfit_format(wanted: Wanted, what: str) -> ProblemError:
    """The 400 answer when the parameter's format cannot carry the result (`format=csv` for a
    CONSTRUCT, `format=turtle` for a SELECT); `what` names the result."""
    assert wanted.parameter is not None
    parameter, value = wanted.parameter
    graphs = wanted.solutions is not None  # the format fits results only: the result was a graph
    allowed = SPARQL_GRAPH.names if graphs else SPARQL_SOLUTIONS.names
    detail = (
        f"`{parameter}={value[:60]}` cannot carry {what}; allowed values of `{parameter}` "
        f"for it: {', '.join(allowed)}, or one of their media types."
    )
    return ProblemError(400, UNKNOWN_FORMAT, detail)
