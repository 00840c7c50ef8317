"""Moodle's event descriptions: English on every site, whatever its language, and carrying the ids.

Each event class writes its own sentence (``get_description()``), for instance::

    The user with id '31' has created the post with id '5012' in the discussion with id '301'
    in the forum with course module id '7'.
    The user with id '57' has created the discussion with id '144' in the forum with course
    module id '2301'.
    The user with id '2' updated the grade with id '9' for the user with id '45' for ...
    The user with id '31' sent a message to the user with id '45'.
    The user with id '31' viewed the course with id '12'.

The first ``user with id`` is who acted; a later one is the user the event concerns. A sentence
that does not start with a user is the system's (``A message was sent by the system...``).
Some events write ``with the course module id``: both are read.

Two kinds of sentence are the platform's own doing, whoever they name: a notification it sends in a
person's name (``The user with id '13' sent a notification to the user with id '14'.``, logged
for the enrolment welcome and the forum notifications cron sends) or in its own (``A notification
was sent by the system...``). They are :data:`~.events.PLATFORM`. The course with id 1 is the
site's own (its front page): an event in it is a site event (:data:`~.events.SITE`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .events import ACTION, MESSAGE, PLATFORM, POST, SITE, UNKNOWN

ACTOR = "The user with id '"
_ACTOR_LENGTH = len(ACTOR)
_RELATED = re.compile(r"user with id '(-?\d+)'")
_MODULE = re.compile(r"with (?:the )?course module id '(\d+)'")
_COURSE_ID = " course with id '"
_COURSE_LENGTH = len(_COURSE_ID)
_POST = re.compile(r"has created the post with id '\d+' in the discussion with id '(\d+)'")
_DISCUSSION = re.compile(r"has created the discussion with id '(\d+)'")
NOTIFIED = "sent a notification to the user"
"""What a notification the platform sent in a person's name says (``notification_sent``)."""
BY_SYSTEM = "A notification was sent by the system"
SITE_COURSE = "1"
"""Moodle's ``SITEID``: the course that is the site's front page."""


class Described(NamedTuple):
    """What a description says."""

    kind: str
    """:data:`.events.POST`, ``MESSAGE``, ``ACTION`` or ``UNKNOWN``."""
    actor: str | None
    """Who acted (a user id), None for the system."""
    related: str | None
    """The user the event concerns, if any."""
    activity: str | None
    """The course-module id, if any."""
    thread: str | None
    """The discussion of a forum post or new discussion."""
    course: str | None
    """The course id, if the sentence names one; :data:`~.events.SITE` for the site's."""


_new = tuple.__new__
NOTHING = Described(UNKNOWN, None, None, None, None, None)


def describe(text: str) -> Described:
    """Read one description; a sentence naming no user is ``UNKNOWN``."""
    if not text.startswith(ACTOR):
        related = _RELATED.search(text)
        if related is None:
            return NOTHING
        # The system acting on a user (a message sent by the system...): not a person's act.
        kind = PLATFORM if text.startswith(BY_SYSTEM) else UNKNOWN
        return Described(kind, None, related.group(1), None, None, None)
    end = text.find("'", _ACTOR_LENGTH)
    actor = text[_ACTOR_LENGTH:end]
    if not actor.lstrip("-").isdigit():
        return NOTHING
    # Plain finds first: a million rows are mostly views, which need none of the patterns.
    related = _RELATED.search(text, end) if text.find("user with id '", end) > 0 else None
    at = text.find(_COURSE_ID, end)
    course = text[at + _COURSE_LENGTH : text.find("'", at + _COURSE_LENGTH)] if at > 0 else None
    if course == SITE_COURSE:
        course = SITE
    kind, thread, module = ACTION, None, None
    if "has created the " in text:
        found = _POST.search(text, end) or _DISCUSSION.search(text, end)
        if found is not None:
            kind, thread = POST, found.group(1)
            in_module = _MODULE.search(text, end)
            module = in_module.group(1) if in_module else None
    elif "sent a message to the user" in text:
        kind = MESSAGE
    elif NOTIFIED in text:
        kind = PLATFORM
    related_id = related.group(1) if related else None
    # tuple.__new__ builds the named tuple without its Python-level __new__: 0.3 µs a row less.
    return _new(Described, (kind, actor, related_id, module, thread, course))
