"""BibTeX (and biblatex) files in and out, through bibtexparser 2.

Entries that bibtexparser cannot read (an unclosed brace, a field given twice, a key used twice)
are located by their position among the file's entries and their line, and refused. LaTeX in
values (`M{\\"u}ller`, `\\&`) is decoded with pylatexenc, bibtexparser's own decoder; on the way
out, values are written in UTF-8 with only LaTeX's special characters escaped, and titles in an
extra pair of braces so that styles keep their capitals.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.library import Library
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ParsingFailedBlock,
)
from pylatexenc.latex2text import LatexNodes2Text

from ingest.errors import DataFilesError
from ingest.references.model import (
    BIBTEX_TYPES,
    Reference,
    ReferenceEntryError,
    doi_of,
    join_locator,
    names_doctorate,
    person_name,
    split_locator,
    split_person,
    year_of,
)
from ingest.references.ris import decode

__all__ = ["read_bibtex", "write_bibtex"]

logger = logging.getLogger(__name__)

_TYPE_OF = {t: kind for kind, types in BIBTEX_TYPES.items() for t in types}
_VENUE = {
    "journal-article": ("journal", "journaltitle"),
    "doctoral-thesis": ("school", "institution", "publisher"),
    "report": ("institution", "publisher", "organization"),
}
_OTHER_VENUE = ("journal", "journaltitle", "booktitle", "publisher", "institution", "school")
_VENUE_FIELD = {"journal-article": "journal", "doctoral-thesis": "school", "report": "institution"}
_SPECIAL = re.compile(r"([&%$#_{}])")
_DECODER = LatexNodes2Text()


def _text(value: object) -> str | None:
    """A field's value as plain text: LaTeX decoded, spacing collapsed; None when empty."""
    if not isinstance(value, str):
        return None
    text = " ".join(_DECODER.latex_to_text(value).split())
    return text or None


def _failure(path: Path, n: int, block: ParsingFailedBlock) -> ReferenceEntryError:
    line = (block.start_line or 0) + 1
    if isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(sorted(block.duplicate_keys))
        return ReferenceEntryError(path, n, fields, f"given twice (line {line})")
    if isinstance(block, DuplicateBlockKeyBlock):
        message = f"key {block.key!r} is used by an earlier entry (line {line})"
        return ReferenceEntryError(path, n, "", message)
    return ReferenceEntryError(path, n, "", f"cannot be read (line {line}): {block.error}")


def read_bibtex(path: Path, data: bytes | None = None) -> list[Reference]:
    """The references of a BibTeX file, in file order; DataFilesError listing every bad entry."""
    text = decode(path, path.read_bytes() if data is None else data)
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    )
    references: list[Reference] = []
    errors: list[ReferenceEntryError] = []
    n = 0
    for block in library.blocks:
        if not isinstance(block, Entry | ParsingFailedBlock):
            continue  # @string, @preamble, @comment
        n += 1
        try:
            if isinstance(block, ParsingFailedBlock):
                raise _failure(path, n, block)
            references.append(_reference(path, n, block))
        except ReferenceEntryError as error:
            errors.append(error)
    if not n:
        errors.append(ReferenceEntryError(path, 0, "", "no BibTeX entry (no `@type{key, …}`)"))
    if errors:
        raise DataFilesError(errors)
    return references


def _authors(parts: object) -> tuple[str | None, tuple[str, ...]]:
    """(first_author, authors) from bibtexparser's split names; a name without given names (an
    organisation in braces) is kept as printed."""
    if not isinstance(parts, list):
        return None, ()
    printed: list[str] = []
    corporate: list[bool] = []
    for name in parts:
        family = _text(" ".join([*name.von, *name.last])) or ""
        given = _text(" ".join(name.first)) or ""
        suffix = _text(" ".join(name.jr)) or ""
        printed.append(person_name(family, given, suffix) if given else family)
        corporate.append(not given)
    printed = [p for p in printed if p]
    if not printed:
        return None, ()
    if len(printed) == 1 and corporate[0]:
        return printed[0], ()
    return split_person(printed[0])[0], tuple(printed)


def _reference(path: Path, n: int, entry: Entry) -> Reference:
    fields = {f.key.lower(): f.value for f in entry.fields}
    entry_type = entry.entry_type.lower()
    kind = _TYPE_OF.get(entry_type)
    if entry_type == "thesis" and not names_doctorate(_text(fields.get("type"))):
        kind = None
    title = _text(fields.get("title"))
    doi = None
    for name, value in (("doi", fields.get("doi")), ("url", fields.get("url"))):
        text = _text(value)
        if text and (name == "doi" or "doi.org/10." in text):
            try:
                doi = doi_of(text)
            except ValueError as error:
                raise ReferenceEntryError(path, n, name, str(error)) from None
            break
    if doi is None and title is None:
        raise ReferenceEntryError(path, n, "title", "no DOI (doi) and no title (title)")
    first_author, authors = _authors(fields.get("author"))
    venue = next(
        (v for k in _VENUE.get(kind or "", _OTHER_VENUE) if (v := _text(fields.get(k)))), None
    )
    pages = (_text(fields.get("pages")) or "").replace("–", "-")
    first, _, last = pages.partition("-")
    return Reference(
        publication_type=kind,
        first_author=first_author,
        authors=authors,
        year=year_of(_text(fields.get("year")) or _text(fields.get("date"))),
        title=title,
        venue=venue,
        locator=join_locator(
            _text(fields.get("volume")) or "",
            _text(fields.get("number")) or "",
            first,
            last.lstrip("-"),
        ),
        doi=doi,
        key=entry.key,
        source_type=entry_type,
        entry=n,
    )


def _escaped(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _bib_name(name: str) -> str:
    family, initials = split_person(name)
    if not initials:
        return "{" + _escaped(family) + "}"  # an organisation: one unit, never split
    return f"{_escaped(family)}, {'. '.join(initials)}."


def _key(ref: Reference, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9._:-]", "", ref.key or "") or "record"
    key, n = base, 1
    while key in used:
        n += 1
        key = f"{base}-{n}"
    used.add(key)
    return key


def _entry(ref: Reference, used: set[str]) -> Entry:
    kind = ref.publication_type or ""
    fields: list[Field] = []
    names = ref.authors or ((ref.first_author,) if ref.first_author else ())
    if ref.authors:
        fields.append(Field("author", " and ".join(_bib_name(a) for a in names)))
    elif names:
        fields.append(Field("author", "{" + _escaped(names[0]) + "}"))
    if ref.title:
        fields.append(Field("title", "{" + _escaped(ref.title) + "}"))
    if ref.venue:
        fields.append(Field(_VENUE_FIELD.get(kind, "publisher"), _escaped(ref.venue)))
    if ref.year:
        fields.append(Field("year", ref.year))
    volume, issue, first, last = split_locator(ref.locator)
    pages = f"{first}--{last}" if last else first
    for name, value in (("volume", volume), ("number", issue), ("pages", pages)):
        if value:
            fields.append(Field(name, _escaped(value)))
    if ref.doi:
        fields.append(Field("doi", ref.doi))
    if ref.elsewhere:
        fields.append(Field("spkg-supplementary", ", ".join(ref.elsewhere)))
    entry_type = BIBTEX_TYPES.get(kind, ("misc",))[0]
    return Entry(entry_type, _key(ref, used), fields)


def write_bibtex(references: list[Reference]) -> str:
    """The references as BibTeX text (UTF-8), one entry each, in the order given."""
    library = Library()
    used: set[str] = set()
    for ref in references:
        library.add(_entry(ref, used))
    return bibtexparser.write_string(library)
