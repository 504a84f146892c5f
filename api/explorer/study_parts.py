"""The parts of a study page that the open input format adds: the study's design and its
data-collection and analysis methods, its participant groups (role, size, ages, gender) and the
values of the topic variables its review declares, each marked reported or added as the other
characteristics are.

Data: the study resource (`api.rest.studies.study_detail`) for design and methods,
participant-groups.rq and study-variable-values.rq.
"""

from __future__ import annotations

import logging
from typing import Any

from rdflib import URIRef

from api.engine.engine import QueryEngine
from api.explorer.common import local
from api.jsonld import api_context
from api.rest.named import run_scoped
from api.rest.shape import scalar

__all__ = ["design_rows", "participant_groups", "variable_values"]

logger = logging.getLogger(__name__)

# The study resource's keys for design and methods, with the heading a reader looks for.
DESIGN_FIELDS = (
    ("studyDesign", "Study design"),
    ("usesDataCollectionMethod", "Data collection"),
    ("usesAnalysisMethod", "Analysis"),
)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def design_rows(detail: dict[str, Any], sources: dict[str, Any], base: str) -> list[dict[str, Any]]:
    """(heading, concepts, source) rows for the study's design and methods that are stated."""
    rows = []
    for key, heading in DESIGN_FIELDS:
        values = [
            {**v, "href": local(v["id"], base)} if isinstance(v, dict) else {"label": str(v)}
            for v in _as_list(detail.get(key))
        ]
        if values:
            rows.append({"field": heading, "value": values, "source": sources.get(key)})
    return rows


def _source(graph: str, kind: Any = None, note: Any = None, base: str = "") -> dict[str, Any]:
    """A value's source in the shape the page's `source` macro reads."""
    return {
        "graph": graph,
        "sourceKind": api_context(base).compact(str(kind)) if kind else None,
        "note": scalar(note),
    }


async def participant_groups(
    engine: QueryEngine, base: str, review: str, study: URIRef
) -> list[dict[str, Any]]:
    """The study's participant groups, one dict each (participant-groups.rq)."""
    groups = []
    for r in await run_scoped(engine, base, "participant-groups", review, study=study):
        low, high = scalar(r.get("ageMin")), scalar(r.get("ageMax"))
        ages = scalar(r.get("ageNote"))
        if ages is None and (low is not None or high is not None):
            ages = f"{low if low is not None else '?'}–{high if high is not None else ''}"
        groups.append(
            {
                "id": str(r["group"]),
                "key": str(r["group"]).rsplit("/", 1)[-1],
                "role": scalar(r.get("roleLabel"))
                or (str(r["role"]).rsplit("/", 1)[-1] if r.get("role") else None),
                "roleHref": local(str(r["role"]), base) if r.get("role") else None,
                "asStated": scalar(r.get("roleAsStated")),
                "size": scalar(r.get("size")),
                "ages": ages,
                "femalePct": scalar(r.get("femalePct")),
                "description": scalar(r.get("description")),
                "source": _source(str(r["graph"])),
            }
        )
    return groups


async def variable_values(
    engine: QueryEngine, base: str, review: str, study: URIRef, records: dict[str, Any]
) -> list[dict[str, Any]]:
    """The declared topic variables' values for the study and its records
    (study-variable-values.rq); `records` labels an inclusion's record by IRI."""
    out = []
    for r in await run_scoped(engine, base, "study-variable-values", review, study=study):
        record = str(r["record"]) if r.get("record") is not None else None
        value = scalar(r.get("value"))
        unit = scalar(r.get("unit"))
        out.append(
            {
                "variable": scalar(r.get("label")) or str(r["notation"]),
                "notation": str(r["notation"]),
                "definition": scalar(r.get("definition")),
                "level": str(r["level"]),
                "of": (records.get(record) or {"title": record}) if record else None,
                "ofHref": local(record, base) if record else None,
                "value": f"{value} {unit}" if unit and value is not None else value,
                "source": _source(str(r["graph"]), r.get("sourceKind"), r.get("note"), base),
            }
        )
    return out
