"""The rows of an export, whatever its file format, for the readers and the pseudonymiser.

- :func:`download`: Moodle's log download from CSV (any delimiter and encoding), Excel or JSON,
  as a header and lists of cells;
- :func:`table`: the standard log table from CSV or JSON, as mappings of column -> value;
- :func:`statements`: xAPI statements.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...source import exports
from ...source.words import show
from .. import delimited, jsonstream, opening, sheets
from ..found import Found

JSON = ("moodle-json", "standard-log-json", "xapi")
"""The formats read as JSON."""


@dataclass(frozen=True, slots=True)
class Part:
    """A file, or the part of a large one that one process reads."""

    path: Path
    sniffed: exports.Sniffed
    """Its format, encoding and columns."""
    start: int
    """Its first byte."""
    end: int
    """The byte after its last."""
    line: int
    """The line it starts on."""


def whole(path: Path, sniffed: exports.Sniffed) -> Part:
    return Part(path, sniffed, 0, path.stat().st_size, 1)


def download(part: Part, found: Found) -> tuple[list[str], Iterator[tuple[int, list[str]]]] | None:
    """Moodle's log download: its header and its rows (the header left out); None, and a
    problem, when the header is not Moodle's."""
    kind, sniffed = part.sniffed.format, part.sniffed
    if kind == "moodle-csv":
        rows = _csv(part, found)
        header = delimited.header_row(_first_line(part.path, sniffed), sniffed.delimiter or ",")
        return header, rows
    found_rows = (
        sheets.rows(part.path, found) if kind == "moodle-xlsx" else _json_download(part, found)
    )
    first = next(found_rows, None)
    if first is None:
        return None
    if not columns(first[1]):
        message = f"not Moodle's log download: an unknown header {show(first[1][:9])}"
        found.add(first[0], 1, message, "header")
        return None
    return first[1], found_rows


def columns(header: list[str]) -> dict[str, int]:
    """Where each column of the download is (its labels, or the keys of its JSON)."""
    return exports.moodle_columns(header) or exports.moodle_columns(header, keyed=True) or {}


def table(part: Part, found: Found) -> Iterator[tuple[int, dict[str, Any]]]:
    """The standard log table's rows, each a mapping of column -> value."""
    if part.sniffed.format in JSON:
        for line, item in _items(part, found):
            yield line, item if isinstance(item, dict) else {}
        return
    places = dict(part.sniffed.columns)
    for line, row in _csv(part, found):
        yield line, {c: row[i] for c, i in places.items() if i < len(row)}


def statements(part: Part, found: Found) -> Iterator[tuple[int, Any]]:
    """xAPI statements."""
    return _items(part, found)


def _csv(part: Part, found: Found) -> Iterator[tuple[int, list[str]]]:
    sniffed = part.sniffed
    handle = delimited.lines(part.path, sniffed.encoding or "utf-8", part.start, part.end)
    rows = delimited.rows(handle, sniffed.delimiter or ",", part.line, found)
    if part.start == 0:
        next(rows, None)  # the header, read by detect
    return rows


def _first_line(path: Path, sniffed: exports.Sniffed) -> str:
    with open(path, encoding=sniffed.encoding, errors="replace", newline="") as handle:
        return handle.readline().lstrip("\ufeff")


def _items(part: Part, found: Found) -> Iterator[tuple[int, Any]]:
    with open(part.path, encoding=part.sniffed.encoding, errors=opening.ESCAPE) as handle:
        yield from jsonstream.items(handle, found)


def _json_download(part: Part, found: Found) -> Iterator[tuple[int, list[str]]]:
    """Moodle's JSON download as rows, a header first: objects keyed by the columns' labels
    (``heure``, ``nomcompletdelutilisateur``...) or, from older versions, arrays."""
    items = _items(part, found)
    first = next(items, None)
    if first is None:
        return
    line, item = first
    header = list(item) if isinstance(item, dict) else exports.MOODLE_HEADER.split(", ")
    yield line, header
    for line, item in _chain(first, items):
        if isinstance(item, dict):
            yield line, [str(item.get(key, "")) for key in header]
        else:
            yield line, [str(cell) for cell in item] if isinstance(item, list) else []


def _chain(first: Any, rest: Iterable[Any]) -> Iterator[Any]:
    yield first
    yield from rest
