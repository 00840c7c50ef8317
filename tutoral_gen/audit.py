"""The *audit tutoral*: its plan, the tutors' activity log, and plan versus actual. No I/O.

Tutors log what they really did in ``content/audit/log.csv`` (one row per piece of work). The audit
compares it with the scenarios: actual tutoring time and rate per scenario, time per role, the
interventions that took longer or shorter than quantified, those never carried out, and the work
no intervention planned.
"""

from __future__ import annotations

import datetime
import enum
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from .figures import ScenarioFigures
from .model import ZERO, Range, Scenario


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


# --- plan versus actual -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Comparison:
    """Planned and actual time of one thing (a scenario, a role, an intervention)."""

    planned: Range
    actual: float
    rows: int
    """Log rows behind ``actual``."""

    @property
    def verdict(self) -> str:
        """``longer``, ``shorter``, ``within`` the planned range, or ``missing`` (never done)."""
        if self.rows == 0:
            return "missing"
        if self.actual > self.planned.max + 1e-9:
            return "longer"
        if self.actual < self.planned.min - 1e-9:
            return "shorter"
        return "within"

    @property
    def ratio(self) -> float | None:
        """Actual / planned (the middle of the range); None when nothing was planned."""
        middle = (self.planned.min + self.planned.max) / 2
        return self.actual / middle if middle else None


@dataclass(frozen=True, slots=True)
class ScenarioAudit:
    """Plan versus actual for one scenario."""

    tutoring: Comparison
    """Interventions and unplanned work (virtual classes are not tutoring time)."""
    actual_rate: float
    """Actual tutoring time / (course minutes x learners)."""
    roles: Mapping[str, Comparison]
    """Per role id: its planned time (interventions + classes) and what it logged."""
    activities: Mapping[str, Comparison]
    """Per intervention or class id, in the scenario's order."""
    unplanned: tuple[Entry, ...]
    """Log rows that no intervention planned."""


def compare(scenario: Scenario, figures: ScenarioFigures, log: tuple[Entry, ...]) -> ScenarioAudit:
    rows = [e for e in log if e.scenario == scenario.id]
    by_activity: dict[str | None, list[float]] = defaultdict(list)
    by_role: dict[str, list[float]] = defaultdict(list)
    for entry in rows:
        by_activity[entry.activity].append(entry.minutes)
        by_role[entry.role].append(entry.minutes)

    def comparison(plan: Range, minutes: list[float]) -> Comparison:
        return Comparison(plan, sum(minutes), len(minutes))

    planned = {i.id: figures.interventions[i.id].total for i in scenario.interventions}
    planned.update(figures.classes)
    # A role that logged work it had no plan for shows with a plan of zero.
    roles = {r: figures.roles.get(r, ZERO) for r in [*figures.roles, *sorted(by_role)]}
    tutoring = [e.minutes for e in rows if e.activity not in figures.classes]
    return ScenarioAudit(
        tutoring=comparison(figures.tutoring, tutoring),
        actual_rate=sum(tutoring) / figures.capacity,
        roles={r: comparison(plan, by_role.get(r, [])) for r, plan in roles.items()},
        activities={a: comparison(plan, by_activity.get(a, [])) for a, plan in planned.items()},
        unplanned=tuple(e for e in rows if e.activity is None),
    )


FIGURES = ("rate", "actual-rate", "tutoring", "actual-tutoring", "ratio", "role")
"""What a finding may cite: ``<scenario>:rate``, ``<scenario>:actual-rate``,
``<scenario>:tutoring``, ``<scenario>:actual-tutoring``, ``<intervention>:ratio``,
``<scenario>:role:<role>``."""
