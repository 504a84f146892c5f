"""`store`: the same contract tests run on the embedded and on the remote backend."""

from __future__ import annotations

import pytest

from ingest.store import Store


@pytest.fixture(params=["embedded", pytest.param("remote", marks=pytest.mark.remote)])
def store(request: pytest.FixtureRequest) -> Store:
    """Each backend in turn, empty."""
    return request.getfixturevalue(f"{request.param}_store")
