"""The value sets of enum columns shared by several files or by the ontology, and the facts of
the appraisal tools.

The keys of the global concept schemes and individuals are declared in ontology/spkg.ttl; a test
checks that each key here has its individual in the ontology and vice versa.
"""

from __future__ import annotations

__all__ = [
    "ACTIVITY_TYPES",
    "APPRAISAL_ITEMS",
    "CERQUAL_CONCERN",
    "COUNTRIES",
    "INSTRUMENTS",
    "INTERVENTION_TYPES",
    "PUBLICATION_TYPES",
    "REVIEW_TYPES",
    "TOOL_ITEM_PREFIX",
    "TOOL_MAXIMA",
]

REVIEW_TYPES = (
    "qualitative-meta-synthesis",
    "qualitative-evidence-synthesis",
    "mixed-methods-review",
    "systematic-review",
)
# records.csv `publication_type`; each names a class of spkg and of FaBiO (ingest.mapping.terms).
PUBLICATION_TYPES = ("journal-article", "doctoral-thesis", "report")
CERQUAL_CONCERN = ("no-or-very-minor", "minor", "moderate", "serious")
APPRAISAL_ITEMS = tuple(f"casp-{n}" for n in range(1, 11)) + tuple(
    f"aacods-{n}"
    for n in ("authority", "accuracy", "coverage", "objectivity", "date", "significance")
)
# The highest score each appraisal tool gives (CASP: 10 questions; AACODS: 6 criteria).
TOOL_MAXIMA: dict[str, int] = {"CASP": 10, "AACODS": 6}
# Which checklist items belong to which tool, by the item key's prefix.
TOOL_ITEM_PREFIX: dict[str, str] = {"CASP": "casp-", "AACODS": "aacods-"}

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
