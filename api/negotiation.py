"""Content negotiation: what each route offers, and choosing from an Accept header.

Formats themselves (names, media types, serialisers) are `ingest.formats.FORMATS`. Here an
`Offer` lists the (media type, format name) pairs one route can answer with and the format it
sends when the client states no preference; every route that reads `Accept` or `?format=` asks
its offer, so all of them parse Accept the same way (q-values honoured, a malformed header read
as no preference).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import mimeparse

from api.exceptions import ServiceError
from ingest.formats import FORMATS, Format, UnknownFormatError, format_named

__all__ = [
    "DESCRIPTION",
    "DUMPS_INDEX",
    "FORMAT_PARAMETERS",
    "ONTOLOGY",
    "REFERENCES",
    "RESOURCE",
    "REST_JSON",
    "REST_LIST",
    "SPARQL_GRAPH",
    "SPARQL_SOLUTIONS",
    "FormatParameterError",
    "Offer",
    "format_parameter",
    "negotiate",
    "offer",
]

logger = logging.getLogger(__name__)

_LONG_ACCEPT = 512  # longer Accept values are answered but not cached
# URL parameters that name the format and win over Accept, as on the public SPARQL endpoints
# (Fuseki's `output` and `format`, Virtuoso's `format`, Wikidata's `format`), so a plain URL
# typed into a browser, pandas or R gets the table it names.
FORMAT_PARAMETERS = ("format", "output")


class FormatParameterError(ServiceError, ValueError):
    """A `format`/`output` URL parameter names no format the route offers (or two disagree);
    the routes answer it with 400."""

    def __init__(
        self, parameter: str, value: str, allowed: Iterable[str], detail: str | None = None
    ) -> None:
        self.parameter = parameter
        self.value = value
        self.allowed = tuple(dict.fromkeys(allowed))
        super().__init__(
            detail
            or f"`{parameter}={value[:60]}` names no format offered here; allowed values of "
            f"`{parameter}`: {', '.join(self.allowed)}, or one of their media types."
        )


@dataclass(frozen=True)
class Offer:
    """The representations one route answers with.

    `pairs` are (media type, format name) in the order tried; a format's first pair is the media
    type it is sent as. `default` answers a tie (`*/*`) and, unless `absent` is set, a request
    without Accept or with one that does not parse.
    """

    pairs: tuple[tuple[str, str], ...]
    default: str
    absent: str | None = None

    def __post_init__(self) -> None:
        media = [m for m, _ in self.pairs]
        if len(media) != len(set(media)):
            raise ValueError(f"a media type is offered twice: {media}")
        if self.default not in self.names:
            raise ValueError(f"default {self.default!r} is not offered")

    @property
    def names(self) -> tuple[str, ...]:
        """The format names offered, each once, in order."""
        return tuple(dict.fromkeys(name for _, name in self.pairs))

    def media_type(self, name: str) -> str:
        """The media type format `name` is sent as on this route."""
        return next(m for m, n in self.pairs if n == name)

    def choose(self, accept: str | None) -> str | None:
        """The format the client prefers, or None when Accept names nothing offered here."""
        if not accept or not accept.strip():
            return self.absent or self.default
        if len(accept) > _LONG_ACCEPT:
            return _best(self, accept)
        return _best_cached(self, accept)

    def named(self, value: str) -> str | None:
        """The offered format a `?format=` value names (its name or an alias), else None."""
        try:
            return format_named(value, self.names).name
        except UnknownFormatError:
            return None

    def of_media_type(self, content_type: str) -> str | None:
        """The offered format a Content-Type value (parameters ignored) names, else None."""
        media_type = content_type.split(";", 1)[0].strip().lower()
        return next((n for m, n in self.pairs if m == media_type), None)

    def requested(self, value: str) -> str | None:
        """The offered format a `format`/`output` value names: a format's name or alias, or a
        media type (whose `+`, sent unescaped in a URL, arrives as a space), else None."""
        text = value.strip()
        if "/" in text:
            return self.of_media_type(text.replace(" ", "+"))
        return self.named(text)


def _best(offered: Offer, accept: str) -> str | None:
    default_type = offered.media_type(offered.default)
    # mimeparse prefers the later of equally good candidates: put the default last.
    candidates = [m for m, _ in offered.pairs if m != default_type] + [default_type]
    try:
        best = mimeparse.best_match(candidates, accept)
    except (ValueError, mimeparse.MimeTypeParseException):
        logger.debug("unparseable Accept header %r", accept[:100])
        return offered.absent or offered.default
    return dict(offered.pairs).get(best) if best else None


# Clients send the same few Accept values again and again.
_best_cached = lru_cache(maxsize=256)(_best)


def format_parameter(params: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """(parameter, value) of the request's format parameter, None when it names none; two that
    name different values are an error, since neither can win."""
    given = [(key, value.strip()) for key, value in params if key in FORMAT_PARAMETERS]
    given = [(key, value) for key, value in given if value]
    if not given:
        return None
    if len({value.lower() for _, value in given}) > 1:
        named = ", ".join(f"{key}={value[:60]}" for key, value in given)
        parameter, value = given[0]
        raise FormatParameterError(
            parameter, value, (), f"The URL names more than one format ({named}); give one."
        )
    return given[0]


def negotiate(offered: Offer, accept: str | None, params: Iterable[tuple[str, str]]) -> str | None:
    """The format a request asks of `offered`: the one its format parameter names
    (FormatParameterError when that is not offered), else the one Accept prefers (None when
    Accept names nothing offered)."""
    requested = format_parameter(params)
    if requested is None:
        return offered.choose(accept)
    parameter, value = requested
    name = offered.requested(value)
    if name is None:
        raise FormatParameterError(parameter, value, offered.names)
    return name


def offer(
    names: Iterable[str],
    default: str,
    *,
    absent: str | None = None,
    alternative_types: bool = True,
) -> Offer:
    """The offer of formats `names` from the table: each format's own media type first, then
    (unless `alternative_types` is False) the other types clients ask for it by."""
    formats: list[Format] = [FORMATS[n] for n in names]
    pairs = [(f.media_type, f.name) for f in formats]
    if alternative_types:
        pairs += [(m, f.name) for f in formats for m in f.media_types[1:]]
    return Offer(tuple(pairs), default, absent)


# /sparql: SELECT and ASK results; CONSTRUCT and DESCRIBE results and the service description.
SPARQL_SOLUTIONS = offer(("json", "xml", "csv", "tsv"), "json")
SPARQL_GRAPH = offer(("turtle", "ntriples", "jsonld", "rdfxml"), "turtle")
# /id/...: a resource's page for browsers, its description as RDF for programs.
RESOURCE = offer(("html", "turtle", "jsonld", "ntriples"), "turtle", alternative_types=False)
# /ontology: a client that sends no Accept gets Turtle; one that accepts anything gets the page.
ONTOLOGY = offer(
    ("ntriples", "jsonld", "rdfxml", "turtle", "html"),
    "html",
    absent="turtle",
    alternative_types=False,
)
# /.well-known/void: the dataset's description.
DESCRIPTION = offer(("turtle", "jsonld", "ntriples", "rdfxml"), "turtle", alternative_types=False)
# /api/...: JSON-LD, or the same body as plain JSON (without its @context).
REST_JSON = Offer(
    (("application/json", "json"), (FORMATS["jsonld"].media_type, "jsonld")), "jsonld"
)
# /api/... lists: also a table, one row per item (api.rest.tables).
REST_LIST = Offer((*REST_JSON.pairs, (FORMATS["csv"].media_type, "csv")), "jsonld")
# /api/reviews/{review}/references: the review's records for reference managers.
REFERENCES = offer(("csljson", "ris", "bibtex"), "csljson")
# /dumps/: the page, or the same list as JSON.
DUMPS_INDEX = Offer((("application/json", "json"), (FORMATS["html"].media_type, "html")), "html")
