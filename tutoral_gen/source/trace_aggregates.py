"""The traces audit in ``content/``: its settings (``traces:`` in ``audit/audit.yaml``) and the
aggregates ``tutoral traces`` wrote (``audit/traces/<scenario>.yaml``).

The aggregates are generated, but they are committed and may be edited or merged by hand, so
they are validated like any content file; a file measured with other settings than those of
``audit.yaml`` now is stale, which ``check`` says (a warning: CI has no exports to measure).
"""

from __future__ import annotations

import datetime
from typing import Any

from ..domain.traces import (
    DATE_ORDERS,
    MESSAGES,
    Delays,
    Forum,
    Source,
    Traces,
    TraceSettings,
    Week,
    digest,
)
from ..errors import Path_
from .declared import Declared
from .fields import (
    Field,
    Invalid,
    MapOf,
    Reader,
    Record,
    Records,
    fail,
    identifier,
    listed,
    nested,
    non_negative,
    one_of,
    text,
    title,
    whole,
)
from .files import Content
from .files import Document as File
from .when import date_value

FOLDER = "audit/traces"
"""Where the aggregates live, inside ``content/``."""
MAX_NAME = 255
"""The longest account or activity name a platform gives (Moodle's own limit)."""
MAX_ID = 10**12
"""Above any id a platform's database gives (Moodle's are 64-bit, but no site has that many)."""


