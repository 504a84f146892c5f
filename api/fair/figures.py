"""Pictures drawn from the graph: the PRISMA 2020 flow, the evidence map and the theme tree.

Each figure is a query (a function of the base IRI, no user input in it), a pure step from rows
to a small model, and a matplotlib drawing of that model. matplotlib is used without pyplot (no
global state, safe in threads) and imported only when a figure is drawn. SVG output is made
reproducible (fixed hash salt, no date, text kept as text), so the same data gives the same
bytes and a test can read the labels and numbers in it.
"""

from __future__ import annotations

import io
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rdflib.term import Node

from api.fair.errors import UnknownFigure
from ingest.namespaces import PROV, RDFS, SKOS

__all__ = [
    "FIGURES",
    "EvidenceMap",
    "FlowBox",
    "ThemeNode",
    "draw",
    "evidence_map",
    "figure_query",
    "flow_boxes",
    "theme_tree",
]

logger = logging.getLogger(__name__)

Rows = Sequence[Mapping[str, Node]]
FIGURES = ("prisma", "evidence-map", "themes")
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}

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


def figure_query(name: str, base: str) -> str:
    """The SELECT behind figure `name`."""
    spkg = f"{base}ontology#"
    if name == "prisma":
        return f"""
SELECT ?review ?flow ?stage ?count ?unit ?literature ?source ?note WHERE {{
  ?flow a <{spkg}FlowCount> ; <{PROV.wasDerivedFrom}> ?review ;
        <{spkg}flowStage> ?stage ; <{spkg}count> ?count .
  OPTIONAL {{ ?flow <{spkg}countedUnit> ?unit }}
  OPTIONAL {{ ?flow <{spkg}literature> ?literature }}
  OPTIONAL {{ ?flow <{spkg}fromSource>/<{RDFS.label}> ?source }}
  OPTIONAL {{ ?flow <{RDFS.comment}> ?note }}
}} ORDER BY ?review ?flow"""
    if name == "themes":
        return f"""
SELECT ?review ?theme ?label ?position ?parent
       (COUNT(DISTINCT ?record) AS ?records) (COUNT(DISTINCT ?quote) AS ?quotes) WHERE {{
  ?theme a <{SKOS.Concept}> ; <{SKOS.inScheme}> ?scheme ; <{SKOS.prefLabel}> ?label .
  ?scheme <{PROV.wasDerivedFrom}> ?review .
  OPTIONAL {{ ?theme <{spkg}position> ?position }}
  OPTIONAL {{ ?theme <{SKOS.broader}> ?parent }}
  OPTIONAL {{ ?theme <{spkg}supportedBy> ?record }}
  OPTIONAL {{ ?quote <{spkg}illustratesTheme> ?theme }}
}} GROUP BY ?review ?theme ?label ?position ?parent ORDER BY ?review ?theme"""
    if name == "evidence-map":
        return f"""
SELECT ?review ?theme ?type (COUNT(DISTINCT ?study) AS ?studies) WHERE {{
  ?theme a <{SKOS.Concept}> ; <{SKOS.inScheme}> ?scheme .
  ?scheme <{PROV.wasDerivedFrom}> ?review .
  {{ ?theme <{spkg}supportedBy> ?record }}
  UNION {{ ?quote <{spkg}illustratesTheme> ?theme ; <{spkg}quotedFrom> ?record }}
  ?record <{spkg}reportsStudy> ?study .
  ?study <{PROV.wasDerivedFrom}> ?review .
  OPTIONAL {{ ?study <{spkg}evaluates>/<{spkg}interventionType>/<{SKOS.prefLabel}> ?type }}
}} GROUP BY ?review ?theme ?type ORDER BY ?review ?theme ?type"""
    raise UnknownFigure(name, "query")


# --- models ------------------------------------------------------------------------------------


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

    themes: tuple[str, ...]
    types: tuple[str, ...]
    studies: dict[tuple[int, int], int]


def _flatten(tree: list[ThemeNode], depth: int = 0) -> list[tuple[ThemeNode, int]]:
    out: list[tuple[ThemeNode, int]] = []
    for node in tree:
        out.append((node, depth))
        out.extend(_flatten(node.children, depth + 1))
    return out


def evidence_map(map_rows: Rows, theme_rows: Rows, review: str) -> EvidenceMap:
    """The evidence map of `review`; a study whose intervention has no type is 'type not stated'."""
    order = _flatten(theme_tree(theme_rows, review))
    index = {node.iri: i for i, (node, _) in enumerate(order)}
    labels = tuple(
        ("\u2003" * depth + "\u2013 " if depth else "") + node.label for node, depth in order
    )
    cells: dict[tuple[str, str], int] = {}
    for row in map_rows:
        if str(row.get("review")) != review or str(row["theme"]) not in index:
            continue
        kind = str(row["type"]) if row.get("type") is not None else "type not stated"
        cells[(str(row["theme"]), kind)] = int(str(row["studies"]))
    types = tuple(sorted({kind for _, kind in cells}, key=lambda k: (k == "type not stated", k)))
    studies = {(index[t], types.index(k)): n for (t, k), n in cells.items()}
    return EvidenceMap(labels, types, studies)


# --- drawing -----------------------------------------------------------------------------------


