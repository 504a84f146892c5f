"""Binding values into a query for endpoints that have no parameter binding.

SPARQL 1.1 Protocol has no way to pass bound values, so a remote query carries them as an inline
`VALUES` block. It goes at the start of the outermost WHERE group rather than after the query:
a trailing VALUES joins after the group's FILTERs have run, so a filter on a bound variable that
does not occur in a triple pattern (a text search, an optional filter) would see it unbound.
Terms arrive already checked and serialised in N-Triples form by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["inline_values"]

# Comments, strings and IRIs are skipped so a `WHERE` or `{` inside them is not mistaken for
# syntax; `WHERE` and `{` are the two tokens the insertion point depends on.
_TOKENS = re.compile(
    r"#[^\n]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|(?P<construct>\bCONSTRUCT\b)"
    r"|(?P<where>\bWHERE\b)"
    r"|(?P<brace>\{)",
    re.IGNORECASE,
)


def _where_group_start(query: str) -> int | None:
    """Offset just after the `{` opening the outermost WHERE group, or None if there is none."""
    seen_where = False
    first_brace: int | None = None
    after_construct = False
    for match in _TOKENS.finditer(query):
        if match.group("construct"):
            after_construct = True
            continue
        if match.group("where"):
            if after_construct:  # `CONSTRUCT WHERE { … }`: its group is also the template
                return None
            seen_where = True
        elif match.group("brace"):
            if seen_where:
                return match.end()
            if first_brace is None:
                first_brace = match.end()
        if not match.group(0).startswith("#"):
            after_construct = False
    # Without the keyword (`SELECT * { … }`, `ASK { … }`) the first group is the WHERE group.
    return first_brace


def inline_values(query: str, terms: Mapping[str, str]) -> str:
    """`query` with `VALUES (?a ?b) { (t1 t2) }` opening its WHERE group (or appended)."""
    if not terms:
        return query
    names = " ".join(f"?{name}" for name in terms)
    block = f" VALUES ({names}) {{ ({' '.join(terms.values())}) }} "
    at = _where_group_start(query)
    if at is None:  # DESCRIBE <iri>, CONSTRUCT WHERE: a trailing VALUES clause is valid there
        return f"{query}\n{block}"
    return query[:at] + block + query[at:]
