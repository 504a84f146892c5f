"""A fixed pool of query worker processes with a hard time limit per query.

pyoxigraph cannot interrupt a running query and a thread cannot be stopped, so each query runs in
a worker process; when the limit passes, that process is killed (SIGKILL) and a fresh one takes
its place at once, while the other workers go on answering.

The hop to a worker is most of the cost of a cheap query, so it is kept small: a job and its
reply cross the worker's socket as one frame each holding a pickled tuple (the framing of
`multiprocessing.connection`, which the worker reads and writes blocking), and on this side each
worker's socket is read by an asyncio protocol of the running loop (`_Channel`), which hands the
next frame to the waiting query; a timer handle, not a task, enforces the limit. A worker's
first frame says it has opened the store: a query's clock starts only once its worker is ready.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import multiprocessing
import os
import pickle
import queue
import socket
import struct
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from api.engine.errors import EngineError, EngineUnavailableError, QueryTimeoutError
from api.engine.worker import Job, Reply, serve

__all__ = ["STARTUP_S", "WorkerCrashedError", "WorkerPool"]

logger = logging.getLogger(__name__)

STARTUP_S = 120.0  # how long a query waits for a worker that is still starting
_CONTEXT_NAME = "forkserver"
_SHORT = struct.Struct("!i")  # multiprocessing.connection's frame header
_LONG = struct.Struct("!Q")  # after a short header of -1, for frames of 2 GiB and more
_CLOSED = "the query worker closed its socket"


class WorkerCrashedError(EngineError):
    """A worker process died while evaluating a query (it has been replaced)."""

    status = 500
    title = "Query evaluation failed"


class _Expired(Exception):
    """The time allowed for the next frame passed before it came."""


def _frame(payload: bytes) -> bytes:
    if len(payload) > 0x7FFFFFFF:
        return _SHORT.pack(-1) + _LONG.pack(len(payload)) + payload
    return _SHORT.pack(len(payload)) + payload


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _expire(waiter: asyncio.Future[bytes]) -> None:
    if not waiter.done():
        waiter.set_exception(_Expired())


class _Channel(asyncio.Protocol):
    """One worker's socket as seen by one event loop: splits frames, wakes the waiting query."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.transport: Any = None  # uvloop's transports are not asyncio.Transport instances
        self.waiter: asyncio.Future[bytes] | None = None
        self.frames: collections.deque[bytes] = collections.deque()
        self.buffer = bytearray()
        self.lost = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (frame := self._take_frame()) is not None:
            self.frames.append(frame)
        if self.frames and self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(self.frames.popleft())

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        self.lost = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(EOFError(_CLOSED))

    def send(self, payload: bytes) -> None:
        if self.transport is None:
            raise EOFError(_CLOSED)
        self.transport.write(_frame(payload))

    async def next_frame(self, timeout: float) -> bytes:
        """The next frame from the worker; _Expired after `timeout` s, EOFError if it closed."""
        if self.frames:
            return self.frames.popleft()
        if self.lost:
            raise EOFError(_CLOSED)
        waiter: asyncio.Future[bytes] = self.loop.create_future()
        self.waiter = waiter
        timer = self.loop.call_later(timeout, _expire, waiter)
        try:
            return await waiter
        finally:
            timer.cancel()
            self.waiter = None

    def _take_frame(self) -> bytes | None:
        buffer = self.buffer
        if len(buffer) < _SHORT.size:
            return None
        (size,) = _SHORT.unpack_from(buffer)
        start = _SHORT.size
        if size == -1:
            if len(buffer) < start + _LONG.size:
                return None
            (size,) = _LONG.unpack_from(buffer, start)
            start += _LONG.size
        if len(buffer) < start + size:
            return None
        frame = bytes(buffer[start : start + size])
        del buffer[: start + size]
        return frame

    def close(self) -> None:
        """Close this loop's transport (the worker's own end of the socket stays open)."""
        transport, self.transport = self.transport, None
        if transport is None or self.loop.is_closed():
            return
        if _running_loop() is self.loop:
            transport.abort()
        else:
            self.loop.call_soon_threadsafe(transport.abort)


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    channel: _Channel | None = field(default=None)
    ready: bool = False  # its first frame, sent once the store is open, has been read

    @property
    def pid(self) -> int | None:
        return self.process.pid

    async def channel_in(self, loop: asyncio.AbstractEventLoop) -> _Channel:
        """This worker's channel in `loop`, made on first use there (over a duplicate of the
        socket, so closing it leaves the worker's connection open)."""
        channel = self.channel
        if channel is not None and channel.loop is loop and not channel.lost:
            return channel
        if channel is not None:
            channel.close()
        sock = socket.socket(fileno=os.dup(self.conn.fileno()))
        transport, made = await loop.connect_accepted_socket(lambda: _Channel(loop), sock)
        made.transport = transport
        self.channel = made
        return made


def _give(waiter: asyncio.Future[_Worker], worker: _Worker, pool: WorkerPool) -> None:
    """Resolve `waiter` with `worker` in its loop; if it was cancelled meanwhile, pass it on."""
    if waiter.done():
        pool._release(worker)
    else:
        waiter.set_result(worker)


def _fail(waiter: asyncio.Future[_Worker], error: Exception) -> None:
    if not waiter.done():
        waiter.set_exception(error)


