"""A review's summary, written into its provenance graph: how many records, studies, themes and
quotes it holds and how many triples each of its graphs holds, in VoID terms.

Lists of reviews and the dataset's counts read one small summary per review instead of counting
through every review's data on each request. The summary is counted from the graphs being
written and goes into the review's own provenance graph, in the same transaction as the review
(`ingest.pipeline.review_graphs`): replacing or removing a review replaces or removes its summary
with it, and no statement about one review sits in another's graphs.

    <graph/{r}/reported> void:rootResource <id/review/{r}> ;
        void:triples 3412 ;
        void:classPartition <graph/{r}/reported#studies> , … .
    <graph/{r}/reported#studies> void:class spkg:Study ; void:entities 15 .
    <graph/{r}/supplementary> void:triples 120 .     # and inferred, provenance

Each kind is counted as the dataset's counts define it, over the review's data graphs
(reported, supplementary, inferred): records are what the review `cito:reviews`; studies the
`spkg:Study` nodes derived from the review; themes the `skos:Concept`s of the review's schemes;
quotes the `oa:Annotation`s derived from it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ingest.iris import Minter
from ingest.namespaces import CITO, OA, PROV, RDF, SKOS, VOID, XSD, spkg_ns

__all__ = [
    "KINDS",
    "SUMMARISED_QUERY",
    "SUMMARY_QUERY",
    "ReviewSummary",
    "add_summary",
    "summarise",
]

logger = logging.getLogger(__name__)

# The kinds counted, in the order they are written.
KINDS = ("records", "studies", "themes", "quotes")
# Whether a provenance graph holds a summary: bind ?g (the provenance graph); a row if it does.
_ROOT = f"<{VOID.rootResource}>"
SUMMARY_QUERY = f"SELECT ?g ?reported WHERE {{ GRAPH ?g {{ ?reported {_ROOT} ?review }} }} LIMIT 1"
# The graphs that hold a summary, all at once.
SUMMARISED_QUERY = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?reported {_ROOT} ?review }} }}"


@dataclass(frozen=True)
class ReviewSummary:
    """What a review holds: things of each kind, and triples per graph IRI."""

    counts: dict[str, int]
    triples: dict[str, int]


class _Union:
    """Lookups over several rdflib graphs as one (the review's data graphs)."""

    def __init__(self, graphs: Iterable[Graph]) -> None:
        self.graphs = list(graphs)

    def has(self, triple: tuple[Node, Node, Node]) -> bool:
        return any(triple in graph for graph in self.graphs)

    def subjects(self, predicate: Node, obj: Node) -> set[Node]:
        return {s for graph in self.graphs for s in graph.subjects(predicate, obj)}

    def objects(self, subject: Node, predicate: Node) -> set[Node]:
        return {o for graph in self.graphs for o in graph.objects(subject, predicate)}

    def pairs(self, predicate: Node) -> set[tuple[Node, Node]]:
        return {
            (s, o) for graph in self.graphs for s, _, o in graph.triples((None, predicate, None))
        }


def _classes(base: str) -> dict[str, URIRef]:
    spkg = spkg_ns(base)
    return {
        "records": spkg.Record,
        "studies": spkg.Study,
        "themes": SKOS.Concept,
        "quotes": OA.Annotation,
    }


def summarise(minter: Minter, data: Iterable[Graph]) -> dict[str, int]:
    """Things of each kind the review's data graphs hold (see the module's definitions)."""
    graphs = _Union(data)
    review = minter.review_iri()
    spkg = spkg_ns(minter.base)
    derived = graphs.subjects(PROV.wasDerivedFrom, review)
    schemes = set(derived)
    return {
        "records": len(graphs.objects(review, CITO.reviews)),
        "studies": sum(1 for x in derived if graphs.has((x, RDF.type, spkg.Study))),
        "themes": len(
            {
                x
                for x, scheme in graphs.pairs(SKOS.inScheme)
                if scheme in schemes and graphs.has((x, RDF.type, SKOS.Concept))
            }
        ),
        "quotes": sum(1 for x in derived if graphs.has((x, RDF.type, OA.Annotation))),
    }


def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def add_summary(provenance: Graph, minter: Minter, data: Mapping[str, Graph]) -> ReviewSummary:
    """Add the review's summary to its `provenance` graph (in place), counting `data` (the
    review's data graphs by IRI); the provenance graph's own size includes the summary."""
    counts = summarise(minter, data.values())
    reported = minter.graph("reported")
    provenance.add((reported, VOID.rootResource, minter.review_iri()))
    for kind, cls in _classes(minter.base).items():
        part = minter.partition(reported, kind)
        provenance.add((reported, VOID.classPartition, part))
        provenance.add((part, VOID["class"], cls))
        provenance.add((part, VOID.entities, _integer(counts[kind])))
    triples = {iri: len(graph) for iri, graph in data.items()}
    for iri, size in triples.items():
        provenance.add((URIRef(iri), VOID.triples, _integer(size)))
    own = minter.graph("provenance")
    triples[str(own)] = len(provenance) + 1  # with the statement of its own size
    provenance.add((own, VOID.triples, _integer(triples[str(own)])))
    return ReviewSummary(counts, triples)
