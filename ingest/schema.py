"""The column schema of every data file: the contract of data/README.md, the reader and the mapping.

One table, so the reader, the data tests and the data dictionary cannot drift apart (a test checks
that data/README.md documents exactly these columns with these types).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["FILES", "Column", "FileSchema", "Kind", "file_schema"]


class Kind(StrEnum):
    """How a cell is typed."""

    KEY = "key"
    STRING = "string"
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    YEAR = "year"
    YEAR_MONTH = "year-month"
    BOOLEAN = "boolean"
    ENUM = "enum"
    REF = "ref"
    LIST = "list"
    REF_LIST = "ref-list"
    DOI = "doi"


@dataclass(frozen=True)
class Column:
    """One column: its type, whether it may be empty, allowed values and bounds."""

    name: str
    kind: Kind
    required: bool = False
    allowed: tuple[str, ...] = ()
    ref_file: str | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class FileSchema:
    """One data file: its name, key column(s) and columns in documented order."""

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    single_row: bool = False
    optional: bool = False
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})


def _c(name: str, kind: Kind, required: bool = False, **kw) -> Column:
    if "allowed" in kw:
        kw["allowed"] = tuple(kw["allowed"])
    return Column(name, kind, required, **kw)


K, S, T, N, D = Kind.KEY, Kind.STRING, Kind.TEXT, Kind.INTEGER, Kind.DECIMAL
Y, YM, B, E, R, L, RL = (
    Kind.YEAR,
    Kind.YEAR_MONTH,
    Kind.BOOLEAN,
    Kind.ENUM,
    Kind.REF,
    Kind.LIST,
    Kind.REF_LIST,
)

REVIEW_TYPES = (
    "qualitative-meta-synthesis",
    "qualitative-evidence-synthesis",
    "mixed-methods-review",
    "systematic-review",
)
CERQUAL_CONCERN = ("no-or-very-minor", "minor", "moderate", "serious")
APPRAISAL_ITEMS = tuple(f"casp-{n}" for n in range(1, 11)) + tuple(
    f"aacods-{n}"
    for n in ("authority", "accuracy", "coverage", "objectivity", "date", "significance")
)
# Keys of the global concept schemes and individuals declared in ontology/spkg.ttl; a test checks
# that each key here has its individual in the ontology and vice versa.
INTERVENTION_TYPES = (
    "social-prescribing",
    "link-worker-social-prescribing",
    "community-navigation",
    "arts-on-prescription",
    "museums-on-prescription",
    "community-group-programme",
    "befriending",
    "home-care-social-support",
    "community-referral",
)
ACTIVITY_TYPES = (
    "arts",
    "creative-activity",
    "museum-programme",
    "community-gardening",
    "exercise",
    "support-group",
    "social-group",
    "luncheon-club",
    "welfare-advice",
    "befriending",
    "goal-setting",
    "linkage-to-services",
    "volunteering",
    "friendship-club",
    "hobby-group",
    "community-activity",
)
INSTRUMENTS = (
    "ucla-loneliness-scale",
    "de-jong-gierveld-loneliness-scale",
    "wemwbs",
    "sf-12",
    "geriatric-depression-scale",
    "mos-social-support-survey",
)
COUNTRIES = ("GB", "CA", "US", "SE", "AU", "NZ", "IE", "NL", "DE", "FR", "DK", "NO", "FI", "JP")

FILES: tuple[FileSchema, ...] = (
    FileSchema(
        "review.csv",
        ("review_id",),
        (
            _c("review_id", K, True),
            _c("title", T, True),
            _c("authors", L, True),
            _c("journal", S),
            _c("year", Y, True, minimum=1900, maximum=2100),
            _c("volume", S),
            _c("article_number", S),
            _c("doi", Kind.DOI),
            _c("protocol_registration", S),
            _c("review_question", T),
            _c("aims", T),
            _c("review_type", E, True, allowed=REVIEW_TYPES),
            _c("synthesis_method", T),
            _c("search_date", YM),
            _c("search_start", T),
            _c("languages", L),
            _c("languages_found", L),
            _c("date_restrictions", T),
            _c("hand_searching", B),
            _c("lived_experience_involvement", T),
            _c("reporting_guideline", S),
            _c("stated_subtheme_count", N, minimum=0),
            _c("license", S),
        ),
        single_row=True,
    ),
    FileSchema(
        "search_sources.csv",
        ("source_id",),
        (
            _c("source_id", K, True),
            _c("name", S, True),
            _c(
                "kind",
                E,
                True,
                allowed=(
                    "bibliographic-database",
                    "grey-literature-source",
                    "supplied-records",
                    "hand-search",
                ),
            ),
            _c("platform", S),
            _c("fields_searched", T),
            _c("note", T),
        ),
    ),
    FileSchema(
        "screening.csv",
        ("stage_id",),
        (
            _c("stage_id", K, True),
            _c(
                "stage",
                E,
                True,
                allowed=(
                    "title-abstract-screening",
                    "full-text-screening",
                    "quality-appraisal",
                    "data-extraction",
                    "coding",
                ),
            ),
            _c("position", N, True, minimum=1),
            _c("performed_by", L),
            _c("checked_by", L),
            _c("checked_share", D, minimum=0, maximum=100),
            _c("checked_description", T),
            _c("software", S),
            _c("cohen_kappa", D, minimum=-1, maximum=1),
            _c("kappa_interpretation", S),
            _c("disagreements", T),
            _c("description", T),
        ),
    ),
    FileSchema(
        "prisma.csv",
        ("count_id",),
        (
            _c("count_id", K, True),
            _c(
                "flow_stage",
                E,
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
            _c("unit", E, True, allowed=("records", "studies")),
            _c("literature", E, True, allowed=("peer-reviewed", "grey", "all")),
            _c("source_id", R, ref_file="search_sources.csv"),
            _c("count", N, True, minimum=0),
            _c("note", T),
        ),
    ),
    FileSchema(
        "criteria.csv",
        ("criterion_id",),
        (
            _c("criterion_id", K, True),
            _c("kind", E, True, allowed=("inclusion", "exclusion")),
            _c(
                "category",
                E,
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
            _c("text", T, True),
        ),
    ),
    FileSchema(
        "records.csv",
        ("record_id",),
        (
            _c("record_id", K, True),
            _c("citation_number", N, True, minimum=1),
            _c("study_id", R, True, ref_file="studies.csv"),
            _c(
                "publication_type",
                E,
                True,
                allowed=("journal-article", "doctoral-thesis", "report"),
            ),
            _c("publication_type_as_stated", T),
            _c("peer_reviewed", B, True),
            _c("first_author", S),
            _c("authors", L),
            _c("year", Y, minimum=1900, maximum=2100),
            _c("title", T),
            _c("venue", S),
            _c("locator", S),
            _c("doi", Kind.DOI),
            _c("published_during_covid", B),
            _c("follow_up", B),
            _c("follow_up_description", T),
            _c("aims", T),
            _c("data_collection", T),
            _c("analysis_method", T),
            _c("original_themes", L),
            _c("loneliness_assessment", E, allowed=("standardised", "self-report", "both")),
            _c("only_part_lonely", B),
            _c("appraisal_tool", E, allowed=("CASP", "AACODS")),
            _c("appraisal_score", N, minimum=0, maximum=10),
            _c("notes", T),
        ),
    ),
    FileSchema(
        "studies.csv",
        ("study_id",),
        (
            _c("study_id", K, True),
            _c("label", S),
            _c("country", E, allowed=COUNTRIES),
            _c("data_collection_start", YM),
            _c("data_collection_end", YM),
            _c("data_collection_year_stated", B),
            _c("sample_size", N, minimum=1),
            _c("female_pct", D, minimum=0, maximum=100),
            _c("male_pct", D, minimum=0, maximum=100),
            _c("other_gender_pct", D, minimum=0, maximum=100),
            _c("gender_reported", B),
            _c("age_min", N, minimum=0, maximum=120),
            _c("age_max", N, minimum=0, maximum=120),
            _c("age_max_open", B),
            _c("ages_reported", B),
            _c("age_note", T),
            _c("older_adults_only", B),
            _c("population", T),
            _c("notes", T),
        ),
    ),
    FileSchema(
        "interventions.csv",
        ("intervention_id",),
        (
            _c("intervention_id", K, True),
            _c("study_id", R, True, ref_file="studies.csv"),
            _c("name", S),
            _c("intervention_type", E, allowed=INTERVENTION_TYPES),
            _c("description", T),
            _c("link_worker", B),
            _c("link_worker_title", S),
            _c("setting", T),
            _c("mode", E, allowed=("group", "one-to-one", "mixed")),
            _c("duration", T),
            _c("duration_weeks", D, minimum=0),
        ),
    ),
    FileSchema(
        "activities.csv",
        ("activity_id",),
        (
            _c("activity_id", K, True),
            _c("intervention_id", R, True, ref_file="interventions.csv"),
            _c("activity_type", E, True, allowed=ACTIVITY_TYPES),
            _c("description", T),
        ),
    ),
    FileSchema(
        "measures.csv",
        ("measure_id",),
        (
            _c("measure_id", K, True),
            _c("record_id", R, True, ref_file="records.csv"),
            _c("instrument", E, True, allowed=INSTRUMENTS),
            _c(
                "construct",
                E,
                allowed=(
                    "loneliness",
                    "wellbeing",
                    "quality-of-life",
                    "depression",
                    "social-support",
                ),
            ),
            _c("note", T),
        ),
    ),
    FileSchema(
        "appraisal_items.csv",
        ("record_id", "item"),
        (
            _c("record_id", R, True, ref_file="records.csv"),
            _c("item", E, True, allowed=APPRAISAL_ITEMS),
            _c("answer", E, True, allowed=("yes", "no", "cant-tell")),
            _c("note", T),
        ),
    ),
    FileSchema(
        "themes.csv",
        ("theme_id",),
        (
            _c("theme_id", K, True),
            _c("parent_id", R, ref_file="themes.csv"),
            _c("position", N, True, minimum=1),
            _c("label", S, True),
            _c("description", T),
            _c("stated_record_count", N, minimum=0),
            _c("stated_record_share", D, minimum=0, maximum=100),
            _c("stated_all_records", B),
            _c("stated_subtheme_count", N, minimum=0),
            _c("stated_subtheme_count_where", S),
        ),
    ),
    FileSchema(
        "theme_support.csv",
        ("theme_id", "record_id"),
        (
            _c("theme_id", R, True, ref_file="themes.csv"),
            _c("record_id", R, True, ref_file="records.csv"),
            _c("evidence", E, True, allowed=("quoted", "cited", "stated")),
        ),
    ),
    FileSchema(
        "findings.csv",
        ("finding_id",),
        (
            _c("finding_id", K, True),
            _c("theme_id", R, True, ref_file="themes.csv"),
            _c("kind", E, True, allowed=("benefit", "drawback", "mechanism", "summary")),
            _c("statement", T, True),
            _c("record_ids", RL, ref_file="records.csv"),
            _c("cerqual_methodological", E, allowed=CERQUAL_CONCERN),
            _c("cerqual_coherence", E, allowed=CERQUAL_CONCERN),
            _c("cerqual_adequacy", E, allowed=CERQUAL_CONCERN),
            _c("cerqual_relevance", E, allowed=CERQUAL_CONCERN),
            _c("cerqual_confidence", E, allowed=("high", "moderate", "low", "very-low")),
            _c("cerqual_explanation", T),
        ),
    ),
    FileSchema(
        "quotes.csv",
        ("quote_id",),
        (
            _c("quote_id", K, True),
            _c("theme_id", R, True, ref_file="themes.csv"),
            _c("record_id", R, True, ref_file="records.csv"),
            _c("position", N, True, minimum=1),
            _c("kind", E, True, allowed=("participant", "author-interpretation")),
            _c("kind_certain", B, True),
            _c("text", T, True),
            _c("speaker_gender", E, allowed=("female", "male", "not-specified")),
            _c("speaker_age_label", S),
            _c("speaker_age_min", N, minimum=0, maximum=120),
            _c("speaker_age_max", N, minimum=0, maximum=120),
            _c("note", T),
        ),
    ),
    FileSchema(
        "aggregates.csv",
        ("stat_id",),
        (
            _c("stat_id", K, True),
            _c(
                "variable",
                E,
                True,
                allowed=(
                    "sample-size",
                    "participant-age",
                    "female-share",
                    "older-adults-only",
                    "country",
                    "publication-year",
                    "loneliness-assessment",
                    "appraisal-score",
                    "only-part-lonely",
                    "published-during-covid",
                    "data-collection-period",
                    "follow-up",
                    "publication-type",
                    "theme-support",
                ),
            ),
            _c(
                "statistic",
                E,
                True,
                allowed=("minimum", "maximum", "median", "mean", "total", "count", "share"),
            ),
            _c("category", S),
            _c("value", D, True),
            _c(
                "unit",
                E,
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
            _c("denominator", S),
            _c("record_ids", RL, ref_file="records.csv"),
            _c("theme_id", R, ref_file="themes.csv"),
            _c("as_printed", T, True),
        ),
    ),
    FileSchema(
        "statements.csv",
        ("statement_id",),
        (
            _c("statement_id", K, True),
            _c(
                "kind",
                E,
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
            _c("position", N, True, minimum=1),
            _c("text", T, True),
        ),
    ),
    FileSchema(
        "value_sources.csv",
        ("file", "key", "column"),
        (
            _c("file", S, True),
            _c("key", S, True),
            _c("column", S, True),
            _c("source", E, True, allowed=("primary-paper", "inferred", "computed")),
            _c("note", T),
        ),
    ),
)

_BY_NAME = {f.name: f for f in FILES}


def file_schema(name: str) -> FileSchema:
    """The schema of one data file, by its file name."""
    return _BY_NAME[name]
