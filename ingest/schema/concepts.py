"""concepts.csv: the concepts a review declares for the open schemes (an instrument, an outcome
construct, an intervention type ... the ontology does not ship), each optionally mapped to the
ontology's or an external vocabulary's concept. Optional: a folder without it uses shipped keys
only. The cross-file rules (a concept cell names a shipped or declared key) are
`ingest.concept_checks`."""

from __future__ import annotations

from ingest.schema.columns import FileSchema, Kind, column
from ingest.schema.values import CONCEPT_SCHEMES

__all__ = ["CONCEPTS", "CONCEPT_FILES", "MATCH_COLUMNS"]

# The SKOS mapping columns of concepts.csv (each a list of IRIs or `<scheme>:<key>` refs).
MATCH_COLUMNS = ("exact_match", "close_match", "broad_match", "narrow_match")

CONCEPTS = FileSchema(
    "concepts.csv",
    ("scheme", "concept_id"),
    (
        column("scheme", Kind.ENUM, True, allowed=CONCEPT_SCHEMES),
        column("concept_id", Kind.KEY, True),
        column("label", Kind.STRING, True),
        column("definition", Kind.TEXT),
        column("broader_id", Kind.STRING),
        *(column(name, Kind.LIST) for name in MATCH_COLUMNS),
        column("note", Kind.TEXT),
    ),
    optional=True,
)

CONCEPT_FILES: tuple[FileSchema, ...] = (CONCEPTS,)
