"""CITATION.cff validates with cffconvert and is what the landing page cites."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from api.citation import CITATION_PATH, load_citation

CFFCONVERT = Path(sys.executable).parent / "cffconvert"


def test_cffconvert_accepts_citation_cff() -> None:
    result = subprocess.run(
        [str(CFFCONVERT), "--validate", "-i", str(CITATION_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_citation_fields() -> None:
    citation = load_citation()
    assert citation.license == "CC-BY-4.0"
    assert "Liebmann" not in citation.abstract  # the citation names no review: each cites itself
    assert citation.title.startswith("spkg:")
