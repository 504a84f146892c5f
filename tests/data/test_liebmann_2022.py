"""Liebmann et al. 2022 as data: what the review states is there, and agrees with its own counts.

The review's text is checked against when it is present beside the repository
(../shared/seed/), so quotes and printed figures are verbatim; without it those tests skip.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from ingest.schema import FILES

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "data" / "liebmann-2022"
SEED = ROOT.parent / "shared" / "seed" / "000_95df8e788dd6f456.txt"
RECORDS = {"42", "43", *(str(n) for n in range(45, 62))}
BIBLIOGRAPHIC = ("first_author", "authors", "year", "title", "venue", "locator", "doi")
# The only bibliographic cells the review itself shows: Table 2's rows for [45] and [46].
FROM_TABLE_2 = {("45", "first_author"), ("45", "year"), ("46", "first_author"), ("46", "year")}


Table = list[dict[str, str]]


@pytest.fixture(scope="module")
def t() -> dict[str, Table]:
    """Every file of the review folder as rows of raw strings."""
    tables: dict[str, Table] = {}
    for schema in FILES:
        path = FOLDER / schema.name
        if not path.exists():  # an optional file the review does not use
            tables[schema.name] = []
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            tables[schema.name] = list(csv.DictReader(fh))
    return tables


def _variable(t: dict[str, Table], variable_id: str) -> dict[str, str]:
    """A declared topic variable's values by target (variable_values.csv)."""
    rows = t["variable_values.csv"]
    return {r["target_id"]: r["value"] for r in rows if r["variable_id"] == variable_id}


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.exists():
        pytest.skip(f"the review's text is not at {SEED}")
    return SEED.read_text(encoding="utf-8")


def _listed(t: dict[str, Table]) -> dict[tuple[str, str, str], str]:
    return {(v["file"], v["key"], v["column"]): v["source"] for v in t["value_sources.csv"]}


def _ids(rows: Table, column: str, value: str, key: str = "record_id") -> set[str]:
    return {r[key] for r in rows if r[column] == value}


def test_every_included_record_is_present_once_with_its_reference_number(t) -> None:
    ids = [r["record_id"] for r in t["records.csv"]]
    wrong = [r["record_id"] for r in t["records.csv"] if r["record_id"] != r["citation_number"]]
    assert (sorted(set(ids) ^ RECORDS), len(ids), wrong) == ([], 19, [])


def test_counts_match_the_text(t) -> None:
    records, studies, themes = t["records.csv"], t["studies.csv"], t["themes.csv"]
    counts = {
        "records": len(records),
        "studies": len(studies),
        "themes": sum(1 for x in themes if not x["parent_id"]),
        "subthemes of T1": sum(1 for x in themes if x["parent_id"] == "T1"),
        "peer-reviewed": sum(1 for r in records if r["peer_reviewed"] == "yes"),
        "report": sorted(_ids(records, "publication_type", "report")),
        "thesis": sorted(_ids(records, "publication_type", "doctoral-thesis")),
        "studies of 42/43": {r["study_id"] for r in records if r["record_id"] in ("42", "43")},
        "findings": len(t["findings.csv"]),
        "inconsistencies": Counter(i["kind"] for i in t["inconsistencies.csv"]),
    }
    assert counts == {
        "records": 19,
        "studies": 18,
        "themes": 3,
        "subthemes of T1": 5,
        "peer-reviewed": 17,
        "report": ["45"],
        "thesis": ["58"],
        "studies of 42/43": {"S42"},
        "findings": 31,
        "inconsistencies": Counter(
            {"arithmetic": 4, "count": 3, "naming": 4, "citation": 3, "method": 3}
        ),
    }


def test_group_statements_agree_with_the_printed_aggregates(t) -> None:
    records, studies = t["records.csv"], t["studies.csv"]
    agg = {a["stat_id"]: a for a in t["aggregates.csv"]}

    def named(stat_id: str) -> set[str]:
        return set(agg[stat_id]["record_ids"].split("; "))

    found = {
        "only part lonely": {k for k, v in _variable(t, "only-part-lonely").items() if v == "yes"},
        "covid": _ids(records, "published_during_covid", "yes"),
        "follow-up": _ids(records, "follow_up", "yes"),
        "gender not reported": _ids(studies, "gender_reported", "no", "study_id"),
        "ages not reported": _ids(studies, "ages_reported", "no", "study_id"),
        "2017-2018": _ids(studies, "data_collection_start", "2017", "study_id"),
        "year not stated": _ids(studies, "data_collection_year_stated", "no", "study_id"),
    }
    expected = {
        "only part lonely": named("part-lonely-count"),
        "covid": named("covid-count"),
        "follow-up": named("follow-up-count"),
        "gender not reported": {f"S{r}" for r in named("gender-not-specified")},
        "ages not reported": {f"S{r}" for r in named("age-not-specified")},
        "2017-2018": {f"S{r}" for r in named("collection-2017-2018")},
        "year not stated": {f"S{r}" for r in named("collection-not-specified")},
    }
    sizes = {
        k: int(agg[s]["value"])
        for k, s in [
            ("lonely", "part-lonely-count"),
            ("covid", "covid-count"),
            ("follow", "follow-up-count"),
        ]
    }
    assert (found, sizes) == (expected, {"lonely": 12, "covid": 6, "follow": 3})


