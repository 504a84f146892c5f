"""The files of a review's own topic variables, and the core columns that were such variables.

A review declares what it extracts beyond the core format in variables.csv (one row a variable:
its level, datatype, allowed categories, unit, and the ontology term its values are also stated
with) and gives the values in the long table variable_values.csv. Columns written for one topic
in the first release of the format (`LEGACY_VARIABLES`) stay readable: a folder that has them is
read as if it declared the same variables, so their facts have one home whichever way a folder
writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.schema.columns import FileSchema, Kind, column

__all__ = [
    "CORE_VARIABLES",
    "EXTRACTION_STATES",
    "LEGACY_VARIABLES",
    "VARIABLE_DATATYPES",
    "VARIABLE_FILES",
    "VARIABLE_LEVELS",
    "LegacyVariable",
]

# The level a variable is recorded at, and the file whose keys its values' targets are.
VARIABLE_LEVELS: dict[str, str] = {
    "review": "review.csv",
    "study": "studies.csv",
    "record": "records.csv",
}
VARIABLE_DATATYPES = ("string", "text", "integer", "decimal", "boolean", "year", "category")
# review.csv `extraction`: how far the review's included studies are extracted.
EXTRACTION_STATES = ("complete", "partial", "review-only")

# What aggregates.csv `variable` names without a declaration: the variables of the core format.
CORE_VARIABLES = (
    "sample-size",
    "participant-age",
    "female-share",
    "older-adults-only",
    "country",
    "publication-year",
    "appraisal-score",
    "published-during-covid",
    "data-collection-period",
    "follow-up",
    "publication-type",
    "theme-support",
)


@dataclass(frozen=True)
class LegacyVariable:
    """A core column of the first format that is a topic variable: the declaration a folder
    holding it is read as having made (`term` states its values as that column always did)."""

    file: str
    column: str
    variable_id: str
    level: str
    datatype: str
    label: str
    term: str
    categories: tuple[str, ...] = ()
    definition: str = ""


# (file, column) → the variable it declares; superseded by variables.csv, still read.
LEGACY_VARIABLES: dict[tuple[str, str], LegacyVariable] = {
    (v.file, v.column): v
    for v in (
        LegacyVariable(
            "records.csv",
            "loneliness_assessment",
            "loneliness-assessment",
            "record",
            "category",
            "loneliness assessment",
            "spkg:lonelinessAssessment",
            ("standardised", "self-report", "both"),
            "How the record assessed loneliness: with a standardised measure, by self-report, "
            "or both.",
        ),
        LegacyVariable(
            "records.csv",
            "only_part_lonely",
            "only-part-lonely",
            "record",
            "boolean",
            "only part of sample lonely",
            "spkg:onlyPartOfSampleLonely",
            definition="Only a proportion of the record's sample reported being lonely or "
            "socially isolated.",
        ),
        LegacyVariable(
            "review.csv",
            "stated_subtheme_count",
            "stated-subtheme-count",
            "review",
            "integer",
            "stated subtheme count of the first theme",
            "spkg:statedFirstThemeSubthemeCount",
            definition="How many subthemes the review (its abstract) says its first theme has; "
            "themes.csv states the same on the theme.",
        ),
    )
}

VARIABLE_FILES: tuple[FileSchema, ...] = (
    FileSchema(
        "variables.csv",
        ("variable_id",),
        (
            column("variable_id", Kind.KEY, True),
            column("level", Kind.ENUM, True, allowed=tuple(VARIABLE_LEVELS)),
            column("label", Kind.STRING, True),
            column("datatype", Kind.ENUM, True, allowed=VARIABLE_DATATYPES),
            column("categories", Kind.LIST),
            column("unit", Kind.STRING),
            column("definition", Kind.TEXT),
            column("term", Kind.STRING),
        ),
        optional=True,
    ),
    FileSchema(
        "variable_values.csv",
        ("variable_id", "target_id"),
        (
            column("variable_id", Kind.REF, True, ref_file="variables.csv"),
            column("target_id", Kind.KEY, True),
            column("value", Kind.STRING, True),
            column("note", Kind.TEXT),
        ),
        optional=True,
    ),
)
