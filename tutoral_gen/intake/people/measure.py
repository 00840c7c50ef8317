"""From a tally of the platform's events to one scenario's aggregates and its follow-up list.

Who is who comes from the settings (``traces:`` in ``audit.yaml``): tutors by name or ``#id``
with their role, ignored accounts, and everyone else who acts or is affected is a learner. A
person is a user id, never a name: two learners may share one.

The aggregates (:class:`~.traces.Traces`) keep counts and durations only. The follow-up list
names learners; it is for the tutors alone and goes to ``private/``, never to ``content/``.
"""

from __future__ import annotations

import bisect
import datetime
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...domain import activity
from ...domain.traces import (
    MESSAGES,
    Delays,
    Forum,
    Source,
    Traces,
    TraceSettings,
    Week,
    digest,
)
from .identify import People, Remark, forums, people
from .tally import KEY_BITS, OTHER_COURSES, PLATFORM_MADE, SITE_EVENTS, Tally

HOUR = 3600
DAY = 86_400


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One learner a tutor role should contact, at the log's end. Personal: ``private/`` only."""

    role: str
    """The tutor role that follows it up."""
    learner: str
    """The learner's name as the log shows it, or ``#id`` when the export has no names."""
    reason: str
    """``inactive`` (no event for ``inactive_days`` or more), ``absent`` (no event at all in
    the log, though one concerns them) or ``unanswered`` (a request still without an answer
    past the charter's promise)."""
    since: datetime.datetime
    """Their last event, or when the request was made (local time); for a learner who never
    acted, the log's first event."""
    hours: float
    """Hours from ``since`` to the log's end (for ``absent``: the log's length)."""
    where: str | None = None
    """For a request: the forum's name (or the channel id)."""


@dataclass(frozen=True, slots=True)
class Routes:
    """Which tutor roles follow up what, from the scenario's interventions and the roles."""

    channels: Mapping[str, tuple[str, ...]]
    """Channel id -> the roles whose interventions use it."""
    relaunch: tuple[str, ...]
    """The roles that follow up inactive learners (those carrying the motivation function)."""


@dataclass(frozen=True, slots=True)
class Measured:
    """What a measurement gives."""

    traces: Traces
    """The aggregates, to commit."""
    followup: tuple[FollowUp, ...]
    """Who needs a follow-up, per role: for the tutors only."""
    remarks: tuple[Remark, ...]
    """Problems with the settings."""


def _times(tally: Tally, user: str) -> list[int]:
    return [s >> KEY_BITS for s in tally.acts.get(user, ())]


@dataclass
class _Requests:
    """Per channel: requests as (time, thread, learner), and answers per thread."""

    asked: dict[str, list[tuple[int, str, str, str]]]
    """Per channel: each request's time, thread, learner and forum."""
    answers: dict[str, list[int]]
    others: dict[str, int]
    """Forum -> learners' posts, for forums no channel names."""


def _requests(
    tally: Tally, who: People, forums: Mapping[str, str], messages: str | None
) -> _Requests:
    asked: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
    answers: dict[str, list[int]] = defaultdict(list)
    others: dict[str, int] = defaultdict(int)
    learners = set(who.learners)
    seen: set[tuple[str, str, int]] = set()  # a new discussion may log its first post twice
    for stamped, author, forum, thread in tally.posts:
        time = stamped >> KEY_BITS
        if author in who.tutors:
            answers[f"post:{thread}"].append(time)
        elif author in learners and (author, thread, time) not in seen:
            seen.add((author, thread, time))
            channel = forums.get(forum)
            if channel is None:
                others[forum] += 1
            else:
                asked[channel].append((time, f"post:{thread}", author, forum))
    for stamped, sender, recipient in tally.messages:
        time = stamped >> KEY_BITS
        if sender in who.tutors and recipient in learners:
            answers[f"message:{sender}:{recipient}"].append(time)
        elif messages is not None and sender in learners and recipient in who.tutors:
            asked[messages].append((time, f"message:{recipient}:{sender}", sender, messages))
    for times in answers.values():
        times.sort()
    return _Requests(asked, answers, others)


