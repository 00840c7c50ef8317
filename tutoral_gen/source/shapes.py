"""Exports recognised by what their columns hold, where their header does not say what they are.

- Moodle's log download in any interface language: Moodle translates its nine headers, never
  the order of its columns nor what they hold (a time, English Description sentences that carry
  ids, an origin such as ``web`` or ``cli``, an IP address);
- the standard log table exported without its header row (a database tool's default, such as
  psql's ``\\copy ... CSV`` or DBeaver): its 21 columns in the table's order, each of its own
  kind (an event class name, ``c``/``r``/``u``/``d``, a Unix time...);
- the order of a download's dates, which only a date whose day or month is past 12 tells.

A sample (the first rows of the file) is judged, never one row: a file is taken for an export
only when every row of the sample fits, so that another CSV is not read as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

MOODLE_ORDER = (
    "time", "name", "affected", "context", "component", "event", "description", "origin", "ip",
)  # fmt: skip
"""The columns of Moodle's log download, in the order every language writes them."""

STANDARD = (
    "id", "eventname", "component", "action", "target", "objecttable", "objectid", "crud",
    "edulevel", "contextid", "contextlevel", "contextinstanceid", "userid", "courseid",
    "relateduserid", "anonymous", "other", "timecreated", "origin", "ip", "realuserid",
)  # fmt: skip
"""The columns of ``logstore_standard_log``, in the table's order (a header-less dump's)."""

ORIGINS = frozenset({"web", "cli", "ws", "restore"})
"""What Moodle writes in the Origin column (untranslated)."""
SAMPLE_ROWS = 50
"""Data rows judged, at most."""
ORDERS = ("dmy", "mdy", "ymd")
"""Day/month orders of a numeric date: ``2/03/26``, ``03/2/26``, ``2026-03-02``."""

_NULLS = ("", "NULL", "null", "\\N")
_DATE = re.compile(r"\s*'?(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{2,4})\b")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_SENTENCE = re.compile(r"[A-Z][a-z]* ")
_IDS = re.compile(r"\bid '-?\d+'")
_ORIGIN = re.compile(r"[a-z]{0,16}")
_IP = re.compile(r"[0-9A-Fa-f:.,\s]{0,80}")
_EVENT = re.compile(r"\\[a-z][a-z0-9_]*\\event\\[a-z0-9_]+")
_WORD = re.compile(r"[a-z][a-z0-9_]*")
_INT = re.compile(r"-?\d+")


def _blank(row: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in row)


def is_time(cell: str) -> bool:
    """Whether a cell reads as a date and time in some language (``2/03/26, 09:15:07``,
    ``5 mars 26, 14:03:07``, ``02.03.26, 09:15``): a clock, a digit before it, short."""
    found = _CLOCK.search(cell)
    return found is not None and len(cell) <= 40 and any(c.isdigit() for c in cell[: found.start()])


def moodle_download(header: Sequence[str], rows: Sequence[Sequence[str]]) -> dict[str, int] | None:
    """Each column's position when ``header`` and the ``rows`` after it are Moodle's log
    download in whatever language, else None. A row may lack its trailing empty cells (Excel)."""
    width = len(MOODLE_ORDER)
    if len(header) != width or any(not cell.strip() or is_time(cell) for cell in header):
        return None
    # A row cut before its Description is the reader's to report, located: not judged here.
    data = [row for row in rows[:SAMPLE_ROWS] if len(row) > 6 and not _blank(row)]
    if not data or any(len(row) > width for row in data):
        return None
    origins = set()
    for row in data:
        cells = [*row, *[""] * (width - len(row))]
        time, description, origin, ip = (cells[i].strip() for i in (0, 6, 7, 8))
        if not (
            is_time(time)
            and _SENTENCE.match(description)
            and _ORIGIN.fullmatch(origin)
            and _IP.fullmatch(ip)
        ):
            return None
        origins.add(origin)
    said = any(_IDS.search(row[6]) for row in data)
    return {c: n for n, c in enumerate(MOODLE_ORDER)} if said and origins & ORIGINS else None


def standard_table(rows: Sequence[Sequence[str]]) -> dict[str, int] | None:
    """Each column's position when ``rows`` (the first one included) are the standard log
    table without its header, else None."""
    data = [row for row in rows[:SAMPLE_ROWS] if not _blank(row)]
    if not data or not all(_standard_row(row) for row in data):
        return None
    return {c: n for n, c in enumerate(STANDARD)}


def _standard_row(row: Sequence[str]) -> bool:
    if len(row) != len(STANDARD):
        return False
    cell = dict(zip(STANDARD, (c.strip() for c in row), strict=True))

    def number(column: str, null: bool = False) -> bool:
        return bool(_INT.fullmatch(cell[column])) or (null and cell[column] in _NULLS)

    return bool(
        cell["id"].isdigit()
        and _EVENT.fullmatch(cell["eventname"])
        and _WORD.fullmatch(cell["component"])
        and cell["crud"] in ("c", "r", "u", "d")
        and cell["edulevel"] in ("0", "1", "2")
        and all(number(c) for c in ("contextid", "contextlevel", "contextinstanceid", "userid"))
        and all(number(c, null=True) for c in ("objectid", "courseid", "relateduserid"))
        and cell["anonymous"] in ("0", "1")
        and re.fullmatch(r"\d{9,10}", cell["timecreated"])
        and (cell["origin"] in _NULLS or _ORIGIN.fullmatch(cell["origin"]))
        and number("realuserid", null=True)
    )


def date_order(cells: Iterable[str]) -> str | None:
    """The order of the first date that tells it: ``ymd`` when it starts with a 4-digit year,
    ``dmy`` when its first number is past 12, ``mdy`` when its second is; None when every date
    could be read either way (or names its month)."""
    for cell in cells:
        found = _DATE.match(cell)
        if found is None:
            continue
        first, second = found.group(1), int(found.group(2))
        if len(first) >= 3:
            return "ymd"
        if int(first) > 12:
            return "dmy"
        if second > 12:
            return "mdy"
    return None
