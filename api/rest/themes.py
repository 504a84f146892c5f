"""/api/themes: the themes of the reviews as a hierarchy, and one theme with its description,
subthemes, the records and studies that support it and the quotes printed under it.

Queries: themes.rq (hierarchy); node.rq, themes.rq, theme-evidence.rq (detail);
theme-related.rq (the themes of other reviews a curator aligned with one).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import EngineDep, SettingsDep
from api.jsonld import api_context
from api.rest.describe import describe
from api.rest.keys import ItemKey, ReviewKey, ReviewQuery, key_of, minter
from api.rest.models import (
    Page,
    QuoteSummary,
    Ref,
    RelatedTheme,
    ThemeDetail,
    ThemeSummary,
    dump,
)
from api.rest.named import review_keys, run_scoped, run_select
from api.rest.paging import PageDep, page_across, page_of
from api.rest.render import NotFoundError, respond
from api.rest.shape import scalar

__all__ = ["build_router", "related_themes", "theme_tree"]

logger = logging.getLogger(__name__)


def theme_tree(rows: list[dict[str, Any]], base: str) -> list[ThemeSummary]:
    """themes.rq rows → top-level themes with their subthemes nested, in printed order."""
    nodes: dict[str, ThemeSummary] = {}
    for r in rows:
        _, key = key_of(r["theme"], base, "theme") or ("", str(r["theme"]))
        nodes[str(r["theme"])] = ThemeSummary(
            id=str(r["theme"]),
            key=key,
            review=str(r["review"]),
            label=scalar(r.get("label")),
            definition=scalar(r.get("definition")),
            position=scalar(r.get("position")),
            broader=str(r["parent"]) if r.get("parent") is not None else None,
            level=api_context(base).compact(str(r["level"])) if r.get("level") else None,
            levelLabel=scalar(r.get("levelLabel")),
            recordCount=int(scalar(r.get("records")) or 0),
            quoteCount=int(scalar(r.get("quotes")) or 0),
        )
    roots: list[ThemeSummary] = []
    for node in nodes.values():
        parent = nodes.get(node.broader) if node.broader else None
        (parent.subthemes if parent else roots).append(node)
    for node in nodes.values():
        node.subthemes.sort(key=lambda t: (t.position or 0, t.id))
    return sorted(roots, key=lambda t: (t.review, t.position or 0, t.id))


async def list_themes(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    paging: PageDep,
    review: ReviewQuery = None,
) -> Response:
    """The theme hierarchy (top-level themes paged, subthemes nested). Backed by `themes.rq`,
    one review at a time."""
    base = settings.base_iri

    async def items_of(key: str) -> list[dict[str, Any]]:
        rows = await run_select(engine, base, "themes", review=minter(key, base).review_iri())
        return [dump(t) for t in theme_tree(rows, base)]

    keys = partial(review_keys, engine, base)
    return respond(request, await page_across(request, paging, review, keys, items_of))


def _find(tree: list[ThemeSummary], iri: str) -> ThemeSummary | None:
    for node in tree:
        if node.id == iri:
            return node
        found = _find(node.subthemes, iri)
        if found:
            return found
    return None


async def theme_detail(engine: EngineDep, base: str, review: str, key: str) -> ThemeDetail:
    """The theme resource with its subthemes and evidence."""
    m = minter(review, base)
    iri = m.theme(key)
    node = await describe(engine, base, iri)
    if node is None:
        raise NotFoundError("theme", f"{review}/{key}")
    tree = theme_tree(await run_select(engine, base, "themes", review=m.review_iri()), base)
    me = _find(tree, str(iri))
    records: dict[str, set[str]] = {}
    studies: set[str] = set()
    quotes: dict[str, QuoteSummary] = {}
    ctx = api_context(base)
    for row in await run_scoped(engine, base, "theme-evidence", review, theme=iri):
        records.setdefault(str(row["record"]), set()).add(str(row.get("evidence") or "stated"))
        if row.get("study") is not None:
            studies.add(str(row["study"]))
        if row.get("quote") is not None:
            quotes[str(row["quote"])] = QuoteSummary(
                id=str(row["quote"]),
                key=(key_of(row["quote"], base, "quote") or ("", None))[1],
                text=str(row["text"]),
                kind=ctx.compact(str(row["kind"])) if row.get("kind") else None,
                position=scalar(row.get("position")),
                theme=Ref(id=str(row["under"])),
                record=Ref(id=str(row["record"])),
                study=Ref(id=str(row["study"])) if row.get("study") is not None else None,
            )
    return ThemeDetail(
        **node,
        subthemes=me.subthemes if me else [],
        supportingRecords=[Ref(id=r, evidence=sorted(e)) for r, e in sorted(records.items())],
        supportingStudies=[Ref(id=s) for s in sorted(studies)],
        quotes=sorted(quotes.values(), key=lambda q: (q.position or 0, q.id)),
    )


async def get_theme(
    request: Request, review: ReviewKey, theme: ItemKey, engine: EngineDep, settings: SettingsDep
) -> Response:
    """One theme. Backed by `node.rq`, `themes.rq` and `theme-evidence.rq`."""
    return respond(request, await theme_detail(engine, settings.base_iri, review, theme))


# A mapping read from its object's side: broad and narrow swap, the others are symmetric.
_INVERSE = {"skos:broadMatch": "skos:narrowMatch", "skos:narrowMatch": "skos:broadMatch"}


def related_themes(rows: list[dict[str, Any]], base: str) -> list[RelatedTheme]:
    """theme-related.rq rows → the aligned themes as seen from the theme asked about."""
    ctx = api_context(base)
    found = []
    for r in rows:
        stated = ctx.compact(str(r["predicate"]))
        direction = str(r["direction"])
        found.append(
            RelatedTheme(
                id=str(r["other"]),
                label=scalar(r.get("otherLabel")),
                review=str(r["otherReview"]),
                predicate=_INVERSE.get(stated, stated) if direction == "inverse" else stated,
                statedAs=direction,
                justification=ctx.compact(str(r["justification"])),
                curator=str(r["curator"]) if not r.get("curatorName") else str(r["curatorName"]),
                curatorName=scalar(r.get("curatorName")),
                date=str(r["date"]),
                comment=scalar(r.get("comment")),
            )
        )
    return sorted(found, key=lambda t: (t.review, t.id, t.predicate))


async def get_related(
    request: Request,
    review: ReviewKey,
    theme: ItemKey,
    engine: EngineDep,
    settings: SettingsDep,
    paging: PageDep,
) -> Response:
    """The themes of other reviews aligned with this one. Backed by `theme-related.rq`."""
    base = settings.base_iri
    iri = minter(review, base).theme(theme)
    if await describe(engine, base, iri) is None:
        raise NotFoundError("theme", f"{review}/{theme}")
    rows = await run_select(engine, base, "theme-related", theme=iri)
    items = [dump(t) for t in related_themes(rows, base)]
    return respond(request, page_of(request, items, paging))


def build_router() -> APIRouter:
    """The /api/themes routes (the evidence links are in `api.rest.evidence`)."""
    router = APIRouter(prefix="/api/themes", tags=["themes"])
    router.add_api_route(
        "",
        list_themes,
        methods=["GET"],
        response_model=Page[ThemeSummary],
        summary="The theme hierarchy",
    )
    router.add_api_route(
        "/{review}/{theme}",
        get_theme,
        methods=["GET"],
        response_model=ThemeDetail,
        summary="One theme with subthemes, supporting records and studies, and quotes",
    )
    router.add_api_route(
        "/{review}/{theme}/related",
        get_related,
        methods=["GET"],
        response_model=Page[RelatedTheme],
        summary="Themes of other reviews a curator aligned with this theme (SKOS mappings)",
    )
    return router
