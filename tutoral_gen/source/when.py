"""Validators of moments: dates, times of day and time zones, as content writes them."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from typing import Any

from ..errors import Path_
from .fields import Reader, described, fail


@described({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"})
def date_value(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> datetime.date:
    """A date written ``2026-03-02``."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    fail("a date as YYYY-MM-DD", value)


@described({"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"})
def time_of_day(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """A time written ``09:30`` (kept as text)."""
    if isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        return value
    fail('a time as HH:MM, in quotes ("09:30")', value)


@described(
    {
        "type": "string",
        "pattern": r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$",
        "examples": ["Europe/Paris"],
    }
)
def timezone(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """An IANA time zone name (``Europe/Paris``)."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        fail("an IANA time zone such as Europe/Paris", value)
    return str(value)
