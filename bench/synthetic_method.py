"""Review-level rows of a synthetic review: the review itself, its method and its statistics."""

from __future__ import annotations

import random

from bench.profile import Profile
from bench.synthetic_text import authors as _authors
from bench.synthetic_text import text as _text
from ingest.schema import REVIEW_TYPES

__all__ = ["aggregates", "method_rows", "review_row"]

Row = dict[str, str]

DATABASES = ("MEDLINE", "PsycINFO", "CINAHL", "Scopus", "Web of Science", "Embase", "ASSIA")
FLOW = (
    "identified",
    "duplicates-removed",
    "screened",
    "excluded-at-screening",
    "full-text-assessed",
    "excluded-at-full-text",
    "included",
)


def aggregates(studies: list[Row], records: list[Row], themes: list[Row]) -> list[Row]:
    sizes = sorted(int(s["sample_size"]) for s in studies)
    years = sorted(int(r["year"]) for r in records)
    n = len(studies)
    mid = len(sizes) // 2
    median = sizes[mid] if len(sizes) % 2 else (sizes[mid - 1] + sizes[mid]) / 2
    rows = [
        ("sample-size", "minimum", "", sizes[0], "participants"),
        ("sample-size", "maximum", "", sizes[-1], "participants"),
        ("sample-size", "median", "", median, "participants"),
        ("sample-size", "total", "", sum(sizes), "participants"),
        ("publication-year", "minimum", "", years[0], "years"),
        ("publication-year", "maximum", "", years[-1], "years"),
    ]
    for code in sorted({s["country"] for s in studies}):
        count = sum(1 for s in studies if s["country"] == code)
        rows.append(("country", "count", code, count, "studies"))
    out = [
        {
            "stat_id": f"G{i:02d}",
            "variable": variable,
            "statistic": statistic,
            "category": category,
            "value": str(value),
            "unit": unit,
            "denominator": f"{n} studies",
            "as_printed": f"{statistic} {variable} {category} {value}".replace("  ", " "),
        }
        for i, (variable, statistic, category, value, unit) in enumerate(rows, start=1)
    ]
    theme = themes[0]
    out.append(
        {
            "stat_id": f"G{len(out) + 1:02d}",
            "variable": "theme-support",
            "statistic": "count",
            "value": theme["stated_record_count"],
            "unit": "records",
            "denominator": f"{len(records)} records",
            "record_ids": "; ".join(r["record_id"] for r in records[:3]),
            "theme_id": theme["theme_id"],
            "as_printed": f"all {len(records)} articles",
        }
    )
    return out


def method_rows(rng: random.Random, profile: Profile) -> dict[str, list[Row]]:
    """Search sources, screening stages, PRISMA counts and criteria."""
    names = rng.sample(DATABASES, min(len(DATABASES), rng.randint(*profile.search_sources) - 1))
    sources = [
        {"source_id": f"D{i}", "name": name, "kind": "bibliographic-database"}
        | {"platform": rng.choice(("Ovid", "EBSCOhost", "")), "fields_searched": "title, abstract"}
        for i, name in enumerate(names, start=1)
    ]
    sources.append({"source_id": "H1", "name": "reference lists", "kind": "hand-search"})
    stages = (
        "title-abstract-screening",
        "full-text-screening",
        "quality-appraisal",
        "data-extraction",
        "coding",
    )
    screening = [
        {
            "stage_id": f"ST{i}",
            "stage": stage,
            "position": str(i),
            "performed_by": "AB",
            "checked_by": "CD",
            "checked_share": str(rng.choice((10, 20, 100))),
            "checked_description": _text(rng, 6, 14),
            "software": rng.choice(("Rayyan", "NVivo", "Covidence")),
            "cohen_kappa": f"{rng.uniform(0.6, 0.95):.2f}",
            "kappa_interpretation": rng.choice(("strong", "moderate")),
            "disagreements": _text(rng, 5, 12),
            "description": _text(rng, 8, 20),
        }
        for i, stage in enumerate(stages, start=1)
    ]
    identified = rng.randint(800, 4000)
    counts = [identified]
    for share in (0.3, None, 0.9, None, 0.8, None):
        counts.append(int(counts[-1] * share) if share else counts[-2] - counts[-1])
    prisma = [
        {"count_id": f"P{i}", "flow_stage": stage, "unit": "records", "literature": "all"}
        | {"count": str(max(0, c))}
        for i, (stage, c) in enumerate(zip(FLOW, counts, strict=True), start=1)
    ]
    criteria = [
        {
            "criterion_id": f"C{i}",
            "kind": rng.choice(("inclusion", "inclusion", "exclusion")),
            "category": rng.choice(("study-design", "participants", "intervention", "language")),
            "text": _text(rng, 6, 18),
        }
        for i in range(1, rng.randint(*profile.criteria) + 1)
    ]
    return {
        "search_sources.csv": sources,
        "screening.csv": screening,
        "prisma.csv": prisma,
        "criteria.csv": criteria,
    }


def review_row(rid: str, index: int, rng: random.Random, n_sub: str) -> Row:
    return {
        "review_id": rid,
        "title": _text(rng, 10, 20),
        "authors": "; ".join(_authors(rng, rng.randint(2, 6))),
        "journal": "BMC Health Services Research",
        "year": str(rng.randint(2015, 2025)),
        "volume": str(rng.randint(10, 25)),
        "article_number": str(rng.randint(100, 1500)),
        "doi": f"10.5555/spkg-bench.review.{index}",
        "protocol_registration": f"CRD42{rng.randint(10**9, 10**10 - 1)}",
        "review_question": _text(rng, 10, 20),
        "aims": _text(rng, 15, 30),
        "review_type": rng.choice(REVIEW_TYPES),
        "synthesis_method": "thematic synthesis",
        "search_date": f"{rng.randint(2014, 2024)}-{rng.randint(1, 12):02d}",
        "search_start": "database inception",
        "languages": "en",
        "languages_found": "en",
        "date_restrictions": "none",
        "hand_searching": "yes",
        "lived_experience_involvement": _text(rng, 6, 14),
        "reporting_guideline": "PRISMA",
        "stated_subtheme_count": n_sub,
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }
