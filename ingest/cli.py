"""The ingest side of the `spkg` command: validate, ingest, remove, export, import, template and
query (argparse).

Each subcommand is a `Command` (its name, its options and what it runs); `main` runs any list of
them, so the service's package adds `serve` to these (the `spkg` console script) without this
package knowing of it. Exit codes: 0 ok, 1 the data are invalid, 2 a usage or environment
problem. Data problems are printed one a line as `path:row:column: message`, all of them, so a
curator fixes them in one go.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TextIO

from rdflib import BNode, Literal
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseQuery

from ingest.build import DEFAULT_JOBS, REASONERS, check_data, ingest_data
from ingest.cli_base import (
    EXIT_DATA,
    EXIT_OK,
    EXIT_USAGE,
    Command,
    add_store_options,
    open_store_of,
    print_all,
)
from ingest.cli_tools import (
    IMPORTERS,
    REVIEW_EXPORTS,
    import_command,
    import_options,
    template_command,
    template_options,
)
from ingest.errors import (
    DataFilesError,
    InconsistentDataError,
    ReviewsFailedError,
    SpkgError,
    ToolUnavailableError,
    ValidationFailedError,
)
from ingest.export import EXPORT_FORMATS, export
from ingest.formats import FORMATS
from ingest.iris import GRAPH_KINDS, KEY_PATTERN, Minter
from ingest.pipeline import remove_reviews, stored_reviews
from ingest.store import StoreError
from ingest.validators import VALIDATOR_ENV, VALIDATORS

__all__ = [
    "COMMANDS",
    "EXIT_DATA",
    "EXIT_OK",
    "EXIT_USAGE",
    "IMPORTERS",
    "REVIEW_EXPORTS",
    "Command",
    "add_store_options",
    "build_parser",
    "main",
    "run",
]

logger = logging.getLogger(__name__)

_QUERY_FORMATS = ("json", "csv", "tsv", "ttl")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit with spkg's code 2 (argparse's own default too)."""


