"""/api/reviews/{review}/references: a review's records for reference managers, as CSL-JSON
(the default), RIS or BibTeX, by Accept or `?format=csljson|ris|bibtex`.

Query: references.rq (shipped with ingest, which runs it for `spkg export --format ris`), and the
files are written by the same writers (ingest.references). Records with neither a DOI nor a
title name nothing a reference manager could hold: they are left out, and their keys listed in
the `Spkg-Left-Out` header.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.deps import EngineDep, SettingsDep
from api.negotiation import REFERENCES
from api.rest.keys import ReviewKey
from api.rest.named import review_keys, run_scoped
from api.rest.render import NotFoundError, negotiated_format
from ingest.formats import FORMATS
from ingest.references import references_of, write_references

__all__ = ["LEFT_OUT_HEADER", "build_router"]

logger = logging.getLogger(__name__)

LEFT_OUT_HEADER = "Spkg-Left-Out"
_QUERY = "references"


async def get_references(
    request: Request,
    review: ReviewKey,
    engine: EngineDep,
    settings: SettingsDep,
    format: Annotated[
        str | None,
        Query(max_length=100, description="csljson (default), ris or bibtex; wins over Accept."),
    ] = None,
) -> Response:
    """The review's records as CSL-JSON, RIS or BibTeX. Backed by `references.rq`."""
    del format  # read with `output` and Accept by negotiated_format
    name = negotiated_format(request, REFERENCES)
    base = settings.base_iri
    rows = await run_scoped(engine, base, _QUERY, review)
    if not rows and review not in await review_keys(engine, base):
        raise NotFoundError("review", review)
    written = write_references(review, name, references_of(rows, base))
    headers = {"Vary": "Accept"}
    if written.left_out:
        headers[LEFT_OUT_HEADER] = " ".join(written.left_out)
    return Response(written.body, media_type=FORMATS[name].content_type, headers=headers)


def _responses() -> dict[int | str, dict[str, object]]:
    content = {REFERENCES.media_type(n): {"schema": {"type": "string"}} for n in REFERENCES.names}
    description = "The review's records in the format asked for."
    return {200: {"description": description, "content": content}}


def build_router() -> APIRouter:
    """The /api/reviews/{review}/references route."""
    router = APIRouter(tags=["reviews"])
    router.add_api_route(
        "/api/reviews/{review}/references",
        get_references,
        methods=["GET"],
        response_class=Response,
        responses=_responses(),
        summary="The review's records for reference managers: CSL-JSON, RIS or BibTeX",
    )
    return router
