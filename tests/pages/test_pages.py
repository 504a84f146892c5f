"""The explorer's pages, read through the app without a browser: each shows what a reader needs
(words, speakers, sources, checks) rather than bare IRIs, and offers its RDF and JSON-LD."""

from __future__ import annotations

import csv
import io
import json
import re

from fastapi.testclient import TestClient

THEME = "/id/theme/liebmann-2022/T1.2"
STUDY = "/id/study/liebmann-2022/S52"
SHARED_RECORD = "/id/record/doi/10.1136/bmjopen-2016-015203"


def _jsonld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, "no JSON-LD"
    return json.loads(found.group(1))


def _common(html: str, path: str) -> None:
    assert '<nav aria-label="Evidence explorer">' in html
    assert f'<link rel="alternate" type="text/turtle" href="{path}?format=turtle">' in html
    assert _jsonld(html)["@context"] == "https://schema.org/"


def test_subtheme_page_shows_quotes_in_full_with_speakers(pages: TestClient) -> None:
    response = pages.get(THEME)
    assert response.status_code == 200
    html = response.text
    _common(html, THEME)
    assert "<h1>Sense of belonging to the community</h1>" in html
    assert 'under <a href="/id/theme/liebmann-2022/T1">Increased sense of wellbeing</a>' in html
    assert "Becoming a member of a community was meaningful" in html  # the definition
    # The five quotes in full, each with its speaker, record and study.
    assert "Quotes (5)" in html
    for words in (
        "There is a sense of belonging in this room",
        "I really felt a sense of belonging there [art hive]",
        "Each time a person comes, we’re all happy to welcome the person",
        "this course has helped me feel part of the society",
        "I’ve gotten to know people I never knew before",
    ):
        assert words in html
    assert "participant, male, 75-79 years" in html  # Q06's speaker
    assert html.count("participant, female, age not specified") == 3
    assert '">Greenfield 2017 [52]</a>' in html  # the record, by its short citation
    assert '<a href="/id/study/liebmann-2022/S52">Greenfield 2017</a> (US)' in html
    # The quotes are shown by their words, not as bare IRIs.
    assert ">https://w3id.org/spkg/id/quote/" not in html
    # Findings and the studies behind the theme.
    assert "becoming a member of a community was meaningful" in html
    assert "Studies behind this theme (3)" in html
    assert _jsonld(html)["@type"] == "DefinedTerm"
    assert len(_jsonld(html)["subjectOf"]) == 5


def test_theme_of_a_second_review_shows_its_cerqual(pages: TestClient) -> None:
    html = pages.get("/id/theme/tiny-2020/T1").text
    assert "People felt less lonely." in html
    assert "moderate confidence" in html and "few studies" in html


def test_study_page_tells_reported_from_added_values(pages: TestClient) -> None:
    html = pages.get(STUDY).text
    _common(html, STUDY)
    assert "<h1>Greenfield 2017</h1>" in html
    # The label comes from the study's paper: marked as added, with its value-source note.
    assert re.search(
        r"<th scope=\"row\">label</th><td>Greenfield 2017</td><td><span class=\"added\"", html
    )
    assert (
        "From the study&#39;s paper (identified with high confidence); not read in the review."
        in html
    )
    assert '<span class="reported">reported</span>' in html
    assert "Its appraisal" in html and "CASP Qualitative Checklist" in html
    assert "NORC Supportive Service Programs" in html
    assert "community activities at NORC programme sites" in html  # its activity
    assert "Drawbacks perceived in SP" in html  # a theme it supports
    assert "I don’t like the people that go there." in html  # one of its quotes


def test_record_page_says_what_each_review_says_of_it(pages: TestClient) -> None:
    html = pages.get(SHARED_RECORD).text
    _common(html, SHARED_RECORD)
    assert "Link workers and loneliness" in html  # the title as tiny-2020 states it
    # One node per work: the seed review's [42] has the same DOI, so both reviews include it.
    assert "Included by 2 reviews" in html and 'id="review-tiny-2020"' in html
    assert 'id="review-liebmann-2022"' in html
    assert "Its appraisal in this review" in html and "casp-1" in html  # its item answer
    assert "I feel less alone" in html  # its quote
    assert _jsonld(html)["sameAs"] == "https://doi.org/10.1136/bmjopen-2016-015203"


