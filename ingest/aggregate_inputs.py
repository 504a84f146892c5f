"""What a reported statistic is over: one input per study or record, known or the range it may take.

The rules of `ingest.aggregate_checks`, one per variable of aggregates.csv: which file's rows
the statistic summarises, which column holds each row's value, and which rows belong (a mean
over "studies specifying gender", a count among the records appraised with CASP). A value not
known is the whole range its column allows by the schema (a sample size is at least 1, a share
lies in 0-100, a CASP score in 0-10); a category membership not known is 0 or 1. A row whose
own membership is not known may be absent too, so its range also covers 0. None of these ever
reads an unknown as 0 or "no".
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ingest.review_data import ReviewData, Row
from ingest.schema import PUBLICATION_TYPES, TOOL_MAXIMA, file_schema
from ingest.topic_variables import Declaration, declarations, variable_values

__all__ = ["SUMMARIES", "Input", "Inputs", "Number", "inputs_of"]

logger = logging.getLogger(__name__)

Number = Fraction | float  # a float only for an unbounded end (±math.inf)
SUMMARIES = ("minimum", "maximum", "median", "mean", "total")
_COUNTS = ("count", "share")
_ZERO, _ONE = Fraction(0), Fraction(1)


@dataclass(frozen=True)
class Input:
    """One study's or record's value: known when `low == high`, else the range it may take."""

    low: Number
    high: Number
    supplementary: bool = False  # the known value is a cell listed in value_sources.csv

    @property
    def known(self) -> bool:
        return self.low == self.high


@dataclass(frozen=True)
class Inputs:
    """The inputs of one statistic and what they are (`studies` or `records`)."""

    unit: str
    items: tuple[Input, ...]


Members = Sequence[tuple[Row, bool | None]]  # a row and whether it belongs (None: not known)
_UNITS = {"studies.csv": "studies", "records.csv": "records"}


def _domain(file: str, column: str) -> tuple[Number, Number]:
    spec = file_schema(file).by_name[column]
    low = Fraction(str(spec.minimum)) if spec.minimum is not None else -math.inf
    high = Fraction(str(spec.maximum)) if spec.maximum is not None else math.inf
    return low, high


def _listed(data: ReviewData, row: Row, *columns: str) -> bool:
    return any(data.is_listed(row.file, row.key_text, c) for c in columns)


def _numbers(
    data: ReviewData,
    file: str,
    members: Members,
    column: str,
    open_column: str | None = None,
    ceiling: Callable[[Row], Number] | None = None,
) -> Inputs:
    """A numeric column's inputs (`open_column` true: the value is a lower bound, as "81+")."""
    out = []
    for row, member in members:
        low, high = _domain(file, column)
        if ceiling is not None:
            high = ceiling(row)
        value = row.get(column)
        if member is None:
            out.append(Input(min(low, _ZERO), max(high, _ZERO)))
        elif value is None:
            out.append(Input(low, high))
        elif open_column is not None and row.get(open_column) is True:
            out.append(Input(Fraction(str(value)), high))
        else:
            v = Fraction(str(value))
            out.append(Input(v, v, _listed(data, row, column)))
    return Inputs(_UNITS[file], tuple(out))


def _flags(
    data: ReviewData,
    file: str,
    members: Members,
    columns: tuple[str, ...],
    test: Callable[[Row], bool | None],
) -> Inputs:
    """Membership of a category: 1, 0, or either when `test` (or the row's membership) is None."""
    out = []
    for row, member in members:
        hit = test(row)
        if member is None or hit is None:
            out.append(Input(_ZERO, _ONE))
        else:
            out.append(Input(Fraction(hit), Fraction(hit), _listed(data, row, *columns)))
    return Inputs(_UNITS[file], tuple(out))


def _every(data: ReviewData, file: str) -> Members:
    return [(r, True) for r in data.rows(file)]


def _unless(data: ReviewData, file: str, column: str) -> Members:
    """Rows whose `column` is not false (a study that says it reports no ages is left out)."""
    rows = data.rows(file)
    return [
        (r, None if r.get(column) is None else True) for r in rows if r.get(column) is not False
    ]