def _render(fig: object, fmt: str) -> bytes:
    import matplotlib

    out = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "spkg", "svg.fonttype": "none"}):
        metadata = {"Date": None} if fmt == "svg" else {}
        fig.savefig(out, format=fmt, metadata=metadata, dpi=110, bbox_inches="tight")  # type: ignore[attr-defined]
    return out.getvalue()


def _draw_prisma(boxes: list[FlowBox], title: str) -> object:
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    fig = Figure(figsize=(9, 8.5))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.axis("off")
    ax.text(5, 9.7, title, ha="center", va="center", fontsize=11, wrap=True)
    main = [b for b in boxes if b.column == 0]
    side = {b.stage: b for b in boxes if b.column == 1}
    pairs = {
        "Identified": "DuplicatesRemoved",
        "Screened": "ExcludedAtScreening",
        "FullTextAssessed": "ExcludedAtFullText",
    }
    step = 8.6 / len(main)
    for i, box in enumerate(main):
        y = 8.9 - i * step - step * 0.75
        _box(ax, FancyBboxPatch, 0.5, y, 4.6, step * 0.7, box)
        if i + 1 < len(main):
            ax.annotate(
                "",
                xy=(2.8, y - step * 0.3),
                xytext=(2.8, y),
                arrowprops={"arrowstyle": "->", "color": "#333"},
            )
        if box.stage in pairs:
            other = side[pairs[box.stage]]
            _box(ax, FancyBboxPatch, 6.0, y + step * 0.1, 3.6, step * 0.5, other)
            ax.annotate(
                "",
                xy=(6.0, y + step * 0.35),
                xytext=(5.1, y + step * 0.35),
                arrowprops={"arrowstyle": "->", "color": "#333"},
            )
    return fig


def _box(ax: object, patch: type, x: float, y: float, w: float, h: float, box: FlowBox) -> None:
    stated = bool(box.lines)
    ax.add_patch(
        patch(
            (x, y),
            w,
            h,
            boxstyle="round,pad=0.05",  # type: ignore[attr-defined]
            facecolor="#eef4fb" if stated else "#f4f4f4",
            edgecolor="#2b5d8a" if stated else "#999",
            linestyle="-" if stated else "--",
        )
    )
    lines = list(box.lines) or ["not reported by the review"]
    text = box.heading + "\n" + "\n".join(lines)
    ax.text(
        x + w / 2,
        y + h / 2,
        text,
        ha="center",
        va="center",
        fontsize=8.5,  # type: ignore[attr-defined]
        color="#111" if stated else "#777",
    )


def _draw_evidence_map(emap: EvidenceMap, title: str) -> object:
    from matplotlib.figure import Figure

    rows, cols = max(len(emap.themes), 1), max(len(emap.types), 1)
    fig = Figure(figsize=(2.4 + 1.3 * cols + 3, 1.2 + 0.55 * rows))
    ax = fig.add_subplot()
    biggest = max(emap.studies.values(), default=1)
    for (r, c), n in sorted(emap.studies.items()):
        ax.scatter([c], [r], s=120 + 1400 * n / biggest, color="#2b7bb9", alpha=0.55, linewidth=0)
        ax.text(c, r, str(n), ha="center", va="center", fontsize=9, color="#0b2540")
    ax.set_xticks(range(len(emap.types)), list(emap.types), rotation=30, ha="right", fontsize=8.5)
    ax.set_yticks(range(len(emap.themes)), list(emap.themes), fontsize=8.5)
    ax.set_xlim(-0.7, cols - 0.3)
    ax.set_ylim(rows - 0.4, -0.6)
    ax.grid(color="#ddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(f"{title}\nnumber of studies per theme and intervention type", fontsize=10)
    return fig


def _draw_themes(tree: list[ThemeNode], title: str) -> object:
    from matplotlib.figure import Figure

    flat = _flatten(tree)
    fig = Figure(figsize=(10, 1.0 + 0.45 * max(len(flat), 1)))
    ax = fig.add_axes((0, 0, 1, 1))
    height = len(flat) + 1.5
    ax.set_xlim(0, 10)
    ax.set_ylim(height, 0)
    ax.axis("off")
    ax.text(0.2, 0.6, title, fontsize=10, fontweight="bold", va="center")
    last_top = 1.0
    for i, (node, depth) in enumerate(flat):
        y = i + 1.6
        x = 0.5 + depth * 0.6
        ax.plot(
            [x - 0.3, x - 0.3, x - 0.05],
            [last_top if depth else 0.9, y, y],
            color="#888",
            linewidth=0.8,
        )
        if depth == 0:
            last_top = y
        counts = f"{node.records} records, {node.quotes} quotes"
        weight = "bold" if depth == 0 else "normal"
        ax.text(x, y, node.label, fontsize=9, va="center", fontweight=weight)
        ax.text(9.8, y, counts, fontsize=8.5, va="center", ha="right", color="#2b5d8a")
    return fig


def draw(name: str, fmt: str, rows: Mapping[str, Rows], review: str, title: str) -> bytes:
    """Figure `name` of `review` as `fmt` (svg or png), from each needed query's rows."""
    if name not in FIGURES or fmt not in FORMATS:
        raise UnknownFigure(name, fmt)
    if name == "prisma":
        fig = _draw_prisma(flow_boxes(rows["prisma"], review), title)
    elif name == "themes":
        fig = _draw_themes(theme_tree(rows["themes"], review), title)
    else:
        fig = _draw_evidence_map(evidence_map(rows["evidence-map"], rows["themes"], review), title)
    return _render(fig, fmt)
