"""Quotes as a reader wants them: the words, who said them, the record (short citation) and the
study's country and interventions, from quotes.rq rows and one review's lookup tables."""

from __future__ import annotations

import logging
from typing import Any

from api.explorer.common import GENDERS, KINDS, ReviewIndex, local
from api.jsonld import api_context
from api.rest.keys import key_of
from api.rest.shape import scalar

__all__ = ["quote_view"]

logger = logging.getLogger(__name__)

_ROLES = {"participant": "participant", "authors": "authors' interpretation"}


def quote_view(row: dict[str, Any], base: str, index: ReviewIndex) -> dict[str, Any]:
    """One quotes.rq row as the quote card shows it."""
    ctx = api_context(base)
    kind = ctx.compact(str(row["kind"])) if row.get("kind") is not None else None
    gender = ctx.compact(str(row["speakerGender"])) if row.get("speakerGender") else None
    study_iri = str(row["study"]) if row.get("study") is not None else None
    study = index.study(study_iri) if study_iri else None
    theme = str(row["theme"]) if row.get("theme") is not None else None
    return {
        "id": str(row["quote"]),
        "key": (key_of(row["quote"], base, "quote") or ("", str(row["quote"])))[1],
        "href": local(str(row["quote"]), base),
        "text": str(row["text"]),
        "role": _ROLES.get(KINDS.get(kind or "", ""), "speaker not stated"),
        "gender": GENDERS.get(gender or ""),
        "age": scalar(row.get("ageLabel")),
        "speakerRole": scalar(row.get("speakerRoleLabel")) or scalar(row.get("speakerRoleKey")),
        "ageMin": scalar(row.get("ageMin")),
        "record": index.record(str(row["record"])),
        "study": study,
        "types": index.types_of(study_iri),
        # None for a quote printed for a construct or study finding only
        "theme": {
            "id": theme,
            "href": local(theme, base),
            "label": scalar(row.get("themeLabel")) or theme.rsplit("/", 1)[-1],
        }
        if theme
        else None,
        "position": scalar(row.get("position")),
    }
