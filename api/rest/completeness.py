"""How complete a study's extraction is: the share of the schema's study, sample and record
fields (ingest/schema.py) that hold a value, found by the term each column becomes, plus the
topic variables the review itself declares for its studies and records (study-variables.rq):
a review is complete or not on what it set out to extract, never on another topic's variables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from api.jsonld import ApiContext
from api.rest.models import Completeness
from ingest.mapping.terms import COLUMN_TERMS
from ingest.schema import file_schema

__all__ = ["study_completeness"]

# Columns stated through links or on other nodes, with the key they take in the API's JSON.
_STUDY_EXTRA = {"country": "countryCode"}
_RECORD_EXTRA = {
    "title": "title",
    "year": "issued",
    "authors": "authorsAsPrinted",
    "appraisal_tool": "appraisal.appraisalTool",
    "appraisal_score": "appraisal.appraisalScore",
    # always present when the record exists
    "study_id": "reportsStudy",
    "publication_type": "type",
}


def _keys(file: str, tables: tuple[str, ...], extra: dict[str, str], ctx: ApiContext) -> dict:
    """column → JSON key for every non-key column of `file`."""
    found: dict[str, str] = dict(extra)
    for table in tables:
        for column, name in COLUMN_TERMS.get(table, {}).items():
            iri = ctx.expand(name) if ":" in name else ctx.expand(f"spkg:{name}")
            found[column] = ctx.key_for(iri)
    schema = file_schema(file)
    return {
        c.name: found[c.name]
        for c in schema.columns
        if c.name not in schema.key and c.name in found
    }


def _has(obj: dict[str, Any] | None, key: str) -> bool:
    if obj is None:
        return False
    head, _, rest = key.partition(".")
    value = obj.get(head)
    if rest:
        return isinstance(value, dict) and _has(value, rest)
    return value not in (None, [], "")


def _declared(
    variables: list[tuple[str, str, str | None]], records: int
) -> tuple[int, int, list[str]]:
    """(filled, total, missing) over the declared variables: (notation, level, target) rows."""
    targets: dict[tuple[str, str], set[str]] = {}
    for notation, level, target in variables:
        found = targets.setdefault((notation, level), set())
        if target is not None:
            found.add(target)
    filled, total, missing = 0, 0, []
    for (notation, level), found in sorted(targets.items()):
        size = 1 if level == "study" else records
        total += size
        filled += min(len(found), size)
        if len(found) < size:
            what = "" if level == "study" else f" ({size - len(found)} of {size} records)"
            missing.append(f"variable_values.csv:{notation}{what}")
    return filled, total, missing


def study_completeness(
    study: dict[str, Any],
    sample: dict[str, Any] | None,
    records: list[dict[str, Any]],
    ctx: ApiContext,
    variables: Sequence[tuple[str, str, str | None]] = (),
) -> Completeness:
    """Share of the study's, its sample's and each of its records' fields that have a value,
    and of the values of the review's declared variables (`variables`: notation, level and
    the study or inclusion that has a value, None when none has)."""
    study_keys = _keys("studies.csv", ("studies.csv",), _STUDY_EXTRA, ctx)
    sample_keys = _keys("studies.csv", ("studies.csv#sample",), {}, ctx)
    record_keys = _keys("records.csv", ("records.csv",), _RECORD_EXTRA, ctx)
    filled, total, missing = 0, 0, []
    checks: list[tuple[dict[str, Any] | None, dict[str, str], str]] = [
        (study, {c: k for c, k in study_keys.items() if c not in sample_keys}, "studies.csv"),
        (sample, sample_keys, "studies.csv"),
    ]
    checks += [(r, record_keys, f"records.csv[{r['id'].rsplit('/', 1)[-1]}]") for r in records]
    for obj, keys, where in checks:
        for column, key in keys.items():
            total += 1
            if _has(obj, key):
                filled += 1
            else:
                missing.append(f"{where}:{column}")
    more = _declared(list(variables), len(records))
    filled, total, missing = filled + more[0], total + more[1], missing + more[2]
    share = round(filled / total, 3) if total else 0.0
    return Completeness(completeness=share, fieldsFilled=filled, fieldsTotal=total, missing=missing)
