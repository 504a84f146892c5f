"""Records → RDF, pure: one review's typed records become its reported and supplementary graphs.

No I/O here: the same `ReviewData` always gives the same triples, so re-ingesting unchanged
data is recognisably unchanged (see `ingest.provenance.fingerprint`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.term import Node

from ingest.iris import Minter
from ingest.mapping.appraisal_tools import map_appraisal_tools
from ingest.mapping.concepts import map_concepts
from ingest.mapping.context import Context, Origin, Stated
from ingest.mapping.curation import map_derived_sources
from ingest.mapping.inconsistencies import map_inconsistencies
from ingest.mapping.participants import map_participants, map_study_design
from ingest.mapping.products import map_constructs, map_study_findings, map_translations
from ingest.mapping.review import map_method, map_review_row, map_statements
from ingest.mapping.studies import map_appraisals, map_interventions, map_records, map_studies
from ingest.mapping.synthesis import map_findings, map_quotes, map_themes, map_value_sources
from ingest.mapping.terms import Vocabulary
from ingest.mapping.variables import map_variables
from ingest.namespaces import base_iri, spkg_ns
from ingest.readers import ReviewData, SourceFile

__all__ = ["Mapped", "Origin", "Stated", "map_review"]


@dataclass(frozen=True)
class Mapped:
    """A review as RDF, with the index from nodes and predicates back to the CSV cells."""

    review_id: str
    minter: Minter
    reported: Graph
    supplementary: Graph
    origins: dict[URIRef, Origin]
    # (file, predicate IRI) → column
    columns: dict[tuple[str, str], str]
    # the files read, with their sizes and checksums (for the provenance graph)
    sources: dict[str, SourceFile]
    # (graph IRI, triple) → the cell it states, or the row whose entity it structures
    trace: dict[tuple[URIRef, tuple[Node, Node, Node]], Stated] = field(default_factory=dict)

    def graphs(self) -> dict[str, Graph]:
        """The data graphs by their graph IRI."""
        return {
            str(self.reported.identifier): self.reported,
            str(self.supplementary.identifier): self.supplementary,
        }

    def column_of(self, file: str, predicate: str) -> str | None:
        """The column a predicate was stated from in `file`, if any."""
        return self.columns.get((file, predicate))

    def stated(self, triple: tuple[Node, Node, Node]) -> Stated | None:
        """Where a triple of the reported (else the supplementary) graph was stated from."""
        for graph in (self.reported, self.supplementary):
            found = self.trace.get((graph.identifier, triple))  # type: ignore[arg-type]
            if found is not None:
                return found
        return None


def map_review(
    data: ReviewData,
    vocabulary: Vocabulary,
    base: str | None = None,
) -> Mapped:
    """Map one read review to its graphs, using the ontology's `vocabulary` for enum values."""
    base = base or base_iri()
    ctx = Context(data, Minter(data.review_id, base), spkg_ns(base), vocabulary)
    map_review_row(ctx)
    map_concepts(ctx)
    map_appraisal_tools(ctx)
    map_method(ctx)
    map_studies(ctx)
    map_records(ctx)
    map_study_design(ctx)
    map_participants(ctx)
    map_variables(ctx)
    map_interventions(ctx)
    map_appraisals(ctx)
    map_themes(ctx)
    map_constructs(ctx)
    map_translations(ctx)
    map_study_findings(ctx)
    map_findings(ctx)
    map_quotes(ctx)
    map_statements(ctx)
    map_inconsistencies(ctx)
    map_value_sources(ctx)
    map_derived_sources(ctx)
    ctx.index_unfilled_columns()
    return Mapped(
        data.review_id,
        ctx.minter,
        ctx.reported,
        ctx.supplementary,
        ctx.origins,
        ctx.columns,
        dict(data.sources),
        ctx.trace,
    )
