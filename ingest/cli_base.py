"""What every `spkg` subcommand shares: the `Command` record, exit codes, store options and
opening the store they name, and printing a curator's list of problems."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TextIO

from ingest.store import Store, config_from, open_store
from ingest.store.engines import ENGINES

__all__ = [
    "EXIT_DATA",
    "EXIT_OK",
    "EXIT_USAGE",
    "Command",
    "add_store_options",
    "open_store_of",
    "print_all",
]

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class Command:
    """One subcommand: its name and help, how it adds its options, and what it runs."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def add_store_options(parser: argparse.ArgumentParser) -> None:
    """`--store`, `--endpoint`, `--update-endpoint`, `--gsp-endpoint`, `--engine`, from `SPKG_*`."""
    env = os.environ.get
    group = parser.add_argument_group("store (default: embedded at .spkg/store)")
    group.add_argument("--store", default=env("SPKG_STORE"), help="embedded store directory")
    group.add_argument("--endpoint", default=env("SPKG_ENDPOINT"), help="SPARQL query URL")
    group.add_argument("--update-endpoint", default=env("SPKG_UPDATE_ENDPOINT"))
    group.add_argument("--gsp-endpoint", default=env("SPKG_GSP_ENDPOINT"))
    group.add_argument(
        "--engine",
        default=env("SPKG_ENGINE"),
        choices=sorted(ENGINES),
        help="the endpoint's server, for its update and Graph Store URLs (default: guessed)",
    )


def print_all(lines: Iterable[str], stream: TextIO) -> None:
    """Each line on its own line of `stream`."""
    for line in lines:
        print(line, file=stream)


def open_store_of(args: argparse.Namespace, read_only: bool = False) -> Store:
    """The store the command's `--store`/`--endpoint` options (or `SPKG_*`) name."""
    return open_store(config_from(args), read_only=read_only)
