"""The SPARQL 1.1 Service Description served on a GET to the endpoint without a query."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from api.negotiation import SPARQL_GRAPH, SPARQL_SOLUTIONS
from ingest.formats import FORMATS

__all__ = ["SD", "service_description"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")


def service_description(endpoint: str, base_iri: str) -> Graph:
    """What the endpoint offers: SPARQL 1.1 Query, result formats, the union default graph."""
    result_formats = (*SPARQL_SOLUTIONS.names, *SPARQL_GRAPH.names)
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("dcterms", DCTERMS)
    service = URIRef(f"{endpoint}#service")
    dataset = BNode()
    default_graph = BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in result_formats:
        graph.add((service, SD.resultFormat, W3C_FORMATS[str(FORMATS[name].w3c)]))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, DCTERMS.source, URIRef(base_iri)))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    graph.add(
        (
            service,
            DCTERMS.description,
            Literal(
                "Read-only SPARQL 1.1 endpoint. The default graph is the union of all named "
                "graphs; default-graph-uri and named-graph-uri narrow it. SERVICE is not allowed."
            ),
        )
    )
    return graph
