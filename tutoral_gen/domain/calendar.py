"""Where items sit in time: their course day, their week, and their date once a start is set."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass

from .scenario import Scenario, VirtualClass

DEFAULT_TIME = "09:00"
"""When an item has a day but no time."""


def item_day(day: int | None, phase: str | None, scenario: Scenario) -> int | None:
    """An item's own day, else its phase's first day, else None."""
    if day is not None:
        return day
    for p in scenario.phases:
        if p.id == phase:
            return p.start_day
    return None


def week_of(day: int) -> int:
    """The course week of a day: days 1-7 are week 1."""
    return (day - 1) // 7 + 1


@dataclass(frozen=True, slots=True)
class Slot:
    """When one intervention or virtual class takes place."""

    day: int | None
    """Its course day (its own, else its phase's first), or None."""
    week: int | None
    """Its course week, when it has a day."""
    start: datetime.datetime | None
    """The moment it starts, when the scenario has a start date and the item a day."""
    days: tuple[int, ...]
    """The day of each session: one for an intervention, ``count`` for a virtual class held
    every ``interval_days`` (empty without a day)."""
    starts: tuple[datetime.datetime, ...]
    """The moment each session starts, when they are dated."""


def session_days(first: int | None, count: int, interval: int | None) -> tuple[int, ...]:
    """Days of the sessions: ``count`` of them, ``interval`` days apart, from ``first``."""
    if first is None:
        return ()
    if not interval:
        return (first,)
    return tuple(first + k * interval for k in range(count))


def schedule(scenario: Scenario, tz: str) -> Mapping[str, Slot]:
    """The slot of every intervention and virtual class of a scenario, by id."""
    out = {}
    for item in scenario.activities:
        day = item_day(item.day, item.phase, scenario)
        if isinstance(item, VirtualClass):
            days = session_days(day, item.count, item.interval_days)
        else:
            days = (day,) if day is not None else ()
        starts = tuple(s for d in days if (s := dated(scenario, d, item.time, tz)) is not None)
        start = starts[0] if starts else None
        out[item.id] = Slot(day, week_of(day) if day else None, start, days, starts)
    return out


def dated(
    scenario: Scenario, day: int | None, time: str | None, tz: str
) -> datetime.datetime | None:
    """The moment an item starts, when the scenario has a start date and the item a day."""
    if scenario.start is None or day is None:
        return None
    hour, minute = (int(part) for part in (time or DEFAULT_TIME).split(":"))
    date = scenario.start + datetime.timedelta(days=day - 1)
    return datetime.datetime(
        date.year, date.month, date.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(tz)
    )
