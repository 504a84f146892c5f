"""RIS files (EndNote, Zotero, Mendeley, Covidence) in and out, through rispy.

rispy reads what it recognises and silently drops the rest (a text without `TY` lines, an entry
whose `ER` line is missing), so the entries are first delimited here by their `TY`/`ER` lines and
a file rispy would read short is refused, located, rather than imported in part.

Names: RIS writes persons as `Last, First` (`Moffatt, Suzanne`, `Wildman, J.M.`); a name with no
comma that is not already `Surname Initials`, or one ending in a comma (EndNote's convention), is
an organisation.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import rispy

from ingest.errors import DataFilesError
from ingest.references.model import (
    RIS_TYPES,
    Reference,
    ReferenceEntryError,
    corporate_name,
    doi_of,
    join_locator,
    names_doctorate,
    person_name,
    split_locator,
    split_person,
    year_of,
)

__all__ = ["read_ris", "write_ris"]

logger = logging.getLogger(__name__)

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_TYPE_OF = {ty: kind for kind, types in RIS_TYPES.items() for ty in types}
_JOURNAL_VENUE = ("secondary_title", "journal_name", "alternate_title3", "alternate_title2")
_OTHER_VENUE = ("publisher", "secondary_title", "journal_name")
_THESIS_KIND = "Doctoral thesis"


class _Writer(rispy.RisWriter):
    """rispy's writer without its `1.`, `2.` … line before each entry."""

    def set_header(self, count: int) -> str:
        return ""


