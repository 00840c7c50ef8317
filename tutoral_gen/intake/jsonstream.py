"""JSON exports read item by item, never whole: a 2 GB file costs the memory of one item.

Shapes read: an array of items (``[{...}, ...]``), an array of arrays of items (Moodle's JSON
download: one array per sheet, ``[[{...}, ...]]``), an LRS answer (``{"statements": [...]}``),
one item, or JSON lines (one item per line, as Ralph and Open edX write xAPI statements).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from .found import Found

MAX_ITEM = 16 * 1024 * 1024
"""The largest single item read, in characters (a statement is a few kilobytes)."""
_CHUNK = 1024 * 1024
_DEPTH = "a thousand"
"""How deep Python's JSON parser goes before it gives up (its recursion limit)."""
_DIGITS = "4,300"
"""The longest integer Python converts from text (``sys.get_int_max_str_digits``)."""
_SPACE = " \t\r\n"


class Broken(ValueError):
    """JSON that does not parse; carries its line and column."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


class _Stream:
    """A window on the text: what was read and not yet parsed."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.text = ""
        self.at = 0
        self.line = 1
        """The line of ``at``."""
        self.start = 0
        """Where ``line`` was counted up to in ``text``."""
        self.done = False

    def more(self) -> bool:
        """Read more text; False at the end of the file."""
        if self.done:
            return False
        chunk = self.handle.read(_CHUNK)
        if not chunk:
            self.done = True
            return False
        self.line += self.text.count("\n", self.start, self.at)
        self.text, self.start, self.at = self.text[self.at :] + chunk, 0, 0
        return True

    def where(self) -> tuple[int, int]:
        """Line and column of ``at``."""
        self.line += self.text.count("\n", self.start, self.at)
        self.start = self.at
        column = self.at - self.text.rfind("\n", 0, self.at)
        return self.line, column

    def peek(self) -> str:
        """The next character that is not a space ('' at the end)."""
        while True:
            while self.at < len(self.text) and self.text[self.at] in _SPACE:
                self.at += 1
            if self.at < len(self.text) or not self.more():
                return self.text[self.at : self.at + 1]

    def expect(self, characters: str) -> str:
        found = self.peek()
        if not found or found not in characters:
            line, column = self.where()
            shown = repr(found) if found else "the end of the file"
            raise Broken(
                f"expected one of {' '.join(characters)} in the JSON, found {shown}", line, column
            )
        self.at += 1
        return found

    def value(self) -> tuple[int, Any]:
        """The next JSON value and the line it starts on."""
        self.peek()
        line, _ = self.where()
        decoder = json.JSONDecoder()
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.at)
            except RecursionError:
                raise Broken(f"JSON nested deeper than {_DEPTH} levels", line, 1) from None
            except json.JSONDecodeError as exc:
                # Cut by the end of what was read? Read more, up to the largest item.
                if len(self.text) - self.at < MAX_ITEM and self.more():
                    continue
                if len(self.text) - self.at >= MAX_ITEM:
                    raise Broken(f"an item longer than {MAX_ITEM} characters", line, 1) from None
                self.at = exc.pos
                line, column = self.where()
                raise Broken(f"broken JSON: {exc.msg}", line, column) from None
            except ValueError:  # int() of more digits than Python converts
                message = f"a number of more than {_DIGITS} digits in the JSON"
                raise Broken(message, line, 1) from None
            self.at = end
            return line, value


def items(handle: TextIO, found: Found) -> Iterator[tuple[int, Any]]:
    """Each item with the line it starts on; broken JSON is reported where it breaks."""
    stream = _Stream(handle)
    try:
        yield from _items(stream)
    except Broken as exc:
        found.add(exc.line, exc.column, str(exc), "json")


def _items(stream: _Stream) -> Iterator[tuple[int, Any]]:
    first = stream.peek()
    if first == "[":
        stream.at += 1
        yield from _array(stream, nested=stream.peek() == "[")
        return
    while stream.peek():  # one object, an LRS answer, or JSON lines
        line, value = stream.value()
        if isinstance(value, dict) and isinstance(value.get("statements"), list):
            yield from ((line, statement) for statement in value["statements"])
        elif isinstance(value, list):
            yield from ((line, item) for item in value)
        else:
            yield line, value


def _array(stream: _Stream, nested: bool) -> Iterator[tuple[int, Any]]:
    """The items of an array whose ``[`` was read; with ``nested``, of each array inside."""
    if stream.peek() == "]":
        stream.at += 1
        return
    while True:
        if nested:
            stream.expect("[")
            yield from _array(stream, nested=False)
        else:
            yield stream.value()
        if stream.expect(",]") == "]":
            return
