"""The theme ↔ intervention evidence links and the evidence map.

A theme and an intervention are linked when a record that supports the theme (theme support, or
a quote under the theme or one of its subthemes) reports a study that evaluated the
intervention. Each link carries the studies, records and quotes behind it and their counts;
participants are the sum of the sample sizes of the distinct studies.

Queries: evidence-links.rq (links of one theme or one intervention), evidence-map.rq; across
reviews, evidence-map.rq of every review with aligned-themes.rq (see `api.rest.across`).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from rdflib.term import Node, URIRef

from api.deps import EngineDep, SettingsDep
from api.engine.engine import QueryEngine
from api.errors import ProblemError
from api.rest.across import clusters
from api.rest.describe import describe
from api.rest.keys import ItemKey, ReviewKey, ReviewQuery, key_of, minter
from api.rest.models import (
    AcrossCluster,
    EvidenceCell,
    EvidenceLink,
    EvidenceMap,
    EvidenceMapAcross,
    Page,
    Ref,
    dump,
)
from api.rest.named import Rows, review_keys, run_per_review, run_scoped, run_select
from api.rest.paging import PageDep, page_across, page_of
from api.rest.render import NotFoundError, respond
from api.rest.shape import scalar

__all__ = ["build_router", "evidence_links"]

logger = logging.getLogger(__name__)


def evidence_links(rows: list[dict[str, Node]]) -> list[EvidenceLink]:
    """evidence-links.rq rows → one link per (theme, intervention) with its evidence counted."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        key = (str(r["theme"]), str(r["intervention"]))
        pair = pairs.setdefault(
            key,
            {"row": r, "studies": {}, "records": {}, "quotes": {}},
        )
        pair["studies"][str(r["study"])] = r
        pair["records"][str(r["record"])] = r
        if r.get("quote") is not None:
            pair["quotes"][str(r["quote"])] = r
    links = []
    for (theme, intervention), pair in sorted(pairs.items()):
        first = pair["row"]
        sizes = {s: scalar(r.get("sampleSize")) for s, r in pair["studies"].items()}
        links.append(
            EvidenceLink(
                theme=Ref(id=theme, label=scalar(first.get("themeLabel"))),
                intervention=Ref(id=intervention, label=scalar(first.get("interventionLabel"))),
                interventionType=Ref(id=str(first["type"])) if first.get("type") else None,
                studies=[
                    Ref(id=s, label=scalar(r.get("studyLabel")), sampleSize=sizes[s])
                    for s, r in sorted(pair["studies"].items())
                ],
                records=[
                    Ref(id=rec, citationNumber=scalar(r.get("citation")))
                    for rec, r in sorted(pair["records"].items())
                ],
                quotes=[
                    Ref(id=q, text=scalar(r.get("text"))) for q, r in sorted(pair["quotes"].items())
                ],
                studyCount=len(pair["studies"]),
                recordCount=len(pair["records"]),
                quoteCount=len(pair["quotes"]),
                participants=sum(int(v) for v in sizes.values() if isinstance(v, int)),
            )
        )
    return links


async def theme_interventions(
    request: Request,
    review: ReviewKey,
    theme: ItemKey,
    engine: EngineDep,
    settings: SettingsDep,
    paging: PageDep,
) -> Response:
    """The interventions linked to a theme, with the evidence. Backed by `evidence-links.rq`."""
    iri = minter(review, settings.base_iri).theme(theme)
    found = await _links(engine, settings.base_iri, ("theme", review, theme), iri, themeFilter=iri)
    return respond(request, page_of(request, found, paging))


async def intervention_themes(
    request: Request,
    review: ReviewKey,
    intervention: ItemKey,
    engine: EngineDep,
    settings: SettingsDep,
    paging: PageDep,
) -> Response:
    """The themes linked to an intervention, with the evidence. Backed by `evidence-links.rq`."""
    iri = minter(review, settings.base_iri).intervention(intervention)
    what = ("intervention", review, intervention)
    found = await _links(engine, settings.base_iri, what, iri, interventionFilter=iri)
    return respond(request, page_of(request, found, paging))


async def _links(
    engine: QueryEngine, base: str, what: tuple[str, str, str], iri: URIRef, **side: URIRef
) -> list[dict[str, Any]]:
    """Evidence links from one side (`themeFilter` or `interventionFilter`); 404 if it is absent.

    `what` is (kind, review, key) of the resource, for the not-found problem."""
    kind, review, key = what
    if await describe(engine, base, iri) is None:
        raise NotFoundError(kind, f"{review}/{key}")
    rows = await run_scoped(engine, base, "evidence-links", review, **side)
    return [dump(link) for link in evidence_links(rows)]


