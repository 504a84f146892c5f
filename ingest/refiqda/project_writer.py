"""A review's coding → a REFI-QDA project (`.qdpx`) or codebook (`.qdc`) that the QDA tools open.

The layout, and why:
- The codebook is the review's themes: one Code per theme, subthemes nested under their
  theme in position order, the theme's definition as the code's Description.
- A review holds the quotes it prints, not the full texts of its records, so each record
  becomes a TextSource whose plain text is its quotes joined by a blank line (in their order
  in the review), stored as `sources/<guid>.txt` (`internal://`). Each quote is a
  PlainTextSelection spanning exactly its words (positions in Unicode code points from 0,
  end exclusive), named by the quote's key and coded with its theme; its note is the
  selection's Description. A record without quotes is a source with an empty text.
- The record's bibliographic columns that the review states are source variables named as
  the records.csv columns (`record_id`, `doi`, `title` …); values from elsewhere are written
  only as text in the source's Description, marked so.
- Each quote's speaker is a Case holding its selection, with the quote's kind and speaker
  columns (`kind`, `speaker_gender`, `speaker_age_label` …) as case variables, and the quote's
  `position` in the review (a source's text can only keep the order within one record).
- Every GUID is a UUID 5 of the IRI of what it stands for (a theme, a record, a quote's
  target, a quote, its speaker), so exports of the same review agree across runs and tools.
  The zip's entries carry a fixed date, so the same review gives the same bytes.
`spkg import qdpx` reads all of this back (`ingest.refiqda.planning`).
"""

from __future__ import annotations

import io
import logging
import uuid
import zipfile
from collections.abc import Iterable
from typing import Any

from lxml import etree

from ingest.refiqda.archive import INTERNAL_SCHEME, PROJECT_MEMBER, SOURCES_FOLDER
from ingest.refiqda.errors import NothingToExportError
from ingest.refiqda.review_coding import QuoteRow, ReviewCoding, ThemeRow
from ingest.refiqda.xml_schema import CODEBOOK_NS, PROJECT_NS
from ingest.schema import Kind, file_schema

__all__ = [
    "SOURCE_SEPARATOR",
    "codebook_xml",
    "exported_quotes",
    "guid",
    "project_xml",
    "qdpx_bytes",
]

logger = logging.getLogger(__name__)

# Between two quotes in a source's text.
SOURCE_SEPARATOR = "\n\n"
_ORIGIN = "spkg"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_VARIABLE_TYPES = {
    Kind.INTEGER: "Integer",
    Kind.YEAR: "Integer",
    Kind.BOOLEAN: "Boolean",
    Kind.DECIMAL: "Float",
}


def guid(iri: str) -> str:
    """The GUID of what an IRI names: its UUID 5 (URL namespace), upper case as tools write."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, iri)).upper()


class _Builder:
    def __init__(self, ns: str) -> None:
        self.ns = ns

    def el(self, parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
        element = etree.SubElement(parent, f"{{{self.ns}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element


def _codes(builder: _Builder, parent: Any, themes: list[ThemeRow]) -> None:
    """The themes as nested Codes under `parent` (a `Codes` element)."""
    known = {t.iri for t in themes}
    children: dict[str | None, list[ThemeRow]] = {}
    for theme in themes:
        children.setdefault(theme.parent if theme.parent in known else None, []).append(theme)

    def add(element: Any, theme: ThemeRow) -> None:
        code = builder.el(element, "Code", guid=guid(theme.iri), name=theme.label, isCodable="true")
        if theme.definition:
            builder.el(code, "Description", theme.definition)
        for child in sorted(children.get(theme.iri, []), key=lambda t: (t.position, t.key)):
            add(code, child)

    for theme in sorted(children.get(None, []), key=lambda t: (t.position, t.key)):
        add(parent, theme)


def _serialise(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def codebook_xml(coding: ReviewCoding) -> bytes:
    """The review's themes as a REFI-QDA codebook (`.qdc`); NothingToExportError if none."""
    if not coding.themes:
        raise NothingToExportError(coding.review_id)
    builder = _Builder(CODEBOOK_NS)
    root = etree.Element(
        f"{{{CODEBOOK_NS}}}CodeBook", {"origin": _ORIGIN}, nsmap={None: CODEBOOK_NS}
    )
    _codes(builder, builder.el(root, "Codes"), coding.themes)
    return _serialise(root)


def _variable_type(file: str, column: str) -> str:
    return _VARIABLE_TYPES.get(file_schema(file).by_name[column].kind, "Text")


def _value(builder: _Builder, parent: Any, variable: str, kind: str, text: str) -> None:
    holder = builder.el(parent, "VariableValue")
    builder.el(holder, "VariableRef", targetGUID=variable)
    value = {"yes": "true", "no": "false"}.get(text, text) if kind == "Boolean" else text
    builder.el(holder, f"{kind}Value", value)


def _columns(file: str, used: Iterable[str]) -> list[str]:
    """The columns among `used`, in the data file's order."""
    wanted = set(used)
    return [c.name for c in file_schema(file).columns if c.name in wanted]


def exported_quotes(coding: ReviewCoding) -> list[QuoteRow]:
    """The quotes a project holds: those with a text, under a theme of the codebook."""
    themes = {t.iri for t in coding.themes}
    return [q for q in coding.quotes if q.text and q.theme in themes]


