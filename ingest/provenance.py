"""The provenance graph of an ingest run, and the fingerprint that names a review's data.

A review's fingerprint is computed from what decides its graphs: its mapped reported and
supplementary N-Quads, the ontology and shapes files, and the spkg version. The inferred graph
follows from those, so the fingerprint is known before validation and classification, and an
unchanged review is recognised without running either. The run's start time lives only in the
provenance graph, so the same files give the same fingerprint however often they are ingested.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

from rdflib import BNode, Graph, Literal, URIRef

from ingest.iris import Minter, ontology_iri
from ingest.namespaces import DCAT, DCTERMS, PAV, PREFIXES, PROV, RDF, RDFS, SPDX, XSD
from ingest.readers import SourceFile

__all__ = [
    "FINGERPRINT_QUERY",
    "SOURCE_TABLES_QUERY",
    "build_provenance",
    "fingerprint",
    "ontology_checksum",
    "review_fingerprint",
    "software_version",
    "sorted_nquads",
    "tools_digest",
]

# Each review's fingerprint as its provenance graph states it (`?review pav:version ?version` in
# graph ?g); bind ?g and ?review to ask for one review's.
FINGERPRINT_QUERY = (
    f"SELECT ?g ?review ?version WHERE {{ GRAPH ?g {{ ?review <{PAV.version}> ?version }} }}"
)
# The tables a review's graphs were read from, as its provenance graph keeps them: each source
# file's name (`{review}/{file}`), its CSV text and that text's SHA-256; bind ?g.
SOURCE_TABLES_QUERY = (
    f"SELECT ?g ?title ?text ?sha256 WHERE {{ GRAPH ?g {{ ?run <{PROV.used}> ?file . "
    f"?file <{DCTERMS.title}> ?title ; <{PROV.value}> ?text ; <{SPDX.checksum}> ?checksum . "
    f"?checksum <{SPDX.checksumValue}> ?sha256 }} }}"
)
_DESCRIPTIONS = {
    "reported": "What the review itself reports, in its text and tables.",
    "supplementary": "Values added from elsewhere: primary papers, inferred identifications and "
    "computed values, each with a spkg:ValueSource note.",
    "inferred": "Types added by the OWL reasoner from the reported and supplementary graphs.",
    "provenance": "The ingest run that produced the review's graphs, and its source files.",
}


def software_version() -> str:
    """The installed spkg version (pav:version of the software agent)."""
    try:
        return version("spkg")
    except PackageNotFoundError:
        return "0+unknown"


def sorted_nquads(graphs: Iterable[Graph]) -> list[str]:
    """Every triple of `graphs` as an N-Quads line naming its graph, sorted (no blank nodes)."""
    lines = [f"{s.n3()} {p.n3()} {o.n3()} <{g.identifier}> ." for g in graphs for s, p, o in g]
    return sorted(lines)


def fingerprint(graphs: Iterable[Graph]) -> str:
    """First 16 hex digits of the SHA-256 of the graphs' sorted N-Quads."""
    digest = hashlib.sha256()
    for line in sorted_nquads(graphs):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def tools_digest() -> str:
    """SHA-256 over the ontology file, every shapes file and the spkg version.

    A change to any of them can change a review's validation or inferred types, so it is part
    of every review's fingerprint.
    """
    from ingest.ontology import ONTOLOGY_FILE, SHAPES_DIR

    digest = hashlib.sha256()
    for path in [ONTOLOGY_FILE, *sorted(SHAPES_DIR.glob("*.ttl"))]:
        digest.update(f"{path.name}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).hexdigest().encode("ascii"))
    digest.update(f"\nspkg {software_version()}".encode())
    return digest.hexdigest()


def review_fingerprint(graphs: Iterable[Graph], tools: str) -> str:
    """First 16 hex digits of the SHA-256 of the graphs' sorted N-Quads and `tools_digest()`."""
    digest = hashlib.sha256()
    for line in sorted_nquads(graphs):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    digest.update(f"tools {tools}\n".encode("ascii"))
    return digest.hexdigest()[:16]


def ontology_checksum(ontology: Graph, base: str) -> Graph:
    """The ontology graph as stored: the ontology plus the checksum of the file it was read from.

    The ingest compares the stored `spdx:checksumValue` with the file's before writing, so the
    ontology graph is written only when the file (or the base) changed.
    """
    from ingest.ontology import ONTOLOGY_FILE

    digest = hashlib.sha256(ONTOLOGY_FILE.read_bytes())
    digest.update(base.encode("utf-8"))
    node, checksum = ontology_iri(base), BNode()
    g = Graph(identifier=node)
    g += ontology
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(digest.hexdigest(), datatype=XSD.hexBinary)))
    return g


def build_provenance(
    minter: Minter,
    print_: str,
    sources: Mapping[str, SourceFile],
    started: datetime | None = None,
) -> Graph:
    """The provenance graph: the run (`prov:Activity`), its source files and the graphs it made."""
    g = Graph(identifier=minter.graph("provenance"))
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("spdx", SPDX)
    run = minter.ingest_run(print_)
    agent = minter.software()
    started = started or datetime.now(UTC)
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, RDFS.label, Literal(f"ingest of {minter.review} ({print_})")))
    g.add((run, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
    g.add((run, PROV.wasAssociatedWith, agent))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal("spkg")))
    g.add((agent, PAV.version, Literal(software_version())))
    files: list[URIRef] = []
    for name, source in sorted(sources.items()):
        node = minter.source_file(run, name)
        checksum = minter.checksum(node)
        files.append(node)
        g.add((run, PROV.used, node))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, DCTERMS.title, Literal(f"{minter.review}/{name}")))
        g.add((node, DCAT.byteSize, Literal(source.size, datatype=XSD.nonNegativeInteger)))
        g.add((node, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(source.sha256, datatype=XSD.hexBinary)))
        if source.text is not None:
            # The table itself, so the review can be written back cell for cell
            # (`ingest.workbook.export`); its SHA-256 is the checksum above.
            g.add((node, PROV.value, Literal(source.text)))
    review = minter.review_iri()
    g.add((review, PAV.version, Literal(print_)))
    for kind, description in _DESCRIPTIONS.items():
        graph = minter.graph(kind)
        g.add((graph, RDF.type, PROV.Entity))
        g.add((graph, DCTERMS.description, Literal(description, lang="en")))
        g.add((graph, PROV.wasGeneratedBy, run))
        g.add((graph, PAV.version, Literal(print_)))
        if kind != "provenance":
            for node in files:
                g.add((graph, PROV.wasDerivedFrom, node))
    return g
