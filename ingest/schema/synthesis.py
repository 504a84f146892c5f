"""The files of what a review found and says: themes and their support, findings, quotes,
reported statistics and statements; the curator's notes on where the review contradicts itself
(inconsistencies.csv, optional); and value_sources.csv, which says where a value came from."""

from __future__ import annotations

from ingest.schema.columns import FileSchema, Kind, column
from ingest.schema.products import THEME_LEVELS
from ingest.schema.values import CERQUAL_CONCERN

__all__ = ["INCONSISTENCIES", "INCONSISTENCY_KINDS", "INCONSISTENCY_TARGETS", "SYNTHESIS_FILES"]

# The kinds of inconsistency (the skos:notation of the ontology's spkg:InconsistencyKind values).
INCONSISTENCY_KINDS = ("arithmetic", "count", "naming", "citation", "method")

# Optional: a folder without it has no curated inconsistencies.
INCONSISTENCIES = FileSchema(
    "inconsistencies.csv",
    ("inconsistency_id",),
    (
        column("inconsistency_id", Kind.KEY, True),
        column("kind", Kind.ENUM, True, allowed=INCONSISTENCY_KINDS),
        column("explanation", Kind.TEXT, True),
        # What it concerns (at least one of these or a passage: ingest.checks).
        column("statistic_ids", Kind.REF_LIST, ref_file="aggregates.csv"),
        column("theme_ids", Kind.REF_LIST, ref_file="themes.csv"),
        column("record_ids", Kind.REF_LIST, ref_file="records.csv"),
        column("statement_ids", Kind.REF_LIST, ref_file="statements.csv"),
        column("stage_ids", Kind.REF_LIST, ref_file="screening.csv"),
        column("passage", Kind.TEXT),
    ),
    optional=True,
)

