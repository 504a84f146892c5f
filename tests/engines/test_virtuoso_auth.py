"""The remote store on Virtuoso's authenticated endpoints: HTTP Digest, credentials from `SPKG_*`.

The query URL `/sparql-auth` names the engine and gives the authenticated update and Graph Store
URLs; the user and password come from `SPKG_ENDPOINT_USER` / `SPKG_ENDPOINT_PASSWORD`.
"""

from __future__ import annotations

import secrets
from types import SimpleNamespace

import pytest
from rdflib import Graph, Literal, URIRef

from ingest.store import StoreStatusError, open_store
from ingest.store.config import RemoteConfig, config_from
from tests.engines.virtuoso import VirtuosoServer

pytestmark = pytest.mark.virtuoso

G = "https://w3id.org/spkg/graph/auth/reported"


def test_digest_credentials_from_the_environment(
    virtuoso_session_server: VirtuosoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = virtuoso_session_server
    server.clear()
    password = secrets.token_hex(8)
    name = f"spkg{secrets.token_hex(3)}"
    server.add_user(name, password)
    monkeypatch.setenv("SPKG_ENDPOINT_USER", name)
    monkeypatch.setenv("SPKG_ENDPOINT_PASSWORD", password)
    config = config_from(SimpleNamespace(endpoint=f"{server.url}/sparql-auth"))
    assert isinstance(config, RemoteConfig)
    assert config.engine == "virtuoso"
    assert config.gsp_url == f"{server.url}/sparql-graph-crud-auth"
    assert password not in repr(config)
    graph = Graph()
    graph.add((URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("x")))
    store = open_store(config)
    try:
        store.replace_graphs({G: graph})
        assert store.named_graphs() == [G]
        assert store.triple_count() == 1
    finally:
        store.close()
    monkeypatch.setenv("SPKG_ENDPOINT_PASSWORD", "wrong")
    refused = open_store(config_from(SimpleNamespace(endpoint=f"{server.url}/sparql-auth")))
    try:
        with pytest.raises(StoreStatusError) as info:
            refused.named_graphs()
    finally:
        refused.close()
    assert info.value.status == 401
