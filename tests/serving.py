"""The service as a real uvicorn process on 127.0.0.1, for tests that need real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = ["ServedApp", "free_port", "start_server", "stop_server"]

ROOT = Path(__file__).resolve().parents[1]


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
