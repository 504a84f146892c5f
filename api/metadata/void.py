"""VoID and DCAT 3 descriptions of the dataset: its named graphs as subsets, its downloads with
their checksums, and the SPARQL endpoint.

Identifiers use the base IRI (`<base>` names the dataset, `<base>graph/...` its graphs); the
addresses a client fetches (downloads, the endpoint) use the service's own root, so the
description works wherever the service runs, behind the w3id redirect or on 127.0.0.1.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from rdflib import BNode, Graph, Literal, URIRef

from api.citation import DATA_LICENSE, Citation
from api.dumps.cache import CSV_KIND, DumpFile, dump_path
from api.facts import DatasetFacts
from ingest.namespaces import (
    BIBO,
    CITO,
    DCAT,
    DCTERMS,
    FABIO,
    FOAF,
    OA,
    PAV,
    PICO,
    PREFIXES,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    SPDX,
    VOID,
    XSD,
    spkg_ns,
)

__all__ = ["void_graph"]

logger = logging.getLogger(__name__)

# DCAT 3 adds dcat:version; rdflib's closed DCAT namespace predates it.
DCAT3_VERSION = URIRef("http://www.w3.org/ns/dcat#version")
IANA = "https://www.iana.org/assignments/media-types/"
GZIP = "application/gzip"
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
# Vocabularies the data states terms of (void:vocabulary); spkg's own is added per base.
VOCABULARIES = (DCTERMS, BIBO, FABIO, CITO, SCHEMA, SKOS, OA, PROV, PAV, FOAF, PICO, DCAT)


def void_graph(
    facts: DatasetFacts, citation: Citation, dumps: Sequence[DumpFile], root: str
) -> Graph:
    """VoID and DCAT 3: the dataset, its named graphs as subsets, dumps and the endpoint."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("spdx", SPDX)
    dataset = URIRef(facts.base)
    licence = URIRef(DATA_LICENSE)
    for kind in (VOID.Dataset, DCAT.Dataset, SCHEMA.Dataset):
        g.add((dataset, RDF.type, kind))
    g.add((dataset, DCTERMS.title, Literal(citation.title, lang="en")))
    g.add((dataset, DCTERMS.description, Literal(citation.abstract, lang="en")))
    g.add((dataset, DCTERMS.license, licence))
    g.add((dataset, DCTERMS.identifier, Literal(facts.base)))
    g.add((dataset, DCAT3_VERSION, Literal(facts.version)))
    g.add((dataset, PAV.version, Literal(facts.version)))
    g.add((dataset, DCAT.landingPage, URIRef(root)))
    g.add((dataset, VOID.uriSpace, Literal(f"{facts.base}id/")))
    g.add((dataset, VOID.triples, Literal(facts.triples, datatype=XSD.integer)))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(f"{root}sparql")))
    for review in facts.reviews:  # each review held, cited from its own data
        node = URIRef(review.iri)
        if review.doi:
            g.add((dataset, PROV.wasDerivedFrom, URIRef(f"https://doi.org/{review.doi}")))
            g.add((node, BIBO.doi, Literal(review.doi)))
        g.add((node, DCTERMS.title, Literal(review.title)))
        if review.citation:
            g.add((node, DCTERMS.bibliographicCitation, Literal(review.citation)))
    for keyword in citation.keywords:
        g.add((dataset, DCAT.keyword, Literal(keyword, lang="en")))
    for vocabulary in (*VOCABULARIES, spkg_ns(facts.base)):
        g.add((dataset, VOID.vocabulary, URIRef(str(vocabulary))))
    for review in facts.reviews:
        g.add((dataset, DCTERMS.hasPart, URIRef(review.iri)))
    for iri, size in facts.graph_sizes.items():
        subset = URIRef(iri)
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(size, datatype=XSD.integer)))
        g.add((subset, DCTERMS.license, licence))
    for item in dumps:
        _distribution(g, dataset, item, root + dump_path(facts.version, item.name), licence)
    service = URIRef(f"{root}sparql")
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("spkg SPARQL 1.1 endpoint", lang="en")))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.servesDataset, dataset))
    g.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    g.add((dataset, DCAT.distribution, _sparql_distribution(g, service, licence)))
    return g


def _distribution(g: Graph, dataset: URIRef, item: DumpFile, url: str, licence: URIRef) -> None:
    node = URIRef(url)
    checksum = BNode()
    g.add((dataset, DCAT.distribution, node))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(item.name)))
    g.add((node, DCAT.downloadURL, node))
    g.add((node, DCAT.mediaType, URIRef(IANA + item.media_type)))
    if item.compression:
        g.add((node, DCAT.compressFormat, URIRef(IANA + GZIP)))
    g.add((node, DCAT.byteSize, Literal(item.size, datatype=XSD.nonNegativeInteger)))
    g.add((node, DCTERMS.license, licence))
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary)))
    if item.kind != CSV_KIND:
        g.add((dataset, VOID.dataDump, node))


def _sparql_distribution(g: Graph, service: URIRef, licence: URIRef) -> BNode:
    node = BNode()
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCAT.accessURL, service))
    g.add((node, DCAT.accessService, service))
    g.add((node, DCTERMS.license, licence))
    return node
