"""Validators: each takes a raw YAML value and returns a typed one, or fails through :func:`fail`.
A record is read against a table of :class:`Field`; every problem is collected on the
:class:`Reader` with its path, so that one run reports all of a file's mistakes."""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeVar

from ..domain.quantity import Range
from ..errors import Path_, Problem, Severity
from .words import aliases, control, plain, show, suggest

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

Convert = Callable[[Any, "Reader", Path_], Any]
"""A validator: (raw value, reader, path of the value) -> typed value, or raises Invalid.

Each validator carries the JSON Schema of what it accepts as its ``schema`` attribute (set by
:func:`described`), or the facts it is built from (``enum``, ``options``, ``item``), which
``schema.py`` turns into JSON Schema: the tables below are the one description of the format.
"""

C = TypeVar("C", bound=Callable[..., Any])


def described(fragment: dict[str, Any]) -> Callable[[C], C]:
    """Attach the JSON Schema of the values a validator accepts."""

    def mark(convert: C) -> C:
        convert.schema = fragment  # type: ignore[attr-defined]
        return convert

    return mark


class Invalid(Exception):
    """A value that does not convert; carries the user-facing message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def fail(expected: str, found: object, hint: str = "") -> NoReturn:
    """Reject a value: the one helper every validator fails through."""
    raise Invalid(f"expected {expected}, found {show(found)}{hint}")


# --- scalar validators -------------------------------------------------------------------

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
"""An id: it names files and URLs, so a full match (no trailing newline slips through)."""


MAX_NUMBER = 1_000_000_000
"""The largest number content may give (minutes, learners, costs): larger is a typo."""
MIN_POSITIVE = 1e-6
"""The smallest number greater than 0 (a rate, a share): smaller would divide into infinity."""
MAX_TEXT = 10_000
"""The longest text of a YAML field, in characters (a body belongs in a Markdown file)."""


def _printable(value: str) -> None:
    if found := control(value):
        fail(f"a text without control characters (U+{ord(found):04X})", value)


@described({"type": ["string", "number"], "maxLength": MAX_TEXT})
def text(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    if isinstance(value, str) and len(value) > MAX_TEXT:
        fail(f"a text of at most {MAX_TEXT:,} characters".replace(",", " "), value)
    if isinstance(value, str) and value.strip():
        _printable(value)
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    fail("a text", value)


MAX_LABEL = 300
"""The longest short label (a title, a name, an owner): a page heading or a table cell, not a
paragraph."""


def label(limit: int = MAX_LABEL, *, numbers: bool = True, expected: str = "a text") -> Convert:
    """A validator for a short label of at most ``limit`` characters; with ``numbers``, a YAML
    number is read as the text it was written as (``title: 2026``), else refused (a currency
    is no number). Its JSON Schema says both, so that editors flag what the build refuses."""

    def convert(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not numbers or not math.isfinite(value):
                fail(expected, value)
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            fail(expected, value)
        if len(value.strip()) > limit:
            count = f"{limit:,}".replace(",", " ")
            fail(f"{expected} of at most {count} characters", value)
        _printable(value)
        return value.strip()

    kinds = ["string", "number"] if numbers else "string"
    convert.schema = {"type": kinds, "minLength": 1, "maxLength": limit}  # type: ignore[attr-defined]
    return convert


title = label()
"""A title or a name: at most 300 characters, a number read as written."""


# (?!\n): Python's jsonschema reads $ as "end, or before a final newline", editors do not.
@described({"type": "string", "pattern": f"^{_ID.pattern}(?!\n)$"})
def identifier(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    if isinstance(value, str) and _ID.fullmatch(value):
        return value
    fail("an id made of letters, digits, '-' or '_' (64 at most)", value)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        fail("a number", value)
    if abs(value) > MAX_NUMBER:
        fail("a number of at most 1 000 000 000", value)
    return float(value)


@described({"type": "number", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER})
def number(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> float:
    """Any finite number, within the bounds of content."""
    return _number(value)


@described({"type": "number", "minimum": MIN_POSITIVE, "maximum": MAX_NUMBER})
def positive_number(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> float:
    if _number(value) <= 0:
        fail("a number greater than 0", value)
    if value < MIN_POSITIVE:
        fail("a number of at least 0.000001", value)
    return value  # type: ignore[no-any-return]  # an int stays an int in reports


@described({"type": "integer", "minimum": 1})
def positive_int(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        fail("a whole number greater than 0", value)
    return value


def whole(low: int, high: int) -> Convert:
    """A validator for a whole number from ``low`` to ``high``: bounds keep an absurd value
    (a cohort of 10^11 learners) from making pages no one could open."""

    def convert(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            fail(f"a whole number from {low} to {high:,}".replace(",", " "), value)
        return value

    convert.schema = {"type": "integer", "minimum": low, "maximum": high}  # type: ignore[attr-defined]
    return convert


@described({"type": "number", "minimum": MIN_POSITIVE, "maximum": 1})
def fraction(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> float:
    number = _number(value)
    if not MIN_POSITIVE <= number <= 1:
        fail("a fraction greater than 0 and at most 1 (0.3 = 30 %)", value)
    return number


@described({"type": "number", "minimum": 0, "maximum": MAX_NUMBER})
def non_negative(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> float:
    if _number(value) < 0:
        fail("a number of 0 or more", value)
    return float(value)


@described({"type": "boolean"})
def boolean(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> bool:
    if isinstance(value, bool):
        return value
    fail("true or false", value)


@described(
    {
        "anyOf": [
            {"type": "number", "minimum": MIN_POSITIVE, "maximum": MAX_NUMBER},
            {
                "type": "array",
                "items": {"type": "number", "minimum": MIN_POSITIVE, "maximum": MAX_NUMBER},
                "minItems": 2,
                "maxItems": 2,
            },
        ]
    }
)
def span(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> Range:
    """A positive number, or a range ``[min, max]`` with 0 < min <= max."""
    if isinstance(value, list):
        if len(value) != 2:
            fail("a range of two numbers [min, max]", value)
        low, high = (positive_number(v) for v in value)
        if low > high:
            fail("a range [min, max] with min <= max", value)
        return Range(low, high)
    return Range.of(positive_number(value))


def choice(kind: type[E]) -> Convert:
    """A validator for one value of an enumeration, with a suggestion for near misses, the
    words of the handbook's languages included (``kind: structurelle``: ``structural``?)."""
    options = [member.value for member in kind]
    members = {member.value: member for member in kind}

    def convert(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> E:
        if isinstance(value, str) and value in members:
            return members[value]
        hint = ""
        if isinstance(value, str):
            meant = aliases(kind).get(plain(value))
            hint = f"; did you mean {meant!r}?" if meant else suggest(value, options)
        fail("one of " + ", ".join(options), value, hint)

    convert.enum = kind  # type: ignore[attr-defined]  # read by schema.py
    return convert


def one_of(*options: str) -> Convert:
    """A validator for one of a few fixed texts."""

    def convert(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
        if isinstance(value, str) and value in options:
            return value
        fail("one of " + ", ".join(options), value, suggest(str(value), options))

    convert.options = options  # type: ignore[attr-defined]  # read by schema.py
    return convert


@described({})
def nested(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> Any:
    """Keeps the raw value: the caller reads it as records, with their own table."""
    return value


def listed(item: Convert, *, single_ok: bool = False) -> Convert:
    """A list whose items go through ``item``; bad items are reported and left out."""

    def convert(value: Any, reader: Reader, path: Path_) -> tuple[Any, ...]:
        if single_ok and not isinstance(value, list):
            value = [value]
        if not isinstance(value, list):
            fail("a list", value)
        out = []
        for index, raw in enumerate(value):
            try:
                converted = item(raw, reader, (*path, index))
            except Invalid as exc:
                reader.problem((*path, index), exc.message)
                continue
            if converted is not None:
                out.append(converted)
        return tuple(out)

    convert.item, convert.single_ok = item, single_ok  # type: ignore[attr-defined]
    return convert


# --- records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """A mapping read with a table of fields."""

    spec: Mapping[str, Field]


@dataclass(frozen=True)
class Records:
    """A list of such mappings."""

    spec: Mapping[str, Field]
    most: int | None = None  # the most items the list may hold, when it is bounded


@dataclass(frozen=True)
class MapOf:
    """A mapping of free keys (ids) to values of one shape."""

    value: Record | MapOf | Convert
    """What each key holds."""
    keys: list[str] | None = None
    """The keys allowed, when they are known (support plans, views...)."""
    vocabulary: str | None = None
    """Whose ids the keys are (``objectives``), listed with their wording in the schema."""


Shape = Record | Records | MapOf
"""What a ``nested`` field holds."""


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a YAML record."""

    convert: Convert
    """The validator of its value."""
    doc: str
    """What it means, for users (and the JSON Schema to come)."""
    required: bool = False
    """Whether the record is invalid without it."""
    shape: Shape | None = None
    """For a ``nested`` value, what it holds: a Record, Records or MapOf."""


@dataclass
class Reader:
    """Reads the records of one file, collecting its problems."""

    file: str
    """The file, relative to the project root."""
    problems: list[Problem] = field(default_factory=list)
    """Every problem found so far, unlocated."""

    def problem(
        self, path: Path_, message: str, *, at: str = "value", severity: Severity = "error"
    ) -> None:
        self.problems.append(
            Problem(self.file, message, path, "key" if at == "key" else "value", severity=severity)
        )

    def known(
        self, path: Path_, value: str, options: Iterable[str] | None, what: str, at: str = "value"
    ) -> bool:
        """Whether ``value`` is one of ``options``; if not, a problem that suggests a near miss
        and lists what was expected. ``options`` None: they cannot be known (their file is
        unreadable, and reported), so nothing is reported here."""
        if options is None:
            return True
        options = list(options)
        if value in options:
            return True
        listing = ", ".join(options) or "none declared"
        message = f"unknown {what} {value!r}{suggest(value, options)}; expected one of: {listing}"
        self.problem(path, message, at=at)
        return False

    def record(
        self, raw: Any, path: Path_, spec: Mapping[str, Field], *, partial: bool = False
    ) -> dict[str, Any] | None:
        """The converted values of a mapping, or None if any of them is wrong or missing.

        With ``partial``, the values that did convert are returned even when others did not, so
        that the caller can go on checking what depends on them.
        """
        if not isinstance(raw, dict):
            self.problem(path, f"expected a mapping of 'key: value' lines, found {show(raw)}")
            return None
        before = len(self.problems)
        for key in raw:
            if key not in spec:
                hint = suggest(key, spec) if isinstance(key, str) else ""
                self.problem(
                    (*path, key),
                    f"unknown field {show(key)}{hint}; expected one of: {', '.join(spec)}",
                    at="key",
                )
        out: dict[str, Any] = {}
        for name, spec_field in spec.items():
            value = raw.get(name)
            if value is None:
                if spec_field.required:
                    self.problem((*path, name), f"required field is missing ({spec_field.doc})")
                continue
            try:
                out[name] = spec_field.convert(value, self, (*path, name))
            except Invalid as exc:
                self.problem((*path, name), exc.message)
        return out if partial or len(self.problems) == before else None

    def records(
        self, raw: Any, path: Path_, spec: Mapping[str, Field]
    ) -> list[tuple[int, dict[str, Any]]]:
        """The valid records of a list of mappings with their index; the bad ones are reported."""
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(path, f"expected a list of mappings, found {show(raw)}")
            return []
        found = ((index, self.record(item, (*path, index), spec)) for index, item in enumerate(raw))
        return [(index, item) for index, item in found if item is not None]
