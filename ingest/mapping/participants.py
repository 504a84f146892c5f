"""Who took part and how each study was done: participant groups with their roles, and each
study's design and its data-collection and analysis methods (concepts of open schemes)."""

from __future__ import annotations

from ingest.mapping.context import Context

__all__ = ["map_participants", "map_study_design"]

# studies.csv concept columns → (scheme, spkg property) stated on the review's study.
_DESIGN_COLUMNS: dict[str, tuple[str, str]] = {
    "design": ("study-design", "studyDesign"),
    "data_collection_methods": ("data-collection-method", "usesDataCollectionMethod"),
    "analysis_methods": ("analysis-method", "usesAnalysisMethod"),
}


def map_participants(ctx: Context) -> None:
    """Each group: part of its study's sample, with its role, size, ages and gender split."""
    m, s = ctx.minter, ctx.spkg
    for row in ctx.data.rows("participant_groups.csv"):
        node = ctx.node(m.participant_group(row.key[0]), row, s.ParticipantGroup)
        sample = m.sample(str(row.get("study_id")))
        ctx.link(sample, s.hasParticipantGroup, row, "study_id", node)
        role = row.get("role")
        if isinstance(role, str):
            ctx.link(node, s.participantRole, row, "role", ctx.concept("participant-role", role))
        ctx.literal_cells(node, row)


def map_study_design(ctx: Context) -> None:
    """A study's design and methods, each the concept its key names (declared or shipped)."""
    m, s = ctx.minter, ctx.spkg
    for row in ctx.data.rows("studies.csv"):
        study = m.study(row.key[0])
        for column, (scheme, term) in _DESIGN_COLUMNS.items():
            value = row.get(column)
            keys = value if isinstance(value, tuple) else (value,) if isinstance(value, str) else ()
            concepts = [ctx.concept(scheme, k) for k in keys]
            ctx.cell(study, s[term], row, column, concepts)
