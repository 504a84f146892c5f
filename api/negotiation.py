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

from ingest.formats import FORMATS, Format, UnknownFormatError, format_named

__all__ = [
    "DESCRIPTION",
    "DUMPS_INDEX",
    "ONTOLOGY",
    "RESOURCE",
    "REST_JSON",
    "SPARQL_GRAPH",
    "SPARQL_SOLUTIONS",
    "Offer",
    "offer",
]

logger = logging.getLogger(__name__)

_LONG_ACCEPT = 512  # longer Accept values are answered but not cached


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
# /dumps/: the page, or the same list as JSON.
DUMPS_INDEX = Offer((("application/json", "json"), (FORMATS["html"].media_type, "html")), "html")
