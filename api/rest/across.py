"""The evidence map across reviews: themes a curator aligned as the same or nearly the same
(`skos:exactMatch`, `skos:closeMatch`, taken transitively and in both directions) form one
cluster, and each cluster × intervention type counts the DISTINCT studies behind any of its
themes, so a study that two reviews include counts once.

Pure steps from the rows of the named queries `aligned-themes` (every alignment) and
`evidence-map` (each review's cells, with `?studyList`); `/api/evidence-map?across=true` returns
the clusters and `/figures/evidence-map-across.{svg,png}` draws the same clusters.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib.term import Node

from ingest.namespaces import SKOS

__all__ = ["CLUSTERING", "Cluster", "clusters"]

logger = logging.getLogger(__name__)

Rows = Sequence[Mapping[str, Node]]
# The mapping properties that put two themes in one cluster; broad, narrow and related matches
# say the themes differ, so they stay apart.
CLUSTERING = frozenset({str(SKOS.exactMatch), str(SKOS.closeMatch)})


@dataclass
class Cluster:
    """Aligned themes (IRI → (label, review IRI)) and, per intervention type, their studies."""

    themes: dict[str, tuple[str, str]] = field(default_factory=dict)
    studies: dict[str, set[str]] = field(default_factory=dict)
    type_labels: dict[str, str] = field(default_factory=dict)

    @property
    def reviews(self) -> list[str]:
        return sorted({review for _, review in self.themes.values()})

    @property
    def all_studies(self) -> set[str]:
        return set().union(*self.studies.values()) if self.studies else set()

    @property
    def label(self) -> str:
        """The member labels, in review order, joined as one row heading."""
        names = sorted(self.themes.items(), key=lambda kv: (kv[1][1], kv[0]))
        return " \u2261 ".join(dict.fromkeys(label for _, (label, _r) in names))

    @property
    def key(self) -> str:
        return min(self.themes)


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union_find(themes: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """theme → the smallest IRI of its cluster."""
    parent = {t: t for t in themes}
    for a, b in pairs:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {t: _find(parent, t) for t in parent}


def clusters(map_rows: Rows, alignment_rows: Rows) -> list[Cluster]:
    """The clusters of every theme with evidence, aligned themes together; clusters spanning
    more reviews first, then by label."""
    labels: dict[str, tuple[str, str]] = {}
    for r in map_rows:
        theme = str(r["theme"])
        label = r.get("themeLabel")
        labels.setdefault(theme, (str(label) if label is not None else theme, str(r["review"])))
    for r in alignment_rows:
        for side in ("subject", "object"):
            theme = str(r[side])
            label = r.get(f"{side}Label")
            labels.setdefault(
                theme, (str(label) if label is not None else theme, str(r[f"{side}Review"]))
            )
    pairs = [
        (str(r["subject"]), str(r["object"]))
        for r in alignment_rows
        if str(r["predicate"]) in CLUSTERING
    ]
    root = _union_find(labels, pairs)
    found: dict[str, Cluster] = {}
    for theme, top in root.items():
        found.setdefault(top, Cluster()).themes[theme] = labels[theme]
    for r in map_rows:
        cluster = found[root[str(r["theme"])]]
        kind = str(r["type"])
        type_label = r.get("typeLabel")
        cluster.type_labels.setdefault(kind, str(type_label) if type_label is not None else kind)
        listed = str(r.get("studyList") or "").split()
        cluster.studies.setdefault(kind, set()).update(listed)
    with_evidence = [c for c in found.values() if c.studies]
    return sorted(with_evidence, key=lambda c: (-len(c.reviews), c.label, c.key))
