"""Classify a review's data with HermiT (owlready2): the reference the compiled rules match.

`spkg ingest` types a review's individuals with the compiled rules of `ingest.rules` (linear in
the data); this module runs the OWL reasoner itself over a review, for `--reasoner hermit` and
for the tests that hold the rules to HermiT's answers. What the ontology implies about data
individuals (a record is a `spkg:GreyLiteratureRecord`, an intervention a `bcio:BCIO_050357`, a
journal article a `fabio:Expression`) goes into the review's `inferred` graph; the reasoner is
given the part of the data `ingest.hermit.is_reasoned` keeps.

Several reviews can share one reasoner run (`classify_batch`): one JVM start instead of one per
review. A record keyed by its DOI may appear in several reviews, each stating its own facts
about it; inside a batch each review gets its own copy of such a node, so the reviews are
reasoned about exactly as if alone, and the copy's types go back to that review. HermiT's
realisation grows faster than linearly with the individuals of one run (measured: 1.3 s of
reasoning for one review, 11 s for five, 63 s for ten), so batches stay small.

HermiT only says "inconsistent"; the compiled rules then name the individuals, the reasons and
the data triples behind them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from functools import partial

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ingest.hermit import (
    REASONED_DATATYPES,
    InconsistentOntologyError,
    ReasonerError,
    ReasonerUnavailableError,
    hermit_world,
    ontology_input,
    reasoner_data,
    shared_namespaces,
)
from ingest.namespaces import base_iri
from ingest.rules import UnsupportedAxiomError, classifier_for

__all__ = [
    "REASONED_DATATYPES",
    "InconsistentOntologyError",
    "ReasonerError",
    "ReasonerUnavailableError",
    "all_types",
    "classify",
    "classify_batch",
    "explain_inconsistency",
    "inferred_types",
    "new_types",
    "reasoner_data",
]

logger = logging.getLogger(__name__)


def _data_individuals(declared: set, data: Graph) -> set[URIRef]:
    """IRIs that the data describe and the ontology does not declare."""
    return {s for s in data.subjects() if isinstance(s, URIRef) and s not in declared}


def _classes_of(world: object, iri: str) -> set[str]:
    """Every named class an individual belongs to after reasoning (asserted and inferred)."""
    import owlready2

    ind = world[iri]  # type: ignore[index]
    if ind is None:
        return set()
    return {
        c.iri
        for c in ind.INDIRECT_is_a
        if isinstance(c, owlready2.ThingClass) and c is not owlready2.Thing
    }


def all_types(ontology: Graph, data: Graph) -> dict[URIRef, set[str]]:
    """Every named class HermiT gives each data individual, asserted ones included.

    Raises `InconsistentOntologyError` (explained by the compiled rules) when the data
    contradict the ontology.
    """
    import owlready2

    data = reasoner_data(ontology, data)
    individuals = _data_individuals(set(ontology.subjects()), data)
    try:
        world = hermit_world(ontology_input(ontology, data))
    except owlready2.OwlReadyInconsistentOntologyError:
        raise explain_inconsistency(ontology, data) from None
    try:
        unsatisfiable = tuple(
            sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing)
        )
        if unsatisfiable:
            raise InconsistentOntologyError(
                classes=unsatisfiable,
                reasons=tuple(f"{c} is unsatisfiable" for c in unsatisfiable),
            )
        return {ind: _classes_of(world, str(ind)) for ind in sorted(individuals)}
    finally:
        world.close()


def inferred_types(ontology: Graph, data: Graph, base: str | None = None) -> Graph:
    """The rdf:type triples the ontology implies for the data's individuals and the data lacks.

    Only spkg and shared-vocabulary classes are returned, only for individuals the data
    describes. Raises `InconsistentOntologyError` when the data contradict the ontology.
    """
    out = new_types(all_types(ontology, data), data, base)
    logger.debug("HermiT inferred %d types", len(out))
    return out


def new_types(types: Mapping[URIRef, set[str]], data: Graph, base: str | None = None) -> Graph:
    """The rdf:type triples of `types` (see `all_types`) the data do not state, in spkg's and
    the shared vocabularies' namespaces."""
    namespaces = shared_namespaces(base or base_iri())
    out = Graph()
    for ind, classes in types.items():
        asserted = set(data.objects(ind, RDF.type))
        for cls in classes:
            ref = URIRef(cls)
            if ref not in asserted and cls.startswith(namespaces):
                out.add((ind, RDF.type, ref))
    return out


