"""A review's coding read from the store: its themes, records and quotes, as data-file cells.

Each read is a named query of `queries/` (a header comment says what it returns; values are
bound, never pasted), run against the review's own graphs; the properties are turned back into
the columns they were mapped from by the mapping's own table (`COLUMN_TERMS`), so the two
cannot drift apart.

What a REFI-QDA file can carry is the review's own statements and the curator's by-column
additions (a note, an age band's bounds read off its label), which an import places again by
the same column rules. A value that value_sources.csv lists as coming from elsewhere is not
written as data: a project file cannot mark it so, and an import would bring it back as the
review's. A record's such values are kept as text for its source's description
(`RecordRow.elsewhere`); any other is named in `left_out`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Identifier

from ingest.iris import Minter
from ingest.mapping.terms import COLUMN_TERMS, ENUM_INDIVIDUALS, camel
from ingest.namespaces import DEFAULT_BASE, PREFIXES
from ingest.schema import file_schema
from ingest.store import Store

__all__ = [
    "QUERY_DIR",
    "RECORD_COLUMNS",
    "QuoteRow",
    "RecordRow",
    "ReviewCoding",
    "ThemeRow",
    "read_coding",
]

logger = logging.getLogger(__name__)

QUERY_DIR = Path(__file__).resolve().parent / "queries"
# The records.csv columns a text source carries: what identifies and cites a record.
RECORD_COLUMNS = (
    "record_id",
    "citation_number",
    "first_author",
    "authors",
    "year",
    "title",
    "venue",
    "locator",
    "doi",
)


@functools.cache
def _query(name: str, base: str) -> str:
    """A query file under the configured base (the files are written with the default)."""
    text = (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
    return text if base == DEFAULT_BASE else text.replace(DEFAULT_BASE, base)


@dataclass(frozen=True)
class ThemeRow:
    iri: str
    key: str
    label: str
    parent: str | None
    position: int
    definition: str


@dataclass
class RecordRow:
    """A record: the cells it can carry, and those that came from elsewhere (as text)."""

    iri: str
    cells: dict[str, str] = field(default_factory=dict)
    elsewhere: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.cells.get("record_id") or self.iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class QuoteRow:
    """A quote: its key, exact text, theme and record IRIs, and its other quotes.csv cells."""

    iri: str
    key: str
    text: str
    theme: str
    record: str
    position: int
    cells: dict[str, str]


@dataclass
class ReviewCoding:
    review_id: str
    review_iri: str
    themes: list[ThemeRow]
    records: list[RecordRow]
    quotes: list[QuoteRow]
    left_out: list[str]


class _Columns:
    """Property IRI → data-file column, for one table of the mapping, and the cell text."""

    def __init__(self, spkg: str, table: str, extra: dict[str, URIRef]) -> None:
        terms = {c: self._iri(spkg, t) for c, t in COLUMN_TERMS.get(table, {}).items()}
        self.by_property = {str(p): c for c, p in {**terms, **extra}.items()}
        file, _, _ = table.partition("#")
        self.enums = {
            column: {f"{spkg}{named.get(v, camel(v))}": v for v in named}
            for (f, column), named in ENUM_INDIVIDUALS.items()
            if f == file
        }

    @staticmethod
    def _iri(spkg: str, term: str) -> URIRef:
        if ":" in term:
            prefix, local = term.split(":", 1)
            return URIRef(PREFIXES[prefix] + local)
        return URIRef(spkg + term)

    def cell(self, prop: str, value: Identifier) -> tuple[str, str] | None:
        """(column, text) for a statement, None when it is not one of the table's columns."""
        column = self.by_property.get(prop)
        if column is None:
            return None
        if column in self.enums:
            text = self.enums[column].get(str(value))
            return (column, text) if text else None
        if isinstance(value, Literal) and isinstance(value.toPython(), bool):
            return column, "yes" if value.toPython() else "no"
        return column, str(value)


def _key(iri: str, prefix: str) -> str:
    return unquote(iri[len(prefix) :]) if iri.startswith(prefix) else iri.rsplit("/", 1)[-1]


def _stated(row: dict[str, Identifier]) -> bool:
    value = row.get("stated")
    return isinstance(value, Literal) and value.toPython() is True


# A statement as a cell: (column, text, stated by the review itself).
Fact = tuple[str, str, bool]


def _facts(
    rows: Iterable[dict[str, Identifier]],
    subject: str,
    columns: _Columns,
    wanted: Iterable[str] | None = None,
) -> dict[str, list[Fact]]:
    """`subject` IRI → the cells its statement rows give (each once, the review's first)."""
    keep = set(wanted) if wanted is not None else None
    found: dict[str, list[Fact]] = {}
    for row in rows:
        facts = found.setdefault(str(row[subject]), [])
        if "property" not in row:
            continue
        picked = columns.cell(str(row["property"]), row["value"])
        if picked is not None and (keep is None or picked[0] in keep):
            facts.append((*picked, _stated(row)))
    for facts in found.values():
        facts.sort(key=lambda f: not f[2])
    return found


