"""The reviewers'-tools side of `spkg`: the workbook template, imports into a review's folder
(REFI-QDA projects, RIS and BibTeX) and the per-review exports (xlsx, qdpx, qdc, RIS, BibTeX,
CSL-JSON), each a handler the ingest commands dispatch to."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path

from ingest.cli_base import EXIT_OK, EXIT_USAGE, print_all
from ingest.cli_base import open_store_of as _open
from ingest.iris import KEY_PATTERN
from ingest.pipeline import stored_reviews
from ingest.references import READERS, export_references, import_references
from ingest.refiqda import QDA_FORMATS, export_refiqda, import_qdpx
from ingest.workbook.export import export_workbook
from ingest.workbook.reader import is_workbook
from ingest.workbook.template import write_template

__all__ = [
    "IMPORTERS",
    "REVIEW_EXPORTS",
    "import_command",
    "import_options",
    "template_command",
    "template_options",
]

_print_all = print_all


def _workbook_out(args: argparse.Namespace, what: str) -> Path | None:
    """The `.xlsx` file a command writes, or None after printing why it cannot (usage)."""
    out: Path | None = args.out
    if out is None or not is_workbook(out):
        print(f"error: {what} needs an output file ending in .xlsx", file=sys.stderr)
        return None
    if not out.parent.is_dir():
        print(f"error: no such folder: {out.parent}", file=sys.stderr)
        return None
    return out


def template_command(args: argparse.Namespace) -> int:
    out = _workbook_out(args, "spkg template")
    if out is None:
        return EXIT_USAGE
    write_template(out)
    print(f"wrote {out}: an empty review workbook (see its README sheet)")
    return EXIT_OK


def template_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", type=Path, metavar="OUT.xlsx", help="the workbook to write")


def _export_xlsx(args: argparse.Namespace) -> int:
    """The review's source tables, as its provenance graph keeps them, as a workbook."""
    if not args.review:
        print("error: --format xlsx needs --review ID", file=sys.stderr)
        return EXIT_USAGE
    out = _workbook_out(args, "--format xlsx")
    if out is None:
        return EXIT_USAGE
    store = _open(args, read_only=True)
    try:
        written = export_workbook(store, args.review, out)
    finally:
        store.close()
    counts = ", ".join(f"{name.removesuffix('.csv')} {n}" for name, n in written.rows.items())
    print(f"{written.review_id}: wrote {out} ({counts})")
    return EXIT_OK


def _export_qda(args: argparse.Namespace) -> int:
    """The review's themes, records and quotes as a REFI-QDA project (qdpx) or codebook (qdc)."""
    if not args.review:
        print(f"error: --format {args.format} needs --review ID", file=sys.stderr)
        return EXIT_USAGE
    if args.out is None and args.format == "qdpx":
        print("error: --format qdpx writes a zip archive: give --out FILE", file=sys.stderr)
        return EXIT_USAGE
    store = _open(args, read_only=True)
    try:
        if args.review not in stored_reviews(store):
            print(f"error: no review {args.review!r} in the store", file=sys.stderr)
            return EXIT_USAGE
        written = io.BytesIO()  # the file appears only once the whole export has succeeded
        summary = export_refiqda(store, args.review, args.format, written)
    finally:
        store.close()
    if args.out is None:
        sys.stdout.buffer.write(written.getvalue())
        sys.stdout.buffer.flush()
    else:
        args.out.write_bytes(written.getvalue())
    report = sys.stderr if args.out is None else sys.stdout
    print(
        f"{args.review}: wrote {args.out or 'standard output'} ({QDA_FORMATS[args.format]}; "
        f"themes {summary.themes}, records {summary.records}, quotes {summary.quotes})",
        file=report,
    )
    if summary.left_out:
        print(f"left out, not stated by the review: {len(summary.left_out)}", file=report)
        _print_all((f"  - {item}" for item in summary.left_out), report)
    return EXIT_OK


def _export_references(args: argparse.Namespace) -> int:
    """The review's records as RIS, BibTeX or CSL-JSON, read from the store."""
    if not args.review:
        print(f"error: --format {args.format} needs --review ID", file=sys.stderr)
        return EXIT_USAGE
    store = _open(args, read_only=True)
    try:
        if args.review not in stored_reviews(store):
            print(f"error: no review {args.review!r} in the store", file=sys.stderr)
            return EXIT_USAGE
        written = export_references(store, args.review, args.format)
    finally:
        store.close()
    if args.out is None:
        sys.stdout.buffer.write(written.body)
        sys.stdout.buffer.flush()
    else:
        args.out.write_bytes(written.body)
    report = sys.stderr if args.out is None else sys.stdout
    _print_all(written.lines(args.out or "standard output"), report)
    return EXIT_OK


# Formats written per review by a handler of their own (the RDF formats are `_export`'s).
REVIEW_EXPORTS: dict[str, Callable[[argparse.Namespace], int]] = {
    "xlsx": _export_xlsx,
    "qdpx": _export_qda,
    "qdc": _export_qda,
    "ris": _export_references,
    "bibtex": _export_references,
    "csljson": _export_references,
}


def _import_qdpx(args: argparse.Namespace) -> int:
    """A REFI-QDA project into the review's folder, with a report of what was not mapped."""
    outcome = import_qdpx(args.file, args.review, args.data)
    state = "created" if outcome.created else "updated"
    if not outcome.written:
        state = "unchanged, nothing written:"
    print(f"{args.review}: {state} {outcome.folder} from {args.file}")
    _print_all(outcome.report.lines(), sys.stdout)
    return EXIT_OK


def _import_references(args: argparse.Namespace) -> int:
    """A reference manager's file (RIS or BibTeX) into the review's records.csv."""
    references = READERS[args.kind](args.file)
    report = import_references(args.data / args.review, references, args.file)
    _print_all(report.lines(), sys.stdout)
    return EXIT_OK


# `spkg import KIND FILE --review ID`: the reader of each kind of file.
IMPORTERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "qdpx": _import_qdpx,
    "ris": _import_references,
    "bibtex": _import_references,
}


def import_command(args: argparse.Namespace) -> int:
    if not KEY_PATTERN.fullmatch(args.review):
        print(
            f"error: review id {args.review!r} is not a key ({KEY_PATTERN.pattern})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not args.file.is_file():
        print(f"error: no such file: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    return IMPORTERS[args.kind](args)


def import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=tuple(IMPORTERS), help="what kind of file FILE is")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--review", required=True, help="the review's id (its folder's name)")
    p.add_argument("--data", type=Path, default=Path("data"), help="the data folder (data)")
