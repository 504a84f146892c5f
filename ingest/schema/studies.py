"""The files of what a review includes: records, studies, interventions, activities, measures
and appraisal items."""

from __future__ import annotations

from ingest.schema.columns import FileSchema, Kind, column
from ingest.schema.values import COUNTRIES, PUBLICATION_TYPES

__all__ = ["STUDY_FILES"]

STUDY_FILES: tuple[FileSchema, ...] = (
    FileSchema(
        "records.csv",
        ("record_id",),
        (
            column("record_id", Kind.KEY, True),
            column("citation_number", Kind.INTEGER, True, minimum=1),
            column("study_id", Kind.REF, True, ref_file="studies.csv"),
            column(
                "publication_type",
                Kind.ENUM,
                True,
                allowed=PUBLICATION_TYPES,
            ),
            column("publication_type_as_stated", Kind.TEXT),
            column("peer_reviewed", Kind.BOOLEAN, True),
            column("first_author", Kind.STRING),
            column("authors", Kind.LIST),
            column("year", Kind.YEAR, minimum=1900, maximum=2100),
            column("title", Kind.TEXT),
            column("venue", Kind.STRING),
            column("locator", Kind.STRING),
            column("doi", Kind.DOI),
            column("published_during_covid", Kind.BOOLEAN),
            column("follow_up", Kind.BOOLEAN),
            column("follow_up_description", Kind.TEXT),
            column("aims", Kind.TEXT),
            column("data_collection", Kind.TEXT),
            column("analysis_method", Kind.TEXT),
            column("original_themes", Kind.LIST),
            # Superseded by declared variables (ingest.schema.variables.LEGACY_VARIABLES).
            column(
                "loneliness_assessment",
                Kind.ENUM,
                allowed=("standardised", "self-report", "both"),
                optional=True,
            ),
            column("only_part_lonely", Kind.BOOLEAN, optional=True),
            column("appraisal_tool", Kind.STRING),
            # At most the tool's maximum (shipped or declared): ingest.appraisal_checks.
            column("appraisal_score", Kind.INTEGER, minimum=0),
            column("notes", Kind.TEXT),
            column("pmid", Kind.STRING, optional=True),
        ),
    ),
    FileSchema(
        "studies.csv",
        ("study_id",),
        (
            column("study_id", Kind.KEY, True),
            column("label", Kind.STRING),
            column("country", Kind.ENUM, allowed=COUNTRIES),
            column("data_collection_start", Kind.YEAR_MONTH),
            column("data_collection_end", Kind.YEAR_MONTH),
            column("data_collection_year_stated", Kind.BOOLEAN),
            column("sample_size", Kind.INTEGER, minimum=1),
            column("female_pct", Kind.DECIMAL, minimum=0, maximum=100),
            column("male_pct", Kind.DECIMAL, minimum=0, maximum=100),
            column("other_gender_pct", Kind.DECIMAL, minimum=0, maximum=100),
            column("gender_reported", Kind.BOOLEAN),
            column("age_min", Kind.INTEGER, minimum=0, maximum=120),
            column("age_max", Kind.INTEGER, minimum=0, maximum=120),
            column("age_max_open", Kind.BOOLEAN),
            column("ages_reported", Kind.BOOLEAN),
            column("age_note", Kind.TEXT),
            column("older_adults_only", Kind.BOOLEAN),
            column("population", Kind.TEXT),
            column("notes", Kind.TEXT),
            column("study_identity", Kind.STRING, optional=True),
            column("design", Kind.CONCEPT, optional=True, scheme="study-design"),
            column(
                "data_collection_methods",
                Kind.CONCEPT_LIST,
                optional=True,
                scheme="data-collection-method",
            ),
            column("analysis_methods", Kind.CONCEPT_LIST, optional=True, scheme="analysis-method"),
        ),
    ),
    FileSchema(
        "interventions.csv",
        ("intervention_id",),
        (
            column("intervention_id", Kind.KEY, True),
            column("study_id", Kind.REF, True, ref_file="studies.csv"),
            column("name", Kind.STRING),
            column("intervention_type", Kind.CONCEPT, scheme="intervention-type"),
            column("description", Kind.TEXT),
            column("link_worker", Kind.BOOLEAN),
            column("link_worker_title", Kind.STRING),
            column("setting", Kind.TEXT),
            column("mode", Kind.ENUM, allowed=("group", "one-to-one", "mixed")),
            column("duration", Kind.TEXT),
            column("duration_weeks", Kind.DECIMAL, minimum=0),
        ),
    ),
    FileSchema(
        "activities.csv",
        ("activity_id",),
        (
            column("activity_id", Kind.KEY, True),
            column("intervention_id", Kind.REF, True, ref_file="interventions.csv"),
            column("activity_type", Kind.CONCEPT, True, scheme="activity-type"),
            column("description", Kind.TEXT),
        ),
    ),
    FileSchema(
        "measures.csv",
        ("measure_id",),
        (
            column("measure_id", Kind.KEY, True),
            column("record_id", Kind.REF, True, ref_file="records.csv"),
            column("instrument", Kind.CONCEPT, True, scheme="instrument"),
            column("construct", Kind.CONCEPT, scheme="outcome-construct"),
            column("note", Kind.TEXT),
        ),
    ),
    FileSchema(
        "appraisal_items.csv",
        ("record_id", "item"),
        (
            column("record_id", Kind.REF, True, ref_file="records.csv"),
            column("item", Kind.STRING, True),
            column("answer", Kind.STRING, True),
            column("note", Kind.TEXT),
        ),
    ),
)
