"""Faults during ingest: a writer SIGKILLed at random moments leaves the review's graphs wholly
old or wholly new (never a mix, never nothing), on the embedded store and on an Oxigraph server;
an ingest that fails its checks leaves the store byte-for-byte as it was.

The killed process reads and maps the review and writes it as `spkg ingest` does
(ingest_child.py); the slow test kills `spkg ingest` itself. Both versions of the review are
the fixture review and a copy with one edited cell.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import BNode

from ingest.build import ingest_data
from ingest.errors import DataFilesError, ValidationFailedError
from ingest.store import EmbeddedStore, Store, open_store
from tests.reliability.fixture_store import FIXTURE_REVIEW, ROOT
from tests.reliability.ingest_child import BASE, ingest_graphs
from tests.reliability.results import record, run_kind

REVIEW = FIXTURE_REVIEW.name
GRAPHS = [f"{BASE}graph/{REVIEW}/{kind}" for kind in ("reported", "supplementary", "provenance")]
GRAPHS.append(f"{BASE}ontology")
KILLS = int(os.environ.get("RELIABILITY_KILLS", "0")) or (20 if run_kind() == "full" else 4)


def _edited(folder: Path, name: str, column: str, value: str, row: int = 1) -> None:
    """Set one cell of `folder/name` (row counted from the first data row)."""
    path = folder / name
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def versions(root: Path) -> dict[str, Path]:
    """The old version (the fixture review) and a new one with one study's label changed."""
    found = {}
    for tag in ("old", "new"):
        folder = root / tag / REVIEW
        shutil.copytree(FIXTURE_REVIEW, folder)
        found[tag] = folder
    _edited(found["new"], "studies.csv", "label", "Smith 2017 (revised)")
    return found


def expected_state(folder: Path, scratch: Path) -> Counter[bytes]:
    """The review's graphs after an uncut write of `folder` from this process."""
    with EmbeddedStore(scratch) as store:
        store.replace_graphs(ingest_graphs(folder))
    return _state(lambda: open_store(scratch))


