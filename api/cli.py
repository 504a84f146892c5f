"""The `spkg` console command: ingest's commands (`ingest.cli`) plus `serve`, which starts the
service. This module may know both packages; `ingest` knows nothing of the service.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError

from api.app import create_app
from api.settings import Settings, export_settings
from ingest import cli as ingest_cli
from ingest.cli_base import EXIT_OK, EXIT_USAGE, Command, add_store_options

__all__ = ["COMMANDS", "FACTORY", "SERVE", "main", "serve", "serve_settings"]

logger = logging.getLogger(__name__)

WORKER_HEALTHCHECK_S = 60
# What each uvicorn worker process imports and calls to build its app.
FACTORY = "api.app:app_from_environment"
_STORE_OPTIONS = ("store", "endpoint", "update_endpoint", "gsp_endpoint", "engine")


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    add_store_options(parser)


def serve_settings(args: argparse.Namespace) -> Settings:
    """The environment's settings with the store options of the command line over them."""
    given = {name: getattr(args, name) for name in _STORE_OPTIONS if getattr(args, name)}
    return Settings(**given)


def serve(args: argparse.Namespace) -> int:
    """Serve the store over HTTP with `settings.http_workers` uvicorn worker processes."""
    try:
        settings = serve_settings(args)
    except ValidationError as exc:
        print(f"error: invalid settings: {exc}", file=sys.stderr)
        return EXIT_USAGE
    app: FastAPI | str
    if settings.http_workers == 1:
        app = create_app(settings)
        factory = False
    else:
        # uvicorn starts each worker as a fresh (spawned) interpreter that imports the app by
        # name, so no object can be handed to it: the workers read these same settings back from
        # the SPKG_* variables they inherit. This is the one place the environment is written.
        export_settings(settings, os.environ)
        app, factory = FACTORY, True
    # uvloop + httptools: the default asyncio + h11 pair costs more CPU per request and, with
    # several workers, answers small responses after a fixed ~40 ms (Nagle and delayed ACK).
    # Each HTTP worker process builds its own app and its own pool of query workers.
    uvicorn.run(
        app,
        factory=factory,
        host=args.host,
        port=args.port,
        loop="uvloop",
        http="httptools",
        workers=settings.http_workers,
        access_log=False,
        # A worker that has not answered its supervisor within this time is replaced. Building
        # the app takes ~3 s on an idle machine; uvicorn's 5 s default restarts workers in a
        # loop on a loaded one.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
    )
    return EXIT_OK


SERVE = Command("serve", "serve the store over HTTP", _serve_options, serve)
# Listed by `spkg --help` in this order: serve right after ingest, as `make run` runs them.
COMMANDS: tuple[Command, ...] = tuple(
    command
    for each in ingest_cli.COMMANDS
    for command in ((each, SERVE) if each.name == "ingest" else (each,))
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `spkg`; return the exit code (the console script exits with it)."""
    return ingest_cli.main(argv, COMMANDS)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
