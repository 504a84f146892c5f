"""The checks and computed inconsistencies of a review folder, and their statements in the
supplementary graph (read from a copy of the tiny fixture, edited per test)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ingest.aggregate_checks import Status, check_statistics
from ingest.inconsistency_rules import computed_inconsistencies
from ingest.namespaces import OA, PROV, RDF, spkg_ns
from ingest.pipeline import load_resources, prepare_review
from ingest.provenance import review_fingerprint
from ingest.readers import read_review
from tests.ingest.conftest import REVIEW

SPKG = spkg_ns("https://w3id.org/spkg/")
HEADER = "stat_id,variable,statistic,category,value,unit,denominator,record_ids,theme_id,as_printed"


def _folder(data_dir: Path) -> Path:
    return data_dir / REVIEW


def _add_statistics(folder: Path, *rows: str) -> None:
    path = folder / "aggregates.csv"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _found(folder: Path) -> dict[str, object]:
    data = read_review(folder)
    return {f.key: f for f in computed_inconsistencies(data, check_statistics(data))}


def test_the_fixture_statistics_agree_with_its_complete_data(data_dir: Path):
    checks = {c.stat_id: c for c in check_statistics(read_review(_folder(data_dir)))}
    total = checks["n-total"]
    assert (total.status, total.computed, total.known, total.considered) == (
        Status.AGREES,
        42,
        2,
        2,
    )
    assert total.supplementary == 0 and "2 of 2 studies known" in total.basis
    # The review says all its records support T1, so no record is unknown.
    assert checks["support-T1"].status is Status.AGREES


def test_a_total_the_reviews_own_data_contradict_is_an_inconsistency(data_dir: Path):
    folder = _folder(data_dir)
    _edit(
        folder, "aggregates.csv", "n-total,sample-size,total,,42,", "n-total,sample-size,total,,50,"
    )
    found = _found(folder)
    item = found["computed-n-total"]
    assert item.kind == "arithmetic" and item.statistics == ("n-total",)
    assert "the data give 42, not the printed 50" in item.explanation


def test_a_disagreement_with_a_value_from_a_primary_paper_is_not_the_reviews_own(data_dir: Path):
    folder = _folder(data_dir)
    _edit(
        folder, "aggregates.csv", "n-total,sample-size,total,,42,", "n-total,sample-size,total,,50,"
    )
    _edit(
        folder,
        "value_sources.csv",
        "studies.csv,S1,female_pct",
        "studies.csv,S1,sample_size,primary-paper,from the paper\nstudies.csv,S1,female_pct",
    )
    data = read_review(folder)
    checks = {c.stat_id: c for c in check_statistics(data)}
    assert checks["n-total"].status is Status.DISAGREES
    assert checks["n-total"].supplementary == 1
    assert "computed-n-total" not in {
        f.key for f in computed_inconsistencies(data, [*checks.values()])
    }


def test_shares_of_exclusive_categories_over_100_percent(data_dir: Path):
    folder = _folder(data_dir)
    _add_statistics(
        folder,
        "std,loneliness-assessment,share,standardised,60,percent,,,,60 %",
        "self,loneliness-assessment,share,self-report,42,percent,,,,42 %",
        "fine,country,share,GB,50,percent,2 studies,,,50 %",
    )
    item = _found(folder)["computed-std-sum"]
    assert item.kind == "arithmetic" and item.statistics == ("std", "self")
    assert "add up to 102 %" in item.explanation and "at most 101 %" in item.explanation


def test_a_share_no_whole_count_of_its_stated_denominator_gives(data_dir: Path):
    folder = _folder(data_dir)
    _add_statistics(folder, "older,older-adults-only,share,,53,percent,2 studies,,,53 %")
    data = read_review(folder)
    check = next(c for c in check_statistics(data) if c.stat_id == "older")
    assert check.status is Status.DISAGREES
    item = _found(folder)["computed-older"]
    assert item.kind == "arithmetic"
    assert "1/2 = 50 %, 2/2 = 100 %" in item.explanation


def test_a_count_naming_another_number_of_records(data_dir: Path):
    folder = _folder(data_dir)
    _add_statistics(folder, 'lonely,only-part-lonely,count,,3,records,,1; 2,,"3 records [1, 2]"')
    item = _found(folder)["computed-lonely-records"]
    assert item.kind == "count" and item.records == ("1", "2")
    assert "counts 3 but names 2 records" in item.explanation


def test_a_stated_number_of_subthemes_against_those_named(data_dir: Path):
    item = _found(_folder(data_dir))["computed-T1-subthemes"]
    assert item.kind == "count" and item.themes == ("T1", "T1.1")
    assert "has 2 subthemes, but names 1" in item.explanation


def test_checks_and_findings_are_stated_in_the_supplementary_graph_by_the_run(data_dir: Path):
    folder = _folder(data_dir)
    prepared = prepare_review(folder, load_resources())
    mapped = prepared.mapped
    m = mapped.minter
    run = m.ingest_run(prepared.fingerprint)
    check, statistic = m.check("n-total"), m.statistic("n-total")
    supplementary, reported = mapped.supplementary, mapped.reported
    for triple in [
        (check, RDF.type, SPKG.AggregateCheck),
        (check, SPKG.checks, statistic),
        (check, SPKG.checkStatus, SPKG.Agrees),
        (check, SPKG.knownCount, Literal(2)),
        (check, SPKG.consideredCount, Literal(2)),
        (check, SPKG.supplementaryInputCount, Literal(0)),
        (check, PROV.wasGeneratedBy, run),
    ]:
        assert triple in supplementary, triple
    finding = m.inconsistency("computed-T1-subthemes")
    for triple in [
        (finding, RDF.type, SPKG.Inconsistency),
        (finding, RDF.type, OA.Annotation),
        (finding, OA.motivatedBy, OA.assessing),
        (finding, SPKG.inconsistencyKind, SPKG.CountInconsistency),
        (finding, OA.hasTarget, m.theme("T1")),
        (finding, PROV.wasGeneratedBy, run),
        (finding, PROV.wasAttributedTo, m.software()),
        (m.review_iri(), SPKG.hasInconsistency, finding),
    ]:
        assert triple in supplementary, triple
    mine = {check, finding}
    assert not [t for t in reported if t[0] in mine or t[2] in mine]
    assert mapped.origins[check].file == "aggregates.csv"
    assert mapped.origins[finding].file == "themes.csv"


def test_the_checks_follow_from_the_fingerprinted_data(data_dir: Path):
    folder = _folder(data_dir)
    resources = load_resources()
    first, second = prepare_review(folder, resources), prepare_review(folder, resources)
    assert first.fingerprint == second.fingerprint
    assert set(first.mapped.supplementary) == set(second.mapped.supplementary)
    supplementary = first.mapped.supplementary

    def computed(node: object) -> bool:
        return isinstance(node, URIRef) and ("/id/check/" in node or "/computed-" in node)

    without = Graph(identifier=supplementary.identifier)
    for triple in supplementary:
        if not (computed(triple[0]) or computed(triple[2])):
            without.add(triple)
    assert len(without) < len(supplementary)
    data_graphs = [first.mapped.reported, without]
    assert review_fingerprint(data_graphs, resources.tools) == first.fingerprint
