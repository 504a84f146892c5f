"""Dereferencing instance IRIs: `<base>id/...` is answered at `/id/...` on this server, as HTML
for browsers and as Turtle, JSON-LD or N-Triples by Accept or `?format=`.

The IRI is rebuilt from the request's raw path (percent-encoding kept, so it is exactly the
minted IRI), checked against the IRI character rules and bound to describe.rq as ?node.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import Graph, Literal, URIRef

from api import explorer
from api.deps import EngineDep, SettingsDep
from api.jsonld import api_context
from api.negotiation import RESOURCE
from api.rest.inconsistencies import review_inconsistencies
from api.rest.named import named_query, run_select
from api.rest.render import NotFoundError, RestError
from api.rest.reviews import review_checks
from api.rest.shape import graph_kind
from ingest.formats import FORMATS
from ingest.iris import KEY_PATTERN
from ingest.namespaces import PREFIXES, RDF

__all__ = ["build_router", "choose_format"]

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).with_name("templates")
_SAFE_PATH = re.compile(r"/id/[A-Za-z0-9._~%!$&'()*+,;=:@/-]{1,1000}")
_LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)


class UnsupportedFormatError(RestError):
    """`?format=` names a format this page is not offered in."""

    def __init__(self, fmt: str) -> None:
        offered = ", ".join(RESOURCE.names)
        super().__init__(422, "Invalid request", f"Unknown format; offered: {offered}.")
        self.format = fmt


def choose_format(accept: str | None, fmt: str | None) -> str:
    """`?format=` wins; else Accept (q-values honoured); Turtle when nothing is preferred."""
    if fmt:
        name = RESOURCE.named(fmt)
        if name is None:
            raise UnsupportedFormatError(fmt)
        return name
    return RESOURCE.choose(accept) or RESOURCE.default


@lru_cache(maxsize=1)
def _templates() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _graph(rows: list[dict[str, Any]], base: str) -> Graph:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    graph.bind("spkg", f"{base}ontology#")
    graph.bind("spkgid", f"{base}id/")
    for row in rows:
        graph.add((row["s"], row["p"], row["o"]))
    return graph


def _local(iri: str, base: str) -> str:
    """The link to follow for an IRI: its page on this server when it is ours."""
    return "/" + iri[len(base) :] if iri.startswith(f"{base}id/") else iri


def _term_view(term: Any, base: str, labels: dict[str, str]) -> dict[str, Any]:
    ctx = api_context(base)
    if isinstance(term, URIRef):
        text = str(term)
        return {
            "href": _local(text, base),
            "text": labels.get(text) or ctx.compact(text),
            "iri": text,
        }
    assert isinstance(term, Literal)
    extra = term.language or (ctx.compact(str(term.datatype)) if term.datatype else None)
    return {"text": str(term), "note": extra}


async def _inconsistencies(
    engine: EngineDep, base: str, iri: URIRef, types: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A review's page lists where the review contradicts itself (inconsistencies.rq)."""
    review = str(iri).removeprefix(f"{base}id/review/")
    if not KEY_PATTERN.fullmatch(review) or f"{base}ontology#Review" not in {
        t.get("iri") for t in types
    }:
        return []
    found = await review_inconsistencies(engine, base, review)
    return [
        {
            **i.model_dump(),
            "targets": [{"href": _local(t.id, base), "label": t.label} for t in i.targets],
        }
        for i in found
    ]


