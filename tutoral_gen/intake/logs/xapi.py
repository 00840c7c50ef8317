"""xAPI statements, as Moodle's xAPI log store (logstore_xapi) and Open edX emit them.

A statement says who (``actor``), did what (``verb.id``, an IRI) to what (``object``), when
(``timestamp``, ISO 8601). Each verb is read for what it means to a tutoring audit (:data:`VERBS`):
a forum contribution, a private message, or another action; a verb not in the table is counted
and listed, not guessed at. The person is the actor's account name (Moodle's user id, Open edX's
anonymous id) or, failing that, its mailbox; Moodle also sends the full name.

The discussion of a forum post is found in the statement's activities: Moodle's
``mod/forum/discuss.php?d=<id>`` (the object, or its parent), Open edX's ``threads/<id>`` (the
object, or its grouping for a response). The forum is Moodle's ``mod/forum/view.php?id=<cmid>``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..found import Found
from .events import ACTION, MESSAGE, POST, UNKNOWN, Event

_AS = "http://activitystrea.ms/"
ACTIONS = (
    "http://id.tincanapi.com/verb/viewed",
    "https://w3id.org/xapi/acrossx/verbs/edited",
    _AS + "delete",
    "https://w3id.org/xapi/dod-isd/verbs/deleted",
    "http://adlnet.gov/expapi/verbs/commented",
    "https://w3id.org/xapi/openedx/verb/voted",
    "https://w3id.org/xapi/acrossx/verbs/reported",
    "https://w3id.org/xapi/openedx/verb/unreported",
    "https://xapi.edlm/profiles/edlm-lms/concepts/verbs/subscribed",
    "https://xapi.edlm/profiles/edlm-lms/concepts/verbs/unsubscribed",
    _AS + "submit",
    _AS + "start",
    _AS + "update",
    _AS + "join",
    _AS + "leave",
    _AS + "receive",
    _AS + "assign",
    "https://xapi.edlm/profiles/edlm-lms/concepts/verbs/login",
    "https://xapi.edlm/profiles/edlm-lms/concepts/verbs/logout",
    "https://xapi.edlm/profiles/edlm-lms/concepts/verbs/enrolled",
    "https://brindlewaye.com/xAPITerms/verbs/loggedin/",
    "https://brindlewaye.com/xAPITerms/verbs/loggedout/",
    "https://w3id.org/xapi/adl/verbs/logged-in",
    "https://w3id.org/xapi/adl/verbs/logged-out",
    "https://w3id.org/xapi/dod-isd/verbs/navigated",
    "https://w3id.org/xapi/acrossx/verbs/evaluated",
    "https://w3id.org/xapi/acrossx/verbs/searched",
    "https://w3id.org/xapi/video/verbs/played",
    "https://w3id.org/xapi/video/verbs/paused",
    "https://w3id.org/xapi/video/verbs/seeked",
    "https://w3id.org/xapi/tla/verbs/scored",
    "http://id.tincanapi.com/verb/earned",
    "http://id.tincanapi.com/verb/unregistered",
    *(
        f"http://adlnet.gov/expapi/verbs/{verb}"
        for verb in (
            "attempted", "answered", "asked", "completed", "progressed", "initialized",
            "terminated", "interacted", "registered", "passed", "failed", "launched",
            "experienced", "responded", "shared", "imported", "attended",
        )
    ),
)  # fmt: skip
"""Verbs that are a person's action on the platform, nothing more for the audit. Open edX's
``asked`` is a hint shown, Moodle's ``answered`` a quiz answer: neither is a forum exchange."""
POSTS = (
    "http://id.tincanapi.com/verb/replied",
    "https://w3id.org/xapi/acrossx/verbs/posted",
    "https://w3id.org/xapi/dod-isd/verbs/posted",
)
"""Verbs of a forum contribution (``create`` counts too when its object is a discussion)."""
MESSAGES = (_AS + "send",)
CREATE = (_AS + "create",)
TO = "https://yetanalytics.com/profiles/prepositions/concepts/context-extensions/to"
"""The context extension naming a message's recipient (Moodle)."""

VERBS = {
    **dict.fromkeys(ACTIONS, ACTION),
    **dict.fromkeys(POSTS, POST),
    **dict.fromkeys(MESSAGES, MESSAGE),
    **dict.fromkeys(CREATE, ACTION),
}
"""Verb IRI -> what it means; ``http://activitystrea.ms/schema/1.0/<verb>`` is read as
``http://activitystrea.ms/<verb>`` (real data mixes both)."""

_DISCUSS = re.compile(r"/mod/forum/discuss\.php\?d=(\d+)")
_THREAD = re.compile(r"/threads/([^/?#]+)")
_FORUM = re.compile(r"/mod/forum/view\.php\?id=(\d+)")
_COURSE = re.compile(r"/course/view\.php\?id=(\d+)|/course/(course-v1:[^/?#]+)")


