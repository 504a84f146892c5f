"""The reported graph holds what the review states, and nothing a curator added.

Every triple of a review's reported graph is walked back to a data cell that value_sources.csv
does not list (and that no rule makes the curator's), or to the structure of an entity the
review reports (its type, its derivation from the review, its links to the review and to its
parts). What the curator added (inferred criteria, notes, derived age bounds) is in the
supplementary graph instead. Each test lists all its offenders at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ingest.build import ingest_data
from ingest.mapping import Mapped, Stated, map_review
from ingest.mapping.terms import Vocabulary
from ingest.namespaces import DEFAULT_BASE, SKOS, spkg_ns
from ingest.ontology import load_ontology
from ingest.readers import ReviewData, read_review
from ingest.schema import file_schema
from ingest.store import EmbeddedStore
from tests.ingest.conftest import VALID

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "liebmann-2022"
FOLDERS = [SEED, *sorted(p for p in VALID.iterdir() if (p / "review.csv").exists())]
S = spkg_ns(DEFAULT_BASE)
_NONE = Stated("", 0, "", "")


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.from_ontology(load_ontology(DEFAULT_BASE))


@pytest.fixture(scope="module")
def reviews(vocabulary: Vocabulary) -> dict[str, tuple[ReviewData, Mapped]]:
    out = {}
    for folder in FOLDERS:
        data = read_review(folder)
        out[folder.name] = (data, map_review(data, vocabulary, DEFAULT_BASE))
    return out


@pytest.fixture(scope="module")
def seed(reviews) -> tuple[ReviewData, Mapped]:
    return reviews[SEED.name]


def _curated(data: ReviewData, file: str, key: str) -> bool:
    """Whether every filled cell of a row (its key aside) is listed in value_sources.csv."""
    rows = [r for r in data.rows(file) if r.key_text == key]
    if not rows:
        return False
    schema = file_schema(file)
    filled = [c for c, cell in rows[0].cells.items() if c not in schema.key and cell.value]
    return bool(filled) and all(data.is_listed(file, key, c) for c in filled)


def _offenders(data: ReviewData, mapped: Mapped) -> list[str]:
    """Reported triples that no unlisted cell and no reported entity's structure accounts for."""
    rows = {(f, r.key_text): r for f, rs in data.tables.items() for r in rs}
    graph = mapped.reported.identifier
    found: list[str] = []
    for triple in sorted(mapped.reported):
        s, p, o = triple
        stated = mapped.trace.get((graph, triple))  # type: ignore[arg-type]
        if stated is None:
            found.append(f"{s} {p} {o}: stated from no cell and no row")
            continue
        where = f"{stated.file}:{stated.row}:{stated.column}"
        row = rows.get((stated.file, stated.key))
        if row is None:
            found.append(f"{where}: {s} {p} {o}: no such row")
            continue
        if not stated.column:  # the structure of an entity: it must be one the review reports
            for node in (s, o):
                origin = mapped.origins.get(node) if isinstance(node, URIRef) else None
                if origin is not None and _curated(data, origin.file, origin.key):
                    found.append(f"{where}: {s} {p} {o}: structure of a curator's row")
            continue
        cell = row.cells.get(stated.column)
        column = file_schema(stated.file).by_name.get(stated.column)
        if cell is None or column is None or cell.value is None:
            found.append(f"{where}: {s} {p} {o}: the cell is empty or no column")
        elif data.is_listed(stated.file, stated.key, stated.column):
            found.append(f"{where}: {s} {p} {o}: the cell is listed in value_sources.csv")
        elif column.derived_from is not None:
            found.append(f"{where}: {s} {p} {o}: the cell is derived from {column.derived_from}")
        elif p == S.curatorNote:
            found.append(f"{where}: {s} {p} {o}: a curator's note")
        elif isinstance(o, Literal) and o.datatype in (None, XSD.string) and str(o) not in cell.raw:
            found.append(f"{where}: {s} {p} {o!r}: not the cell's text {cell.raw!r}")
    return found


@pytest.mark.parametrize("review", [f.name for f in FOLDERS])
def test_every_reported_triple_comes_from_an_unlisted_cell_or_a_reported_entity(
    reviews, review: str
) -> None:
    data, mapped = reviews[review]
    assert len(mapped.reported) > 100
    offenders = _offenders(data, mapped)
    assert offenders == [], "\n".join(offenders)


def test_the_walk_finds_a_curator_addition_put_in_the_reported_graph(seed) -> None:
    """The walk itself catches what it is for: a listed value or an untraced triple."""
    data, mapped = seed
    reported = mapped.reported
    listed = next(
        t
        for t in sorted(mapped.supplementary)
        if (st := mapped.stated(t) or _NONE).column and data.is_listed(st.file, st.key, st.column)
    )
    untraced = (URIRef(DEFAULT_BASE + "id/x"), RDFS.label, Literal("x"))
    key = (reported.identifier, listed)
    mapped.trace[key] = mapped.stated(listed)  # type: ignore[index]
    reported.add(listed)
    reported.add(untraced)
    try:
        found = _offenders(data, mapped)
    finally:
        reported.remove(listed)
        reported.remove(untraced)
        del mapped.trace[key]  # type: ignore[arg-type]
    assert len(found) == 2, found
    assert "listed in value_sources.csv" in " ".join(found)


