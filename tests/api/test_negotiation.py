"""Content negotiation: one format table, and each route's offer read from it."""

from __future__ import annotations

import pytest

from api.negotiation import (
    DESCRIPTION,
    DUMPS_INDEX,
    ONTOLOGY,
    RESOURCE,
    REST_JSON,
    SPARQL_GRAPH,
    SPARQL_SOLUTIONS,
)
from ingest.export import EXPORT_FORMATS
from ingest.formats import FORMATS, UnknownFormatError, format_named


@pytest.mark.parametrize("name", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_cli_export_names_are_the_short_names_of_table_rows(name: str) -> None:
    fmt = format_named(name)
    assert EXPORT_FORMATS[name] is fmt and fmt.extension == name


def test_names_win_over_aliases_and_unknown_names_are_named() -> None:
    assert format_named("json").name == "json"  # SPARQL results, not JSON-LD
    assert format_named("json", ["html", "jsonld"]).name == "jsonld"
    assert format_named("JSON-LD").name == "jsonld"
    with pytest.raises(UnknownFormatError) as info:
        format_named("nq", ["turtle", "jsonld"])
    assert info.value.fmt == "nq"


@pytest.mark.parametrize(
    ("offer", "accept", "chosen"),
    [
        (SPARQL_SOLUTIONS, None, "json"),
        (SPARQL_SOLUTIONS, "*/*", "json"),
        (SPARQL_SOLUTIONS, "application/*", "json"),
        (SPARQL_SOLUTIONS, "text/*", "xml"),
        (SPARQL_SOLUTIONS, "text/csv;q=0.9, text/html;q=0.1", "csv"),
        (SPARQL_SOLUTIONS, "application/json", "json"),
        (SPARQL_SOLUTIONS, "image/png", None),
        (SPARQL_GRAPH, "application/json", "jsonld"),
        (SPARQL_GRAPH, "text/plain", "ntriples"),
        (SPARQL_GRAPH, "not a media type", "turtle"),
        (RESOURCE, "application/json", None),  # only each format's own type
        (RESOURCE, "text/html,*/*;q=0.8", "html"),
        (ONTOLOGY, None, "turtle"),
        (ONTOLOGY, "*/*", "html"),
        (ONTOLOGY, "image/png", None),
        (DESCRIPTION, "application/n-triples", "ntriples"),
        (REST_JSON, None, "jsonld"),
        (REST_JSON, "application/json", "json"),
        (REST_JSON, "text/html", None),
        (DUMPS_INDEX, "*/*", "html"),
        (DUMPS_INDEX, "application/json", "json"),
    ],
)
def test_each_route_chooses_as_before(offer, accept: str | None, chosen: str | None) -> None:
    assert offer.choose(accept) == chosen


def test_offers_send_each_format_as_its_own_media_type() -> None:
    for offer in (SPARQL_SOLUTIONS, SPARQL_GRAPH, RESOURCE, ONTOLOGY, DESCRIPTION):
        for name in offer.names:
            assert offer.media_type(name) == FORMATS[name].media_type
    assert RESOURCE.named("ttl") == "turtle" and RESOURCE.named("nq") is None
    assert SPARQL_SOLUTIONS.of_media_type("application/xml; charset=utf-8") == "xml"
