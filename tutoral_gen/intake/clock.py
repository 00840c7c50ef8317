"""Times as platforms and spreadsheets write them, to seconds since 1970 in a given time zone.

Moodle's log download writes the downloader's local time without its offset, in the site
language's short format: ``2/03/26, 09:15:07`` (the day's leading zero dropped; older versions
without seconds), ``5 mars 26, 14:03:07`` in French; a French spreadsheet re-saves it as
``02/03/2026 09:15:07``. A million rows hold a few thousand distinct hours, so each date and each
local hour is converted once: the hot path is a dictionary lookup and some arithmetic.

Whether ``2/03/26`` is the 2nd of March or the 3rd of February depends on the site's language
(Moodle's US English writes ``%m/%d/%y``): the order is the one the file's first dates tell,
else the project's ``date_order`` (``dmy`` by default). A date that can only be read the other
way is refused, never read as another day: the file is month first where it was read day first.

A local time that does not exist (the hour skipped when clocks go forward) is refused with its
own message; a time that exists twice (when clocks go back) is read as the first of the two.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo

from ..source.words import show

FIRST_YEAR, LAST_YEAR = 1970, 2513
"""The years a log's time may fall in (the xAPI and standard log readers' bounds too)."""

MONTHS = {
    # French (CLDR's abbreviations, and glibc's), then English.
    "janv": 1, "janvier": 1, "févr": 2, "fevr": 2, "février": 2, "mars": 3, "avr": 4,
    "avril": 4, "mai": 5, "juin": 6, "juil": 7, "juillet": 7, "août": 8, "aout": 8, "sept": 9,
    "septembre": 9, "oct": 10, "octobre": 10, "nov": 11, "novembre": 11, "déc": 12, "dec": 12,
    "décembre": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9,
}  # fmt: skip
"""Month names and abbreviations (lower case, without their dot)."""

_DATE = re.compile(
    r"(?P<a>\d{1,4})[/.-](?P<b>\d{1,2})[/.-](?P<c>\d{2,4})"  # 2/03/26, 02/03/2026, 2026-03-02
    r"|(?P<day>\d{1,2}) (?P<month>[^\W\d_]+)\.? (?P<year>\d{2,4})"  # 5 mars 26
)
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")

_MINUTE_SECOND = {f":{m:02d}:{n:02d}": m * 60 + n for m in range(60) for n in range(60)}
"""The end of a time, ``:15:07``, and the seconds it adds to its hour: one lookup reads and
checks it."""
_MINUTE = {f":{m:02d}": m * 60 for m in range(60)}
"""The same without seconds (older versions of Moodle)."""
MAX_HOURS = 1_000_000
"""Hours remembered, at most (a year holds 8,760)."""

ORDERS = ("dmy", "mdy", "ymd")
"""How a numeric date may be written: day, month, year first."""

EXPECTED = "a date and time such as 2/03/26, 09:15:07 or 02/03/2026 09:15:07"


class BadTime(ValueError):
    """A time that cannot be read, or does not exist in the time zone; says which and why."""


class Clock:
    """Reads the local times of one time zone, remembering each date and hour it converted."""

    def __init__(self, zone: str, date_order: str = "dmy", told: bool = False) -> None:
        if date_order not in ORDERS:
            raise ValueError(f"date_order: expected one of {', '.join(ORDERS)}, not {date_order!r}")
        self.zone = zoneinfo.ZoneInfo(zone)
        self.name = zone
        self.order = date_order
        """``dmy``, ``mdy`` or ``ymd``: how a numeric date is read."""
        self.told = told
        """Whether the file's first dates told the order (else it is the setting)."""
        self._days: dict[str, datetime.date] = {}
        self._hours: dict[str, int | None] = {}
        """Date and hour as written (``2/03/26, 09``) -> the hour's start, None when the clocks
        change during it."""

    def epoch(self, text: str) -> int:
        """Seconds since 1970 of a local time as written; raises :class:`BadTime`."""
        # The usual case: an hour seen already ("2/03/26, 09"), then ":15:07" read in one lookup
        # that also checks it; without seconds, "2/03/26, 09" and ":15".
        base = self._hours.get(text[:-6])
        if base is not None:
            offset = _MINUTE_SECOND.get(text[-6:])
            if offset is not None:
                return base + offset
        base = self._hours.get(text[:-3])
        if base is not None:
            offset = _MINUTE.get(text[-3:])
            if offset is not None:
                return base + offset
        return self._slow(text)

    def _slow(self, text: str) -> int:
        cut = text.rfind(" ")
        if cut < 0:  # 2026-03-02T09:15:07
            cut = text.find("T")
        day, clock = text[:cut].rstrip(","), text[cut + 1 :]
        found = _CLOCK.fullmatch(clock)
        if found is None or int(found.group(2)) > 59 or int(found.group(3) or 0) > 59:
            raise BadTime(f"expected {EXPECTED}, found {show(text)}")
        hour = int(found.group(1))
        rest = int(found.group(2)) * 60 + int(found.group(3) or 0)
        base = self._hour(day, hour, text)
        if text[cut + 3 : cut + 4] == ":" and len(self._hours) < MAX_HOURS:
            self._hours[text[: cut + 3]] = base
        if base is None:  # an hour in which the clocks changed: minute by minute
            return self._exact(day, hour, rest, text)
        return base + rest

    def _date(self, day: str, text: str) -> datetime.date:
        known = self._days.get(day)
        if known is not None:
            return known
        found = _DATE.fullmatch(day.strip())
        if found is None:
            raise BadTime(f"expected {EXPECTED}, found {show(text)}")
        if found.group("a"):
            a, b, c = (int(found.group(g)) for g in "abc")
            y, m, d = self._numbers(a, b, c, text)
        else:
            month = MONTHS.get(found.group("month").casefold())
            if month is None:
                raise BadTime(f"unknown month {found.group('month')!r} in {show(text)}")
            y, m, d = int(found.group("year")), month, int(found.group("day"))
        try:
            date = datetime.date(y + 2000 if y < 100 else y, m, d)
        except ValueError:
            raise BadTime(f"no such date: {show(text)}") from None
        if not FIRST_YEAR <= date.year <= LAST_YEAR:  # the measures' dates would overflow
            raise BadTime(f"a date from {FIRST_YEAR} to {LAST_YEAR} expected, found {show(text)}")
        self._days[day] = date
        return date

    def _numbers(self, first: int, second: int, third: int, text: str) -> tuple[int, int, int]:
        """Year, month and day of a numeric date in the order read; a date that can only be
        read the other way is refused."""
        if first > 31 or self.order == "ymd":
            return first, second, third
        day, month = (first, second) if self.order == "dmy" else (second, first)
        if month > 12 and day <= 12:
            other, why = ("month", "day") if self.order == "dmy" else ("day", "month")
            since = (
                "as its first dates are"
                if self.told
                else f"by the setting date_order: {self.order}, its first dates being read"
                " either way"
            )
            raise BadTime(
                f"a date written {other} first: {text!r} ({month} is no month), where this"
                f" file's dates are read {why} first ({since}); set date_order:"
                f" {'mdy' if self.order == 'dmy' else 'dmy'} in the scenario's traces settings"
            )
        return third, month, day

    def _hour(self, day: str, number: int, text: str) -> int | None:
        """The start of a local hour in seconds since 1970, or None when the clocks change
        during it (read minute by minute instead)."""
        date = self._date(day, text)
        if number > 23:
            raise BadTime(f"expected {EXPECTED}, found {show(text)}")
        start = datetime.datetime(date.year, date.month, date.day, number, tzinfo=self.zone)
        end = start.replace(minute=59, second=59)
        offsets = {t.utcoffset() for t in (start, end, start.replace(fold=1), end.replace(fold=1))}
        if len(offsets) != 1:
            return None
        return int(start.timestamp())

    def _exact(self, day: str, hour: int, rest: int, text: str) -> int:
        date = self._date(day, text)
        local = datetime.datetime(
            date.year, date.month, date.day, hour, rest // 60, rest % 60, tzinfo=self.zone
        )
        utc = local.astimezone(datetime.UTC)
        if utc.astimezone(self.zone).replace(tzinfo=None) != local.replace(tzinfo=None):
            raise BadTime(
                f"{show(text)} does not exist in the time zone {self.name} (the clocks went"
                " forward at that hour): the export was not made in this time zone? Set"
                " project.yaml's timezone to the downloader's"
            )
        return int(utc.timestamp())
