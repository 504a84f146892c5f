"""The value sets of enum columns shared by several files or by the ontology, and the facts of
the appraisal tools.

The keys of the global concept schemes and individuals are declared in ontology/spkg.ttl; a test
checks that each key here has its individual in the ontology and vice versa.
"""

from __future__ import annotations

from ingest.schema.countries import COUNTRIES

__all__ = [
    "ACTIVITY_TYPES",
    "ANALYSIS_METHODS",
    "APPRAISAL_ANSWERS",
    "APPRAISAL_ITEMS",
    "APPRAISAL_TOOLS",
    "CERQUAL_CONCERN",
    "CONCEPT_SCHEMES",
    "COUNTRIES",
    "DATA_COLLECTION_METHODS",
    "INSTRUMENTS",
    "INTERVENTION_TYPES",
    "OUTCOME_CONSTRUCTS",
    "PARTICIPANT_ROLES",
    "PUBLICATION_TYPES",
    "REVIEW_TYPES",
    "SHIPPED_CONCEPTS",
    "STAGES",
    "STUDY_DESIGNS",
    "TOOL_ANSWERS",
    "TOOL_ITEMS",
    "TOOL_ITEM_PREFIX",
    "TOOL_MAXIMA",
]

# review.csv `review_type`: the concepts of the ontology's review-kinds scheme (`id/review-kind/`),
# each also the class `spkg:<CamelCase>` a review of that kind is typed with.
REVIEW_TYPES = (
    "qualitative-meta-synthesis",
    "qualitative-evidence-synthesis",
    "mixed-methods-review",
    "systematic-review",
    "thematic-synthesis",
    "meta-ethnography",
    "meta-aggregation",
    "framework-synthesis",
    "rapid-review",
    "scoping-review",
    "realist-review",
)
# records.csv `publication_type`; each names a class of spkg and of FaBiO (ingest.mapping.terms).
PUBLICATION_TYPES = ("journal-article", "doctoral-thesis", "report")
CERQUAL_CONCERN = ("no-or-very-minor", "minor", "moderate", "serious")
# The appraisal tools spkg ships (their individuals in ontology/spkg.ttl: items, answer scale and
# maximum score; a test keeps these tables equal to it). A review declares any other tool in
# appraisal_tools.csv and appraisal_tool_items.csv (`ingest.appraisal_checks`).
TOOL_ITEMS: dict[str, tuple[str, ...]] = {
    "CASP": tuple(f"casp-{n}" for n in range(1, 11)),
    "AACODS": tuple(
        f"aacods-{n}"
        for n in ("authority", "accuracy", "coverage", "objectivity", "date", "significance")
    ),
    # JBI Critical Appraisal Checklist for Qualitative Research: ten questions.
    "JBI": tuple(f"jbi-{n}" for n in range(1, 11)),
    # MMAT 2018: two screening questions, then five criteria for each of five study categories.
    "MMAT": (
        "mmat-s1",
        "mmat-s2",
        *(f"mmat-{c}.{n}" for c in range(1, 6) for n in range(1, 6)),
    ),
}
APPRAISAL_ITEMS: tuple[str, ...] = tuple(i for items in TOOL_ITEMS.values() for i in items)
# The answers every shipped scale draws on (the notations of spkg:AppraisalAnswer).
APPRAISAL_ANSWERS = ("yes", "no", "cant-tell", "unclear", "not-applicable")
TOOL_ANSWERS: dict[str, tuple[str, ...]] = {
    "CASP": ("yes", "no", "cant-tell"),
    "AACODS": ("yes", "no"),
    "JBI": ("yes", "no", "unclear", "not-applicable"),
    "MMAT": ("yes", "no", "cant-tell"),
}
# The highest score each tool gives: one point per item met (MMAT: the five criteria of the
# study's category; its screening questions are not scored).
TOOL_MAXIMA: dict[str, int] = {"CASP": 10, "AACODS": 6, "JBI": 10, "MMAT": 5}
APPRAISAL_TOOLS: tuple[str, ...] = tuple(TOOL_ITEMS)
# Which checklist items belong to which tool, by the item key's prefix.
TOOL_ITEM_PREFIX: dict[str, str] = {
    "CASP": "casp-",
    "AACODS": "aacods-",
    "JBI": "jbi-",
    "MMAT": "mmat-",
}

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
# measures.csv `construct` (the `outcome-construct` scheme): the notations of spkg:Construct.
OUTCOME_CONSTRUCTS = ("loneliness", "wellbeing", "quality-of-life", "depression", "social-support")
# screening.csv `stage` (the `stage` scheme): the notations of spkg:StageType.
STAGES = (
    "title-abstract-screening",
    "full-text-screening",
    "quality-appraisal",
    "data-extraction",
    "coding",
)
# studies.csv `design`, `data_collection_methods`, `analysis_methods`; participant_groups.csv and
# quotes.csv roles: the shipped keys of their schemes (ontology/spkg.ttl, "participants, design").
STUDY_DESIGNS = (
    "qualitative",
    "mixed-methods",
    "ethnography",
    "case-study",
    "grounded-theory",
    "phenomenology",
    "process-evaluation",
    "service-evaluation",
    "action-research",
    "cross-sectional-survey",
    "cohort",
    "randomised-controlled-trial",
    "quasi-experimental",
)
DATA_COLLECTION_METHODS = (
    "semi-structured-interviews",
    "in-depth-interviews",
    "focus-groups",
    "observation",
    "participant-observation",
    "questionnaire",
    "documents",
    "diaries",
    "photovoice",
)
ANALYSIS_METHODS = (
    "thematic-analysis",
    "framework-analysis",
    "grounded-theory-analysis",
    "interpretative-phenomenological-analysis",
    "content-analysis",
    "narrative-analysis",
    "descriptive-statistics",
    "inferential-statistics",
)
PARTICIPANT_ROLES = (
    "service-users",
    "link-workers",
    "referrers",
    "staff",
    "carers",
    "volunteers",
    "commissioners",
    "other",
)

# The open concept schemes: a concept column (`Kind.CONCEPT`) takes a key the ontology ships for
# its scheme or one the review declares in concepts.csv. Add a scheme's shipped keys here and
# its individuals to ontology/spkg.ttl (a test keeps the two equal).
SHIPPED_CONCEPTS: dict[str, tuple[str, ...]] = {
    "intervention-type": INTERVENTION_TYPES,
    "activity-type": ACTIVITY_TYPES,
    "instrument": INSTRUMENTS,
    "outcome-construct": OUTCOME_CONSTRUCTS,
    "stage": STAGES,
    "study-design": STUDY_DESIGNS,
    "data-collection-method": DATA_COLLECTION_METHODS,
    "analysis-method": ANALYSIS_METHODS,
    "participant-role": PARTICIPANT_ROLES,
}
CONCEPT_SCHEMES: tuple[str, ...] = tuple(SHIPPED_CONCEPTS)
