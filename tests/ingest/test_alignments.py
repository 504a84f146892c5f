"""The theme alignments file: read and checked like every data file (located errors, all of
them at once), mapped to a graph of its own with provenance, and never taken for a review."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, SKOS

from ingest.alignments import (
    ALIGNMENTS_FOLDER,
    alignments_graph,
    alignments_path,
    read_alignments,
    review_themes,
    stored_checksum,
)
from ingest.build import ingest_data
from ingest.errors import DataFilesError
from ingest.iris import alignments_graph_iri
from ingest.namespaces import DEFAULT_BASE
from ingest.pipeline import remove_reviews
from ingest.readers import find_reviews
from ingest.store import Store
from tests.many_reviews import three_reviews

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "valid" / "tiny-2020"
BASE = "https://w3id.org/spkg/"
THEMES = {"a-2020": {"T1", "T1.1", "T2"}, "b-2021": {"T1", "T2"}}
HEADER = (
    "subject_id\tpredicate_id\tobject_id\tauthor_id\tmapping_justification\tmapping_date\tcomment\n"
)


def _file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "themes.sssom.tsv"
    path.write_text(
        "# curie_map:\n#   skos: http://www.w3.org/2004/02/skos/core#\n"
        + HEADER
        + "".join(r + "\n" for r in rows),
        encoding="utf-8",
    )
    return path


def test_a_valid_file_maps_to_skos_triples_with_provenance(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "a-2020/T1\tskos:exactMatch\tb-2021/T1\torcid:0000-0002-1825-0097\tsemapv:ManualMappingCuration\t2024-05-01\tsame",
        "a-2020/T2\tskos:broadMatch\tb-2021/T2\tA. Curator\tsemapv:ManualMappingCuration\t2024-05-02\t",  # noqa: E501
    )
    aset = read_alignments(path, THEMES)
    g = alignments_graph(aset, BASE)
    assert g.identifier == URIRef(f"{BASE}graph/alignments")
    a1, b1 = URIRef(f"{BASE}id/theme/a-2020/T1"), URIRef(f"{BASE}id/theme/b-2021/T1")
    assert (a1, SKOS.exactMatch, b1) in g
    mapping = URIRef(f"{BASE}id/alignment/a-2020/T1/exactMatch/b-2021/T1")
    assert (mapping, PROV.wasAttributedTo, URIRef("https://orcid.org/0000-0002-1825-0097")) in g
    values = {str(o) for o in g.objects(None, URIRef("http://spdx.org/rdf/terms#checksumValue"))}
    assert values == {aset.sha256}
    assert (None, None, Literal("A. Curator")) in g
    # The same file gives the same triples (no time or random value in the graph).
    assert len(alignments_graph(read_alignments(path, THEMES), BASE)) == len(g)


def test_every_problem_is_located(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "a-2020/T9\tskos:exactMatch\tb-2021/T1\tX\tsemapv:ManualMappingCuration\t2024-05-01\t",
        "a-2020/T1\tskos:sameAs\tc-2022/T1\tX\tsemapv:ManualMappingCuration\t2024-05-01\t",
        "a-2020/T1\tskos:exactMatch\ta-2020/T1\tX\tsemapv:Guess\t01/05/2024\t",
        "a-2020/T1\tskos:closeMatch\ta-2020/T2\t\tsemapv:ManualMappingCuration\t2024-05-01\t",
        "a-2020/T1\tskos:exactMatch\tb-2021/T2\tX\tsemapv:ManualMappingCuration\t2024-05-01\t",
        "a-2020/T1\tskos:exactMatch\tb-2021/T2\tX\tsemapv:ManualMappingCuration\t2024-05-01\t",
    )
    with pytest.raises(DataFilesError) as caught:
        read_alignments(path, THEMES)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {
        (4, "subject_id"),  # unknown theme
        (5, "predicate_id"),
        (5, "object_id"),  # unknown review
        (6, "object_id"),  # a theme with itself
        (6, "mapping_justification"),
        (6, "mapping_date"),
        (7, "author_id"),
        (7, "object_id"),  # within one review
        (9, "object_id"),  # a repeat of line 8
    }
    assert all(e.path == path for e in caught.value.errors)


def test_the_alignments_folder_is_never_a_review(tmp_path: Path) -> None:
    shutil.copytree(TINY, tmp_path / "tiny-2020")
    shutil.copytree(TINY, tmp_path / ALIGNMENTS_FOLDER)  # even with a review.csv in it
    assert [p.name for p in find_reviews(tmp_path)] == ["tiny-2020"]
    assert alignments_path(tmp_path).parent.name == ALIGNMENTS_FOLDER
    assert set(review_themes(find_reviews(tmp_path))) == {"tiny-2020"}


def _alignment_rows(store: Store) -> set[tuple[str, str]]:
    rows = store.select(
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> SELECT ?g ?s ?t WHERE { GRAPH ?g {"
        " ?m owl:annotatedSource ?s ; owl:annotatedTarget ?t } }",
        {"g": alignments_graph_iri(DEFAULT_BASE)},
    )
    return {(str(r["s"]).split("/theme/")[1], str(r["t"]).split("/theme/")[1]) for r in rows}


def test_removing_a_review_takes_the_alignments_naming_its_themes(
    any_store: Store, tmp_path: Path
) -> None:
    """`spkg remove` drops the alignments that name the removed review's themes in the same
    transaction; the others stay; the next ingest of the data folder writes the file's graph."""
    data = three_reviews(tmp_path)
    ingest_data(data, any_store, classify=False)
    before = _alignment_rows(any_store)
    assert ("liebmann-2022/T1", "tiny-2020/T1") in before
    remove_reviews(any_store, ["tiny-2021"])
    after = _alignment_rows(any_store)
    assert after == {pair for pair in before if "tiny-2021/" not in "".join(pair)}
    assert after and after != before
    direct = any_store.ask(
        "ASK { GRAPH ?g { ?s ?p ?o FILTER (CONTAINS(STR(?s), '/theme/tiny-2021/')"
        " || CONTAINS(STR(?o), '/theme/tiny-2021/')) } }",
        {"g": alignments_graph_iri(DEFAULT_BASE)},
    )
    assert not direct
    assert stored_checksum(any_store, DEFAULT_BASE) is None  # no longer the file's graph
    ingest_data(data, any_store, classify=False)  # the folder is still there: it comes back
    assert _alignment_rows(any_store) == before
