"""The files of what a synthesis produces beyond its themes: a meta-ethnography's constructs and
translations, and a meta-aggregation's primary-study findings with their plausibility.

All three are optional (a thematic synthesis has none of them); the levels of themes themselves
(descriptive, analytical, category, synthesised finding) are a column of themes.csv, and the
quotes and findings that hang on a construct or a study finding are columns of quotes.csv and
findings.csv (`ingest.schema.synthesis`).
"""

from __future__ import annotations

from ingest.schema.columns import FileSchema, Kind, column

__all__ = [
    "CONSTRUCT_ORDERS",
    "PLAUSIBILITY_LEVELS",
    "PRODUCT_FILES",
    "THEME_LEVELS",
    "TRANSLATION_KINDS",
]

# themes.csv `level`: a thematic synthesis's descriptive and analytical themes, a meta-
# aggregation's categories and the synthesised findings they are grouped under.
THEME_LEVELS = ("descriptive", "analytical", "category", "synthesised-finding")

# Schütz's orders as meta-ethnography uses them: participants' own accounts, the primary
# authors' interpretations of them, and the reviewers' interpretations across studies.
CONSTRUCT_ORDERS = ("first-order", "second-order", "third-order")

# Noblit and Hare's three ways of translating studies into one another.
TRANSLATION_KINDS = ("reciprocal", "refutational", "line-of-argument")

# JBI's levels of credibility of a finding extracted from a primary study.
PLAUSIBILITY_LEVELS = ("unequivocal", "credible", "unsupported")

CONSTRUCTS = FileSchema(
    "constructs.csv",
    ("construct_id",),
    (
        column("construct_id", Kind.KEY, True),
        column("order", Kind.ENUM, True, allowed=CONSTRUCT_ORDERS),
        column("label", Kind.STRING, True),
        column("text", Kind.TEXT),
        # Required for a second-order construct (ingest.product_checks).
        column("record_ids", Kind.REF_LIST, ref_file="records.csv"),
        column("theme_id", Kind.REF, ref_file="themes.csv"),
        column("position", Kind.INTEGER, minimum=1),
    ),
    optional=True,
)

TRANSLATIONS = FileSchema(
    "translations.csv",
    ("translation_id",),
    (
        column("translation_id", Kind.KEY, True),
        column("kind", Kind.ENUM, True, allowed=TRANSLATION_KINDS),
        # Required, but for a line of argument of a review not completely extracted, whose
        # inputs the review's available text may not give (ingest.product_checks).
        column("construct_ids", Kind.REF_LIST, ref_file="constructs.csv"),
        column("record_ids", Kind.REF_LIST, ref_file="records.csv"),
        column("yields_construct_id", Kind.REF, ref_file="constructs.csv"),
        column("description", Kind.TEXT),
    ),
    optional=True,
)

STUDY_FINDINGS = FileSchema(
    "study_findings.csv",
    ("finding_id",),
    (
        column("finding_id", Kind.KEY, True),
        column("record_id", Kind.REF, True, ref_file="records.csv"),
        column("text", Kind.TEXT, True),
        column("illustration", Kind.TEXT),
        column("plausibility", Kind.ENUM, allowed=PLAUSIBILITY_LEVELS),
        # A theme of level `category` (ingest.product_checks).
        column("category_id", Kind.REF, ref_file="themes.csv"),
        column("locator", Kind.STRING),
    ),
    optional=True,
)

PRODUCT_FILES: tuple[FileSchema, ...] = (CONSTRUCTS, TRANSLATIONS, STUDY_FINDINGS)
