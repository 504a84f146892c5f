"""Downloads of the whole graph: `/dumps/` lists the current version's files with sizes and
SHA-256 (HTML, or JSON by Accept), `/dumps/{version}/{name}` serves one."""

from __future__ import annotations

import asyncio
import base64
import json
import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse

from api.citation import DATA_LICENSE
from api.dumps.cache import DumpCache, DumpFile, DumpNotFoundError
from api.errors import ProblemError
from api.negotiation import DUMPS_INDEX
from api.pages import render_page

__all__ = ["DumpCache", "DumpFile", "DumpRoutes", "build_router"]

logger = logging.getLogger(__name__)

GZIP = "application/gzip"


class DumpRoutes:
    """The download routes over one app's dump sets."""

    def __init__(self, dumps: DumpCache) -> None:
        self.dumps = dumps

    async def current(self) -> tuple[str, list[DumpFile]]:
        """The current version and its dump set; 503 with Retry-After while it is being
        written (a large store's set takes minutes)."""
        version = await asyncio.to_thread(self.dumps.version)
        files = await asyncio.to_thread(self.dumps.ready, version)
        if files is None:
            raise ProblemError(
                503,
                "Downloads being written",
                f"The downloads of version {version!r} are being written; retry in a minute.",
                headers={"Retry-After": "60"},
            )
        return version, files

    async def dumps_index(self, request: Request) -> Response:
        """The current version's dumps with sizes and SHA-256 (JSON by Accept, else HTML)."""
        version, dumps = await self.current()
        if DUMPS_INDEX.choose(request.headers.get("accept")) == "json":
            return Response(
                json.dumps({"version": version, "files": [d.__dict__ for d in dumps]}),
                media_type=DUMPS_INDEX.media_type("json"),
            )
        return HTMLResponse(render_page("dumps.html", version=version, dumps=dumps))

    async def dump(self, version: str, name: str) -> FileResponse:
        """One dump file; a version other than the current one is served while it is kept."""
        try:
            path, item = self.dumps.path(version, name)
        except DumpNotFoundError:
            current, _ = await self.current()
            if version != current:
                raise ProblemError(
                    404, "No such dump", f"Version {version!r} is not kept; now {current!r}."
                ) from None
            try:
                path, item = self.dumps.path(version, name)
            except DumpNotFoundError as exc:
                raise ProblemError(404, "No such dump", str(exc)) from exc
        digest = base64.b64encode(bytes.fromhex(item.sha256)).decode("ascii")
        return FileResponse(
            path,
            media_type=GZIP if item.compression else item.media_type,
            filename=name,
            headers={
                "Repr-Digest": f"sha-256=:{digest}:",
                "Cache-Control": "public, max-age=31536000, immutable",
                "Link": f'<{DATA_LICENSE}>; rel="license"',
            },
        )


def build_router(dumps: DumpCache) -> APIRouter:
    """The /dumps routes."""
    routes = DumpRoutes(dumps)
    router = APIRouter(tags=["dataset"])
    router.add_api_route(
        "/dumps/", routes.dumps_index, methods=["GET"], summary="Downloads of the whole graph"
    )
    router.add_api_route(
        "/dumps/{version}/{name}", routes.dump, methods=["GET"], summary="One download"
    )
    return router