def _source_texts(coding: ReviewCoding) -> dict[str, tuple[str, list[tuple[QuoteRow, int, int]]]]:
    """record IRI → its source text and each quote's [start, end) in it."""
    exported = exported_quotes(coding)
    by_record: dict[str, list[QuoteRow]] = {}
    for quote in sorted(exported, key=lambda q: (q.position, q.key)):
        by_record.setdefault(quote.record, []).append(quote)
    texts = {}
    for record, quotes in by_record.items():
        spans, offset = [], 0
        for quote in quotes:
            spans.append((quote, offset, offset + len(quote.text)))
            offset += len(quote.text) + len(SOURCE_SEPARATOR)
        texts[record] = (SOURCE_SEPARATOR.join(q.text for q in quotes), spans)
    return texts


def _case_cells(quote: QuoteRow) -> dict[str, str]:
    """What a quote's case carries: its quotes.csv cells but the note, and its position."""
    cells = {c: v for c, v in quote.cells.items() if c != "note"}
    if quote.position:
        cells["position"] = str(quote.position)
    return cells


def _description(coding: ReviewCoding, key: str, elsewhere: dict[str, str]) -> str:
    text = f"Record {key} of the review {coding.review_id}."
    if elsewhere:
        values = "; ".join(f"{c}: {elsewhere[c]}" for c in _columns("records.csv", elsewhere))
        text += f" Not stated by the review (from elsewhere): {values}."
    return text


def project_xml(coding: ReviewCoding) -> tuple[bytes, dict[str, str]]:
    """The `project.qde` of the review and its source texts (archive member → text)."""
    builder = _Builder(PROJECT_NS)
    root = etree.Element(
        f"{{{PROJECT_NS}}}Project",
        {"name": coding.review_id, "origin": _ORIGIN},
        nsmap={None: PROJECT_NS},
    )
    if coding.themes:  # a CodeBook holds one code at least
        _codes(builder, builder.el(builder.el(root, "CodeBook"), "Codes"), coding.themes)

    record_columns = _columns("records.csv", {c for r in coding.records for c in r.cells})
    case_cells = {q.iri: _case_cells(q) for q in exported_quotes(coding)}
    case_columns = _columns("quotes.csv", {c for cells in case_cells.values() for c in cells})
    variables = {
        (file, column): guid(f"{coding.review_iri}#variable-{file}-{column}")
        for file, columns in (("records.csv", record_columns), ("quotes.csv", case_columns))
        for column in columns
    }
    if variables:
        holder = builder.el(root, "Variables")
        for (file, column), variable in variables.items():
            element = builder.el(
                holder,
                "Variable",
                guid=variable,
                name=column,
                typeOfVariable=_variable_type(file, column),
            )
            builder.el(element, "Description", f"the {file} column {column} (spkg)")

    texts = _source_texts(coding)
    speaking = [q for q in exported_quotes(coding) if case_cells[q.iri]]
    if speaking:
        holder = builder.el(root, "Cases")
        for quote in speaking:
            cells = case_cells[quote.iri]
            case = builder.el(
                holder, "Case", guid=guid(f"{quote.iri}#speaker"), name=f"speaker of {quote.key}"
            )
            for column in (c for c in case_columns if c in cells):
                kind = _variable_type("quotes.csv", column)
                _value(builder, case, variables[("quotes.csv", column)], kind, cells[column])
            builder.el(case, "SelectionRef", targetGUID=guid(f"{quote.iri}#target"))

    members: dict[str, str] = {}
    sources = builder.el(root, "Sources")
    for record in coding.records:
        source_guid = guid(record.iri)
        member = f"{SOURCES_FOLDER}/{source_guid}.txt"
        text, spans = texts.get(record.iri, ("", []))
        members[member] = text
        name = record.cells.get("title") or record.elsewhere.get("title") or record.key
        source = builder.el(
            sources,
            "TextSource",
            guid=source_guid,
            name=name,
            plainTextPath=f"{INTERNAL_SCHEME}{source_guid}.txt",
        )
        builder.el(source, "Description", _description(coding, record.key, record.elsewhere))
        for quote, start, end in spans:
            selection = builder.el(
                source,
                "PlainTextSelection",
                guid=guid(f"{quote.iri}#target"),
                name=quote.key,
                startPosition=str(start),
                endPosition=str(end),
            )
            if quote.cells.get("note"):
                builder.el(selection, "Description", quote.cells["note"])
            coding_element = builder.el(selection, "Coding", guid=guid(quote.iri))
            builder.el(coding_element, "CodeRef", targetGUID=guid(quote.theme))
        for column in record_columns:
            if column in record.cells:
                kind = _variable_type("records.csv", column)
                _value(
                    builder, source, variables[("records.csv", column)], kind, record.cells[column]
                )
    if not len(sources):
        root.remove(sources)
    builder.el(
        root,
        "Description",
        f"The review {coding.review_id} ({coding.review_iri}), written by spkg: each record is "
        "a text source holding the review's quotes from it, one blank line apart; each quote "
        "is a selection coded with its theme; each quote's speaker is a case.",
    )
    return _serialise(root), members


def qdpx_bytes(coding: ReviewCoding) -> bytes:
    """The `.qdpx` archive: `project.qde` and `sources/<guid>.txt`, entries with a fixed date."""
    project, members = project_xml(coding)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [(PROJECT_MEMBER, project)] + [
            (n, t.encode("utf-8")) for n, t in sorted(members.items())
        ]:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()
