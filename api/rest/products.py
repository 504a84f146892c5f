"""/api/reviews/{review}/constructs, /translations and /study-findings: what a synthesis
produces beyond its themes. A meta-ethnography's constructs (by order) and its translations
(reciprocal, refutational, line of argument) with the constructs and studies they translate; a
meta-aggregation's primary-study findings with their plausibility, category and synthesised
finding. The review page reads the same functions.

Queries: constructs.rq, translations.rq, study-findings.rq.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from api.deps import EngineDep, SettingsDep
from api.engine.engine import QueryEngine
from api.jsonld import api_context
from api.rest.describe import describe
from api.rest.keys import ReviewKey, key_of, minter
from api.rest.models import Page, Ref, dump
from api.rest.named import run_scoped
from api.rest.paging import PageDep, page_of
from api.rest.render import NotFoundError, respond
from api.rest.shape import scalar

__all__ = [
    "Construct",
    "StudyFinding",
    "Translation",
    "build_router",
    "review_constructs",
    "review_study_findings",
    "review_translations",
]

logger = logging.getLogger(__name__)

# The orders in the sequence a meta-ethnography builds them.
_ORDER_RANK = {"first-order": 1, "second-order": 2, "third-order": 3}


class Construct(BaseModel):
    id: str
    key: str
    label: str | None = None
    order: str | None = None
    orderLabel: str | None = None
    constructText: str | None = None
    position: int | None = None
    lineOfArgument: bool = False
    underTheme: Ref | None = None
    generatedBy: Ref | None = None
    fromRecord: list[Ref] = Field(default_factory=list)


class Translation(BaseModel):
    id: str
    key: str
    kind: str | None = None
    kindLabel: str | None = None
    description: str | None = None
    used: list[Ref] = Field(default_factory=list)
    translatesRecord: list[Ref] = Field(default_factory=list)
    generated: Ref | None = None


class StudyFinding(BaseModel):
    id: str
    key: str
    studyFindingText: str
    illustration: str | None = None
    findingLocator: str | None = None
    plausibility: str | None = None
    plausibilityLabel: str | None = None
    fromRecord: Ref | None = None
    inCategory: Ref | None = None
    synthesisedFinding: Ref | None = None


def _key(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _ref(row: dict[str, Any], name: str, label: str | None = None) -> Ref | None:
    if row.get(name) is None:
        return None
    return Ref(id=str(row[name]), label=scalar(row.get(label)) if label else None)


def _record(row: dict[str, Any]) -> Ref | None:
    """The record a row names, with the review's citation number for it."""
    if row.get("record") is None:
        return None
    return Ref(id=str(row["record"]), citation=scalar(row.get("citation")))


def _add_once(refs: list[Ref], ref: Ref | None) -> None:
    if ref is not None and all(r.id != ref.id for r in refs):
        refs.append(ref)


async def _checked(engine: QueryEngine, base: str, review: str) -> None:
    """A 404 for a review the store does not hold (an empty list is an answer for one it does)."""
    if await describe(engine, base, minter(review, base).review_iri()) is None:
        raise NotFoundError("review", review)


async def review_constructs(engine: QueryEngine, base: str, review: str) -> list[Construct]:
    """The review's constructs, first-order first, in printed order within an order."""
    ctx = api_context(base)
    found: dict[str, Construct] = {}
    for r in await run_scoped(engine, base, "constructs", review):
        iri = str(r["construct"])
        construct = found.get(iri)
        if construct is None:
            construct = found[iri] = Construct(
                id=iri,
                key=(key_of(iri, base, "construct") or ("", _key(iri)))[1],
                label=scalar(r.get("label")),
                order=ctx.compact(str(r["order"])) if r.get("order") else None,
                orderLabel=scalar(r.get("orderLabel")),
                constructText=scalar(r.get("text")),
                position=scalar(r.get("position")),
                lineOfArgument=bool(scalar(r.get("lineOfArgument"))),
                underTheme=_ref(r, "theme", "themeLabel"),
                generatedBy=_ref(r, "generatedBy"),
            )
        _add_once(construct.fromRecord, _record(r))

    def rank(c: Construct) -> tuple[int, int, str]:
        order = (c.orderLabel or "").removesuffix(" construct")
        return (_ORDER_RANK.get(order, 9), c.position or 0, c.key)

    return sorted(found.values(), key=rank)


