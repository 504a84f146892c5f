"""The classification stage of `spkg ingest`: the compiled rules by default, HermiT on request,
the same inferred graph either way, and an inconsistent review refused at its cells with
nothing written."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from ingest.build import REASONERS, ingest_data
from ingest.cli import EXIT_OK, EXIT_USAGE, main
from ingest.errors import InconsistentDataError
from ingest.iris import Minter
from ingest.mapping import terms
from ingest.namespaces import DEFAULT_BASE
from ingest.store import EmbeddedStore
from tests.ingest.conftest import REVIEW, VALID, dump


def _inferred(store: EmbeddedStore) -> bytes:
    """The review's inferred graph as sorted N-Quads."""
    out = io.BytesIO()
    store.dump("nq", out, [str(Minter(REVIEW, DEFAULT_BASE).graph("inferred"))])
    return b"\n".join(sorted(out.getvalue().splitlines()))


def test_rules_and_hermit_write_the_same_inferred_graph(tmp_path: Path) -> None:
    found = {}
    for reasoner in REASONERS:
        with EmbeddedStore(tmp_path / reasoner) as store:
            [outcome] = ingest_data(
                VALID, store, base=DEFAULT_BASE, show_progress=False, reasoner=reasoner
            )
            assert outcome.written
            found[reasoner] = _inferred(store)
    assert found["rules"].count(b"\n") > 30
    assert found["rules"] == found["hermit"]


def test_an_inconsistent_review_is_refused_at_its_cell_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # review.csv's stated_subtheme_count stated with the theme property (domain skos:Concept)
    shutil.copytree(VALID / REVIEW, tmp_path / "data" / REVIEW)
    review_terms = dict(terms.COLUMN_TERMS["review.csv"])
    review_terms["stated_subtheme_count"] = "statedSubthemeCount"
    monkeypatch.setitem(terms.COLUMN_TERMS, "review.csv", review_terms)
    with EmbeddedStore(tmp_path / "store") as store:
        before = dump(store)
        with pytest.raises(InconsistentDataError) as caught:
            ingest_data(tmp_path / "data", store, base=DEFAULT_BASE, show_progress=False)
        assert dump(store) == before
    cells = {(e.path.name, e.row, e.column) for e in caught.value.cells}
    assert ("review.csv", 2, "stated_subtheme_count") in cells
    assert any("disjoint" in reason for reason in caught.value.reasons)


def test_the_reasoner_is_chosen_on_the_command_line_or_by_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(VALID), "--reasoner", "rules"]) == EXIT_OK
    assert f"{REVIEW}: valid" in capsys.readouterr().out
    monkeypatch.setenv("SPKG_REASONER", "pellet")
    assert main(["validate", str(VALID)]) == EXIT_USAGE
    assert "pellet" in capsys.readouterr().err
