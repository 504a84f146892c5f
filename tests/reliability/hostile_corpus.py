"""The hostile-request corpus: cases from hostile/manifest.toml, the large ones generated here."""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

__all__ = ["CORPUS", "HostileCase", "load_corpus"]

logger = logging.getLogger(__name__)

CORPUS = Path(__file__).with_name("hostile")
QUERY_TYPE = "application/sparql-query"
MIB = 1024 * 1024


@dataclass(frozen=True)
class HostileCase:
    """One request to send: where, how, with what body, and what answers are acceptable."""

    name: str
    method: str
    content_type: str | None
    body: bytes
    params: tuple[tuple[str, str], ...]
    expect: tuple[int, ...]
    reason: str | None
    accept: str = "application/sparql-results+json"

    def acceptable(self, status: int) -> bool:
        """In `expect`, or any 4xx / 503 when the case lists none."""
        if self.expect:
            return status in self.expect
        return 400 <= status < 500 or status == 503


def _nested_groups(port: int) -> str:
    return "SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o " + "} " * 5000


def _nested_brackets(port: int) -> str:
    return "SELECT * WHERE { ?s ?p " + "(" * 5000 + "1" + ")" * 5000 + " }"


def _huge_literal(port: int) -> str:
    return 'SELECT * WHERE { ?s ?p "' + "x" * (900 * 1024) + '" }'


def _control_characters(port: int) -> str:
    return "SELECT * WHERE { ?s ?p \x00\x01\x1b[2J ?o }"


_TEXT: dict[str, Callable[[int], str]] = {
    "nested_groups": _nested_groups,
    "nested_brackets": _nested_brackets,
    "huge_literal": _huge_literal,
    "control_characters": _control_characters,
}


def _bytes(kind: str, port: int) -> tuple[bytes, tuple[tuple[str, str], ...]]:
    """Bodies (and URL parameters) that are not plain query text."""
    load = f"LOAD <http://127.0.0.1:{port}/data.ttl>"
    match kind:
        case "update_load":
            return urlencode({"update": load}).encode(), ()
        case "update_body":
            return f"{load} ; DROP ALL".encode(), ()
        case "oversized_body":
            return b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (2 * MIB), ()
        case "oversized_form":
            return b"query=" + b"A" * (2 * MIB), ()
        case "oversized_url":
            return b"", (("query", "SELECT * WHERE { ?s ?p ?o } #" + "x" * (200 * 1024)),)
        case "utf16_body":
            return "SELECT * WHERE { ?s ?p ?o } LIMIT 1".encode("utf-16"), ()
        case "invalid_utf8":
            return b'SELECT * WHERE { ?s ?p "\xff\xfe\xc3\x28" }', ()
        case "invalid_utf8_form":
            return b"query=SELECT%20*%20WHERE%20%7B%7D%20%23\xff\xc3\x28", ()
        case "many_queries":
            return b"&".join([b"query=ASK%7B%7D"] * 1000), ()
    raise KeyError(f"no generator named {kind!r}")


def load_corpus(listener_port: int) -> list[HostileCase]:
    """Every case of the manifest, with `{listener}` set to the listening socket's port."""
    manifest = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
    cases = []
    for entry in manifest["case"]:
        params: tuple[tuple[str, str], ...] = ()
        if "file" in entry:
            text = (CORPUS / entry["file"]).read_text(encoding="utf-8")
            body = text.replace("{listener}", str(listener_port)).encode("utf-8")
        elif entry["generate"] in _TEXT:
            body = _TEXT[entry["generate"]](listener_port).encode("utf-8")
        else:
            body, params = _bytes(entry["generate"], listener_port)
        method = entry.get("method", "POST")
        cases.append(
            HostileCase(
                name=entry["name"],
                method=method,
                content_type=None if method == "GET" else entry.get("content_type", QUERY_TYPE),
                body=body,
                params=params,
                expect=tuple(entry.get("expect", ())),
                reason=entry.get("reason"),
                accept=entry.get("accept", HostileCase.accept),
            )
        )
    return cases
