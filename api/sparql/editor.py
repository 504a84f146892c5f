"""The SPARQL editor at `/sparql-editor`: YASGUI over /sparql, with the named queries in tabs.

YASGUI's build files are served from `api/static` (installed by `make node-assets`), never from
a CDN, so the editor works offline and sends no visitor to a third party.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

from api.errors import ProblemError
from api.pages import render_page
from api.rest.named import named_query, query_names

__all__ = ["CROSS_REVIEW_QUERIES", "STATIC_DIR", "build_router", "sparql_editor", "static"]

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
YASGUI_BUILD = STATIC_DIR / "yasgui" / "node_modules" / "@zazuko" / "yasgui" / "build"
_STATIC_TYPES = {".js": "text/javascript", ".css": "text/css", ".map": "application/json"}


# The cross-review queries, in the shared vocabularies only: the first tabs, so a visitor
# from another review meets them first.
CROSS_REVIEW_QUERIES = ("shared-records", "review-themes", "aligned-themes")


async def sparql_editor() -> HTMLResponse:
    """YASGUI over /sparql, with the named queries of api/queries/ in tabs (cross-review first)."""
    names = [n for n in CROSS_REVIEW_QUERIES if n in query_names()]
    names += [n for n in query_names() if n not in names]
    queries = [{"name": name, "query": named_query(name).text} for name in names]
    body = render_page(
        "sparql_editor.html",
        queries=json.dumps(queries).replace("</", "<\\/"),
        names=[q["name"] for q in queries],
    )
    return HTMLResponse(body)


async def static(path: str) -> FileResponse:
    """YASGUI's build files (installed by `make node-assets`), never from a CDN."""
    if path.startswith("yasgui/"):
        root, rest = YASGUI_BUILD, path.removeprefix("yasgui/")
    else:
        root, rest = STATIC_DIR, path
    target = (root / rest).resolve()
    if not target.is_file() or not target.is_relative_to(root.resolve()):
        raise ProblemError(404, "Not Found", f"No static file {path!r}.")
    return FileResponse(target, media_type=_STATIC_TYPES.get(target.suffix))


def build_router() -> APIRouter:
    """The editor's page and its static files."""
    router = APIRouter(tags=["dataset"])
    router.add_api_route(
        "/sparql-editor",
        sparql_editor,
        methods=["GET"],
        response_class=HTMLResponse,
        summary="SPARQL editor (YASGUI) over /sparql",
    )
    router.add_api_route("/static/{path:path}", static, methods=["GET"], include_in_schema=False)
    return router
