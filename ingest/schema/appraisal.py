"""The appraisal tools a review declares beside the shipped ones (CASP, AACODS, JBI, MMAT):
appraisal_tools.csv (the tool, its answer scale and maximum score) and appraisal_tool_items.csv
(its checklist items). Optional files; the rules that tie records.csv and appraisal_items.csv to
a tool are `ingest.appraisal_checks`."""

from __future__ import annotations

from ingest.schema.columns import FileSchema, Kind, column

__all__ = ["APPRAISAL_TOOL_FILES"]

APPRAISAL_TOOL_FILES: tuple[FileSchema, ...] = (
    FileSchema(
        "appraisal_tools.csv",
        ("tool_id",),
        (
            column("tool_id", Kind.KEY, True),
            column("label", Kind.STRING, True),
            column("version", Kind.STRING),
            column("reference", Kind.TEXT),
            column("iri", Kind.STRING),
            column("answers", Kind.LIST),
            column("maximum_score", Kind.INTEGER, minimum=0),
        ),
        optional=True,
    ),
    FileSchema(
        "appraisal_tool_items.csv",
        ("item_id",),
        (
            column("tool_id", Kind.REF, True, ref_file="appraisal_tools.csv"),
            column("item_id", Kind.KEY, True),
            column("position", Kind.INTEGER, minimum=1),
            column("question", Kind.TEXT, True),
            column("category", Kind.STRING),
        ),
        optional=True,
    ),
)