def _mondays(first: int, last: int, zone: datetime.tzinfo) -> list[tuple[datetime.date, int]]:
    """Each week of the log: its Monday and the moment it starts (seconds since 1970)."""
    day = datetime.datetime.fromtimestamp(first, zone).date()
    monday = day - datetime.timedelta(days=day.weekday())
    weeks: list[tuple[datetime.date, int]] = []
    while True:
        start = int(datetime.datetime.combine(monday, datetime.time(), zone).timestamp())
        if start > last:
            return weeks
        weeks.append((monday, start))
        monday += datetime.timedelta(days=7)


def _weeks(
    learners: Mapping[str, list[int]],
    asked: Sequence[int],
    first: int,
    last: int,
    zone: datetime.tzinfo,
) -> tuple[Week, ...]:
    """``learners``: each learner's times, sorted."""
    mondays = _mondays(first, last, zone)
    bounds = [start for _, start in mondays] + [last + 1]
    active = [0] * len(mondays)
    for times in learners.values():
        for n in range(len(mondays)):
            at = bisect.bisect_left(times, bounds[n])
            if at < len(times) and times[at] < bounds[n + 1]:
                active[n] += 1
    posts = [0] * len(mondays)
    for time in asked:
        posts[bisect.bisect_right(bounds, time) - 1] += 1
    return tuple(
        Week(start=monday, learners=active[n], posts=posts[n])
        for n, (monday, _) in enumerate(mondays)
    )


@dataclass(frozen=True, slots=True)
class Context:
    """What a measurement needs besides the tally and the settings."""

    zone: datetime.tzinfo
    """The project's time zone (weeks start on its Mondays)."""
    timezone: str
    """Its name, part of the settings' digest."""
    promises: Mapping[str, float | None]
    """Per channel: the charter's promised delay in hours (None: no promise)."""
    routes: Routes
    """Which roles follow up what."""
    sources: tuple[Source, ...]
    """What was read."""


def measure(tally: Tally, settings: TraceSettings, context: Context) -> Measured:
    """The aggregates of a united tally (:meth:`Tally.united`) and its follow-up list."""
    who = people(tally, settings)
    tally.admit({*who.tutors, *who.learners})
    by_forum, remarks = forums(tally, settings)
    messages = next((c for c, t in settings.channels.items() if t == MESSAGES), None)
    requests = _requests(tally, who, by_forum, messages)
    first = min(acts[0] for acts in tally.acts.values()) >> KEY_BITS
    last = max(acts[-1] for acts in tally.acts.values()) >> KEY_BITS
    roles = tuple(dict.fromkeys(settings.tutors.values()))
    minutes, count, accounts = (
        dict.fromkeys(roles, 0.0),
        dict.fromkeys(roles, 0),
        dict.fromkeys(roles, 0),
    )
    for user, role in who.tutors.items():
        times = _times(tally, user)
        worked = activity.sessions(times, settings.session_gap_minutes * 60)
        minutes[role] += sum(end - start for start, end in worked) / 60
        count[role] += len(worked)
        accounts[role] += 1 if times else 0
    channels, late = _channels(settings, requests, context.promises, last)
    gap = settings.inactive_days * DAY
    idle: list[tuple[str, int | None]] = []
    episodes = inactive = 0
    learners = {learner: _times(tally, learner) for learner in who.learners}
    for learner, times in learners.items():
        found = activity.episodes(times, first, last, gap)
        episodes += found
        inactive += 1 if found else 0
        since = activity.idle(times, last)
        if since is None or since >= gap:
            idle.append((learner, times[-1] if times else None))
    asked = sorted(t for ch in requests.asked.values() for t, *_ in ch)
    traces = Traces(
        scenario=settings.scenario,
        settings=digest(settings, context.timezone),
        first=datetime.datetime.fromtimestamp(first, context.zone).replace(tzinfo=None),
        last=datetime.datetime.fromtimestamp(last, context.zone).replace(tzinfo=None),
        sources=context.sources,
        events=sum(len(a) for a in tally.acts.values()),
        duplicates=tally.duplicates,
        unknown=len(tally.unknown),
        **_left_out(tally, settings),
        # Rounded to the thousandth of a minute, as the aggregates' file writes it: what a
        # build reads back is what was measured.
        tutor_minutes={role: round(value, 3) for role, value in minutes.items()},
        tutor_sessions=count,
        tutor_accounts=accounts,
        learners_seen=len(who.learners),
        channels=channels,
        forums=_other_forums(tally, requests.others),
        inactive_learners=inactive,
        inactive_episodes=episodes,
        weeks=_weeks(learners, asked, first, last, context.zone),
    )
    followup = _followup(tally, settings, context, idle, late, first, last)
    remarks += who.remarks
    return Measured(traces, followup, tuple(remarks))


