"""How to cite the dataset and under which licence, read from CITATION.cff so that the landing
page, the descriptions, the release and the file itself agree; `/CITATION.cff` serves the file."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.exceptions import ServiceError

__all__ = [
    "CITATION_PATH",
    "DATA_LICENSE",
    "Citation",
    "CitationError",
    "build_router",
    "load_citation",
]

logger = logging.getLogger(__name__)

CITATION_PATH = Path(__file__).resolve().parents[1] / "CITATION.cff"
# The data's licence, CC BY 4.0 (CITATION.cff states it by its SPDX id, `CC-BY-4.0`).
DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
CFF_MEDIA_TYPE = "application/x-yaml"


class CitationError(ServiceError, ValueError):
    """CITATION.cff is missing or lacks a field the landing page cites."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Citation:
    """The fields the landing page and the schema.org description cite."""

    title: str
    authors: tuple[str, ...]
    license: str
    abstract: str
    keywords: tuple[str, ...]

    def text(self, version: str, url: str) -> str:
        """A plain citation of this version of the dataset."""
        who = "; ".join(self.authors)
        return f"{who}. {self.title}. Dataset, version {version}. {self.license}. {url}"

    def sources(self, review_dois: Iterable[str | None]) -> list[str]:
        """DOI URLs of what the dataset is based on: each review's own DOI, from its data."""
        return [f"https://doi.org/{doi}" for doi in review_dois if doi]


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
    return Citation(
        title=str(doc["title"]).strip(),
        authors=tuple(_person(a) for a in doc["authors"]),
        license=str(doc["license"]),
        abstract=str(doc.get("abstract", "")).strip(),
        keywords=tuple(str(k) for k in doc.get("keywords") or ()),
    )


async def citation_file() -> FileResponse:
    """CITATION.cff as it is in the repository."""
    return FileResponse(CITATION_PATH, media_type=CFF_MEDIA_TYPE)


def build_router() -> APIRouter:
    """The /CITATION.cff route."""
    router = APIRouter(tags=["dataset"])
    router.add_api_route(
        "/CITATION.cff", citation_file, methods=["GET"], summary="How to cite the dataset"
    )
    return router