def _split(
    facts: Iterable[Fact], listed: Callable[[str], bool]
) -> tuple[dict[str, str], dict[str, str]]:
    """(cells a project carries, cells from elsewhere): a statement of the reported graph is
    the review's; one of the supplementary graph is carried when it is the curator's by its
    column's rule, kept apart when value_sources.csv lists its cell (`listed(column)`)."""
    cells: dict[str, str] = {}
    elsewhere: dict[str, str] = {}
    for column, text, stated in facts:
        if column in cells or column in elsewhere:
            continue
        if stated or not listed(column):
            cells[column] = text
        else:
            elsewhere[column] = text
    return cells, elsewhere


def read_coding(store: Store, review_id: str, base: str = "") -> ReviewCoding:
    """The themes, records and quotes of one review, as its graphs in `store` state them."""
    minter = Minter(review_id, base)
    scope = {
        "review": minter.review_iri(),
        "reported": minter.graph("reported"),
        "supplementary": minter.graph("supplementary"),
    }
    spkg = f"{minter.base}ontology#"

    def select(name: str) -> list[dict[str, Identifier]]:
        return store.select(_query(name, minter.base), scope)

    # The cells value_sources.csv lists (`primary-paper` → spkg:PrimaryPaper …), by the value
    # source node the minter names for each (file, key, column).
    listed_kinds = {
        f"{spkg}{camel(v)}" for v in file_schema("value_sources.csv").by_name["source"].allowed
    }
    sources = {
        str(r["source"])
        for r in store.select(
            _query("refiqda-listed", minter.base), {"supplementary": scope["supplementary"]}
        )
        if str(r.get("kind", "")) in listed_kinds
    }

    def listed(file: str, key: str) -> Callable[[str], bool]:
        return lambda column: str(minter.value_source(file, key, column)) in sources

    left_out: list[str] = []
    theme_columns = _Columns(spkg, "themes.csv", {"parent_id": SKOS.broader})
    themes = []
    theme_facts = _facts(
        select("refiqda-themes"),
        "theme",
        theme_columns,
        ("label", "description", "position", "parent_id"),
    )
    for iri, facts in theme_facts.items():
        key = _key(iri, str(minter.theme("")))
        cells, elsewhere = _split(facts, listed("themes.csv", key))
        left_out.extend(f"themes.csv {key} {column}" for column in elsewhere)
        themes.append(
            ThemeRow(
                iri=iri,
                key=key,
                label=cells.get("label", ""),
                parent=cells.get("parent_id"),
                position=int(cells.get("position", "0")),
                definition=cells.get("description", ""),
            )
        )

    record_columns = _Columns(
        spkg,
        "records.csv",
        {
            "record_id": DCTERMS.identifier,
            "title": DCTERMS.title,
            "year": DCTERMS.issued,
            "authors": URIRef(f"{spkg}authorsAsPrinted"),
        },
    )
    records = []
    for iri, facts in _facts(
        select("refiqda-records"), "record", record_columns, RECORD_COLUMNS
    ).items():
        key = next((text for column, text, _ in facts if column == "record_id"), "")
        records.append(RecordRow(iri, *_split(facts, listed("records.csv", key))))

    quote_columns = _Columns(spkg, "quotes.csv", {"kind": RDF.type})
    speaker_columns = _Columns(
        spkg, "quotes.csv#speaker", {"speaker_gender": URIRef(f"{spkg}speakerGender")}
    )
    speaker_columns.enums = quote_columns.enums
    rows = select("refiqda-quotes")
    links = {str(r["quote"]): (str(r["theme"]), str(r["record"])) for r in rows}
    said = _facts((r for r in rows if str(r["part"]) == "quote"), "quote", quote_columns)
    spoken = _facts((r for r in rows if str(r["part"]) == "speaker"), "quote", speaker_columns)
    quotes = []
    for iri, (theme, record) in links.items():
        key = _key(iri, str(minter.quote("")))
        facts = said.get(iri, []) + spoken.get(iri, [])
        cells, elsewhere = _split(facts, listed("quotes.csv", key))
        left_out.extend(f"quotes.csv {key} {column}" for column in elsewhere)
        quotes.append(
            QuoteRow(
                iri=iri,
                key=key,
                text=cells.pop("text", ""),
                theme=theme,
                record=record,
                position=int(cells.pop("position", "0")),
                cells=cells,
            )
        )
    logger.info(
        "%s: %d theme(s), %d record(s), %d quote(s)",
        review_id,
        len(themes),
        len(records),
        len(quotes),
    )
    return ReviewCoding(
        review_id,
        str(minter.review_iri()),
        themes,
        sorted(records, key=_record_order),
        sorted(quotes, key=lambda q: (q.position, q.key)),
        sorted(left_out),
    )


def _record_order(record: RecordRow) -> tuple[int, str]:
    number = record.cells.get("citation_number", "")
    return (int(number) if number.isdigit() else 1 << 30, record.key)
