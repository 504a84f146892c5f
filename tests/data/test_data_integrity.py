"""Integrity of every shipped review folder: cells, keys, references, value sources, samples.

Checked with the csv module and ingest.schema only. Each test gathers the whole set of
offenders and fails once, naming all of them.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ingest.schema import FILES, Column, Kind, file_schema

Tables = dict[str, list[dict[str, str]]]
KEY = re.compile(r"[A-Za-z0-9._-]+")
PATTERNS = {
    Kind.INTEGER: re.compile(r"-?\d+"),
    Kind.DECIMAL: re.compile(r"-?\d+(\.\d+)?"),
    Kind.YEAR: re.compile(r"\d{4}"),
    Kind.YEAR_MONTH: re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?"),
    Kind.DOI: re.compile(r"10\.\d{4,9}/\S+"),
}
PLACEHOLDERS = {"UNKNOWN", "NA", "N/A", "-", "?", "n/a", "unknown"}
TOOL_MAXIMA = {"CASP": 10, "AACODS": 6}


def cell_problem(value: str, column: Column) -> str | None:
    """Why a raw cell does not fit its column, or None when it fits."""
    if value != value.strip():
        return "leading or trailing spaces"
    if not value:
        return "a value is required" if column.required else None
    if value in PLACEHOLDERS:
        return f"placeholder {value!r} (leave the cell empty for not known)"
    kind = column.kind
    if kind not in (Kind.TEXT,) and value.endswith("?"):
        return "trailing '?' (record the value and list its source in value_sources.csv)"
    if kind in (Kind.KEY, Kind.REF):
        return None if KEY.fullmatch(value) else "not a key [A-Za-z0-9._-]+"
    if kind in (Kind.LIST, Kind.REF_LIST):
        items = value.split("; ")
        if any(not i or i != i.strip() for i in items):
            return "empty or padded list item (items are separated by '; ')"
        if kind is Kind.REF_LIST and not all(KEY.fullmatch(i) for i in items):
            return "list item is not a key"
        return None
    if kind is Kind.BOOLEAN:
        return None if value in ("yes", "no") else "not yes or no"
    if kind is Kind.ENUM:
        return None if value in column.allowed else "not an allowed value"
    pattern = PATTERNS.get(kind)
    if pattern is None:
        return None
    if not pattern.fullmatch(value):
        return f"not a {kind.value}"
    if kind in (Kind.INTEGER, Kind.DECIMAL, Kind.YEAR):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return f"not a {kind.value}"
        if column.minimum is not None and number < Decimal(str(column.minimum)):
            return f"below {column.minimum}"
        if column.maximum is not None and number > Decimal(str(column.maximum)):
            return f"above {column.maximum}"
    return None


def _key_text(schema_name: str, row: dict[str, str]) -> str:
    return "/".join(row[k] for k in file_schema(schema_name).key)


def _number(value: str) -> Decimal | None:
    return Decimal(value) if value else None


def test_every_cell_parses_as_its_type(tables: Tables) -> None:
    offenders = [
        f"{schema.name}:{n}:{column.name}: {problem} ({row.get(column.name)!r})"
        for schema in FILES
        for n, row in enumerate(tables[schema.name], start=2)
        for column in schema.columns
        if (problem := cell_problem(row.get(column.name) or "", column))
    ]
    assert not offenders, "\n".join(offenders)


def test_keys_are_unique_and_single_row_files_have_one_row(
    review_dir: Path, tables: Tables
) -> None:
    offenders: list[str] = []
    for schema in FILES:
        seen: dict[str, int] = {}
        for n, row in enumerate(tables[schema.name], start=2):
            key = _key_text(schema.name, row)
            if key in seen:
                offenders.append(f"{schema.name}:{n}: key {key!r} repeats row {seen[key]}")
            seen.setdefault(key, n)
        if schema.single_row and len(tables[schema.name]) != 1:
            offenders.append(f"{schema.name}: {len(tables[schema.name])} rows, one expected")
    review = tables["review.csv"]
    if review and review[0]["review_id"] != review_dir.name:
        offenders.append(f"review.csv: review_id {review[0]['review_id']!r} != folder name")
    assert not offenders, "\n".join(offenders)


def test_every_reference_resolves(tables: Tables) -> None:
    keys = {s.name: {r[s.key[0]] for r in tables[s.name]} for s in FILES if len(s.key) == 1}
    offenders: list[str] = []
    for schema in FILES:
        for column in schema.columns:
            if column.ref_file is None:
                continue
            for n, row in enumerate(tables[schema.name], start=2):
                cell = row.get(column.name) or ""
                values = cell.split("; ") if column.kind is Kind.REF_LIST else [cell]
                offenders += [
                    f"{schema.name}:{n}:{column.name}: no {v!r} in {column.ref_file}"
                    for v in values
                    if v and v not in keys[column.ref_file]
                ]
    for n, row in enumerate(tables["themes.csv"], start=2):
        if row["parent_id"] == row["theme_id"]:
            offenders.append(f"themes.csv:{n}: theme {row['theme_id']} is its own parent")
    assert not offenders, "\n".join(offenders)


def test_value_sources_name_existing_non_empty_cells(tables: Tables) -> None:
    offenders: list[str] = []
    for n, row in enumerate(tables["value_sources.csv"], start=2):
        file, key, column = row["file"], row["key"], row["column"]
        if file not in tables or file == "value_sources.csv":
            offenders.append(f"value_sources.csv:{n}: no data file {file!r}")
            continue
        if column not in file_schema(file).by_name:
            offenders.append(f"value_sources.csv:{n}: no column {column!r} in {file}")
            continue
        rows = [r for r in tables[file] if _key_text(file, r) == key]
        if not rows:
            offenders.append(f"value_sources.csv:{n}: no row {key!r} in {file}")
        elif not rows[0][column]:
            offenders.append(f"value_sources.csv:{n}: {file} {key}.{column} is empty")
    assert not offenders, "\n".join(offenders)


def test_samples_have_consistent_ages_and_gender_split(tables: Tables) -> None:
    offenders: list[str] = []
    for n, s in enumerate(tables["studies.csv"], start=2):
        where = f"studies.csv:{n} ({s['study_id']})"
        low, high = _number(s["age_min"]), _number(s["age_max"])
        if low is not None and high is not None and low > high:
            offenders.append(f"{where}: age_min {low} > age_max {high}")
        if s["age_max_open"] == "yes" and high is None:
            offenders.append(f"{where}: age_max_open without age_max")
        shares = [_number(s[c]) for c in ("female_pct", "male_pct", "other_gender_pct")]
        if all(v is not None for v in shares) and abs(sum(shares) - 100) > 1:  # type: ignore[arg-type]
            offenders.append(f"{where}: gender shares add up to {sum(shares)}")  # type: ignore[arg-type]
        if s["gender_reported"] == "no" and any(v is not None for v in shares):
            offenders.append(f"{where}: gender not reported but shares given")
        if s["ages_reported"] == "no" and (low is not None or high is not None):
            offenders.append(f"{where}: ages not reported but bounds given")
    for n, q in enumerate(tables["quotes.csv"], start=2):
        low, high = _number(q["speaker_age_min"]), _number(q["speaker_age_max"])
        if low is not None and high is not None and low > high:
            offenders.append(f"quotes.csv:{n}: speaker_age_min {low} > speaker_age_max {high}")
        if (low is not None or high is not None) and not q["speaker_age_label"]:
            offenders.append(f"quotes.csv:{n}: age bounds without the printed label")
    assert not offenders, "\n".join(offenders)


def test_appraisals_fit_their_tools(tables: Tables) -> None:
    tools = {r["record_id"]: r["appraisal_tool"] for r in tables["records.csv"]}
    offenders: list[str] = []
    for n, r in enumerate(tables["records.csv"], start=2):
        tool, score = r["appraisal_tool"], r["appraisal_score"]
        if score and not tool:
            offenders.append(f"records.csv:{n}: appraisal_score without appraisal_tool")
        if score and tool and int(score) > TOOL_MAXIMA[tool]:
            offenders.append(f"records.csv:{n}: {tool} score {score} > {TOOL_MAXIMA[tool]}")
    for n, a in enumerate(tables["appraisal_items.csv"], start=2):
        tool = tools.get(a["record_id"], "")
        if not a["item"].startswith(tool.lower() + "-"):
            offenders.append(f"appraisal_items.csv:{n}: {a['item']} is not a {tool or '?'} item")
    assert not offenders, "\n".join(offenders)


def test_positions_and_theme_support(tables: Tables) -> None:
    offenders: list[str] = []
    for file in ("quotes.csv", "statements.csv"):
        positions = sorted(int(r["position"]) for r in tables[file])
        if positions != list(range(1, len(positions) + 1)):
            offenders.append(f"{file}: positions are not 1..{len(positions)}: {positions}")
    siblings: dict[str, list[int]] = {}
    for t in tables["themes.csv"]:
        siblings.setdefault(t["parent_id"], []).append(int(t["position"]))
    offenders += [
        f"themes.csv: positions under {parent or 'the root'} repeat: {sorted(p)}"
        for parent, p in siblings.items()
        if len(set(p)) != len(p)
    ]
    supported = {r["theme_id"] for r in tables["theme_support.csv"]}
    offenders += [
        f"themes.csv: {t['theme_id']} has no supporting record in theme_support.csv"
        for t in tables["themes.csv"]
        if t["theme_id"] not in supported
    ]
    records = {r["record_id"] for r in tables["records.csv"]}
    for t in tables["themes.csv"]:
        stated = {
            s["record_id"]
            for s in tables["theme_support.csv"]
            if s["theme_id"] == t["theme_id"] and s["evidence"] == "stated"
        }
        if stated and (t["stated_all_records"] != "yes" or stated != records):
            offenders.append(f"theme_support.csv: {t['theme_id']} 'stated' rows need all records")
    for q in tables["quotes.csv"]:
        pair = {"theme_id": q["theme_id"], "record_id": q["record_id"], "evidence": "quoted"}
        if pair not in tables["theme_support.csv"] and not any(
            s["theme_id"] == q["theme_id"] and s["record_id"] == q["record_id"]
            for s in tables["theme_support.csv"]
        ):
            offenders.append(f"theme_support.csv: no row for quote {q['quote_id']}'s theme/record")
    assert not offenders, "\n".join(offenders)


def test_doubtful_quote_kinds_say_why(tables: Tables) -> None:
    offenders = [
        f"quotes.csv: {q['quote_id']} has kind_certain=no but no note"
        for q in tables["quotes.csv"]
        if q["kind_certain"] == "no" and not q["note"]
    ]
    assert not offenders, "\n".join(offenders)


_INTEGER = Column("n", Kind.INTEGER, minimum=0, maximum=120)


@given(st.integers(min_value=0, max_value=120))
def test_cell_check_accepts_every_in_bound_integer(n: int) -> None:
    assert cell_problem(str(n), _INTEGER) is None


@given(st.integers().filter(lambda n: n < 0 or n > 120))
def test_cell_check_rejects_every_out_of_bound_integer(n: int) -> None:
    assert cell_problem(str(n), _INTEGER) in ("below 0", "above 120")


@given(st.text(min_size=1).filter(lambda s: s == s.strip() and not re.fullmatch(r"-?\d+", s)))
def test_cell_check_rejects_every_non_integer_text(text: str) -> None:
    assert cell_problem(text, _INTEGER) is not None
