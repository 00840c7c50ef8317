"""The *audit tutoral*: its plan, the tutors' activity log, the platform's traces and findings
(figures: plan_actual.py and traced.py).

Tutors log what they really did in ``content/audit/log.csv`` (one row per piece of work). The audit
compares it with the scenarios: actual tutoring time and rate per scenario, time per role, the
interventions that took longer or shorter than quantified, those never carried out, and the work
no intervention planned.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

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
    questions: tuple[str, ...]
    """The questions, in order."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion:
    """A criterion of the analysis grid."""

    id: str
    title: str
    indicator: str | None = None
    """What is measured or observed."""
    scale: tuple[str, ...] = ()
    """The levels of the scale, lowest first."""


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


FIGURES = (
    "rate", "actual-rate", "tutoring", "actual-tutoring", "ratio", "role",
    "traced-rate", "traced-tutoring", "responses", "inactive",
)  # fmt: skip
"""What a finding may cite: ``<scenario>:rate``, ``<scenario>:actual-rate``,
``<scenario>:tutoring``, ``<scenario>:actual-tutoring``, ``<intervention>:ratio``,
``<scenario>:role:<role>``, and from the platform's traces ``<scenario>:traced-rate``,
``<scenario>:traced-tutoring``, ``<scenario>:responses`` (all channels) or
``<scenario>:responses:<channel>``, ``<scenario>:inactive``."""