class WorkerPool:
    """`size` worker processes over the store at `store_path`, each query limited to `timeout` s."""

    def __init__(self, store_path: str, size: int, timeout: float) -> None:
        self.store_path = store_path
        self.size = max(size, 1)
        self.timeout = timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        # typeshed's BaseContext omits Process; the forkserver context has it.
        self._context: Any = multiprocessing.get_context(_CONTEXT_NAME)
        if _CONTEXT_NAME == "forkserver":
            # Workers fork from a server that has already imported the worker module.
            self._context.set_forkserver_preload(["api.engine.worker"])
        self.workers: set[_Worker] = set()
        self._waiters: collections.deque[asyncio.Future[_Worker]] = collections.deque()

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=serve, args=(child, self.store_path), name="spkg-query-worker", daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self.workers.add(worker)
        logger.debug("query worker %s started", process.pid)
        return worker

    def _retire(self, worker: _Worker) -> None:
        self.workers.discard(worker)
        worker.process.kill()
        worker.process.join(timeout=5)
        if worker.channel is not None:
            worker.channel.close()
        worker.conn.close()
        logger.info("query worker %s killed", worker.pid)

    def _replace(self, worker: _Worker) -> None:
        self._retire(worker)
        if not self._closed:
            self._release(self._spawn())

    def start(self) -> None:
        """Start the workers (idempotent; called lazily by the first query)."""
        with self._lock:
            if self._closed:
                raise EngineUnavailableError("The query engine has been shut down.")
            if self._started:
                return
            for _ in range(self.size):
                self._idle.put(self._spawn())
            self._started = True

    async def warm_up(self) -> None:
        """Start the workers and wait until each has opened the store (for a server's start-up,
        so that its first queries are not charged for it)."""
        self.start()
        held = [await self._acquire() for _ in range(self.size)]
        try:
            for worker in held:
                try:
                    await self._ready_channel(worker)
                except (EOFError, OSError) as error:
                    logger.warning("query worker %s did not start: %s", worker.pid, error)
        finally:
            for worker in held:
                self._release(worker)

    def pids(self) -> list[int]:
        """Process ids of the current workers (for monitoring and tests)."""
        return [w.pid for w in list(self.workers) if w.pid is not None]

    async def run(self, job: Job) -> Reply:
        """Evaluate `job` in an idle worker, waiting for one if all are busy."""
        if self._closed:
            raise EngineUnavailableError("The query engine has been shut down.")
        self.start()
        worker = await self._acquire()
        try:
            channel = await self._ready_channel(worker)
            channel.send(pickle.dumps(job.fields(), pickle.HIGHEST_PROTOCOL))
            frame = await channel.next_frame(self.timeout)
        except _Expired:
            logger.warning("query stopped after %g s: %.200s", self.timeout, job.query)
            self._replace(worker)
            raise self._timeout() from None
        except (EOFError, OSError) as error:
            self._replace(worker)
            if self._closed:
                raise EngineUnavailableError("The query engine has been shut down.") from error
            raise WorkerCrashedError(f"The query worker stopped unexpectedly ({error}).") from error
        except asyncio.CancelledError:
            self._replace(worker)  # its reply would be read by the next query otherwise
            raise
        self._release(worker)
        return Reply(*pickle.loads(frame))

    async def _ready_channel(self, worker: _Worker) -> _Channel:
        """The worker's channel in this loop, once the worker has opened the store.

        A cold start under load can take seconds: a worker still starting is waited for up to
        STARTUP_S, and the query's time limit starts when a ready worker receives it.
        """
        channel = await worker.channel_in(asyncio.get_running_loop())
        if not worker.ready:
            try:
                first = await channel.next_frame(STARTUP_S)
            except _Expired:
                raise EOFError(f"the query worker did not start within {STARTUP_S:g} s") from None
            if first != b"":
                raise EOFError("the query worker did not start cleanly")
            worker.ready = True
        return channel

    async def _acquire(self) -> _Worker:
        """An idle worker; while none is idle, wait (no thread held) for the next one released."""
        with self._lock:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                waiter: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
                self._waiters.append(waiter)
                worker = None
        if worker is None:
            try:
                worker = await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._release(waiter.result())
                raise
        if self._closed:
            self._retire(worker)
            raise EngineUnavailableError("The query engine has been shut down.")
        return worker

    def _release(self, worker: _Worker) -> None:
        """Hand `worker` to the longest waiting query, or put it back among the idle."""
        with self._lock:
            while self._waiters:
                waiter = self._waiters.popleft()
                if not waiter.done():
                    loop = waiter.get_loop()
                    if _running_loop() is loop:
                        loop.call_soon(_give, waiter, worker, self)
                    else:
                        loop.call_soon_threadsafe(_give, waiter, worker, self)
                    return
            self._idle.put(worker)

    def _timeout(self) -> QueryTimeoutError:
        return QueryTimeoutError(
            f"The query ran longer than {self.timeout:g} s and was stopped. "
            "Narrow it (a GRAPH, a LIMIT, fewer unbound patterns) and try again.",
            seconds=self.timeout,
        )

    def close(self) -> None:
        """Stop every worker; later queries raise EngineUnavailableError."""
        with self._lock:
            self._closed = True
            for worker in list(self.workers):
                with contextlib.suppress(OSError, RuntimeError):
                    self._retire(worker)
            while not self._idle.empty():
                self._idle.get_nowait()
            while self._waiters:
                waiter = self._waiters.popleft()
                gone = EngineUnavailableError("The query engine has been shut down.")
                waiter.get_loop().call_soon_threadsafe(_fail, waiter, gone)
