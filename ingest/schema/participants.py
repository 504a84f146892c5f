"""participant_groups.csv: a study's sample as one or more groups, each with its role.

A study of social prescribing often hears from more than its service users: link workers,
referring GPs, staff, carers. Each group has a role from the open `participant-role` scheme
(shipped keys in `ingest.schema.values.PARTICIPANT_ROLES`, or one the review declares in
concepts.csv), and its own size, ages and gender split beside the sample's totals in studies.csv.
"""

from __future__ import annotations

from ingest.schema.columns import FileSchema, Kind, column

__all__ = ["PARTICIPANT_FILES"]

PARTICIPANT_FILES: tuple[FileSchema, ...] = (
    FileSchema(
        "participant_groups.csv",
        ("group_id",),
        (
            column("group_id", Kind.KEY, True),
            column("study_id", Kind.REF, True, ref_file="studies.csv"),
            column("role", Kind.CONCEPT, True, scheme="participant-role"),
            column("role_as_stated", Kind.STRING),
            column("size", Kind.INTEGER, minimum=1),
            column("age_min", Kind.INTEGER, minimum=0, maximum=120),
            column("age_max", Kind.INTEGER, minimum=0, maximum=120),
            column("age_note", Kind.TEXT),
            column("female_pct", Kind.DECIMAL, minimum=0, maximum=100),
            column("description", Kind.TEXT),
        ),
        optional=True,
    ),
)