def _criteria(graph, review: URIRef) -> set[URIRef]:
    return set(graph.objects(review, S.hasCriterion))


def test_inferred_criteria_are_typed_and_linked_in_the_supplementary_graph(seed) -> None:
    _, mapped = seed
    review = mapped.minter.review_iri()
    inferred = {mapped.minter.criterion(k) for k in ("exc-design", "exc-intervention")}
    inferred |= {mapped.minter.criterion(k) for k in ("exc-outcome", "exc-language")}
    reported = _criteria(mapped.reported, review)
    assert len(reported) == 8 and not reported & inferred
    assert _criteria(mapped.supplementary, review) == inferred
    for node in inferred:
        assert not set(mapped.reported.predicate_objects(node)), node
        assert not set(mapped.reported.subject_predicates(node)), node
        assert (node, RDF.type, S.ExclusionCriterion) in mapped.supplementary
        assert (node, RDF.type, S.EligibilityCriterion) in mapped.supplementary


def test_curator_notes_are_their_own_property_in_the_supplementary_graph(seed) -> None:
    _, mapped = seed
    record = mapped.minter.inclusion("47")  # the review's inclusion of it carries the note
    notes = set(mapped.supplementary.objects(None, S.curatorNote))
    assert len(notes) > 20
    assert not set(mapped.reported.objects(None, S.curatorNote))
    # only the review's own words stay comments: the notes of search sources and flow counts
    own = {S.SearchSource, S.FlowCount}
    commented = set(mapped.reported.subjects(RDFS.comment))
    assert commented
    others = [s for s in commented if not set(mapped.reported.objects(s, RDF.type)) & own]
    assert others == []
    found = mapped.supplementary.objects(record, S.curatorNote)
    assert any("reference list" in str(n) for n in found)


def test_speaker_age_bounds_are_derived_values_in_the_supplementary_graph(seed) -> None:
    data, mapped = seed
    for p in (S.speakerAgeMin, S.speakerAgeMax):
        assert not set(mapped.reported.triples((None, p, None))), p
    speakers = {s for s, _, _ in mapped.supplementary.triples((None, S.speakerAgeMin, None))}
    assert speakers
    row = next(r for r in data.rows("quotes.csv") if r.get("speaker_age_label") == "50+ years")
    speaker = mapped.minter.quote_part(mapped.minter.quote(row.key[0]), "speaker")
    assert (speaker, S.speakerAgeMin, Literal(50, datatype=XSD.integer)) in mapped.supplementary
    assert (speaker, S.speakerAgeLabel, Literal("50+ years")) in mapped.reported
    source = mapped.minter.value_source("quotes.csv", row.key_text, "speaker_age_min")
    g = mapped.supplementary
    assert (source, S.sourceKind, S.Derived) in g
    assert (source, S.aboutResource, speaker) in g
    assert (source, S.aboutProperty, S.speakerAgeMin) in g
    assert (mapped.minter.review_iri(), S.hasValueSource, source) in g


def test_the_review_level_subtheme_count_is_a_property_of_reviews(seed) -> None:
    _, mapped = seed
    review = mapped.minter.review_iri()
    six = Literal(6, datatype=XSD.integer)
    assert (review, S.statedFirstThemeSubthemeCount, six) in mapped.reported
    assert (review, S.statedSubthemeCount, None) not in mapped.reported
    assert (mapped.minter.theme("T1"), S.statedSubthemeCount, six) in mapped.reported
    assert (review, RDF.type, SKOS.Concept) not in mapped.reported


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """The seed review ingested (validated and classified) as `spkg ingest` does."""
    root = tmp_path_factory.mktemp("seed")
    (root / "data").mkdir()
    (root / "data" / SEED.name).symlink_to(SEED, target_is_directory=True)
    store = EmbeddedStore(root / "store")
    ingest_data(root / "data", store, base=DEFAULT_BASE, show_progress=False)
    yield store
    store.close()


_TYPED = "ASK { GRAPH ?g { ?node a ?class } }"


def test_no_graph_of_the_ingested_store_types_the_review_a_concept(seed_store) -> None:
    review = URIRef(DEFAULT_BASE + "id/review/liebmann-2022")
    theme = URIRef(DEFAULT_BASE + "id/theme/liebmann-2022/T1")
    assert not seed_store.ask(_TYPED, {"node": review, "class": SKOS.Concept})
    assert seed_store.ask(_TYPED, {"node": review, "class": S.Review})
    assert seed_store.ask(_TYPED, {"node": theme, "class": SKOS.Concept})


def test_the_reported_graph_alone_asserts_only_the_criteria_the_review_states(seed_store) -> None:
    query = "SELECT DISTINCT ?c ?g ?has ?kind WHERE { GRAPH ?g { ?review ?has ?c . ?c a ?kind } }"
    for graph, expected in {"reported": 8, "supplementary": 4}.items():
        g = URIRef(f"{DEFAULT_BASE}graph/liebmann-2022/{graph}")
        bindings = {"g": g, "has": S.hasCriterion, "kind": S.EligibilityCriterion}
        assert len(seed_store.select(query, bindings)) == expected, graph
