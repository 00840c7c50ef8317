"""One event of a platform's log, as every reader yields it: who did what, when, where.

Personal data: an event names its actor by user id and, where the export has them, by name.
Events live in memory only, inside :mod:`tutoral_gen.intake`, until the per-person tally
(:mod:`..people.tally`) turns them into aggregates.
"""

from __future__ import annotations

from typing import NamedTuple

POST = "post"
"""A forum post, or a new discussion (its first post)."""
MESSAGE = "message"
"""A private message from one person to another."""
ACTION = "action"
"""Anything else a person did on the platform (a view, a submission, an attempt...)."""
UNKNOWN = "unknown"
"""An event the readers could not attribute to a person: counted and listed, not measured."""
PLATFORM = "platform"
"""An event the platform made itself, though it may name a person: logged by cron, a command-line
script or a course restore (origin ``cli``, ``cron``, ``restore``), or a notification sent in a
person's name (``\\core\\event\\notification_sent``: the enrolment welcome, forum digests). No one's
activity: counted apart."""
SITE = "site"
"""The :attr:`Event.course` of a site event (a login, a profile view, the site's configuration,
a private message): no course's activity, though a message between a course's people counts."""


class Event(NamedTuple):
    """One event of a platform's log, whatever the export's format."""

    time: int
    """When it happened: seconds since 1970 (UTC)."""
    kind: str
    """:data:`POST`, :data:`MESSAGE`, :data:`ACTION`, :data:`UNKNOWN` or :data:`PLATFORM`."""
    actor: str | None
    """The user id of who did it (as text); None for the system (``-``)."""
    name: str | None
    """Their full name as the export shows it; None when the format has no names."""
    related: str | None
    """The user id the event concerns (the affected user, a message's recipient), if any."""
    related_name: str | None
    """Their full name as the export shows it, if it does."""
    activity: str | None
    """The course-module id of the activity it happened in, if any."""
    place: str | None
    """The activity's name as the export shows it (``Forum du livrable``), if any."""
    thread: str | None
    """For a forum post: the id of its discussion."""
    course: str | None
    """The course id the event names, if any (to tell exports of two courses apart);
    :data:`SITE` for a site event."""
    what: str
    """The event's name or verb as the export gives it (to list unknown events)."""
    key: int
    """Tells this event from the others of its second: an event present in two overlapping
    exports has the same ``time`` and ``key`` in both, and counts once."""
