"""The rows of one synthetic review, coherent across its files (see `bench.generate`)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from bench.profile import Profile
from ingest.schema import ACTIVITY_TYPES, INSTRUMENTS, INTERVENTION_TYPES, REVIEW_TYPES

__all__ = ["Review", "build_review", "shared_record"]

Row = dict[str, str]

_WORDS_TEXT = (
    "people group link worker felt community support lonely visit friends talk museum art "
    "garden weekly session confidence belonging purpose sharing helped coming out place "
    "home welcomed together feel better life health wellbeing isolation meet activities "
    "volunteer service family listen walk club lunch morning week again could would never "
    "always really"
)
WORDS = tuple(_WORDS_TEXT.split())
_SURNAMES_TEXT = (
    "Smith Jones Taylor Brown Wilson Evans Thomas Roberts Walker Wright Green Hall Wood "
    "Clarke Hughes Edwards Turner Moore Baker Lewis Harris Martin Cooper King Lee Allen "
    "Young Scott"
)
SURNAMES = tuple(_SURNAMES_TEXT.split())
DATABASES = ("MEDLINE", "PsycINFO", "CINAHL", "Scopus", "Web of Science", "Embase", "ASSIA")
COUNTRY_WEIGHTS = {"GB": 0.7, "CA": 0.15, "US": 0.06, "SE": 0.05, "AU": 0.02, "NL": 0.02}
CONSTRUCT = {
    "ucla-loneliness-scale": "loneliness",
    "de-jong-gierveld-loneliness-scale": "loneliness",
    "wemwbs": "wellbeing",
    "sf-12": "quality-of-life",
    "geriatric-depression-scale": "depression",
    "mos-social-support-survey": "social-support",
}
CASP_ITEMS = tuple(f"casp-{n}" for n in range(1, 11))
AACODS_ITEMS = tuple(
    f"aacods-{n}"
    for n in ("authority", "accuracy", "coverage", "objectivity", "date", "significance")
)
STATEMENT_KINDS = (
    "strength",
    "limitation",
    "implication-for-practice",
    "future-research",
    "conclusion",
    "intervention-summary",
)
FLOW = (
    "identified",
    "duplicates-removed",
    "screened",
    "excluded-at-screening",
    "full-text-assessed",
    "excluded-at-full-text",
    "included",
)


@dataclass
class Review:
    """One review's rows per data file, and the cells that must stay filled."""

    review_id: str
    files: dict[str, list[Row]]
    protected: set[tuple[str, str]] = field(default_factory=set)


