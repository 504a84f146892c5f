"""What every explorer page shares: rendering with the dataset's header, the RDF alternates and
schema.org JSON-LD, links to this server's pages, and one review's lookup tables (records with
their short citations, studies with their characteristics, interventions by study), read from the
same named queries as the REST API."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, Any, TypeVar

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from api.engine.engine import QueryEngine
from api.negotiation import RESOURCE
from api.pages import render_page
from api.rest.keys import key_of, minter
from api.rest.named import run_scoped, run_select
from api.rest.render import RestError
from api.rest.shape import scalar

__all__ = [
    "FormField",
    "InvalidFilterError",
    "ReviewIndex",
    "alternates",
    "choice",
    "figure_url",
    "jsonld",
    "local",
    "number",
    "page",
    "review_index",
    "short_citation",
]

logger = logging.getLogger(__name__)

E = TypeVar("E", bound=Enum)
FormField = Annotated[str | None, Query(max_length=200)]

SCHEMA = "https://schema.org/"
GENDERS = {"spkg:Female": "female", "spkg:Male": "male", "spkg:GenderNotSpecified": "not specified"}
KINDS = {"spkg:ParticipantQuote": "participant", "spkg:AuthorInterpretation": "authors"}


def local(iri: str | None, base: str) -> str | None:
    """The link to follow for an IRI: its page on this server when it is ours."""
    if iri is None:
        return None
    return "/" + iri[len(base) :] if iri.startswith(f"{base}id/") else iri


def alternates(path: str) -> list[dict[str, str]]:
    """The RDF forms of the resource at `path` (`<link rel="alternate">` and visible links)."""
    return [
        {"name": name, "href": f"{path}?format={name}", "type": RESOURCE.media_type(name)}
        for name in RESOURCE.names
        if name != "html"
    ]


def jsonld(node: dict[str, Any]) -> str:
    """schema.org JSON-LD for a `<script>` element (`</` escaped so it cannot end the script)."""
    body = {"@context": SCHEMA, **node}
    return json.dumps(body, ensure_ascii=False, indent=1).replace("</", "<\\/")


def figure_url(request: Request, review: str, name: str, fmt: str = "svg") -> str:
    """Where the figure `name` of `review` is drawn: in the review's path when the app serves
    figures that way, else with the review as a query parameter."""
    paths = {getattr(r, "path", "") for r in request.app.routes}
    if "/figures/{review}/{name}.{fmt}" in paths:
        return f"/figures/{review}/{name}.{fmt}"
    return f"/figures/{name}.{fmt}?review={review}"


def page(template: str, *, title: str, **context: Any) -> HTMLResponse:
    """An explorer page: `template` (in api/templates) with the shared header context."""
    body = render_page(template, title=title, **context)
    return HTMLResponse(body, headers={"Vary": "Accept"})


def short_citation(first_author: Any, year: Any, citation: Any) -> str:
    """`Greenfield 2017 [52]`: the record as a reader finds it in the review."""
    head = " ".join(str(x) for x in (first_author, year) if x is not None)
    number = f"[{citation}]" if citation is not None else ""
    return " ".join(x for x in (head, number) if x) or "record"


@dataclass
class ReviewIndex:
    """One review's records, studies and interventions, keyed by IRI, for labelling links."""

    review: str
    title: str | None = None
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    studies: dict[str, dict[str, Any]] = field(default_factory=dict)
    interventions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def record(self, iri: str | None) -> dict[str, Any]:
        return self.records.get(str(iri), {"short": "record", "id": iri})

    def study(self, iri: str | None) -> dict[str, Any]:
        return self.studies.get(str(iri), {"label": None, "id": iri})

    def types_of(self, study: str | None) -> list[str]:
        """The intervention types a study evaluated (labels), sorted."""
        return sorted({i["typeLabel"] for i in self.interventions.get(str(study), [])})


async def review_index(engine: QueryEngine, base: str, review: str) -> ReviewIndex:
    """The lookup tables of `review` from review-records.rq, studies.rq and interventions.rq."""
    index = ReviewIndex(review)
    for r in await run_scoped(engine, base, "review-records", review):
        iri = str(r["record"])
        citation = scalar(r.get("citation"))
        entry = index.records.setdefault(
            iri,
            {
                "id": iri,
                "href": local(iri, base),
                "citation": citation,
                "title": scalar(r.get("title")),
                "short": short_citation(
                    scalar(r.get("firstAuthor")), scalar(r.get("year")), citation
                ),
                "studies": [],
            },
        )
        if r.get("study") is not None:
            entry["studies"].append(str(r["study"]))
    for r in await run_scoped(engine, base, "studies", review):
        iri = str(r["study"])
        _, key = key_of(iri, base, "study") or ("", iri)
        index.studies[iri] = {
            "id": iri,
            "key": key,
            "href": local(iri, base),
            "label": scalar(r.get("label")) or key,
            "country": scalar(r.get("countryCode")),
            "sampleSize": scalar(r.get("sampleSize")),
            "olderAdultsOnly": scalar(r.get("olderAdultsOnly")),
            "refs": sorted(int(x) for x in str(r.get("refs") or "").split() if x.isdigit()),
            "years": sorted(
                {y for y in (scalar(r.get("firstYear")), scalar(r.get("lastYear"))) if y}
            ),
        }
    review_iri = minter(review, base).review_iri()
    for r in await run_select(engine, base, "interventions", review=review_iri):
        if r.get("study") is None:
            continue
        index.interventions.setdefault(str(r["study"]), []).append(
            {
                "id": str(r["intervention"]),
                "href": local(str(r["intervention"]), base),
                "label": scalar(r.get("label")),
                "type": scalar(r.get("type")),
                "typeLabel": scalar(r.get("typeLabel")) or "type not stated",
            }
        )
    return index


class InvalidFilterError(RestError):
    """A filter of a page's form holds a value it does not offer."""

    def __init__(self, name: str) -> None:
        super().__init__(422, "Invalid request", f"`{name}` has a value the form does not offer.")
        self.name = name


def choice(kind: type[E], name: str, value: str | None) -> E | None:
    """A form field's value as `kind`; an empty field (a form's "any") is no filter."""
    if not value:
        return None
    try:
        return kind(value)
    except ValueError as exc:
        raise InvalidFilterError(name) from exc


def number(name: str, value: str | None, low: int, high: int) -> int | None:
    """A form field's whole number in [low, high]; empty is no filter."""
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise InvalidFilterError(name)
    return int(value)
