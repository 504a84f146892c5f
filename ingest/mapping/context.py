"""What every mapping function shares: typed literals, graph placement and the origin index.

The reported graph holds what the review states; whatever the curator added goes to the
supplementary graph. The placement rules, general over files and columns:

- a cell listed in value_sources.csv is the curator's (read in a primary paper, inferred,
  computed);
- a cell of a column the data dictionary marks as derived from another (a speaker's age bounds
  read off the printed label) is the curator's reading;
- a curator's note (`spkg:curatorNote`) is never the review's words;
- a row whose every filled cell (its key aside) is listed is an entity the curator added (an
  exclusion criterion inferred as the complement of an inclusion one): its types and its links
  to the review and to other nodes go to the supplementary graph with its values.

Each node minted from a row is indexed to its (file, row), each predicate to the column it came
from and each triple to the cell it states (or, for types and links, the row whose entity it
structures), so a SHACL result or a contradiction with the ontology can be traced back to a
spreadsheet cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from ingest.iris import Minter, record_key
from ingest.mapping.concept_terms import concept_iri
from ingest.mapping.terms import COLUMN_TERMS, ENUM_INDIVIDUALS, Vocabulary, camel
from ingest.namespaces import PREFIXES, PROV, RDF, XSD
from ingest.readers import Cell, ReviewData, Row
from ingest.schema import Kind, file_schema

__all__ = ["Context", "Origin", "Stated"]

# Columns whose literal carries an English language tag (titles are prose in a language).
_ENGLISH = {("review.csv", "title"), ("records.csv", "title")}


@dataclass(frozen=True)
class Origin:
    """The spreadsheet row a node was minted from."""

    file: str
    row: int
    key: str


@dataclass(frozen=True)
class Stated:
    """Where a triple comes from: the cell it states, or (`column` "") the row whose entity it
    structures (the entity's types, its derivation from the review, its links to its parts)."""

    file: str
    row: int
    key: str
    column: str


# The records.csv columns a work's identity is taken from, in `record_key`'s order.
_IDENTITY_COLUMNS = ("doi", "pmid", "first_author", "year", "title")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


# A triple as the mapping states it.
Triple = tuple[Node, Node, Node]


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
    # record_id → the work's key (`doi/…`, `pmid/…`, `work/…`); study_id → the study's key
    record_keys: dict[str, str | None] = field(default_factory=dict)
    study_keys: dict[str, str] = field(default_factory=dict)
    # (file, row key text, column) → the node the cell's value is stated on
    cell_subjects: dict[tuple[str, str, str], URIRef] = field(default_factory=dict)
    # nodes of rows the curator added (every filled cell listed in value_sources.csv)
    curated: set[URIRef] = field(default_factory=set)
    # (graph IRI, triple) → the cell or row it was stated from
    trace: dict[tuple[URIRef, Triple], Stated] = field(default_factory=dict)
    # (scheme, concept_id) of every concept the review declares in concepts.csv
    declared_concepts: set[tuple[str, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        for row in self.data.rows("concepts.csv"):
            self.declared_concepts.add((str(row.get("scheme")), str(row.get("concept_id"))))
        for row in self.data.rows("records.csv"):
            # The work's identity, whoever supplied its DOI (value_sources.csv says who).
            key = record_key(*(_text(row.get(c)) for c in _IDENTITY_COLUMNS))
            self.record_keys[row.key[0]] = key
            self.record_iris[row.key[0]] = self.minter.record(row.key[0], key)
        for row in self.data.rows("studies.csv"):
            self.study_keys[row.key[0]] = self._study_key(row)
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
        """The IRI of a record of this review: the work, shared by every review including it."""
        return self.record_iris[record_id]

    def concept(self, scheme: str, key: str) -> URIRef:
        """The concept a concept cell's key names in an open scheme: the one the review
        declares in concepts.csv, else the one the ontology ships (`mapping.concept_terms`)."""
        return concept_iri(self.minter, self.spkg, self.vocab, self.declared_concepts, scheme, key)

    def shared_study(self, study_id: str) -> URIRef:
        """The study itself, shared by every review that includes it."""
        return self.minter.shared_study(self.study_keys[study_id])

    def _study_key(self, row: Row) -> str:
        """A study's identity: its `study_identity` cell (a DOI or PMID of a report of it), else
        the smallest key of the records reporting it in this review, else one scoped to the
        review (a study no record reports)."""
        stated = _text(row.get("study_identity"))
        if stated:
            digits = stated.isdigit()
            key = record_key(pmid=stated) if digits else record_key(doi=stated)
            if key:
                return key
        study_id = row.key[0]
        keys = [
            self.record_keys.get(r.key[0]) or f"review/{self.data.review_id}/{r.key[0]}"
            for r in self.data.rows("records.csv")
            if r.get("study_id") == study_id
        ]
        return min(keys) if keys else f"review/{self.data.review_id}/{study_id}"

    def term(self, name: str) -> URIRef:
        """An spkg local name, or a CURIE (`rdfs:label`) of a bound shared vocabulary."""
        if ":" in name:
            prefix, local = name.split(":", 1)
            return URIRef(PREFIXES[prefix] + local)
        return self.spkg[name]

    def add(self, s: Node, p: URIRef, o: Node) -> None:
        """A structural triple (a type, a link): reported, unless it types or links a node the
        curator added."""
        curated = s in self.curated or o in self.curated
        graph = self.supplementary if curated else self.reported
        self._put(graph, (s, p, o), self._structure_origin(s, o))

    def node(self, iri: URIRef, row: Row, *types: URIRef, main: bool = True) -> URIRef:
        """Register a node minted from `row`, type it and derive it from the review.

        A row the curator added makes its main node (and the parts minted after it from the same
        row, such as a study's sample) curated nodes, typed and linked in the supplementary graph.
        """
        self.origins.setdefault(iri, Origin(row.file, row.row, row.key_text))
        part_of_curated = self.row_nodes.get((row.file, row.key_text)) in self.curated
        if (main or part_of_curated) and self.row_is_curated(row):
            self.curated.add(iri)
        if main:
            self.row_nodes[(row.file, row.key_text)] = iri
            self.add(iri, PROV.wasDerivedFrom, self.review)
        for t in types:
            self.add(iri, RDF.type, t)
        return iri

    def row_is_curated(self, row: Row) -> bool:
        """Whether every filled cell of `row`, its key aside, is listed in value_sources.csv
        (and one is): the row is an entity the curator added, not one the review reports."""
        key = file_schema(row.file).key
        filled = [c for c, cell in row.cells.items() if c not in key and cell.value is not None]
        return bool(filled) and all(self.data.is_listed(row.file, row.key_text, c) for c in filled)

    def is_curators(self, row: Row, column: str, p: URIRef | None = None) -> bool:
        """Whether a cell's value is the curator's rather than the review's: listed in
        value_sources.csv, derived from another cell (the data dictionary says which), or a
        curator's note."""
        if p == self.spkg.curatorNote or self.data.is_listed(row.file, row.key_text, column):
            return True
        found = file_schema(row.file).by_name.get(column)
        return found is not None and found.derived_from is not None

    def cell(self, s: URIRef, p: URIRef, row: Row, column: str, objects: Iterable[Node]) -> None:
        """State the objects a cell gives, each in the graph its source calls for (always the
        supplementary one for a triple about a node the curator added)."""
        self.columns.setdefault((row.file, str(p)), column)
        self.column_terms.setdefault((row.file, column), p)
        self.cell_subjects.setdefault((row.file, row.key_text, column), s)
        for o in objects:
            self.state(s, p, o, row, column)

    def state(self, s: Node, p: URIRef, o: Node, row: Row, column: str) -> None:
        """State one triple a cell gives, placed and traced, without indexing the column (for a
        cell that gives several predicates, such as a list of authors)."""
        curated = self.is_curators(row, column, p) or s in self.curated or o in self.curated
        graph = self.supplementary if curated else self.reported
        self._put(graph, (s, p, o), Stated(row.file, row.row, row.key_text, column))

    def _put(self, graph: Graph, triple: Triple, stated: Stated) -> None:
        graph.add(triple)  # type: ignore[arg-type]
        self.trace.setdefault((graph.identifier, triple), stated)  # type: ignore[arg-type]

    def _structure_origin(self, s: Node, o: Node) -> Stated:
        """The row a structural triple belongs to: its subject's, or its object's when the
        subject is the review (the review's link to a part)."""
        origin = self.origins.get(URIRef(str(s))) if s != self.review else None
        if origin is None:
            origin = self.origins.get(URIRef(str(o))) or self.origins[self.review]
        return Stated(origin.file, origin.row, origin.key, "")

    def index_unfilled_columns(self) -> None:
        """Index the term of every mapped column that no row fills, so a SHACL result about a
        value missing from every row still names its column (`studies.csv:2:sample_size`)."""
        for table, terms in COLUMN_TERMS.items():
            file = table.split("#", 1)[0]
            for column, name in terms.items():
                self.columns.setdefault((file, str(self.term(name))), column)

    def literal_cells(
        self,
        s: URIRef,
        row: Row,
        table: str | None = None,
        where: Callable[[str], bool] | None = None,
    ) -> None:
        """State every plain-literal column of `row` that COLUMN_TERMS maps for `table` (those
        `where` accepts, when given: a row whose columns describe two nodes)."""
        for column, name in COLUMN_TERMS[table or row.file].items():
            cell = row.cells[column]
            if cell.value is None or (where is not None and not where(column)):
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
