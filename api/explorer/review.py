"""The review page: its citation, PRISMA picture, search and screening, each reported statistic
with its check, the review's inconsistencies, its themes with their findings and the Summary of
Qualitative Findings (also as CSV).

Data: `api.rest.reviews.review_detail`, `api.rest.inconsistencies.review_inconsistencies`,
themes.rq, review-findings.rq and the review's lookup tables.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from api.deps import EngineDep, SettingsDep
from api.engine.engine import QueryEngine
from api.explorer.common import alternates, figure_url, jsonld, local, page, review_index
from api.explorer.findings import CERQUAL, findings_of, soqf_csv
from api.rest.inconsistencies import review_inconsistencies
from api.rest.keys import ReviewKey, minter
from api.rest.named import run_select
from api.rest.products import review_constructs, review_study_findings, review_translations
from api.rest.reviews import review_detail
from api.rest.themes import theme_tree
from ingest.formats import FORMATS

__all__ = ["review_page", "soqf"]

logger = logging.getLogger(__name__)

QUERIES = (
    "describe",
    "node",
    "review-parts",
    "review-checks",
    "inconsistencies",
    "themes",
    "review-findings",
    "constructs",
    "translations",
    "study-findings",
)

# extraction status (spkg individual's local name) → how the page says it
_EXTRACTION = {
    "CompleteExtraction": "complete",
    "PartialExtraction": "partial",
    "ReviewOnlyExtraction": "review-only",
}


def _extraction(detail: dict[str, Any], extracted: int) -> dict[str, Any] | None:
    """ "4 of 15 studies extracted (partial)": the review's declared status and study count."""
    status = detail.get("extractionStatus")
    iri = status.get("id") if isinstance(status, dict) else status
    name = _EXTRACTION.get(str(iri or "").rsplit("#", 1)[-1].rsplit(":", 1)[-1])
    total = detail.get("includedStudyCount")
    if name is None and total is None:
        return None
    of = f" of {total}" if total is not None else ""
    return {"status": name, "text": f"{extracted}{of} studies extracted"}


def _kind(detail: dict[str, Any]) -> str | None:
    """The review's kind as its key says it (`id/review-kind/meta-ethnography` → "meta
    ethnography"): the concept of the ontology's review-kinds scheme that review.csv names."""
    kind = detail.get("reviewKind")
    if isinstance(kind, dict) and kind.get("label"):
        return str(kind["label"]).replace("-", " ")
    iri = kind.get("id") if isinstance(kind, dict) else kind
    if not iri:
        return None
    return str(iri).rstrip("/").rsplit("/", 1)[-1].replace("-", " ")


def _synthesised(findings: list[Any], base: str) -> list[dict[str, Any]]:
    """Study findings grouped synthesised finding → category → findings, in printed order."""
    tree: dict[str, dict[str, Any]] = {}
    for f in findings:
        top = f.synthesisedFinding or f.inCategory
        head = tree.setdefault(
            top.id if top else "",
            {
                "label": top.label if top else None,
                "href": local(top.id, base) if top else None,
                "categories": {},
            },
        )
        cat = f.inCategory
        group = head["categories"].setdefault(
            cat.id if cat else "",
            {
                "label": cat.label if cat else None,
                "href": local(cat.id, base) if cat else None,
                "findings": [],
            },
        )
        group["findings"].append(f)
    return [{**h, "categories": list(h["categories"].values())} for h in tree.values()]


def _authors(detail: dict[str, Any]) -> str:
    return str(detail.get("authorsAsPrinted") or "")


def _citation(detail: dict[str, Any]) -> str:
    """The review as a reference list prints it."""
    parts = [
        _authors(detail),
        f"({detail['issued']})" if detail.get("issued") else "",
        f"{detail.get('title', '')}.",
        str(detail.get("venue") or ""),
        str(detail.get("volume") or ""),
        str(detail.get("articleNumber") or ""),
    ]
    text = " ".join(p for p in parts if p)
    return f"{text}. doi:{detail['doi']}" if detail.get("doi") else text


def _themes(tree: list[Any], findings: list[dict[str, Any]], base: str) -> list[dict[str, Any]]:
    by_theme: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        if f["theme"] is not None:
            by_theme.setdefault(f["theme"]["id"], []).append(f)
    out = []
    for t in tree:
        out.append(
            {
                "href": local(t.id, base),
                "label": t.label,
                "records": t.recordCount,
                "quotes": t.quoteCount,
                "findings": by_theme.get(t.id, []),
                "subthemes": _themes(t.subthemes, findings, base),
            }
        )
    return out


async def review_page(
    request: Request, engine: QueryEngine, base: str, review: str, path: str
) -> HTMLResponse:
    """The HTML page of `review`."""
    detail = (await review_detail(engine, base, review)).model_dump(exclude_none=True)
    index = await review_index(engine, base, review)
    findings = await findings_of(engine, base, review, index)
    rows = await run_select(engine, base, "themes", review=minter(review, base).review_iri())
    inconsistencies = [
        {
            **i.model_dump(),
            "targets": [{"href": local(t.id, base), "label": t.label} for t in i.targets],
        }
        for i in await review_inconsistencies(engine, base, review)
    ]
    constructs = await review_constructs(engine, base, review)
    study_findings = await review_study_findings(engine, base, review)
    title = str(detail.get("title") or review)
    node = {
        "@type": "ScholarlyArticle",
        "@id": detail["id"],
        "name": title,
        "datePublished": detail.get("issued"),
        "sameAs": f"https://doi.org/{detail['doi']}" if detail.get("doi") else None,
        "author": detail.get("authorsAsPrinted"),
        "citation": [{"@id": r["id"]} for r in index.records.values()],
    }
    return page(
        "review.html",
        title=title,
        review=review,
        detail=detail,
        citation=_citation(detail),
        prisma_svg=figure_url(request, review, "prisma", "svg"),
        prisma_png=figure_url(request, review, "prisma", "png"),
        themes=_themes(theme_tree(rows, base), findings, base),
        findings=findings,
        extraction=_extraction(detail, len(index.studies)),
        kind=_kind(detail),
        constructs=constructs,
        line_of_argument=[c for c in constructs if c.lineOfArgument],
        translations=await review_translations(engine, base, review),
        synthesised=_synthesised(study_findings, base),
        local=local,
        cerqual=CERQUAL,
        studies=sorted(index.studies.values(), key=lambda s: str(s["label"])),
        inconsistencies=inconsistencies,
        comparisons=detail.get("comparisons", []),
        alternates=alternates(path),
        jsonld=jsonld({k: v for k, v in node.items() if v is not None}),
        queries=[f"/api/queries/{q}.rq" for q in QUERIES],
    )


async def soqf(review: ReviewKey, engine: EngineDep, settings: SettingsDep) -> Response:
    """The review's Summary of Qualitative Findings as CSV. Backed by `review-findings.rq`."""
    base = settings.base_iri
    await review_detail(engine, base, review)  # 404 for a review the store does not hold
    index = await review_index(engine, base, review)
    body = soqf_csv(await findings_of(engine, base, review, index))
    return Response(
        body,
        media_type=FORMATS["csv"].content_type,
        headers={"Content-Disposition": f'inline; filename="{review}-soqf.csv"'},
    )
