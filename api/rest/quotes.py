"""/api/quotes: the quotes printed in the reviews, filtered by theme (with its subthemes),
record, study, speaker gender, age and role, kind, and a case-insensitive text search.

Query: quotes.rq (every filter a bound variable; the search text is bound, never pasted).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from rdflib import Literal
from rdflib.term import Node

from api.deps import EngineDep, SettingsDep
from api.jsonld import ApiContext, api_context
from api.rest.keys import KEY_PATTERN, ReviewQuery, key_of, minter
from api.rest.models import Page, QuoteSummary, Ref, dump
from api.rest.named import review_keys, run_scoped
from api.rest.paging import PageDep, page_across, page_of
from api.rest.render import RestError, respond
from api.rest.shape import scalar
from ingest.iris import Minter
from ingest.namespaces import XSD, spkg_ns

__all__ = ["build_router"]

if TYPE_CHECKING:
    from api.engine import QueryEngine

logger = logging.getLogger(__name__)


class Gender(StrEnum):
    female = "female"
    male = "male"
    not_specified = "not-specified"


class QuoteKind(StrEnum):
    participant = "participant"
    author_interpretation = "author-interpretation"


_GENDER = {Gender.female: "Female", Gender.male: "Male", Gender.not_specified: "GenderNotSpecified"}
_KIND = {
    QuoteKind.participant: "ParticipantQuote",
    QuoteKind.author_interpretation: "AuthorInterpretation",
}
_Key = Annotated[str | None, Query(pattern=KEY_PATTERN, max_length=200)]


class MissingReviewError(RestError):
    """A filter by key names a row of one review, so the review must be given too."""

    def __init__(self, parameter: str) -> None:
        super().__init__(422, "Invalid request", f"`{parameter}` needs `review` to be given.")
        self.parameter = parameter


async def speaker_roles(
    engine: QueryEngine, base: str, keys: list[str]
) -> dict[str, dict[str, Any]]:
    """The speaker roles the reviews' quotes name: key → label and each review's role IRI (a
    role a review declares is its own concept, so one key may be a different IRI per review)."""
    roles: dict[str, dict[str, Any]] = {}
    for key in keys:
        for r in await run_scoped(engine, base, "speaker-roles", key):
            notation = scalar(r.get("key")) or str(r["role"]).rsplit("/", 1)[-1]
            entry = roles.setdefault(notation, {"label": scalar(r.get("label")) or notation})
            entry.setdefault("iris", {})[key] = r["role"]
    return dict(sorted(roles.items(), key=lambda kv: str(kv[1]["label"])))


def _age(value: int | None) -> Literal | None:
    return None if value is None else Literal(value, datatype=XSD.integer)


async def list_quotes(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    paging: PageDep,
    review: ReviewQuery = None,
    theme: Annotated[
        _Key, Query(description="Theme key: quotes under it or its subthemes.")
    ] = None,
    record: Annotated[_Key, Query(description="Record key (`record_id`).")] = None,
    study: Annotated[_Key, Query(description="Study key (`study_id`).")] = None,
    gender: Annotated[Gender | None, Query(description="The speaker's gender as printed.")] = None,
    age_from: Annotated[
        int | None, Query(ge=0, le=120, description="Speaker's age range reaches this age.")
    ] = None,
    age_to: Annotated[
        int | None, Query(ge=0, le=120, description="Speaker's age range starts by this age.")
    ] = None,
    kind: Annotated[
        QuoteKind | None, Query(description="Participant's words or authors' interpretation.")
    ] = None,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Text the quote contains (any case)."),
    ] = None,
    speaker_role: Annotated[
        _Key,
        Query(
            description="The speaker's participant role by its key (`link-workers`, or a role "
            "the review declares in concepts.csv)."
        ),
    ] = None,
) -> Response:
    """Quotes, filtered. Backed by `api/queries/quotes.rq`."""
    base = settings.base_iri
    s = spkg_ns(base)
    for name, value in (("theme", theme), ("record", record), ("study", study)):
        if value is not None and review is None:
            raise MissingReviewError(name)
    m = minter(review, base) if review else None
    record_iri = None
    if m is not None and record is not None:
        record_iri = await _record_iri(engine, base, m, record)
        if record_iri is None:
            return respond(request, page_of(request, [], paging))
    # A role the reviews name by one key is a different concept in each review that declares
    # it: the filter binds each review's own concept, and skips reviews without that role.
    per_review = None
    if speaker_role is not None:
        named = [review] if review is not None else await review_keys(engine, base)
        roles = (await speaker_roles(engine, base, named)).get(speaker_role, {"iris": {}})
        per_review = {key: {"roleFilter": iri} for key, iri in roles["iris"].items()}
    filters = {
        "themeFilter": m.theme(theme) if m and theme else None,
        "recordFilter": record_iri,
        "studyFilter": m.study(study) if m and study else None,
        "gender": s[_GENDER[gender]] if gender else None,
        "ageFrom": _age(age_from),
        "ageTo": _age(age_to),
        "kindFilter": s[_KIND[kind]] if kind else None,
        "q": Literal(q) if q is not None else None,
    }
    ctx = api_context(base)

    async def items_of(key: str) -> list[dict[str, Any]]:
        if per_review is not None and key not in per_review:
            return []
        own = per_review.get(key, {}) if per_review is not None else {}
        rows = await run_scoped(engine, base, "quotes", key, **filters, **own)
        return [dump(_summary(r, base, ctx)) for r in rows]

    async def walked() -> list[str]:
        """The reviews a page across reviews reads: with a role, those that name it."""
        return sorted(per_review) if per_review is not None else await review_keys(engine, base)

    return respond(request, await page_across(request, paging, review, walked, items_of))


def _summary(r: Mapping[str, Node], base: str, ctx: ApiContext) -> QuoteSummary:
    """One row of quotes.rq as the list's item."""
    return QuoteSummary(
        id=str(r["quote"]),
        key=(key_of(r["quote"], base, "quote") or ("", None))[1],
        text=str(r["text"]),
        kind=ctx.compact(str(r["kind"])) if r.get("kind") else None,
        kindCertain=scalar(r.get("kindCertain")),
        position=scalar(r.get("position")),
        theme=Ref(id=str(r["theme"]), label=scalar(r.get("themeLabel")))
        if r.get("theme") is not None
        else None,
        record=Ref(id=str(r["record"])),
        study=Ref(id=str(r["study"])) if r.get("study") is not None else None,
        speakerGender=ctx.compact(str(r["speakerGender"])) if r.get("speakerGender") else None,
        speakerRole=Ref(id=str(r["speakerRole"]), label=scalar(r.get("speakerRoleLabel")))
        if r.get("speakerRole") is not None
        else None,
        speakerAgeLabel=scalar(r.get("ageLabel")),
        speakerAgeMin=scalar(r.get("ageMin")),
        speakerAgeMax=scalar(r.get("ageMax")),
    )


async def _record_iri(engine: EngineDep, base: str, m: Minter, record: str) -> Node | None:
    """A record's IRI from its key: the work (by DOI, PMID or title), found through the
    review's inclusion of it."""
    rows = await run_scoped(
        engine,
        base,
        "record-by-key",
        m.review,
        minted=m.inclusion(record),
        citation=Literal(int(record), datatype=XSD.integer) if record.isdigit() else None,
    )
    return rows[0]["record"] if rows else None


def build_router() -> APIRouter:
    """The /api/quotes route."""
    router = APIRouter(tags=["quotes"])
    router.add_api_route(
        "/api/quotes",
        list_quotes,
        methods=["GET"],
        response_model=Page[QuoteSummary],
        summary="Quotes, filtered by theme, record, study, speaker, kind and text",
    )
    return router
