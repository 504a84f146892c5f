"""Pass one in worker processes: `ingest_data` with two jobs writes the same quads as with one,
into the embedded store and into an Oxigraph server, on first writes and on replaces, and a data
folder that fails gives the same errors in the same order, with nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psutil
import pytest
from rdflib import BNode

from bench.generate import generate
from ingest.build import Outcome, check_data, ingest_data
from ingest.cli import EXIT_OK, EXIT_USAGE, main
from ingest.errors import (
    DataFilesError,
    InconsistentDataError,
    ReviewsFailedError,
    SpkgError,
    ValidationFailedError,
)
from ingest.first_pass import ORPHAN_CHECK_S
from ingest.mapping import terms
from ingest.namespaces import DEFAULT_BASE, PROV
from ingest.store import EmbeddedStore, Store
from tests.conftest import OxigraphServer, open_remote
from tests.ingest.conftest import VALID, dump
from tests.ingest.kinds import KINDS, rewrite_csv, set_cell

ROOT = Path(__file__).resolve().parents[2]
STARTED = PROV.startedAtTime  # the one statement that differs between two runs: the run's time
MIXED = ("meta-aggregation-2021", "mixed-methods-2022", "rapid-review-2024")


def _data(tmp: Path) -> Path:
    """data/ as shipped, every review-kind fixture and two synthetic reviews in one folder."""
    data = tmp / "data"
    folders = [p for p in (ROOT / "data").iterdir() if (p / "review.csv").exists()]
    folders += [p for p in KINDS.iterdir() if p.is_dir()]
    for folder in folders:
        shutil.copytree(folder, data / folder.name)
    generate(2, 1, data)
    return data


def _state(store: Store) -> Counter[str]:
    """Every quad of the store, the run's start time and blank node labels blanked."""
    lines: Counter[str] = Counter()
    rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    for row in rows:
        terms_ = [row[v] for v in ("s", "p", "o", "g")]
        if terms_[1] == STARTED:
            terms_[2] = STARTED
        lines[" ".join("_:" if isinstance(t, BNode) else t.n3() for t in terms_)] += 1
    return lines


def _outcomes(outcomes: list[Outcome]) -> list[tuple]:
    return [(o.review_id, o.fingerprint, o.written, o.triples, o.report) for o in outcomes]


def _ingest(data: Path, store: Store, jobs: int) -> list[tuple]:
    outcomes = ingest_data(data, store, base=DEFAULT_BASE, show_progress=False, jobs=jobs)
    return _outcomes(outcomes)


def test_two_jobs_write_what_one_job_writes(tmp_path: Path) -> None:
    data = _data(tmp_path)
    with EmbeddedStore(tmp_path / "one") as one, EmbeddedStore(tmp_path / "two") as two:
        first = _ingest(data, one, 1)
        assert _ingest(data, two, 2) == first
        assert all(written for _, _, written, _, _ in first)
        assert len(first) == len([p for p in data.iterdir() if p.is_dir()]) >= 10
        assert _state(one) == _state(two)
        # a replace: one review edited, the others unchanged
        studies = data / "rapid-review-2024" / "studies.csv"
        rewrite_csv(studies, set_cell("study_id", "S1", "label", "Smith 2017 (revised)"))
        again = _ingest(data, one, 1)
        assert _ingest(data, two, 2) == again
        assert [r for r, _, written, _, _ in again if written] == ["rapid-review-2024"]
        assert _state(one) == _state(two)
        assert "Smith 2017 (revised)" in "".join(_state(two))


@pytest.mark.remote
def test_an_oxigraph_server_gets_what_the_embedded_store_gets(
    tmp_path: Path, oxigraph_server: OxigraphServer
) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    shutil.copytree(KINDS / "rapid-review-2024", data / "rapid-review-2024")
    remote = open_remote(oxigraph_server)
    with EmbeddedStore(tmp_path / "store") as embedded:
        assert _ingest(data, remote, 2) == _ingest(data, embedded, 2)
        assert _state(remote) == _state(embedded)
        for store in (remote, embedded):  # every graph replaced
            ingest_data(data, store, base=DEFAULT_BASE, force=True, show_progress=False)
        assert _state(remote) == _state(embedded)
    remote.close()


