"""Cross-review theme alignments: a curator's SSSOM-style mapping file, read, checked and mapped
into a graph of its own, `<base>graph/alignments`.

The file is `<data>/alignments/themes.sssom.tsv` (`ALIGNMENTS_FOLDER` is never a review folder:
`ingest.readers.find_reviews` skips it). Tab-separated, an optional SSSOM metadata block of
`#` lines first, then a header row with the columns of `COLUMNS`. A theme is named
`review_id/theme_id`. Every problem is a located `DataFileError` (file, line, column), all of a
file collected before failing:

- unknown review or theme keys, predicates outside `PREDICATES`, justifications outside
  `JUSTIFICATIONS`, dates that are not `YYYY-MM-DD`, a missing required cell;
- an alignment of a theme with itself, or of two themes of the same review (a review's own
  hierarchy is `skos:broader`; an alignment says two reviews found the same or a related thing);
- the same (subject, predicate, object) twice.

The graph holds each alignment twice over: the SKOS triple itself (`subject skos:exactMatch
object`, what a SKOS-aware client queries) and a mapping node (`sssom:Mapping`, reified as an
`owl:Axiom` the way SSSOM's RDF form does) with its justification, curator
(`prov:wasAttributedTo`), date (`dcterms:date`) and comment. The mapping set carries the file's
SHA-256 (`spdx:checksum`), so an ingest writes the graph only when the file changed, in one
`replace_graphs` call (atomic); a data folder without the file drops the graph.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef

from ingest.errors import DataFileError, DataFilesError
from ingest.iris import (
    KEY_PATTERN,
    Minter,
    alignment_iri,
    alignment_set_iri,
    alignments_graph_iri,
)
from ingest.namespaces import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, SPDX, XSD
from ingest.store import Store

__all__ = [
    "ALIGNMENTS_FILE",
    "ALIGNMENTS_FOLDER",
    "COLUMNS",
    "JUSTIFICATIONS",
    "PREDICATES",
    "SEMAPV",
    "SSSOM",
    "Alignment",
    "AlignmentSet",
    "alignments_graph",
    "alignments_path",
    "alignments_without",
    "read_alignments",
    "review_themes",
    "stored_checksum",
    "write_alignments",
]

logger = logging.getLogger(__name__)

ALIGNMENTS_FOLDER = "alignments"
ALIGNMENTS_FILE = "themes.sssom.tsv"
SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
ORCID = "https://orcid.org/"

# The file's columns, in order; all required but `comment`.
COLUMNS = (
    "subject_id",
    "predicate_id",
    "object_id",
    "author_id",
    "mapping_justification",
    "mapping_date",
    "comment",
)
OPTIONAL = frozenset({"comment"})
# The SKOS mapping properties an alignment may state (CURIE as written → property).
PREDICATES: dict[str, URIRef] = {
    f"skos:{name}": SKOS[name]
    for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
}
# SEMAPV's mapping justifications (https://w3id.org/semapv/vocab/), written `semapv:<name>`.
JUSTIFICATIONS = frozenset(
    {
        "ManualMappingCuration",
        "LexicalMatching",
        "LogicalReasoning",
        "CompositeMatching",
        "UnspecifiedMatching",
        "SemanticSimilarityThresholdMatching",
        "LexicalSimilarityThresholdMatching",
        "MappingChaining",
        "MappingReview",
        "MappingInversion",
        "StructuralMatching",
        "BackgroundKnowledgeBasedMatching",
        "InstanceBasedMatching",
    }
)
_ORCID = re.compile(r"(?:orcid:|https://orcid\.org/)(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

ThemeKey = tuple[str, str]


@dataclass(frozen=True)
class Alignment:
    """One row: `subject` `predicate` `object` (themes as (review, theme) keys), by whom, why."""

    line: int
    subject: ThemeKey
    predicate: str  # the CURIE, a key of PREDICATES
    object: ThemeKey
    author: str
    justification: str  # a member of JUSTIFICATIONS
    date: date
    comment: str | None


@dataclass(frozen=True)
class AlignmentSet:
    """The file's alignments, in file order, and the SHA-256 of its bytes."""

    path: Path
    sha256: str
    alignments: tuple[Alignment, ...]


def alignments_path(data_dir: Path) -> Path:
    """Where a data folder keeps its alignments file (it may not exist)."""
    return data_dir / ALIGNMENTS_FOLDER / ALIGNMENTS_FILE


def review_themes(folders: list[Path]) -> dict[str, set[str]]:
    """review_id → its theme_ids, from each folder's review.csv and themes.csv (the keys an
    alignment may name; the files' other checks are the review reader's)."""
    found: dict[str, set[str]] = {}
    for folder in folders:
        review = _column(folder / "review.csv", "review_id")
        if review:
            found[review[0]] = set(_column(folder / "themes.csv", "theme_id"))
    return found