SYNTHESIS_FILES: tuple[FileSchema, ...] = (
    FileSchema(
        "themes.csv",
        ("theme_id",),
        (
            column("theme_id", Kind.KEY, True),
            column("parent_id", Kind.REF, ref_file="themes.csv"),
            column("position", Kind.INTEGER, True, minimum=1),
            column("label", Kind.STRING, True),
            column("description", Kind.TEXT),
            column("stated_record_count", Kind.INTEGER, minimum=0),
            column("stated_record_share", Kind.DECIMAL, minimum=0, maximum=100),
            column("stated_all_records", Kind.BOOLEAN),
            column("stated_subtheme_count", Kind.INTEGER, minimum=0),
            column("stated_subtheme_count_where", Kind.STRING),
            # Added after the first release: a folder written without it keeps validating.
            column("abstract_label", Kind.STRING, optional=True),
            column("level", Kind.ENUM, allowed=THEME_LEVELS, optional=True),
        ),
    ),
    FileSchema(
        "theme_support.csv",
        ("theme_id", "record_id"),
        (
            column("theme_id", Kind.REF, True, ref_file="themes.csv"),
            column("record_id", Kind.REF, True, ref_file="records.csv"),
            column("evidence", Kind.ENUM, True, allowed=("quoted", "cited", "stated")),
        ),
    ),
    FileSchema(
        "findings.csv",
        ("finding_id",),
        (
            column("finding_id", Kind.KEY, True),
            # One of theme_id and construct_id names what the finding is about.
            column("theme_id", Kind.REF, ref_file="themes.csv"),
            column("construct_id", Kind.REF, ref_file="constructs.csv", optional=True),
            column(
                "kind",
                Kind.ENUM,
                True,
                allowed=("benefit", "drawback", "mechanism", "summary"),
            ),
            column("statement", Kind.TEXT, True),
            column("record_ids", Kind.REF_LIST, ref_file="records.csv"),
            column("cerqual_methodological", Kind.ENUM, allowed=CERQUAL_CONCERN),
            column("cerqual_coherence", Kind.ENUM, allowed=CERQUAL_CONCERN),
            column("cerqual_adequacy", Kind.ENUM, allowed=CERQUAL_CONCERN),
            column("cerqual_relevance", Kind.ENUM, allowed=CERQUAL_CONCERN),
            column(
                "cerqual_confidence",
                Kind.ENUM,
                allowed=("high", "moderate", "low", "very-low"),
            ),
            column("cerqual_explanation", Kind.TEXT),
        ),
    ),
    FileSchema(
        "quotes.csv",
        ("quote_id",),
        (
            column("quote_id", Kind.KEY, True),
            # At least one of theme_id, construct_id and study_finding_id names what it
            # illustrates (ingest.product_checks).
            column("theme_id", Kind.REF, ref_file="themes.csv"),
            column("construct_id", Kind.REF, ref_file="constructs.csv", optional=True),
            column("study_finding_id", Kind.REF, ref_file="study_findings.csv", optional=True),
            column("record_id", Kind.REF, True, ref_file="records.csv"),
            column("position", Kind.INTEGER, True, minimum=1),
            column("kind", Kind.ENUM, True, allowed=("participant", "author-interpretation")),
            column("kind_certain", Kind.BOOLEAN, True),
            column("text", Kind.TEXT, True),
            column("speaker_gender", Kind.ENUM, allowed=("female", "male", "not-specified")),
            column("speaker_age_label", Kind.STRING),
            column(
                "speaker_age_min",
                Kind.INTEGER,
                minimum=0,
                maximum=120,
                derived_from="speaker_age_label",
            ),
            column(
                "speaker_age_max",
                Kind.INTEGER,
                minimum=0,
                maximum=120,
                derived_from="speaker_age_label",
            ),
            column("speaker_role", Kind.CONCEPT, scheme="participant-role", optional=True),
            column("note", Kind.TEXT),
        ),
    ),
    FileSchema(
        "aggregates.csv",
        ("stat_id",),
        (
            column("stat_id", Kind.KEY, True),
            # A core variable (ingest.schema.variables.CORE_VARIABLES) or a declared one:
            # ingest.variable_checks.
            column("variable", Kind.KEY, True),
            column(
                "statistic",
                Kind.ENUM,
                True,
                allowed=("minimum", "maximum", "median", "mean", "total", "count", "share"),
            ),
            column("category", Kind.STRING),
            column("value", Kind.DECIMAL, True),
            column(
                "unit",
                Kind.ENUM,
                True,
                allowed=(
                    "participants",
                    "years",
                    "percent",
                    "studies",
                    "records",
                    "articles",
                    "points",
                ),
            ),
            column("denominator", Kind.STRING),
            column("record_ids", Kind.REF_LIST, ref_file="records.csv"),
            column("theme_id", Kind.REF, ref_file="themes.csv"),
            column("as_printed", Kind.TEXT, True),
        ),
    ),
    FileSchema(
        "statements.csv",
        ("statement_id",),
        (
            column("statement_id", Kind.KEY, True),
            column(
                "kind",
                Kind.ENUM,
                True,
                allowed=(
                    "strength",
                    "limitation",
                    "implication-for-practice",
                    "future-research",
                    "conclusion",
                    "intervention-summary",
                ),
            ),
            column("position", Kind.INTEGER, True, minimum=1),
            column("text", Kind.TEXT, True),
        ),
    ),
    INCONSISTENCIES,
    FileSchema(
        "value_sources.csv",
        ("file", "key", "column"),
        (
            column("file", Kind.STRING, True),
            column("key", Kind.STRING, True),
            column("column", Kind.STRING, True),
            column(
                "source",
                Kind.ENUM,
                True,
                allowed=("primary-paper", "catalogue-record", "inferred", "computed"),
            ),
            column("note", Kind.TEXT),
        ),
    ),
)

# The columns of inconsistencies.csv that name what an inconsistency concerns, besides `passage`.
INCONSISTENCY_TARGETS: tuple[str, ...] = tuple(
    c.name for c in INCONSISTENCIES.columns if c.kind is Kind.REF_LIST
)
