"""`spkg` exit codes and messages, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.ingest.conftest import REVIEW

SPKG = Path(sys.executable).parent / "spkg"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SPKG), *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_validate_valid_exits_0_and_prints_warnings(data_dir: Path, tmp_path: Path) -> None:
    done = run("validate", str(data_dir), "--no-reasoner", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{data_dir / REVIEW / 'records.csv'}:4:doi: warning: " in done.stdout
    assert f"{REVIEW}: valid" in done.stdout
    assert not (tmp_path / ".spkg").exists()


def test_invalid_data_exit_1_with_every_error_located(data_dir: Path, tmp_path: Path) -> None:
    studies = data_dir / REVIEW / "studies.csv"
    studies.write_text(studies.read_text().replace(",30,46.7,", ",thirty,46.7,"))
    (data_dir / REVIEW / "measures.csv").unlink()
    done = run("ingest", str(data_dir), "--store", str(tmp_path / "st"), cwd=tmp_path)
    assert done.returncode == 1
    assert f"{studies}:2:sample_size: expected an integer, got 'thirty'" in done.stderr
    assert f"{data_dir / REVIEW / 'measures.csv'}:0:: missing file" in done.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("export", "--format", "xml", cwd=tmp_path).returncode == 2
    assert run("frobnicate", cwd=tmp_path).returncode == 2
    done = run("query", "SELEKT nothing", "--store", str(tmp_path / "st"), cwd=tmp_path)
    assert done.returncode == 2 and "not a SPARQL query" in done.stderr


def test_ingest_query_export_round(data_dir: Path, tmp_path: Path) -> None:
    store = str(tmp_path / "st")
    done = run("ingest", str(data_dir), "--store", store, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{REVIEW}: loaded" in done.stdout
    again = run("ingest", str(data_dir), "--store", store, cwd=tmp_path)
    assert f"{REVIEW}: unchanged, nothing written" in again.stdout
    query = (
        "SELECT ?t WHERE { ?r a <http://purl.org/spar/fabio/SystematicReview> ;"
        " <http://purl.org/dc/terms/title> ?t }"
    )
    done = run("query", query, "--store", store, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)["results"]["bindings"]
    assert row["t"] == {
        "type": "literal",
        "value": "A tiny meta-synthesis of social prescribing",
        "xml:lang": "en",
    }
    out = tmp_path / "review.nq"
    args = ("--format", "nq", "--review", REVIEW, "--out", str(out), "--store", store)
    done = run("export", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert f"<https://w3id.org/spkg/graph/{REVIEW}/supplementary>" in text
    assert "<https://w3id.org/spkg/ontology> ." not in text


REAL_DATA = Path(__file__).resolve().parents[2] / "data"


def test_real_data_validate_exits_0_with_warnings(tmp_path: Path) -> None:
    done = run("validate", str(REAL_DATA), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "liebmann-2022: valid" in done.stdout
    assert ": warning: " in done.stdout
