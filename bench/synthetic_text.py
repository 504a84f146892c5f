"""Filler text, names and the shared papers of synthetic reviews: deterministic by their seed."""

from __future__ import annotations

import random

__all__ = ["SURNAMES", "WORDS", "authors", "shared_record", "text", "yn"]

Row = dict[str, str]

_WORDS_TEXT = (
    "people group link worker felt community support lonely visit friends talk museum art "
    "garden weekly session confidence belonging purpose sharing helped coming out place "
    "home welcomed together feel better life health wellbeing isolation meet activities "
    "volunteer service family listen walk club lunch morning week again could would never "
    "always really"
)
WORDS = tuple(_WORDS_TEXT.split())
_SURNAMES_TEXT = (
    "Smith Jones Taylor Brown Wilson Evans Thomas Roberts Walker Wright Green Hall Wood "
    "Clarke Hughes Edwards Turner Moore Baker Lewis Harris Martin Cooper King Lee Allen "
    "Young Scott"
)
SURNAMES = tuple(_SURNAMES_TEXT.split())


def text(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return (" ".join(words)).capitalize() + "."


def authors(rng: random.Random, n: int) -> list[str]:
    letters = "ABCDEFGHJKLMNPRSTW"
    return [f"{rng.choice(SURNAMES)} {rng.choice(letters)}{rng.choice(letters)}" for _ in range(n)]


def yn(flag: bool) -> str:
    return "yes" if flag else "no"


def shared_record(k: int) -> Row:
    """Bibliographic cells of shared paper `k`: identical in every review that includes it."""
    rng = random.Random(f"spkg-bench:shared:{k}")
    names = authors(rng, rng.randint(1, 5))
    return {
        "doi": f"10.5555/spkg-bench.shared.{k}",
        "authors": "; ".join(names),
        "first_author": names[0].split()[0],
        "year": str(rng.randint(2006, 2023)),
        "title": text(rng, 8, 16),
        "venue": f"Journal of {rng.choice(SURNAMES)} Studies",
        "locator": f"{rng.randint(1, 40)}({rng.randint(1, 12)}):{rng.randint(1, 900)}",
    }