def _text(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return (" ".join(words)).capitalize() + "."


def _authors(rng: random.Random, n: int) -> list[str]:
    letters = "ABCDEFGHJKLMNPRSTW"
    return [f"{rng.choice(SURNAMES)} {rng.choice(letters)}{rng.choice(letters)}" for _ in range(n)]


def _yn(flag: bool) -> str:
    return "yes" if flag else "no"


def shared_record(k: int) -> Row:
    """Bibliographic cells of shared paper `k`: identical in every review that includes it."""
    rng = random.Random(f"spkg-bench:shared:{k}")
    authors = _authors(rng, rng.randint(1, 5))
    return {
        "doi": f"10.5555/spkg-bench.shared.{k}",
        "authors": "; ".join(authors),
        "first_author": authors[0].split()[0],
        "year": str(rng.randint(2006, 2023)),
        "title": _text(rng, 8, 16),
        "venue": f"Journal of {rng.choice(SURNAMES)} Studies",
        "locator": f"{rng.randint(1, 40)}({rng.randint(1, 12)}):{rng.randint(1, 900)}",
    }


def _studies(rid: str, rng: random.Random, n: int) -> list[Row]:
    rows = []
    countries, weights = zip(*COUNTRY_WEIGHTS.items(), strict=True)
    for i in range(1, n + 1):
        size = int(min(1200, max(6, math.exp(rng.gauss(math.log(22), 1.0)))))
        female = round(rng.uniform(30, 90), 1)
        other = round(rng.choice((0.0, 0.0, 0.0, rng.uniform(0, 5))), 1)
        age_min = rng.randint(18, 70)
        start_year = rng.randint(2004, 2021)
        rows.append(
            {
                "study_id": f"S{i:02d}",
                "label": f"{rng.choice(SURNAMES)} study {i}",
                "country": rng.choices(countries, weights)[0],
                "data_collection_start": f"{start_year}-{rng.randint(1, 12):02d}",
                "data_collection_end": f"{start_year + 1}-{rng.randint(1, 12):02d}",
                "data_collection_year_stated": _yn(rng.random() < 0.6),
                "sample_size": str(size),
                "female_pct": f"{female}",
                "male_pct": f"{round(100 - female - other, 1)}",
                "other_gender_pct": f"{other}",
                "gender_reported": "yes",
                "age_min": str(age_min),
                "age_max": str(min(120, age_min + rng.randint(5, 40))),
                "age_max_open": _yn(rng.random() < 0.1),
                "ages_reported": "yes",
                "age_note": _text(rng, 3, 8),
                "older_adults_only": _yn(age_min >= 60),
                "population": _text(rng, 10, 25),
                "notes": _text(rng, 5, 15),
            }
        )
    return rows


def _records(
    rid: str, index: int, rng: random.Random, studies: list[Row], profile: Profile
) -> list[Row]:
    study_ids = [s["study_id"] for s in studies]
    study_ids += [s for s in study_ids if rng.random() < profile.second_record_share]
    shared = {
        rng.randrange(profile.shared_doi_pool)
        for _ in study_ids
        if rng.random() < profile.shared_doi_share
    }
    shared_iter = iter(sorted(shared))
    rows = []
    for n, study_id in enumerate(study_ids, start=1):
        kind = rng.choices(("journal-article", "doctoral-thesis", "report"), (0.9, 0.05, 0.05))[0]
        authors = _authors(rng, rng.randint(1, 6))
        k = next(shared_iter, None)
        biblio = (
            shared_record(k)
            if k is not None
            else {
                "doi": f"10.5555/spkg-bench.{index}.{n}",
                "authors": "; ".join(authors),
                "first_author": authors[0].split()[0],
                "year": str(rng.randint(2006, 2023)),
                "title": _text(rng, 8, 16),
                "venue": f"Journal of {rng.choice(SURNAMES)} Studies",
                "locator": f"{rng.randint(1, 40)}({rng.randint(1, 12)}):{rng.randint(1, 900)}",
            }
        )
        casp = kind == "journal-article"
        follow_up = rng.random() < 0.15
        rows.append(
            {
                "record_id": str(40 + n),
                "citation_number": str(40 + n),
                "study_id": study_id,
                "publication_type": kind,
                "publication_type_as_stated": kind.replace("-", " "),
                "peer_reviewed": _yn(casp),
                **biblio,
                "published_during_covid": _yn(int(biblio["year"]) >= 2020),
                "follow_up": _yn(follow_up),
                "follow_up_description": _text(rng, 4, 10) if follow_up else "",
                "aims": _text(rng, 10, 20),
                "data_collection": rng.choice(("semi-structured interviews", "focus groups")),
                "analysis_method": rng.choice(("thematic analysis", "framework analysis")),
                "original_themes": "; ".join(_text(rng, 2, 5)[:-1] for _ in range(3)),
                "loneliness_assessment": rng.choice(("standardised", "self-report", "both")),
                "only_part_lonely": _yn(rng.random() < 0.6),
                "appraisal_tool": "CASP" if casp else "AACODS",
                "appraisal_score": str(rng.randint(6, 10) if casp else rng.randint(4, 6)),
                "notes": _text(rng, 5, 12),
            }
        )
    return rows


def _interventions(rng: random.Random, studies: list[Row]) -> tuple[list[Row], list[Row]]:
    interventions, activities = [], []
    for study in studies:
        for _ in range(1 if rng.random() < 0.9 else 2):
            iid = f"I{len(interventions) + 1:02d}"
            weeks = rng.choice((6, 8, 10, 12, 26, 52))
            link = rng.random() < 0.85
            interventions.append(
                {
                    "intervention_id": iid,
                    "study_id": study["study_id"],
                    "name": f"{rng.choice(SURNAMES)} {rng.choice(('Connect', 'Wellbeing'))}",
                    "intervention_type": rng.choice(INTERVENTION_TYPES),
                    "description": _text(rng, 15, 35),
                    "link_worker": _yn(link),
                    "link_worker_title": rng.choice(("link worker", "navigator")) if link else "",
                    "setting": _text(rng, 4, 10),
                    "mode": rng.choice(("group", "one-to-one", "mixed")),
                    "duration": f"{weeks} weeks",
                    "duration_weeks": str(weeks),
                }
            )
            for _ in range(rng.randint(1, 3)):
                activities.append(
                    {
                        "activity_id": f"A{len(activities) + 1:02d}",
                        "intervention_id": iid,
                        "activity_type": rng.choice(ACTIVITY_TYPES),
                        "description": _text(rng, 4, 12),
                    }
                )
    return interventions, activities


def _appraisal(rng: random.Random, records: list[Row], profile: Profile) -> list[Row]:
    rows = []
    for record in records:
        aacods = record["appraisal_tool"] == "AACODS"
        if aacods or rng.random() < profile.item_appraisal_share:
            for item in AACODS_ITEMS if aacods else CASP_ITEMS:
                answer = rng.choices(("yes", "no", "cant-tell"), (0.75, 0.15, 0.1))[0]
                rows.append(
                    {"record_id": record["record_id"], "item": item, "answer": answer}
                    | {"note": _text(rng, 3, 8)}
                )
    return rows


def _themes(rng: random.Random, profile: Profile, n_records: int) -> list[Row]:
    rows = []
    for t in range(1, rng.randint(*profile.themes) + 1):
        tid = f"T{t}"
        low, high = profile.subthemes_first if t == 1 else profile.subthemes_other
        n_sub = rng.randint(low, high)
        count = n_records if t == 1 else rng.randint(1, n_records)
        rows.append(
            {
                "theme_id": tid,
                "parent_id": "",
                "position": str(t),
                "label": _text(rng, 3, 8)[:-1],
                "description": _text(rng, 15, 40),
                "stated_record_count": str(count),
                "stated_record_share": f"{round(100 * count / n_records, 1)}",
                "stated_all_records": _yn(t == 1),
                "stated_subtheme_count": str(n_sub + 1) if t == 1 else "",
                "stated_subtheme_count_where": "abstract" if t == 1 else "",
            }
        )
        for s in range(1, n_sub + 1):
            rows.append(
                {
                    "theme_id": f"{tid}.{s}",
                    "parent_id": tid,
                    "position": str(s),
                    "label": _text(rng, 3, 8)[:-1],
                    "description": _text(rng, 15, 40),
                }
            )
    return rows


def _quotes(rng: random.Random, profile: Profile, themes: list[Row], records: list[Row]) -> list:
    rows = []
    for theme in themes:
        for _ in range(rng.randint(*profile.quotes_per_theme)):
            record = rng.choice(records)
            lo = rng.choice((18, 40, 50, 60, 65, 70))
            shape = rng.random()
            label, age_min, age_max = (
                (f"{lo}-{lo + 4} years", str(lo), str(lo + 4))
                if shape < 0.6
                else (f"{lo}+ years", str(lo), "")
                if shape < 0.8
                else ("age not specified", "", "")
            )
            certain = rng.random() < 0.9
            rows.append(
                {
                    "quote_id": f"Q{len(rows) + 1:03d}",
                    "theme_id": theme["theme_id"],
                    "record_id": record["record_id"],
                    "position": str(len(rows) + 1),
                    "kind": rng.choices(("participant", "author-interpretation"), (0.9, 0.1))[0],
                    "kind_certain": _yn(certain),
                    "text": _text(rng, 12, 90),
                    "speaker_gender": rng.choice(("female", "male", "not-specified")),
                    "speaker_age_label": label,
                    "speaker_age_min": age_min,
                    "speaker_age_max": age_max,
                    "note": "" if certain else "the italics that mark the kind were lost",
                }
            )
    return rows


def _support(themes: list[Row], quotes: list[Row], records: list[Row], rng) -> list[Row]:
    support: dict[tuple[str, str], str] = {}
    for theme in themes:
        if theme.get("stated_all_records") == "yes":
            for record in records:
                support[(theme["theme_id"], record["record_id"])] = "stated"
        for record in rng.sample(records, min(len(records), rng.randint(1, 3))):
            support[(theme["theme_id"], record["record_id"])] = "cited"
    for quote in quotes:
        support[(quote["theme_id"], quote["record_id"])] = "quoted"
    return [{"theme_id": t, "record_id": r, "evidence": e} for (t, r), e in sorted(support.items())]


def _findings(rng, profile: Profile, themes: list[Row], support: list[Row]) -> list[Row]:
    rows = []
    for theme in themes:
        backers = [s["record_id"] for s in support if s["theme_id"] == theme["theme_id"]]
        for _ in range(rng.randint(*profile.findings_per_theme)):
            rows.append(
                {
                    "finding_id": f"F{len(rows) + 1:02d}",
                    "theme_id": theme["theme_id"],
                    "kind": rng.choice(("benefit", "benefit", "drawback", "mechanism", "summary")),
                    "statement": _text(rng, 12, 30),
                    "record_ids": "; ".join(sorted(set(rng.sample(backers, min(3, len(backers)))))),
                    "cerqual_confidence": rng.choice(("high", "moderate", "low")),
                    "cerqual_explanation": _text(rng, 8, 20),
                }
            )
    return rows


def _aggregates(studies: list[Row], records: list[Row], themes: list[Row]) -> list[Row]:
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


def _method(rng: random.Random, profile: Profile) -> dict[str, list[Row]]:
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


def _review_row(rid: str, index: int, rng: random.Random, n_sub: str) -> Row:
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


def build_review(rid: str, index: int, profile: Profile, rng: random.Random) -> Review:
    """Every file's rows for one synthetic review."""
    studies = _studies(rid, rng, rng.randint(*profile.studies))
    records = _records(rid, index, rng, studies, profile)
    interventions, activities = _interventions(rng, studies)
    themes = _themes(rng, profile, len(records))
    quotes = _quotes(rng, profile, themes, records)
    support = _support(themes, quotes, records, rng)
    measures = [
        {
            "measure_id": f"M{n:02d}",
            "record_id": record["record_id"],
            "instrument": (inst := rng.choice(INSTRUMENTS)),
            "construct": CONSTRUCT[inst],
            "note": _text(rng, 3, 8),
        }
        for n, record in enumerate(
            (r for r in records if rng.random() < profile.measure_share), start=1
        )
    ]
    statements = [
        {"statement_id": f"N{i:02d}", "kind": rng.choice(STATEMENT_KINDS), "position": str(i)}
        | {"text": _text(rng, 12, 40)}
        for i in range(1, rng.randint(*profile.statements) + 1)
    ]
    files = {
        "review.csv": [_review_row(rid, index, rng, themes[0].get("stated_subtheme_count", ""))],
        **_method(rng, profile),
        "records.csv": records,
        "studies.csv": studies,
        "interventions.csv": interventions,
        "activities.csv": activities,
        "measures.csv": measures,
        "appraisal_items.csv": _appraisal(rng, records, profile),
        "themes.csv": themes,
        "theme_support.csv": support,
        "findings.csv": _findings(rng, profile, themes, support),
        "quotes.csv": quotes,
        "aggregates.csv": _aggregates(studies, records, themes),
        "statements.csv": statements,
        "value_sources.csv": [],
    }
    # Theme counts and the first theme's statement hold the aggregates and support together.
    protected = {("themes.csv", "stated_all_records"), ("themes.csv", "stated_record_count")}
    protected |= {("records.csv", "appraisal_tool")}
    return Review(rid, files, protected)