def _matching(data: ReviewData, file: str, column: str, wanted: object) -> Members:
    """Rows whose `column` is `wanted`, and rows where it is empty (membership not known)."""
    out: list[tuple[Row, bool | None]] = []
    for row in data.rows(file):
        value = row.get(column)
        if value is None or value == wanted:
            out.append((row, None if value is None else True))
    return out


def _is(column: str, wanted: object) -> Callable[[Row], bool | None]:
    def test(row: Row) -> bool | None:
        value = row.get(column)
        return None if value is None else value == wanted

    return test


# The flag that says a study reports a variable at all ("Two studies did not specify ages").
_REPORTED_FLAG = {"participant-age": "ages_reported", "female-share": "gender_reported"}
_YES_NO = {
    "older-adults-only": ("studies.csv", "older_adults_only"),
    "published-during-covid": ("records.csv", "published_during_covid"),
    "follow-up": ("records.csv", "follow_up"),
}
# Words of a printed publication category → the publication_type of records.csv.
_PUBLICATION_WORDS = (
    ("thesis", "doctoral-thesis"),
    ("report", "report"),
    ("journal", "journal-article"),
)
_BAND = re.compile(
    r"(?P<tool>[A-Za-z]+)?\s*(?:(?P<under>under)\s*(?P<limit>\d+)|(?P<low>\d+)(?:\s*-\s*(?P<high>\d+))?)?$",
    re.IGNORECASE,
)


def _score_band(category: str) -> tuple[str | None, int, int] | None:
    """(tool, lowest, highest score) of `CASP 6-7`, `CASP under 5`, `AACODS 5`, `CASP`."""
    match = _BAND.match(category.strip())
    if match is None or not category.strip():
        return None
    tool = match["tool"]
    if tool is not None:
        tool = next((t for t in TOOL_MAXIMA if t.lower() == tool.lower()), None)
        if tool is None:
            return None
    if match["under"]:
        return tool, 0, int(match["limit"]) - 1
    if match["low"]:
        return tool, int(match["low"]), int(match["high"] or match["low"])
    return tool, 0, TOOL_MAXIMA.get(tool or "", max(TOOL_MAXIMA.values()))


def _appraised(data: ReviewData, tool: str | None) -> Members:
    if tool is None:
        return _every(data, "records.csv")
    return _matching(data, "records.csv", "appraisal_tool", tool)


def inputs_of(
    data: ReviewData, variable: str, statistic: str, category: str | None, theme: str | None
) -> Inputs | None:
    """The inputs of one statistic of aggregates.csv, None when no rule computes it."""
    declared = declarations(data).get(variable)
    if declared is not None:
        return _declared_inputs(data, declared, statistic, category)
    if statistic in SUMMARIES:
        return _summary_inputs(data, variable, statistic, category)
    if statistic not in _COUNTS:
        return None
    if category == "not specified" and variable in _REPORTED_FLAG:
        flag = _REPORTED_FLAG[variable]
        studies = _every(data, "studies.csv")
        return _flags(data, "studies.csv", studies, (flag,), _is(flag, False))
    if variable in _YES_NO:
        file, column = _YES_NO[variable]
        return _flags(data, file, _every(data, file), (column,), _is(column, True))
    if variable == "theme-support":
        return None if theme is None else _theme_support(data, theme)
    if category:
        return _category_inputs(data, variable, category)
    return None


def _category_inputs(data: ReviewData, variable: str, category: str) -> Inputs | None:
    records = _every(data, "records.csv")
    if variable == "country":
        studies = _every(data, "studies.csv")
        return _flags(data, "studies.csv", studies, ("country",), _is("country", category))
    if variable == "publication-type":
        words = category.lower()
        wanted = category if category in PUBLICATION_TYPES else None
        wanted = wanted or next((t for word, t in _PUBLICATION_WORDS if word in words), None)
        if wanted is None:
            return None
        test = _is("publication_type", wanted)
        return _flags(data, "records.csv", records, ("publication_type",), test)
    if variable == "appraisal-score":
        band = _score_band(category)
        if band is None:
            return None
        tool, low, high = band

        def in_band(row: Row) -> bool | None:
            score = row.get("appraisal_score")
            return None if score is None else low <= int(str(score)) <= high

        members = _appraised(data, tool)
        columns = ("appraisal_tool", "appraisal_score")
        return _flags(data, "records.csv", members, columns, in_band)
    return None


