"""The figures' models: pure steps from query rows to what a picture shows.

The PRISMA 2020 boxes, the theme tree and the evidence map, each for one review, from the rows
of the named queries `figure-prisma`, `figure-themes` and `evidence-map`; the drawing is
`api.figures.drawing`. The evidence map is drawn from the very rows `/api/evidence-map` returns
(the one query of that view, bound to the review's graphs as the route binds it), so the picture
and the API cannot count differently.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rdflib.term import Node

from api.exceptions import ServiceError
from api.rest.named import named_query

__all__ = [
    "FIGURES",
    "FIGURE_FORMATS",
    "FIGURE_QUERIES",
    "REVIEW_SCOPED",
    "EvidenceMap",
    "FlowBox",
    "ThemeNode",
    "UnknownFigureError",
    "evidence_map",
    "figure_query",
    "flatten",
    "flow_boxes",
    "theme_tree",
]

logger = logging.getLogger(__name__)

Rows = Sequence[Mapping[str, Node]]
FIGURES = ("prisma", "evidence-map", "themes")
FIGURE_FORMATS = ("svg", "png")


class UnknownFigureError(ServiceError, LookupError):
    """A figure name or format the service does not draw."""

    def __init__(self, name: str, fmt: str) -> None:
        super().__init__(f"no figure {name!r} as {fmt!r}")
        self.name = name
        self.fmt = fmt


# The named query behind each figure: its own `figure-<name>` over every review, or the query of
# the view it draws, run for one review (`REVIEW_SCOPED`).
FIGURE_QUERIES = {
    "prisma": "figure-prisma",
    "themes": "figure-themes",
    "evidence-map": "evidence-map",
}
REVIEW_SCOPED = frozenset({"evidence-map"})


def figure_query(name: str, base: str) -> str:
    """The SELECT behind figure `name` (see FIGURE_QUERIES)."""
    if name not in FIGURES:
        raise UnknownFigureError(name, "query")
    return named_query(FIGURE_QUERIES[name], base).text


# PRISMA 2020 stages: (local name of the spkg:FlowStage individual, heading, column).
STAGES: tuple[tuple[str, str, int], ...] = (
    ("Identified", "Records identified", 0),
    ("DuplicatesRemoved", "Duplicates removed", 1),
    ("Screened", "Records screened", 0),
    ("ExcludedAtScreening", "Excluded at screening", 1),
    ("FullTextAssessed", "Full texts assessed for eligibility", 0),
    ("ExcludedAtFullText", "Excluded at full text", 1),
    ("Included", "Included in the synthesis", 0),
)
_LITERATURE = {
    "AllLiterature": "",
    "PeerReviewedLiterature": "peer-reviewed ",
    "GreyLiterature": "grey ",
}
_UNIT = {"RecordsUnit": "records", "StudiesUnit": "studies"}


def _local(node: Node | None) -> str:
    text = "" if node is None else str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class FlowBox:
    """One PRISMA box: its stage heading, column, and the counts stated for that stage."""

    stage: str
    heading: str
    column: int
    lines: tuple[str, ...]


def flow_boxes(rows: Rows, review: str) -> list[FlowBox]:
    """PRISMA boxes for `review`, every stage present (a stage with no count says so)."""
    by_stage: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if str(row.get("review")) != review:
            continue
        literature = _LITERATURE.get(_local(row.get("literature")), "")
        unit = _UNIT.get(_local(row.get("unit")), "records")
        source = f" from {row['source']}" if row.get("source") is not None else ""
        by_stage[_local(row.get("stage"))].append(f"{literature}{unit}{source}: n = {row['count']}")
    return [
        FlowBox(stage, heading, column, tuple(sorted(by_stage.get(stage, []))))
        for stage, heading, column in STAGES
    ]


@dataclass
class ThemeNode:
    """A theme with its counts and its subthemes, in the review's order."""

    iri: str
    label: str
    position: int
    records: int
    quotes: int
    children: list[ThemeNode] = field(default_factory=list)


def theme_tree(rows: Rows, review: str) -> list[ThemeNode]:
    """The top themes of `review`, each with its subthemes, ordered by position."""
    nodes: dict[str, ThemeNode] = {}
    parents: dict[str, str] = {}
    for row in rows:
        if str(row.get("review")) != review:
            continue
        iri = str(row["theme"])
        position = row.get("position")
        nodes[iri] = ThemeNode(
            iri,
            str(row["label"]),
            int(str(position)) if position is not None else 0,
            int(str(row.get("records", 0))),
            int(str(row.get("quotes", 0))),
        )
        if row.get("parent") is not None:
            parents[iri] = str(row["parent"])
    return _assemble(nodes, parents)


def _assemble(nodes: dict[str, ThemeNode], parents: dict[str, str]) -> list[ThemeNode]:
    """The nodes as a forest: each under its parent (a root when the parent is not among them)."""
    roots: list[ThemeNode] = []
    for iri, node in nodes.items():
        parent = nodes.get(parents.get(iri, ""))
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.position, n.label))
    return sorted(roots, key=lambda n: (n.position, n.label))


@dataclass(frozen=True)
class EvidenceMap:
    """Themes (rows, hierarchy order) × intervention types (columns) → number of studies."""

    themes: tuple[str, ...]  # row labels, subthemes indented
    types: tuple[str, ...]  # column labels
    studies: dict[tuple[int, int], int]
    theme_iris: tuple[str, ...] = ()
    type_iris: tuple[str, ...] = ()

    def cells(self) -> dict[tuple[str, str], int]:
        """(theme IRI, intervention type IRI) → studies, as /api/evidence-map names its cells."""
        return {(self.theme_iris[r], self.type_iris[c]): n for (r, c), n in self.studies.items()}


def flatten(tree: list[ThemeNode], depth: int = 0) -> list[tuple[ThemeNode, int]]:
    out: list[tuple[ThemeNode, int]] = []
    for node in tree:
        out.append((node, depth))
        out.extend(flatten(node.children, depth + 1))
    return out


def evidence_map(rows: Rows) -> EvidenceMap:
    """The evidence map from one review's `evidence-map` rows (those /api/evidence-map returns):
    the themes with cells in the review's order, each subtheme under its theme; the types by
    label; each cell the studies linking them (a theme counting its subthemes)."""
    nodes: dict[str, ThemeNode] = {}
    parents: dict[str, str] = {}
    types: dict[str, str] = {}
    for row in rows:
        iri, position = str(row["theme"]), row.get("position")
        label = row.get("themeLabel")
        nodes.setdefault(
            iri,
            ThemeNode(
                iri,
                str(label) if label is not None else _local(row["theme"]),
                int(str(position)) if position is not None else 0,
                0,
                0,
            ),
        )
        if row.get("parent") is not None:
            parents[iri] = str(row["parent"])
        kind = str(row["type"])
        type_label = row.get("typeLabel")
        types.setdefault(kind, str(type_label) if type_label is not None else _local(row["type"]))
    order = flatten(_assemble(nodes, parents))
    index = {node.iri: i for i, (node, _) in enumerate(order)}
    type_iris = tuple(sorted(types, key=lambda k: (types[k], k)))
    column = {k: i for i, k in enumerate(type_iris)}
    studies = {
        (index[str(r["theme"])], column[str(r["type"])]): int(str(r["studies"])) for r in rows
    }
    labels = tuple(
        ("\u2003" * depth + "\u2013 " if depth else "") + node.label for node, depth in order
    )
    return EvidenceMap(
        labels,
        tuple(types[k] for k in type_iris),
        studies,
        tuple(node.iri for node, _ in order),
        type_iris,
    )
