"""A review staged between the ingest's passes comes back as the same graphs and sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate
from ingest.pipeline import Resources, load_resources, prepare_review
from ingest.staged import stage_review, staged_review

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def resources() -> Resources:
    return load_resources()


def _folders(tmp: Path) -> list[Path]:
    return [
        ROOT / "data" / "liebmann-2022",
        ROOT / "tests" / "fixtures" / "valid" / "tiny-2020",
        *generate(1, 1, tmp),
    ]


def test_staged_review_is_the_mapped_review(tmp_path: Path, resources: Resources) -> None:
    for folder in _folders(tmp_path / "synthetic"):
        prepared = prepare_review(folder, resources)
        path = tmp_path / f"{prepared.review_id}.staged"
        stage_review(prepared, path)
        back = staged_review(path, folder, prepared.review_id, prepared.fingerprint, resources.base)
        assert back.fingerprint == prepared.fingerprint
        assert back.mapped.minter.review_iri() == prepared.mapped.minter.review_iri()
        assert back.mapped.sources == prepared.mapped.sources
        original, staged = prepared.mapped.graphs(), back.mapped.graphs()
        assert staged.keys() == original.keys()
        for iri, graph in original.items():
            assert len(staged[iri]) == len(graph)
            assert set(staged[iri]) == set(graph), iri
