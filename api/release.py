"""A release folder: the dumps, ontology, shapes and queries, described by an RO-Crate.

`write_release(out, store, base)` writes it; `python -m api.release OUT` (what `make release`
runs) does the same from the command line (exit 0 written, 2 store or usage error). The version
in the crate and the file names is the data version (see `api.facts`), never typed by hand.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
from pathlib import Path
from typing import cast

from rocrate.model.contextentity import ContextEntity
from rocrate.rocrate import ROCrate

from api.citation import CFF_MEDIA_TYPE, CITATION_PATH, DATA_LICENSE, load_citation
from api.dumps.cache import CSV_KIND, DumpCache
from api.facts import DatasetFacts, read_facts
from api.metadata.schema_org import based_on
from api.rest.named import query_file, query_names
from ingest.formats import FORMATS
from ingest.namespaces import base_iri
from ingest.ontology import ONTOLOGY_FILE, SHAPES_DIR
from ingest.store import Store, StoreError, open_store

__all__ = ["main", "write_release"]

logger = logging.getLogger(__name__)

SPARQL_QUERY_MEDIA_TYPE = "application/sparql-query"
TURTLE = FORMATS["turtle"].media_type


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
    crate.root_dataset["isBasedOn"] = [
        {"@id": item["@id"]} for item in based_on(facts)
    ]  # every review held; each described below from its own data
    for item in based_on(facts):
        crate.add(
            ContextEntity(
                crate, item["@id"], properties={k: v for k, v in item.items() if k != "@id"}
            )
        )
    crate.root_dataset["keywords"] = list(citation.keywords)
    with tempfile.TemporaryDirectory() as tmp:
        cache = DumpCache(Path(tmp), lambda: cast(Store, _Borrowed(store)), base)
        version, files = cache.current()
        for dump in files:
            _copy(
                crate,
                Path(tmp) / version / dump.name,
                f"dumps/{dump.name}",
                {
                    "name": dump.name,
                    "encodingFormat": dump.media_type,
                    "contentSize": str(dump.size),
                    "sha256": dump.sha256,
                    "license": DATA_LICENSE,
                    "description": "The study-characteristics table"
                    if dump.kind == CSV_KIND
                    else f"The whole graph as {dump.media_type}",
                },
            )
        _copy(
            crate,
            ONTOLOGY_FILE,
            f"ontology/{ONTOLOGY_FILE.name}",
            {"name": "The spkg ontology (OWL)", "encodingFormat": TURTLE},
        )
        for shape in sorted(SHAPES_DIR.glob("*.ttl")):
            _copy(
                crate,
                shape,
                f"shapes/{shape.name}",
                {"name": f"SHACL shapes: {shape.stem}", "encodingFormat": TURTLE},
            )
        for query in (query_file(name) for name in query_names()):
            _copy(
                crate,
                query,
                f"queries/{query.name}",
                {
                    "name": f"Named SPARQL query {query.stem}",
                    "encodingFormat": SPARQL_QUERY_MEDIA_TYPE,
                },
            )
        _copy(
            crate,
            CITATION_PATH,
            "CITATION.cff",
            {"name": "How to cite", "encodingFormat": CFF_MEDIA_TYPE},
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
    """`python -m api.release OUT [--store PATH | --endpoint URL]`."""
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
