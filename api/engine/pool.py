"""A fixed pool of query worker processes with a hard time limit per query.

pyoxigraph cannot interrupt a running query and a thread cannot be stopped, so each query runs in
a worker process; when the limit passes, that process is killed (SIGKILL) and a fresh one takes
its place at once, while the other workers go on answering. The event loop waits for a reply
itself (a reader on the pipe's descriptor, under `asyncio.wait_for`), with no thread hop per query:
that hop cost more than a cheap query. `run_blocking` keeps the same rules for callers without a
running loop.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import multiprocessing
import os
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from api.engine.errors import EngineError, EngineUnavailableError, QueryTimeoutError
from api.engine.worker import Job, Reply, serve

__all__ = ["WorkerCrashedError", "WorkerPool"]

logger = logging.getLogger(__name__)

_CONTEXT_NAME = "forkserver"


class WorkerCrashedError(EngineError):
    """A worker process died while evaluating a query (it has been replaced)."""

    status = 500
    title = "Query evaluation failed"


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection

    @property
    def pid(self) -> int | None:
        return self.process.pid


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
        self._context = multiprocessing.get_context(_CONTEXT_NAME)
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

    def pids(self) -> list[int]:
        """Process ids of the current workers (for monitoring and tests)."""
        return [w.pid for w in list(self.workers) if w.pid is not None]

    def run_blocking(self, job: Job) -> Reply:
        """`run` for a caller without an event loop: waits in this thread."""
        self.start()
        worker = self._idle.get()
        if self._closed:
            self._retire(worker)
            raise EngineUnavailableError("The query engine has been shut down.")
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                self._replace(worker)
                raise self._timeout()
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as error:
            self._replace(worker)
            if self._closed:
                raise EngineUnavailableError("The query engine has been shut down.") from error
            raise WorkerCrashedError(f"The query worker stopped unexpectedly ({error}).") from error
        self._release(worker)
        return reply

    async def run(self, job: Job) -> Reply:
        """Evaluate `job` in an idle worker, waiting for one if all are busy."""
        if self._closed:
            raise EngineUnavailableError("The query engine has been shut down.")
        self.start()
        worker = await self._acquire()
        try:
            worker.conn.send(job)
            if not await self._readable(worker.conn, self.timeout):
                self._replace(worker)
                raise self._timeout()
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as error:
            self._replace(worker)
            if self._closed:
                raise EngineUnavailableError("The query engine has been shut down.") from error
            raise WorkerCrashedError(f"The query worker stopped unexpectedly ({error}).") from error
        except asyncio.CancelledError:
            self._replace(worker)  # its reply would be read by the next query otherwise
            raise
        self._release(worker)
        return reply

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
                    waiter.get_loop().call_soon_threadsafe(_give, waiter, worker, self)
                    return
            self._idle.put(worker)

    @staticmethod
    async def _readable(conn: Connection, timeout: float) -> bool:
        """True once `conn` has data (or is closed), False when `timeout` passes first."""
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = conn.fileno()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, wake)
        try:
            await asyncio.wait_for(ready, timeout)
        except TimeoutError:
            return False
        finally:
            loop.remove_reader(fd)
            # uvloop makes a watched descriptor non-blocking; recv() and send() need it blocking.
            os.set_blocking(fd, True)
        return True

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
                self._retire(worker)
            while not self._idle.empty():
                self._idle.get_nowait()
            while self._waiters:
                waiter = self._waiters.popleft()
                gone = EngineUnavailableError("The query engine has been shut down.")
                waiter.get_loop().call_soon_threadsafe(_fail, waiter, gone)
