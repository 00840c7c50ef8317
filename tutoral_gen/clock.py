"""The build's clock: ``SOURCE_DATE_EPOCH`` when it is set, so that two builds of the same
content give the same files (reproducible builds), else the machine's."""

from __future__ import annotations

import datetime
import os

from .errors import UsageError


def epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` in seconds; None when unset or empty; a usage error otherwise."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        raise UsageError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, found {value[:40]!r}"
        )
    return int(value)


def today() -> datetime.date:
    """The build's date: that of ``SOURCE_DATE_EPOCH`` when set, else today's."""
    seconds = epoch()
    if seconds is None:
        return datetime.date.today()
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC).date()


def stamp() -> datetime.datetime:
    """A moment written into files (the calendars' DTSTAMP): fixed at 1970 without
    ``SOURCE_DATE_EPOCH``, so that a rebuild of unchanged content changes no byte."""
    return datetime.datetime.fromtimestamp(epoch() or 0, tz=datetime.UTC)
