"""The release folder: files in place, described by ro-crate-metadata.json with checksums."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import unquote

from api.release import main


def test_release_crate_describes_its_files(tiny_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "release"
    assert main([str(out), "--store", str(tiny_store)]) == 0
    doc = json.loads((out / "ro-crate-metadata.json").read_text(encoding="utf-8"))
    graph = {node["@id"]: node for node in doc["@graph"]}
    root = graph["./"]
    assert root["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert root["version"].startswith("0.") and "+d" in root["version"]
    parts = {part["@id"] for part in root["hasPart"]}
    assert "ontology/spkg.ttl" in parts and "shapes/core.ttl" in parts
    assert "queries/studies.rq" in parts and "CITATION.cff" in parts
    dumps = [p for p in parts if p.startswith("dumps/")]
    assert len(dumps) == 6
    for name in dumps:  # @ids are URI references: '+' in a version is written %2B
        entity = graph[name]
        assert hashlib.sha256((out / unquote(name)).read_bytes()).hexdigest() == entity["sha256"]
        assert entity["encodingFormat"]
    assert main([str(out), "--store", str(tiny_store)]) == 2  # an existing folder is refused
