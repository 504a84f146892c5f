"""The W3C SPARQL 1.1 Protocol tests (derived/protocol-tests.json) against the app over HTTP.

A read-only endpoint can pass 27 of the 34: the 13 positive query tests and the 14 negative
tests. The 7 positive update tests need a writable endpoint and are skipped with that reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree

from tests.conformance.harness import (
    CONFORMANCE,
    EXPECTED_MEDIA_TYPES,
    SUITE,
    app_client,
    build_store,
)

pytestmark = pytest.mark.anyio

TESTS: list[dict[str, Any]] = json.loads(
    (CONFORMANCE / "derived" / "protocol-tests.json").read_text()
)
UPDATE_POSITIVE = {
    "update_post_form",
    "update_post_direct",
    "update_dataset_default_graph",
    "update_dataset_default_graphs",
    "update_dataset_named_graphs",
    "update_dataset_full",
    "update_base_uri",
}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _name(test: dict[str, Any]) -> str:
    return str(test["id"]).rsplit("#", 1)[1]


def _boolean(content_type: str, body: bytes) -> bool:
    if content_type == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    root = ElementTree.fromstring(body)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None
    return node.text == "true"


@pytest.mark.parametrize("test", TESTS, ids=_name)
async def test_protocol(test: dict[str, Any], tmp_path: Path) -> None:
    if _name(test) in UPDATE_POSITIVE:
        pytest.skip("read-only endpoint: SPARQL Update is refused by design")
    files = [(SUITE / item["file"], item["graph"], item["graph"]) for item in test["graphData"]]
    store = build_store(tmp_path / "store", files)
    async with app_client(store) as client:
        for request in test["requests"]:
            body = request["body"]
            content = body["chars"].encode(body["encoding"].lower()) if body else None
            response = await client.request(
                request["method"],
                request["absolutePath"].replace("/sparql/", "/sparql", 1),
                headers=[(k, v) for k, v in request["headers"]],
                content=content,
            )
            expect = request["expect"]
            status_class = f"StatusCode{response.status_code // 100}xx"
            assert status_class in expect["status"], (response.status_code, response.text)
            if expect["format"]:
                content_type = response.headers["content-type"].split(";")[0].strip()
                assert content_type in EXPECTED_MEDIA_TYPES[expect["format"]], content_type
            if expect["boolean"] is not None:
                assert _boolean(content_type, response.content) is expect["boolean"]
