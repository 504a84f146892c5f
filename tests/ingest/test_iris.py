"""IRI minting is injective and stable, and follows docs/architecture.md."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest.iris import Minter, normalise_doi, record_key, title_key

BASE = "https://example.org/kg/"
keys = st.text(min_size=1, max_size=20)


@given(a=keys, b=keys)
def test_minting_is_injective(a: str, b: str) -> None:
    m = Minter("r1", BASE)
    for mint in (m.study, m.theme, m.quote, m.intervention):
        assert (mint(a) == mint(b)) == (a == b)
    doi_a, doi_b = record_key(doi=f"10.1/{a}"), record_key(doi=f"10.1/{b}")
    assert (m.record("1", doi_a) == m.record("2", doi_b)) == (doi_a == doi_b)
    assert (m.inclusion(a) == m.inclusion(b)) == (a == b)


@given(doi=st.from_regex(r"10\.[0-9]{4}/[A-Za-z0-9._/-]{1,20}", fullmatch=True))
def test_a_doi_keys_the_same_work_however_it_is_written(doi: str) -> None:
    written = (
        doi,
        doi.upper(),
        f" https://doi.org/{doi} ",
        f"doi:{doi}",
        f"http://dx.doi.org/{doi}",
    )
    keys = {record_key(doi=w, title="ignored") for w in written}
    assert keys == {f"doi/{doi.lower()}"}
    m1, m2 = Minter("review-a", BASE), Minter("review-b", BASE)
    assert m1.record("1", keys.pop()) == m2.record("99", f"doi/{normalise_doi(doi.upper())}")


def test_without_a_doi_a_pmid_then_author_year_title_key_the_work() -> None:
    assert record_key(pmid=" 123 ", title="T") == "pmid/123"
    key = record_key(first_author="Éléonore", year="2017", title="Museums, on  prescription!")
    assert key == "work/eleonore-2017-museums-on-prescription"
    assert key == record_key(first_author="ELEONORE", year="2017", title="museums on prescription")
    long = title_key("Smith", "2017", "word " * 40)
    assert long.startswith("sha256-") and len(long) == len("sha256-") + 32
    assert record_key() is None


@given(review=keys, key=keys)
def test_minting_is_stable(review: str, key: str) -> None:
    assert Minter(review, BASE).study(key) == Minter(review, BASE).study(key)


def test_documented_patterns() -> None:
    m = Minter("liebmann-2022", BASE)
    assert str(m.review_iri()) == BASE + "id/review/liebmann-2022"
    doi = BASE + "id/record/doi/10.1136/bmjopen-2016"
    assert str(m.record("42", record_key(doi="10.1136/BMJOpen-2016"))) == doi
    assert str(m.record("47", "pmid/123")) == BASE + "id/record/pmid/123"
    assert str(m.record("47")) == BASE + "id/record/liebmann-2022/47"
    assert str(m.inclusion("42")) == BASE + "id/inclusion/liebmann-2022/42"
    shared = BASE + "id/shared-study/doi/10.1136/bmjopen-2016"
    assert str(m.shared_study("doi/10.1136/bmjopen-2016")) == shared
    answer = BASE + "id/appraisal/liebmann-2022/45/aacods-date"
    assert str(m.item_answer("45", "aacods-date")) == answer
    assert str(m.cerqual("F1")) == BASE + "id/finding/liebmann-2022/F1#cerqual"
    assert str(m.value_source("appraisal_items.csv", "45/aacods-date", "answer")) == (
        BASE + "id/value-source/liebmann-2022/appraisal_items/45/aacods-date/answer"
    )
    assert str(m.graph("supplementary")) == BASE + "graph/liebmann-2022/supplementary"
    assert str(m.ingest_run("0123abcd")) == BASE + "id/ingest-run/liebmann-2022/0123abcd"
