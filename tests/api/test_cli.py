"""`spkg serve`: the settings of the command line reach the app, in one worker or in several."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api import cli
from api.app import app_from_environment
from api.settings import Settings, get_settings
from tests.api.conftest import build_fixture_store
from tests.serving import ROOT, free_port


@pytest.fixture
def environment() -> Iterator[None]:
    """Whatever `spkg serve` writes into os.environ is undone after the test."""
    saved = dict(os.environ)
    get_settings.cache_clear()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        get_settings.cache_clear()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """uvicorn.run replaced by a recorder of what it was asked to serve."""
    calls: dict[str, Any] = {}

    def run(app: Any, **options: Any) -> None:
        calls.update(options, app=app)

    monkeypatch.setattr(cli.uvicorn, "run", run)
    return calls


def test_serve_lists_with_the_ingest_commands() -> None:
    names = [c.name for c in cli.COMMANDS]
    assert names == [
        "validate",
        "ingest",
        "serve",
        "remove",
        "export",
        "import",
        "template",
        "query",
    ]


def test_one_worker_is_handed_the_app_built_from_the_command_line(
    environment: None, started: dict[str, Any], tmp_path: Path
) -> None:
    os.environ["SPKG_HTTP_WORKERS"] = "1"
    args = ["serve", "--store", str(tmp_path / "st"), "--port", "8123"]
    assert cli.main(args) == 0
    app = started["app"]
    assert isinstance(app, FastAPI)
    assert app.state.settings.store == tmp_path / "st"
    assert (started["port"], started["workers"], started["factory"]) == (8123, 1, False)
    assert "SPKG_STORE" not in os.environ


def test_several_workers_read_the_same_settings_back(
    environment: None, started: dict[str, Any], tmp_path: Path
) -> None:
    os.environ.update({"SPKG_HTTP_WORKERS": "3", "SPKG_QUERY_TIMEOUT": "4.5"})
    os.environ.pop("SPKG_STORE", None)
    endpoint = "http://127.0.0.1:9/query"
    assert cli.main(["serve", "--endpoint", endpoint]) == 0
    assert (started["app"], started["factory"], started["workers"]) == (cli.FACTORY, True, 3)
    # What a worker process does: build its settings from the environment it inherits.
    worker = Settings()
    assert worker.endpoint == endpoint and worker.query_timeout == 4.5
    assert worker == cli.serve_settings(
        cli.ingest_cli.build_parser(cli.COMMANDS).parse_args(["serve", "--endpoint", endpoint])
    )


def test_invalid_settings_exit_2(environment: None, started: dict[str, Any]) -> None:
    os.environ["SPKG_HTTP_WORKERS"] = "0"
    assert cli.main(["serve"]) == 2
    assert started == {}


def test_the_factory_builds_the_app_of_the_environment(environment: None, tmp_path: Path) -> None:
    os.environ["SPKG_STORE"] = str(tmp_path / "st")
    assert app_from_environment().state.settings.store == tmp_path / "st"


def test_spkg_serve_with_two_workers_serves_the_store_it_was_given(tmp_path: Path) -> None:
    """A real `spkg serve` process: the store named on its command line only reaches the
    uvicorn worker processes, which answer queries over it."""
    store = build_fixture_store(tmp_path / "store")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPKG_")}
    env.update({"SPKG_HTTP_WORKERS": "2", "SPKG_QUERY_WORKERS": "1", "PYTHONPATH": str(ROOT)})
    command = [sys.executable, "-m", "api.cli", "serve", "--store", str(store)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=log, stderr=log)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log_path.read_text(errors="replace")
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "spkg serve did not answer within 60 s"
                time.sleep(0.1)
        query = "ASK { ?s <http://purl.org/dc/terms/title> 'Ways to Wellness' }"
        response = httpx.get(
            f"{url}/sparql",
            params={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert response.status_code == 200 and response.json()["boolean"] is True
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
