"""The `spkg` command: validate, ingest, serve, export and query (argparse).

Exit codes: 0 ok, 1 the data are invalid, 2 a usage or environment problem. Data problems are
printed one a line as `path:row:column: message`, all of them, so a curator fixes them in one go.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ingest.errors import (
    DataErrors,
    InconsistentData,
    SpkgError,
    StoreError,
    ToolUnavailable,
    ValidationFailed,
)

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "main"]

log = logging.getLogger(__name__)

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
_QUERY_FORMATS = ("json", "csv", "tsv", "ttl")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit with spkg's code 2 (argparse's own default too)."""


def _store_options(parser: argparse.ArgumentParser) -> None:
    env = os.environ.get
    group = parser.add_argument_group("store (default: embedded at .spkg/store)")
    group.add_argument("--store", default=env("SPKG_STORE"), help="embedded store directory")
    group.add_argument("--endpoint", default=env("SPKG_ENDPOINT"), help="SPARQL query URL")
    group.add_argument("--update-endpoint", default=env("SPKG_UPDATE_ENDPOINT"))
    group.add_argument("--gsp-endpoint", default=env("SPKG_GSP_ENDPOINT"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `spkg` and its subcommands."""
    parser = _Parser(prog="spkg", description="The social-prescribing knowledge graph.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a data folder; write nothing")
    p.add_argument("data_dir", nargs="?", default="data", type=Path)
    p.add_argument("--no-reasoner", action="store_true", help="skip the OWL classification")

    p = sub.add_parser("ingest", help="validate, classify and load a data folder")
    p.add_argument("data_dir", nargs="?", default="data", type=Path)
    p.add_argument("--force", action="store_true", help="write even when the data are unchanged")
    _store_options(p)

    p = sub.add_parser("serve", help="serve the store over HTTP")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    _store_options(p)

    p = sub.add_parser("export", help="write the store (or one review) as RDF")
    p.add_argument("--format", required=True, choices=("ttl", "nt", "nq", "trig", "jsonld"))
    p.add_argument("--review", help="only this review's graphs")
    p.add_argument("--out", type=Path, help="file to write (default: standard output)")
    _store_options(p)

    p = sub.add_parser("query", help="run a SPARQL query (text or a file) against the store")
    p.add_argument("query", metavar="QUERY_OR_FILE")
    p.add_argument("--format", choices=_QUERY_FORMATS, default="json")
    _store_options(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `spkg`; return the exit code (the console script exits with it)."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    command = {
        "validate": _validate,
        "ingest": _ingest,
        "serve": _serve,
        "export": _export,
        "query": _query,
    }[args.command]
    try:
        return command(args)
    except DataErrors as exc:
        _print_all((e.located() for e in exc.errors), sys.stderr)
        print(f"{len(exc.errors)} data error(s)", file=sys.stderr)
        return EXIT_DATA
    except ValidationFailed as exc:
        _print_all((r.located() for r in exc.report.results), sys.stderr)
        print(f"{exc.report.review_id}: {len(exc.report.violations)} violation(s)", file=sys.stderr)
        return EXIT_DATA
    except InconsistentData as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except (ToolUnavailable, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SpkgError as exc:  # any other deliberate error is about the environment
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _print_all(lines: object, stream: TextIO) -> None:
    for line in lines:  # type: ignore[attr-defined]
        print(line, file=stream)


def _validate(args: argparse.Namespace) -> int:
    from ingest.build import check_data

    prepared = check_data(args.data_dir, classify=not args.no_reasoner)
    for item in prepared:
        _print_all((r.located() for r in item.report.warnings), sys.stdout)
        print(
            f"{item.review_id}: valid ({len(item.report.warnings)} warning(s); "
            f"fingerprint {item.fingerprint})"
        )
    return EXIT_OK


def _open(args: argparse.Namespace, read_only: bool = False):
    from ingest.store import open_store

    if args.endpoint:
        return open_store(
            endpoint=args.endpoint,
            update_endpoint=args.update_endpoint,
            gsp_endpoint=args.gsp_endpoint,
            read_only=read_only,
        )
    return open_store(store_path=args.store or None, read_only=read_only)


def _ingest(args: argparse.Namespace) -> int:
    from ingest.build import ingest_data

    store = _open(args)
    try:
        outcomes = ingest_data(args.data_dir, store, force=args.force)
    finally:
        store.close()
    for outcome in outcomes:
        _print_all((r.located() for r in outcome.report.warnings), sys.stdout)
        state = "loaded" if outcome.written else "unchanged, nothing written"
        counts = ", ".join(
            f"{iri.rsplit('/', 1)[-1]} {n}" for iri, n in sorted(outcome.triples.items())
        )
        counts = f"; {counts}" if counts else ""
        print(f"{outcome.review_id}: {state} (fingerprint {outcome.fingerprint}{counts})")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    # The app reads its settings from SPKG_* variables (api.settings).
    for name in ("store", "endpoint", "update_endpoint", "gsp_endpoint"):
        value = getattr(args, name)
        if value:
            os.environ[f"SPKG_{name.upper()}"] = str(value)
    from api.settings import Settings

    # uvloop + httptools: the default asyncio + h11 pair costs more CPU per request and, with
    # several workers, answers small responses after a fixed ~40 ms (Nagle and delayed ACK).
    # Each HTTP worker process builds its own app and its own pool of query workers.
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        loop="uvloop",
        http="httptools",
        workers=Settings().http_workers,
        access_log=False,
    )
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from ingest.export import export
    from ingest.iris import GRAPH_KINDS, Minter

    graphs = None
    store = _open(args, read_only=True)
    try:
        if args.review:
            minter = Minter(args.review)
            graphs = [str(minter.graph(k)) for k in GRAPH_KINDS]
            present = set(store.named_graphs())
            graphs = [g for g in graphs if g in present]
            if not graphs:
                print(f"error: no review {args.review!r} in the store", file=sys.stderr)
                return EXIT_USAGE
        if args.out:
            with args.out.open("wb") as out:
                export(store, args.format, out, graphs)
        else:
            export(store, args.format, sys.stdout.buffer, graphs)
            sys.stdout.buffer.flush()
    finally:
        store.close()
    return EXIT_OK


def _query(args: argparse.Namespace) -> int:
    from rdflib.plugins.sparql.parser import parseQuery

    path = Path(args.query)
    text = path.read_text(encoding="utf-8") if path.is_file() else args.query
    try:
        form = parseQuery(text)[1].name
    except Exception as exc:  # the SPARQL parser raises several unrelated types
        print(f"error: not a SPARQL query: {exc}", file=sys.stderr)
        return EXIT_USAGE
    store = _open(args, read_only=True)
    try:
        out = sys.stdout
        if form == "SelectQuery":
            rows = store.select(text)
            _write_rows(rows, _variables(text, rows), args.format, out)
        elif form == "AskQuery":
            answer = store.ask(text)
            if args.format == "json":
                json.dump({"head": {}, "boolean": answer}, out)
                out.write("\n")
            else:
                print("true" if answer else "false", file=out)
        else:
            graph = store.construct(text)
            fmt = "json-ld" if args.format == "json" else "turtle"
            out.write(graph.serialize(format=fmt))
    finally:
        store.close()
    return EXIT_OK


def _variables(text: str, rows: list[dict]) -> list[str]:
    from rdflib.plugins.sparql import prepareQuery

    try:
        names = [str(v) for v in prepareQuery(text).algebra.get("PV", [])]
    except Exception:  # fall back to what the rows carry
        names = []
    return names or sorted({k for r in rows for k in r})


def _write_rows(rows: list[dict], names: list[str], fmt: str, out: TextIO) -> None:
    """SPARQL 1.1 results as JSON, CSV or TSV (Turtle is not a SELECT format: JSON then)."""
    from rdflib import BNode, Literal

    if fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(names)
        for r in rows:
            writer.writerow(["" if r.get(n) is None else str(r[n]) for n in names])
        return
    if fmt == "tsv":
        out.write("\t".join(f"?{n}" for n in names) + "\n")
        for r in rows:
            out.write("\t".join("" if r.get(n) is None else r[n].n3() for n in names) + "\n")
        return

    def term(value: object) -> dict[str, str]:
        if isinstance(value, Literal):
            d = {"type": "literal", "value": str(value)}
            if value.language:
                d["xml:lang"] = value.language
            elif value.datatype:
                d["datatype"] = str(value.datatype)
            return d
        if isinstance(value, BNode):
            return {"type": "bnode", "value": str(value)}
        return {"type": "uri", "value": str(value)}

    bindings = [{k: term(v) for k, v in r.items() if v is not None} for r in rows]
    json.dump({"head": {"vars": names}, "results": {"bindings": bindings}}, out, indent=1)
    out.write("\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
