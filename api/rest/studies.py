"""/api/studies: the studies of the reviews, filtered and paged, and one study with its sample,
records, appraisal, instruments, interventions, themes and quotes, how complete its extraction
is and where each value comes from.

Queries: studies.rq (list); node.rq, study-related.rq, study-themes.rq (detail).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from enum import StrEnum
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from rdflib import Literal, URIRef
from rdflib.term import Node

from api.deps import EngineDep, SettingsDep
from api.jsonld import api_context
from api.rest.completeness import study_completeness
from api.rest.describe import describe
from api.rest.keys import ItemKey, ReviewKey, ReviewQuery, key_of, minter
from api.rest.models import (
    Page,
    QuoteSummary,
    Ref,
    Resource,
    StudyDetail,
    StudySummary,
    ThemeLink,
    dump,
)
from api.rest.named import review_keys, run_scoped
from api.rest.paging import PageDep, page_across
from api.rest.render import NotFoundError, respond
from api.rest.shape import scalar
from ingest.mapping.terms import PUBLICATION_CLASSES
from ingest.namespaces import XSD, spkg_ns
from ingest.schema import COUNTRIES, PUBLICATION_TYPES

__all__ = ["PublicationType", "build_router"]

logger = logging.getLogger(__name__)

Country = StrEnum("Country", {c: c for c in COUNTRIES})  # type: ignore[misc]


PublicationType = StrEnum(  # type: ignore[misc]
    "PublicationType", {kind.replace("-", "_"): kind for kind in PUBLICATION_TYPES}
)


def _int(value: int | None) -> Literal | None:
    return None if value is None else Literal(value, datatype=XSD.integer)


async def list_studies(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    paging: PageDep,
    review: ReviewQuery = None,
    country: Annotated[
        Country | None, Query(description="Country of the sample (ISO 3166-1 alpha-2).")
    ] = None,
    year_from: Annotated[
        int | None, Query(ge=1900, le=2100, description="A record published in or after.")
    ] = None,
    year_to: Annotated[
        int | None, Query(ge=1900, le=2100, description="A record published in or before.")
    ] = None,
    publication_type: Annotated[
        PublicationType | None, Query(description="A record of the study is of this type.")
    ] = None,
    min_score: Annotated[
        int | None, Query(ge=0, le=10, description="A record's appraisal score is at least.")
    ] = None,
    older_adults_only: Annotated[
        bool | None, Query(description="The sample is (true) or is not (false) older adults only.")
    ] = None,
) -> Response:
    """Studies, filtered. Backed by `api/queries/studies.rq`."""
    base = settings.base_iri
    s = spkg_ns(base)
    filters = {
        "country": Literal(country.value) if country else None,
        "yearFrom": _int(year_from),
        "yearTo": _int(year_to),
        "publicationType": s[PUBLICATION_CLASSES[publication_type]] if publication_type else None,
        "minScore": _int(min_score),
        "olderOnly": Literal(older_adults_only) if older_adults_only is not None else None,
    }

    async def items_of(key: str) -> list[dict[str, Any]]:
        rows = await run_scoped(engine, base, "studies", key, **filters)
        return [dump(_summary(r, base)) for r in rows]

    keys = partial(review_keys, engine, base)
    return respond(request, await page_across(request, paging, review, keys, items_of))


def _summary(r: Mapping[str, Node], base: str) -> StudySummary:
    """One row of studies.rq as the list's item."""
    _, key = key_of(r["study"], base, "study") or ("", str(r["study"]))
    refs = sorted(int(x) for x in str(r.get("refs") or "").split() if x.isdigit())
    return StudySummary(
        id=str(r["study"]),
        key=key,
        review=str(r["review"]),
        label=scalar(r.get("label")),
        countryCode=scalar(r.get("countryCode")),
        sampleSize=scalar(r.get("sampleSize")),
        olderAdultsOnly=scalar(r.get("olderAdultsOnly")),
        citationNumbers=refs,
        firstYear=scalar(r.get("firstYear")),
        lastYear=scalar(r.get("lastYear")),
    )


def _quote(row: dict[str, Any], base: str) -> QuoteSummary:
    return QuoteSummary(
        id=str(row["quote"]),
        key=(key_of(row["quote"], base, "quote") or ("", None))[1],
        text=str(row["text"]),
        kind=api_context(base).compact(str(row["kind"])) if row.get("kind") else None,
        position=scalar(row.get("position")),
        theme=Ref(id=str(row["theme"]), label=scalar(row.get("themeLabel"))),
        record=Ref(id=str(row["record"])),
    )


# The inclusion's own links, not values of the record it is the review's inclusion of.
_INCLUSION_LINKS = frozenset({"id", "type", "inReview", "includedRecord"})


