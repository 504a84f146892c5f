"""A review staged between the ingest's passes is written as `write_review` writes it: the same
quads in the same graphs, the same counts, into a new store and over an older version."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate
from ingest.namespaces import PROV
from ingest.pipeline import (
    Resources,
    classify_review,
    load_resources,
    load_rules,
    prepare_review,
    write_review,
)
from ingest.staged import load_staged, stage_review
from ingest.store import EmbeddedStore

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


def _quads(store: EmbeddedStore) -> set[str]:
    """The store's quads, each run's start time blanked (the one statement two runs differ in)."""
    found = set()
    for quad in store.oxigraph.quads_for_pattern(None, None, None, None):
        value = "" if quad.predicate.value == str(PROV.startedAtTime) else str(quad.object)
        found.add(f"{quad.subject} {quad.predicate} {value} {quad.graph_name}")
    return found


def test_the_staged_write_is_the_write(tmp_path: Path, resources: Resources) -> None:
    rules = load_rules(resources)
    with EmbeddedStore(tmp_path / "written") as written, EmbeddedStore(tmp_path / "staged") as kept:
        for folder in _folders(tmp_path / "synthetic"):
            prepared = prepare_review(folder, resources)
            inferred = classify_review(prepared, rules)
            counts = write_review(written, prepared, inferred)
            for version in ("new", "replacing"):  # a first write (load), then a replace (update)
                path = tmp_path / f"{prepared.review_id}-{version}.nq"
                staged = stage_review(prepared, inferred, path)
                assert staged.triples == counts
                assert load_staged(kept, staged) == counts
                assert not path.exists()
        assert written.named_graphs() == kept.named_graphs()
        assert _quads(written) == _quads(kept)
        assert len(_quads(kept)) > 10_000
