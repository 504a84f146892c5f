"""The compiled rules run over one review's triples: its individuals' types, or what contradicts.

One pass states each triple (a type with its named superclasses, a link with its
superproperties, inverses, domain and range, a value), then a work list re-examines the
individuals whose facts changed, and the individuals linking to them, until nothing changes:
defined classes whose expression now holds, unions narrowed by disjointness, values implied
for a functional property. Each individual's facts are bounded by the ontology's classes and
properties, so the work is linear in the review's triples.

Every derived type remembers the data triples it came from, so a contradiction names the
triples (and, through the mapping, the spreadsheet cells) behind it. `Run.check` lists the
individuals a functional object property makes the same; `ingest.rules.realise` merges them
and runs again.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from ingest.rules.expressions import (
    And,
    DataRange,
    Expr,
    Named,
    Or,
    Some,
    Value,
    conjuncts,
    in_range,
    value_key,
)
from ingest.rules.tables import Rules

__all__ = ["Inconsistency", "Run", "Triple", "node_key"]

logger = logging.getLogger(__name__)

Triple = tuple[Node, Node, Node]
# why an individual has a type: (kind, the class or property it came through, data triples)
Why = tuple[str, str | None, tuple[Triple, ...]]
# a literal's value (`value_key`)
Key = tuple[str, object]
_BUILTIN = (str(OWL), str(RDFS), str(RDF))
_TYPE, _THING = str(RDF.type), str(OWL.Thing)


def node_key(term: Node) -> str:
    """An individual as the engine names it: its IRI, or `_:` and a blank node's label."""
    if type(term) is URIRef:  # the common case, without rdflib's abstract-class check
        return str(term)
    return "_:" + str(term) if isinstance(term, BNode) else str(term)


@dataclass(frozen=True)
class Inconsistency:
    """An individual whose facts contradict the ontology, and the data triples behind it."""

    individual: str
    reason: str
    triples: tuple[Triple, ...]


def _short(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]


