"""Drawing the figures with matplotlib: the PRISMA 2020 flow, the evidence map, the theme tree.

matplotlib is used without pyplot (no global state, safe in threads) and imported only when a
figure is drawn. SVG output is made reproducible (fixed hash salt, no date, text kept as text),
so the same data gives the same bytes and a test can read the labels and numbers in it.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib itself is imported lazily
    from matplotlib.axes import Axes

from api.figures.models import (
    FIGURE_FORMATS,
    FIGURES,
    EvidenceMap,
    FlowBox,
    Rows,
    ThemeNode,
    UnknownFigureError,
    evidence_map,
    flatten,
    flow_boxes,
    theme_tree,
)

__all__ = ["draw", "draw_evidence_map"]

logger = logging.getLogger(__name__)


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


def _box(ax: Axes, patch: type, x: float, y: float, w: float, h: float, box: FlowBox) -> None:
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
        # Ids name each cell and heading in the SVG, so a reader (or a test) can match the
        # picture to /api/evidence-map.
        ax.text(
            c, r, str(n), ha="center", va="center", fontsize=9, color="#0b2540", gid=f"cell-{r}-{c}"
        )
    ax.set_xticks(range(len(emap.types)), list(emap.types), rotation=30, ha="right", fontsize=8.5)
    ax.set_yticks(range(len(emap.themes)), list(emap.themes), fontsize=8.5)
    for c, label in enumerate(ax.get_xticklabels()):
        label.set_gid(f"type-{c}")
    for r, label in enumerate(ax.get_yticklabels()):
        label.set_gid(f"theme-{r}")
    ax.set_xlim(-0.7, cols - 0.3)
    ax.set_ylim(rows - 0.4, -0.6)
    ax.grid(color="#ddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(f"{title}\nnumber of studies per theme and intervention type", fontsize=10)
    return fig


def _draw_themes(tree: list[ThemeNode], title: str) -> object:
    from matplotlib.figure import Figure

    flat = flatten(tree)
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


def draw_evidence_map(emap: EvidenceMap, fmt: str, title: str) -> bytes:
    """An evidence map already assembled (the across-reviews clusters) as `fmt`."""
    if fmt not in FIGURE_FORMATS:
        raise UnknownFigureError("evidence-map", fmt)
    return _render(_draw_evidence_map(emap, title), fmt)


def draw(name: str, fmt: str, rows: Mapping[str, Rows], review: str, title: str) -> bytes:
    """Figure `name` of `review` as `fmt` (svg or png), from each needed query's rows."""
    if name not in FIGURES or fmt not in FIGURE_FORMATS:
        raise UnknownFigureError(name, fmt)
    if name == "prisma":
        fig = _draw_prisma(flow_boxes(rows["prisma"], review), title)
    elif name == "themes":
        fig = _draw_themes(theme_tree(rows["themes"], review), title)
    else:
        fig = _draw_evidence_map(evidence_map(rows["evidence-map"]), title)
    return _render(fig, fmt)