def _summary_inputs(
    data: ReviewData, variable: str, statistic: str, category: str | None
) -> Inputs | None:
    if variable == "sample-size":
        return _numbers(data, "studies.csv", _every(data, "studies.csv"), "sample_size")
    if variable == "publication-year":
        return _numbers(data, "records.csv", _every(data, "records.csv"), "year")
    if variable == "female-share":
        members = _unless(data, "studies.csv", "gender_reported")
        return _numbers(data, "studies.csv", members, "female_pct")
    if variable == "participant-age" and statistic in ("minimum", "maximum"):
        members = _unless(data, "studies.csv", "ages_reported")
        if statistic == "minimum":
            return _numbers(data, "studies.csv", members, "age_min")
        return _numbers(data, "studies.csv", members, "age_max", open_column="age_max_open")
    if variable == "appraisal-score":
        band = _score_band(category or "")
        tool = band[0] if band else None

        def top(row: Row) -> Number:
            named = row.get("appraisal_tool")
            return Fraction(TOOL_MAXIMA.get(str(named), max(TOOL_MAXIMA.values())))

        members = _appraised(data, tool)
        return _numbers(data, "records.csv", members, "appraisal_score", ceiling=top)
    return None


def _theme_support(data: ReviewData, theme: str) -> Inputs:
    """A record named as supporting the theme counts 1; any other record is unknown, since a
    review names only some of the records behind a theme (unless it says all records do)."""
    named = {
        str(r.get("record_id")): r
        for r in data.rows("theme_support.csv")
        if r.get("theme_id") == theme
    }
    stated = [
        r
        for r in data.rows("themes.csv")
        if r.key[0] == theme and r.get("stated_all_records") is True
    ]
    out = []
    for row in data.rows("records.csv"):
        support = named.get(row.key[0])
        if support is not None:
            out.append(Input(_ONE, _ONE, _listed(data, support, "theme_id", "record_id")))
        elif stated:
            out.append(Input(_ONE, _ONE, _listed(data, stated[0], "stated_all_records")))
        else:
            out.append(Input(_ZERO, _ONE))
    return Inputs("records", tuple(out))


_TRUE_WORDS = frozenset({"yes", "true"})
_FALSE_WORDS = frozenset({"no", "false"})


def _declared_inputs(
    data: ReviewData, declared: Declaration, statistic: str, category: str | None
) -> Inputs | None:
    """A review-declared study- or record-level variable, generically: the count or share of
    a category (a boolean's `yes`, or no category, counts yes; `no` counts no), or a summary of
    a numeric one. A study or record without a value may have any."""
    if declared.level not in ("study", "record"):
        return None
    file = declared.target_file
    values = {v.target_id: v for v in variable_values(data) if v.declaration == declared}
    wanted: object
    if statistic in _COUNTS and declared.datatype == "boolean":
        words = (category or "yes").lower()
        if words not in _TRUE_WORDS | _FALSE_WORDS:
            return None
        wanted = words in _TRUE_WORDS
    elif statistic in _COUNTS and declared.datatype == "category":
        if category not in declared.categories:
            return None
        wanted = category
    elif statistic in SUMMARIES and declared.datatype in ("integer", "decimal", "year"):
        return _declared_numbers(data, file, values)
    else:
        return None
    out = []
    for row in data.rows(file):
        found = values.get(row.key[0])
        if found is None:
            out.append(Input(_ZERO, _ONE))
        else:
            hit = Fraction(int(found.value == wanted))
            listed = data.is_listed(found.row.file, found.row.key_text, found.column)
            out.append(Input(hit, hit, listed))
    return Inputs(_UNITS[file], tuple(out))


def _declared_numbers(data: ReviewData, file: str, values: dict) -> Inputs:
    out = []
    for row in data.rows(file):
        found = values.get(row.key[0])
        if found is None:
            out.append(Input(-math.inf, math.inf))
        else:
            v = Fraction(str(found.value))
            listed = data.is_listed(found.row.file, found.row.key_text, found.column)
            out.append(Input(v, v, listed))
    return Inputs(_UNITS[file], tuple(out))