def _drill(request: Request, base: str, theme: str, kind: str) -> dict[str, str]:
    found = key_of(theme, base, "theme")
    if found is None:
        return {}
    review, key = found
    root = str(request.base_url).rstrip("/")
    return {
        "theme": f"{root}/api/themes/{review}/{key}",
        "interventions": f"{root}/api/themes/{review}/{key}/interventions",
        "quotes": f"{root}/api/quotes?" + urlencode({"review": review, "theme": key}),
        "interventionType": kind,
    }


async def evidence_map_across(request: Request, engine: QueryEngine, base: str) -> Response:
    """Aligned themes of all reviews as clusters × intervention types, distinct studies counted."""
    rows = await run_per_review(engine, base, "evidence-map", None)
    aligned = await run_select(engine, base, "aligned-themes")
    types: dict[str, Ref] = {}
    body = []
    for cluster in clusters(rows, aligned):
        for kind, label in cluster.type_labels.items():
            types.setdefault(kind, Ref(id=kind, label=label))
        body.append(
            AcrossCluster(
                id=cluster.key,
                themes=[
                    Ref(id=iri, label=label, review=review)
                    for iri, (label, review) in sorted(cluster.themes.items())
                ],
                reviews=cluster.reviews,
                cells=[
                    {"interventionType": kind, "studyCount": len(found), "studies": sorted(found)}
                    for kind, found in sorted(cluster.studies.items())
                ],
                studyCount=len(cluster.all_studies),
            )
        )
    result = EvidenceMapAcross(
        id=str(request.url),
        interventionTypes=sorted(types.values(), key=lambda t: t.id),
        clusters=body,
    )
    return respond(request, result)


async def evidence_map(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    paging: PageDep,
    review: ReviewQuery = None,
    across: bool = Query(
        False,
        description="Group themes a curator aligned (exactMatch/closeMatch) across reviews, "
        "counting distinct studies.",
    ),
) -> Response:
    """The theme × intervention-type matrix with counts. Backed by `evidence-map.rq`; with
    `across=true`, the aligned-theme clusters of every review (and `aligned-themes.rq`).

    One review's map is whole (`page` and `per_page` do not apply); without `review`, the cells
    of every review are paged, reviews in key order, each page naming the themes and types its
    cells use."""
    base = settings.base_iri
    if across:
        if review is not None:
            raise ProblemError(
                400, "Bad parameters", "across=true spans every review; leave out `review`."
            )
        return await evidence_map_across(request, engine, base)

    async def cells_of(key: str) -> list[EvidenceCell]:
        return _cells(request, base, await run_scoped(engine, base, "evidence-map", key))

    if review is not None:
        return respond(request, _map(str(request.url), await cells_of(review)))
    keys = partial(review_keys, engine, base)
    page = await page_across(request, paging, None, keys, cells_of)
    body = _map(page.pop("id"), page.pop("items"))
    return respond(request, body.model_copy(update={k: v for k, v in page.items() if k != "type"}))


def _cells(request: Request, base: str, rows: Rows) -> list[EvidenceCell]:
    """evidence-map.rq rows as cells, each with its theme, type and drill-down links."""
    cells = []
    for r in rows:
        theme, kind = str(r["theme"]), str(r["type"])
        cells.append(
            EvidenceCell(
                theme=Ref(
                    id=theme, label=scalar(r.get("themeLabel")), broader=scalar(r.get("parent"))
                ),
                interventionType=Ref(id=kind, label=scalar(r.get("typeLabel"))),
                studyCount=int(scalar(r["studies"])),
                recordCount=int(scalar(r["records"])),
                quoteCount=int(scalar(r["quotes"])),
                interventionCount=int(scalar(r["interventions"])),
                links=_drill(request, base, theme, kind),
            )
        )
    return cells


def _map(iri: str, cells: list[EvidenceCell]) -> EvidenceMap:
    """The map of `cells`: the themes and intervention types they use, each listed once."""
    themes = {c.theme.id: c.theme for c in cells}
    types = {c.interventionType.id: c.interventionType for c in cells}
    return EvidenceMap(
        id=iri,
        themes=sorted(themes.values(), key=lambda t: t.id),
        interventionTypes=sorted(types.values(), key=lambda t: t.id),
        cells=cells,
    )


def build_router() -> APIRouter:
    """The evidence routes."""
    router = APIRouter(tags=["evidence"])
    router.add_api_route(
        "/api/themes/{review}/{theme}/interventions",
        theme_interventions,
        methods=["GET"],
        response_model=Page[EvidenceLink],
        summary="Interventions linked to a theme, with the studies and quotes behind each link",
    )
    router.add_api_route(
        "/api/interventions/{review}/{intervention}/themes",
        intervention_themes,
        methods=["GET"],
        response_model=Page[EvidenceLink],
        summary="Themes linked to an intervention, with the studies and quotes behind each link",
    )
    router.add_api_route(
        "/api/evidence-map",
        evidence_map,
        methods=["GET"],
        response_model=EvidenceMap | EvidenceMapAcross,
        summary="Theme × intervention-type matrix with counts and drill-down links "
        "(across=true: aligned themes of all reviews)",
    )
    return router
