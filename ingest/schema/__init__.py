"""The column schema of every data file: the contract of data/README.md, the reader and the mapping.

One table, so the reader, the data tests and the data dictionary cannot drift apart (a test checks
that data/README.md documents exactly these columns with these types). The tables are split as
the mapping is (`ingest/mapping/`): the review and its method, what it includes, what it found.
"""

from __future__ import annotations

from ingest.schema.appraisal import APPRAISAL_TOOL_FILES
from ingest.schema.columns import KEY_PATTERN, LIST_SEPARATOR, Column, FileSchema, Kind, column
from ingest.schema.concepts import CONCEPT_FILES, MATCH_COLUMNS
from ingest.schema.method import METHOD_FILES
from ingest.schema.participants import PARTICIPANT_FILES
from ingest.schema.products import PRODUCT_FILES
from ingest.schema.studies import STUDY_FILES
from ingest.schema.synthesis import INCONSISTENCY_KINDS, INCONSISTENCY_TARGETS, SYNTHESIS_FILES
from ingest.schema.values import (
    ACTIVITY_TYPES,
    APPRAISAL_ANSWERS,
    APPRAISAL_ITEMS,
    APPRAISAL_TOOLS,
    CERQUAL_CONCERN,
    CONCEPT_SCHEMES,
    COUNTRIES,
    INSTRUMENTS,
    INTERVENTION_TYPES,
    PUBLICATION_TYPES,
    REVIEW_TYPES,
    SHIPPED_CONCEPTS,
    TOOL_ANSWERS,
    TOOL_ITEM_PREFIX,
    TOOL_ITEMS,
    TOOL_MAXIMA,
)
from ingest.schema.variables import VARIABLE_FILES

__all__ = [
    "ACTIVITY_TYPES",
    "APPRAISAL_ANSWERS",
    "APPRAISAL_ITEMS",
    "APPRAISAL_TOOLS",
    "CERQUAL_CONCERN",
    "CONCEPT_SCHEMES",
    "COUNTRIES",
    "FILES",
    "INCONSISTENCY_KINDS",
    "INCONSISTENCY_TARGETS",
    "INSTRUMENTS",
    "INTERVENTION_TYPES",
    "KEY_PATTERN",
    "LIST_SEPARATOR",
    "MATCH_COLUMNS",
    "PUBLICATION_TYPES",
    "REVIEW_TYPES",
    "SHIPPED_CONCEPTS",
    "TOOL_ANSWERS",
    "TOOL_ITEMS",
    "TOOL_ITEM_PREFIX",
    "TOOL_MAXIMA",
    "Column",
    "FileSchema",
    "Kind",
    "column",
    "file_schema",
]

# In the order the data dictionary documents them.
FILES: tuple[FileSchema, ...] = (
    METHOD_FILES
    + STUDY_FILES
    + PARTICIPANT_FILES
    + VARIABLE_FILES
    + SYNTHESIS_FILES
    + PRODUCT_FILES
    + CONCEPT_FILES
    + APPRAISAL_TOOL_FILES
)

_BY_NAME = {f.name: f for f in FILES}


def file_schema(name: str) -> FileSchema:
    """The schema of one data file, by its file name."""
    return _BY_NAME[name]