def decode(path: Path, data: bytes) -> str:
    """The text of a reference file: UTF-8, a byte-order mark dropped; located error otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFilesError(
            [
                ReferenceEntryError(
                    path, 0, "", f"not UTF-8 (byte {error.start}): export the file as UTF-8"
                )
            ]
        ) from error


def _delimit(path: Path, text: str) -> int:
    """The number of entries, after checking each `TY` line has its `ER` line."""
    errors: list[ReferenceEntryError] = []
    entries, open_entry = 0, False
    for line in text.splitlines():
        match = _TAG.match(line.rstrip())
        if not match:
            continue
        if match[1] == "TY":
            if open_entry:
                errors.append(ReferenceEntryError(path, entries, "ER", "no `ER  - ` line ends it"))
            entries, open_entry = entries + 1, True
        elif match[1] == "ER":
            open_entry = False
    if open_entry:
        errors.append(ReferenceEntryError(path, entries, "ER", "no `ER  - ` line ends it"))
    if not entries:
        errors.append(ReferenceEntryError(path, 0, "TY", "no RIS entry (no `TY  - ` line)"))
    if errors:
        raise DataFilesError(errors)
    return entries


def read_ris(path: Path, data: bytes | None = None) -> list[Reference]:
    """The references of a RIS file, in file order; DataFilesError listing every bad entry."""
    text = decode(path, path.read_bytes() if data is None else data)
    count = _delimit(path, text)
    entries = rispy.loads(text)
    if len(entries) != count:
        raise DataFilesError(
            [ReferenceEntryError(path, 0, "", f"read {len(entries)} of {count} entries")]
        )
    references, errors = [], []
    for n, entry in enumerate(entries, start=1):
        try:
            references.append(_reference(path, n, entry))
        except ReferenceEntryError as error:
            errors.append(error)
    if errors:
        raise DataFilesError(errors)
    return references


def _first(entry: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, list):
            value = next((v for v in value if v and v.strip()), None)
        if value and value.strip():
            return " ".join(value.split())
    return None


def _doi(path: Path, n: int, entry: dict[str, Any]) -> str | None:
    unknown = entry.get("unknown_tag") or {}
    candidates = [("DO", entry.get("doi")), ("DI", _first(unknown, "DI"))]
    candidates += [("UR", u) for u in entry.get("urls") or [] if "doi.org/10." in u]
    for tag, value in candidates:
        if value and value.strip():
            try:
                return doi_of(value)
            except ValueError as error:
                raise ReferenceEntryError(path, n, tag, str(error)) from None
    return None


def _authors(names: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """(first_author, authors) from RIS author lines."""
    printed: list[str] = []
    corporate: list[bool] = []
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        organisation = corporate_name(name)
        if organisation is None and "," in name:
            family, _, rest = name.partition(",")
            given, _, suffix = rest.partition(",")
            printed.append(person_name(family, given, suffix))
            corporate.append(False)
        elif organisation is None and split_person(name)[1]:
            printed.append(name)  # already `Surname Initials`
            corporate.append(False)
        else:
            printed.append(organisation or name)
            corporate.append(True)
    if not printed:
        return None, ()
    if len(printed) == 1 and corporate[0]:
        return printed[0], ()
    return split_person(printed[0])[0], tuple(printed)


def _reference(path: Path, n: int, entry: dict[str, Any]) -> Reference:
    ris_type = (entry.get("type_of_reference") or "").strip().upper()
    kind = _TYPE_OF.get(ris_type)
    if kind == "doctoral-thesis" and not names_doctorate(_first(entry, "type_of_work")):
        kind = None
    title = _first(entry, "title", "primary_title")
    doi = _doi(path, n, entry)
    if doi is None and title is None:
        raise ReferenceEntryError(path, n, "TI", "no DOI (DO) and no title (TI): nothing to match")
    first_author, authors = _authors(entry.get("authors") or entry.get("first_authors") or [])
    venue_keys = _JOURNAL_VENUE if kind == "journal-article" else _OTHER_VENUE
    return Reference(
        publication_type=kind,
        first_author=first_author,
        authors=authors,
        year=year_of(_first(entry, "year", "publication_year", "date")),
        title=title,
        venue=_first(entry, *venue_keys),
        locator=join_locator(
            _first(entry, "volume") or "",
            _first(entry, "number") or "",
            _first(entry, "start_page") or "",
            _first(entry, "end_page") or "",
        ),
        doi=doi,
        key=_first(entry, "id"),
        source_type=ris_type,
        entry=n,
    )


def _ris_name(name: str) -> str:
    """`Wildman JM` → `Wildman, J.M.`; an organisation keeps EndNote's trailing comma."""
    family, initials = split_person(name)
    if not initials:
        return f"{family},"
    return f"{family}, {'.'.join(initials)}."


def _entry(ref: Reference) -> dict[str, Any]:
    kind = ref.publication_type or ""
    entry: dict[str, Any] = {"type_of_reference": RIS_TYPES.get(kind, ("GEN",))[0]}
    if ref.key:
        entry["id"] = ref.key
    names = ref.authors or ((ref.first_author,) if ref.first_author else ())
    if ref.authors:
        entry["authors"] = [_ris_name(a) for a in names]
    elif names:
        entry["authors"] = [f"{names[0]},"]  # a lone first author is written as an organisation
    if ref.title:
        entry["title"] = ref.title
    if ref.venue:
        entry["secondary_title" if kind == "journal-article" else "publisher"] = ref.venue
    if kind == "doctoral-thesis":
        entry["type_of_work"] = _THESIS_KIND
    if ref.year:
        entry["year"] = ref.year
    volume, issue, first, last = split_locator(ref.locator)
    for key, value in (
        ("volume", volume),
        ("number", issue),
        ("start_page", first),
        ("end_page", last),
    ):
        if value:
            entry[key] = value
    if ref.doi:
        entry["doi"] = ref.doi
    if ref.elsewhere:
        added = ", ".join(ref.elsewhere)
        entry["notes"] = [f"Not stated in the review (added from elsewhere): {added}"]
    return entry


def write_ris(references: list[Reference]) -> str:
    """The references as RIS text, one entry each, in the order given."""
    return rispy.dumps([_entry(r) for r in references], implementation=_Writer)