def test_review_page_shows_checks_inconsistencies_and_soqf(pages: TestClient) -> None:
    html = pages.get("/id/review/liebmann-2022").text
    _common(html, "/id/review/liebmann-2022")
    assert "doi:10.1186/s12913-022-08656-1" in html
    assert 'src="/figures/prisma.svg?review=liebmann-2022"' in html or (
        'src="/figures/liebmann-2022/prisma.svg"' in html
    )
    assert "Reported statistics and their checks" in html
    assert re.search(r'class="status-(agrees|disagrees|not-verifiable|not-checkable)"', html)
    assert "add up to 106 %" in html  # a curated inconsistency
    assert (
        "Summary of Qualitative Findings" in html and "Sense of belonging to the community" in html
    )


def test_soqf_csv(pages: TestClient) -> None:
    response = pages.get("/id/review/tiny-2020/soqf.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["finding"] == "People felt less lonely."
    assert rows[0]["Methodological limitations"] == "minor concerns"
    assert rows[0]["overall_confidence"] == "moderate confidence"
    assert rows[0]["supporting_studies"] == "Smith 2017; Todd 2017"
    assert pages.get("/id/review/no-such-review/soqf.csv").status_code == 404


def test_evidence_map_cells_link_to_their_studies(pages: TestClient) -> None:
    html = pages.get("/evidence-map/liebmann-2022").text
    assert 'id="evidence-map"' in html and "Choose a cell" in html
    link = re.search(r'<a href="([^"]+)" data-cell="T1--community-group-programme"', html)
    assert link, "the cell is a link that works without a script"
    chosen = pages.get(link.group(1).replace("&amp;", "&")).text
    assert "Increased sense of wellbeing × community group programme" in chosen
    assert '<a href="/id/study/liebmann-2022/S52">Greenfield 2017</a>' in chosen


def test_evidence_map_filters_narrow_the_studies(pages: TestClient) -> None:
    every = pages.get("/evidence-map/liebmann-2022").text
    britain = pages.get("/evidence-map/liebmann-2022", params={"country": "GB"}).text
    older = pages.get("/evidence-map/liebmann-2022", params={"older_adults_only": "true"}).text
    count = re.compile(r"(\d+) studies pass the filters")
    n_all, n_gb, n_old = (int(count.search(h).group(1)) for h in (every, britain, older))
    assert n_all == 18 and n_gb == 12 and 0 < n_old < n_all
    empty = pages.get("/evidence-map/liebmann-2022", params={"country": "", "min_score": ""})
    assert empty.status_code == 200 and count.search(empty.text).group(1) == "18"
    assert pages.get("/evidence-map/liebmann-2022", params={"country": "XX"}).status_code == 422
    assert "liebmann-2022" in pages.get("/evidence-map").text


def test_quote_finder_by_words_and_filters(pages: TestClient) -> None:
    html = pages.get("/quotes", params={"q": "belonging"}).text
    assert "I really felt a sense of belonging there" in html
    keys = set(re.findall(r'class="iri">(Q\d+)<', html))
    assert {"Q03", "Q04"} <= keys
    male = pages.get("/quotes", params={"q": "belonging", "gender": "male"}).text
    assert "I really felt a sense of belonging there" not in male
    every = pages.get(
        "/quotes", params={"q": "", "review": "liebmann-2022", "gender": "", "role": ""}
    ).text
    n_every = int(re.search(r"(\d+) quotes?", every).group(1))
    in_canada = pages.get("/quotes", params={"review": "liebmann-2022", "country": "CA"}).text
    n_canada = int(re.search(r"(\d+) quotes?", in_canada).group(1))
    assert 0 < n_canada < n_every
    # Each result links to its theme, record and study.
    assert '<a href="/id/theme/liebmann-2022/T1.2">Sense of belonging to the community</a>' in html
    assert '<a href="/id/study/liebmann-2022/S48">' in html
    # The search text is bound, never pasted: a quote character finds nothing, harmlessly.
    odd = pages.get("/quotes", params={"q": '") } UNION { ?s ?p ?o } #'})
    assert odd.status_code == 200 and "0 quotes" in odd.text
    assert pages.get("/quotes", params={"gender": "robot"}).status_code == 422


def test_other_resources_keep_the_generic_page(pages: TestClient) -> None:
    html = pages.get("/id/sample/liebmann-2022/S52").text
    assert "Linked from" in html and "/api/queries/describe.rq" in html
