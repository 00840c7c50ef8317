"""The traces' figures (compute stage): tutoring time and rate as the platform saw them, response
delays against the charter's promise, inactivity.

They are computed from the committed aggregates (``content/audit/traces/<id>.yaml``), so that a
change of the charter's promise or of the scenario changes them at the next build without the
exports, which stay out of the repository.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import activity
from .diffusion import Charter
from .traces import Delays, Forum, Source, Traces, TraceSettings, Week
from .workload import ScenarioFigures

ALL = "all"
"""The key of the channels taken together in :attr:`TracedFigures.responses`."""


@dataclass(frozen=True, slots=True)
class Responses:
    """How fast tutors answered the requests of one channel (or of all of them)."""

    posts: int
    """Requests: learners' posts in the channel's forums (and messages to a tutor)."""
    answered_within: int | None
    """Requests answered within the channel's promise; None when the charter promises none."""
    unanswered: int
    """Requests with no later tutor post in the same discussion in the log."""
    median_hours: float | None
    """Median delay of the answered requests, in calendar hours (None: none answered)."""
    p90_hours: float | None
    """90th percentile of those delays, nearest rank (the ceil(0.9 n)-th smallest)."""
    promise_hours: float | None
    """The promise: the longest ``response_hours`` of the charter's requests on this channel,
    else the charter's own ``response_hours`` (the upper bound of a range); None: none."""


@dataclass(frozen=True, slots=True)
class Inactive:
    """Inactivity of the learners in the log."""

    learners: int
    """Learners with at least one episode."""
    episodes: int
    """Gaps of at least ``inactive_days`` between a learner's consecutive events (the log's
    first and last events as bounds); a learner who never acts counts one."""


@dataclass(frozen=True, slots=True)
class TracedFigures:
    """One scenario's figures measured from the platform's traces."""

    tutor_minutes: Mapping[str, float]
    """Per tutor role: its tutors' working sessions, in minutes (a gap of more than
    ``session_gap_minutes`` starts a new session; a session runs from its first event to its
    last)."""
    tutoring_minutes: float
    """All tutor roles together."""
    actual_rate: float
    """``tutoring_minutes`` / (the scenario's course minutes x its learners)."""
    learners_seen: int
    """Learners who acted in the log or were affected by an event."""
    responses: Mapping[str, Responses]
    """Per channel id of the settings, and ``all`` for the channels together."""
    inactive: Inactive
    """Learners inactive for at least ``inactive_days``, and their episodes."""
    sessions: Mapping[str, int]
    """Per tutor role: its working sessions."""
    accounts: Mapping[str, int]
    """Per tutor role: its accounts that acted in the log."""
    weeks: tuple[Week, ...]
    """Learners active and requests made, week by week."""
    forums: tuple[Forum, ...]
    """Forums where learners posted that no channel names."""
    sources: tuple[Source, ...]
    """What the aggregates were measured from."""
    first: str
    """The log's first event, local time (ISO 8601)."""
    last: str
    """Its last event."""
    events: int
    """Events counted."""
    duplicates: int
    """Events read twice from overlapping exports, counted once."""
    unknown: int
    """Events that could not be attributed to a person, left out."""
    course: str | None
    """The platform's id of the course measured; None when the exports named none."""
    other_courses: int
    """Other courses' events, left out."""
    site_events: int
    """The site's own events (logins, profile views, configuration, messages with someone
    outside the course), left out."""
    platform_events: int
    """Events the platform made itself (cron, scripts, restores, notifications sent in a
    person's name), left out."""
    stale: bool
    """The settings changed since the measurement: ``tutoral traces`` should run again."""


def promise(charter: Charter | None, channel: str) -> float | None:
    """The delay the charter promises on ``channel``, in hours (:attr:`Responses.promise_hours`)."""
    if charter is None:
        return None
    hours = [
        r.response_hours.max for r in charter.requests if r.channel == channel and r.response_hours
    ]
    if hours:
        return max(hours)
    return charter.response_hours.max if charter.response_hours else None


def responses(delays: Delays, promise_hours: float | None) -> Responses:
    """The figures of one channel's requests."""
    hours = [d / 3600 for d in delays.delays]
    within = None if promise_hours is None else sum(1 for h in hours if h <= promise_hours)
    return Responses(
        posts=delays.requests,
        answered_within=within,
        unanswered=delays.unanswered,
        median_hours=activity.median(hours),
        p90_hours=activity.nearest_rank(hours, 0.9),
        promise_hours=promise_hours,
    )


def _together(channels: Mapping[str, Responses], delays: Mapping[str, Delays]) -> Responses:
    hours = sorted(d / 3600 for each in delays.values() for d in each.delays)
    within = [r.answered_within for r in channels.values()]
    return Responses(
        posts=sum(r.posts for r in channels.values()),
        answered_within=None if not within or None in within else sum(w or 0 for w in within),
        unanswered=sum(r.unanswered for r in channels.values()),
        median_hours=activity.median(hours),
        p90_hours=activity.nearest_rank(hours, 0.9),
        promise_hours=None,
    )


def traced(
    traces: Traces, figures: ScenarioFigures, charter: Charter | None, current: str | None
) -> TracedFigures:
    """The figures of one scenario's aggregates; ``current`` is the digest of the settings
    ``audit.yaml`` has now (None: the scenario is no longer configured)."""
    channels = {c: responses(d, promise(charter, c)) for c, d in traces.channels.items()}
    tutoring = sum(traces.tutor_minutes.values())
    return TracedFigures(
        tutor_minutes=dict(traces.tutor_minutes),
        tutoring_minutes=tutoring,
        actual_rate=tutoring / figures.capacity,
        learners_seen=traces.learners_seen,
        responses={**channels, ALL: _together(channels, traces.channels)},
        inactive=Inactive(traces.inactive_learners, traces.inactive_episodes),
        sessions=dict(traces.tutor_sessions),
        accounts=dict(traces.tutor_accounts),
        weeks=traces.weeks,
        forums=traces.forums,
        sources=traces.sources,
        first=traces.first.isoformat(),
        last=traces.last.isoformat(),
        events=traces.events,
        duplicates=traces.duplicates,
        unknown=traces.unknown,
        course=traces.course,
        other_courses=traces.other_courses,
        site_events=traces.site_events,
        platform_events=traces.platform_events,
        stale=current != traces.settings,
    )


def settings_of(all_settings: tuple[TraceSettings, ...], scenario: str) -> TraceSettings | None:
    """The settings of ``scenario``, if ``audit.yaml`` has some."""
    return next((s for s in all_settings if s.scenario == scenario), None)
