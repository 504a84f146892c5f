"""REST lists as tables (`text/csv`), for spreadsheets, pandas and R: one row per item.

The columns of a route are fixed by its item model (the `Page[Item]` it is declared with), in the
model's field order, so they never depend on what a page holds:
- a field holding one value is one column, named as in the JSON (`key`, `sampleSize`);
- a field holding an object (a `Ref`) gives one column per field of the object's model, named
  `field.subfield` (`theme.id`, `theme.label`);
- a field holding a list is one column of its items joined by `; ` (objects by their `id`);
- an absent value is an empty cell, a boolean `true` or `false`.
The file is RFC 4180 CSV in UTF-8 with a header row. Each list route lists its columns in its
OpenAPI description (`csv_responses`), the documentation of the table.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from fastapi import Request
from pydantic import BaseModel

__all__ = [
    "LIST_SEPARATOR",
    "Column",
    "csv_responses",
    "csv_table",
    "document_tables",
    "item_model",
    "page_item",
    "table_columns",
]

logger = logging.getLogger(__name__)

LIST_SEPARATOR = "; "  # as the data files join list items


@dataclass(frozen=True)
class Column:
    """One column: its header and the keys leading to its value in an item's JSON."""

    header: str
    path: tuple[str, ...]


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation holds one of (`Ref | None` → Ref), else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        models = [m for a in get_args(annotation) if (m := _model_of(a)) is not None]
        return models[0] if len(models) == 1 else None
    return None


def _key(name: str, model: type[BaseModel]) -> str:
    field = model.model_fields[name]
    return field.alias or name


def table_columns(model: type[BaseModel]) -> list[Column]:
    """The columns of a table of `model` items."""
    columns = []
    for name, field in model.model_fields.items():
        key = _key(name, model)
        nested = _model_of(field.annotation)
        if nested is None:
            columns.append(Column(key, (key,)))
            continue
        for sub in nested.model_fields:
            sub_key = _key(sub, nested)
            columns.append(Column(f"{key}.{sub_key}", (key, sub_key)))
    return columns


def page_item(response_model: Any) -> type[BaseModel] | None:
    """`Item` of a route's response model `Page[Item]`, else None."""
    fields = getattr(response_model, "model_fields", {})
    if "items" not in fields or "total" not in fields:
        return None
    args = get_args(fields["items"].annotation)
    return _model_of(args[0]) if args else None


def item_model(request: Request) -> type[BaseModel] | None:
    """The item model of the route serving `request` when it answers with a `Page[Item]`."""
    return page_item(getattr(request.scope.get("route"), "response_model", None))


def document_tables(routes: Iterable[Any]) -> None:
    """Add to the OpenAPI description of every list route among `routes` its table's columns."""
    for route in routes:
        model = page_item(getattr(route, "response_model", None))
        if model is not None and isinstance(getattr(route, "responses", None), dict):
            route.responses = {**csv_responses(model), **route.responses}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return str(value["id"]) if "id" in value else json.dumps(value, sort_keys=True)
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    return str(value)


def _value(item: Mapping[str, Any], path: Sequence[str]) -> Any:
    value: Any = item
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def csv_table(items: Iterable[Mapping[str, Any]], model: type[BaseModel]) -> str:
    """The items (as their JSON) as CSV text with the columns of `model`."""
    columns = table_columns(model)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    for item in items:
        writer.writerow([_cell(_value(item, c.path)) for c in columns])
    return out.getvalue()


def csv_responses(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of a list route: its table and the table's columns."""
    headers = ", ".join(f"`{c.header}`" for c in table_columns(model))
    description = (
        "The list, as JSON-LD or JSON, or (by `Accept: text/csv` or `?format=csv`) as a table: "
        f"one row per item, columns {headers}; lists joined by `; `. Without `page` or "
        "`per_page`, the table holds the whole list."
    )
    example = ",".join(c.header for c in table_columns(model)) + "\r\n"
    content = {"text/csv": {"schema": {"type": "string"}, "example": example}}
    return {200: {"description": description, "content": content}}
