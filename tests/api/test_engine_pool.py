"""The worker pool: a query's clock starts when a ready worker receives it, and replies cross
the worker's socket in frames however the bytes arrive."""

from __future__ import annotations

import asyncio
import struct
from pathlib import Path

import pytest

from api.engine.pool import WorkerPool, _Channel, _frame
from api.engine.worker import Job

pytestmark = pytest.mark.anyio

ASK = "ASK { ?s ?p ?o }"


def _job(query: str = ASK) -> Job:
    return Job(query=query, solutions_format="json", graph_format=None, max_rows=10)


async def test_warm_up_leaves_every_worker_ready(store_path: Path) -> None:
    pool = WorkerPool(str(store_path), size=2, timeout=10)
    try:
        await pool.warm_up()
        assert len(pool.workers) == 2
        assert all(worker.ready for worker in pool.workers)
        reply = await pool.run(_job())
        assert reply.kind == "boolean"
    finally:
        pool.close()


async def test_a_cold_worker_is_not_charged_its_start(store_path: Path) -> None:
    """A limit shorter than a worker's start: the first query still runs, on a started worker."""
    pool = WorkerPool(str(store_path), size=1, timeout=0.05)
    try:
        reply = await pool.run(_job())
        assert reply.kind == "boolean"
    finally:
        pool.close()


async def test_frames_are_split_and_joined_whatever_the_reads() -> None:
    channel = _Channel(asyncio.get_running_loop())
    payloads = [b"", b"a" * 5, b"b" * 70_000, b"c"]
    stream = b"".join(_frame(p) for p in payloads)
    for size in (1, 3, 4096):
        channel.frames.clear()
        for start in range(0, len(stream), size):
            channel.data_received(stream[start : start + size])
        assert list(channel.frames) == payloads
        assert not channel.buffer


async def test_a_long_frame_header_is_read() -> None:
    channel = _Channel(asyncio.get_running_loop())
    channel.data_received(struct.pack("!i", -1) + struct.pack("!Q", 3) + b"xyz")
    assert await channel.next_frame(1) == b"xyz"


async def test_a_closed_worker_socket_fails_the_waiting_query() -> None:
    channel = _Channel(asyncio.get_running_loop())
    waiting = asyncio.ensure_future(channel.next_frame(5))
    await asyncio.sleep(0)
    channel.connection_lost(None)
    with pytest.raises(EOFError):
        await waiting