async def _checks(
    engine: EngineDep, base: str, iri: URIRef, types: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A review's page shows each statistic it reports with its check (review-checks.rq)."""
    review = str(iri).removeprefix(f"{base}id/review/")
    is_review = f"{base}ontology#Review" in {t.get("iri") for t in types}
    if not KEY_PATTERN.fullmatch(review) or not is_review:
        return []
    found = await review_checks(engine, base, review)
    return [{**c.model_dump(), "href": _local(c.reportedStatistic.id, base)} for c in found]


async def _page(
    request: Request, engine: EngineDep, base: str, iri: URIRef, graph: Graph
) -> HTMLResponse:
    ctx = api_context(base)
    out_rows = await run_select(engine, base, "node", node=iri)
    in_rows = await run_select(engine, base, "incoming", node=iri)
    labels: dict[str, str] = {}
    for rows in (out_rows, in_rows):
        for r in rows:
            if r.get("label") is not None:
                labels.setdefault(str(r.get("o") if "o" in r else r["s"]), str(r["label"]))
    for s, p, o in graph:
        if str(p) in _LABELS:
            labels.setdefault(str(s), str(o))
    outgoing: dict[str, list[dict[str, Any]]] = defaultdict(list)
    types = []
    for r in out_rows:
        if r["p"] == RDF.type:
            types.append(_term_view(r["o"], base, labels))
            continue
        view = _term_view(r["o"], base, labels)
        view["graph"] = graph_kind(r.get("g"))
        if r.get("sourceNote") is not None:
            view["source"] = str(r["sourceNote"])
        outgoing[ctx.compact(str(r["p"]))].append(view)
    incoming: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in in_rows:
        incoming[ctx.compact(str(r["p"]))].append(_term_view(r["s"], base, labels))
    parts: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in sorted(graph):
        if str(s).startswith(f"{iri}#"):
            parts[str(s)][ctx.compact(str(p))].append(_term_view(o, base, labels))
    inconsistencies = await _inconsistencies(engine, base, iri, types)
    checks = await _checks(engine, base, iri, types)
    path = request.url.path
    html = (
        _templates()
        .get_template("resource.html")
        .render(
            iri=str(iri),
            title=labels.get(str(iri)) or str(iri).rsplit("/", 1)[-1],
            types=types,
            outgoing=sorted(outgoing.items()),
            incoming=sorted(incoming.items()),
            parts={k: sorted(v.items()) for k, v in sorted(parts.items())},
            inconsistencies=inconsistencies,
            checks=checks,
            formats=[
                (name, f"{path}?format={name}", RESOURCE.media_type(name))
                for name in RESOURCE.names
                if name != "html"
            ],
            queries=[named_query(n).path for n in ("describe", "node", "incoming")],
            context_path="/api/context.jsonld",
        )
    )
    return HTMLResponse(html, headers={"Vary": "Accept"})


async def dereference(
    request: Request,
    path: str,
    engine: EngineDep,
    settings: SettingsDep,
    format: Annotated[
        str | None, Query(max_length=20, description="html, turtle, jsonld or ntriples.")
    ] = None,
) -> Response:
    """The resource `<base>id/{path}`. Backed by `describe.rq` (and node.rq, incoming.rq)."""
    del path  # the raw path is used instead, so percent-encoded keys stay as minted
    base = settings.base_iri
    raw = request.scope.get("raw_path") or request.url.path.encode()
    raw_path = raw.decode("latin-1").split("?", 1)[0]
    if not _SAFE_PATH.fullmatch(raw_path):
        raise NotFoundError("resource", raw_path[:200])
    fmt = choose_format(request.headers.get("accept"), format)
    iri = URIRef(base + raw_path[1:])
    rows = await run_select(engine, base, "describe", node=iri)
    if not rows:
        raise NotFoundError("resource", str(iri))
    graph = _graph(rows, base)
    if fmt == "html":
        explorer_page = await explorer.html_page(request, engine, base, iri)
        if explorer_page is not None:
            return explorer_page
        return await _page(request, engine, base, iri, graph)
    media = RESOURCE.media_type(fmt)
    if fmt == "jsonld":
        prefixes = {k: v for k, v in api_context(base).prefixes.items()}
        body = graph.serialize(format=FORMATS[fmt].rdflib, context=prefixes, auto_compact=True)
    else:
        body = graph.serialize(format=FORMATS[fmt].rdflib)
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def build_router() -> APIRouter:
    """The /id/{path} route."""
    router = APIRouter(tags=["resources"])
    # The explorer's routes under /id/ (a review's SoQF table) come before the catch-all.
    router.include_router(explorer.build_router())
    router.add_api_route(
        "/id/{path:path}",
        dereference,
        methods=["GET"],
        summary="Dereference an instance IRI: HTML, Turtle, JSON-LD or N-Triples",
        response_class=Response,
        responses={
            200: {
                "content": {media: {} for media, _ in RESOURCE.pairs},
                "description": "The resource's description.",
            },
            404: {"description": "No statement mentions this IRI."},
        },
    )
    return router
