"""The rows of one synthetic review, coherent across its files (see `bench.generate`)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from bench.profile import Profile
from bench.synthetic_method import aggregates, method_rows, review_row
from bench.synthetic_text import SURNAMES, shared_record
from bench.synthetic_text import authors as _authors
from bench.synthetic_text import text as _text
from bench.synthetic_text import yn as _yn
from ingest.schema import ACTIVITY_TYPES, INSTRUMENTS, INTERVENTION_TYPES

__all__ = ["Review", "build_review", "shared_record"]

Row = dict[str, str]

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


@dataclass
class Review:
    """One review's rows per data file, and the cells that must stay filled."""

    review_id: str
    files: dict[str, list[Row]]
    protected: set[tuple[str, str]] = field(default_factory=set)


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
    lonely: dict[str, str] = {}  # the records of one study agree on it
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
                "only_part_lonely": lonely.setdefault(study_id, _yn(rng.random() < 0.6)),
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


_THREE_ANSWERS = (("yes", "no", "cant-tell"), (0.75, 0.15, 0.1))


def _appraisal(rng: random.Random, records: list[Row], profile: Profile) -> list[Row]:
    rows = []
    for record in records:
        aacods = record["appraisal_tool"] == "AACODS"
        if aacods or rng.random() < profile.item_appraisal_share:
            for item in AACODS_ITEMS if aacods else CASP_ITEMS:
                # AACODS answers on a yes/no scale (ingest.schema.values.TOOL_ANSWERS)
                scale = (("yes", "no"), (0.85, 0.15)) if aacods else _THREE_ANSWERS
                answer = rng.choices(*scale)[0]
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
        "review.csv": [review_row(rid, index, rng, themes[0].get("stated_subtheme_count", ""))],
        **method_rows(rng, profile),
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
        "aggregates.csv": aggregates(studies, records, themes),
        "statements.csv": statements,
        "value_sources.csv": [],
    }
    # Theme counts and the first theme's statement hold the aggregates and support together.
    protected = {("themes.csv", "stated_all_records"), ("themes.csv", "stated_record_count")}
    protected |= {("records.csv", "appraisal_tool"), ("records.csv", "only_part_lonely")}
    return Review(rid, files, protected)
