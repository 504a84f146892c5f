"""A seeded generator of strings built to break out of a bound query value.

Each string joins one to four pieces: quotes and IRI delimiters, their SPARQL escapes
(`\\u003E`), newlines, braces, `} UNION {` patterns that would select the canary graph, SPARQL
keywords, very long runs and unusual Unicode. Seeded, so a failure names a reproducible string.
"""

from __future__ import annotations

import random

from tests.reliability.fixture_store import CANARY_GRAPH

__all__ = ["PIECES", "injection_strings"]

PIECES: tuple[str, ...] = (
    "'",
    '"',
    '"""',
    "'''",
    ">",
    "<",
    "\\u003E",
    "\\u0022",
    "\\U0000003E",
    "%3E",
    "%22%3E",
    "\n",
    "\r\n",
    "\t",
    "{",
    "}",
    "} UNION { GRAPH ?g { ?s ?p ?o } }",
    '" . } UNION { GRAPH ?g { ?s ?p ?o } } #',
    "> . } UNION { GRAPH ?g { ?s ?p ?o } } #",
    "'} UNION { ?s ?p ?o } #",
    f"> }} UNION {{ GRAPH <{CANARY_GRAPH}> {{ ?s ?p ?o }} }} #",
    "urn:spkg-canary:secret",
    f"<{CANARY_GRAPH}>",
    "SELECT * WHERE { ?s ?p ?o }",
    "GRAPH",
    "FILTER(true)",
    "BIND(1 AS ?x)",
    "VALUES ?s { <urn:spkg-canary:secret> }",
    "SERVICE <http://127.0.0.1:9/>",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "#",
    "?s",
    "$o",
    "^^<http://www.w3.org/2001/XMLSchema#string>",
    "@en",
    "\\",
    "\\\\",
    "..",
    "../..",
    "%00",
    "\x00",
    "\u202e",
    "\u0301",
    "\U0001f600",
    "ﬁ",
    "İ",
    "\ufeff",
    "tiny-2020",
    "S1",
    "T1.1",
    "a" * 4000,
    "{" * 300,
)


def _one(rng: random.Random) -> str:
    parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.05:
        parts.append("x" * rng.randint(5000, 20000))
    return "".join(parts)


def injection_strings(count: int, seed: int) -> list[str]:
    """`count` strings: every piece alone first, then random joins of pieces."""
    rng = random.Random(seed)
    out = list(PIECES[:count])
    while len(out) < count:
        out.append(_one(rng))
    return out
