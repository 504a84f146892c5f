"""Pictures and tables drawn from the graph, each review's under its own path:
`/figures/{review}/{name}.{svg,png}` and `/figures/{review}/study-characteristics.{html,csv}`;
`/figures/study-characteristics.{html,csv}` lists every review's studies (each row names its
review) and `/figures/evidence-map-across.{svg,png}` draws the aligned themes of all reviews.

There is no default review: the old form `/figures/{name}.{fmt}` redirects to the new path when
`?review=` names one, and otherwise answers 404 naming the paths of the reviews held.

A picture is drawn when first asked for and kept for the data version it was drawn from, so a
new ingest shows at once and nothing stale is served.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from rdflib import URIRef

from api.deps import EngineDep
from api.errors import ProblemError
from api.facts import DatasetFacts, FactsCache
from api.figures.drawing import draw, draw_evidence_map
from api.figures.models import (
    FIGURE_FORMATS,
    FIGURE_QUERIES,
    FIGURES,
    REVIEW_SCOPED,
    EvidenceMap,
    Rows,
    UnknownFigureError,
    figure_query,
)
from api.figures.table import study_table, study_table_query, table_csv
from api.pages import render_page
from api.rest.across import Cluster, clusters
from api.rest.named import run_per_review, run_select
from ingest.formats import FORMATS
from ingest.iris import KEY, KEY_PATTERN, Minter, instance_prefix

__all__ = ["FIGURES", "FigureRoutes", "across_map", "build_router", "figure_path"]

logger = logging.getLogger(__name__)

TABLE_FORMATS = ("html", "csv")
ACROSS = "evidence-map-across"


def figure_path(review: str, name: str, fmt: str) -> str:
    """The path of a review's figure or table (`name` a figure or `study-characteristics`)."""
    return f"/figures/{review}/{name}.{fmt}"


def across_map(found: list[Cluster]) -> EvidenceMap:
    """The across-reviews clusters as an evidence map (one row per cluster) for the drawing."""
    types: dict[str, str] = {}
    for cluster in found:
        types.update(cluster.type_labels)
    type_iris = tuple(sorted(types, key=lambda k: (types[k], k)))
    column = {k: i for i, k in enumerate(type_iris)}
    studies = {
        (row, column[kind]): len(listed)
        for row, cluster in enumerate(found)
        for kind, listed in cluster.studies.items()
    }
    return EvidenceMap(
        tuple(f"{c.label} ({len(c.reviews)} reviews)" for c in found),
        tuple(types[k] for k in type_iris),
        studies,
        tuple(c.key for c in found),
        type_iris,
    )


