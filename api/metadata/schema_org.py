"""The dataset as a schema.org `Dataset`, embedded in the landing page as JSON-LD (what Google
Dataset Search reads): name, licence, version, downloads with checksums, and what it holds."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from api.citation import DATA_LICENSE, Citation
from api.dumps.cache import DumpFile, dump_path
from api.facts import DatasetFacts

__all__ = ["COUNTED_KINDS", "based_on", "schema_org_dataset"]

logger = logging.getLogger(__name__)

# The kinds of thing the description counts (the kinds of the named query `dataset-counts`).
COUNTED_KINDS = ("records", "studies", "themes", "quotes")


def based_on(facts: DatasetFacts) -> list[dict[str, Any]]:
    """One schema.org ScholarlyArticle per review held, cited from the review's own data."""
    return [
        {
            "@type": "ScholarlyArticle",
            "@id": f"https://doi.org/{r.doi}" if r.doi else r.iri,
            "identifier": r.iri,
            "name": r.title,
            **({"datePublished": r.issued} if r.issued else {}),
            **({"citation": r.citation} if r.citation else {}),
        }
        for r in facts.reviews
    ]


def schema_org_dataset(
    facts: DatasetFacts, citation: Citation, dumps: Sequence[DumpFile], root: str
) -> dict[str, Any]:
    """The schema.org `Dataset` embedded in the landing page (Google Dataset Search reads it)."""
    reviews = ", ".join(r.title for r in facts.reviews) or "no review loaded yet"
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": facts.base,
        "name": citation.title,
        "description": f"{citation.abstract} Reviews held: {reviews}.",
        "url": root,
        "identifier": facts.base,
        "version": facts.version,
        "license": DATA_LICENSE,
        "keywords": list(citation.keywords),
        "creator": [{"@type": "Organization", "name": name} for name in citation.authors],
        "isBasedOn": based_on(facts),
        "citation": citation.text(facts.version, facts.base),
        "isAccessibleForFree": True,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d.name,
                "contentUrl": root + dump_path(facts.version, d.name),
                "encodingFormat": d.media_type,
                "contentSize": f"{d.size} B",
                "sha256": d.sha256,
            }
            for d in dumps
        ],
        "variableMeasured": [
            {"@type": "PropertyValue", "name": kind, "value": facts.total(kind)}
            for kind in COUNTED_KINDS
        ]
        + [{"@type": "PropertyValue", "name": "triples", "value": facts.triples}],
    }
