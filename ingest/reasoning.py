"""Classify a review's data with the ontology: owlready2 runs HermiT, spkg keeps the new types.

The store has no reasoner, so what the ontology implies about data individuals (a record is a
`spkg:GreyLiteratureRecord`, an intervention a `bcio:BCIO_050357`, a journal article a
`fabio:Expression`) is materialised once, here, into the review's `inferred` graph. Only the
triples the reasoner needs are handed to it (types, links between individuals, and literals of
numbers and booleans); labels, texts and dates change no classification.

Several reviews can share one reasoner run (`classify_batch`): one JVM start instead of one per
review. A record keyed by its DOI may appear in several reviews, each stating its own facts
about it; inside a batch each review gets its own copy of such a node, so the reviews are
reasoned about exactly as if alone, and the copy's types go back to that review. HermiT's
realisation grows faster than linearly with the individuals of one run (measured: 1.3 s of
reasoning for one review, 11 s for five, 63 s for ten), so batches stay small.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from ingest.errors import SpkgError
from ingest.namespaces import PREFIXES, base_iri

__all__ = [
    "InconsistentOntologyError",
    "ReasonerError",
    "ReasonerUnavailableError",
    "classify",
    "classify_batch",
    "inferred_types",
    "reasoner_data",
]

logger = logging.getLogger(__name__)

# Literal datatypes that spkg's defined classes test (numbers and booleans); texts and dates
# (xsd:gYear is not even in HermiT's datatype map) never change a classification.
_REASONED_DATATYPES = frozenset({XSD.integer, XSD.decimal, XSD.boolean})
# Annotations of the ontology's terms: text for people, nothing for the reasoner.
_ANNOTATIONS = frozenset(
    {
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        RDFS.isDefinedBy,
        SKOS.definition,
        SKOS.prefLabel,
        SKOS.altLabel,
        SKOS.notation,
    }
)


class ReasonerError(SpkgError):
    """The reasoner could not classify the data."""


class ReasonerUnavailableError(ReasonerError):
    """Java or HermiT could not be run; `detail` holds what the runtime said."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"the OWL reasoner could not run: {detail}")
        self.detail = detail


@dataclass
class InconsistentOntologyError(ReasonerError):
    """The data contradict the ontology.

    `individuals` are the data individuals whose asserted facts break a disjointness or a
    functional property of the ontology (found by a direct check once HermiT reports the
    inconsistency); `classes` are classes the reasoner found unsatisfiable.
    """

    individuals: tuple[str, ...] = field(default_factory=tuple)
    classes: tuple[str, ...] = field(default_factory=tuple)
    reasons: tuple[str, ...] = field(default_factory=tuple)
    # the review whose data are inconsistent, when a batch of reviews was classified
    review: str = ""

    def __post_init__(self) -> None:
        what = "; ".join(self.reasons) or "HermiT reports the ontology and data inconsistent"
        where = f"{self.review}: " if self.review else ""
        Exception.__init__(self, f"{where}inconsistent ontology: {what}")


def _shared_namespaces(base: str) -> tuple[str, ...]:
    """Namespaces whose classes may be returned: spkg's own and the shared vocabularies."""
    shared = [v for k, v in PREFIXES.items() if k not in {"rdf", "rdfs", "owl", "xsd", "wd"}]
    return (f"{base}ontology#", *shared)


def _logical_properties(ontology: Graph) -> set[URIRef]:
    found = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    found |= set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    return found  # type: ignore[return-value]


def reasoner_data(ontology: Graph, data: Iterable[tuple]) -> Graph:
    """The logically relevant part of the data: what the reasoner is given of a review.

    Kept: rdf:type, links by the ontology's object properties, and its datatype properties'
    numbers and booleans. No spkg class depends on a text, a date or an annotation, and
    leaving them out keeps HermiT's work proportional to what can change a classification.
    """
    logical = _logical_properties(ontology)
    g = Graph()
    for s, p, o in data:
        if p != RDF.type and p not in logical:
            continue
        if isinstance(o, Literal) and (o.language or o.datatype not in _REASONED_DATATYPES):
            continue
        g.add((s, p, o))
    return g


def _reasoner_input(ontology: Graph, data: Graph) -> Graph:
    """The ontology's axioms plus the logically relevant part of the data, as one graph."""
    g = reasoner_data(ontology, data)
    for s, p, o in ontology:
        if p not in _ANNOTATIONS:
            g.add((s, p, o))
    return g


def _data_individuals(ontology: Graph, data: Graph) -> set[URIRef]:
    """IRIs that the data describe and the ontology does not declare."""
    declared = set(ontology.subjects())
    return {s for s in data.subjects() if isinstance(s, URIRef) and s not in declared}


