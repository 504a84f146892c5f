"""A fixed pool of query worker processes with a hard time limit per query.

pyoxigraph cannot interrupt a running query and a thread cannot be stopped, so each query runs in
a worker process; when the limit passes, that process is killed (SIGKILL) and a fresh one takes
its place at once, while the other workers go on answering. Waiting is blocking (a pipe poll with
a timeout) and runs in a thread, so the pool is not tied to one event loop.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

import anyio.to_thread

from api.engine.errors import EngineError, EngineUnavailable, QueryTimeout
from api.engine.worker import Job, Reply, serve

__all__ = ["WorkerCrashed", "WorkerPool"]

logger = logging.getLogger(__name__)

_CONTEXT_NAME = "forkserver"


class WorkerCrashed(EngineError):
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
            self._idle.put(self._spawn())

    def start(self) -> None:
        """Start the workers (idempotent; called lazily by the first query)."""
        with self._lock:
            if self._closed:
                raise EngineUnavailable("The query engine has been shut down.")
            if self._started:
                return
            for _ in range(self.size):
                self._idle.put(self._spawn())
            self._started = True

    def pids(self) -> list[int]:
        """Process ids of the current workers (for monitoring and tests)."""
        return [w.pid for w in list(self.workers) if w.pid is not None]

    def _run_blocking(self, job: Job) -> Reply:
        self.start()
        worker = self._idle.get()
        if self._closed:
            self._retire(worker)
            raise EngineUnavailable("The query engine has been shut down.")
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                self._replace(worker)
                raise QueryTimeout(
                    f"The query ran longer than {self.timeout:g} s and was stopped. "
                    "Narrow it (a GRAPH, a LIMIT, fewer unbound patterns) and try again.",
                    seconds=self.timeout,
                )
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as error:
            self._replace(worker)
            if self._closed:
                raise EngineUnavailable("The query engine has been shut down.") from error
            raise WorkerCrashed(f"The query worker stopped unexpectedly ({error}).") from error
        self._idle.put(worker)
        return reply

    async def run(self, job: Job) -> Reply:
        """Evaluate `job` in an idle worker, waiting for one if all are busy."""
        if self._closed:
            raise EngineUnavailable("The query engine has been shut down.")
        return await anyio.to_thread.run_sync(self._run_blocking, job)

    def close(self) -> None:
        """Stop every worker; later queries raise EngineUnavailable."""
        with self._lock:
            self._closed = True
            for worker in list(self.workers):
                self._retire(worker)
            while not self._idle.empty():
                self._idle.get_nowait()
