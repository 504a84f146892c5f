"""A `QdaProject` → the rows an import adds to a review folder, and what it could not map.

- Codes become themes (themes.csv), the hierarchy kept (`parent_id`), siblings in codebook
  order (`position`), the code's description as the theme's. A code matches an existing theme
  of the same parent with the same label (case and spacing ignored); a new theme is keyed by
  its place, `T1`, `T1.2`, as spkg's own reviews are. A non-codable code is a theme too, one
  no quote cites.
- Text sources become records (records.csv), matched to an existing record by a `record_id`
  variable, then by DOI (a `doi` variable, else a DOI in the source's description or name),
  then by name (the record's key, the name made a key, or its title). A new record is keyed by
  a `record_id` variable, else by its name made a key (`Interview 2` → `Interview-2`), so a
  second import of the same project finds it. Source variables named as a records.csv column
  fill that column of a new record; what the format requires and the project cannot say
  (`citation_number`, `study_id`, `publication_type`, `peer_reviewed`) is left to complete.
- Each code of a coded selection gives a quote (quotes.csv) with the selection's exact text
  (surrounding white space trimmed, which the format forbids), keyed by the selection's name
  when that is a free key; its speaker cells come from the cases that hold the selection or its
  source (`ingest.refiqda.speakers`). A quote matches an existing one of the same record, theme
  and text. Each new quote's record gets a `quoted` theme_support.csv row for its theme when it
  has none, as the format requires. New quotes are numbered after the existing ones, in the
  order of a `position` case variable where there is one, else in the project's order.

What the project states is taken as what the review states: list any value from elsewhere in
value_sources.csv. Existing rows are never changed; a difference is reported.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.cells import type_cell
from ingest.iris import KEY_PATTERN
from ingest.refiqda.model import QdaProject, Selection, TextSource
from ingest.refiqda.review_folder import ReviewFolder, Table
from ingest.refiqda.speakers import normalised_name, speaker_cells
from ingest.schema import file_schema

__all__ = ["ImportReport", "plan_import"]

logger = logging.getLogger(__name__)

_DOI = re.compile(r"10\.[0-9]{4,9}/[^\s\"<>]+")


@dataclass
class ImportReport:
    """Counts per kind of row (matched, new), what is left to complete, what was not mapped."""

    matched: dict[str, int] = field(default_factory=dict)
    added: dict[str, int] = field(default_factory=dict)
    to_complete: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    def count(self, kind: str, new: bool) -> None:
        target = self.added if new else self.matched
        target[kind] = target.get(kind, 0) + 1

    def lines(self) -> list[str]:
        """The report as printed: counts, then what to complete, what differs, what was left."""
        out = [
            f"  {kind}: {self.matched.get(kind, 0)} matched, {self.added.get(kind, 0)} new"
            for kind in ("themes", "records", "quotes", "theme support")
        ]
        for title, items in (
            ("to complete (required by the format, not in the project)", self.to_complete),
            ("differences (the folder's values kept)", self.differences),
            ("not mapped", self.unmapped),
        ):
            if items:
                out.append(f"{title}: {len(items)}")
                out.extend(f"  - {item}" for item in items)
        return out


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _doi(text: str) -> str:
    match = _DOI.search(text)
    return match.group(0).rstrip(".,;)") if match else ""


def _slug(name: str) -> str:
    """A source name as a key (`Interview 2` → `Interview-2`), so a re-import finds its record."""
    return re.sub(r"[^A-Za-z0-9._]+", "-", name).strip("-")


def _free_key(wanted: str, taken: set[str]) -> str | None:
    return wanted if KEY_PATTERN.fullmatch(wanted) and wanted not in taken else None


def _numbered(prefix: str, taken: set[str], start: int = 1) -> str:
    n = start
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


class _Planner:
    def __init__(self, project: QdaProject, folder: ReviewFolder) -> None:
        self.project, self.folder = project, folder
        self.report = ImportReport(unmapped=list(project.unmapped))
        self.themes: dict[str, str] = {}  # code guid → theme_id
        self.records: dict[str, str] = {}  # source guid → record_id

    def plan(self) -> ImportReport:
        review = self.folder.table("review.csv")
        for row in review.added:
            missing = [c.name for c in file_schema("review.csv").columns if c.required]
            missing = [c for c in missing if not row.get(c)]
            self.report.to_complete.append(f"review.csv {row['review_id']}: {', '.join(missing)}")
        self.plan_themes()
        for source in self.project.sources:
            self.records[source.guid] = self.plan_record(source)
        self.plan_quotes()
        return self.report

    # themes
    def plan_themes(self) -> None:
        table = self.folder.table("themes.csv")
        for code in self.project.codes:
            parent = self.themes.get(code.parent, "") if code.parent else ""
            siblings = [r for r in table.all_rows() if r.get("parent_id", "") == parent]
            same = [r for r in siblings if _norm(r.get("label", "")) == _norm(code.name)]
            if same:
                theme_id = same[0]["theme_id"]
                if code.description and code.description != same[0].get("description", ""):
                    self.report.differences.append(
                        f"themes.csv {theme_id}: the codebook's description of {code.name!r} "
                        "differs; the folder's is kept"
                    )
                self.report.count("themes", new=False)
            else:
                taken = {r.get("position", "") for r in siblings}
                position = str(code.position)
                if position in taken:
                    position = str(1 + max((int(p) for p in taken if p.isdigit()), default=0))
                wanted = f"{parent}.{position}" if parent else f"T{position}"
                theme_id = _free_key(wanted, table.keys("theme_id")) or _numbered(
                    f"{wanted}-", table.keys("theme_id"), 2
                )
                table.added.append(
                    {
                        "theme_id": theme_id,
                        "parent_id": parent,
                        "position": position,
                        "label": code.name,
                        "description": code.description,
                    }
                )
                if not code.name.strip():
                    self.report.to_complete.append(f"themes.csv {theme_id}: label")
                self.report.count("themes", new=True)
            self.themes[code.guid] = theme_id

    # records
    def plan_record(self, source: TextSource) -> str:
        table = self.folder.table("records.csv")
        cells = self.source_cells(source, table)
        doi = cells.get("doi") or _doi(source.description) or _doi(source.name)
        match = self.match_record(table, cells.get("record_id", ""), doi, source.name)
        if match is not None:
            self.report.count("records", new=False)
            return match
        taken = table.keys("record_id")
        record_id = (
            _free_key(cells.get("record_id", ""), taken)
            or _free_key(_slug(source.name), taken)
            or _numbered("R", taken)
        )
        row = {**cells, "record_id": record_id}
        if doi and "doi" not in cells:
            self.report.unmapped.append(
                f"source {source.name or source.guid!r}: DOI {doi} in its description or name "
                "used to match records only, not written (it may not be the review's)"
            )
        table.added.append(row)
        missing = [
            c.name for c in file_schema("records.csv").columns if c.required and not row.get(c.name)
        ]
        if missing:
            self.report.to_complete.append(
                f"records.csv {record_id} (source {source.name or source.guid!r}): "
                + ", ".join(missing)
            )
        self.report.count("records", new=True)
        return record_id

    def source_cells(self, source: TextSource, table: Table) -> dict[str, str]:
        schema = file_schema("records.csv")
        cells: dict[str, str] = {}
        for value in source.variables:
            column = normalised_name(value.name)
            where = f"source {source.name or source.guid!r}: variable {value.name!r}"
            if column not in schema.by_name or column not in table.header:
                self.report.unmapped.append(f"{where} ({value.type}): no record column for it")
                continue
            if not value.text:
                continue
            _, problem = type_cell(value.text, schema.by_name[column])
            if problem:
                self.report.unmapped.append(f"{where}: {value.text!r} not mapped: {problem}")
                continue
            cells[column] = value.text
        return cells

    def match_record(self, table: Table, record_id: str, doi: str, name: str) -> str | None:
        rows = table.all_rows()
        tests = (
            lambda r: bool(record_id) and r.get("record_id") == record_id,
            lambda r: bool(doi) and r.get("doi", "").casefold() == doi.casefold(),
            lambda r: bool(name) and r.get("record_id") in (name, _slug(name)),
            lambda r: bool(name) and _norm(r.get("title", "")) == _norm(name),
        )
        for test in tests:
            found = [r["record_id"] for r in rows if test(r)]
            if found:
                return found[0]
        return None

    # quotes
    def speakers(self) -> dict[str, dict[str, str]]:
        """selection guid → the quote cells its cases give (conflicting values left out)."""
        by_source = {s.guid: [x.guid for x in s.selections] for s in self.project.sources}
        given: dict[str, dict[str, set[str]]] = {}
        for case in self.project.cases:
            found = speaker_cells(
                case.variables, f"case {case.name or case.guid!r} (line {case.line})"
            )
            self.report.unmapped.extend(found.notes)
            held = list(case.selections) + [g for s in case.sources for g in by_source.get(s, [])]
            for guid in held:
                for column, text in found.cells.items():
                    given.setdefault(guid, {}).setdefault(column, set()).add(text)
        cells: dict[str, dict[str, str]] = {}
        for guid, columns in given.items():
            for column, texts in columns.items():
                if len(texts) == 1:
                    cells.setdefault(guid, {})[column] = next(iter(texts))
                else:
                    self.report.unmapped.append(
                        f"selection {guid}: its cases disagree on {column} "
                        f"({', '.join(sorted(texts))}); left empty"
                    )
        return cells

    def plan_quotes(self) -> None:
        quotes = self.folder.table("quotes.csv")
        speakers = self.speakers()
        new: list[dict[str, str]] = []
        taken = quotes.keys("quote_id")
        for source in self.project.sources:
            record_id = self.records[source.guid]
            for selection in source.selections:
                for theme_id, quote_id in self.quote_keys(selection, taken):
                    text = selection.text.strip()
                    if any(
                        r.get("record_id") == record_id
                        and r.get("theme_id") == theme_id
                        and r.get("text") == text
                        for r in quotes.all_rows() + new
                    ):
                        self.report.count("quotes", new=False)
                        continue
                    taken.add(quote_id)
                    new.append(
                        {
                            **speakers.get(selection.guid, {}),
                            "quote_id": quote_id,
                            "theme_id": theme_id,
                            "record_id": record_id,
                            "text": text,
                            "note": selection.description.strip(),
                        }
                    )
        # Numbered after the existing quotes: in the order a `position` case variable gives
        # (spkg's export writes the review's own), else in the project's order.
        positions = [int(p) for p in quotes.keys("position") if p.isdigit()]
        first = max(positions, default=0) + 1
        ordered = sorted(new, key=lambda r: int(r.get("position") or 1 << 30))
        for n, row in enumerate(ordered, start=first):
            row["position"] = str(n)
            quotes.added.append(row)
            self.report.count("quotes", new=True)
            missing = [c for c in ("kind", "kind_certain") if not row.get(c)]
            if missing:
                self.report.to_complete.append(
                    f"quotes.csv {row['quote_id']}: {', '.join(missing)}"
                )
            self.support(row["theme_id"], row["record_id"])

    def quote_keys(self, selection: Selection, taken: set[str]) -> Iterable[tuple[str, str]]:
        """(theme_id, quote_id) for each code of a selection that can become a quote, the
        keys free of `taken` and of each other."""
        where = f"selection {selection.label!r} (line {selection.line})"
        if not selection.codes:
            self.report.unmapped.append(f"{where}: not coded; not a quote")
            return []
        if not selection.text.strip():
            self.report.unmapped.append(f"{where}: empty text; not a quote")
            return []
        keys: list[tuple[str, str]] = []
        for n, guid in enumerate(dict.fromkeys(selection.codes)):
            used = taken | {k for _, k in keys}
            wanted = selection.name if n == 0 else f"{selection.name}-{n + 1}"
            quote_id = (_free_key(wanted, used) if selection.name else None) or _numbered("Q", used)
            keys.append((self.themes[guid], quote_id))
        return keys

    def support(self, theme_id: str, record_id: str) -> None:
        table = self.folder.table("theme_support.csv")
        if any(
            r.get("theme_id") == theme_id and r.get("record_id") == record_id
            for r in table.all_rows()
        ):
            return
        table.added.append({"theme_id": theme_id, "record_id": record_id, "evidence": "quoted"})
        self.report.count("theme support", new=True)


def plan_import(project: QdaProject, folder: ReviewFolder) -> ImportReport:
    """Add to `folder`'s tables the rows `project` gives; what was matched, added and left."""
    report = _Planner(project, folder).plan()
    logger.info("planned: matched %s, added %s", report.matched, report.added)
    return report
