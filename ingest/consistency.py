"""Which spreadsheet cells make a review's data contradict the ontology.

The reasoner only answers "inconsistent"; the compiled rules (`ingest.rules`, through
`ingest.reasoning.explain_inconsistency`) name each contradiction and the data triples behind
it (a node stated a `spkg:Review` and given a property whose domain is `skos:Concept`). Here the
triples are traced to the cells the mapping stated them from (`Mapped.stated`), so the curator
is told `file:row:column`, not an IRI.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.term import Node

from ingest.errors import DataFileError, InconsistentDataError
from ingest.reasoning import explain_inconsistency
from ingest.review_data import data_file_location

if TYPE_CHECKING:
    from ingest.mapping import Mapped

__all__ = ["Conflict", "locate", "locate_error"]

logger = logging.getLogger(__name__)

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Conflict:
    """One contradiction: the node, what is wrong, and the data triples that cause it."""

    individual: URIRef
    reason: str
    evidence: tuple[Triple, ...]


def locate(conflicts: Iterable[Conflict], mapped: Mapped, folder: Path) -> list[DataFileError]:
    """The cells (file, row, column) whose values make each conflict, one error per cell.

    A triple the mapping did not trace is located to its subject's row (column "").
    """
    found: dict[tuple[str, int, str, str], DataFileError] = {}
    for conflict in conflicts:
        message = f"contradicts the ontology: {conflict.reason}"
        for triple in conflict.evidence:
            stated = mapped.stated(triple)
            if stated is not None:
                file, row, column = stated.file, stated.row, stated.column
            elif (origin := mapped.origins.get(URIRef(str(triple[0])))) is not None:
                file, row, column = origin.file, origin.row, ""
            else:
                logger.debug("no cell states %s", triple)
                continue
            key = (file, row, column, message)
            where = data_file_location(folder, file)  # `book.xlsx:records` for a workbook
            found.setdefault(key, DataFileError(where, row, column, message))
    return sorted(found.values(), key=lambda e: (str(e.path), e.row, e.column, e.message))


def locate_error(
    error: InconsistentDataError, mapped: Mapped, ontology: Graph, folder: Path
) -> InconsistentDataError:
    """`error` (a reasoner's bare verdict on a review) with its causes and their cells."""
    data = Graph()
    for graph in (mapped.reported, mapped.supplementary):
        for triple in graph:
            data.add(triple)
    explained = explain_inconsistency(ontology, data)
    conflicts = [Conflict(URIRef(i), why, tuple(t)) for i, why, t in explained.causes]
    if not conflicts:
        logger.warning("%s: inconsistent, and no rule names the cause", error.review_id)
        return error
    individuals = sorted({str(c.individual) for c in conflicts} | set(error.individuals))
    reasons = sorted({c.reason for c in conflicts} | set(error.reasons))
    return InconsistentDataError(
        error.review_id, individuals, reasons, locate(conflicts, mapped, folder)
    )
