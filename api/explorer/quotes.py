"""The quote finder: a text search over the quotes with filters for theme, the speaker's gender,
age and role, the study's country and intervention type, and the review. Every result links to
its theme, record and study.

Data: quotes.rq, the query of /api/quotes, with the same parameters bound the same way (the
search text is a bound literal, never pasted); country and intervention type are read from the
review's studies.rq and interventions.rq rows.
"""

from __future__ import annotations

import logging
import re
from typing import Annotated, Any

from fastapi import Query
from fastapi.responses import HTMLResponse
from rdflib import Literal

from api.deps import EngineDep, SettingsDep
from api.explorer.common import (
    FormField,
    InvalidFilterError,
    ReviewIndex,
    choice,
    jsonld,
    local,
    number,
    page,
    review_index,
)
from api.explorer.quotes_view import quote_view
from api.rest.keys import KEY_PATTERN, minter
from api.rest.models import ThemeSummary
from api.rest.named import review_keys, run_scoped, run_select
from api.rest.quotes import _GENDER, _KIND, Gender, QuoteKind, speaker_roles
from api.rest.studies import Country
from api.rest.themes import theme_tree
from ingest.namespaces import XSD, spkg_ns

__all__ = ["quote_finder"]

logger = logging.getLogger(__name__)

LIMIT = 200
QUERIES = ("quotes", "speaker-roles", "studies", "interventions", "review-records", "themes")


def _age(value: int | None) -> Literal | None:
    return None if value is None else Literal(value, datatype=XSD.integer)


async def _themes(engine: EngineDep, base: str, review: str) -> list[dict[str, Any]]:
    """The review's themes in printed order, each after its parent, at any depth."""
    rows = await run_select(engine, base, "themes", review=minter(review, base).review_iri())
    out: list[dict[str, Any]] = []

    def walk(nodes: list[ThemeSummary], depth: int) -> None:
        for node in nodes:
            out.append({"key": node.key, "label": node.label, "sub": depth > 0, "depth": depth})
            walk(node.subthemes, depth + 1)

    walk(theme_tree(rows, base), 0)
    return out


def _passes(
    quote: dict[str, Any], index: ReviewIndex, country: str | None, kind: str | None
) -> bool:
    study = quote.get("study") or {}
    if country and study.get("country") != country:
        return False
    if kind:
        types = {
            str(i["type"]).rsplit("/", 1)[-1]
            for i in index.interventions.get(str(study.get("id")), [])
        }
        if kind not in types:
            return False
    return True


async def quote_finder(
    engine: EngineDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=200, description="Words the quote contains.")] = None,
    review: Annotated[str | None, Query(pattern=f"^$|{KEY_PATTERN}", max_length=200)] = None,
    theme: Annotated[str | None, Query(pattern=f"^$|{KEY_PATTERN}", max_length=200)] = None,
    gender: FormField = None,
    age_from: FormField = None,
    age_to: FormField = None,
    role: FormField = None,
    speaker_role: FormField = None,
    country: FormField = None,
    intervention_type: FormField = None,
) -> HTMLResponse:
    """Quotes found by words and filters. Backed by `quotes.rq` (as /api/quotes).

    The form's fields arrive empty when "any" is chosen, so each is read by `choice`/`number`:
    empty is no filter, anything the form does not offer is a 422."""
    return await _find(
        engine,
        settings.base_iri,
        q,
        review or None,
        theme or None,
        choice(Gender, "gender", gender),
        number("age_from", age_from, 0, 120),
        number("age_to", age_to, 0, 120),
        choice(QuoteKind, "role", role),
        _type_key(speaker_role, "speaker_role"),
        choice(Country, "country", country),
        _type_key(intervention_type),
    )


def _type_key(value: str | None, name: str = "intervention_type") -> str | None:
    if value and not re.fullmatch(KEY_PATTERN, value):
        raise InvalidFilterError(name)
    return value or None


async def _find(
    engine: EngineDep,
    base: str,
    q: str | None,
    review: str | None,
    theme: str | None,
    gender: Gender | None,
    age_from: int | None,
    age_to: int | None,
    role: QuoteKind | None,
    speaker_role: str | None,
    country: Any,
    intervention_type: str | None,
) -> HTMLResponse:
    s = spkg_ns(base)
    text = (q or "").strip() or None
    keys = [review] if review else await review_keys(engine, base)
    roles = await speaker_roles(engine, base, keys)
    if speaker_role and speaker_role not in roles:
        raise InvalidFilterError("speaker_role")
    results: list[dict[str, Any]] = []
    type_labels: dict[str, str] = {}
    for key in keys:
        index = await review_index(engine, base, key)
        for items in index.interventions.values():
            for i in items:
                if i["type"]:
                    type_labels[str(i["type"]).rsplit("/", 1)[-1]] = i["typeLabel"]
        m = minter(key, base)
        role_iri = roles[speaker_role]["iris"].get(key) if speaker_role else None
        if speaker_role and role_iri is None:
            continue  # no quote of this review has a speaker in that role
        rows = await run_scoped(
            engine,
            base,
            "quotes",
            key,
            themeFilter=m.theme(theme) if theme and review else None,
            gender=s[_GENDER[gender]] if gender else None,
            ageFrom=_age(age_from),
            ageTo=_age(age_to),
            kindFilter=s[_KIND[role]] if role else None,
            roleFilter=role_iri,
            q=Literal(text) if text else None,
        )
        for row in rows:
            view = quote_view(row, base, index)
            view["review"] = key
            if _passes(view, index, country.value if country else None, intervention_type):
                results.append(view)
    themes = await _themes(engine, base, review) if review else []
    form = {
        "q": text or "",
        "review": review or "",
        "theme": theme or "",
        "gender": gender.value if gender else "",
        "age_from": age_from,
        "age_to": age_to,
        "role": role.value if role else "",
        "speaker_role": speaker_role or "",
        "country": country.value if country else "",
        "intervention_type": intervention_type or "",
    }
    return page(
        "quotes.html",
        title=f"Quotes: {text}" if text else "Quote finder",
        form=form,
        results=results[:LIMIT],
        total=len(results),
        limit=LIMIT,
        reviews=await review_keys(engine, base),
        themes=themes,
        genders=[g.value for g in Gender],
        roles=[r.value for r in QuoteKind],
        speaker_roles=[(k, v["label"]) for k, v in roles.items()],
        countries=[c.value for c in Country],
        types=sorted(type_labels.items(), key=lambda x: x[1]),
        api=f"/api/quotes?review={review}" if review else "/api/quotes",
        alternates=[],
        jsonld=jsonld(
            {
                "@type": "SearchResultsPage",
                "name": "Quote finder",
                "mainEntity": [
                    {"@type": "Quotation", "@id": r["id"], "text": r["text"]}
                    for r in results[:LIMIT]
                ],
            }
        ),
        queries=[f"/api/queries/{n}.rq" for n in QUERIES],
        local=local,
    )
