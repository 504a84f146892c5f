"""A review's findings with their GRADE-CERQual assessments (review-findings.rq), and the
Summary of Qualitative Findings table built from them, also as CSV."""

from __future__ import annotations

import csv
import io
import logging
from typing import Any

from rdflib import URIRef

from api.engine.engine import QueryEngine
from api.explorer.common import ReviewIndex, local
from api.rest.named import run_scoped
from api.rest.shape import scalar

__all__ = ["CERQUAL", "findings_of", "soqf_csv"]

logger = logging.getLogger(__name__)

# The CERQual components in the order of the iSoQ Summary of Qualitative Findings table.
CERQUAL = (
    ("methodological", "Methodological limitations"),
    ("coherence", "Coherence"),
    ("adequacy", "Adequacy of data"),
    ("relevance", "Relevance"),
)


def _link(row: dict[str, Any], name: str, base: str) -> dict[str, Any] | None:
    """The theme or construct a finding is about (None when it names the other only)."""
    if row.get(name) is None:
        return None
    iri = str(row[name])
    label = scalar(row.get(f"{name}Label")) or iri.rsplit("/", 1)[-1]
    return {"id": iri, "href": local(iri, base), "label": label}


async def findings_of(
    engine: QueryEngine, base: str, review: str, index: ReviewIndex, theme: URIRef | None = None
) -> list[dict[str, Any]]:
    """The findings of `review` (of `theme` only when given), one dict each, in theme order."""
    found: dict[str, dict[str, Any]] = {}
    for r in await run_scoped(engine, base, "review-findings", review, themeFilter=theme):
        iri = str(r["finding"])
        finding = found.setdefault(
            iri,
            {
                "id": iri,
                "key": iri.rsplit("/", 1)[-1],
                "href": local(iri, base),
                "statement": str(r["statement"]),
                "kind": scalar(r.get("kindLabel")),
                "theme": _link(r, "theme", base),
                "construct": _link(r, "construct", base),
                "cerqual": {name: scalar(r.get(name)) for name, _ in CERQUAL},
                "confidence": scalar(r.get("confidence")),
                "explanation": scalar(r.get("explanation")),
                "records": {},
                "studies": {},
            },
        )
        if r.get("record") is not None:
            record = index.record(str(r["record"]))
            finding["records"][str(r["record"])] = record
        if r.get("study") is not None:
            study = index.study(str(r["study"]))
            label = study.get("label") or scalar(r.get("studyLabel"))
            finding["studies"][str(r["study"])] = {**study, "label": label}
    out = []
    for finding in found.values():
        finding["records"] = sorted(
            finding["records"].values(), key=lambda x: (x.get("citation") or 0, x["short"])
        )
        finding["studies"] = sorted(finding["studies"].values(), key=lambda x: str(x["label"]))
        finding["assessed"] = bool(finding["confidence"]) or any(finding["cerqual"].values())
        out.append(finding)
    return out


def soqf_csv(findings: list[dict[str, Any]]) -> str:
    """The Summary of Qualitative Findings as CSV: one row per finding."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "finding_id",
            "theme",
            "construct",
            "kind",
            "finding",
            *(label for _, label in CERQUAL),
            "overall_confidence",
            "explanation",
            "supporting_studies",
            "supporting_records",
        ]
    )
    for f in findings:
        writer.writerow(
            [
                f["key"],
                (f["theme"] or {}).get("label") or "",
                (f["construct"] or {}).get("label") or "",
                f["kind"] or "",
                f["statement"],
                *(f["cerqual"][name] or "" for name, _ in CERQUAL),
                f["confidence"] or "",
                f["explanation"] or "",
                "; ".join(str(s["label"]) for s in f["studies"]),
                "; ".join(r["short"] for r in f["records"]),
            ]
        )
    return out.getvalue()
