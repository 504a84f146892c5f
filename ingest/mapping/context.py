"""What every mapping function shares: typed literals, graph placement and the origin index.

A cell listed in value_sources.csv goes to the supplementary graph, everything else to the
reported graph. Each node minted from a row is indexed to its (file, row), and each predicate
to the column it came from, so a SHACL result can be traced back to a spreadsheet cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from ingest.iris import Minter
from ingest.mapping.terms import COLUMN_TERMS, ENUM_INDIVIDUALS, Vocabulary, camel
from ingest.namespaces import PREFIXES, PROV, RDF, XSD
from ingest.readers import Cell, ReviewData, Row
from ingest.schema import Kind, file_schema

__all__ = ["Context", "Origin"]

# Columns whose literal carries an English language tag (titles are prose in a language).
_ENGLISH = {("review.csv", "title"), ("records.csv", "title")}


@dataclass(frozen=True)
class Origin:
    """The spreadsheet row a node was minted from."""

    file: str
    row: int
    key: str


@dataclass
class Context:
    """The review being mapped, the two graphs it fills and the index back to the CSV files."""

    data: ReviewData
    minter: Minter
    spkg: Namespace
    vocab: Vocabulary
    reported: Graph = field(init=False)
    supplementary: Graph = field(init=False)
    origins: dict[URIRef, Origin] = field(default_factory=dict)
    # (file, predicate IRI) → column name
    columns: dict[tuple[str, str], str] = field(default_factory=dict)
    # (file, row key text) → the row's main node; (file, column) → the column's main predicate
    row_nodes: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    column_terms: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    record_iris: dict[str, URIRef] = field(default_factory=dict)
    # (file, row key text, column) → the node the cell's value is stated on
    cell_subjects: dict[tuple[str, str, str], URIRef] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for row in self.data.rows("records.csv"):
            # A DOI is certain when present and not listed as coming from elsewhere.
            doi = row.get("doi")
            listed = self.data.is_listed(row.file, row.key_text, "doi")
            certain = doi if isinstance(doi, str) and not listed else None
            self.record_iris[row.key[0]] = self.minter.record(row.key[0], certain)
        self.reported = Graph(identifier=self.minter.graph("reported"))
        self.supplementary = Graph(identifier=self.minter.graph("supplementary"))
        for graph in (self.reported, self.supplementary):
            for prefix, ns in PREFIXES.items():
                graph.bind(prefix, ns)
            graph.bind("spkg", self.spkg)
            graph.bind("spkgid", f"{self.minter.base}id/")

    @property
    def review(self) -> URIRef:
        return self.minter.review_iri()

    def record(self, record_id: str) -> URIRef:
        """The IRI of a record of this review (by DOI when certain)."""
        return self.record_iris[record_id]

    def term(self, name: str) -> URIRef:
        """An spkg local name, or a CURIE (`rdfs:label`) of a bound shared vocabulary."""
        if ":" in name:
            prefix, local = name.split(":", 1)
            return URIRef(PREFIXES[prefix] + local)
        return self.spkg[name]

    def add(self, s: Node, p: URIRef, o: Node) -> None:
        """A structural triple (types, links): what the review itself reports."""
        self.reported.add((s, p, o))

    def node(self, iri: URIRef, row: Row, *types: URIRef, main: bool = True) -> URIRef:
        """Register a node minted from `row`, type it and derive it from the review."""
        self.origins.setdefault(iri, Origin(row.file, row.row, row.key_text))
        if main:
            self.row_nodes[(row.file, row.key_text)] = iri
            self.add(iri, PROV.wasDerivedFrom, self.review)
        for t in types:
            self.add(iri, RDF.type, t)
        return iri

    def graph_for(self, row: Row, column: str) -> Graph:
        """Supplementary when value_sources.csv lists the cell, else reported."""
        listed = self.data.is_listed(row.file, row.key_text, column)
        return self.supplementary if listed else self.reported

    def cell(self, s: URIRef, p: URIRef, row: Row, column: str, objects: Iterable[Node]) -> None:
        """State the objects a cell gives, in the graph its source calls for."""
        graph = self.graph_for(row, column)
        self.columns.setdefault((row.file, str(p)), column)
        self.column_terms.setdefault((row.file, column), p)
        self.cell_subjects.setdefault((row.file, row.key_text, column), s)
        for o in objects:
            graph.add((s, p, o))

    def index_unfilled_columns(self) -> None:
        """Index the term of every mapped column that no row fills, so a SHACL result about a
        value missing from every row still names its column (`studies.csv:2:sample_size`)."""
        for table, terms in COLUMN_TERMS.items():
            file = table.split("#", 1)[0]
            for column, name in terms.items():
                self.columns.setdefault((file, str(self.term(name))), column)

    def literal_cells(self, s: URIRef, row: Row, table: str | None = None) -> None:
        """State every plain-literal column of `row` that COLUMN_TERMS maps for `table`."""
        for column, name in COLUMN_TERMS[table or row.file].items():
            cell = row.cells[column]
            if cell.value is None:
                continue
            p = self.term(name)
            if self.vocab.takes_individual(p) and isinstance(cell.value, str):
                self.link(s, p, row, column, self.individual(row, column, p))
            else:
                self.cell(s, p, row, column, literals(cell))

    def individual(self, row: Row, column: str, predicate: URIRef | None = None) -> URIRef | None:
        """The ontology individual an enum cell names (`spkg:SelfReport`), None when empty.

        Looked up by `skos:notation` in the range of `predicate`; a value the ontology does not
        know falls back to its camel-cased local name, which SHACL then reports."""
        value = row.get(column)
        if value is None:
            return None
        if predicate is not None:
            found = self.vocab.individual(predicate, str(value))
            if found is not None:
                return found
        names = ENUM_INDIVIDUALS.get((row.file, column), {})
        return self.spkg[names.get(str(value), camel(str(value)))]

    def link(self, s: URIRef, p: URIRef, row: Row, column: str, o: Node | None) -> None:
        """A link or individual a cell names (placed like any other cell)."""
        if o is not None:
            self.cell(s, p, row, column, [o])


def literals(cell: Cell) -> list[Literal]:
    """The typed literal(s) of a cell: one per list item, xsd types per the schema kind."""
    value = cell.value
    if value is None:
        return []
    kind = file_schema(cell.file).by_name[cell.column].kind
    if isinstance(value, tuple):
        return [Literal(v) for v in value]
    if kind is Kind.BOOLEAN:
        return [Literal(bool(value), datatype=XSD.boolean)]
    if kind is Kind.INTEGER:
        return [Literal(int(value), datatype=XSD.integer)]
    if kind is Kind.DECIMAL:
        return [Literal(value, datatype=XSD.decimal)]
    if kind is Kind.YEAR:
        return [Literal(str(value), datatype=XSD.gYear)]
    if kind is Kind.YEAR_MONTH:
        text = str(value)
        return [Literal(text, datatype=XSD.gYearMonth if "-" in text else XSD.gYear)]
    if (cell.file, cell.column) in _ENGLISH:
        return [Literal(str(value), lang="en")]
    return [Literal(str(value))]
