"""Progress of long ingest steps: a rich status line on a terminal, silence otherwise.

Pipes, CI logs and tests see no progress output at all; they get the final report only.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO

__all__ = ["Progress", "progress"]

logger = logging.getLogger(__name__)


class Progress(Protocol):
    """Say which step is running now."""

    def step(self, text: str) -> None: ...


class _Quiet:
    def step(self, text: str) -> None:
        logger.debug("%s", text)


class _Rich:
    def __init__(self, status: object) -> None:
        self._status = status

    def step(self, text: str) -> None:
        logger.debug("%s", text)
        self._status.update(text)  # type: ignore[attr-defined]


@contextmanager
def progress(stream: TextIO | None = None, enabled: bool | None = None) -> Iterator[Progress]:
    """A progress reporter: a spinner with the current step when `stream` is a terminal."""
    stream = stream or sys.stderr
    if enabled is None:
        enabled = stream.isatty()
    if not enabled:
        yield _Quiet()
        return
    from rich.console import Console

    console = Console(file=stream)
    with console.status("starting") as status:
        yield _Rich(status)