def run_child(backend: str, location: str, folder: Path, delay: float | None) -> float:
    """Start the writer; SIGKILL it `delay` s after `ready` (None: let it finish). Seconds run."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.ingest_child", backend, location, str(folder)],
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == b"ready"
    started = time.monotonic()
    if delay is None:
        assert process.stdout.readline().strip() == b"done"
        assert process.wait() == 0
    else:
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
    process.stdout.close()
    return time.monotonic() - started


def _snapshot_query(graphs: list[str]) -> str:
    """One SELECT over the graphs (fixed IRIs of this suite, no input), so one snapshot."""
    values = " ".join(f"<{g}>" for g in graphs)
    return f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"


def _state(opener: Callable[[], Store], graphs: list[str] = GRAPHS) -> Counter[bytes]:
    """The review's graphs read with one query (one snapshot on either backend), as counted
    lines; blank nodes (the ontology's OWL axioms) are blanked, since a store relabels them."""
    store = opener()
    try:
        rows = store.select(_snapshot_query(graphs))
    finally:
        store.close()
    lines: Counter[bytes] = Counter()
    for row in rows:
        terms = [row[v] for v in ("s", "p", "o", "g")]
        text = " ".join("_:" if isinstance(t, BNode) else t.n3() for t in terms)
        lines[text.encode("utf-8")] += 1
    return lines


def _settled_states(opener: Callable[[], Store]) -> list[Counter[bytes]]:
    """Every state read until two reads agree.

    A request the killed writer had wholly sent still runs on the server after the kill and
    may commit after the first read; each read is one snapshot, so every one is checked.
    """
    states = [_state(opener)]
    for _ in range(50):
        time.sleep(0.2)
        states.append(_state(opener))
        if states[-1] == states[-2]:
            return states
    raise AssertionError("the store kept changing for 10 s after the writer was killed")


def _difference(found: Counter[bytes], expected: dict[str, Counter[bytes]]) -> str:
    """Which quads make the state neither version: extra and missing, against each."""
    lines = [f"neither version: {sum(found.values())} quads"]
    for tag, quads in expected.items():
        extra, missing = found - quads, quads - found
        lines.append(f"against {tag}: {sum(extra.values())} extra, {sum(missing.values())} missing")
        lines += [f"  + {q.decode(errors='replace')[:300]}" for q in list(extra)[:3]]
        lines += [f"  - {q.decode(errors='replace')[:300]}" for q in list(missing)[:3]]
    return "\n".join(lines)


def kill_loop(
    backend: str, location: str, opener: Callable[[], Store], tmp: Path, seed: int
) -> Counter[str]:
    """KILLS kills at random points of the write; assert old-or-new after each."""
    folders = versions(tmp / "versions")
    expected: dict[str, Counter[bytes]] = {}
    write_s = 0.0
    for tag in ("new", "old"):  # uncut writes give each version's state; the kills start at old
        write_s = max(write_s, run_child(backend, location, folders[tag], None))
        expected[tag] = _state(opener)
    assert expected["old"] != expected["new"]
    assert expected["old"] == expected_state(folders["old"], tmp / "expected-old")
    current, rng, outcomes, settling = "old", random.Random(seed), Counter[str](), 0
    for _ in range(KILLS):
        target = "new" if current == "old" else "old"
        run_child(backend, location, folders[target], rng.uniform(0, write_s * 1.3))
        states = _settled_states(opener)
        settling += len(states) - 2
        for found in states:
            matches = [tag for tag in ("old", "new") if found == expected[tag]]
            assert len(matches) == 1, _difference(found, expected)
        outcomes["new" if matches[0] == target else "old"] += 1
        current = matches[0]
    record(
        f"ingest_kills_{backend}",
        {
            "kills": KILLS,
            "survived": sum(outcomes.values()),
            "outcomes": dict(outcomes),
            "uncut_write_s": round(write_s, 3),
            "reads_that_changed_while_settling": settling,
            "killed_process": "tests/reliability/ingest_child.py (read, map, replace_graphs)",
        },
    )
    return outcomes


def test_embedded_ingest_killed(tmp_path: Path) -> None:
    path = tmp_path / "store"
    outcomes = kill_loop("embedded", str(path), lambda: open_store(path), tmp_path, seed=3)
    assert sum(outcomes.values()) == KILLS


@pytest.mark.remote
def test_remote_ingest_killed(oxigraph_server, tmp_path: Path) -> None:
    url = oxigraph_server.query_url
    outcomes = kill_loop("remote", url, lambda: open_store(endpoint=url), tmp_path, seed=5)
    assert sum(outcomes.values()) == KILLS
    store = open_store(endpoint=url)
    try:
        leftovers = [g for g in store.named_graphs() if "/staging/" in g]
    finally:
        store.close()
    # A killed writer may leave staging graphs; the next completed write must remove them.
    run_child("remote", url, versions(tmp_path / "again")["old"], None)
    store = open_store(endpoint=url)
    try:
        assert [g for g in store.named_graphs() if "/staging/" in g] == []
    finally:
        store.close()
    print(f"staging graphs left by kills before a clean write: {len(leftovers)}")


def _whole_dump(store: Store) -> bytes:
    out = io.BytesIO()
    store.dump("nq", out)
    return out.getvalue()


def test_invalid_data_leaves_the_store_unchanged(tmp_path: Path) -> None:
    """A located CSV error stops the ingest before any write: the dump is byte-for-byte equal."""
    folders = versions(tmp_path / "versions")
    _edited(folders["new"], "studies.csv", "sample_size", "thirty")
    path = tmp_path / "store"
    run_child("embedded", str(path), folders["old"], None)
    with EmbeddedStore(path) as store:
        before = _whole_dump(store)
        with pytest.raises(DataFilesError) as caught:
            ingest_data(folders["new"].parent, store, base=BASE, show_progress=False)
        after = _whole_dump(store)
    assert ("studies.csv", 2, "sample_size") in {
        (e.path.name, e.row, e.column) for e in caught.value.errors
    }
    assert before and after == before


@pytest.mark.slow
@pytest.mark.timeout(1800)  # validation of even the tiny review takes minutes on this machine
def test_shacl_violation_leaves_the_store_unchanged(tmp_path: Path) -> None:
    """A review that reads cleanly but violates a cross-record shape (gender shares adding up
    to 110) writes nothing."""
    folders = versions(tmp_path / "versions")
    _edited(folders["new"], "studies.csv", "other_gender_pct", "10")
    path = tmp_path / "store"
    run_child("embedded", str(path), folders["old"], None)
    with EmbeddedStore(path) as store:
        before = _whole_dump(store)
        with pytest.raises(ValidationFailedError) as caught:
            ingest_data(folders["new"].parent, store, base=BASE, show_progress=False)
        after = _whole_dump(store)
    assert caught.value.report.violations
    assert after == before


CLI_KILLS = int(os.environ.get("RELIABILITY_CLI_KILLS", "0")) or (20 if run_kind() == "full" else 3)
CLI_GRAPHS = [f"{BASE}graph/{REVIEW}/{kind}" for kind in ("reported", "supplementary", "inferred")]
_HAS_CLI = importlib.util.find_spec("ingest.cli") is not None


def _cli(backend: str, location: str, data: Path, delay: float | None) -> float:
    """Run `spkg ingest DATA`; SIGKILL it after `delay` s (None: let it finish)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env["SPKG_STORE" if backend == "embedded" else "SPKG_ENDPOINT"] = location
    spkg = Path(sys.executable).with_name("spkg")
    started = time.monotonic()
    process = subprocess.Popen(
        [str(spkg), "ingest", str(data)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    try:
        if delay is None:
            assert process.wait(timeout=1800) == 0
        else:
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return time.monotonic() - started


def _cli_state(opener: Callable[[], Store]) -> Counter[bytes]:
    """The review's data graphs and provenance, without the run's start time."""
    state = _state(opener, [*CLI_GRAPHS, f"{BASE}graph/{REVIEW}/provenance"])
    return Counter({k: v for k, v in state.items() if b"startedAtTime" not in k})


@pytest.mark.slow
@pytest.mark.timeout(7200)  # every uncut run validates and classifies the review
@pytest.mark.skipif(not _HAS_CLI, reason="ingest/cli.py (the `spkg` command) is not present")
@pytest.mark.parametrize("backend", ["embedded", pytest.param("remote", marks=pytest.mark.remote)])
def test_spkg_ingest_killed(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """`spkg ingest` itself, SIGKILLed at random moments of its run (validation included)."""
    if backend == "embedded":
        location = str(tmp_path / "store")
        opener: Callable[[], Store] = lambda: open_store(tmp_path / "store")  # noqa: E731
    else:
        location = request.getfixturevalue("oxigraph_server").query_url
        opener = lambda: open_store(endpoint=location)  # noqa: E731
    folders = versions(tmp_path / "versions")
    expected = {}
    seconds = 0.0
    for tag in ("new", "old"):  # ends on old, the state the kills start from
        seconds = max(seconds, _cli(backend, location, folders[tag].parent, None))
        expected[tag] = _cli_state(opener)
    current, rng, outcomes = "old", random.Random(13), Counter[str]()
    for i in range(CLI_KILLS):
        target = "new" if current == "old" else "old"
        # Every other kill falls in the last third of the run, where the write happens.
        low = 0.0 if i % 2 == 0 else 0.7 * seconds
        _cli(backend, location, folders[target].parent, rng.uniform(low, seconds * 1.1))
        found = _cli_state(opener)
        matches = [tag for tag in ("old", "new") if found == expected[tag]]
        assert len(matches) == 1, f"neither version after a kill: {len(found)} quads"
        outcomes["new" if matches[0] == target else "old"] += 1
        current = matches[0]
    record(
        f"spkg_ingest_kills_{backend}",
        {"kills": CLI_KILLS, "outcomes": dict(outcomes), "uncut_run_s": round(seconds, 1)},
    )