async def review_translations(engine: QueryEngine, base: str, review: str) -> list[Translation]:
    """The review's translations, with the constructs each uses and the records it translates."""
    ctx = api_context(base)
    found: dict[str, Translation] = {}
    for r in await run_scoped(engine, base, "translations", review):
        iri = str(r["translation"])
        translation = found.get(iri)
        if translation is None:
            translation = found[iri] = Translation(
                id=iri,
                key=(key_of(iri, base, "translation") or ("", _key(iri)))[1],
                kind=ctx.compact(str(r["kind"])) if r.get("kind") else None,
                kindLabel=scalar(r.get("kindLabel")),
                description=scalar(r.get("description")),
                generated=_ref(r, "yields", "yieldsLabel"),
            )
        _add_once(translation.used, _ref(r, "construct", "constructLabel"))
        _add_once(translation.translatesRecord, _record(r))
    for t in found.values():
        t.used.sort(key=lambda x: x.id)
        t.translatesRecord.sort(key=lambda x: (getattr(x, "citation", None) or 0, x.id))
    return sorted(found.values(), key=lambda t: t.key)


async def review_study_findings(engine: QueryEngine, base: str, review: str) -> list[StudyFinding]:
    """The review's primary-study findings, by synthesised finding and category."""
    ctx = api_context(base)
    found: dict[str, StudyFinding] = {}
    for r in await run_scoped(engine, base, "study-findings", review):
        iri = str(r["finding"])
        found.setdefault(
            iri,
            StudyFinding(
                id=iri,
                key=(key_of(iri, base, "study-finding") or ("", _key(iri)))[1],
                studyFindingText=str(r["text"]),
                illustration=scalar(r.get("illustration")),
                findingLocator=scalar(r.get("locator")),
                plausibility=ctx.compact(str(r["plausibility"])) if r.get("plausibility") else None,
                plausibilityLabel=scalar(r.get("plausibilityLabel")),
                fromRecord=_record(r),
                inCategory=_ref(r, "category", "categoryLabel"),
                synthesisedFinding=_ref(r, "synthesised", "synthesisedLabel"),
            ),
        )
    return list(found.values())


async def list_constructs(
    request: Request, review: ReviewKey, engine: EngineDep, settings: SettingsDep, paging: PageDep
) -> Response:
    """A meta-ethnography's constructs by order. Backed by `constructs.rq`."""
    await _checked(engine, settings.base_iri, review)
    items = [dump(c) for c in await review_constructs(engine, settings.base_iri, review)]
    return respond(request, page_of(request, items, paging))


async def list_translations(
    request: Request, review: ReviewKey, engine: EngineDep, settings: SettingsDep, paging: PageDep
) -> Response:
    """A meta-ethnography's translations. Backed by `translations.rq`."""
    await _checked(engine, settings.base_iri, review)
    items = [dump(t) for t in await review_translations(engine, settings.base_iri, review)]
    return respond(request, page_of(request, items, paging))


async def list_study_findings(
    request: Request, review: ReviewKey, engine: EngineDep, settings: SettingsDep, paging: PageDep
) -> Response:
    """A meta-aggregation's study findings. Backed by `study-findings.rq`."""
    await _checked(engine, settings.base_iri, review)
    items = [dump(f) for f in await review_study_findings(engine, settings.base_iri, review)]
    return respond(request, page_of(request, items, paging))


def build_router() -> APIRouter:
    """The /api/reviews/{review}/… routes of synthesis products."""
    router = APIRouter(prefix="/api/reviews", tags=["reviews"])
    router.add_api_route(
        "/{review}/constructs",
        list_constructs,
        methods=["GET"],
        response_model=Page[Construct],
        summary="A meta-ethnography's first-, second- and third-order constructs",
    )
    router.add_api_route(
        "/{review}/translations",
        list_translations,
        methods=["GET"],
        response_model=Page[Translation],
        summary="A meta-ethnography's translations and line of argument",
    )
    router.add_api_route(
        "/{review}/study-findings",
        list_study_findings,
        methods=["GET"],
        response_model=Page[StudyFinding],
        summary="A meta-aggregation's study findings with plausibility and category",
    )
    return router