def account(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """A full name as the log shows it, or ``#31`` for a user id."""
    if isinstance(value, int) and not isinstance(value, bool):
        fail("a full name, or '#' and a user id in quotes ('#31')", value)
    name = text(value)
    if len(name) > MAX_NAME:
        fail(f"a name of at most {MAX_NAME} characters", value)
    if name.startswith("#") and not name[1:].isdigit():
        fail("'#' followed by a user id ('#31')", value)
    return name


account.schema = {"type": "string", "maxLength": MAX_NAME}  # type: ignore[attr-defined]


def activity(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> int | str:
    """A course-module id, an activity's name as the log shows it, or ``messages``."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**12:
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 12:
        return int(value)
    if isinstance(value, str) and value.strip() and len(value) <= MAX_NAME:
        return value.strip()
    fail("a course-module id (7), an activity's name, or messages", value)


activity.schema = {  # type: ignore[attr-defined]
    "anyOf": [
        {"type": "integer", "minimum": 1},
        {"type": "string", "maxLength": MAX_NAME, "examples": [MESSAGES]},
    ]
}


def course_setting(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> int:
    """The platform's id of a course: a whole number, 1 being the site's front page."""
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 13:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 < value < MAX_ID:
        fail(
            "a course id: the number after id= in the course's address (course/view.php?id=12);"
            " 1 is the site's front page, no course",
            value,
        )
    return value


course_setting.schema = {"type": "integer", "minimum": 2, "maximum": MAX_ID - 1}  # type: ignore[attr-defined]

SETTINGS = {
    "tutors": Field(
        nested,
        "account -> role id; an account is a full name as the log shows it, or '#31' (a user id)",
        required=True,
        shape=MapOf(identifier),
    ),
    "ignore": Field(
        listed(account, single_ok=True), "accounts that are neither tutors nor learners"
    ),
    "channels": Field(
        nested,
        "charter channel id -> its activity: a course-module id, the activity's name as the log"
        " shows it, or messages (the platform's private messages)",
        shape=MapOf(activity),
    ),
    "session_gap_minutes": Field(
        whole(1, 1440), "a tutor's gap longer than this starts a new session (default 30)"
    ),
    "inactive_days": Field(
        whole(1, 366), "a learner's gap of at least this many days is an inactivity (default 7)"
    ),
    "course": Field(
        course_setting,
        "the platform's id of the course measured (Moodle: course/view.php?id=12): a site"
        " export's other courses and site events are left out",
    ),
    "date_order": Field(
        one_of(*DATE_ORDERS),
        "how the log download writes dates: dmy (31/03/26, the default), mdy (3/31/26) or ymd",
    ),
}
TRACES = Field(
    nested,
    "scenario id -> how its platform traces are read: tutors, ignore, channels,"
    " session_gap_minutes, inactive_days, course, date_order",
    shape=MapOf(Record(SETTINGS)),
)


def settings(
    read: Reader, raw: Any, declared: Declared, channels: tuple[str, ...] | None
) -> tuple[TraceSettings, ...]:
    """The ``traces:`` of ``audit.yaml``, per scenario; ``channels`` are the charter's ids (None:
    no readable charter, so the channel ids are not checked)."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        read.problem(("traces",), "expected a mapping of scenario id -> its traces settings")
        return ()
    out = []
    for scenario, value in raw.items():
        at: tuple[str | int, ...] = ("traces", scenario)
        if not read.known(at, str(scenario), declared.scenarios, "scenario", "key"):
            continue
        fields = read.record(value, at, SETTINGS)
        if fields is None:
            continue
        tutors = _tutors(read, (*at, "tutors"), fields["tutors"], declared)
        targets = _channels(read, (*at, "channels"), fields.get("channels"), channels)
        if tutors is None or targets is None:
            continue
        out.append(
            TraceSettings(
                scenario=str(scenario),
                tutors=tutors,
                ignore=fields.get("ignore", ()),
                channels=targets,
                session_gap_minutes=fields.get("session_gap_minutes", 30),
                inactive_days=fields.get("inactive_days", 7),
                course=fields.get("course"),
                date_order=fields.get("date_order", "dmy"),
            )
        )
    return tuple(out)


def _tutors(read: Reader, at: Path_, raw: Any, declared: Declared) -> dict[str, str] | None:
    if not isinstance(raw, dict) or not raw:
        read.problem(at, "expected a mapping of account -> role id, with at least one tutor")
        return None
    before = len(read.problems)
    tutors = {}
    for name, role in raw.items():
        try:
            tutors[account(name)] = identifier(role)
        except Invalid as exc:
            read.problem((*at, name), exc.message)
            continue
        read.known((*at, name), role, declared.roles, "role")
    return tutors if len(read.problems) == before else None


def _channels(
    read: Reader, at: Path_, raw: Any, known: tuple[str, ...] | None
) -> dict[str, int | str] | None:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        read.problem(at, "expected a mapping of channel id -> course-module id or activity name")
        return None
    before = len(read.problems)
    out: dict[str, int | str] = {}
    for channel, target in raw.items():
        if read.known((*at, channel), str(channel), known, "channel of the charter", "key"):
            try:
                out[str(channel)] = activity(target)
            except Invalid as exc:
                read.problem((*at, channel), exc.message)
    return out if len(read.problems) == before else None


def moment(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> datetime.datetime:
    """A local date and time written ``2026-03-02T09:15:07``."""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value).replace(tzinfo=None)
        except ValueError:
            pass
    fail("a date and time as YYYY-MM-DDTHH:MM:SS", value)


moment.schema = {"type": "string", "format": "date-time"}  # type: ignore[attr-defined]


def course_id(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str | None:
    """A course id (``12``), or null when the exports named none."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < MAX_ID:
        return str(value)
    if isinstance(value, str) and value.isdigit() and len(value) < 13:
        return value
    fail("a course id (12), or null", value)


course_id.schema = {  # type: ignore[attr-defined]
    "anyOf": [
        {"type": "integer", "minimum": 1, "maximum": MAX_ID - 1},
        {"type": "string", "pattern": "^[0-9]{1,12}$"},
        {"type": "null"},
    ]
}

COUNT = whole(0, 10**12)
PERIOD = {
    "first": Field(moment, "the log's first event, local time", required=True),
    "last": Field(moment, "the log's last event, local time", required=True),
}
SOURCE = {
    "format": Field(title, "the exports' format", required=True),
    "files": Field(COUNT, "how many files of that format", required=True),
    "rows": Field(COUNT, "their rows, headers excluded", required=True),
    "date_order": Field(one_of(*DATE_ORDERS), "how their dates were read (downloads)"),
}
LEFT_OUT = {
    "other_courses": Field(COUNT, "other courses' events", required=True),
    "site": Field(COUNT, "the site's own events", required=True),
    "platform": Field(COUNT, "events the platform made (cron, scripts, notifications)", True),
}
TUTOR = {
    "accounts": Field(COUNT, "the role's accounts that acted in the log", required=True),
    "sessions": Field(COUNT, "their working sessions", required=True),
    "minutes": Field(non_negative, "the sessions' length, in minutes", required=True),
}
CHANNEL = {
    "requests": Field(COUNT, "learners' posts in the channel", required=True),
    "unanswered": Field(COUNT, "requests with no later tutor post", required=True),
    "delays": Field(listed(COUNT), "seconds to each answer, sorted", required=True),
}
FORUM = {
    "activity": Field(title, "its course-module id (or name)", required=True),
    "name": Field(title, "its name as the log shows it"),
    "posts": Field(COUNT, "learners' posts there", required=True),
}
INACTIVE = {
    "learners": Field(COUNT, "learners with at least one episode", required=True),
    "episodes": Field(COUNT, "inactivity episodes", required=True),
}
WEEK = {
    "start": Field(date_value, "the week's Monday", required=True),
    "learners": Field(COUNT, "learners active that week", required=True),
    "posts": Field(COUNT, "requests that week", required=True),
}
AGGREGATE = {
    "settings": Field(title, "digest of the settings it was measured with", required=True),
    "period": Field(nested, "first and last event", required=True, shape=Record(PERIOD)),
    "sources": Field(nested, "what was read, per format", required=True, shape=Records(SOURCE)),
    "events": Field(COUNT, "events counted", required=True),
    "duplicates": Field(COUNT, "events read twice, counted once", required=True),
    "unknown": Field(COUNT, "events no person could be read from", required=True),
    "course": Field(course_id, "the platform's id of the course measured"),
    "left_out": Field(nested, "events that are no course activity", shape=Record(LEFT_OUT)),
    "tutors": Field(nested, "role -> accounts, sessions, minutes", True, MapOf(Record(TUTOR))),
    "learners_seen": Field(COUNT, "learners in the log", required=True),
    "channels": Field(nested, "channel -> requests and delays", True, MapOf(Record(CHANNEL))),
    "forums": Field(nested, "forums no channel names", shape=Records(FORUM)),
    "inactive": Field(nested, "inactivity", required=True, shape=Record(INACTIVE)),
    "weeks": Field(nested, "week by week", shape=Records(WEEK)),
}


def aggregates(
    content: Content,
    reader: Any,
    declared: Declared,
    configured: tuple[TraceSettings, ...],
    timezone: str,
) -> tuple[Traces, ...]:
    """Every ``audit/traces/<scenario>.yaml``; a warning for one whose settings changed."""
    out = []
    current = {s.scenario: digest(s, timezone) for s in configured}
    for rel in sorted(r for r in content.yaml if r.startswith(f"{FOLDER}/")):
        doc: File = content.yaml[rel]
        if doc.data is None:
            continue
        read: Reader = reader(doc)
        scenario = rel.rsplit("/", 1)[1].rsplit(".", 1)[0]
        if not read.known((), scenario, declared.scenarios, "scenario (the file's name)"):
            continue
        traces = _aggregate(read, doc.data, scenario)
        if traces is None:
            continue
        if current.get(scenario) != traces.settings:
            why = (
                "no traces settings in audit.yaml"
                if scenario not in current
                else "the traces settings of audit.yaml changed"
            )
            message = (
                f"measured with other settings ({why}): run `tutoral traces {scenario}"
                " EXPORT...` again"
            )
            read.problem(("settings",), message, severity="warning")
        out.append(traces)
    return tuple(out)


def _aggregate(read: Reader, data: Any, scenario: str) -> Traces | None:
    raw = read.record(data, (), AGGREGATE)
    if raw is None:
        return None
    tutors, channels = {}, {}
    for role, value in raw["tutors"].items():
        fields = read.record(value, ("tutors", role), TUTOR)
        tutors[str(role)] = fields
    for channel, value in raw["channels"].items():
        fields = read.record(value, ("channels", channel), CHANNEL)
        if fields is not None:
            channels[str(channel)] = Delays(**fields)
    period = read.record(raw["period"], ("period",), PERIOD)
    inactive = read.record(raw["inactive"], ("inactive",), INACTIVE)
    if (
        period is None
        or inactive is None
        or None in tutors.values()
        or len(channels) != len(raw["channels"])
    ):
        return None
    roles = {r: f for r, f in tutors.items() if f is not None}
    left = {"other_courses": 0, "site": 0, "platform": 0}  # measured before sites were read
    if raw.get("left_out") is not None:
        fields = read.record(raw["left_out"], ("left_out",), LEFT_OUT)
        if fields is None:
            return None
        left = fields
    return Traces(
        scenario=scenario,
        settings=raw["settings"],
        first=period["first"],
        last=period["last"],
        sources=tuple(Source(**s) for _, s in read.records(raw["sources"], ("sources",), SOURCE)),
        events=raw["events"],
        duplicates=raw["duplicates"],
        unknown=raw["unknown"],
        course=raw.get("course"),
        other_courses=left["other_courses"],
        site_events=left["site"],
        platform_events=left["platform"],
        tutor_minutes={r: f["minutes"] for r, f in roles.items()},
        tutor_sessions={r: f["sessions"] for r, f in roles.items()},
        tutor_accounts={r: f["accounts"] for r, f in roles.items()},
        learners_seen=raw["learners_seen"],
        channels=channels,
        forums=tuple(Forum(**f) for _, f in read.records(raw.get("forums"), ("forums",), FORUM)),
        inactive_learners=inactive["learners"],
        inactive_episodes=inactive["episodes"],
        weeks=tuple(Week(**w) for _, w in read.records(raw.get("weeks"), ("weeks",), WEEK)),
    )
