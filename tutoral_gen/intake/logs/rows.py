"""The rows of an export, whatever its file format, for the readers and the pseudonymiser.

- :func:`download`: Moodle's log download from CSV (any delimiter and encoding), Excel or JSON,
  as a header, its columns' positions and lists of cells;
- :func:`table`: the standard log table from CSV (with its header or without) or JSON, as
  mappings of column -> value;
- :func:`statements`: xAPI statements.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

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


class Download(NamedTuple):
    """Moodle's log download, read: its header, where its columns are, its rows."""

    header: list[str]
    """As the file writes it, in its language (for messages)."""
    columns: dict[str, int]
    """Position of each column (``time``, ``name``, ``description``...)."""
    rows: Iterator[tuple[int, list[str]]]
    """Each row after the header, with its line (or row) number; an Excel row lacks its
    trailing empty cells (the readers pad what they read)."""
    date_order: str | None
    """``dmy``, ``mdy`` or ``ymd`` when the file's first dates tell it."""


def download(part: Part, found: Found) -> Download | None:
    """Moodle's log download; None, and a problem, when the header is not Moodle's."""
    kind, sniffed = part.sniffed.format, part.sniffed
    if kind == "moodle-csv":
        header = delimited.header_row(_first_line(part.path, sniffed), sniffed.delimiter or ",")
        return Download(header, dict(sniffed.columns), _csv(part, found), sniffed.date_order)
    found_rows = (
        sheets.rows(part.path, found) if kind == "moodle-xlsx" else _json_download(part, found)
    )
    first = next(found_rows, None)
    if first is None:
        return None
    header = first[1]
    if sniffed.columns:
        return Download(header, dict(sniffed.columns), found_rows, sniffed.date_order)
    # A workbook (or JSON whose first item is longer than the sniffed sample): told apart here,
    # by its header and the rows after it, which are then read again.
    peeked = list(itertools.islice(found_rows, exports.SHEET_ROWS))
    known = exports.recognise(header, [row for _, row in peeked], keyed=kind == "moodle-json")
    if known is None:
        cells = ", ".join(show(cell) for cell in header[:9])  # each cut short: a cell may be huge
        message = f"not Moodle's log download: an unknown header [{cells}]"
        found.add(first[0], 1, message, "header")
        return None
    return Download(header, known[0], itertools.chain(peeked, found_rows), known[1])


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
    if part.start == 0 and sniffed.headed:
        next(rows, None)  # the header, read by the sniffing
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
