"""Which IRI a concept cell names, and the ontology class of each open scheme's concepts.

One rule for every concept column (`Kind.CONCEPT`): a key the review declares in concepts.csv is
its review-scoped concept `id/concept/{review}/{scheme}/{key}`; otherwise it is the concept the
ontology ships, `id/{scheme}/{key}`, except for the schemes whose shipped concepts were spkg
individuals before the schemes were opened (`spkg:Loneliness`, `spkg:TitleAbstractScreening`),
which keep those IRIs. `Context.concept` is the entry point every mapping module uses.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

from ingest.iris import Minter
from ingest.mapping.terms import Vocabulary, camel
from ingest.schema import CONCEPT_SCHEMES

__all__ = ["NOT_SKOS_CONCEPTS", "SHIPPED_BY_NOTATION", "concept_iri", "scheme_class"]

# Schemes whose shipped concepts are spkg individuals, found by skos:notation in the range of
# this spkg property (the schemes keep the IRIs their values had as closed enums).
SHIPPED_BY_NOTATION: dict[str, str] = {"outcome-construct": "construct", "stage": "stageType"}

# Schemes whose class the ontology keeps apart from skos:Concept (an instrument is a
# pico:AssessmentScale, disjoint from concepts): their declared members are typed with the class
# only, still in their review's skos:ConceptScheme with labels, notation and mappings.
NOT_SKOS_CONCEPTS = frozenset({"instrument"})

# The class of a scheme's concepts where it is not camel(scheme) (`instrument` → `Instrument`).
_CLASSES: dict[str, str] = {"outcome-construct": "Construct", "stage": "StageType"}


def scheme_class(scheme: str) -> str:
    """The spkg local name of the class every concept of `scheme` has, shipped or declared."""
    if scheme not in CONCEPT_SCHEMES:
        raise KeyError(f"no open concept scheme {scheme!r}")
    return _CLASSES.get(scheme, camel(scheme))


def concept_iri(
    minter: Minter,
    spkg: Namespace,
    vocab: Vocabulary,
    declared: frozenset[tuple[str, str]] | set[tuple[str, str]],
    scheme: str,
    key: str,
) -> URIRef:
    """The concept `key` of `scheme` names: declared by the review first, else shipped."""
    if (scheme, key) in declared:
        return minter.declared_concept(scheme, key)
    via = SHIPPED_BY_NOTATION.get(scheme)
    if via is None:
        return minter.shipped_concept(scheme, key)
    found = vocab.individual(spkg[via], key)
    # A key the ontology lacks is refused by ingest.concept_checks before mapping; the fallback
    # keeps the mapping total.
    return found if found is not None else spkg[camel(key)]