def _merge_inclusion(
    record: dict[str, Any],
    inclusion: dict[str, Any],
    sources: dict[str, Any],
    inclusion_id: str,
    record_id: str,
) -> None:
    """Show what this review says of a record (on its inclusion node: citation number, key,
    study, extracted variables) within the record's payload, with their value sources."""
    for name, value in inclusion.items():
        if name not in _INCLUSION_LINKS and value is not None:
            record.setdefault(name, value)
    found = sources.pop(inclusion_id, None)
    if found:
        sources.setdefault(record_id, {}).update(found)


async def study_detail(engine: EngineDep, base: str, review: str, key: str) -> StudyDetail:
    """The study resource with everything that hangs off it."""
    iri = minter(review, base).study(key)
    study = await describe(engine, base, iri, review, sources=True)
    if study is None:
        raise NotFoundError("study", f"{review}/{key}")
    related: dict[str, list[tuple[URIRef, str | None]]] = defaultdict(list)
    for row in await run_scoped(engine, base, "study-related", review, study=iri):
        owner = str(row["owner"]) if row.get("owner") is not None else None
        related[str(row["role"])].append((URIRef(str(row["resource"])), owner))
    described: dict[str, dict[str, Any]] = {}
    for role_items in related.values():
        for resource, _ in role_items:
            if str(resource) not in described:
                node = await describe(engine, base, resource, review, sources=True)
                described[str(resource)] = node or {"id": str(resource), "type": []}
    sources = {"study": study.pop("valueSources", {})}

    def take(resource: URIRef | str) -> dict[str, Any]:
        node = dict(described[str(resource)])
        found = node.pop("valueSources", {})
        if found:
            sources[str(resource)] = found
        return node

    records = []
    for resource, _ in sorted(related["record"], key=lambda x: str(x[0])):
        record = take(resource)
        for inclusion, owner in related["inclusion"]:
            if owner == str(resource):
                _merge_inclusion(record, take(inclusion), sources, str(inclusion), str(resource))
        record["appraisal"] = next(
            (take(a) for a, owner in related["appraisal"] if owner == str(resource)), None
        )
        record["measures"] = [
            take(m) for m, owner in related["measurement"] if owner == str(resource)
        ]
        records.append({k: v for k, v in record.items() if v is not None})
    interventions = []
    for resource, _ in sorted(related["intervention"], key=lambda x: str(x[0])):
        node = take(resource)
        node["activities"] = [take(a) for a, owner in related["activity"] if owner == str(resource)]
        interventions.append(node)
    sample_items = related["sample"]
    sample = take(sample_items[0][0]) if sample_items else None
    links: dict[tuple[str, str], set[str]] = defaultdict(set)
    labels: dict[str, Any] = {}
    quotes: dict[str, QuoteSummary] = {}
    for row in await run_scoped(engine, base, "study-themes", review, study=iri):
        pair = (str(row["theme"]), str(row["record"]))
        links[pair].add(str(row.get("evidence") or "stated"))
        labels[str(row["theme"])] = scalar(row.get("themeLabel"))
        if row.get("quote") is not None:
            quotes[str(row["quote"])] = _quote(row, base)
    themes = [
        ThemeLink(theme=Ref(id=t, label=labels.get(t)), record=Ref(id=r), evidence=sorted(ev))
        for (t, r), ev in sorted(links.items())
    ]
    variables = [
        (str(r["notation"]), str(r["level"]), str(r["target"]) if r.get("target") else None)
        for r in await run_scoped(engine, base, "study-variables", review, study=iri)
    ]
    completeness = study_completeness(study, sample, records, api_context(base), variables)
    return StudyDetail(
        **study,
        sample=Resource(**sample) if sample else None,
        records=[Resource(**r) for r in records],
        interventions=[Resource(**i) for i in interventions],
        themesSupported=themes,
        quotes=sorted(quotes.values(), key=lambda q: (q.position or 0, q.id)),
        completeness=completeness,
        valueSources=sources,
    )


async def get_study(
    request: Request, review: ReviewKey, study: ItemKey, engine: EngineDep, settings: SettingsDep
) -> Response:
    """One study. Backed by `node.rq`, `study-related.rq` and `study-themes.rq`."""
    return respond(request, await study_detail(engine, settings.base_iri, review, study))


def build_router() -> APIRouter:
    """The /api/studies routes."""
    router = APIRouter(prefix="/api/studies", tags=["studies"])
    router.add_api_route(
        "",
        list_studies,
        methods=["GET"],
        response_model=Page[StudySummary],
        summary="List studies, filtered by country, years, publication type, appraisal, age",
    )
    router.add_api_route(
        "/{review}/{study}",
        get_study,
        methods=["GET"],
        response_model=StudyDetail,
        summary="One study with its records, sample, interventions, themes, quotes, sources",
    )
    return router
