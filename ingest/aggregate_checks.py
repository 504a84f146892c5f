"""Each statistic a review reports (aggregates.csv) checked against the review's own records.

Pure: the same `ReviewData` always gives the same checks. The ingest runs this once and writes
the results beside the statistics in the review's supplementary graph
(`ingest.mapping.computed`); the API only reads them, so the rule has one home.

What a statistic is over comes from `ingest.aggregate_inputs`: one input per study or record,
a known value or the whole range its column allows; an unknown is never read as 0 or "no".
Every summary computed here (minimum, maximum, median, mean, total, count, share) never
decreases when one input grows, so putting every unknown at the low end of its range and then
at the high end gives the exact range of values the statistic can take, whatever the unknowns
are. Reading an unknown as 0 or "no" would instead make a value the data do not give (6 of 18
studies "older adults only" when 6 are known yes, 7 known no and 5 not known), so a statistic
with unknown inputs is judged over every value they allow. Hence:

* the *computed value* is stated only when that range is one value;
* a count, or a share over the units the review states it over, is decided when every whole
  count the unknowns allow agrees (`agrees`) or none does (`disagrees`): "53 % of the 18
  studies" disagrees whatever the unknowns are, as no whole number of 18 gives 53 %;
* any other statistic is decided when its range is one value, or when the printed value lies
  outside the range (`disagrees`); a share whose denominator the review does not state is
  judged so too, since the whole counts it could take are not known;
* anything else is `not verifiable`; `not checkable` means no rule computes the statistic.

Agreement tolerates the rounding of the printed value: a value printed with d decimals agrees
with any value within half a unit of its last digit (19 with 18.5 to 19.5, 46.7 with 46.65 to
46.75).
"""

from __future__ import annotations

import logging
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import TypedDict

from ingest.aggregate_inputs import Input, Inputs, Number, inputs_of
from ingest.review_data import ReviewData, Row

__all__ = [
    "AggregateCheck",
    "Assessment",
    "Status",
    "assess",
    "check_statistic",
    "check_statistics",
    "extraction_gap",
    "judge",
    "show",
    "statistic_range",
    "tolerance",
]

logger = logging.getLogger(__name__)


class Status(StrEnum):
    """The outcome of a check (the API's words; the labels of spkg:CheckStatus individuals)."""

    AGREES = "agrees"
    DISAGREES = "disagrees"
    NOT_VERIFIABLE = "not verifiable"
    NOT_CHECKABLE = "not checkable"


@dataclass(frozen=True)
class AggregateCheck:
    """One reported statistic beside what the review's records give."""

    stat_id: str
    row: int  # its aggregates.csv row
    status: Status
    reported: Fraction
    tolerance: Fraction
    computed: Fraction | None  # only when the inputs determine it
    low: Number | None  # the range the inputs allow (None: nothing computed)
    high: Number | None
    known: int  # inputs with a known value
    considered: int  # inputs the statistic is over
    supplementary: int  # known inputs read from cells listed in value_sources.csv
    unit: str  # what the inputs are: "studies" or "records"
    basis: str  # the check in one sentence
    whole_counts: bool = False  # a share decided over the whole counts of its stated denominator


class _Identity(TypedDict):
    """The fields of an AggregateCheck that name the statistic and its printed value."""

    stat_id: str
    row: int
    reported: Fraction
    tolerance: Fraction


class _Counts(TypedDict):
    """The fields of an AggregateCheck that count its inputs."""

    known: int
    considered: int
    supplementary: int
    unit: str


def tolerance(printed: str) -> Fraction:
    """Half a unit of the printed value's last digit: 0.5 for `19`, 0.05 for `46.7`."""
    decimals = len(printed.strip().partition(".")[2])
    return Fraction(1, 2 * 10**decimals)


def _within(reported: Fraction, value: Number, tol: Fraction) -> bool:
    """|reported - value| <= tol; a float value is an unbounded end (±inf), never within."""
    return not isinstance(value, float) and abs(reported - value) <= tol


def judge(
    reported: Fraction, tol: Fraction, low: Number, high: Number, whole: Sequence[Fraction] = ()
) -> Status:
    """Agrees, disagrees or not verifiable, given the range [low, high] the inputs allow.

    `whole`, when given, lists every value the statistic can take (one per whole count the
    unknowns allow): decided when all of them agree or none does.
    """
    if whole:
        fits = [_within(reported, v, tol) for v in whole]
        if all(fits):
            return Status.AGREES
        return Status.NOT_VERIFIABLE if any(fits) else Status.DISAGREES
    if low == high:
        return Status.AGREES if _within(reported, low, tol) else Status.DISAGREES
    if reported + tol < low or reported - tol > high:
        return Status.DISAGREES
    return Status.NOT_VERIFIABLE


