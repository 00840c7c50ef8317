"""CSV exports read as a stream, in parts that two processes can read at once.

A million-row export is 200 MB: it is never held in memory. It is read line by line, each line
decoded on its own so that a byte that is not in the file's encoding is reported at its row. A
large file is cut into parts at line ends that lie outside any quoted field: in CSV a position
is outside quotes when an even number of ``"`` come before it, since a quote inside a field is
written twice.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .found import Found
from .opening import ESCAPE

PART_BYTES = 32 * 1024 * 1024
"""Files larger than this are read in parts, one per processor (up to the processors there are)."""
_BLOCK = 1024 * 1024
MAX_LINE = 4 * 1024 * 1024
"""The longest line read (a row is a few hundred bytes): a file with no line end, 2 GB of it,
is refused at its first 4 MB instead of being held in memory as one line."""


class LineTooLong(ValueError):
    """A line longer than :data:`MAX_LINE`."""


def parts(path: Path, size: int, count: int) -> list[tuple[int, int, int]]:
    """(start, end, first line) of ``count`` parts of the file, cut at line ends outside quotes."""
    if count < 2 or size < PART_BYTES:
        return [(0, size, 1)]
    cuts = [(0, 1)]
    quotes = newlines = position = 0

    def take(block: bytes) -> None:
        nonlocal quotes, newlines, position
        quotes += block.count(b'"')
        newlines += block.count(b"\n")
        position += len(block)

    with open(path, "rb") as handle:
        for n in range(1, count):
            target = size * n // count
            while position < target and (block := handle.read(min(_BLOCK, target - position))):
                take(block)
            cut = None
            while cut is None and (block := handle.read(_BLOCK)):
                cut = _even_line_end(block, quotes)
                take(block if cut is None else block[:cut])
            handle.seek(position)
            if cut is not None and position < size:
                cuts.append((position, newlines + 1))
    bounds = [start for start, _ in cuts[1:]] + [size]
    return [(start, bound, line) for (start, line), bound in zip(cuts, bounds, strict=True)]


def _even_line_end(block: bytes, quotes: int) -> int | None:
    """The position just after the first line end of ``block`` outside quotes, if any."""
    start = 0
    while True:
        end = block.find(b"\n", start)
        if end < 0:
            return None
        if (quotes + block.count(b'"', 0, end)) % 2 == 0:
            return end + 1
        start = end + 1


class _Range(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file, as a file."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        super().__init__()
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115  # closed with this object
        self._file.seek(start)
        self._left = end - start
        self._since = 0
        """Bytes read since the last line end."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            return 0
        with memoryview(buffer) as view:
            count = self._file.readinto(view[: self._left]) or 0
            end = bytes(view[:count]).rfind(b"\n")
        self._left -= count
        self._since = count - end - 1 if end >= 0 else self._since + count
        if self._since > MAX_LINE:
            raise LineTooLong(f"a line longer than {MAX_LINE // 1024 // 1024} MB: not a log export")
        return count

    def close(self) -> None:
        self._file.close()
        super().close()


def lines(path: Path, encoding: str, start: int, end: int) -> io.TextIOWrapper:
    """The text of bytes ``start`` to ``end``, decoded by the C codecs. A byte that is not in
    the encoding becomes a lone surrogate (``\\udcXX``) instead of stopping the read: the cells
    that are read check for it (:func:`undecoded`), so that the row and column are reported."""
    if encoding == "utf-16":  # two bytes a character: never cut in parts
        start, end = 0, os.stat(path).st_size
    codec = encoding if start == 0 else encoding.removesuffix("-sig")
    raw = io.BufferedReader(_Range(path, start, end), _BLOCK)
    return io.TextIOWrapper(raw, encoding=codec, errors=ESCAPE, newline="")


def undecoded(cell: str, encoding: str) -> str | None:
    """Why a cell read from a file is not in its encoding (a message), or None. A lone
    surrogate that no byte made (``"\\ud800"`` written in JSON) is no text either."""
    if cell.isascii() or not any("\ud800" <= c <= "\udfff" for c in cell):
        return None
    bad = next(c for c in cell if "\ud800" <= c <= "\udfff")
    if not "\udc00" <= bad <= "\udcff":
        return f"U+{ord(bad):04X}, half of a UTF-16 pair, is no character: the file is damaged"
    name = _NAMES.get(encoding.removesuffix("-sig"), encoding)
    return (
        f"byte 0x{ord(bad) - 0xDC00:02X} is not {name}: the file mixes encodings or was cut;"
        " open it in a spreadsheet and save it again as CSV UTF-8"
    )


_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "utf-16": "UTF-16"}


def rows(
    lines_: Iterable[str], delimiter: str, first: int, found: Found
) -> Iterator[tuple[int, list[str]]]:
    """The CSV rows of ``lines_``, each with the line it starts on; a broken row is reported."""
    reader = csv.reader(lines_, delimiter=delimiter, strict=True)
    done = 0  # lines the rows before took (the reader iterates in C; no call a row here)
    while True:
        try:
            for row in reader:
                yield first + done, row
                done = reader.line_num
            return
        except LineTooLong as exc:
            found.add(first + reader.line_num, 1, str(exc), "line")
            return
        except csv.Error as exc:  # reported where the row starts: a quote opened there
            found.add(first + done, 1, _broken(exc), "csv")
            done = reader.line_num


def _broken(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        kb = csv.field_size_limit() // 1024
        return f"a cell longer than {kb} KB (or a quote never closed): no export holds one"
    return f"broken CSV row (a quote never closed?): {exc}"


def header_row(text: str, delimiter: str) -> list[str]:
    """The first row of a text (the header)."""
    return next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
