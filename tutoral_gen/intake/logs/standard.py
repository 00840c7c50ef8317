"""The administrator's export of Moodle's standard log table (``logstore_standard_log``).

One row per event, with ids and no names: ``eventname`` (``\\mod_forum\\event\\post_created``),
``userid``, ``relateduserid``, ``contextlevel`` and ``contextinstanceid`` (the course-module id
when the level is 70), ``courseid``, ``objectid``, ``timecreated`` (Unix time, UTC) and
``other``, which Moodle writes as JSON (the default since 3.7) or as PHP's serialisation, row by
row. Tutors are then named by ``#id`` in the settings, since there are no names to match.

A site dump mixes every course's events with the site's own: ``contextlevel`` 10 (system) or 30
(a user's) and ``courseid`` 0 or 1 (the site's front page) make a site event
(:data:`~.events.SITE`); ``origin`` ``cli``, ``cron`` or ``restore`` and the notifications sent in
a person's name (``notification_sent``) are events the platform made (:data:`~.events.PLATFORM`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping

from ...source.words import show
from ..found import Found
from .events import ACTION, MESSAGE, PLATFORM, POST, SITE, UNKNOWN, Event

MODULE_LEVEL = "70"
"""``contextlevel`` of an activity (``CONTEXT_MODULE``)."""
NULLS = ("", "NULL", "null", "\\N", "0")
"""How database tools write nothing; 0 is no user and no course in Moodle."""
POSTED = "\\mod_forum\\event\\post_created"
OPENED = "\\mod_forum\\event\\discussion_created"
SENT = "\\core\\event\\message_sent"
NOTIFIED = "\\core\\event\\notification_sent"
MADE = frozenset({"cli", "cron", "restore"})
"""Origins of the events the platform makes itself (cron runs as ``cli``)."""
SITE_LEVELS = frozenset({"10", "30"})
"""``contextlevel`` of the system and of a user."""
SITE_COURSES = frozenset({"0", "1"})
"""``courseid`` of no course and of the site's front page (``SITEID``)."""
_SERIALISED = re.compile(r's:12:"discussionid";(?:s:\d+:"(\d+)"|i:(\d+))')


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _id(value: object) -> str | None:
    text = _text(value)
    return None if text in NULLS else text


def discussion(other: str) -> str | None:
    """The discussion id in a post's ``other``, JSON or PHP-serialised."""
    if other.startswith("{"):
        try:
            data = json.loads(other)
        except ValueError:
            return None
        return _id(data.get("discussionid")) if isinstance(data, dict) else None
    found = _SERIALISED.search(other)
    return (found.group(1) or found.group(2)) if found else None


def course_of(row: Mapping[str, object]) -> str | None:
    """The course id of a row, :data:`~.events.SITE` for a site event, None when the export has
    no such column."""
    level, course = _text(row.get("contextlevel")), _text(row.get("courseid"))
    if level in SITE_LEVELS or course in SITE_COURSES:
        return SITE
    return _id(course)


def events(
    rows: Iterable[tuple[int, Mapping[str, object]]],
    found: Found,
    positions: Mapping[str, int] | None = None,
) -> Iterator[Event]:
    """The events of the table's rows, each a mapping of column -> value (``positions``: each
    column's place in a CSV file, for messages)."""
    column = (positions or {}).get("timecreated", 0) + 1
    for line, row in rows:
        name = str(row.get("eventname") or "").strip()
        try:
            time = int(str(row.get("timecreated", "")).strip())
        except ValueError:
            value = row.get("timecreated")
            expected = f"timecreated: expected a Unix time (seconds), found {show(value)}"
            found.add(line, column, expected, "time")
            continue
        if not 0 <= time < 2**34:
            found.add(line, column, f"timecreated: {time} is no date a log can hold", "time")
            continue
        actor = _id(row.get("userid"))
        related = _id(row.get("relateduserid"))
        module = (
            _id(row.get("contextinstanceid"))
            if str(row.get("contextlevel")) == MODULE_LEVEL
            else None
        )
        kind, thread = (ACTION if actor else UNKNOWN), None
        if name == POSTED:
            kind, thread = POST, discussion(str(row.get("other") or ""))
        elif name == OPENED:
            kind, thread = POST, _id(row.get("objectid"))
        elif name == SENT and related:
            kind = MESSAGE
        if actor is None:
            kind = UNKNOWN
        if name == NOTIFIED or _text(row.get("origin")) in MADE:
            kind = PLATFORM
        key = row.get("id") or (name, row.get("objectid"), row.get("contextinstanceid"))
        yield Event(
            time=time,
            kind=kind,
            actor=actor,
            name=None,  # the table has ids only
            related=related,
            related_name=None,
            activity=module,
            place=None,
            thread=thread,
            course=course_of(row),
            what=name,
            key=hash(str(key)),
        )
