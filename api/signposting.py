"""FAIR Signposting: typed `Link` headers (RFC 8288) on the landing page and on resources.

`SignpostingMiddleware` adds cite-as, describedby, license and type links to every response for
a path under `/id/`, whoever serves it (the REST routes need not know); a route that knows more
(the landing page's items) writes its own header with `link_header`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.citation import DATA_LICENSE
from ingest.namespaces import SCHEMA

__all__ = [
    "ABOUT_PAGE",
    "Link",
    "SignpostingMiddleware",
    "link_header",
    "parse_link_header",
    "resource_links",
]

logger = logging.getLogger(__name__)

# The `type` link of a page about something (FAIR Signposting's recommended type).
ABOUT_PAGE = str(SCHEMA.AboutPage)


@dataclass(frozen=True)
class Link:
    """One link-value: target, relation, and an optional media type."""

    target: str
    rel: str
    type: str | None = None

    def __str__(self) -> str:
        value = f'<{_uri_reference(self.target)}>; rel="{self.rel}"'
        return f'{value}; type="{self.type}"' if self.type else value


# Characters a URI may carry as they are (RFC 3986 reserved and unreserved, and '%' of an escape).
_URI_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def _uri_reference(target: str) -> str:
    """The target as an ASCII URI: header fields are Latin-1 on the wire, IRIs are not."""
    return quote(target.encode("utf-8", "surrogateescape"), safe=_URI_SAFE)


def link_header(links: Iterable[Link]) -> str:
    """The `Link` field value: link-values separated by ', '."""
    return ", ".join(str(link) for link in links)


_LINK_VALUE = re.compile(r'\s*<([^>]*)>((?:\s*;\s*[A-Za-z*-]+\s*=\s*(?:"[^"]*"|[^;,\s]*))*)\s*')
_PARAM = re.compile(r'\s*;\s*([A-Za-z*-]+)\s*=\s*(?:"([^"]*)"|([^;,\s]*))')


def parse_link_header(value: str) -> list[dict[str, str]]:
    """Parse a `Link` field (RFC 8288 section 3) into dicts with 'target' and the parameters.

    ValueError when the text is not a list of link-values; a `rel` holding several relation
    types gives one dict per type.
    """
    links: list[dict[str, str]] = []
    pos = 0
    while pos < len(value):
        match = _LINK_VALUE.match(value, pos)
        if not match:
            raise ValueError(f"not a link-value at {pos}: {value[pos : pos + 40]!r}")
        params = {
            m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _PARAM.finditer(match.group(2))
        }
        for rel in params.get("rel", "").split() or [""]:
            links.append({"target": match.group(1), **params, "rel": rel})
        pos = match.end()
        if pos < len(value):
            if value[pos] != ",":
                raise ValueError(f"expected ',' at {pos}")
            pos += 1
    return links


def resource_links(iri: str, rdf_url: str) -> list[Link]:
    """Signposts of a resource page: its IRI to cite, its RDF, the licence, its kind of page."""
    return [
        Link(iri, "cite-as"),
        Link(rdf_url, "describedby", "text/turtle"),
        Link(DATA_LICENSE, "license"),
        Link(ABOUT_PAGE, "type"),
    ]


class SignpostingMiddleware:
    """Adds resource signposts to responses for GET/HEAD under `/id/` (pure ASGI, streams)."""

    def __init__(self, app: ASGIApp, base_iri: str) -> None:
        self.app = app
        self.base_iri = base_iri if base_iri.endswith("/") else base_iri + "/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith("/id/") or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        root = scope.get("root_path", "") or ""
        server = _root_url(scope, root)
        links = resource_links(self.base_iri + path[1:], server + path[1:])
        header = link_header(links).encode("latin-1")

        async def send_with_links(message: Message) -> None:
            if message["type"] == "http.response.start" and message.get("status", 500) < 400:
                headers = list(message.get("headers", []))
                headers.append((b"link", header))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_links)


def _root_url(scope: Scope, root_path: str) -> str:
    """The service's root URL as the client addressed it (scheme, Host header, root path)."""
    host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), None)
    if host is None:
        server = scope.get("server") or ("localhost", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}{root_path}/"
