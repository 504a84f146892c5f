"""`spkg ingest` into a real Oxigraph server: the review's graphs arrive, and ingesting the same
data again writes nothing (not the review, not the ontology graph)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from ingest.iris import GRAPH_KINDS, Minter
from tests.conftest import OxigraphServer
from tests.ingest.conftest import REVIEW

SPKG = Path(sys.executable).parent / "spkg"
BASE = "https://w3id.org/spkg/"
ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def _ingest(data_dir: Path, server: OxigraphServer, cwd: Path) -> subprocess.CompletedProcess:
    command = [str(SPKG), "ingest", str(data_dir), "--endpoint", server.query_url]
    command += ["--update-endpoint", server.update_url, "--gsp-endpoint", server.store_url]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def _quads(server: OxigraphServer) -> set[tuple[str, ...]]:
    """Every quad of the server, blank nodes with the server's own labels (a rewrite changes
    them), read with one query."""
    url = f"{server.query_url}?{urllib.parse.urlencode({'query': ALL_QUADS})}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.load(response)["results"]["bindings"]
    return {
        tuple(f"{row[v]['type']}:{row[v]['value']}:{row[v].get('datatype', '')}" for v in "gspo")
        for row in rows
    }


def test_ingest_into_oxigraph_server_then_unchanged_writes_nothing(
    data_dir: Path, oxigraph_server: OxigraphServer, tmp_path: Path
) -> None:
    done = _ingest(data_dir, oxigraph_server, tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{REVIEW}: loaded" in done.stdout
    first = _quads(oxigraph_server)
    graphs = {g.split(":", 1)[1].rsplit(":", 1)[0] for g, *_ in first}
    minter = Minter(REVIEW, BASE)
    assert graphs == {str(minter.graph(k)) for k in GRAPH_KINDS} | {f"{BASE}ontology"}
    title = ("uri:" + str(minter.graph("reported")) + ":", "uri:" + str(minter.review_iri()) + ":")
    assert any(q[:2] == title and q[2] == "uri:http://purl.org/dc/terms/title:" for q in first)

    again = _ingest(data_dir, oxigraph_server, tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"{REVIEW}: unchanged, nothing written" in again.stdout
    assert _quads(oxigraph_server) == first
