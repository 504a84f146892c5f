"""Namespaces and the configurable base IRI, shared by ingest and api."""

from __future__ import annotations

import os

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

__all__ = [
    "BCIO",
    "BIBO",
    "CITO",
    "DCAT",
    "DCTERMS",
    "DEFAULT_BASE",
    "FABIO",
    "FOAF",
    "OA",
    "OWL",
    "PAV",
    "PICO",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "SPDX",
    "VANN",
    "VOID",
    "WD",
    "XSD",
    "base_iri",
    "spkg_ns",
]

DEFAULT_BASE = "https://w3id.org/spkg/"

BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
PAV = Namespace("http://purl.org/pav/")
VANN = Namespace("http://purl.org/vocab/vann/")
WD = Namespace("http://www.wikidata.org/entity/")
PICO = Namespace("http://data.cochrane.org/ontologies/pico/")
BCIO = Namespace("http://humanbehaviourchange.org/ontology/")
# File checksums (spdx:checksum) in provenance graphs and dump descriptions; bound where used.
SPDX = Namespace("http://spdx.org/rdf/terms#")


def base_iri() -> str:
    """The base under which spkg mints every IRI (`SPKG_BASE_IRI`), always ending in '/'."""
    base = os.environ.get("SPKG_BASE_IRI", DEFAULT_BASE)
    return base if base.endswith("/") else base + "/"


def spkg_ns(base: str | None = None) -> Namespace:
    """The ontology namespace `<base>ontology#`."""
    return Namespace(f"{base or base_iri()}ontology#")


# Prefixes bound in every graph spkg writes and prepended to named queries' examples.
PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "dcat": str(DCAT),
    "void": str(VOID),
    "bibo": str(BIBO),
    "fabio": str(FABIO),
    "cito": str(CITO),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "pav": str(PAV),
    "vann": str(VANN),
    "wd": str(WD),
    "pico": str(PICO),
    "bcio": str(BCIO),
}
