"""The service as a real uvicorn process on 127.0.0.1, and a watcher of its /healthz latency."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

__all__ = ["HealthWatch", "ServedApp", "free_port", "start_server", "stop_server"]

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServedApp:
    """A running `uvicorn --factory api.app:create_app` process and where it logs."""

    process: subprocess.Popen[bytes]
    url: str
    log_path: Path

    def alive(self) -> bool:
        return self.process.poll() is None


def start_server(store: Path, workdir: Path, **env_overrides: str) -> ServedApp:
    """Serve `store` with a 2 s query limit; wait until /healthz answers."""
    port = free_port()
    env = {
        **os.environ,
        "SPKG_STORE": str(store),
        "SPKG_QUERY_TIMEOUT": "2",
        "SPKG_QUERY_WORKERS": "2",
        "PYTHONPATH": str(ROOT),
        **env_overrides,
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    command += ["--loop", "uvloop", "--http", "httptools"]
    log_path = workdir / f"uvicorn-{port}.log"
    out = open(log_path, "wb")  # noqa: SIM115 (the process owns it; closed with the process)
    process = subprocess.Popen(command, env=env, cwd=workdir, stdout=out, stderr=subprocess.STDOUT)
    out.close()
    served = ServedApp(process, f"http://127.0.0.1:{port}", log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not served.alive():
            raise RuntimeError(f"uvicorn exited: {log_path.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{served.url}/healthz", timeout=2).status_code == 200:
                return served
        except httpx.TransportError:
            time.sleep(0.05)
    stop_server(served)
    raise RuntimeError("uvicorn did not answer /healthz within 60 s")


def stop_server(served: ServedApp) -> None:
    """Terminate the server (and so its query workers); kill it if it lingers."""
    served.process.terminate()
    try:
        served.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()


@dataclass
class HealthWatch:
    """Polls /healthz every `interval` s on its own connection while other traffic runs."""

    url: str
    interval: float = 0.02
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def _run(self) -> None:
        with httpx.Client(timeout=10) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    response = client.get(f"{self.url}/healthz")
                    if response.status_code != 200:
                        self.failures.append(f"status {response.status_code}")
                except httpx.HTTPError as exc:
                    self.failures.append(type(exc).__name__)
                self.latencies.append(time.perf_counter() - started)
                self._stop.wait(self.interval)

    def __enter__(self) -> HealthWatch:
        self._thread = threading.Thread(target=self._run, name="healthz-watch", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=15)
