"""Serialise query results in the worker with pyoxigraph's own serialisers, under the row cap.

pyoxigraph writes a whole result at once and cannot stop at a row count, so the solution formats
are written into a `CappedOutput`: pyoxigraph hands it the serialisation in chunks of about 8 KiB,
and it counts the rows in each chunk from the format's own syntax and stops the serialisation
(RowLimitExceededError) as soon as the count passes the cap, so a huge result is never held
whole. The counting is exact because each format marks a row in a way no value can imitate:

- JSON: a solution object opens with `{` after `[` or `,` outside every string (inside a
  string a `"` is always escaped, so quotes split the text into strings and structure);
- XML: `<result>` (a value's `<` is escaped);
- CSV: a line end outside quotes (a quoted field may hold one; quotes inside it are doubled);
- TSV: a line end (values are written in N-Triples syntax, line ends escaped).

pyoxigraph writes a literal typed `xsd:string` without its datatype, as the reading spkg gives
it everywhere (`ingest.store.terms`). Graphs (CONSTRUCT, DESCRIBE) are counted triple by triple
and booleans need no cap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO, Any, cast

import pyoxigraph as ox

from api.exceptions import ServiceError
from ingest.formats import rdf_format, results_format

__all__ = [
    "CappedOutput",
    "RowLimitExceededError",
    "serialize_boolean",
    "serialize_graph",
    "serialize_solutions",
]

_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_XML_ROW = b"<result>"


class RowLimitExceededError(ServiceError):
    """More rows (or triples) than `limit`."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class CappedOutput:
    """A binary file for pyoxigraph to serialise `fmt` into; raises RowLimitExceededError from
    `write` once the rows written pass `limit`. `value()` is everything written."""

    def __init__(self, fmt: str, limit: int) -> None:
        counters = {
            "json": self._count_json,
            "xml": self._count_xml,
            "csv": self._count_csv,
            "tsv": self._count_tsv,
        }
        if fmt not in counters:
            raise ValueError(f"unknown solution format {fmt!r}")
        self.fmt = fmt
        self._count = counters[fmt]
        self.limit = limit
        self.rows = 0
        self._chunks: list[bytes] = []
        self._quoted = False  # inside a JSON string or a quoted CSV field when the chunk ended
        self._carry = b""  # a JSON escape cut in two, or the last bytes of XML, for the next chunk
        self._last = b""  # the last structural JSON byte, which may pair with the next chunk's
        self._lines = 0

    def write(self, chunk: bytes) -> int:
        data = bytes(chunk)
        self._chunks.append(data)
        self.rows += self._count(data)
        if self.rows > self.limit:
            raise RowLimitExceededError(self.limit)
        return len(chunk)

    def flush(self) -> None:
        """Nothing is buffered here; pyoxigraph may call it."""

    def value(self) -> bytes:
        return b"".join(self._chunks)

    def _outside(self, text: bytes) -> bytes:
        """The parts of `text` outside quotes, joined, given whether it starts inside quotes."""
        parts = text.split(b'"')
        outside = parts[1::2] if self._quoted else parts[::2]
        if len(parts) % 2 == 0:
            self._quoted = not self._quoted
        return b"".join(outside)

    def _count_json(self, chunk: bytes) -> int:
        # Backslashes occur only inside strings: dropping each escape pair leaves every `"` a
        # real string delimiter. A backslash left last is half an escape cut by the chunk end.
        text = _ESCAPE.sub(b"", self._carry + chunk)
        self._carry = b""
        if text.endswith(b"\\"):
            text, self._carry = text[:-1], b"\\"
        structure = self._last + self._outside(text)
        self._last = b"" if self._quoted else structure[-1:]
        return structure.count(b",{") + structure.count(b"[{")

    def _count_xml(self, chunk: bytes) -> int:
        text = self._carry + chunk
        self._carry = text[-(len(_XML_ROW) - 1) :]
        return text.count(_XML_ROW)

    def _count_csv(self, chunk: bytes) -> int:
        return self._count_lines(self._outside(chunk).count(b"\n"))

    def _count_tsv(self, chunk: bytes) -> int:
        return self._count_lines(chunk.count(b"\n"))

    def _count_lines(self, lines: int) -> int:
        """Rows among `lines` more line ends: the first line of the output is the header."""
        before = max(self._lines - 1, 0)
        self._lines += lines
        return max(self._lines - 1, 0) - before


def serialize_solutions(solutions: ox.QuerySolutions, fmt: str, max_rows: int) -> bytes:
    """SELECT results in `fmt` (json, xml, csv, tsv); RowLimitExceededError past `max_rows`."""
    output = CappedOutput(fmt, max_rows)
    solutions.serialize(cast(IO[bytes], output), format=results_format(fmt))
    return output.value()


def serialize_boolean(result: ox.QueryBoolean, fmt: str) -> bytes:
    """An ASK answer in `fmt` (json, xml, csv, tsv)."""
    return result.serialize(format=results_format(fmt)) or b""


def _capped(items: Iterable[Any], limit: int) -> Iterator[Any]:
    for count, item in enumerate(items, start=1):
        if count > limit:
            raise RowLimitExceededError(limit)
        yield item


def serialize_graph(triples: ox.QueryTriples, fmt: str, max_rows: int) -> bytes:
    """CONSTRUCT/DESCRIBE results in `fmt`; RowLimitExceededError past `max_rows` triples."""
    kept = list(_capped(triples, max_rows))
    return ox.serialize(kept, format=rdf_format(fmt)) or b""
