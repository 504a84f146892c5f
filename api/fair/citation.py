"""How to cite the dataset, read from CITATION.cff so the landing page and the file agree."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from api.fair.errors import CitationError

__all__ = ["CITATION_PATH", "Citation", "load_citation"]

logger = logging.getLogger(__name__)

CITATION_PATH = Path(__file__).resolve().parents[2] / "CITATION.cff"


@dataclass(frozen=True)
class Citation:
    """The fields the landing page and the schema.org description cite."""

    title: str
    authors: tuple[str, ...]
    license: str
    abstract: str
    keywords: tuple[str, ...]
    based_on_doi: str | None

    def text(self, version: str, url: str) -> str:
        """A plain citation of this version of the dataset."""
        who = "; ".join(self.authors)
        return f"{who}. {self.title}. Dataset, version {version}. {self.license}. {url}"


def _person(entry: dict[str, object]) -> str:
    if "name" in entry:
        return str(entry["name"])
    return f"{entry.get('family-names', '')} {entry.get('given-names', '')}".strip()


@lru_cache(maxsize=4)
def load_citation(path: Path = CITATION_PATH) -> Citation:
    """Parse CITATION.cff; CitationError names the file and what is missing."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CitationError(str(path), f"cannot be read: {exc}") from exc
    if not isinstance(doc, dict):
        raise CitationError(str(path), "is not a mapping")
    for key in ("title", "authors", "license"):
        if not doc.get(key):
            raise CitationError(str(path), f"has no {key!r}")
    references = doc.get("references") or []
    doi = next((str(r["doi"]) for r in references if isinstance(r, dict) and r.get("doi")), None)
    return Citation(
        title=str(doc["title"]).strip(),
        authors=tuple(_person(a) for a in doc["authors"]),
        license=str(doc["license"]),
        abstract=str(doc.get("abstract", "")).strip(),
        keywords=tuple(str(k) for k in doc.get("keywords") or ()),
        based_on_doi=doi,
    )