LATEST = 2**34
"""The latest time read, in seconds since 1970 (the year 2514): later, or before 1970, is no
time a log holds, and would overflow the dates the measures compute."""


def verb(iri: str) -> str:
    """A verb's IRI with activitystrea.ms' older prefix made current."""
    return iri.replace("http://activitystrea.ms/schema/1.0/", _AS)


def person(agent: Any) -> tuple[str | None, str | None]:
    """(the person's id, their name) of an actor."""
    if not isinstance(agent, dict):
        return None, None
    account = agent.get("account")
    name = agent.get("name") if isinstance(agent.get("name"), str) else None
    if isinstance(account, dict) and account.get("name") not in (None, ""):
        return str(account["name"]), name
    for key in ("mbox", "mbox_sha1sum", "openid"):
        if isinstance(agent.get(key), str):
            return agent[key], name
    return None, name


def moment(text: Any) -> int:
    """Seconds since 1970 of an ISO 8601 timestamp; raises ValueError."""
    if not isinstance(text, str):
        raise ValueError
    when = datetime.datetime.fromisoformat(text[:64].replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)  # the spec says UTC when no zone is given
    try:  # an offset may take year 1 or 9999 past what a date holds
        seconds = int(when.timestamp())
    except (OverflowError, OSError):
        raise ValueError from None
    if not 0 <= seconds < LATEST:  # as the standard log's times (standard.py)
        raise ValueError
    return seconds


def _activities(statement: dict[str, Any]) -> list[dict[str, Any]]:
    """The object, then the context's parent, grouping and other activities."""
    found = [statement.get("object")]
    context = statement.get("context")
    groups = context.get("contextActivities") if isinstance(context, dict) else None
    for key in ("parent", "grouping", "other"):
        value = groups.get(key) if isinstance(groups, dict) else None
        found += value if isinstance(value, list) else [value]
    return [a for a in found if isinstance(a, dict) and isinstance(a.get("id"), str)]


def _first(
    pattern: re.Pattern[str], activities: list[dict[str, Any]]
) -> tuple[str, str | None] | None:
    for activity in activities:
        match = pattern.search(activity["id"])
        if match is not None:
            name = (activity.get("definition") or {}).get("name")
            shown = next(iter(name.values()), None) if isinstance(name, dict) and name else None
            return next(g for g in match.groups() if g), shown
    return None


def event(statement: Any) -> Event | None:
    """The event of one statement; None if it is not a statement."""
    if not isinstance(statement, dict):
        return None
    if isinstance(statement.get("statement"), dict):  # a Learning Locker record around it
        statement = statement["statement"]
    iri = verb(str((statement.get("verb") or {}).get("id", "")))
    actor, name = person(statement.get("actor"))
    time = moment(statement.get("timestamp") or statement.get("stored"))
    activities = _activities(statement)
    kind = VERBS.get(iri, UNKNOWN) if actor is not None else UNKNOWN
    thread = _first(_DISCUSS, activities) or _first(_THREAD, activities)
    if iri in CREATE and "discussion" in str(
        ((statement.get("object") or {}).get("definition") or {}).get("type", "")
    ):
        kind = POST
    if kind == POST and thread is None:
        kind = ACTION  # a post whose discussion cannot be told cannot be answered
    related = recipient = None
    if kind == MESSAGE:
        context = statement.get("context") or {}
        related, recipient = person((context.get("extensions") or {}).get(TO))
        kind = MESSAGE if related else ACTION
    forum = _first(_FORUM, activities)
    course = _first(_COURSE, activities)
    key = statement.get("id") or (actor, iri, (statement.get("object") or {}).get("id"), time)
    return Event(
        time=time,
        kind=kind,
        actor=actor,
        name=name,
        related=related,
        related_name=recipient,
        activity=forum[0] if forum else None,
        place=forum[1] if forum else None,
        thread=thread[0] if thread else None,
        course=course[0] if course else None,
        what=iri,
        key=hash(str(key)),
    )


def events(items: Iterable[tuple[int, Any]], found: Found) -> Iterator[Event]:
    """The events of the statements; a statement without a readable time is reported."""
    for line, statement in items:
        try:
            read = event(statement)
        except (ValueError, TypeError, AttributeError):
            message = "a statement without a valid ISO 8601 timestamp (from 1970 to 2514)"
            found.add(line, 1, message, "timestamp")
            continue
        if read is None:
            found.add(
                line,
                1,
                "expected an xAPI statement (an object with actor, verb and object)",
                "shape",
            )
            continue
        yield read
