"""A release folder: the dumps, ontology, shapes and queries, described by an RO-Crate.

`write_release(out, store, base)` is what `spkg release` runs; `python -m api.fair.release OUT`
does the same from the command line (exit 0 written, 2 store or usage error). The version in
the crate and the file names is the data version (see `api.fair.facts`), never typed by hand.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
from pathlib import Path

from rocrate.rocrate import ROCrate

from api.fair.citation import CITATION_PATH, load_citation
from api.fair.dumps import DumpCache
from api.fair.facts import DatasetFacts, read_facts
from api.fair.metadata import DATA_LICENSE, REVIEW_DOI
from ingest.namespaces import base_iri
from ingest.store import Store, StoreError, open_store

__all__ = ["main", "write_release"]

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]


def _copy(crate: ROCrate, source: Path, dest: str, props: dict[str, object]) -> None:
    crate.add_file(source, dest_path=dest, properties=props)


def write_release(out: Path, store: Store, base: str | None = None) -> DatasetFacts:
    """Write the release of what `store` holds now into `out` (created; must not exist)."""
    base = base or base_iri()
    facts = read_facts(store.select, base)
    citation = load_citation()
    crate = ROCrate()
    crate.name = citation.title
    crate.description = citation.abstract
    crate.root_dataset["license"] = DATA_LICENSE
    crate.root_dataset["version"] = facts.version
    crate.root_dataset["identifier"] = base
    crate.root_dataset["isBasedOn"] = {"@id": REVIEW_DOI}
    crate.root_dataset["keywords"] = list(citation.keywords)
    with tempfile.TemporaryDirectory() as tmp:
        cache = DumpCache(Path(tmp), lambda: _Borrowed(store), base)
        version, files = cache.current()
        for item in files:
            _copy(
                crate,
                Path(tmp) / version / item.name,
                f"dumps/{item.name}",
                {
                    "name": item.name,
                    "encodingFormat": item.media_type,
                    "contentSize": str(item.size),
                    "sha256": item.sha256,
                    "license": DATA_LICENSE,
                    "description": "The study-characteristics table"
                    if item.kind == "study-characteristics"
                    else f"The whole graph as {item.media_type}",
                },
            )
        _copy(
            crate,
            ROOT / "ontology" / "spkg.ttl",
            "ontology/spkg.ttl",
            {
                "name": "The spkg ontology (OWL)",
                "encodingFormat": "text/turtle",
            },
        )
        for shape in sorted((ROOT / "shapes").glob("*.ttl")):
            _copy(
                crate,
                shape,
                f"shapes/{shape.name}",
                {
                    "name": f"SHACL shapes: {shape.stem}",
                    "encodingFormat": "text/turtle",
                },
            )
        for query in sorted((ROOT / "api" / "queries").glob("*.rq")):
            _copy(
                crate,
                query,
                f"queries/{query.name}",
                {
                    "name": f"Named SPARQL query {query.stem}",
                    "encodingFormat": "application/sparql-query",
                },
            )
        _copy(
            crate,
            CITATION_PATH,
            "CITATION.cff",
            {
                "name": "How to cite",
                "encodingFormat": "application/x-yaml",
            },
        )
        crate.write(out)
    logger.info("release %s written to %s", facts.version, out)
    return facts


class _Borrowed:
    """A store handed to DumpCache whose close() leaves the caller's store open."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    def close(self) -> None:
        """The caller closes the store it opened."""


def main(argv: list[str] | None = None) -> int:
    """`python -m api.fair.release OUT [--store PATH | --endpoint URL]`."""
    parser = argparse.ArgumentParser(prog="spkg release", description=__doc__)
    parser.add_argument("out", type=Path, help="folder to write (must not exist)")
    parser.add_argument("--store", type=Path, default=None, help="embedded store directory")
    parser.add_argument("--endpoint", default=None, help="remote SPARQL query URL")
    args = parser.parse_args(argv)
    if args.out.exists():
        print(f"spkg release: {args.out} exists; choose a new folder", file=sys.stderr)
        return 2
    try:
        store = open_store(args.store, args.endpoint, read_only=True)
    except (StoreError, ValueError) as exc:
        print(f"spkg release: {exc}", file=sys.stderr)
        return 2
    try:
        facts = write_release(args.out, store)
    except StoreError as exc:
        shutil.rmtree(args.out, ignore_errors=True)
        print(f"spkg release: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    print(f"release {facts.version} written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
