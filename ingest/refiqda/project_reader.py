"""A validated `project.qde` (and the source texts it points to) → a `QdaProject`.

What the tools are known to write differently is accepted: a source's text inline
(`PlainTextContent`) or as an `internal://` file of the archive's `sources/` folder, selections
with and without a `name`, nested codes under non-codable parents, and case or source variables
of every type the schema has. What spkg has no place for (PDF, picture, audio and video
sources, codings of whole sources, notes, sets, links, graphs) is listed in `unmapped`, never
dropped silently. Broken references and selections outside their text are located errors.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from ingest.errors import DataFilesError
from ingest.refiqda.archive import INTERNAL_SCHEME, QdpxArchive, outside_archive
from ingest.refiqda.errors import QdaFileError
from ingest.refiqda.model import (
    Case,
    Code,
    QdaProject,
    Selection,
    TextSource,
    VariableValue,
)
from ingest.refiqda.xml_schema import PROJECT_NS, local_name

__all__ = ["read_project"]

logger = logging.getLogger(__name__)

_NS = {"q": PROJECT_NS}
_OTHER_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")
_OTHER_SELECTIONS = (
    "PictureSelection",
    "PDFSelection",
    "AudioSelection",
    "VideoSelection",
    "TranscriptSelection",
)
_SECTIONS = {"Notes": "memo(s)", "Links": "link(s)", "Sets": "set(s)", "Graphs": "graph(s)"}


class _Reader:
    """One pass over the document, collecting errors rather than stopping at the first."""

    def __init__(self, root: Any, archive: QdpxArchive, member: str) -> None:
        self.root, self.archive, self.member = root, archive, member
        self.errors: list[QdaFileError] = []
        self.project = QdaProject(name=root.get("name", ""))

    def error(self, element: Any, message: str) -> None:
        self.errors.append(
            QdaFileError(
                self.archive.path,
                self.member,
                element.sourceline or 0,
                local_name(element),
                message,
            )
        )

    def note(self, element: Any, message: str) -> None:
        where = f"{self.member}:{element.sourceline}:{local_name(element)}"
        self.project.unmapped.append(f"{where}: {message}")

    def read(self) -> QdaProject:
        codes = self.root.find("q:CodeBook/q:Codes", _NS)
        if codes is not None:
            self.codes(codes, None)
        known_codes = {c.guid for c in self.project.codes}
        variables = {
            v.get("guid").upper(): (v.get("name"), v.get("typeOfVariable"))
            for v in self.root.iterfind("q:Variables/q:Variable", _NS)
        }
        for element in self.root.iterfind("q:Sources/q:TextSource", _NS):
            self.source(element, known_codes, variables)
        for element in self.root.iterfind("q:Sources/*", _NS):
            if local_name(element) in _OTHER_SOURCES:
                self.other_source(element)
        for element in self.root.iterfind("q:Cases/q:Case", _NS):
            self.case(element, variables)
        for section, what in _SECTIONS.items():
            found = self.root.find(f"q:{section}", _NS)
            if found is not None:
                self.note(found, f"{len(found)} {what}: not mapped (spkg has no place for them)")
        if self.errors:
            raise DataFilesError(self.errors)
        return self.project

    def codes(self, parent: Any, parent_guid: str | None) -> None:
        for position, element in enumerate(parent.iterfind("q:Code", _NS), start=1):
            guid = element.get("guid").upper()
            self.project.codes.append(
                Code(
                    guid=guid,
                    name=element.get("name"),
                    codable=element.get("isCodable") in ("true", "1"),
                    description=_text(element.find("q:Description", _NS)),
                    parent=parent_guid,
                    position=position,
                    line=element.sourceline or 0,
                )
            )
            self.codes(element, guid)

    def source(self, element: Any, codes: set[str], variables: dict[str, tuple[str, str]]) -> None:
        name = element.get("name") or element.get("guid")
        source = TextSource(
            guid=element.get("guid").upper(),
            name=element.get("name") or "",
            description=_text(element.find("q:Description", _NS)),
            text=self.source_text(element, name),
            variables=self.values(element, variables),
            line=element.sourceline or 0,
        )
        whole = element.findall("q:Coding", _NS)
        if whole:
            self.note(
                element, f"source {name!r}: {len(whole)} coding(s) of the whole source not mapped"
            )
        for sel in element.iterfind("q:PlainTextSelection", _NS):
            selection = self.selection(sel, source, codes)
            if selection is not None:
                source.selections.append(selection)
        self.project.sources.append(source)

    def source_text(self, element: Any, name: str) -> str | None:
        inline = element.find("q:PlainTextContent", _NS)
        if inline is not None:
            return inline.text or ""
        path = element.get("plainTextPath")
        if path is None:
            if element.find("q:PlainTextSelection", _NS) is not None:
                self.note(element, f"source {name!r} has no plain text: its selections not mapped")
            return None
        if not path.startswith(INTERNAL_SCHEME):
            self.note(element, f"source {name!r}: text kept outside the archive ({path}): not read")
            return None
        if outside_archive(path[len(INTERNAL_SCHEME) :]):
            self.error(element, f"plainTextPath {path!r} points outside the archive; refused")
            return None
        member = self.archive.member_for(path)
        if member is None:
            self.error(element, f"plainTextPath {path!r} names no file of the archive's sources")
            return None
        data = self.archive.read(member)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.errors.append(
                QdaFileError(self.archive.path, member, 0, "", f"not UTF-8 text: {exc}")
            )
            return None

    def selection(self, element: Any, source: TextSource, codes: set[str]) -> Selection | None:
        start, end = int(element.get("startPosition")), int(element.get("endPosition"))
        label = element.get("name") or element.get("guid")
        refs = []
        for ref in element.iterfind("q:Coding/q:CodeRef", _NS):
            target = ref.get("targetGUID").upper()
            if target not in codes:
                self.error(ref, f"selection {label!r} is coded with {target}, which names no Code")
            refs.append(target)
        if source.text is None:
            return None
        if not 0 <= start <= end <= len(source.text):
            self.error(
                element,
                f"selection {label!r} [{start}, {end}) lies outside the text of source "
                f"{source.name or source.guid!r} ({len(source.text)} characters; positions "
                "count Unicode code points from 0)",
            )
            return None
        return Selection(
            guid=element.get("guid").upper(),
            name=element.get("name") or "",
            start=start,
            end=end,
            text=source.text[start:end],
            codes=tuple(refs),
            description=_text(element.find("q:Description", _NS)),
            line=element.sourceline or 0,
        )

    def other_source(self, element: Any) -> None:
        selections = [e for e in element.iter() if local_name(e) in _OTHER_SELECTIONS]
        codings = sum(1 for e in element.iter() if local_name(e) == "Coding")
        name = element.get("name") or element.get("guid")
        self.note(
            element,
            f"{name!r} is not a text source: its {len(selections)} selection(s) and "
            f"{codings} coding(s) not mapped",
        )

    def case(self, element: Any, variables: dict[str, tuple[str, str]]) -> None:
        name = element.get("name") or element.get("guid")
        if element.find("q:CodeRef", _NS) is not None:
            self.note(element, f"case {name!r}: codes of a case not mapped")
        self.project.cases.append(
            Case(
                guid=element.get("guid").upper(),
                name=element.get("name") or "",
                variables=self.values(element, variables),
                sources=tuple(
                    r.get("targetGUID").upper() for r in element.iterfind("q:SourceRef", _NS)
                ),
                selections=tuple(
                    r.get("targetGUID").upper() for r in element.iterfind("q:SelectionRef", _NS)
                ),
                line=element.sourceline or 0,
            )
        )

    def values(self, owner: Any, variables: dict[str, tuple[str, str]]) -> list[VariableValue]:
        found = []
        for element in owner.iterfind("q:VariableValue", _NS):
            ref = element.find("q:VariableRef", _NS)
            target = ref.get("targetGUID").upper()
            if target not in variables:
                self.error(ref, f"VariableRef {target} names no Variable")
                continue
            name, declared = variables[target]
            value_element = next((e for e in element if e is not ref), None)
            kind = (
                local_name(value_element).removesuffix("Value")
                if value_element is not None
                else declared
            )
            value = _typed(kind, value_element.text if value_element is not None else None)
            if kind != declared:
                self.error(element, f"variable {name!r} is {declared} but its value is {kind}")
                continue
            found.append(VariableValue(name, kind, value, element.sourceline or 0))
        return found


def _text(element: Any) -> str:
    return (element.text or "") if element is not None else ""


def _typed(kind: str, text: str | None) -> str | bool | int | Decimal | None:
    """A value element's text as the type its element names (already checked by the XSD)."""
    if text is None:
        return None
    value = text.strip()
    try:
        if kind == "Boolean":
            return value in ("true", "1")
        if kind == "Integer":
            return int(value)
        if kind == "Float":
            return Decimal(value)
    except (ValueError, InvalidOperation):  # the schema has checked; keep the text if not
        return value
    return text if kind == "Text" else value


def read_project(root: Any, archive: QdpxArchive, member: str) -> QdaProject:
    """The project a valid `project.qde` describes; DataFilesError with every located problem."""
    project = _Reader(root, archive, member).read()
    logger.info(
        "%s: %d code(s), %d text source(s), %d case(s)",
        archive.path,
        len(project.codes),
        len(project.sources),
        len(project.cases),
    )
    return project