def _summary(statistic: str, values: list[Number]) -> Number | None:
    if statistic in ("count", "total"):
        return sum(values, Fraction(0))
    if not values:
        return None
    if statistic == "minimum":
        return min(values)
    if statistic == "maximum":
        return max(values)
    if statistic == "median":
        # Fractions and the ±inf floats of unbounded ends order and average as numbers do.
        return statistics.median(sorted(values))  # type: ignore[type-var]
    if statistic == "mean":
        return sum(values, Fraction(0)) / len(values)
    if statistic == "share":
        return 100 * sum(values, Fraction(0)) / len(values)
    return None


def statistic_range(statistic: str, items: Sequence[Input]) -> tuple[Number, Number] | None:
    """The lowest and highest value `statistic` takes over `items`, None if it has none."""
    low = _summary(statistic, [i.low for i in items])
    high = _summary(statistic, [i.high for i in items])
    return None if low is None or high is None else (low, high)


_STATED = re.compile(r"^\s*(?P<number>\d+)?\s*(?P<words>.*)$")
_UNIT_WORDS = {"studies": ("stud",), "records": ("record", "article", "paper", "publication")}


def _stated_over(denominator: str | None, unit: str, size: int) -> bool | None:
    """Whether the printed denominator names these units (None: it names none, or is absent)."""
    match = _STATED.match(denominator or "")
    if match is None or not (denominator or "").strip():
        return None
    words = match["words"].lower()
    named = [u for u, stems in _UNIT_WORDS.items() if any(s in words for s in stems)]
    if not named:
        return None
    number = match["number"]
    return named[0] == unit and (number is None or int(number) == size)


def show(x: Number) -> str:
    """A number for people: at most two decimals, no trailing zeros."""
    if isinstance(x, float) and math.isinf(x):
        return "unbounded" if x > 0 else "-unbounded"
    text = f"{float(x):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _words(row: Row) -> str:
    variable = str(row.get("variable")).replace("-", " ")
    category = row.get("category")
    shown = f" ({category})" if category and str(category) != variable else ""
    return f"{row.get('statistic')} of {variable}{shown}"


def check_statistic(data: ReviewData, row: Row) -> AggregateCheck:
    """The check of one aggregates.csv row."""
    reported = Fraction(str(row.get("value")))
    tol = tolerance(row.cells["value"].raw)
    statistic = str(row.get("statistic"))
    category = row.get("category")
    theme = row.get("theme_id")
    found = inputs_of(
        data,
        str(row.get("variable")),
        statistic,
        str(category) if category is not None else None,
        str(theme) if theme is not None else None,
    )
    base: _Identity = {
        "stat_id": row.key[0],
        "row": row.row,
        "reported": reported,
        "tolerance": tol,
    }
    if found is None:
        basis = f"No rule computes the {_words(row)} from the review's records."
        return AggregateCheck(
            **base,
            status=Status.NOT_CHECKABLE,
            computed=None,
            low=None,
            high=None,
            known=0,
            considered=0,
            supplementary=0,
            unit="",
            basis=basis,
        )
    gap = extraction_gap(data)
    if gap is not None:
        # Missing studies, not a disagreement: nothing is computed from a partial extraction.
        return AggregateCheck(
            **base,
            status=Status.NOT_VERIFIABLE,
            computed=None,
            low=None,
            high=None,
            known=sum(1 for i in found.items if i.known),
            considered=len(found.items),
            supplementary=sum(1 for i in found.items if i.known and i.supplementary),
            unit=found.unit,
            basis=f"Not verifiable: {gap}.",
        )
    return _checked(base, row, statistic, found)


def extraction_gap(data: ReviewData) -> str | None:
    """`4 of 15 studies extracted` when review.csv says the extraction is not complete
    (`extraction` partial or review-only), else None."""
    rows = data.rows("review.csv")
    if not rows or rows[0].get("extraction") not in ("partial", "review-only"):
        return None
    stated = rows[0].get("included_study_count")
    extracted = len(data.rows("studies.csv"))
    if stated is None:
        return f"{extracted} studies extracted of an unstated number included"
    return f"{extracted} of {stated} studies extracted"


@dataclass(frozen=True)
class Assessment:
    """What the inputs say of a printed value: status, computed value, range, whole counts."""

    status: Status
    computed: Fraction | None
    low: Number | None
    high: Number | None
    counts: tuple[int, int] | None = None  # the whole counts (first, last) that were weighed