def _described(error: SpkgError) -> tuple:
    """An error as comparable values: its type and every field a curator reads."""
    if isinstance(error, ReviewsFailedError):
        return ("failures", [_described(e) for e in error.failures])
    if isinstance(error, DataFilesError):
        return ("data", [e.located() for e in error.errors])
    if isinstance(error, ValidationFailedError):
        return ("shacl", error.report)
    if isinstance(error, InconsistentDataError):
        cells = [e.located() for e in error.cells]
        return ("inconsistent", error.review_id, error.individuals, error.reasons, cells)
    return (type(error).__name__, str(error))


def test_a_failing_folder_gives_the_same_errors_with_two_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    for folder in (VALID / "tiny-2020", *(KINDS / k for k in MIXED)):
        shutil.copytree(folder, data / folder.name)
    # a bad cell, gender shares adding up to 110, a contradiction of the ontology; one valid
    meta = data / "meta-aggregation-2021" / "studies.csv"
    rewrite_csv(meta, set_cell("study_id", "S1", "sample_size", "thirty"))
    mixed = data / "mixed-methods-2022" / "studies.csv"
    rewrite_csv(mixed, set_cell("study_id", "S1", "other_gender_pct", "10"))
    review_terms = dict(terms.COLUMN_TERMS["review.csv"])  # as test_classify_stage's
    review_terms["stated_subtheme_count"] = "statedSubthemeCount"
    monkeypatch.setitem(terms.COLUMN_TERMS, "review.csv", review_terms)
    found = {}
    for jobs in (1, 2):
        with EmbeddedStore(tmp_path / f"store-{jobs}") as store:
            before = dump(store)
            with pytest.raises(ReviewsFailedError) as caught:
                ingest_data(data, store, base=DEFAULT_BASE, show_progress=False, jobs=jobs)
            assert dump(store) == before
        with pytest.raises(ReviewsFailedError) as checked:
            check_data(data, base=DEFAULT_BASE, show_progress=False, jobs=jobs)
        assert _described(checked.value) == _described(caught.value)
        found[jobs] = _described(caught.value)
    assert found[2] == found[1]
    kinds = [failure[0] for failure in found[1][1]]
    assert kinds[0] == "data" and {"shacl", "inconsistent"} <= set(kinds)
    assert any("meta-aggregation-2021/studies.csv:2:sample_size" in e for e in found[1][1][0][1])


def test_the_workers_end_with_a_killed_ingest(tmp_path: Path) -> None:
    """`spkg ingest` SIGKILLed in its first pass leaves no worker behind (and writes nothing)."""
    data = tmp_path / "data"
    for folder in (VALID / "tiny-2020", *(KINDS / k for k in MIXED)):
        shutil.copytree(folder, data / folder.name)
    spkg = Path(sys.executable).with_name("spkg")
    command = [str(spkg), "ingest", str(data), "--store", str(tmp_path / "store"), "--jobs", "2"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        ingest, deadline = psutil.Process(process.pid), time.monotonic() + 120
        while len(ingest.children()) < 2 and process.poll() is None:
            assert time.monotonic() < deadline, "no workers started"
            time.sleep(0.05)
        workers = ingest.children()
    finally:
        process.kill()
        process.wait()
    assert len(workers) == 2
    _, alive = psutil.wait_procs(workers, timeout=ORPHAN_CHECK_S * 10)
    assert not alive
    with EmbeddedStore(tmp_path / "store") as store:
        assert store.named_graphs() == []


def test_jobs_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(VALID), "--jobs", "2"]) == EXIT_OK
    assert "tiny-2020: valid" in capsys.readouterr().out
    with pytest.raises(SystemExit) as caught:
        main(["validate", str(VALID), "--jobs", "0"])
    assert caught.value.code == EXIT_USAGE
    assert "--jobs" in capsys.readouterr().err
