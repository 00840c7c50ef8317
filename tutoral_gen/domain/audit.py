"""The *audit tutoral*: its plan, the tutors' activity log, the platform's traces and findings
(figures: plan_actual.py and trace_figures.py).

Tutors log what they really did in ``content/audit/log.csv`` (one row per piece of work). The audit
compares it with the scenarios: actual tutoring time and rate per scenario, time per role, the
interventions that took longer or shorter than quantified, those never carried out, and the work
no intervention planned.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from .survey import Answers, Question
from .traces import Traces, TraceSettings


class GuideKind(enum.Enum):
    QUESTIONNAIRE = "questionnaire"
    INTERVIEW = "interview"


class Audience(enum.Enum):
    LEARNERS = "learners"
    TUTORS = "tutors"
    INSTITUTION = "institution"


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """Convoked data: a document of the set-up the audit examines."""

    title: str
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Guide:
    """Provoked data: a questionnaire or interview guide, printed from the handbook."""

    id: str
    """Identifier; names the guide's page."""
    title: str
    kind: GuideKind
    audience: Audience
    intro: str | None = None
    """What to say before the first question."""
    questions: tuple[Question, ...]
    """The questions, in order."""
    scenario: str | None = None
    """The scenario whose learners are the audience (their number is the audience's size)."""
    audience_size: int | None = None
    """How many were asked, when no scenario says it."""
    publish_text: bool = False
    """Whether free-text answers are published, once the coordinator has reviewed them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion:
    """A criterion of the analysis grid."""

    id: str
    title: str
    indicator: str | None = None
    """What is measured or observed."""
    scale: tuple[str, ...] = ()
    """The levels of the scale, lowest first."""
    measure: str | None = None
    """The figure it judges (:data:`MEASURES`, or ``question:<guide>:<question>``); without
    one, the criterion is a judgement the findings write."""
    levels: tuple[float, ...] = ()
    """The thresholds between the scale's levels, one fewer than the levels: decreasing, a
    figure above the first is the lowest level (a rate ratio); increasing, a figure below the
    first is (a share done)."""


class Status(enum.Enum):
    """Where a recommendation stands."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DONE = "done"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """A finding and its recommendation (``content/audit/findings/<id>.md``)."""

    id: str
    title: str
    criteria: tuple[str, ...] = ()
    """Ids of the criteria it rests on."""
    figures: tuple[str, ...] = ()
    """Figures it rests on: ``<scenario>:rate``, ``<intervention>:ratio``... (see FIGURES)."""
    body: str
    """The finding and recommendation, in Markdown."""
    status: Status = Status.PROPOSED
    """Where its recommendation stands."""
    changes: tuple[str, ...] = ()
    """The interventions its recommendation changes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One row of the activity log."""

    line: int
    """Its line in the CSV file."""
    date: datetime.date
    scenario: str
    """The scenario the work belongs to."""
    role: str
    """The role of the tutor who did it."""
    activity: str | None
    """An intervention or virtual-class id; None for unplanned work."""
    learner: str | None
    """The learner or group concerned."""
    minutes: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Audit:
    """What ``content/audit/`` declares."""

    questions: tuple[str, ...] = ()
    """The questions the audit answers."""
    documents: tuple[Document, ...] = ()
    guides: tuple[Guide, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    findings: tuple[Finding, ...] = ()
    log: tuple[Entry, ...] = ()
    """The valid rows of the activity log."""
    log_file: str | None = None
    """The log's path, for the handbook."""
    trace_settings: tuple[TraceSettings, ...] = ()
    """How each scenario's platform traces are read (``traces:``)."""
    traces: tuple[Traces, ...] = ()
    """The aggregates of the scenarios measured from the platform's traces
    (``audit/traces/<scenario>.yaml``)."""
    answers: tuple[Answers, ...] = ()
    """The guides' answers, aggregated (``audit/answers/<guide>.yaml``)."""


FIGURES = (
    "rate", "actual-rate", "tutoring", "actual-tutoring", "ratio", "role",
    "traced-rate", "traced-tutoring", "responses", "inactive", "level",
)  # fmt: skip
"""What a finding may cite: ``<scenario>:rate``, ``<scenario>:actual-rate``,
``<scenario>:tutoring``, ``<scenario>:actual-tutoring``, ``<intervention>:ratio``,
``<scenario>:role:<role>``, and from the platform's traces ``<scenario>:traced-rate``,
``<scenario>:traced-tutoring``, ``<scenario>:responses`` (all channels) or
``<scenario>:responses:<channel>``, ``<scenario>:inactive``, and a criterion's level reached,
``<scenario>:level:<criterion>``."""

MEASURES = (
    "done-share",
    "time-deviation",
    "actual-rate-ratio",
    "answered-within",
    "inactive-share",
)
"""The figures a criterion of the grid may judge, per scenario: the share of planned
interventions carried out, the median of |actual - planned| / planned of those carried out,
actual rate / chosen rate (hand log), the share of requests answered within the charter's
promise, the share of learners with an inactivity episode (traces); and ``question:<guide>:<id>``,
the mean of a scale question."""
