"""Route handlers of the FAIR layer, as methods of one object that holds its caches.

Every cache is keyed by the data version (read with one small query per request), so a new
ingest shows at once and nothing stale is served; nothing drawn or dumped is stored in git.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import re
from pathlib import Path
from typing import Any

from fastapi import Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.deps import EngineDep
from api.errors import ProblemError
from api.fair.citation import CITATION_PATH, load_citation
from api.fair.dumps import DumpCache, DumpFile
from api.fair.errors import DumpNotFound, UnknownFigure
from api.fair.facts import DatasetFacts, read_facts_async, read_version_async
from api.fair.figures import FIGURES, FORMATS, draw, figure_query
from api.fair.metadata import DATA_LICENSE, schema_org_dataset, void_graph
from api.fair.ontology_doc import RDF_FORMATS, ontology_html, ontology_rdf
from api.fair.signposting import Link, link_header
from api.fair.tables import study_table, study_table_query, table_csv
from api.negotiation import choose_format
from api.settings import Settings
from ingest.store import EmbeddedStore, Store, open_store

__all__ = ["FairRoutes"]

logger = logging.getLogger(__name__)

API_DIR = Path(__file__).resolve().parents[1]
STATIC_DIR = API_DIR / "static"
YASGUI_BUILD = STATIC_DIR / "yasgui" / "node_modules" / "@zazuko" / "yasgui" / "build"
QUERIES_DIR = API_DIR / "queries"
_REVIEW_KEY = re.compile(r"[A-Za-z0-9._-]+")
_VOID_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
_STATIC_TYPES = {".js": "text/javascript", ".css": "text/css", ".map": "application/json"}


def _root(request: Request) -> str:
    return str(request.base_url)


class FairRoutes:
    """The landing page, VoID, dumps, ontology, editor and figures of one app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.base = settings.base_iri
        self.templates = Environment(
            loader=FileSystemLoader(API_DIR / "templates"),
            autoescape=select_autoescape(["html"]),
        )
        cache_root = Path(settings.store).parent / "cache" / "dumps"
        self.dumps = DumpCache(cache_root, self._open_store, self.base)
        self._facts: dict[str, DatasetFacts] = {}
        self._figures: dict[tuple[str, ...], bytes] = {}

    def _open_store(self) -> Store:
        if self.settings.endpoint:
            return open_store(endpoint=self.settings.endpoint, read_only=True)
        return EmbeddedStore(self.settings.store, read_only=True)

    # --- shared steps ---------------------------------------------------------------------

    async def facts(self, engine: EngineDep) -> DatasetFacts:
        """The dataset's facts for the version the store holds now (cached per version)."""
        version = await read_version_async(engine.select, self.base)
        if version not in self._facts:
            self._facts = {version: await read_facts_async(engine.select, self.base)}
        return self._facts[version]

    async def dump_files(self) -> tuple[str, list[DumpFile]]:
        return await asyncio.to_thread(self.dumps.current)

    def _review(self, facts: DatasetFacts, key: str | None) -> tuple[str, str]:
        """(IRI, title) of the review `key` names (first review when None); 404 if none."""
        if key is not None and not _REVIEW_KEY.fullmatch(key):
            raise ProblemError(400, "Bad review key", "A review key matches [A-Za-z0-9._-]+.")
        for review in facts.reviews:
            if key is None or review.iri == f"{self.base}id/review/{key}":
                return review.iri, review.title
        raise ProblemError(404, "No such review", f"The store holds no review {key!r}.")

    # --- pages ----------------------------------------------------------------------------

    async def landing(self, request: Request, engine: EngineDep) -> HTMLResponse:
        """The dataset's landing page: what it holds, how to cite it, where to get it."""
        facts = await self.facts(engine)
        version, dumps = await self.dump_files()
        citation = load_citation()
        root = _root(request)
        jsonld = schema_org_dataset(facts, citation, dumps, root)
        body = self.templates.get_template("landing.html").render(
            facts=facts,
            citation=citation,
            citation_text=citation.text(facts.version, self.base),
            dumps=dumps,
            version=version,
            license=DATA_LICENSE,
            jsonld=json.dumps(jsonld, indent=1).replace("</", "<\\/"),
            figures=FIGURES,
        )
        links = [
            Link(self.base, "cite-as"),
            Link(f"{root}.well-known/void", "describedby", "text/turtle"),
            Link(f"{root}CITATION.cff", "describedby", "application/x-yaml"),
            Link(DATA_LICENSE, "license"),
            Link("https://schema.org/AboutPage", "type"),
            Link("https://schema.org/Dataset", "type"),
        ] + [Link(f"{root}dumps/{version}/{d.name}", "item", d.media_type) for d in dumps]
        return HTMLResponse(body, headers={"Link": link_header(links), "Vary": "Accept"})

    async def void(self, request: Request, engine: EngineDep) -> Response:
        """VoID and DCAT 3 description of the dataset (Turtle unless Accept asks otherwise)."""
        fmt = choose_format(request.headers.get("accept"), _VOID_FORMATS, "turtle")
        if fmt is None:
            raise ProblemError(406, "Not Acceptable", "The description is served as RDF.")
        facts = await self.facts(engine)
        _, dumps = await self.dump_files()
        graph = void_graph(facts, load_citation(), dumps, _root(request))
        media = next(m for m, f in _VOID_FORMATS.items() if f == fmt)
        return Response(
            graph.serialize(format=fmt, encoding="utf-8"),
            media_type=media,
            headers={"Vary": "Accept", "Link": f'<{DATA_LICENSE}>; rel="license"'},
        )

    async def citation_file(self) -> FileResponse:
        """CITATION.cff as it is in the repository."""
        return FileResponse(CITATION_PATH, media_type="application/x-yaml")

    async def dumps_index(self, request: Request) -> Response:
        """The current version's dumps with sizes and SHA-256 (JSON by Accept, else HTML)."""
        version, dumps = await self.dump_files()
        if "application/json" in (request.headers.get("accept") or ""):
            return Response(
                json.dumps({"version": version, "files": [d.__dict__ for d in dumps]}),
                media_type="application/json",
            )
        body = self.templates.get_template("fair_dumps.html").render(version=version, dumps=dumps)
        return HTMLResponse(body)

    async def dump(self, version: str, name: str) -> FileResponse:
        """One dump file; a version other than the current one is served while it is kept."""
        try:
            path, item = self.dumps.path(version, name)
        except DumpNotFound:
            current, _ = await self.dump_files()
            if version != current:
                raise ProblemError(
                    404, "No such dump", f"Version {version!r} is not kept; now {current!r}."
                ) from None
            try:
                path, item = self.dumps.path(version, name)
            except DumpNotFound as exc:
                raise ProblemError(404, "No such dump", str(exc)) from exc
        digest = base64.b64encode(bytes.fromhex(item.sha256)).decode("ascii")
        return FileResponse(
            path,
            media_type="application/gzip" if item.compression else item.media_type,
            filename=name,
            headers={
                "Repr-Digest": f"sha-256=:{digest}:",
                "Cache-Control": "public, max-age=31536000, immutable",
                "Link": f'<{DATA_LICENSE}>; rel="license"',
            },
        )

    async def ontology(self, request: Request) -> Response:
        """HTML documentation for browsers; Turtle, RDF/XML, JSON-LD or N-Triples by Accept."""
        table = {"text/html": "html", **{m: m for m in RDF_FORMATS}}
        accept = request.headers.get("accept")
        try:
            import mimeparse

            best = mimeparse.best_match(list(table)[::-1], accept or "text/turtle")
        except (ValueError, mimeparse.MimeTypeParseException):
            best = "text/turtle"
        if not best:
            raise ProblemError(406, "Not Acceptable", "The ontology is served as HTML or RDF.")
        headers = {"Vary": "Accept"}
        if best == "text/html":
            return HTMLResponse(await asyncio.to_thread(ontology_html, self.base), headers=headers)
        body = await asyncio.to_thread(ontology_rdf, self.base, best)
        return Response(body, media_type=best, headers=headers)

    async def sparql_editor(self) -> HTMLResponse:
        """YASGUI over /sparql, with the named queries of api/queries/ in tabs."""
        queries = [
            {"name": path.stem, "query": path.read_text(encoding="utf-8")}
            for path in sorted(QUERIES_DIR.glob("*.rq"))
        ]
        body = self.templates.get_template("fair_sparql_editor.html").render(
            queries=json.dumps(queries).replace("</", "<\\/"),
            names=[q["name"] for q in queries],
        )
        return HTMLResponse(body)

    async def static(self, path: str) -> FileResponse:
        """YASGUI's build files (installed by `make node-assets`), never from a CDN."""
        if path.startswith("yasgui/"):
            root, rest = YASGUI_BUILD, path.removeprefix("yasgui/")
        else:
            root, rest = STATIC_DIR, path
        target = (root / rest).resolve()
        if not target.is_file() or not target.is_relative_to(root.resolve()):
            raise ProblemError(404, "Not Found", f"No static file {path!r}.")
        media = _STATIC_TYPES.get(target.suffix)
        return FileResponse(target, media_type=media)

    # --- figures --------------------------------------------------------------------------

    async def figure(
        self, name: str, fmt: str, engine: EngineDep, review: str | None = Query(None)
    ) -> Response:
        """A picture drawn from the graph now (cached by data version), as SVG or PNG."""
        if name not in FIGURES or fmt not in FORMATS:
            raise ProblemError(404, "No such figure", str(UnknownFigure(name, fmt)))
        facts = await self.facts(engine)
        iri, title = self._review(facts, review)
        key = (facts.version, name, fmt, iri)
        if key not in self._figures:
            needed = {"evidence-map": ("evidence-map", "themes")}.get(name, (name,))
            rows: dict[str, Any] = {
                n: await engine.select(figure_query(n, self.base)) for n in needed
            }
            image = await asyncio.to_thread(draw, name, fmt, rows, iri, title)
            self._figures = {k: v for k, v in self._figures.items() if k[0] == facts.version}
            self._figures[key] = image
        return Response(
            self._figures[key], media_type=FORMATS[fmt], headers={"ETag": f'"{facts.version}"'}
        )

    async def study_characteristics(
        self, fmt: str, engine: EngineDep, review: str | None = Query(None)
    ) -> Response:
        """The study-characteristics table as HTML or CSV."""
        if fmt not in ("html", "csv"):
            raise ProblemError(404, "No such table format", "Use .html or .csv.")
        rows = await engine.select(study_table_query(self.base))
        if review is not None:
            facts = await self.facts(engine)
            iri, _ = self._review(facts, review)
            rows = [r for r in rows if str(r.get("review")) == iri]
        table = study_table(rows)
        if fmt == "csv":
            return Response(table_csv(table), media_type="text/csv; charset=utf-8")
        body = self.templates.get_template("fair_table.html").render(table=table)
        return HTMLResponse(body)
