"""Fixtures of the ingest tests: a copy of the tiny valid review, and a store holding it.

`loaded_store` ingests the valid fixture once per module (the reasoner takes a few seconds),
so each broken-input test can assert that the store's dump is byte-for-byte unchanged.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.build import ingest_data
from ingest.store import EmbeddedStore

VALID = Path(__file__).resolve().parent.parent / "fixtures" / "valid"
REVIEW = "tiny-2020"


def replace_in(folder: Path, file: str, old: str, new: str) -> None:
    """Replace the first `old` in `folder/file` by `new` (`old` must be there)."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def dump(store: EmbeddedStore) -> bytes:
    """Every quad of the store as sorted N-Quads bytes."""
    out = io.BytesIO()
    store.dump("nq", out)
    return b"\n".join(sorted(out.getvalue().splitlines()))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/valid (one review folder, tiny-2020)."""
    target = tmp_path / "data"
    shutil.copytree(VALID, target)
    return target


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """An embedded store into which the valid fixture review has been ingested."""
    store = EmbeddedStore(tmp_path_factory.mktemp("store") / "store")
    ingest_data(VALID, store, show_progress=False)
    yield store
    store.close()