def build_parser(commands: Iterable[Command] | None = None) -> argparse.ArgumentParser:
    """The argument parser of `spkg` with `commands` (this module's `COMMANDS` by default)."""
    parser = _Parser(prog="spkg", description="The social-prescribing knowledge graph.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS if commands is None else commands:
        command.configure(sub.add_parser(command.name, help=command.help))
    return parser


def main(argv: Sequence[str] | None = None, commands: Sequence[Command] | None = None) -> int:
    """Parse `argv` and run the chosen command; return the exit code."""
    chosen = list(COMMANDS if commands is None else commands)
    args = build_parser(chosen).parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return run(next(c for c in chosen if c.name == args.command).run, args)


def run(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one command; turn spkg's errors into printed messages and exit codes."""
    try:
        return command(args)
    except ReviewsFailedError as exc:  # every failing review's errors, then one exit code
        for failure in exc.failures:
            _print_data_failure(failure)
        print(f"{len(exc.failures)} review failure(s)", file=sys.stderr)
        return EXIT_DATA
    except (DataFilesError, ValidationFailedError, InconsistentDataError) as exc:
        _print_data_failure(exc)
        return EXIT_DATA
    except (ToolUnavailableError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SpkgError as exc:  # any other deliberate error is about the environment
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _print_data_failure(exc: SpkgError) -> None:
    """The located lines of a data failure on stderr, then its one-line summary."""
    if isinstance(exc, DataFilesError):
        print_all((e.located() for e in exc.errors), sys.stderr)
        print(f"{len(exc.errors)} data error(s)", file=sys.stderr)
    elif isinstance(exc, ValidationFailedError):
        print_all((r.located() for r in exc.report.results), sys.stderr)
        print(f"{exc.report.review_id}: {len(exc.report.violations)} violation(s)", file=sys.stderr)
    elif isinstance(exc, InconsistentDataError):
        print_all((e.located() for e in exc.cells), sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
    else:
        print(f"error: {exc}", file=sys.stderr)


def _validate(args: argparse.Namespace) -> int:
    prepared = check_data(
        args.data_dir,
        classify=not args.no_reasoner,
        reasoner=args.reasoner,
        validator=args.validator,
        jobs=args.jobs,
    )
    for item in prepared:
        print_all((r.located() for r in item.report.warnings), sys.stdout)
        print(
            f"{item.review_id}: valid ({len(item.report.warnings)} warning(s); "
            f"fingerprint {item.fingerprint})"
        )
    return EXIT_OK


def _ingest(args: argparse.Namespace) -> int:
    store = open_store_of(args)
    try:
        outcomes = ingest_data(
            args.data_dir,
            store,
            force=args.force,
            reasoner=args.reasoner,
            validator=args.validator,
            jobs=args.jobs,
        )
    finally:
        store.close()
    for outcome in outcomes:
        if outcome.removed:
            gone = len(outcome.triples)
            print(f"{outcome.review_id}: removed (its folder is gone; {gone} graphs dropped)")
            continue
        print_all((r.located() for r in outcome.report.warnings), sys.stdout)
        state = "loaded" if outcome.written else "unchanged, nothing written"
        counts = ", ".join(
            f"{iri.rsplit('/', 1)[-1]} {n}" for iri, n in sorted(outcome.triples.items())
        )
        counts = f"; {counts}" if counts else ""
        print(f"{outcome.review_id}: {state} (fingerprint {outcome.fingerprint}{counts})")
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    if not KEY_PATTERN.fullmatch(args.review):
        print(f"error: review id {args.review!r} is not a key", file=sys.stderr)
        return EXIT_USAGE
    store = open_store_of(args)
    try:
        if args.review not in stored_reviews(store):
            print(f"error: no review {args.review!r} in the store", file=sys.stderr)
            return EXIT_USAGE
        dropped = remove_reviews(store, [args.review])
    finally:
        store.close()
    print(f"{args.review}: removed ({len(dropped)} graphs)")
    return EXIT_OK


def _remove_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("review", metavar="REVIEW_ID", help="the review's id (its folder's name)")
    add_store_options(p)


def _export(args: argparse.Namespace) -> int:
    if args.format in REVIEW_EXPORTS:
        return REVIEW_EXPORTS[args.format](args)
    graphs = None
    store = open_store_of(args, read_only=True)
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
    path = Path(args.query)
    text = path.read_text(encoding="utf-8") if path.is_file() else args.query
    try:
        form = parseQuery(text)[1].name
    except Exception as exc:  # the SPARQL parser raises several unrelated types
        print(f"error: not a SPARQL query: {exc}", file=sys.stderr)
        return EXIT_USAGE
    store = open_store_of(args, read_only=True)
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
            fmt = FORMATS["jsonld" if args.format == "json" else "turtle"]
            out.write(graph.serialize(format=fmt.rdflib))
    finally:
        store.close()
    return EXIT_OK


def _variables(text: str, rows: list[dict]) -> list[str]:
    try:
        names = [str(v) for v in prepareQuery(text).algebra.get("PV") or []]
    except Exception:  # fall back to what the rows carry
        names = []
    return names or sorted({k for r in rows for k in r})


def _write_rows(rows: list[dict], names: list[str], fmt: str, out: TextIO) -> None:
    """SPARQL 1.1 results as JSON, CSV or TSV (Turtle is not a SELECT format: JSON then)."""
    if fmt == "csv":
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


_DATA_HELP = "a data folder, one review's folder or one review's workbook (.xlsx)"


def _reasoner_option(p: argparse.ArgumentParser) -> None:
    """`--reasoner rules|hermit` (`SPKG_REASONER`): the compiled rules, or HermiT per review."""
    p.add_argument(
        "--reasoner",
        choices=REASONERS,
        default=os.environ.get("SPKG_REASONER", REASONERS[0]),
        help="type the data with the ontology compiled into rules (default) or with HermiT "
        "per review (slow; for comparison)",
    )


def _validator_option(p: argparse.ArgumentParser) -> None:
    """`--validator turbo|pyshacl` (`SPKG_VALIDATOR`): the SHACL engine."""
    p.add_argument(
        "--validator",
        choices=VALIDATORS,
        default=os.environ.get(VALIDATOR_ENV, VALIDATORS[0]),
        help="validate with pyshacl-turbo (default) or pyshacl (the reference; slower)",
    )


def _jobs(text: str) -> int:
    """A number of worker processes: 1 or more."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {text!r}")
    return jobs


def _jobs_option(p: argparse.ArgumentParser) -> None:
    """`--jobs N`: pass one of the reviews in N worker processes."""
    p.add_argument(
        "--jobs",
        type=_jobs,
        default=DEFAULT_JOBS,
        metavar="N",
        help=f"read, map, classify and validate the reviews in N processes side by side "
        f"(default {DEFAULT_JOBS}; 1: in this process; HermiT always takes one)",
    )


def _validate_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("data_dir", nargs="?", default="data", type=Path, help=_DATA_HELP)
    p.add_argument("--no-reasoner", action="store_true", help="skip the OWL classification")
    _reasoner_option(p)
    _validator_option(p)
    _jobs_option(p)


def _ingest_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("data_dir", nargs="?", default="data", type=Path, help=_DATA_HELP)
    p.add_argument("--force", action="store_true", help="write even when the data are unchanged")
    _reasoner_option(p)
    _validator_option(p)
    _jobs_option(p)
    add_store_options(p)


def _export_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", required=True, choices=(*EXPORT_FORMATS, *REVIEW_EXPORTS))
    p.add_argument("--review", help="only this review's graphs")
    p.add_argument("--out", type=Path, help="file to write (default: standard output)")
    add_store_options(p)


def _query_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="QUERY_OR_FILE")
    p.add_argument("--format", choices=_QUERY_FORMATS, default="json")
    add_store_options(p)


COMMANDS: tuple[Command, ...] = (
    Command("validate", "check a data folder; write nothing", _validate_options, _validate),
    Command("ingest", "validate, classify and load a data folder", _ingest_options, _ingest),
    Command(
        "remove",
        "drop one review's graphs (records and studies other reviews include stay)",
        _remove_options,
        _remove,
    ),
    Command(
        "export",
        "write the store (or one review) as RDF, or one review in a reviewers' format",
        _export_options,
        _export,
    ),
    Command(
        "import",
        "add a reviewers' file (a REFI-QDA project …) to a review's folder",
        import_options,
        import_command,
    ),
    Command(
        "template",
        "write an empty review workbook (.xlsx) to fill in a spreadsheet",
        template_options,
        template_command,
    ),
    Command(
        "query",
        "run a SPARQL query (text or a file) against the store",
        _query_options,
        _query,
    ),
)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