def test_quotes_per_theme_and_kind(t) -> None:
    quotes = t["quotes.csv"]
    per_theme = Counter(q["theme_id"] for q in quotes)
    kinds = Counter((q["kind"], q["kind_certain"]) for q in quotes)
    unlabelled_participants = [
        q["quote_id"] for q in quotes if q["kind"] == "participant" and not q["speaker_gender"]
    ]
    assert (dict(per_theme), dict(kinds), unlabelled_participants) == (
        {"T1.1": 2, "T1.2": 5, "T1.3": 3, "T1.4": 3, "T1.5": 1, "T2": 8, "T3": 6},
        {("participant", "yes"): 23, ("author-interpretation", "no"): 5},
        [],
    )


def test_quotes_are_verbatim_in_the_text_under_their_theme(t, seed: str) -> None:
    results = seed[
        seed.index("Thematic synthesis of results") : seed.index(
            "This meta-synthesis of 19 analyses"
        )
    ]
    headings = {
        "T1.1": "Subtheme 1:",
        "T1.2": "Subtheme 2:",
        "T1.3": "Subtheme 3:",
        "T1.4": "Subtheme 4:",
        "T1.5": "Subtheme 5:",
        "T2": "Theme 2:",
        "T3": "Theme 3:",
    }
    order = list(headings)
    offenders: list[str] = []
    last = -1
    for q in sorted(t["quotes.csv"], key=lambda q: int(q["position"])):
        at = results.find(q["text"], last + 1)
        if at < 0:
            offenders.append(f"{q['quote_id']}: not found verbatim after the previous quote")
            continue
        last = at
        start = results.index(headings[q["theme_id"]])
        following = order.index(q["theme_id"]) + 1
        end = results.index(headings[order[following]]) if following < len(order) else len(results)
        if not start < at < end:
            offenders.append(f"{q['quote_id']}: not under {headings[q['theme_id']]}")
        line_rest = results[at + len(q["text"]) :].split("\n", 1)[0]
        cited = re.search(r"\[(\d+(?:, ?\d+)*)\]", line_rest)
        if cited is None or q["record_id"] not in re.split(r", ?", cited.group(1)):
            offenders.append(f"{q['quote_id']}: the next citation is not [{q['record_id']}]")
    assert not offenders, "\n".join(offenders)


def test_printed_figures_and_descriptions_are_verbatim(t, seed: str) -> None:
    texts = [("aggregates", a["stat_id"], a["as_printed"]) for a in t["aggregates.csv"]]
    texts += [("themes", x["theme_id"], x["label"]) for x in t["themes.csv"]]
    # a description ends with a full stop where the text leads into a quote with a colon
    texts += [("themes", x["theme_id"], x["description"][:-1]) for x in t["themes.csv"]]
    offenders = [f"{file} {key}: {text[:60]!r}" for file, key, text in texts if text not in seed]
    assert not offenders, "\n".join(offenders)


def test_bibliographic_cells_not_printed_in_the_review_are_listed(t) -> None:
    listed = _listed(t)
    offenders = [
        f"records.csv {r['record_id']}.{c}"
        for r in t["records.csv"]
        for c in BIBLIOGRAPHIC
        if r[c]
        and (r["record_id"], c) not in FROM_TABLE_2
        and ("records.csv", r["record_id"], c) not in listed
    ]
    assert not offenders, "\n".join(offenders)


def test_inferred_identifications_mark_every_bibliographic_cell_inferred(t) -> None:
    listed = _listed(t)
    inferred = {
        r
        for (f, r, c), s in listed.items()
        if f == "records.csv" and c == "first_author" and s == "inferred"
    }
    offenders = [
        f"records.csv {r['record_id']}.{c}: {listed.get(('records.csv', r['record_id'], c))}"
        for r in t["records.csv"]
        if r["record_id"] in inferred
        for c in BIBLIOGRAPHIC
        if r[c] and listed.get(("records.csv", r["record_id"], c)) != "inferred"
    ]
    assert (sorted(inferred, key=int), offenders) == (["49", "54", "55", "60", "61"], [])


def test_appraisal_as_reported(t) -> None:
    records = {r["record_id"]: r for r in t["records.csv"]}
    items = [a for a in t["appraisal_items.csv"] if a["record_id"] == "45"]
    scores = {
        k: (r["appraisal_tool"], r["appraisal_score"])
        for k, r in records.items()
        if r["appraisal_score"]
    }
    assert (scores, len(items), sum(a["answer"] == "yes" for a in items)) == (
        {"45": ("AACODS", "5"), "58": ("AACODS", "6")},
        6,
        5,
    )
    assert _listed(t)[("records.csv", "58", "appraisal_score")] == "computed"


