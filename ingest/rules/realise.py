"""A review's individuals realised: the engine run to the end, individuals that a functional
object property makes one merged, and the result checked against HermiT where HermiT has one.

OWL assumes no unique names: two values of a functional object property are one individual
(unless declared different: then the data contradict the ontology). The engine reports such
pairs; they are merged (union-find) and the run starts again over the merged individuals, which
happens only for data that give a functional property two values.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.rules.engine import Inconsistency, Run, Triple
from ingest.rules.expressions import UnsupportedAxiomError
from ingest.rules.tables import Rules

__all__ = ["Derived", "check_against_hierarchy", "derive"]

logger = logging.getLogger(__name__)


@dataclass
class Derived:
    """Every individual's named classes (asserted and derived), and the contradictions; keyed
    and valued by IRI text (`node_key`)."""

    types: dict[str, frozenset[str]]
    inconsistencies: list[Inconsistency] = field(default_factory=list)


def derive(rules: Rules, triples: Iterable[Triple], seed: bool = True) -> Derived:
    """Every individual's named classes under `rules`, and every contradiction.

    `triples` are data triples (types, links by the ontology's object properties, values of
    its data properties; others are ignored). `seed` adds the ontology's own individuals with
    HermiT's types (off only to check the rules against HermiT on those individuals).
    """
    triples = list(triples)
    parent: dict[str, str] = {}
    group: dict[str, set[str]] = {}

    def find(n: str) -> str:
        while n in parent:
            n = parent[n]
        return n

    while True:
        run = Run(rules, find)
        if seed:
            run.seed()
        for t in triples:
            run.triple(t, (t,))
        run.drain()
        merges = run.check()
        merged = False
        for n, a, b, why in merges:
            ra, rb = find(a), find(b)
            if ra == rb:
                continue
            members_a, members_b = group.get(ra, {ra}), group.get(rb, {rb})
            if any(rules.different.get(x, frozenset()) & members_b for x in members_a):
                reason = f"{n} links to {a} and to {b} by a functional property, yet they are "
                reason += "declared different"
                run.problem(n, reason, why)
                continue
            keep, drop = sorted((ra, rb))
            parent[drop] = keep
            group[keep] = members_a | members_b
            merged = True
        if not merged or run.problems:
            break
        logger.debug("merged individuals joined by a functional property; running again")
    types = {n: frozenset(t) for n, t in run.types.items()}
    for node in parent:
        types[node] = types.get(find(node), frozenset())
    problems = sorted(run.problems.values(), key=lambda p: (p.individual, p.reason))
    return Derived(types, problems)


def check_against_hierarchy(rules: Rules) -> None:
    """The rules must give HermiT's types for the ontology's own individuals.

    Raises `UnsupportedAxiomError` naming the first individual where they differ.
    """
    derived = derive(rules, rules.abox, seed=False)
    if derived.inconsistencies:
        first = derived.inconsistencies[0]
        raise UnsupportedAxiomError("the ontology's individuals", f"the rules find {first.reason}")
    for ind, expected in sorted(rules.individual_types.items()):
        got = derived.types.get(ind, frozenset())
        if got != expected:
            missing = sorted(map(str, expected - got))
            extra = sorted(map(str, got - expected))
            raise UnsupportedAxiomError(
                f"the ontology's individual {ind}",
                f"HermiT's types differ from the rules' (missing {missing}, extra {extra})",
            )
