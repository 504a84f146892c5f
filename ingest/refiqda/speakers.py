"""Case variables → the quote columns about who speaks (kind, gender, age), where recognisable.

A case stands for a quote's speaker; spkg's export also gives it the quote's `position` in the
review, which orders the quotes an import adds.

A variable named as a quotes.csv column (`speaker_gender`, `speaker_age_label`, `kind` …, any
case, spaces for underscores) fills that column; that is how spkg's own export writes them.
The names the tools' users commonly give are recognised too: `gender` or `sex` (female, male,
not specified, and their usual spellings) and `age` or `age group`/`range`/`band`. An age is
read as printed: its label is the value's text, and its bounds are read only from the forms
`65-69`, `65 to 69`, `60+` and `67` (a number alone). Every value is checked with the column's
own cell rules (`ingest.cells`); one that fails, and every other variable, is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.cells import type_cell
from ingest.refiqda.model import VariableValue
from ingest.schema import file_schema

__all__ = ["QUOTE_CASE_COLUMNS", "SpeakerCells", "normalised_name", "speaker_cells"]

# The quotes.csv columns a case can fill (`position` orders new quotes; see `planning`).
QUOTE_CASE_COLUMNS = (
    "position",
    "kind",
    "kind_certain",
    "speaker_gender",
    "speaker_age_label",
    "speaker_age_min",
    "speaker_age_max",
)
_GENDER_NAMES = {"gender", "sex"}
_AGE_NAMES = {"age", "age_group", "age_range", "age_band", "age_label"}
_GENDERS = {
    "female": "female",
    "f": "female",
    "woman": "female",
    "women": "female",
    "w": "female",
    "male": "male",
    "m": "male",
    "man": "male",
    "men": "male",
    "not specified": "not-specified",
    "not-specified": "not-specified",
    "unspecified": "not-specified",
    "not stated": "not-specified",
}
_RANGE = re.compile(r"^\s*(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})(?!\d)")
_OPEN = re.compile(r"^\s*(\d{1,3})\s*\+")
_SINGLE = re.compile(r"^\s*(\d{1,3})\s*$")


def normalised_name(name: str) -> str:
    """`Speaker Age-Label` → `speaker_age_label`: how a variable name is compared to a column."""
    return re.sub(r"[\s\-]+", "_", name.strip().casefold())


@dataclass
class SpeakerCells:
    """The quote cells a set of variables gives, and what could not be mapped."""

    cells: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _age_bounds(label: str) -> tuple[str, str]:
    if match := _RANGE.match(label):
        return match.group(1), match.group(2)
    if match := _OPEN.match(label):
        return match.group(1), ""
    if match := _SINGLE.match(label):
        return match.group(1), match.group(1)
    return "", ""


def speaker_cells(values: Iterable[VariableValue], owner: str) -> SpeakerCells:
    """The quote cells that `values` (the variables of one case, named `owner`) give."""
    found = SpeakerCells()
    derived: dict[str, str] = {}
    schema = file_schema("quotes.csv")
    for value in values:
        name, text = normalised_name(value.name), value.text
        where = f"{owner}: variable {value.name!r} ({value.type})"
        if not text:
            continue
        if name in QUOTE_CASE_COLUMNS:
            column = name
        elif name in _GENDER_NAMES:
            column = "speaker_gender"
            text = _GENDERS.get(text.strip().casefold(), text)
        elif name in _AGE_NAMES and value.type in ("Text", "Integer", "Float"):
            column = "speaker_age_label"
            low, high = _age_bounds(text)
            derived.update({"speaker_age_min": low, "speaker_age_max": high})
        else:
            found.notes.append(f"{where}: no quote column for it; not mapped")
            continue
        _, problem = type_cell(text, schema.by_name[column])
        if problem:
            found.notes.append(f"{where}: {text!r} not mapped to {column}: {problem}")
            continue
        found.cells[column] = text
    for column, text in derived.items():
        if text and column not in found.cells:
            found.cells[column] = text
    return found
