"""Per-engine endpoint layouts: the update and Graph Store URLs a query URL implies."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from ingest.store import EmbeddedConfig, RemoteConfig, config_from, store_config
from ingest.store.engines import ENGINES, engine_profile, guess_engine


@pytest.mark.parametrize(
    ("engine", "query", "update", "gsp"),
    [
        (
            "oxigraph",
            "http://127.0.0.1:7878/query",
            "http://127.0.0.1:7878/update",
            "http://127.0.0.1:7878/store",
        ),
        (
            "fuseki",
            "http://localhost:3030/spkg/query",
            "http://localhost:3030/spkg/update",
            "http://localhost:3030/spkg/data",
        ),
        (
            "fuseki",
            "http://localhost:3030/spkg/sparql",
            "http://localhost:3030/spkg/update",
            "http://localhost:3030/spkg/data",
        ),
        (
            "virtuoso",
            "http://localhost:8890/sparql",
            "http://localhost:8890/sparql",
            "http://localhost:8890/sparql-graph-crud",
        ),
        (
            "graphdb",
            "http://localhost:7200/repositories/spkg",
            "http://localhost:7200/repositories/spkg/statements",
            "http://localhost:7200/repositories/spkg/rdf-graphs/service",
        ),
        (
            "neptune",
            "https://db.cluster-x.eu-west-1.neptune.amazonaws.com:8182/sparql",
            "https://db.cluster-x.eu-west-1.neptune.amazonaws.com:8182/sparql",
            "https://db.cluster-x.eu-west-1.neptune.amazonaws.com:8182/sparql/gsp/",
        ),
        ("generic", "http://example.org/sparql", "http://example.org/sparql", None),
    ],
)
def test_each_engine_derives_its_update_and_graph_store_urls(
    engine: str, query: str, update: str, gsp: str | None
) -> None:
    config = store_config(endpoint=query, engine=engine)
    assert config == RemoteConfig(query, update, gsp, engine)


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("http://127.0.0.1:7878/query", "oxigraph"),
        ("http://localhost:3030/spkg/query", "fuseki"),
        ("http://localhost:7200/repositories/spkg", "graphdb"),
        ("https://db.cluster-x.eu-west-1.neptune.amazonaws.com:8182/sparql", "neptune"),
        ("http://localhost:8890/sparql", "virtuoso"),
        ("http://localhost:9999/blazegraph/sparql", "generic"),
        ("http://example.org/sparql", "generic"),
    ],
)
def test_the_engine_is_guessed_from_the_url_shape(url: str, engine: str) -> None:
    assert guess_engine(url) == engine
    assert store_config(endpoint=url).engine == engine


def test_given_urls_win_over_the_engine_defaults() -> None:
    config = store_config(
        endpoint="http://h/ds/query", update_endpoint="http://u/", gsp_endpoint="http://g/"
    )
    assert config == RemoteConfig("http://h/ds/query", "http://u/", "http://g/", "fuseki")


def test_an_unknown_engine_is_named_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="oxigraph") as info:
        engine_profile("blazegraph", "http://h/sparql")
    assert "blazegraph" in str(info.value)
    assert set(ENGINES) == {"oxigraph", "fuseki", "virtuoso", "graphdb", "neptune", "generic"}


def test_settings_choose_the_backend_in_one_place() -> None:
    """An endpoint wins over the store path (settings always carry one); else embedded."""
    remote = SimpleNamespace(store=Path("s"), endpoint="http://h:7878/query", engine=None)
    assert config_from(remote) == RemoteConfig(
        "http://h:7878/query", "http://h:7878/update", "http://h:7878/store", "oxigraph"
    )
    assert config_from(SimpleNamespace(store=Path("s"), endpoint=None)) == EmbeddedConfig(Path("s"))
    assert config_from(SimpleNamespace()) == EmbeddedConfig(Path(".spkg/store"))
    with pytest.raises(ValueError, match="not both"):
        store_config(store="s", endpoint="http://h/query")
