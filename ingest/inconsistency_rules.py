"""Inconsistencies a rule finds in what a review reports, without a curator's reading.

Pure, like `ingest.aggregate_checks`, whose checks it reads. Each rule looks only at what the
review states (its printed statistics, the records and subthemes it names, the number of
studies and records it includes), so what it finds is the review contradicting itself:

* *shares over 100 %*: shares of the categories of one variable that each study or record
  has one of (a country, a way of assessing loneliness, a publication type, an appraisal
  band) add up to more than 100 % plus their rounding (half a unit of each printed value);
* *a share no whole count gives*: a share printed over a stated number of studies or records
  that no whole count of them rounds to (53 % of 18 studies: 9/18 = 50 %, 10/18 = 56 %);
* *a count against the records it names*: a count that cites its records (`12 papers [42,
  45, …]`) names another number of them (of their studies, for a count of studies);
* *a stated number of subthemes* against the subthemes the review names;
* *a summary against complete data*: a check that disagrees although every input it read is
  the review's own (none from the supplementary graph).

Each finding is keyed `computed-{stat_id}` (its first statistic in file order), with a suffix
where one statistic can have several (`-sum`, `-records`), or `computed-{theme_id}-subthemes`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from ingest.aggregate_checks import AggregateCheck, Status, show, tolerance
from ingest.review_data import ReviewData, Row
from ingest.topic_variables import declarations

__all__ = ["ARITHMETIC", "COUNT", "ComputedInconsistency", "computed_inconsistencies"]

logger = logging.getLogger(__name__)

# The kinds, as inconsistencies.csv writes them (skos:notation of spkg:InconsistencyKind).
ARITHMETIC, COUNT = "arithmetic", "count"
# Core variables whose categories are exclusive: each study or record has one of them (so has a
# declared category variable: `_exclusive`).
_EXCLUSIVE = frozenset({"country", "publication-type", "appraisal-score"})


@dataclass(frozen=True)
class ComputedInconsistency:
    """What a rule found, the row it is located at, and what it concerns."""

    key: str
    kind: str
    explanation: str
    file: str  # where it is located (aggregates.csv or themes.csv) …
    row: int  # … and the row
    statistics: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    records: tuple[str, ...] = ()


def computed_inconsistencies(
    data: ReviewData, checks: list[AggregateCheck]
) -> list[ComputedInconsistency]:
    """Every inconsistency the rules find, in a stable order."""
    by_id = {c.stat_id: c for c in checks}
    rows = data.rows("aggregates.csv")
    impossible = _impossible_shares(rows, by_id)
    found = [
        *_share_sums(rows, _exclusive(data)),
        *impossible,
        *_named_records(data, rows),
        *_subthemes(data),
        *_against_own_data(rows, by_id, {f.statistics[0] for f in impossible}),
    ]
    logger.debug("%s: %d computed inconsistenc(ies)", data.review_id, len(found))
    return found


def _exclusive(data: ReviewData) -> frozenset[str]:
    """The variables whose categories are exclusive: core ones and declared category ones."""
    declared = declarations(data).values()
    return _EXCLUSIVE | {d.variable_id for d in declared if d.datatype == "category"}


def _share_sums(rows: list[Row], exclusive: frozenset[str]) -> list[ComputedInconsistency]:
    groups: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    for row in rows:
        variable, category = str(row.get("variable")), row.get("category")
        if row.get("statistic") != "share" or variable not in exclusive or category is None:
            continue
        tool = str(category).split()[0].upper() if variable == "appraisal-score" else ""
        groups[(variable, tool, str(row.get("denominator") or ""))].append(row)
    out = []
    for (variable, _, _), members in groups.items():
        if len({str(r.get("category")) for r in members}) < 2:
            continue
        total = sum((Fraction(str(r.get("value"))) for r in members), Fraction(0))
        slack = sum((tolerance(r.cells["value"].raw) for r in members), Fraction(0))
        if total <= 100 + slack:
            continue
        parts = " + ".join(
            f"{r.cells['value'].raw.strip()} % ({r.get('category')})" for r in members
        )
        explanation = (
            f"The shares of {variable.replace('-', ' ')} are of categories each study or record "
            f"has only one of, but add up to {show(total)} %: {parts}; rounding allows at most "
            f"{show(100 + slack)} %."
        )
        ids = tuple(r.key[0] for r in members)
        first = members[0]
        out.append(
            ComputedInconsistency(
                f"computed-{first.key[0]}-sum", ARITHMETIC, explanation, first.file, first.row, ids
            )
        )
    return out


def _impossible_shares(
    rows: list[Row], checks: dict[str, AggregateCheck]
) -> list[ComputedInconsistency]:
    out = []
    for row in rows:
        check = checks.get(row.key[0])
        if check is None or row.get("statistic") != "share" or not check.whole_counts:
            continue
        size = check.considered
        tol = check.tolerance
        if any(abs(check.reported - Fraction(100 * c, size)) <= tol for c in range(size + 1)):
            continue
        below = max(c for c in range(size + 1) if Fraction(100 * c, size) < check.reported)
        printed = row.cells["value"].raw.strip()
        low, high = Fraction(100 * below, size), Fraction(100 * (below + 1), size)
        explanation = (
            f"{printed} % of {row.get('denominator')}: no whole number of the {size} "
            f"{check.unit} gives it ({below}/{size} = {show(low)} %, "
            f"{below + 1}/{size} = {show(high)} %)."
        )
        out.append(
            ComputedInconsistency(
                f"computed-{row.key[0]}", ARITHMETIC, explanation, row.file, row.row, (row.key[0],)
            )
        )
    return out


def _named_records(data: ReviewData, rows: list[Row]) -> list[ComputedInconsistency]:
    study_of = {r.key[0]: str(r.get("study_id")) for r in data.rows("records.csv")}
    out = []
    for row in rows:
        named = row.items("record_ids")
        if row.get("statistic") != "count" or not named:
            continue
        of_studies = row.get("unit") == "studies"
        parts = {study_of.get(r, r) for r in named} if of_studies else set(named)
        value = Fraction(str(row.get("value")))
        if abs(value - len(parts)) <= tolerance(row.cells["value"].raw):
            continue
        what = "studies" if of_studies else "records"
        printed = row.cells["value"].raw.strip()
        explanation = (
            f"The review counts {printed} but names {len(parts)} {what} for it "
            f"([{', '.join(named)}])."
        )
        out.append(
            ComputedInconsistency(
                f"computed-{row.key[0]}-records",
                COUNT,
                explanation,
                row.file,
                row.row,
                (row.key[0],),
                records=named,
            )
        )
    return out


def _subthemes(data: ReviewData) -> list[ComputedInconsistency]:
    themes = data.rows("themes.csv")
    out = []
    for theme in themes:
        stated = theme.get("stated_subtheme_count")
        if stated is None:
            continue
        named = [t for t in themes if t.get("parent_id") == theme.key[0]]
        if int(str(stated)) == len(named):
            continue
        where = theme.get("stated_subtheme_count_where")
        said = f" in the {where}" if where else ""
        explanation = (
            f"The review says{said} that theme {theme.key[0]} ({theme.get('label')}) has "
            f"{stated} subthemes, but names {len(named)}"
            + (f": {', '.join(str(t.get('label')) for t in named)}." if named else ".")
        )
        out.append(
            ComputedInconsistency(
                f"computed-{theme.key[0]}-subthemes",
                COUNT,
                explanation,
                theme.file,
                theme.row,
                themes=(theme.key[0], *(t.key[0] for t in named)),
            )
        )
    return out


def _against_own_data(
    rows: list[Row], checks: dict[str, AggregateCheck], found: set[str]
) -> list[ComputedInconsistency]:
    """Disagreeing checks of the review's own data (`found`: statistics already reported)."""
    out = []
    for row in rows:
        check = checks.get(row.key[0])
        if check is None or check.status is not Status.DISAGREES or check.supplementary:
            continue
        if row.key[0] in found:
            continue
        explanation = f"The review's own data disagree with its {row.key[0]}: {check.basis}"
        out.append(
            ComputedInconsistency(
                f"computed-{row.key[0]}", ARITHMETIC, explanation, row.file, row.row, (row.key[0],)
            )
        )
    return out