def classify(ontology: Graph, data: Graph, base: str | None = None) -> Graph:
    """Alias of `inferred_types`, named for the pipeline step."""
    return inferred_types(ontology, data, base)


def explain_inconsistency(ontology: Graph, data: Graph) -> InconsistentOntologyError:
    """The error for data HermiT found inconsistent, with what the compiled rules name.

    When the rules find no contradiction (or cannot be compiled) the error still stands, with
    HermiT's bare verdict as its reason.
    """
    try:
        found = classifier_for(ontology, base_iri()).contradictions(data)
    except (UnsupportedAxiomError, ReasonerError) as exc:
        logger.warning("no rule explains HermiT's inconsistency: %s", exc)
        found = []
    if not found:
        return InconsistentOntologyError(
            reasons=("HermiT finds the data inconsistent; the compiled rules name no cause",)
        )
    return InconsistentOntologyError(
        individuals=tuple(sorted({i.individual for i in found})),
        reasons=tuple(sorted(i.reason for i in found)),
        causes=tuple((i.individual, i.reason, i.triples) for i in found),
    )


def _copy_iri(iri: URIRef, n: int) -> URIRef:
    return URIRef(f"{iri}#spkg-batch-{n}" if "#" not in iri else f"{iri}-spkg-batch-{n}")


def classify_batch(
    ontology: Graph, reviews: Mapping[str, Graph], base: str | None = None
) -> dict[str, Graph]:
    """New types per review, from one reasoner run over several reviews' data.

    Nodes that more than one review describes (records keyed by DOI) are given one copy per
    review for the run, and each copy's types go to its review, so every review is classified
    as if alone. Raises `InconsistentOntologyError` naming the (first) inconsistent review.
    """
    if len(reviews) == 1:
        [(review, data)] = reviews.items()
        return {review: _named(review, lambda: inferred_types(ontology, data, base))}
    declared = set(ontology.subjects())
    owners: dict[URIRef, set[str]] = {}
    for review, data in reviews.items():
        for node in _data_individuals(declared, data):
            owners.setdefault(node, set()).add(review)
    shared = {node for node, found in owners.items() if len(found) > 1}
    merged = Graph()
    copies: dict[str, dict[URIRef, URIRef]] = {}
    for n, (review, data) in enumerate(reviews.items()):
        mine = copies[review] = {}
        for s, p, o in data:
            if s in shared:
                s = mine.setdefault(s, _copy_iri(s, n))  # type: ignore[arg-type]
            if o in shared:
                o = mine.setdefault(o, _copy_iri(o, n))  # type: ignore[arg-type]
            merged.add((s, p, o))
    try:
        found = inferred_types(ontology, merged, base)
    except InconsistentOntologyError as exc:
        if exc.classes:
            raise
        for review, data in reviews.items():  # name the review: classify each alone
            _named(review, partial(inferred_types, ontology, data, base))
        raise
    out = {review: Graph() for review in reviews}
    back = {copy: (review, iri) for review, m in copies.items() for iri, copy in m.items()}
    for s, p, o in found:
        if s in back:
            review, iri = back[s]  # type: ignore[index]
            out[review].add((iri, p, o))
            continue
        for review in owners.get(s, ()):  # type: ignore[call-overload]
            out[review].add((s, p, o))
    return out


def _named(review: str, run: Callable[[], Graph]) -> Graph:
    try:
        return run()
    except InconsistentOntologyError as exc:
        exc.review = review
        exc.__post_init__()
        raise
