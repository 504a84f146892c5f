"""The checks of reported statistics: every status, the rounding rule, and the claim that an
unknown value never decides a check (Hypothesis against every way the unknowns could be)."""

from __future__ import annotations

import itertools
import math
import statistics
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.aggregate_checks import Status, assess, judge, statistic_range, tolerance
from ingest.aggregate_inputs import Input
from ingest.mapping.computed import STATUS_TERMS
from ingest.namespaces import RDF, RDFS, spkg_ns
from ingest.ontology import load_ontology

HALF = Fraction(1, 2)


def known(*values: float) -> list[Input]:
    return [Input(Fraction(str(v)), Fraction(str(v))) for v in values]


def unknown(n: int, low: float = 0, high: float = 1) -> list[Input]:
    """`n` unknown values in [low, high] (`math.inf`: unbounded above)."""
    top = high if math.isinf(high) else Fraction(str(high))
    return [Input(Fraction(str(low)), top) for _ in range(n)]


@pytest.mark.parametrize(
    ("printed", "expected"), [("19", HALF), ("46.7", Fraction(1, 20)), ("0.83", Fraction(1, 200))]
)
def test_tolerance_is_half_a_unit_of_the_printed_last_digit(printed: str, expected: Fraction):
    assert tolerance(printed) == expected


def test_a_value_agrees_within_the_rounding_of_the_print():
    assert judge(Fraction(19), HALF, Fraction(37, 2), Fraction(37, 2)) is Status.AGREES  # 18.5
    assert judge(Fraction(19), HALF, Fraction(39, 2), Fraction(39, 2)) is Status.AGREES  # 19.5
    assert judge(Fraction(19), HALF, Fraction(196, 10), Fraction(196, 10)) is Status.DISAGREES


def test_complete_data_agree_or_disagree():
    assert assess("median", Fraction(19), HALF, known(6, 19, 30), False).status is Status.AGREES
    result = assess("median", Fraction(19), HALF, known(6, 26, 30), False)
    assert (result.status, result.computed) == (Status.DISAGREES, 26)


def test_a_median_with_unknown_sizes_is_not_verifiable_and_gives_its_range():
    items = known(6, 7, 12, 13, 19, 26) + unknown(2, 1, math.inf)
    result = assess("median", Fraction(12), HALF, items, False)
    assert result.status is Status.NOT_VERIFIABLE and result.computed is None
    assert (result.low, result.high) == (Fraction(19, 2), 16)
    # 19 lies above every median the two unknown sizes allow.
    assert assess("median", Fraction(19), HALF, items, False).status is Status.DISAGREES


def test_known_values_alone_can_decide_a_disagreement():
    # The printed minimum is 6, but a known study has 4 participants.
    items = known(4, 30) + unknown(3, 1, math.inf)
    assert assess("minimum", Fraction(6), HALF, items, False).status is Status.DISAGREES
    # A total already over the printed one with some sizes still unknown.
    assert assess("total", Fraction(30), HALF, items, False).status is Status.DISAGREES


def test_none_under_5_with_no_score_known_is_not_verifiable():
    result = assess("count", Fraction(0), HALF, unknown(17), True)
    assert result.status is Status.NOT_VERIFIABLE and result.computed is None
    assert result.counts == (0, 17)


def test_a_share_no_whole_count_of_its_stated_denominator_gives_disagrees():
    items = known(*[1] * 6 + [0] * 7) + unknown(5)  # 6 of 18 yes, 5 unknown
    assert assess("share", Fraction(53), HALF, items, True).status is Status.DISAGREES
    # Over an unstated denominator only the range counts: 53 lies in 33.3 to 61.1.
    assert assess("share", Fraction(53), HALF, items, False).status is Status.NOT_VERIFIABLE


def test_a_share_of_nothing_known_is_not_verifiable():
    result = assess("share", Fraction(67), HALF, unknown(19), False)
    assert result.status is Status.NOT_VERIFIABLE
    assert (result.low, result.high, result.computed) == (0, 100, None)


def test_unknowns_that_cannot_change_the_rounded_share_still_agree():
    # 500 or 501 of 1000 both print as 50 %: the known values alone decide it.
    items = known(*[1] * 500 + [0] * 499) + unknown(1)
    assert assess("share", Fraction(50), HALF, items, True).status is Status.AGREES


def test_nothing_to_summarise_is_not_verifiable():
    result = assess("mean", Fraction(63), HALF, [], False)
    assert result.status is Status.NOT_VERIFIABLE and result.low is None


flags = st.lists(st.sampled_from([0, 1, None]), min_size=1, max_size=8)


def _completions(values: list[int | None], domain: range) -> list[list[int]]:
    holes = [i for i, v in enumerate(values) if v is None]
    out = []
    for filling in itertools.product(domain, repeat=len(holes)):
        done = list(values)
        for i, v in zip(holes, filling, strict=True):
            done[i] = v
        out.append(done)  # type: ignore[arg-type]
    return out


def _summary(statistic: str, values: list[int]) -> Fraction:
    if statistic == "share":
        return Fraction(100 * sum(values), len(values))
    if statistic == "count":
        return Fraction(sum(values))
    function = {"minimum": min, "maximum": max, "total": sum, "median": statistics.median}
    if statistic == "mean":
        return Fraction(sum(values), len(values))
    return Fraction(function[statistic](values))


def _items(values: list[int | None], low: int, high: int) -> list[Input]:
    return [
        Input(Fraction(low), Fraction(high)) if v is None else Input(Fraction(v), Fraction(v))
        for v in values
    ]


@settings(max_examples=300, deadline=None)
@given(values=flags, reported=st.integers(0, 100), whole=st.booleans())
def test_a_share_is_decided_only_when_every_completion_agrees_or_none_does(
    values: list[int | None], reported: int, whole: bool
):
    result = assess("share", Fraction(reported), HALF, _items(values, 0, 1), whole)
    fits = [abs(reported - _summary("share", c)) <= HALF for c in _completions(values, range(2))]
    if result.status is Status.AGREES:
        assert all(fits)
    elif result.status is Status.DISAGREES:
        assert not any(fits)
    elif whole:  # a stated denominator: not verifiable means some completions fit, some not
        assert any(fits) and not all(fits)
    if None in values and not whole:
        assert result.status is not Status.AGREES  # an unknown share is never confirmed
    if None not in values:
        assert result.computed == _summary("share", [v for v in values if v is not None])


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=1, max_size=5),
    statistic=st.sampled_from(["minimum", "maximum", "median", "mean", "total", "count"]),
    reported=st.integers(0, 20),
)
def test_the_range_is_exact_and_unknowns_never_decide_a_summary(
    values: list[int | None], statistic: str, reported: int
):
    completions = _completions(values, range(5))
    outcomes = [_summary(statistic, c) for c in completions]
    items = _items(values, 0, 4)
    assert statistic_range(statistic, items) == (min(outcomes), max(outcomes))
    status = assess(statistic, Fraction(reported), HALF, items, False).status
    fits = [abs(reported - v) <= HALF for v in outcomes]
    if status is Status.AGREES:
        assert all(fits)
    if status is Status.DISAGREES:
        assert not any(fits)


def test_each_status_is_an_ontology_individual_labelled_with_its_word():
    onto = load_ontology()
    spkg = spkg_ns()
    statuses = set(onto.subjects(RDF.type, spkg.CheckStatus))
    assert {spkg[name] for name in STATUS_TERMS.values()} == statuses
    for status, name in STATUS_TERMS.items():
        assert str(onto.value(spkg[name], RDFS.label)) == status.value
