"""Machine-readable descriptions of the dataset: schema.org JSON-LD, and VoID with DCAT 3.

Identifiers use the base IRI (`<base>` names the dataset, `<base>graph/...` its graphs); the
addresses a client fetches (downloads, the endpoint) use the service's own root, so the
description works wherever the service runs, behind the w3id redirect or on 127.0.0.1.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef

from api.fair.citation import Citation
from api.fair.dumps import DumpFile
from api.fair.facts import DatasetFacts
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
    VOID,
    XSD,
)

__all__ = ["DATA_LICENSE", "REVIEW_DOI", "schema_org_dataset", "void_graph"]

logger = logging.getLogger(__name__)

DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
REVIEW_DOI = "https://doi.org/10.1186/s12913-022-08656-1"
SPDX = Namespace("http://spdx.org/rdf/terms#")
# DCAT 3 adds dcat:version; rdflib's closed DCAT namespace predates it.
DCAT3_VERSION = URIRef("http://www.w3.org/ns/dcat#version")
IANA = "https://www.iana.org/assignments/media-types/"
# Vocabularies the data states terms of (void:vocabulary); spkg's own is added per base.
VOCABULARIES = (DCTERMS, BIBO, FABIO, CITO, SCHEMA, SKOS, OA, PROV, PAV, FOAF, PICO, DCAT)


def _review_doi(facts: DatasetFacts, citation: Citation) -> list[str]:
    dois = [f"https://doi.org/{r.doi}" for r in facts.reviews if r.doi]
    if citation.based_on_doi and f"https://doi.org/{citation.based_on_doi}" not in dois:
        dois.append(f"https://doi.org/{citation.based_on_doi}")
    return dois or [REVIEW_DOI]


def schema_org_dataset(
    facts: DatasetFacts, citation: Citation, dumps: Sequence[DumpFile], root: str
) -> dict[str, Any]:
    """The schema.org `Dataset` embedded in the landing page (Google Dataset Search reads it)."""
    reviews = ", ".join(r.title for r in facts.reviews) or "no review loaded yet"
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": facts.base,
        "name": citation.title,
        "description": f"{citation.abstract} Reviews held: {reviews}.",
        "url": root,
        "identifier": facts.base,
        "version": facts.version,
        "license": DATA_LICENSE,
        "keywords": list(citation.keywords),
        "creator": [{"@type": "Organization", "name": name} for name in citation.authors],
        "isBasedOn": _review_doi(facts, citation),
        "citation": citation.text(facts.version, facts.base),
        "isAccessibleForFree": True,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d.name,
                "contentUrl": f"{root}dumps/{facts.version}/{d.name}",
                "encodingFormat": d.media_type,
                "contentSize": f"{d.size} B",
                "sha256": d.sha256,
            }
            for d in dumps
        ],
        "variableMeasured": [
            {"@type": "PropertyValue", "name": kind, "value": facts.total(kind)}
            for kind in ("records", "studies", "themes", "quotes")
        ]
        + [{"@type": "PropertyValue", "name": "triples", "value": facts.triples}],
    }


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
    for doi in _review_doi(facts, citation):
        g.add((dataset, PROV.wasDerivedFrom, URIRef(doi)))
    for keyword in citation.keywords:
        g.add((dataset, DCAT.keyword, Literal(keyword, lang="en")))
    for ns in (*VOCABULARIES, Namespace(f"{facts.base}ontology#")):
        g.add((dataset, VOID.vocabulary, URIRef(str(ns))))
    for review in facts.reviews:
        g.add((dataset, DCTERMS.hasPart, URIRef(review.iri)))
    for iri, size in facts.graph_sizes.items():
        subset = URIRef(iri)
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(size, datatype=XSD.integer)))
        g.add((subset, DCTERMS.license, licence))
    for item in dumps:
        _distribution(g, dataset, item, f"{root}dumps/{facts.version}/{item.name}", licence)
    service = URIRef(f"{root}sparql")
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("spkg SPARQL 1.1 endpoint", lang="en")))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.servesDataset, dataset))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
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
        g.add((node, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
    g.add((node, DCAT.byteSize, Literal(item.size, datatype=XSD.nonNegativeInteger)))
    g.add((node, DCTERMS.license, licence))
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary)))
    if item.kind != "study-characteristics":
        g.add((dataset, VOID.dataDump, node))


def _sparql_distribution(g: Graph, service: URIRef, licence: URIRef) -> BNode:
    node = BNode()
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCAT.accessURL, service))
    g.add((node, DCAT.accessService, service))
    g.add((node, DCTERMS.license, licence))
    return node