def test_review_facts(t) -> None:
    review = t["review.csv"][0]
    facts = {
        c: review[c]
        for c in (
            "authors",
            "year",
            "volume",
            "article_number",
            "doi",
            "protocol_registration",
            "review_type",
            "search_date",
            "languages",
            "languages_found",
        )
    }
    facts["stated_subtheme_count"] = _variable(t, "stated-subtheme-count")["liebmann-2022"]
    kappas = {
        s["stage"]: (s["cohen_kappa"], s["kappa_interpretation"])
        for s in t["screening.csv"]
        if s["cohen_kappa"]
    }
    prisma = {p["count_id"]: int(p["count"]) for p in t["prisma.csv"]}
    sources = Counter(s["kind"] for s in t["search_sources.csv"])
    assert (facts, kappas, prisma, dict(sources)) == (
        {
            "authors": "Liebmann M; Pitman A; Hsueh YC; Bertotti M; Pearce E",
            "year": "2022",
            "volume": "22",
            "article_number": "1264",
            "doi": "10.1186/s12913-022-08656-1",
            "protocol_registration": "CRD42021246421",
            "review_type": "qualitative-meta-synthesis",
            "search_date": "2021-04",
            "languages": "en; fr",
            "languages_found": "en",
            "stated_subtheme_count": "6",
        },
        {"quality-appraisal": ("0.79", "moderate"), "data-extraction": ("0.83", "strong")},
        {
            "identified-peer": 1499,
            "identified-grey": 290,
            "included-records": 19,
            "included-peer": 17,
            "included-grey": 2,
            "included-studies": 18,
        },
        {
            "bibliographic-database": 5,
            "grey-literature-source": 4,
            "supplied-records": 1,
            "hand-search": 1,
        },
    )


# The results section: each theme's and subtheme's text, from its heading to the next.
_HEADINGS = {
    "T1": "Theme 1:",
    "T1.1": "Subtheme 1:",
    "T1.2": "Subtheme 2:",
    "T1.3": "Subtheme 3:",
    "T1.4": "Subtheme 4:",
    "T1.5": "Subtheme 5:",
    "T2": "Theme 2:",
    "T3": "Theme 3:",
}


def _sections(seed: str) -> dict[str, str]:
    results = seed[seed.index("Theme 1:") : seed.index("This meta-synthesis of 19 analyses")]
    starts = [(results.index(h), theme) for theme, h in _HEADINGS.items()]
    ends = [s for s, _ in starts[1:]] + [len(results)]
    return {theme: results[start:end] for (start, theme), end in zip(starts, ends, strict=True)}


def test_every_theme_and_subtheme_paragraph_has_findings(t) -> None:
    per_theme = Counter(f["theme_id"] for f in t["findings.csv"])
    assert dict(per_theme) == {
        "T1": 1,
        "T1.1": 4,
        "T1.2": 5,
        "T1.3": 3,
        "T1.4": 3,
        "T1.5": 1,
        "T2": 7,
        "T3": 7,
    }


def test_a_finding_names_only_records_its_section_cites_or_quotes(t, seed: str) -> None:
    sections = _sections(seed)
    offenders = []
    for finding in t["findings.csv"]:
        cited = {
            n
            for group in re.findall(r"\[(\d+(?:, ?\d+)*)\]", sections[finding["theme_id"]])
            for n in re.split(r", ?", group)
        }
        named = {r for r in finding["record_ids"].split("; ") if r}
        if named - cited:
            offenders.append(f"{finding['finding_id']}: {sorted(named - cited)} not cited there")
    assert not offenders, "\n".join(offenders)


def test_abstract_labels_are_the_abstract_s_words(t, seed: str) -> None:
    abstract = seed.split("\n\n\n", 2)[1].split("\n", 1)[0]  # the paragraph after the title
    labels = {x["theme_id"]: x["abstract_label"] for x in t["themes.csv"] if x["abstract_label"]}
    assert sorted(labels) == ["T1", "T2", "T3"]
    assert [k for k, label in labels.items() if label not in abstract] == []


def test_inconsistencies_name_their_targets_and_passages_verbatim(t, seed: str) -> None:
    """Every inconsistency concerns something; a passage is printed in the text, or (Table 2,
    not in the text available) in a cell the folder read from that table."""
    targets = ("statistic_ids", "theme_ids", "record_ids", "statement_ids", "stage_ids")
    cells = " ".join(v for r in t["studies.csv"] + t["records.csv"] for v in r.values())
    rows = t["inconsistencies.csv"]
    aimless = [i["inconsistency_id"] for i in rows if not any(i[c] for c in (*targets, "passage"))]
    unprinted = [
        i["inconsistency_id"]
        for i in rows
        if i["passage"] and i["passage"] not in seed and i["passage"] not in cells
    ]
    assert (len(rows), aimless, unprinted) == (17, [], [])