class Run:
    """One evaluation of the rules over a set of triples (individuals renamed by `find`)."""

    def __init__(self, rules: Rules, find: Callable[[str], str]) -> None:
        self.r = rules
        self.find = find
        self.types: dict[str, set[str]] = {}
        # individual → the classes stated or derived for it directly, and why (a superclass
        # of one of them is there because of it: see `why_of`)
        self.direct: dict[str, dict[str, Why]] = {}
        self.out: dict[str, dict[str, dict[str, tuple[Triple, ...]]]] = {}
        self.inn: dict[str, set[str]] = {}
        # individual → property → value → (the literal as written, why)
        self.values: dict[str, dict[str, dict[Key, tuple[str, tuple[Triple, ...]]]]] = {}
        self.anon: dict[str, dict[tuple[str, Expr | DataRange], Why]] = {}
        self.ors: dict[str, dict[Or, list]] = {}  # [why, settled]
        self.problems: dict[tuple, Inconsistency] = {}
        self.queue: deque[str] = deque()
        self.queued: set[str] = set()
        self.forced: set[tuple] = set()
        # while the triples are first stated, nothing is queued: every individual is examined
        # once afterwards (`drain`)
        self.loading = True

    # --- stating facts ----------------------------------------------------------------------

    def seed(self) -> None:
        """The ontology's individuals with HermiT's types and their property assertions."""
        for ind, classes in self.r.individual_types.items():
            for cls in classes:
                self.add_type(self.find(ind), cls, ("ontology", None, ()))
        for t in self.r.abox:
            if t[1] != RDF.type:
                self.triple(t, ())

    def triple(self, t: Triple, why: tuple[Triple, ...]) -> None:
        """State one data triple (`why`: the triples to name if it leads to a contradiction)."""
        s, p, o = t
        n, prop = self.find(node_key(s)), str(p)
        if prop == _TYPE:
            cls = str(o)
            if (type(o) is URIRef or isinstance(o, URIRef)) and not cls.startswith(_BUILTIN):
                self.add_type(n, cls, ("asserted", None, why))
        elif prop in self.r.object_properties:
            if type(o) is Literal or isinstance(o, Literal):
                self.problem(n, f"{_short(p)} links to individuals, not to {o!r}", why)
            else:
                self.add_edge(n, prop, self.find(node_key(o)), why)
        elif prop in self.r.data_properties:
            if not isinstance(o, Literal):
                self.problem(n, f"{_short(p)} takes a value, not the individual {o}", why)
                return
            key = value_key(o)
            if key is None:
                self.problem(n, f"{o!r} is not a valid {o.datatype}", why)
            else:
                self.add_value(n, prop, key, str(o), why)

    def add_type(self, n: str, cls: str, why: Why) -> None:
        have = self.types.get(n)
        if have is None:
            have = self.types[n] = set()
        elif cls in have:
            return
        new = [c for c in self.r.superclasses(cls) if c not in have]
        have.update(new)
        direct = self.direct.get(n)
        if direct is None:
            direct = self.direct[n] = {}
        direct[cls] = why
        for c in new:
            clash = self.r.disjoint.get(c)
            if clash:
                for other in clash & have:
                    self._disjoint(n, c, other)
            for expr in self.r.consequences.get(c, ()):
                self.apply(n, expr, ("implied", c, why[2]))
        self.touch(n)

    def add_edge(self, s: str, p: str, o: str, why: tuple[Triple, ...]) -> None:
        rules = self.r
        for q, inverted in rules.expansions[p]:
            a, b = (o, s) if inverted else (s, o)
            edges = self.out.get(a)
            if edges is None:
                edges = self.out[a] = {}
            targets = edges.get(q)
            if targets is None:
                targets = edges[q] = {}
            elif b in targets:
                continue
            targets[b] = why
            if q in rules.successor_properties:
                self.inn.setdefault(b, set()).add(a)
            for expr in rules.domains.get(q, ()):
                self._consequence(a, expr, ("domain", q, why))
            for expr in rules.ranges.get(q, ()):
                self._consequence(b, expr, ("range", q, why))
            self.touch(a)

    def _consequence(self, n: str, expr: Expr, why: Why) -> None:
        """`apply`, with the common case (a named class n already has) answered inline."""
        if type(expr) is Named:
            have = self.types.get(n)
            if have is not None and expr.iri in have:
                return
        self.apply(n, expr, why)

    def add_value(self, s: str, p: str, key: Key, text: str, why: tuple[Triple, ...]) -> None:
        for q in self.r.data_supers[p]:
            values = self.values.setdefault(s, {}).setdefault(q, {})
            if key in values:
                continue
            values[key] = (text, why)
            for expr in self.r.domains.get(q, ()):
                self._consequence(s, expr, ("domain", q, why))
        self.touch(s)

    def apply(self, n: str, expr: Expr, why: Why) -> None:
        """Make `expr` true of `n` (a consequence: a domain, a range, a defined class's half)."""
        if isinstance(expr, Named):
            if expr.iri != _THING:
                self.add_type(n, expr.iri, why)
        elif isinstance(expr, And):
            for part in expr.parts:
                self.apply(n, part, why)
        elif isinstance(expr, Or):
            self.ors.setdefault(n, {}).setdefault(expr, [why, False])
            self.touch(n)
        elif isinstance(expr, Value):
            if isinstance(expr.value, tuple):
                self.add_value(n, expr.prop, expr.value, str(expr.value[1]), why[2])
            else:
                self.add_edge(n, expr.prop, self.find(expr.value), why[2])
        else:  # Some: an unnamed successor, and what having one says about n
            self.anon.setdefault(n, {}).setdefault((expr.prop, expr.filler), why)
            for sub in self.r.subject_consequences(expr.prop):
                self.apply(n, sub, ("domain", expr.prop, why[2]))
            self.touch(n)

    def touch(self, n: str) -> None:
        """Queue `n`, and the individuals whose definitions read n's classes, for `_examine`."""
        if self.loading:
            return
        if n not in self.queued:
            self.queued.add(n)
            self.queue.append(n)
        for m in self.inn.get(n, ()):
            if m not in self.queued:
                self.queued.add(m)
                self.queue.append(m)

    def problem(self, n: str, reason: str, triples: Iterable[Triple], key: object = None) -> None:
        k = (n, key if key is not None else reason)
        if k not in self.problems:
            self.problems[k] = Inconsistency(n, reason, tuple(dict.fromkeys(triples)))

    def _disjoint(self, n: str, a: str, b: str) -> None:
        a, b = sorted((a, b))
        reason = (
            f"{n} is both {a} ({self.explain(n, a)}) and {b} ({self.explain(n, b)}), "
            "which are disjoint"
        )
        self.problem(n, reason, self.why_of(n, a)[2] + self.why_of(n, b)[2], key=(a, b))

    def why_of(self, n: str, cls: str) -> Why:
        """Why `n` is a `cls` (a class it has)."""
        direct = self.direct.get(n, {})
        found = direct.get(cls)
        if found is not None:
            return found
        for sub, why in direct.items():
            if cls in self.r.superclasses(sub):
                return ("ancestor", sub, why[2])
        raise KeyError((n, cls))

    def explain(self, n: str, cls: str) -> str:
        kind, term, _ = self.why_of(n, cls)
        if kind == "ancestor":
            return f"as a {_short(term)}: {self.explain(n, term)}"  # type: ignore[arg-type]
        return {
            "asserted": "stated",
            "ontology": "in the ontology",
            "domain": f"the domain of {_short(term)}",  # type: ignore[arg-type]
            "range": f"the range of {_short(term)}",  # type: ignore[arg-type]
            "defined": f"by the definition of {_short(term)}",  # type: ignore[arg-type]
            "implied": f"implied by {_short(term)}",  # type: ignore[arg-type]
        }[kind]

    # --- the work list ----------------------------------------------------------------------

    def drain(self) -> None:
        if self.loading:
            self.loading = False
            for n in (*self.types, *self.out, *self.values, *self.ors, *self.anon):
                if n not in self.queued:
                    self.queued.add(n)
                    self.queue.append(n)
        while self.queue:
            n = self.queue.popleft()
            self.queued.discard(n)
            self._examine(n)

    def _examine(self, n: str) -> None:
        have = self.types.get(n, set())
        for d in self.r.definitions:
            if d.cls in have or (d.requires is not None and d.requires not in have):
                continue
            found = self.holds(n, d.expr)
            if found is not None:
                self.add_type(n, d.cls, ("defined", d.cls, found))
        for expr, entry in list(self.ors.get(n, {}).items()):
            if not entry[1]:
                self._narrow(n, expr, entry)
        for (prop, filler), why in list(self.anon.get(n, {}).items()):
            self._force(n, prop, filler, why)

    def holds(self, n: str, expr: Expr | DataRange) -> tuple[Triple, ...] | None:
        """The data triples that make `expr` true of `n`, or None when it is not (yet) true."""
        if isinstance(expr, Named):
            if expr.iri == _THING:
                return ()
            return self.why_of(n, expr.iri)[2] if expr.iri in self.types.get(n, ()) else None
        if isinstance(expr, And):
            found: list[Triple] = []
            for part in expr.parts:
                got = self.holds(n, part)
                if got is None:
                    return None
                found.extend(got)
            return tuple(found)
        if isinstance(expr, Or):
            for part in expr.parts:
                got = self.holds(n, part)
                if got is not None:
                    return got
            return None
        if isinstance(expr, Value):
            if isinstance(expr.value, tuple):
                found_value = self.values.get(n, {}).get(expr.prop, {}).get(expr.value)
                return found_value[1] if found_value is not None else None
            return self.out.get(n, {}).get(expr.prop, {}).get(self.find(expr.value))
        if isinstance(expr, DataRange):
            raise TypeError("a data range is evaluated on a value, not an individual")
        return self._some(n, expr)

    def _some(self, n: str, expr: Some) -> tuple[Triple, ...] | None:
        filler = expr.filler
        if isinstance(filler, DataRange):
            for key, (_, why) in self.values.get(n, {}).get(expr.prop, {}).items():
                if in_range(key, filler):
                    return why
        else:
            for b, why in self.out.get(n, {}).get(expr.prop, {}).items():
                got = self.holds(b, filler)
                if got is not None:
                    return why + got
        for (prop, other), why_ in self.anon.get(n, {}).items():
            if self.r.reaches(prop, expr.prop) and self.r.entails(other, filler):
                return why_[2]
        return None

    def _excluded(self, n: str, expr: Expr) -> bool:
        """Whether `n` cannot satisfy `expr`: a class of it is disjoint with one of n's, or it
        needs another value of a functional data property than n has."""
        named = self.r.named(expr)
        for cls in self.types.get(n, ()):
            clash = self.r.disjoint.get(cls)
            if clash and clash & named:
                return True
        for part in conjuncts(expr):
            if not isinstance(part, Value) or part.prop not in self.r.functional:
                continue
            if isinstance(part.value, tuple):
                have = self.values.get(n, {}).get(part.prop, {})
                if have and part.value not in have:
                    return True
        return False

    def _narrow(self, n: str, expr: Or, entry: list) -> None:
        """A union n must satisfy: met, down to one possible part, or at least their common
        named classes."""
        why: Why = entry[0]
        if any(self.holds(n, part) is not None for part in expr.parts):
            entry[1] = True
            return
        possible = [part for part in expr.parts if not self._excluded(n, part)]
        if not possible:
            entry[1] = True
            self.problem(n, f"{n} can be none of the classes its facts require", why[2])
        elif len(possible) == 1:
            entry[1] = True
            self.apply(n, possible[0], why)
        else:
            for cls in frozenset.intersection(*(self.r.named(p) for p in possible)):
                self.add_type(n, cls, why)

    def _force(self, n: str, prop: str, filler: Expr | DataRange, why: Why) -> None:
        """An unnamed successor by a functional property is the named one n has, if any."""
        if isinstance(filler, DataRange):
            for q in self.r.data_supers[prop]:
                if q not in self.r.functional:
                    continue
                for key, (text, vwhy) in self.values.get(n, {}).get(q, {}).items():
                    if not in_range(key, filler):
                        reason = f"{_short(q)} of {n} is {text}, outside what {n}'s classes need"
                        self.problem(n, reason, why[2] + vwhy)
            return
        for q, inverted in self.r.expansions[prop]:
            if inverted or q not in self.r.functional:
                continue
            for b, ewhy in list(self.out.get(n, {}).get(q, {}).items()):
                if (n, q, b, filler) not in self.forced:
                    self.forced.add((n, q, b, filler))
                    self.apply(b, filler, ("implied", q, why[2] + ewhy))

    # --- what is left to check once nothing changes -----------------------------------------

    def check(self) -> list[tuple[str, str, str, tuple[Triple, ...]]]:
        """Record value contradictions; return the pairs of individuals to merge."""
        for n, props in self.values.items():
            for q, values in props.items():
                for key, (text, why) in values.items():
                    for data_range in self.r.data_ranges.get(q, ()):
                        if not in_range(key, data_range):
                            reason = f"{n} has {q} {text}, outside its range {data_range.datatype}"
                            self.problem(n, reason, why)
                if q in self.r.functional and len(values) > 1:
                    reason = f"{n} has {len(values)} values of functional {q}"
                    self.problem(n, reason, [t for _, w in values.values() for t in w])
        merges: list[tuple[str, str, str, tuple[Triple, ...]]] = []
        for node, edges in self.out.items():
            for q, targets in edges.items():
                if q in self.r.functional and len(targets) > 1:
                    first, *rest = sorted(targets)
                    merges.extend((node, first, b, targets[first] + targets[b]) for b in rest)
        return merges
