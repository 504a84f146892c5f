"""Single requests that fuzzing and the canary run found answered with a 5xx: each pinned here
with the answer it should get."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_dump_version_with_nul_is_not_found(app_client: TestClient) -> None:
    response = app_client.get("/dumps/%00/spkg.nq")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/id/x%F2%97%93", "/id/%E2%80%AE", "/id/study/%F0%9F%98%80"])
def test_id_path_beyond_latin1_is_not_found(app_client: TestClient, path: str) -> None:
    response = app_client.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/id/%C3%92", "/id/review/%C3%A9"])
def test_id_path_with_valid_non_ascii_is_not_found(app_client: TestClient, path: str) -> None:
    response = app_client.get(path)
    assert response.status_code == 404
    assert response.json()["status"] == 404


@pytest.mark.parametrize("version", ["..", "%2E%2E", "...."])
def test_dump_version_cannot_leave_the_dump_folder(app_client: TestClient, version: str) -> None:
    response = app_client.get(f"/dumps/{version}/manifest.json")
    assert response.status_code == 404, response.text[:300]
