"""What spkg computes about a review, as statements in its supplementary graph: the check of each
reported statistic (`ingest.aggregate_checks`) and the inconsistencies its rules find
(`ingest.inconsistency_rules`).

Pure, like the rest of the mapping. It runs once the review's data graphs are fingerprinted,
because every statement here is `prov:wasGeneratedBy` the ingest run, whose IRI is minted from
that fingerprint; the checks follow from the data as the inferred types do, so the fingerprint
still names them. A computed inconsistency has the terms of a curated one
(`ingest.mapping.inconsistencies`) but is attributed to spkg itself, not to the curator.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from fractions import Fraction

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ingest.aggregate_checks import AggregateCheck, Status
from ingest.aggregate_inputs import Number
from ingest.inconsistency_rules import ARITHMETIC, COUNT, ComputedInconsistency
from ingest.iris import Minter, instance_prefix
from ingest.mapping import Mapped
from ingest.mapping.context import Origin, Stated
from ingest.namespaces import OA, PROV, RDF, XSD, spkg_ns

__all__ = ["STATUS_TERMS", "add_computed", "decimal"]

logger = logging.getLogger(__name__)

# The ontology's local name of each status and inconsistency kind.
STATUS_TERMS = {
    Status.AGREES: "Agrees",
    Status.DISAGREES: "Disagrees",
    Status.NOT_VERIFIABLE: "NotVerifiable",
    Status.NOT_CHECKABLE: "NotCheckable",
}
_KIND_TERMS = {ARITHMETIC: "ArithmeticInconsistency", COUNT: "CountInconsistency"}
# Decimal places a computed value or bound is stated with (the check itself is exact).
PLACES = 4


def decimal(x: Number) -> Literal:
    """An exact fraction as an xsd:decimal of at most PLACES places."""
    value = Decimal(x.numerator) / Decimal(x.denominator) if isinstance(x, Fraction) else x
    text = f"{Decimal(value):.{PLACES}f}".rstrip("0").rstrip(".")
    return Literal(Decimal(text), datatype=XSD.decimal)


def add_computed(
    mapped: Mapped,
    checks: list[AggregateCheck],
    found: list[ComputedInconsistency],
    fingerprint: str,
) -> None:
    """State the checks and computed inconsistencies in `mapped`'s supplementary graph."""
    m = mapped.minter
    run = m.ingest_run(fingerprint)
    graph = mapped.supplementary
    for check in checks:
        _check(mapped, graph, check, run)
    for item in found:
        _inconsistency(mapped, graph, item, run)
    logger.debug("%s: %d checks, %d computed inconsistencies", m.review, len(checks), len(found))


def _add(mapped: Mapped, graph: Graph, triple: tuple[Node, Node, Node], origin: Origin) -> None:
    graph.add(triple)
    stated = Stated(origin.file, origin.row, origin.key, "")
    mapped.trace.setdefault((graph.identifier, triple), stated)  # type: ignore[arg-type]


def _check(mapped: Mapped, graph: Graph, check: AggregateCheck, run: URIRef) -> None:
    m, s = mapped.minter, spkg_ns(mapped.minter.base)
    node = m.check(check.stat_id)
    origin = Origin("aggregates.csv", check.row, check.stat_id)
    mapped.origins.setdefault(node, origin)
    statements: list[tuple[URIRef, Node]] = [
        (RDF.type, s.AggregateCheck),
        (s.checks, m.statistic(check.stat_id)),
        (s.checkStatus, s[STATUS_TERMS[check.status]]),
        (s.knownCount, Literal(check.known, datatype=XSD.integer)),
        (s.consideredCount, Literal(check.considered, datatype=XSD.integer)),
        (s.supplementaryInputCount, Literal(check.supplementary, datatype=XSD.integer)),
        (s.tolerance, decimal(check.tolerance)),
        (s.checkBasis, Literal(check.basis)),
        (PROV.wasGeneratedBy, run),
        (PROV.wasDerivedFrom, m.review_iri()),
    ]
    if check.computed is not None:
        statements.append((s.computedValue, decimal(check.computed)))
    elif check.low is not None and check.high is not None:
        for p, bound in ((s.lowerBound, check.low), (s.upperBound, check.high)):
            if isinstance(bound, Fraction):
                statements.append((p, decimal(bound)))
    for p, o in statements:
        _add(mapped, graph, (node, p, o), origin)


def _inconsistency(mapped: Mapped, graph: Graph, item: ComputedInconsistency, run: URIRef) -> None:
    m, s = mapped.minter, spkg_ns(mapped.minter.base)
    node = m.inconsistency(item.key)
    origin = Origin(item.file, item.row, item.key)
    mapped.origins.setdefault(node, origin)
    targets = [
        *(m.statistic(k) for k in item.statistics),
        *(m.theme(k) for k in item.themes),
        *(_record(mapped, m, k) for k in item.records),
    ]
    statements: list[tuple[Node, URIRef, Node]] = [
        (node, RDF.type, s.Inconsistency),
        (node, RDF.type, OA.Annotation),
        (m.review_iri(), s.hasInconsistency, node),
        (node, OA.motivatedBy, OA.assessing),
        (node, s.inconsistencyKind, s[_KIND_TERMS[item.kind]]),
        (node, OA.bodyValue, Literal(item.explanation)),
        (node, PROV.wasGeneratedBy, run),
        (node, PROV.wasAttributedTo, m.software()),
        *((node, OA.hasTarget, t) for t in targets),
    ]
    for triple in statements:
        _add(mapped, graph, triple, origin)


def _record(mapped: Mapped, m: Minter, record_id: str) -> URIRef:
    """The record's IRI as the mapping minted it (by DOI when certain): the node of its row."""
    prefix = instance_prefix("record", m.base)
    for node, origin in mapped.origins.items():
        row_node = str(node).startswith(prefix) and "#" not in node
        if row_node and origin.file == "records.csv" and origin.key == record_id:
            return node
    return m.record(record_id)
