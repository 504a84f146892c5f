"""Pictures and tables drawn from the graph: `/figures/{name}.{svg,png}` and
`/figures/study-characteristics.{html,csv}`.

A picture is drawn when first asked for and kept for the data version it was drawn from, so a
new ingest shows at once and nothing stale is served.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse

from api.deps import EngineDep
from api.errors import ProblemError
from api.facts import DatasetFacts, FactsCache
from api.figures.drawing import draw
from api.figures.models import FIGURE_FORMATS, FIGURES, UnknownFigureError, figure_query
from api.figures.table import study_table, study_table_query, table_csv
from api.pages import render_page
from ingest.formats import FORMATS
from ingest.iris import KEY, KEY_PATTERN, Minter

__all__ = ["FIGURES", "FigureRoutes", "build_router"]

logger = logging.getLogger(__name__)

TABLE_FORMATS = ("html", "csv")
# The rows a figure is drawn from, by figure: the evidence map orders its rows as the theme tree.
_NEEDS = {"evidence-map": ("evidence-map", "themes")}


class FigureRoutes:
    """The figure and table routes of one app, with the pictures drawn for the current version."""

    def __init__(self, base: str, facts: FactsCache) -> None:
        self.base = base
        self.facts = facts
        self._figures: dict[tuple[str, ...], bytes] = {}

    def _review(self, facts: DatasetFacts, key: str | None) -> tuple[str, str]:
        """(IRI, title) of the review `key` names (first review when None); 404 if none."""
        if key is not None and not KEY_PATTERN.fullmatch(key):
            raise ProblemError(400, "Bad review key", f"A review key matches {KEY}.")
        iri = None if key is None else str(Minter(key, self.base).review_iri())
        for review in facts.reviews:
            if iri is None or review.iri == iri:
                return review.iri, review.title
        raise ProblemError(404, "No such review", f"The store holds no review {key!r}.")

    async def figure(
        self, name: str, fmt: str, engine: EngineDep, review: str | None = Query(None)
    ) -> Response:
        """A picture drawn from the graph now (cached by data version), as SVG or PNG."""
        if name not in FIGURES or fmt not in FIGURE_FORMATS:
            raise ProblemError(404, "No such figure", str(UnknownFigureError(name, fmt)))
        facts = await self.facts.current(engine.select)
        iri, title = self._review(facts, review)
        key = (facts.version, name, fmt, iri)
        if key not in self._figures:
            rows: dict[str, Any] = {
                n: await engine.select(figure_query(n, self.base))
                for n in _NEEDS.get(name, (name,))
            }
            image = await asyncio.to_thread(draw, name, fmt, rows, iri, title)
            self._figures = {k: v for k, v in self._figures.items() if k[0] == facts.version}
            self._figures[key] = image
        return Response(
            self._figures[key],
            media_type=FORMATS[fmt].media_type,
            headers={"ETag": f'"{facts.version}"'},
        )

    async def study_characteristics(
        self, fmt: str, engine: EngineDep, review: str | None = Query(None)
    ) -> Response:
        """The study-characteristics table as HTML or CSV."""
        if fmt not in TABLE_FORMATS:
            raise ProblemError(404, "No such table format", "Use .html or .csv.")
        rows = await engine.select(study_table_query(self.base))
        if review is not None:
            facts = await self.facts.current(engine.select)
            iri, _ = self._review(facts, review)
            rows = [r for r in rows if str(r.get("review")) == iri]
        table = study_table(rows)
        if fmt == "csv":
            return Response(table_csv(table), media_type=FORMATS["csv"].content_type)
        return HTMLResponse(render_page("study_characteristics.html", table=table))


def build_router(base: str, facts: FactsCache) -> APIRouter:
    """The /figures routes (the table's before the pictures', whose path would match it)."""
    routes = FigureRoutes(base, facts)
    router = APIRouter(tags=["dataset"])
    router.add_api_route(
        "/figures/study-characteristics.{fmt}",
        routes.study_characteristics,
        methods=["GET"],
        summary="Study-characteristics table (html or csv)",
    )
    router.add_api_route(
        "/figures/{name}.{fmt}",
        routes.figure,
        methods=["GET"],
        summary="A figure drawn from the graph (svg or png)",
    )
    return router
