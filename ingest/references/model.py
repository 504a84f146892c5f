"""A record as reference managers know it, and the rules that carry it between their files and
records.csv: authors as `Surname Initials`, DOIs without a resolver, types mapped to the format's
publication types.

What the files call a type (RIS `TY`, a BibTeX entry type) is mapped to records.csv's
`publication_type` only where the format has a value for it; any other type leaves the cell empty
for the curator (a magazine article is not a journal article, a master's thesis not a doctoral
one), never a guess.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import DataFileError

__all__ = [
    "BIBTEX_TYPES",
    "CSL_TYPES",
    "RIS_TYPES",
    "Reference",
    "ReferenceEntryError",
    "corporate_name",
    "doi_of",
    "join_locator",
    "names_doctorate",
    "normalised_title",
    "person_name",
    "split_locator",
    "split_person",
    "split_unnamed",
    "year_of",
]

logger = logging.getLogger(__name__)

_DOI = re.compile(r"10\.[0-9]{4,9}/\S+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_YEAR = re.compile(r"(?<![0-9])(1[89][0-9]{2}|20[0-9]{2}|2100)(?![0-9])")
_DOCTORATE = re.compile(
    r"\b(?:ph\.? ?d(?:thesis)?|d\.? ?phil|doctor\w*|ed\.? ?d)\b|\bdr\.", re.IGNORECASE
)
_LOCATOR = re.compile(r"(?P<volume>[^():\s]+)?(?:\((?P<issue>[^()]+)\))?(?::(?P<pages>\S+))?")

# Each format's type for each publication type of records.csv (ingest.schema's value set), and
# back: the first type of a row is the one spkg writes. RIS THES and BibTeX @thesis are doctoral
# only when the thesis kind says so (`names_doctorate`).
RIS_TYPES: dict[str, tuple[str, ...]] = {
    "journal-article": ("JOUR", "JFULL", "EJOUR", "INPR"),
    "doctoral-thesis": ("THES",),
    "report": ("RPRT", "GOVDOC"),
}
BIBTEX_TYPES: dict[str, tuple[str, ...]] = {
    "journal-article": ("article",),
    "doctoral-thesis": ("phdthesis", "thesis"),
    "report": ("techreport", "report"),
}
CSL_TYPES: dict[str, str] = {
    "journal-article": "article-journal",
    "doctoral-thesis": "thesis",
    "report": "report",
}


@dataclass(frozen=True)
class Reference:
    """One record: the bibliographic cells of records.csv, plus where it came from in a file.

    `authors` are persons (`Surname Initials`) and corporate authors standing among them, in
    printed order; a corporate author standing alone is `first_author` only, as records.csv
    keeps it. `key` is the record's id in the file (RIS `ID`, the BibTeX key, CSL `id`).
    """

    publication_type: str | None = None
    first_author: str | None = None
    authors: tuple[str, ...] = ()
    year: str | None = None
    title: str | None = None
    venue: str | None = None
    locator: str | None = None
    doi: str | None = None
    key: str | None = None
    source_type: str = ""  # the file's own type (`JOUR`, `article`), for reports
    entry: int = 0  # position in the file, from 1
    # Fields whose value did not come from the review itself (its supplementary graph).
    elsewhere: tuple[str, ...] = field(default=())


class ReferenceEntryError(DataFileError):
    """A located problem in a reference file: `file:entry N:field: message`."""

    def __init__(self, path: Path | str, entry: int, field_name: str, message: str) -> None:
        super().__init__(path, entry, field_name, message)

    def located(self) -> str:
        where = f"entry {self.row}" if self.row else "0"
        return f"{self.path}:{where}:{self.column}: {self.message}"


def doi_of(text: str | None) -> str | None:
    """The bare DOI (`10.1136/x`) of a DOI as files write it (`https://doi.org/…`, `doi:…`).

    None for an empty value; ValueError when the text is not a DOI.
    """
    if text is None or not text.strip():
        return None
    bare = _DOI_PREFIX.sub("", text.strip()).strip()
    if not _DOI.fullmatch(bare):
        raise ValueError(f"not a DOI: {text.strip()!r}")
    return bare


def names_doctorate(kind: str | None) -> bool:
    """Whether a thesis kind as files write it (`Ph.D. thesis`, `Doctoral dissertation`, `DPhil`)
    names a doctorate."""
    return bool(kind and _DOCTORATE.search(kind))


def year_of(text: str | None) -> str | None:
    """The year of a date as files write it (`2017`, `2017///`, `2017/07/01/`, `Jul 2017`)."""
    if not text:
        return None
    found = _YEAR.search(text)
    return found.group(1) if found else None


def normalised_title(title: str | None) -> str:
    """A title reduced for matching: accents, case, punctuation and spacing ignored."""
    if not title:
        return ""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _initials(given: str) -> str:
    """`Suzanne` → `S`, `Josephine M.` → `JM`, `J.-P.` → `JP`, `JM` (already initials) → `JM`."""
    parts = [p for p in re.split(r"[\s.\-‐]+", given) if p]
    if len(parts) == 1 and parts[0].isupper() and len(parts[0]) <= 4:
        return parts[0]
    return "".join(p[0].upper() for p in parts)


def person_name(family: str, given: str = "", suffix: str = "") -> str:
    """records.csv's form of a person's name: `Surname Initials` (`Moffatt S`)."""
    surname = " ".join(part for part in (family.strip(), suffix.strip()) if part)
    initials = _initials(given)
    return f"{surname} {initials}" if initials else surname


def split_person(name: str) -> tuple[str, str]:
    """`Wildman JM` → (`Wildman`, `JM`): the surname and the initials of a records.csv name.

    A name whose last word is not initials (a corporate author) is all surname.
    """
    head, _, last = name.rpartition(" ")
    if head and last.isupper() and last.isalpha() and len(last) <= 4:
        return head, last
    return name, ""


def corporate_name(name: str) -> str | None:
    """The organisation of a RIS author written as one (`Alliance for Healthier Communities,`,
    EndNote's convention), else None."""
    text = name.strip()
    if text.endswith(",") and "," not in text[:-1]:
        return text[:-1].strip()
    return None


def split_locator(locator: str | None) -> tuple[str, str, str, str]:
    """(volume, issue, first page, last page) of a locator as printed (`16(3):e48-e59`);
    all empty when it does not read so."""
    if not locator:
        return "", "", "", ""
    match = _LOCATOR.fullmatch(locator.strip())
    if not match or not any(match.groups()):
        return "", "", "", ""
    pages = match["pages"] or ""
    first, _, last = pages.partition("-")
    return match["volume"] or "", match["issue"] or "", first, last


def join_locator(volume: str = "", issue: str = "", first: str = "", last: str = "") -> str | None:
    """The printed form of volume, issue and pages: `16(3):e48-e59`, `19:98`; None if empty."""
    text = volume.strip()
    if issue.strip():
        text += f"({issue.strip()})"
    pages = first.strip() + (f"-{last.strip()}" if last.strip() else "")
    if pages:
        text += f":{pages}"
    return text or None


def split_unnamed(references: list[Reference]) -> tuple[list[Reference], list[Reference]]:
    """(named, unnamed): a reference with neither a DOI nor a title names no work a reference
    manager could hold or match (nor `spkg import` take back), so exports leave it out and say
    so."""
    named = [r for r in references if r.doi or r.title]
    return named, [r for r in references if not (r.doi or r.title)]
