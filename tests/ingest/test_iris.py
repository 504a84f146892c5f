"""IRI minting is injective and stable, and follows docs/architecture.md."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest.iris import Minter

BASE = "https://example.org/kg/"
keys = st.text(min_size=1, max_size=20)


@given(a=keys, b=keys)
def test_minting_is_injective(a: str, b: str) -> None:
    m = Minter("r1", BASE)
    for mint in (m.study, m.theme, m.quote, m.intervention):
        assert (mint(a) == mint(b)) == (a == b)
    assert (m.record(a, a) == m.record(b, b)) == (a.lower() == b.lower())


@given(review=keys, key=keys)
def test_minting_is_stable(review: str, key: str) -> None:
    assert Minter(review, BASE).study(key) == Minter(review, BASE).study(key)


def test_documented_patterns() -> None:
    m = Minter("liebmann-2022", BASE)
    assert str(m.review_iri()) == BASE + "id/review/liebmann-2022"
    doi = BASE + "id/record/doi/10.1136/bmjopen-2016"
    assert str(m.record("42", "10.1136/BMJOpen-2016")) == doi
    assert str(m.record("47")) == BASE + "id/record/liebmann-2022/47"
    answer = BASE + "id/appraisal/liebmann-2022/45/aacods-date"
    assert str(m.item_answer("45", "aacods-date")) == answer
    assert str(m.cerqual("F1")) == BASE + "id/finding/liebmann-2022/F1#cerqual"
    assert str(m.value_source("appraisal_items.csv", "45/aacods-date", "answer")) == (
        BASE + "id/value-source/liebmann-2022/appraisal_items/45/aacods-date/answer"
    )
    assert str(m.graph("supplementary")) == BASE + "graph/liebmann-2022/supplementary"
    assert str(m.ingest_run("0123abcd")) == BASE + "id/ingest-run/liebmann-2022/0123abcd"