def assess(
    statistic: str, reported: Fraction, tol: Fraction, items: Sequence[Input], whole: bool
) -> Assessment:
    """The pure core of a check: `statistic` over `items` against the printed `reported`.

    `whole`: a share is over exactly these items (its denominator is stated), so only the
    shares of whole counts are possible; a count always is.
    """
    span = statistic_range(statistic, items)
    if span is None:
        return Assessment(Status.NOT_VERIFIABLE, None, None, None)
    low, high = span
    candidates: list[Fraction] = []
    counts = None
    if statistic == "count" or (statistic == "share" and whole):
        first = int(sum((i.low for i in items), Fraction(0)))
        last = int(sum((i.high for i in items), Fraction(0)))
        counts = (first, last)
        candidates = [
            Fraction(c) if statistic == "count" else Fraction(100 * c, len(items))
            for c in range(first, last + 1)
        ]
    status = judge(reported, tol, low, high, candidates)
    computed = low if low == high and isinstance(low, Fraction) else None
    return Assessment(status, computed, low, high, counts)


def _checked(base: _Identity, row: Row, statistic: str, found: Inputs) -> AggregateCheck:
    items = found.items
    known = [i for i in items if i.known]
    counts: _Counts = {
        "known": len(known),
        "considered": len(items),
        "supplementary": sum(1 for i in known if i.supplementary),
        "unit": found.unit,
    }
    prefix = _known_words(counts)
    over = None
    if statistic == "share":
        over = _stated_over(row.get("denominator"), found.unit, len(items))  # type: ignore[arg-type]
    if over is False:
        basis = (
            f"{prefix}. The share is printed over {row.get('denominator')}, not over the "
            f"{len(items)} {found.unit} the data record it on."
        )
        return AggregateCheck(
            **base,
            status=Status.NOT_CHECKABLE,
            computed=None,
            low=None,
            high=None,
            basis=basis,
            **counts,
        )
    result = assess(statistic, base["reported"], base["tolerance"], items, bool(over))
    if result.low is None or result.high is None:
        basis = f"{prefix}: no value to compute the {_words(row)} from."
    else:
        span = (result.low, result.high)
        whole = None if result.counts is None else (*result.counts, len(items))
        basis = _basis(prefix, row, result.status, result.computed, span, whole)
    return AggregateCheck(
        **base,
        status=result.status,
        computed=result.computed,
        low=result.low,
        high=result.high,
        basis=basis,
        whole_counts=result.counts is not None and statistic == "share",
        **counts,
    )


def _known_words(counts: _Counts) -> str:
    known, considered, unit = counts["known"], counts["considered"], counts["unit"]
    text = f"{known} of {considered} {unit} known"
    if counts["supplementary"]:
        text += f" ({counts['supplementary']} from the supplementary graph)"
    return text


def _between(what: str, low: Number, high: Number) -> str:
    if isinstance(high, float):
        return f"the {what} is at least {show(low)}"
    if isinstance(low, float):
        return f"the {what} is at most {show(high)}"
    return f"the {what} can be anything from {show(low)} to {show(high)}"


def _basis(
    prefix: str,
    row: Row,
    status: Status,
    computed: Fraction | None,
    span: tuple[Number, Number],
    counts: tuple[int, int, int] | None,
) -> str:
    """The check in one sentence; `counts` (first, last, out of) when whole counts decide."""
    printed = row.cells["value"].raw.strip()
    if computed is not None:
        verdict = "which agrees with" if status is Status.AGREES else "not"
        return f"{prefix}: the data give {show(computed)}, {verdict} the printed {printed}."
    allowed = _between(_words(row), *span)
    if counts is not None and status is not Status.NOT_VERIFIABLE:
        first, last, size = counts
        some = f"{first}" if first == last else f"any of {first} to {last}"
        verdict = "every one gives" if status is Status.AGREES else "none gives"
        return f"{prefix}: the count can be {some} of {size}, and {verdict} the printed {printed}."
    if status is Status.DISAGREES:
        return f"{prefix}: whatever the unknown values are, {allowed}, which rules out {printed}."
    return f"{prefix}: {allowed}, so the printed {printed} is neither confirmed nor ruled out."


def check_statistics(data: ReviewData) -> list[AggregateCheck]:
    """The check of every statistic of aggregates.csv, in file order."""
    checks = [check_statistic(data, row) for row in data.rows("aggregates.csv")]
    logger.debug("%s: %d statistic(s) checked", data.review_id, len(checks))
    return checks
