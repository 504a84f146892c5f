"""The shipped open value sets are data kept in step: the country table against the ISO lists
of Debian's iso-codes and pycountry; the shipped concepts, appraisal tools and review kinds of
`ingest.schema` against their individuals in ontology/spkg.ttl and the shapes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ingest.iris import Minter
from ingest.mapping.concept_terms import SHIPPED_BY_NOTATION, scheme_class
from ingest.mapping.terms import Vocabulary, camel
from ingest.namespaces import DEFAULT_BASE
from ingest.ontology import load_ontology
from ingest.schema import (
    REVIEW_TYPES,
    SHIPPED_CONCEPTS,
    TOOL_ANSWERS,
    TOOL_ITEMS,
    TOOL_MAXIMA,
)
from ingest.schema.countries import COUNTRIES, COUNTRIES_FILE, COUNTRY_QIDS

ROOT = Path(__file__).resolve().parents[2]
S = "https://w3id.org/spkg/ontology#"
ID = "https://w3id.org/spkg/id/"
ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-1.json")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology(DEFAULT_BASE)


def test_countries_are_exactly_debian_iso_codes() -> None:
    if not ISO_CODES.is_file():
        pytest.skip("Debian iso-codes is not installed (make setup installs it)")
    listed = {e["alpha_2"] for e in json.loads(ISO_CODES.read_text())["3166-1"]}
    assert (sorted(listed - set(COUNTRIES)), sorted(set(COUNTRIES) - listed)) == ([], [])


def test_countries_are_exactly_pycountry_s() -> None:
    pycountry = pytest.importorskip("pycountry")
    listed = {c.alpha_2 for c in pycountry.countries}
    assert (sorted(listed - set(COUNTRIES)), sorted(set(COUNTRIES) - listed)) == ([], [])


def test_every_country_has_one_row_and_a_well_formed_wikidata_id() -> None:
    assert len(COUNTRIES) == len(set(COUNTRIES)) == 249
    assert [c for c, q in COUNTRY_QIDS.items() if not re.fullmatch(r"Q[1-9][0-9]*", q)] == []
    assert (COUNTRIES_FILE.parent / "countries.md").is_file()  # the sources


def test_the_first_release_s_countries_keep_their_entities() -> None:
    first = {"GB": "Q145", "CA": "Q16", "US": "Q30", "SE": "Q34", "AU": "Q408", "NZ": "Q664"}
    first |= {"IE": "Q27", "NL": "Q55", "DE": "Q183", "FR": "Q142", "DK": "Q35", "NO": "Q20"}
    first |= {"FI": "Q33", "JP": "Q17"}
    assert {c: COUNTRY_QIDS[c] for c in first} == first


@pytest.mark.parametrize("scheme", sorted(s for s, keys in SHIPPED_CONCEPTS.items() if keys))
def test_shipped_concepts_are_the_ontology_s_individuals_of_their_scheme(
    onto: Graph, scheme: str
) -> None:
    """Each shipped key names an individual of the scheme's class with that notation (where
    `ctx.concept` resolves it), and the class has no other notated individual."""
    cls = URIRef(S + scheme_class(scheme))
    minter, vocab = Minter("any", DEFAULT_BASE), Vocabulary.from_ontology(onto)
    resolved = {}
    for key in SHIPPED_CONCEPTS[scheme]:
        via = SHIPPED_BY_NOTATION.get(scheme)
        iri = vocab.individual(URIRef(S + via), key) if via else minter.shipped_concept(scheme, key)
        resolved[key] = iri
    assert [k for k, iri in resolved.items() if iri is None] == []
    assert [k for k, iri in resolved.items() if (iri, SKOS.notation, Literal(k)) not in onto] == []
    typed = {str(n) for i in onto.subjects(RDF.type, cls) for n in onto.objects(i, SKOS.notation)}
    inferred = {
        str(n)
        for sub in onto.transitive_subjects(RDFS.subClassOf, cls)
        for i in onto.subjects(RDF.type, sub)
        for n in onto.objects(i, SKOS.notation)
    }
    assert (typed | inferred) == set(SHIPPED_CONCEPTS[scheme])


@pytest.mark.parametrize("tool", sorted(TOOL_ITEMS))
def test_shipped_tools_match_the_ontology(onto: Graph, tool: str) -> None:
    node = URIRef(S + tool)
    spkg = lambda name: URIRef(S + name)  # noqa: E731
    items = {str(onto.value(i, SKOS.notation)) for i in onto.subjects(spkg("itemOf"), node)}
    assert items == set(TOOL_ITEMS[tool])
    assert onto.value(node, spkg("itemCount")).toPython() == len(TOOL_ITEMS[tool])
    assert onto.value(node, spkg("maximumScore")).toPython() == TOOL_MAXIMA[tool]
    scale = {str(onto.value(a, SKOS.notation)) for a in onto.objects(node, spkg("answerScale"))}
    assert scale == set(TOOL_ANSWERS[tool])
    for item in onto.subjects(spkg("itemOf"), node):
        assert onto.value(item, SKOS.definition), item  # the question


def test_the_score_shape_lists_the_shipped_maxima() -> None:
    text = (ROOT / "shapes" / "open-value-sets.ttl").read_text(encoding="utf-8")
    listed = {t: int(n) for t, n in re.findall(r"\?tool = spkg:(\w+) && \?value > (\d+)", text)}
    assert listed == TOOL_MAXIMA


def test_review_kinds_are_concepts_of_the_scheme_with_their_classes(onto: Graph) -> None:
    scheme = URIRef(f"{ID}scheme/review-kinds")
    concepts = set(onto.subjects(SKOS.inScheme, scheme))
    assert {str(onto.value(c, SKOS.notation)) for c in concepts} == set(REVIEW_TYPES)
    for key in REVIEW_TYPES:
        concept = URIRef(f"{ID}review-kind/{key}")
        cls = onto.value(concept, URIRef(S + "kindClass"))
        assert cls == URIRef(S + camel(key)), key
        assert (cls, RDF.type, OWL.Class) in onto, key
        assert onto.value(concept, SKOS.prefLabel) and onto.value(concept, SKOS.definition)
    thematic = URIRef(f"{ID}review-kind/thematic-synthesis")
    assert onto.value(thematic, SKOS.broader) == URIRef(
        f"{ID}review-kind/qualitative-evidence-synthesis"
    )
    fabio = URIRef("http://purl.org/spar/fabio/SystematicReview")
    assert (URIRef(f"{ID}review-kind/systematic-review"), SKOS.closeMatch, fabio) in onto
