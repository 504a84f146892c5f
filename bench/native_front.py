"""The other way to a native /sparql, measured beside spkg's own: Oxigraph's server behind a
small Python front that keeps spkg's checks.

`oxigraph serve-read-only --timeout-s N --union-default-graph` opens the same store; the front
(a bare ASGI app under uvicorn, two workers, uvloop and httptools, as `spkg serve` runs) takes
`GET /sparql?query=…`, refuses what spkg's guard refuses (SERVICE, length, depth), forwards the
request over kept-alive connections and streams the answer back through the same row counter
spkg's workers use (`api.engine.results.CappedOutput`), cutting it with a 422 past the cap. It
is a benchmark prototype, not a server spkg ships: it lacks POST, the dataset parameters, the
format parameter and reopening the server after a write.

    python -m bench.native_front --upstream http://127.0.0.1:7878 --port 8001
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from api.engine.errors import QueryRefusedError
from api.engine.guard import check_query
from api.engine.results import CappedOutput, RowLimitExceededError

__all__ = ["NativeFront", "main"]

logger = logging.getLogger(__name__)

_FORMATS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
MAX_ROWS = 100_000
TIMEOUT_S = 10.0


class _Upstream:
    """Kept-alive HTTP/1.1 connections to the Oxigraph server, one request at a time each."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def get(self, target: str, accept: str) -> tuple[int, dict[str, str], Any, Any]:
        if self.idle:
            reader, writer = self.idle.pop()
        else:
            reader, writer = await asyncio.open_connection(self.host, self.port)
        request = f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\nAccept: {accept}\r\n\r\n"
        writer.write(request.encode("latin-1"))
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
        return status, headers, reader, writer

    @staticmethod
    async def chunks(reader: asyncio.StreamReader, headers: dict[str, str]) -> Any:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await reader.readuntil(b"\r\n")
                    return
                data = await reader.readexactly(size)
                await reader.readexactly(2)
                yield data
        else:
            yield await reader.readexactly(int(headers.get("content-length", "0")))


def _problem(status: int, title: str, detail: str) -> tuple[int, str, bytes]:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return status, "application/problem+json", json.dumps(body).encode()


class NativeFront:
    """The ASGI app: spkg's checks, then Oxigraph's server."""

    def __init__(self, upstream: str) -> None:
        self.upstream = _Upstream(upstream)

    async def _answer(self, scope: dict[str, Any]) -> tuple[int, str, bytes]:
        params = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        queries = [value for key, value in params if key == "query"]
        if len(queries) != 1:
            return _problem(400, "Bad SPARQL request", "Send exactly one `query`.")
        try:
            check_query(queries[0], max_length=64 * 1024, max_depth=64)
        except QueryRefusedError as error:
            return _problem(400, error.title, error.detail)
        accept = dict(scope["headers"]).get(b"accept", b"*/*").decode("latin-1")
        fmt = _FORMATS.get(accept.split(",")[0].strip(), "json")
        target = f"/query?{scope['query_string'].decode('latin-1')}"
        status, headers, reader, writer = await asyncio.wait_for(
            self.upstream.get(target, accept), TIMEOUT_S
        )
        output = CappedOutput(fmt, MAX_ROWS)
        other: list[bytes] = []  # an error's body, passed on as it is
        try:
            async for data in self.upstream.chunks(reader, headers):
                if status == 200:
                    output.write(data)
                else:
                    other.append(data)
        except RowLimitExceededError:
            writer.close()  # the rest of the answer is not read: drop the connection
            return _problem(422, "Result too large", f"More than {MAX_ROWS} rows.")
        self.upstream.idle.append((reader, writer))
        body = output.value() if status == 200 else b"".join(other)
        return status, headers.get("content-type", "application/octet-stream"), body

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["path"] != "/sparql" or scope["method"] != "GET":
            status, content_type, body = _problem(404, "Not Found", "Only GET /sparql.")
        else:
            status, content_type, body = await self._answer(scope)
        headers = [(b"content-type", content_type.encode()), (b"vary", b"Accept, Origin")]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def app() -> NativeFront:
    """The front for uvicorn's factory mode; the upstream URL comes from the environment."""
    return NativeFront(os.environ["SPKG_NATIVE_UPSTREAM"])


def main(argv: list[str] | None = None) -> int:
    """Serve the front with two uvicorn workers."""
    import uvicorn

    parser = argparse.ArgumentParser(prog="bench.native_front")
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    os.environ["SPKG_NATIVE_UPSTREAM"] = args.upstream
    uvicorn.run(
        "bench.native_front:app",
        factory=True,
        host="127.0.0.1",
        port=args.port,
        loop="uvloop",
        http="httptools",
        workers=args.workers,
        timeout_worker_healthcheck=60,
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    raise SystemExit(main())
