"""HermiT's view of the ontology alone: consistency, the named class hierarchy and the types of
the ontology's own individuals, computed once per ontology and cached on disk.

This is the only place the rules path runs the Java reasoner, and it runs only when the
ontology (or the base IRI, or the reasoner's version) changed: the result is a small JSON file
keyed by the SHA-256 of the ontology's triples and the base, in the cache folder
(`SPKG_CACHE_DIR`, else `$XDG_CACHE_HOME/spkg`, else `~/.cache/spkg`). A cache that cannot be
read or written is not an error: the reasoner then runs again (and the ingest says so in its
log). An ontology that HermiT finds inconsistent, or with an unsatisfiable class, is refused.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from ingest.hermit import InconsistentOntologyError, hermit_world, ontology_input

__all__ = ["CACHE_FORMAT", "Hierarchy", "cache_dir", "classify_ontology", "ontology_key"]

logger = logging.getLogger(__name__)

# Bumped whenever the cached content or its meaning changes.
CACHE_FORMAT = 1


@dataclass(frozen=True)
class Hierarchy:
    """What HermiT concluded from the ontology alone.

    `ancestors`: every named class → its named superclasses, itself included (owl:Thing left
    out); `individuals`: every named individual of the ontology → its named classes.
    """

    key: str
    ancestors: dict[URIRef, frozenset[URIRef]]
    individuals: dict[URIRef, frozenset[URIRef]]

    def to_json(self) -> dict:
        return {
            "format": CACHE_FORMAT,
            "key": self.key,
            "ancestors": {str(c): sorted(map(str, a)) for c, a in sorted(self.ancestors.items())},
            "individuals": {
                str(i): sorted(map(str, t)) for i, t in sorted(self.individuals.items())
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> Hierarchy:
        def table(name: str) -> dict[URIRef, frozenset[URIRef]]:
            return {URIRef(k): frozenset(map(URIRef, v)) for k, v in data[name].items()}

        return cls(data["key"], table("ancestors"), table("individuals"))


def _tool_versions() -> str:
    try:
        return f"owlready2 {version('owlready2')}"
    except PackageNotFoundError:  # pragma: no cover - owlready2 is a dependency
        return "owlready2 unknown"


def _digest(graph: Graph) -> str | None:
    """SHA-256 of a graph's triples with each blank node named by the hash of what it states
    (its triples, recursively), so two parses of one file agree; None when blank nodes form a
    cycle (no such name exists then)."""
    said: dict[BNode, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o in graph:
        if isinstance(s, BNode):
            said[s].append((p, o))
    names: dict[BNode, str] = {}
    open_: set[BNode] = set()

    def name(node: Node) -> str:
        if not isinstance(node, BNode):
            return node.n3()
        if node in names:
            return names[node]
        if node in open_:
            raise RecursionError("blank nodes form a cycle")
        open_.add(node)
        body = "\n".join(sorted(f"{p.n3()} {name(o)}" for p, o in said[node]))
        open_.discard(node)
        names[node] = "_:" + hashlib.sha256(body.encode("utf-8")).hexdigest()
        return names[node]

    digest = hashlib.sha256()
    try:
        for line in sorted(f"{name(s)} {p.n3()} {name(o)}" for s, p, o in graph):
            digest.update(line.encode("utf-8"))
            digest.update(b"\n")
    except RecursionError:
        return None
    return digest.hexdigest()


def ontology_key(ontology: Graph, base: str) -> str | None:
    """The key a classification of `ontology` is cached under: the digest of its triples, the
    base IRI, the reasoner's version and the cache format (None: not cacheable)."""
    content = _digest(ontology)
    if content is None:
        return None
    digest = hashlib.sha256(content.encode("ascii"))
    digest.update(f"\n{base}\n{_tool_versions()}\nformat {CACHE_FORMAT}".encode())
    return digest.hexdigest()


def cache_dir() -> Path:
    """Where classifications of the ontology are kept between runs."""
    configured = os.environ.get("SPKG_CACHE_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "spkg"


def _read(path: Path, key: str) -> Hierarchy | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != CACHE_FORMAT or data.get("key") != key:
            return None
        return Hierarchy.from_json(data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("ignoring unreadable ontology classification %s (%s)", path, exc)
        return None


def _write(path: Path, hierarchy: Hierarchy) -> None:
    """Write atomically (a temporary file renamed), so concurrent runs never read half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".ontology-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(hierarchy.to_json(), out, indent=0)
        os.replace(name, path)
    except OSError as exc:
        logger.warning("could not cache the ontology's classification in %s (%s)", path, exc)


def _run_hermit(ontology: Graph, key: str) -> Hierarchy:
    """Classify the ontology alone with HermiT; refuse it if inconsistent or unsatisfiable."""
    import owlready2

    try:
        world = hermit_world(ontology_input(ontology))
    except owlready2.OwlReadyInconsistentOntologyError:
        raise InconsistentOntologyError(
            reasons=("HermiT finds the ontology alone inconsistent",)
        ) from None
    try:
        unsatisfiable = sorted(
            c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing
        )
        if unsatisfiable:
            raise InconsistentOntologyError(
                classes=tuple(unsatisfiable),
                reasons=tuple(f"{c} is unsatisfiable" for c in unsatisfiable),
            )

        def named(classes) -> frozenset[URIRef]:
            return frozenset(
                URIRef(c.iri)
                for c in classes
                if isinstance(c, owlready2.ThingClass) and c is not owlready2.Thing
            )

        ancestors = {URIRef(c.iri): named(c.ancestors()) for c in world.classes()}
        individuals = {URIRef(i.iri): named(i.INDIRECT_is_a) for i in world.individuals()}
    finally:
        world.close()
    return Hierarchy(key, ancestors, individuals)


def classify_ontology(ontology: Graph, key: str | None, use_cache: bool = True) -> Hierarchy:
    """HermiT's hierarchy of `ontology`, from the cache when `key` (see `ontology_key`) is
    there; `key` None (an ontology not read from the file) always runs the reasoner.

    Raises `InconsistentOntologyError` or `ReasonerUnavailableError`.
    """
    path = cache_dir() / f"ontology-{key}.json" if key else None
    if path is not None and use_cache:
        found = _read(path, key)  # type: ignore[arg-type]
        if found is not None:
            logger.debug("ontology classification read from %s", path)
            return found
    logger.info("classifying the ontology with HermiT (its classification is not cached)")
    hierarchy = _run_hermit(ontology, key or "")
    if path is not None:
        _write(path, hierarchy)
    return hierarchy