class FigureRoutes:
    """The figure and table routes of one app, with the pictures drawn for the current version."""

    def __init__(self, base: str, facts: FactsCache) -> None:
        self.base = base
        self.facts = facts
        self._figures: dict[tuple[str, ...], bytes] = {}

    def _review(self, facts: DatasetFacts, key: str) -> tuple[str, str]:
        """(IRI, title) of the review `key` names; 400 for a malformed key, 404 if not held."""
        if not KEY_PATTERN.fullmatch(key):
            raise ProblemError(400, "Bad review key", f"A review key matches {KEY}.")
        iri = str(Minter(key, self.base).review_iri())
        for review in facts.reviews:
            if review.iri == iri:
                return review.iri, review.title
        raise ProblemError(404, "No such review", f"The store holds no review {key!r}.")

    def _keys(self, facts: DatasetFacts) -> list[str]:
        prefix = instance_prefix("review", self.base)
        return sorted(r.iri.removeprefix(prefix) for r in facts.reviews)

    def _cached(self, version: str, key: tuple[str, ...], image: bytes) -> None:
        self._figures = {k: v for k, v in self._figures.items() if k[0] == version}
        self._figures[key] = image

    def _image(self, version: str, key: tuple[str, ...], fmt: str) -> Response:
        return Response(
            self._figures[key],
            media_type=FORMATS[fmt].media_type,
            headers={"ETag": f'"{version}"'},
        )

    async def figure(self, review: str, name: str, fmt: str, engine: EngineDep) -> Response:
        """A picture of one review drawn from the graph now (cached by data version)."""
        if name not in FIGURES or fmt not in FIGURE_FORMATS:
            raise ProblemError(404, "No such figure", str(UnknownFigureError(name, fmt)))
        facts = await self.facts.current(engine.select)
        iri, title = self._review(facts, review)
        key = (facts.version, name, fmt, iri)
        if key not in self._figures:
            rows: dict[str, Any] = {name: await self.rows(name, engine, iri)}
            image = await asyncio.to_thread(draw, name, fmt, rows, iri, title)
            self._cached(facts.version, key, image)
        return self._image(facts.version, key, fmt)

    async def across(self, fmt: str, engine: EngineDep) -> Response:
        """The evidence map of aligned themes across every review (`?across=true`'s picture)."""
        if fmt not in FIGURE_FORMATS:
            raise ProblemError(404, "No such figure", str(UnknownFigureError(ACROSS, fmt)))
        facts = await self.facts.current(engine.select)
        key = (facts.version, ACROSS, fmt)
        if key not in self._figures:
            rows = await run_per_review(engine, self.base, "evidence-map", None)
            aligned = await run_select(engine, self.base, "aligned-themes")
            emap = across_map(clusters(rows, aligned))
            title = "Aligned themes across reviews"
            image = await asyncio.to_thread(draw_evidence_map, emap, fmt, title)
            self._cached(facts.version, key, image)
        return self._image(facts.version, key, fmt)

    async def rows(self, name: str, engine: EngineDep, review: str) -> Rows:
        """The rows figure `name` of `review` (its IRI) is drawn from. A view the API also
        serves is drawn from the API's own query, bound to the review's graphs as its route
        binds it (`run_per_review`), so the picture shows exactly what the API returns."""
        if name in REVIEW_SCOPED:
            key = review.removeprefix(instance_prefix("review", self.base))
            return await run_per_review(engine, self.base, FIGURE_QUERIES[name], key)
        return await engine.select(figure_query(name, self.base), {"review": URIRef(review)})

    async def study_characteristics(self, review: str, fmt: str, engine: EngineDep) -> Response:
        """One review's study-characteristics table as HTML or CSV."""
        facts = await self.facts.current(engine.select)
        iri, _ = self._review(facts, review)
        return await self._table(fmt, engine, iri)

    async def all_study_characteristics(
        self, fmt: str, engine: EngineDep, review: str | None = Query(None)
    ) -> Response:
        """Every review's study-characteristics table, each row naming its review (the old
        `?review=` form redirects to the review's own table)."""
        if review is not None:
            if not KEY_PATTERN.fullmatch(review):
                raise ProblemError(400, "Bad review key", f"A review key matches {KEY}.")
            path = figure_path(review, "study-characteristics", fmt)
            return RedirectResponse(path, status_code=308)
        return await self._table(fmt, engine, None)

    async def _table(self, fmt: str, engine: EngineDep, review: str | None) -> Response:
        if fmt not in TABLE_FORMATS:
            raise ProblemError(404, "No such table format", "Use .html or .csv.")
        bound = {"review": URIRef(review)} if review is not None else {}
        rows = await engine.select(study_table_query(self.base), bound)
        rows = sorted(rows, key=lambda r: (str(r.get("review")), str(r.get("study"))))
        table = study_table(rows)
        if fmt == "csv":
            return Response(table_csv(table), media_type=FORMATS["csv"].content_type)
        return HTMLResponse(render_page("study_characteristics.html", table=table))

    async def old_figure(
        self, name: str, fmt: str, engine: EngineDep, review: str | None = Query(None)
    ) -> Response:
        """The path before figures named their review: redirected when `review` names one."""
        if review is not None:
            if not KEY_PATTERN.fullmatch(review):
                raise ProblemError(400, "Bad review key", f"A review key matches {KEY}.")
            return RedirectResponse(figure_path(review, name, fmt), status_code=308)
        facts = await self.facts.current(engine.select)
        paths = ", ".join(figure_path(k, name, fmt) for k in self._keys(facts)) or "none held"
        raise ProblemError(
            404,
            "Figures are per review",
            f"A figure names its review in the path: /figures/{{review}}/{name}.{fmt} "
            f"(here: {paths}).",
        )


def build_router(base: str, facts: FactsCache) -> APIRouter:
    """The /figures routes: fixed names first, then per review, then the old form."""
    routes = FigureRoutes(base, facts)
    router = APIRouter(tags=["dataset"])
    router.add_api_route(
        "/figures/study-characteristics.{fmt}",
        routes.all_study_characteristics,
        methods=["GET"],
        summary="Study-characteristics table of every review (html or csv)",
    )
    router.add_api_route(
        f"/figures/{ACROSS}.{{fmt}}",
        routes.across,
        methods=["GET"],
        summary="Evidence map of aligned themes across reviews (svg or png)",
    )
    router.add_api_route(
        "/figures/{review}/study-characteristics.{fmt}",
        routes.study_characteristics,
        methods=["GET"],
        summary="Study-characteristics table of one review (html or csv)",
    )
    router.add_api_route(
        "/figures/{review}/{name}.{fmt}",
        routes.figure,
        methods=["GET"],
        summary="A figure of one review drawn from the graph (svg or png)",
    )
    router.add_api_route(
        "/figures/{name}.{fmt}",
        routes.old_figure,
        methods=["GET"],
        summary="Old form (?review=): redirects to /figures/{review}/{name}.{fmt}",
    )
    return router
