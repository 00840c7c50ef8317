"""The platform's traces (*données convoquées*): what the audit reads from the learning platform's
own logs, and the aggregates it keeps of them (figures: trace_figures.py).

Three stages, each its own type:

- an event: one row of an export, as every reader yields it, and a tally: the events of one run
  gathered by person. Both are personal and live in memory only, in ``tutoral_gen.intake``
  (``intake/logs/events.py``, ``intake/people/tally.py``), which this model never sees;
- :class:`Traces`: the aggregates of one scenario's traces (``content/audit/traces/<id>.yaml``):
  counts and durations only, no name, no user id, nothing about one learner. This is what the
  repository may commit and the build renders.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

DATE_ORDERS = ("dmy", "mdy", "ymd")
"""How a log download writes its dates: day/month/year (Moodle in French, and by default),
month/day/year (American English), year-month-day."""
MESSAGES = "messages"
"""The value of a channel that the platform's private messages carry (``messagerie: messages``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TraceSettings:
    """How one scenario's traces are read: its entry under ``traces:`` in ``audit/audit.yaml``."""

    scenario: str
    """The scenario id."""
    tutors: Mapping[str, str]
    """Account -> role id. An account is a full name as the log shows it, or ``#31`` (a user id)."""
    ignore: tuple[str, ...] = ()
    """Accounts that are neither tutors nor learners (administrators, test accounts)."""
    channels: Mapping[str, int | str] = field(default_factory=dict)
    """Charter channel id -> the activity that carries it: a course-module id, an activity's
    name as the log shows it, or :data:`MESSAGES`."""
    session_gap_minutes: int = 30
    """A tutor's gap longer than this starts a new working session."""
    inactive_days: int = 7
    """A learner's gap of at least this many days is an inactivity episode."""
    course: int | None = None
    """The platform's id of the course measured: a site export's other courses are left out.
    None: the exports must hold one course's events (the site's own aside)."""
    date_order: str = "dmy"
    """How the log downloads write their dates (:data:`DATE_ORDERS`), where the file does not
    tell."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """The exports of one format that a measurement read."""

    format: str
    """``moodle-csv``, ``moodle-xlsx``, ``moodle-json``, ``standard-log``, ``xapi``..."""
    files: int
    """How many files of that format."""
    rows: int
    """Their rows (or statements), header excluded."""
    date_order: str | None = None
    """How their dates were read (:data:`DATE_ORDERS`); None for a format whose times are no
    local dates (the standard log's Unix times, xAPI's ISO 8601)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Delays:
    """The requests made in one channel and how long their answers took."""

    requests: int
    """Learners' posts (or messages to a tutor) in the channel: each one is a request."""
    delays: tuple[int, ...]
    """Seconds from each answered request to its answer, sorted (no link to who or when)."""
    unanswered: int
    """Requests with no later answer by a tutor in the log."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Forum:
    """A forum where learners posted that no channel names (for the coordinator to map)."""

    activity: str
    """Its course-module id, or its name when the export gives no id."""
    posts: int
    """Learners' posts there."""
    name: str | None = None
    """Its name as the log shows it, when it does."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Week:
    """One calendar week of the log (Monday to Sunday, in the project's time zone)."""

    start: datetime.date
    """Its Monday."""
    learners: int
    """Learners who did anything that week."""
    posts: int
    """Learners' requests that week (forum posts in a channel, messages to a tutor)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Traces:
    """One scenario's traces, aggregated: ``content/audit/traces/<scenario>.yaml``."""

    scenario: str
    """The scenario id."""
    settings: str
    """Digest of the :class:`TraceSettings` it was measured with: when ``audit.yaml`` changes
    them, the aggregates are stale until ``tutoral traces`` runs again."""
    first: datetime.datetime
    """The log's first event (local time, in the project's time zone)."""
    last: datetime.datetime
    """The log's last event."""
    sources: tuple[Source, ...]
    """What was read, per format."""
    events: int
    """Events counted (an event present in two exports once)."""
    duplicates: int
    """Events read twice from overlapping exports, counted once."""
    unknown: int
    """Events that could not be attributed to a person, left out."""
    course: str | None = None
    """The platform's id of the course measured (the settings' ``course``, else the one the
    exports name); None when they name none."""
    other_courses: int = 0
    """Other courses' events, left out (a site export, measured for one course)."""
    site_events: int = 0
    """The site's own events (logins, profile views, its configuration, messages with someone
    outside the course), left out."""
    platform_events: int = 0
    """Events the platform made itself (cron, scripts, restores, notifications sent in a
    person's name), left out."""
    tutor_minutes: Mapping[str, float]
    """Per tutor role: the length of its tutors' working sessions, in minutes."""
    tutor_sessions: Mapping[str, int]
    """Per tutor role: the number of those sessions."""
    tutor_accounts: Mapping[str, int]
    """Per tutor role: how many of its accounts acted in the log."""
    learners_seen: int
    """Learners: everyone who acted, or was the affected user of an event, who is neither a
    tutor nor ignored."""
    channels: Mapping[str, Delays]
    """Per charter channel of the settings: its requests and answer delays."""
    forums: tuple[Forum, ...]
    """Forums with learners' posts that no channel names."""
    inactive_learners: int
    """Learners with at least one inactivity episode."""
    inactive_episodes: int
    """Inactivity episodes, all learners together."""
    weeks: tuple[Week, ...]
    """Week by week, from the log's first week to its last."""


def digest(settings: TraceSettings, timezone: str) -> str:
    """A short digest of what a measurement depends on besides the exports."""
    data = {
        "tutors": sorted(settings.tutors.items()),
        "ignore": sorted(settings.ignore),
        "channels": sorted((k, str(v), isinstance(v, int)) for k, v in settings.channels.items()),
        "gap": settings.session_gap_minutes,
        "inactive": settings.inactive_days,
        "course": settings.course,
        "dates": settings.date_order,
        "timezone": timezone,
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
