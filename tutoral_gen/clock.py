"""The build's clock: ``SOURCE_DATE_EPOCH`` when it is set, so that two builds of the same
content give the same files (reproducible builds), else the machine's."""

from __future__ import annotations

import datetime
import os

from .errors import UsageError

LAST = 4_294_967_295
"""The last second the build can be dated (7 February 2106, 06:28:15 UTC): MkDocs writes the
build's date into the gzip header of ``sitemap.xml.gz``, which holds 32 bits (and Python's dates
end with year 9999 anyway)."""


def epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` in seconds; None when unset or empty; a usage error when it is
    not a whole number of seconds from 1970 to :data:`LAST` (it dates the build)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 12 or int(value) > LAST:
        raise UsageError(
            "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, up to"
            f" {LAST} (7 February 2106), found {value[:40]!r}"
        )
    return int(value)


def settle() -> None:
    """Leave ``SOURCE_DATE_EPOCH`` in the environment only as :func:`epoch` reads it: MkDocs
    reads the variable itself with ``int()``, which fails on ``''`` or blanks (a traceback) where
    this clock sees no date. Called before MkDocs runs; a bad value is a usage error here."""
    seconds = epoch()
    if seconds is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = str(seconds)


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
