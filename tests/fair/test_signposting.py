"""Link headers written by spkg parse back to the same links (RFC 8288 syntax)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.signposting import Link, link_header, parse_link_header

_iri_chars = st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd"), max_codepoint=127)
    | st.sampled_from("/-._~:?#=&%"),
    min_size=1,
    max_size=40,
)
_links = st.builds(
    Link,
    target=_iri_chars.map(lambda s: f"https://example.org/{s}"),
    rel=st.sampled_from(["cite-as", "describedby", "license", "type", "item", "author"]),
    type=st.none() | st.sampled_from(["text/turtle", "application/ld+json", "text/csv"]),
)


@given(st.lists(_links, min_size=1, max_size=8))
def test_written_links_parse_back(links: list[Link]) -> None:
    parsed = parse_link_header(link_header(links))
    assert [(p["target"], p["rel"], p.get("type")) for p in parsed] == [
        (link.target, link.rel, link.type) for link in links
    ]


def test_several_relation_types_in_one_rel() -> None:
    parsed = parse_link_header('<https://a.example/>; rel="cite-as item"; title="x, y"')
    assert [(p["rel"], p["title"]) for p in parsed] == [("cite-as", "x, y"), ("item", "x, y")]


def test_malformed_header_is_rejected_with_its_position() -> None:
    with pytest.raises(ValueError, match="not a link-value at 0"):
        parse_link_header('https://a.example/; rel="x"')