def _left_out(tally: Tally, settings: TraceSettings) -> dict[str, Any]:
    """The course measured and the events left out, as :class:`Traces` keeps them."""
    named = list(tally.courses)
    course = str(settings.course) if settings.course is not None else None
    left = tally.left_out()
    return {
        "course": course or (named[0] if len(named) == 1 else None),
        "other_courses": left[OTHER_COURSES],
        "site_events": left[SITE_EVENTS],
        "platform_events": left[PLATFORM_MADE],
    }


def _channels(
    settings: TraceSettings,
    requests: _Requests,
    promises: Mapping[str, float | None],
    last: int,
) -> tuple[dict[str, Delays], list[tuple[str, tuple[int, str, str, str]]]]:
    """Each channel's delays, and the requests still unanswered past its promise."""
    channels: dict[str, Delays] = {}
    late: list[tuple[str, tuple[int, str, str, str]]] = []
    for channel in settings.channels:
        asked = sorted(requests.asked.get(channel, []))
        delays, unanswered = activity.answer_delays([r[:2] for r in asked], requests.answers)
        channels[channel] = Delays(
            requests=len(asked), delays=tuple(delays), unanswered=len(unanswered)
        )
        promise = promises.get(channel)
        for n in unanswered:
            if promise is None or last - asked[n][0] > promise * HOUR:
                late.append((channel, asked[n]))
    return channels, late


def _other_forums(tally: Tally, others: Mapping[str, int]) -> tuple[Forum, ...]:
    return tuple(
        Forum(activity=forum, name=tally.places.get(forum), posts=posts)
        for forum, posts in sorted(others.items(), key=lambda item: (-item[1], item[0]))
    )


def _followup(
    tally: Tally,
    settings: TraceSettings,
    context: Context,
    idle: Sequence[tuple[str, int | None]],
    late: Sequence[tuple[str, tuple[int, str, str, str]]],
    first: int,
    last: int,
) -> tuple[FollowUp, ...]:
    traced = tuple(dict.fromkeys(settings.tutors.values()))

    def route(roles: Sequence[str]) -> tuple[str, ...]:
        return tuple(r for r in roles if r in traced) or traced

    owners = Counter(n for names in tally.names.values() for n in names)

    def shown(user: str) -> str:
        """A learner's name, with their id when another person has the same name."""
        names = tally.names.get(user)
        if not names:
            return f"#{user}"
        name = min(names)
        return f"{name} (#{user})" if owners[name] > 1 else name

    def local(time: int) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(time, context.zone).replace(tzinfo=None)

    rows = []
    for learner, since in idle:
        at = first if since is None else since
        reason = "absent" if since is None else "inactive"
        for role in route(context.routes.relaunch):
            rows.append(FollowUp(role, shown(learner), reason, local(at), (last - at) / HOUR))
    for channel, (time, _thread, learner, forum) in late:
        where = tally.places.get(forum) or (forum if not forum.isdigit() else channel)
        for role in route(context.routes.channels.get(channel, ())):
            rows.append(
                FollowUp(
                    role, shown(learner), "unanswered", local(time), (last - time) / HOUR, where
                )
            )
    return tuple(sorted(rows, key=lambda r: (traced.index(r.role), r.reason, -r.hours, r.learner)))
