"""What a review's data yields for the statistics it reports (median sample size, studies per
country …), computed from review-study-facts.rq rows so that each reported value can be shown
beside the value the data gives."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rdflib.term import Node

from api.rest.shape import scalar

__all__ = ["StudyFacts", "compute", "country_counts"]

_SUMMARIES: dict[str, Callable[[list[float]], float]] = {
    "minimum": min,
    "maximum": max,
    "median": statistics.median,
    "mean": statistics.mean,
    "total": sum,
}


class StudyFacts:
    """Per-study and per-record values of one review, de-duplicated from the query's rows."""

    def __init__(self, rows: Iterable[Mapping[str, Node]]) -> None:
        self.studies: dict[str, dict[str, Any]] = {}
        self.records: dict[str, dict[str, Any]] = {}
        for row in rows:
            study = self.studies.setdefault(str(row["study"]), {})
            for name in (
                "sampleSize",
                "minimumAge",
                "maximumAge",
                "femalePercent",
                "olderAdultsOnly",
                "country",
            ):
                if row.get(name) is not None:
                    study[name] = scalar(row[name])
            if row.get("record") is None:
                continue
            record = self.records.setdefault(str(row["record"]), {})
            for name in ("year", "peerReviewed", "covid", "followUp", "onlyPart", "score"):
                if row.get(name) is not None:
                    value = scalar(row[name])
                    record[name] = int(str(value)[:4]) if name == "year" else value
            for name in ("publicationType", "assessment", "tool"):
                if row.get(name) is not None:
                    record[name] = str(row[name]).rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def study_values(self, name: str) -> list[float]:
        return [float(s[name]) for s in self.studies.values() if s.get(name) is not None]

    def record_values(self, name: str) -> list[float]:
        return [float(r[name]) for r in self.records.values() if r.get(name) is not None]


def country_counts(facts: StudyFacts) -> dict[str, int]:
    """Studies per country code in the data."""
    counts = Counter(str(s["country"]) for s in facts.studies.values() if s.get("country"))
    return dict(sorted(counts.items()))


# Words of a printed category → the record's publication type.
_TYPE_WORDS = (("thesis", "DoctoralThesis"), ("report", "Report"), ("journal", "JournalArticle"))
_RANGE = re.compile(r"(?:(CASP|AACODS)\s*)?(?:(under)\s*(\d+)|(\d+)(?:\s*-\s*(\d+))?)?$", re.I)


def _score_count(recs: Iterable[dict[str, Any]], category: str) -> float | None:
    """Records of a printed appraisal category: `CASP`, `AACODS 5`, `CASP 6-7`, `CASP under 5`."""
    match = _RANGE.match(category.strip())
    if not match:
        return None
    tool, under, limit, low, high = match.groups()

    def fits(r: dict[str, Any]) -> bool:
        if tool and r.get("tool") != tool.upper():
            return False
        score = r.get("score")
        if under:
            return score is not None and score < int(limit)
        if low:
            return score is not None and int(low) <= score <= int(high or low)
        return True

    return float(sum(1 for r in recs if fits(r)))


def _count_true(values: Iterable[Any]) -> int:
    return sum(1 for v in values if v is True)


def _category_count(facts: StudyFacts, variable: str, category: str | None) -> float | None:
    recs = facts.records.values()
    if variable == "country":
        return float(sum(1 for s in facts.studies.values() if s.get("country") == category))
    if variable == "older-adults-only":
        return float(_count_true(s.get("olderAdultsOnly") for s in facts.studies.values()))
    flags = {
        "published-during-covid": "covid",
        "follow-up": "followUp",
        "only-part-lonely": "onlyPart",
    }
    if variable in flags:
        return float(_count_true(r.get(flags[variable]) for r in recs))
    if variable == "publication-type" and category:
        wanted = next((t for word, t in _TYPE_WORDS if word in category.lower()), None)
        return float(sum(1 for r in recs if r.get("publicationType") == wanted))
    if variable == "loneliness-assessment" and category:
        wanted = {
            "standardised": "StandardisedMeasure",
            "self-report": "SelfReport",
            "both": "StandardisedAndSelfReport",
        }.get(category, category)
        return float(sum(1 for r in recs if r.get("assessment") == wanted))
    if variable == "appraisal-score" and category:
        return _score_count(recs, category)
    return None


def compute(facts: StudyFacts, variable: str, statistic: str, category: str | None) -> float | None:
    """The value the data yields for one reported statistic, None when it cannot be computed."""
    if statistic in _SUMMARIES:
        values = {
            "sample-size": facts.study_values("sampleSize"),
            "female-share": facts.study_values("femalePercent"),
            "publication-year": facts.record_values("year"),
            "appraisal-score": facts.record_values("score"),
        }.get(variable)
        if variable == "participant-age":
            values = facts.study_values("minimumAge" if statistic == "minimum" else "maximumAge")
        if not values:
            return None
        return round(float(_SUMMARIES[statistic](values)), 2)
    if statistic == "count":
        return _category_count(facts, variable, category)
    if statistic == "share":
        count = _category_count(facts, variable, category)
        total = len(facts.studies)
        return None if count is None or not total else round(100 * count / total, 1)
    return None