def _run_hermit(nt_path: Path) -> object:
    """Load the N-Triples into a fresh owlready2 World and classify it; return the World."""
    import owlready2

    world = owlready2.World()
    world.get_ontology(nt_path.as_uri()).load(format="ntriples")
    try:
        owlready2.sync_reasoner_hermit(
            world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
        )
    except owlready2.OwlReadyInconsistentOntologyError:
        raise
    except owlready2.OwlReadyJavaError as e:
        raise ReasonerUnavailableError(str(e)) from e
    except FileNotFoundError as e:
        raise ReasonerUnavailableError(f"java not found ({owlready2.JAVA_EXE})") from e
    return world


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


def inferred_types(ontology: Graph, data: Graph, base: str | None = None) -> Graph:
    """The rdf:type triples the ontology implies for the data's individuals and the data lacks.

    Only spkg and shared-vocabulary classes are returned, only for individuals the data
    describes. Raises `InconsistentOntologyError` when the data contradict the ontology.
    """
    import owlready2

    base = base or base_iri()
    namespaces = _shared_namespaces(base)
    individuals = _data_individuals(ontology, data)
    fd, name = tempfile.mkstemp(suffix=".nt", prefix="spkg-reasoner-")
    os.close(fd)
    path = Path(name)
    try:
        _reasoner_input(ontology, data).serialize(
            destination=str(path), format="nt", encoding="utf-8"
        )
        try:
            world = _run_hermit(path)
        except owlready2.OwlReadyInconsistentOntologyError:
            individuals_, reasons = explain_inconsistency(ontology, data)
            raise InconsistentOntologyError(
                individuals=tuple(sorted(individuals_)), reasons=tuple(reasons)
            ) from None
        unsatisfiable = tuple(
            sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing)
        )
        if unsatisfiable:
            raise InconsistentOntologyError(
                classes=unsatisfiable,
                reasons=tuple(f"{c} is unsatisfiable" for c in unsatisfiable),
            )
        out = Graph()
        for ind in sorted(individuals):
            asserted = set(data.objects(ind, RDF.type))
            for cls in _classes_of(world, str(ind)):
                ref = URIRef(cls)
                if ref not in asserted and cls.startswith(namespaces):
                    out.add((ind, RDF.type, ref))
        world.close()
        logger.debug("inferred %d types for %d individuals", len(out), len(individuals))
        return out
    finally:
        path.unlink(missing_ok=True)


def classify(ontology: Graph, data: Graph, base: str | None = None) -> Graph:
    """Alias of `inferred_types`, named for the pipeline step."""
    return inferred_types(ontology, data, base)


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
        for node in _data_individuals_fast(declared, data):
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
            _named(review, lambda data=data: inferred_types(ontology, data, base))
        raise
    out = {review: Graph() for review in reviews}
    back = {copy: (review, iri) for review, m in copies.items() for iri, copy in m.items()}
    for s, p, o in found:
        if s in back:
            review, iri = back[s]
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


def _data_individuals_fast(declared: set, data: Graph) -> set[URIRef]:
    return {s for s in data.subjects() if isinstance(s, URIRef) and s not in declared}


def _superclasses(ontology: Graph, classes: Iterable[URIRef]) -> set[URIRef]:
    """Named classes and their named superclasses, by rdfs:subClassOf in the ontology."""
    seen: set[URIRef] = set()
    todo = [c for c in classes if isinstance(c, URIRef)]
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        todo.extend(p for p in ontology.objects(c, RDFS.subClassOf) if isinstance(p, URIRef))
    return seen


def explain_inconsistency(ontology: Graph, data: Graph) -> tuple[set[str], list[str]]:
    """Find data individuals that break a class disjointness or a functional property.

    HermiT only says "inconsistent"; this direct check names the individuals for the curator.
    """
    disjoint = {
        frozenset((a, b))
        for a, b in ontology.subject_objects(OWL.disjointWith)
        if not isinstance(a, BNode) and not isinstance(b, BNode)
    }
    functional = set(ontology.subjects(RDF.type, OWL.FunctionalProperty))
    bad: set[str] = set()
    reasons: list[str] = []
    for ind in _data_individuals(ontology, data):
        types = _superclasses(ontology, data.objects(ind, RDF.type))
        for pair in disjoint:
            if pair <= types:
                a, b = sorted(pair)
                bad.add(str(ind))
                reasons.append(f"{ind} is both {a} and {b}, which are disjoint")
        for p in functional:
            values = {o.toPython() if isinstance(o, Literal) else o for o in data.objects(ind, p)}
            if len(values) > 1:
                bad.add(str(ind))
                reasons.append(f"{ind} has {len(values)} values of functional {p}")
    return bad, sorted(reasons)
