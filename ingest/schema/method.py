"""The files of the review and its method: review, search sources, screening, PRISMA, criteria."""

from __future__ import annotations

from ingest.schema.columns import FileSchema, Kind, column
from ingest.schema.values import REVIEW_TYPES
from ingest.schema.variables import EXTRACTION_STATES

__all__ = ["METHOD_FILES"]

METHOD_FILES: tuple[FileSchema, ...] = (
    FileSchema(
        "review.csv",
        ("review_id",),
        (
            column("review_id", Kind.KEY, True),
            column("title", Kind.TEXT, True),
            column("authors", Kind.LIST, True),
            column("journal", Kind.STRING),
            column("year", Kind.YEAR, True, minimum=1900, maximum=2100),
            column("volume", Kind.STRING),
            column("article_number", Kind.STRING),
            column("doi", Kind.DOI),
            column("protocol_registration", Kind.STRING),
            column("review_question", Kind.TEXT),
            column("aims", Kind.TEXT),
            column("review_type", Kind.ENUM, True, allowed=REVIEW_TYPES),
            column("synthesis_method", Kind.TEXT),
            column("search_date", Kind.YEAR_MONTH),
            column("search_start", Kind.TEXT),
            column("languages", Kind.LIST),
            column("languages_found", Kind.LIST),
            column("date_restrictions", Kind.TEXT),
            column("hand_searching", Kind.BOOLEAN),
            column("lived_experience_involvement", Kind.TEXT),
            column("reporting_guideline", Kind.STRING),
            # Superseded by a declared variable (ingest.schema.variables.LEGACY_VARIABLES).
            column("stated_subtheme_count", Kind.INTEGER, minimum=0, optional=True),
            column("license", Kind.STRING),
            column("included_study_count", Kind.INTEGER, minimum=0, optional=True),
            column("extraction", Kind.ENUM, allowed=EXTRACTION_STATES, optional=True),
            # The review's PubMed identifier: digits (shapes/core.ttl PubMedIdShape).
            column("pmid", Kind.STRING, optional=True),
        ),
        single_row=True,
    ),
    FileSchema(
        "search_sources.csv",
        ("source_id",),
        (
            column("source_id", Kind.KEY, True),
            column("name", Kind.STRING, True),
            column(
                "kind",
                Kind.ENUM,
                True,
                allowed=(
                    "bibliographic-database",
                    "grey-literature-source",
                    "supplied-records",
                    "hand-search",
                ),
            ),
            column("platform", Kind.STRING),
            column("fields_searched", Kind.TEXT),
            column("note", Kind.TEXT),
        ),
    ),
    FileSchema(
        "screening.csv",
        ("stage_id",),
        (
            column("stage_id", Kind.KEY, True),
            column("stage", Kind.CONCEPT, True, scheme="stage"),
            column("position", Kind.INTEGER, True, minimum=1),
            column("performed_by", Kind.LIST),
            column("checked_by", Kind.LIST),
            column("checked_share", Kind.DECIMAL, minimum=0, maximum=100),
            column("checked_description", Kind.TEXT),
            column("software", Kind.STRING),
            column("cohen_kappa", Kind.DECIMAL, minimum=-1, maximum=1),
            column("kappa_interpretation", Kind.STRING),
            column("disagreements", Kind.TEXT),
            column("description", Kind.TEXT),
        ),
    ),
    FileSchema(
        "prisma.csv",
        ("count_id",),
        (
            column("count_id", Kind.KEY, True),
            column(
                "flow_stage",
                Kind.ENUM,
                True,
                allowed=(
                    "identified",
                    "duplicates-removed",
                    "screened",
                    "excluded-at-screening",
                    "full-text-assessed",
                    "excluded-at-full-text",
                    "included",
                ),
            ),
            column("unit", Kind.ENUM, True, allowed=("records", "studies")),
            column("literature", Kind.ENUM, True, allowed=("peer-reviewed", "grey", "all")),
            column("source_id", Kind.REF, ref_file="search_sources.csv"),
            column("count", Kind.INTEGER, True, minimum=0),
            column("note", Kind.TEXT),
        ),
    ),
    FileSchema(
        "criteria.csv",
        ("criterion_id",),
        (
            column("criterion_id", Kind.KEY, True),
            column("kind", Kind.ENUM, True, allowed=("inclusion", "exclusion")),
            column(
                "category",
                Kind.ENUM,
                True,
                allowed=(
                    "study-design",
                    "participants",
                    "intervention",
                    "outcome",
                    "language",
                    "publication-type",
                    "date",
                    "quality",
                ),
            ),
            column("text", Kind.TEXT, True),
        ),
    ),
)
