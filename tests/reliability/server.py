"""A watcher of the served app's /healthz latency (the process itself: tests.serving)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

import httpx

from tests.serving import ServedApp, free_port, start_server, stop_server

__all__ = ["HealthWatch", "ServedApp", "free_port", "start_server", "stop_server"]


logger = logging.getLogger(__name__)


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
