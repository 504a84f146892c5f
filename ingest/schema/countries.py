"""The countries a study may name: every ISO 3166-1 alpha-2 code, with its Wikidata entity.

Read from ontology/countries.csv (its sources: ontology/countries.md), the one table of them, so
the `country` column's allowed values and the mapping's `dcterms:spatial` links cannot drift.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["COUNTRIES", "COUNTRIES_FILE", "COUNTRY_NAMES", "COUNTRY_QIDS"]

COUNTRIES_FILE = Path(__file__).resolve().parents[2] / "ontology" / "countries.csv"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


_ROWS = _read(COUNTRIES_FILE)

# The alpha-2 codes, in the table's (alphabetical) order.
COUNTRIES: tuple[str, ...] = tuple(r["alpha2"] for r in _ROWS)
COUNTRY_NAMES: dict[str, str] = {r["alpha2"]: r["name"] for r in _ROWS}
# alpha-2 → Wikidata QID; a code with no known QID is absent (no dcterms:spatial link for it).
COUNTRY_QIDS: dict[str, str] = {r["alpha2"]: r["wikidata"] for r in _ROWS if r["wikidata"]}
