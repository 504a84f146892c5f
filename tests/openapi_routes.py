"""The service's GET routes and their parameters, read from its own OpenAPI document.

Tests that send something to every route (hostile values, the benchmark's latencies) take the
list from here, so a route added later is covered without editing them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from urllib.parse import quote

from api.app import create_app
from api.settings import Settings

__all__ = ["Parameter", "fill", "get_routes"]

Parameter = tuple[str, str]  # (name, "path" or "query")


def get_routes(excluded: Collection[str] = ()) -> dict[str, list[Parameter]]:
    """Every GET route that takes a path or query parameter: its template → its parameters.

    Read from the OpenAPI document of an app that is built but not started (building it opens
    no store), so it can parametrize tests at collection time.
    """
    spec = create_app(Settings(store=Path("/nonexistent/spkg-store"))).openapi()
    routes: dict[str, list[Parameter]] = {}
    for template, operations in sorted(spec["paths"].items()):
        if template in excluded or "get" not in operations:
            continue
        parameters = [
            (p["name"], p["in"])
            for p in operations["get"].get("parameters", [])
            if p["in"] in ("path", "query")
        ]
        if parameters:
            routes[template] = parameters
    return routes


def fill(
    template: str, values: Mapping[str, str], target: str | None = None, value: str = ""
) -> str:
    """The template's path with each `{name}` set from `values`, and the path parameter
    `target` (when given) set to `value`, percent-encoded as one segment."""
    path = template
    for name, default in values.items():
        path = path.replace("{" + name + "}", quote(value, safe="") if name == target else default)
    if target is not None and target not in values:
        path = path.replace("{" + target + "}", quote(value, safe=""))
    return path