def _column(path: Path, name: str) -> list[str]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row[name].strip() for row in csv.DictReader(handle) if row.get(name)]


def read_alignments(path: Path, themes: Mapping[str, set[str]]) -> AlignmentSet:
    """Read and check the file against the reviews' theme keys; `DataFilesError` with every
    located problem."""
    try:
        content = path.read_bytes()
        text = content.decode("utf-8-sig")
    except OSError as exc:
        raise DataFilesError([DataFileError(path, 0, "", f"cannot be read: {exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise DataFilesError([DataFileError(path, 0, "", "not UTF-8")]) from exc
    errors: list[DataFileError] = []
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    rows = list(csv.reader(io.StringIO("\n".join(lines[start:])), delimiter="\t"))
    if not rows:
        raise DataFilesError([DataFileError(path, start + 1, "", "no header row")])
    header = [cell.strip() for cell in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        what = "; ".join(
            part
            for part in (
                f"missing column(s) {', '.join(missing)}" if missing else "",
                f"unknown column(s) {', '.join(unknown)}" if unknown else "",
            )
            if part
        )
        raise DataFilesError([DataFileError(path, start + 1, "", what)])
    found: list[Alignment] = []
    seen: dict[tuple[ThemeKey, str, ThemeKey], int] = {}
    for offset, cells in enumerate(rows[1:], start=2):
        line = start + offset
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(
                DataFileError(path, line, "", f"{len(cells)} cells, the header has {len(header)}")
            )
            continue
        row = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
        item = _alignment(path, line, row, themes, errors)
        if item is None:
            continue
        key = (item.subject, item.predicate, item.object)
        if key in seen:
            errors.append(
                DataFileError(path, line, "object_id", f"repeats the alignment of line {seen[key]}")
            )
            continue
        seen[key] = line
        found.append(item)
    if errors:
        raise DataFilesError(errors)
    return AlignmentSet(path, hashlib.sha256(content).hexdigest(), tuple(found))


def _alignment(
    path: Path,
    line: int,
    row: dict[str, str],
    themes: Mapping[str, set[str]],
    errors: list[DataFileError],
) -> Alignment | None:
    """One row as an Alignment, or None after adding its problems to `errors`."""
    before = len(errors)

    def fail(column: str, message: str) -> None:
        errors.append(DataFileError(path, line, column, message))

    for name in COLUMNS:
        if name not in OPTIONAL and not row[name]:
            fail(name, "required")
    subject = _theme(row["subject_id"], themes, "subject_id", fail)
    obj = _theme(row["object_id"], themes, "object_id", fail)
    if row["predicate_id"] and row["predicate_id"] not in PREDICATES:
        fail("predicate_id", f"{row['predicate_id']!r} is not one of {', '.join(PREDICATES)}")
    justification = row["mapping_justification"].removeprefix("semapv:")
    if row["mapping_justification"] and (
        not row["mapping_justification"].startswith("semapv:")
        or justification not in JUSTIFICATIONS
    ):
        fail("mapping_justification", f"{row['mapping_justification']!r} is not a semapv: term")
    when = None
    if row["mapping_date"]:
        try:
            if not _DATE.fullmatch(row["mapping_date"]):
                raise ValueError(row["mapping_date"])
            when = date.fromisoformat(row["mapping_date"])
        except ValueError:
            fail("mapping_date", f"{row['mapping_date']!r} is not a date YYYY-MM-DD")
    if subject and obj:
        if subject == obj:
            fail("object_id", "a theme is not aligned with itself")
        elif subject[0] == obj[0]:
            fail("object_id", f"both themes are in review {subject[0]!r}; align across reviews")
    if len(errors) > before or subject is None or obj is None or when is None:
        return None
    return Alignment(
        line,
        subject,
        row["predicate_id"],
        obj,
        row["author_id"],
        justification,
        when,
        row["comment"] or None,
    )


def _theme(
    value: str, themes: Mapping[str, set[str]], column: str, fail: Callable[[str, str], None]
) -> ThemeKey | None:
    """`review_id/theme_id` as a key pair, if both are known."""
    if not value:
        return None
    review, _, theme = value.partition("/")
    if not (KEY_PATTERN.fullmatch(review) and KEY_PATTERN.fullmatch(theme)):
        fail(column, f"{value!r} is not review_id/theme_id")
        return None
    if review not in themes:
        fail(column, f"no review {review!r} in the data folder")
        return None
    if theme not in themes[review]:
        fail(column, f"review {review!r} has no theme {theme!r}")
        return None
    return review, theme


def _agent(g: Graph, author: str, agents: dict[str, URIRef | BNode]) -> URIRef | BNode:
    """The curator: an ORCID IRI when the cell names one, else a node with the name."""
    if author in agents:
        return agents[author]
    orcid = _ORCID.fullmatch(author)
    node: URIRef | BNode = URIRef(ORCID + orcid.group(1)) if orcid else BNode()
    g.add((node, RDF.type, PROV.Agent))
    if not orcid:
        g.add((node, FOAF.name, Literal(author)))
    agents[author] = node
    return node


def alignments_graph(aset: AlignmentSet, base: str) -> Graph:
    """The graph `<base>graph/alignments` (pure: the same file gives the same triples)."""
    g = Graph(identifier=alignments_graph_iri(base))
    g.bind("sssom", SSSOM)
    g.bind("semapv", SEMAPV)
    mapping_set = alignment_set_iri(base)
    checksum = BNode()
    g.add((mapping_set, RDF.type, SSSOM.MappingSet))
    g.add((mapping_set, RDF.type, PROV.Entity))
    g.add((mapping_set, DCTERMS.title, Literal("Cross-review theme alignments", lang="en")))
    g.add((mapping_set, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(aset.sha256, datatype=XSD.hexBinary)))
    agents: dict[str, URIRef | BNode] = {}
    for item in aset.alignments:
        subject = Minter(item.subject[0], base).theme(item.subject[1])
        obj = Minter(item.object[0], base).theme(item.object[1])
        predicate = PREDICATES[item.predicate]
        local = item.predicate.removeprefix("skos:")
        node = alignment_iri(base, item.subject, local, item.object)
        curator = _agent(g, item.author, agents)
        g.add((subject, predicate, obj))
        g.add((node, RDF.type, SSSOM.Mapping))
        g.add((node, RDF.type, OWL.Axiom))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, OWL.annotatedSource, subject))
        g.add((node, OWL.annotatedProperty, predicate))
        g.add((node, OWL.annotatedTarget, obj))
        g.add((node, SSSOM.mapping_justification, SEMAPV[item.justification]))
        g.add((node, PROV.wasAttributedTo, curator))
        g.add((node, DCTERMS.date, Literal(item.date.isoformat(), datatype=XSD.date)))
        g.add((node, DCTERMS.isPartOf, mapping_set))
        if item.comment:
            g.add((node, RDFS.comment, Literal(item.comment)))
        g.add((mapping_set, PROV.wasAttributedTo, curator))
    return g


_CHECKSUM = (
    "SELECT ?g ?set ?value WHERE { GRAPH ?g { ?set <"
    + str(SPDX.checksum)
    + "> ?c . ?c <"
    + str(SPDX.checksumValue)
    + "> ?value } }"
)


def alignments_without(store: Store, review_ids: list[str], base: str) -> Graph | None:
    """The stored alignments graph less every alignment naming a theme of one of `review_ids`,
    or None when none does.

    `spkg remove` writes it in the same transaction as it drops the reviews' graphs, so no
    alignment is left pointing at a theme that is gone. The file's checksum goes too: the graph
    is no longer the file's, so the next ingest of the data folder writes it again from the file.
    """
    graph_iri = alignments_graph_iri(base)
    stored = store.construct(
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph_iri}
    )
    prefixes = tuple(str(Minter(r, base).theme("")) for r in review_ids)

    def gone(term: object) -> bool:
        return isinstance(term, URIRef) and str(term).startswith(prefixes)

    nodes = {
        s
        for p in (OWL.annotatedSource, OWL.annotatedTarget)
        for s, o in stored.subject_objects(p)
        if gone(o)
    }
    if not nodes:
        return None
    checksums = set(stored.objects(alignment_set_iri(base), SPDX.checksum))
    graph = Graph(identifier=graph_iri)
    for s, p, o in stored:
        if s in nodes or s in checksums or p == SPDX.checksum or gone(s) or gone(o):
            continue
        graph.add((s, p, o))
    return graph


def stored_checksum(store: Store, base: str) -> str | None:
    """The SHA-256 of the alignments file the store's graph was written from, if any."""
    rows = store.select(
        _CHECKSUM, {"g": alignments_graph_iri(base), "set": alignment_set_iri(base)}
    )
    return next((str(r["value"]) for r in rows if "value" in r), None)


def write_alignments(
    store: Store, aset: AlignmentSet | None, base: str, force: bool = False
) -> bool:
    """Replace the alignments graph when the file changed (drop it when there is no file);
    True if the store was written."""
    stored = stored_checksum(store, base)
    iri = str(alignments_graph_iri(base))
    if aset is None:
        if stored is None:
            return False
        store.replace_graphs({iri: Graph(identifier=URIRef(iri))})
        logger.info("alignments graph dropped (no alignments file)")
        return True
    if not force and stored == aset.sha256:
        logger.info("alignments unchanged (%s)", aset.sha256[:12])
        return False
    graph = alignments_graph(aset, base)
    store.replace_graphs({iri: graph})
    logger.info("alignments graph written (%d alignments)", len(aset.alignments))
    return True
