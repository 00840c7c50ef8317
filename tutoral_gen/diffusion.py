"""The *charte tutorale* and the *plan de diffusion*: model and figures, no I/O.

- The charter states the tutoring service's commitments; it is rendered for tutors and learners.
- The diffusion plan trains tutors, runs communities of practice, gives follow-up tools, and
  prices the tutoring: its economic model, and how it scales with the number of learners.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .figures import ScenarioFigures, scenario_figures
from .model import ZERO, Norm, Range, Role, Scenario


@dataclass(frozen=True, slots=True, kw_only=True)
class Channel:
    """A communication channel the charter commits to (forum, mail, phone...)."""

    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """A kind of learner request, the channel it goes through and how fast it is answered."""

    kind: str
    channel: str
    response_hours: Range | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Charter:
    """``charter.yaml``: commitments shared by the tutors' and the learners' versions."""

    title: str
    values: tuple[str, ...] = ()
    """The tutoring strategy and its values."""
    response_hours: Range | None = None
    """Response time to a learner's message, in hours (Rodet: generally 24 to 72)."""
    availability: str | None = None
    """When tutors can be reached."""
    channels: tuple[Channel, ...] = ()
    requests: tuple[Request, ...] = ()
    tutors_do: tuple[str, ...] = ()
    tutors_do_not: tuple[str, ...] = ()
    learners_do: tuple[str, ...] = ()
    """What is expected of learners."""
    reporting: tuple[str, ...] = ()
    """The tutors' reporting duties."""
    institution: tuple[str, ...] = ()
    """The institution's commitments."""
    tutors_text: str | None = None
    """Free Markdown for the tutors' version (``charter/tutors.md``)."""
    learners_text: str | None = None
    """Free Markdown for the learners' version (``charter/learners.md``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingModule:
    """A module of the training programme for new tutors."""

    id: str
    title: str
    minutes: float
    objectives: tuple[str, ...] = ()
    """What the tutors will be able to do."""
    roles: tuple[str, ...] = ()
    """Role ids it prepares."""
    matrix: tuple[str, ...] = ()
    """Ids of the generic tutoring objectives it works on."""
    body: str | None = None
    """Its content, in Markdown (``training/<id>.md``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Meeting:
    """A meeting of a community of practice (``communities/<id>/<date>.md``)."""

    date: datetime.date
    title: str
    agenda: tuple[str, ...] = ()
    notes: str = ""
    """The notes, in Markdown."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Community:
    """A community of practice of the tutors."""

    id: str
    title: str
    members: tuple[str, ...] = ()
    """Role ids of its members."""
    rhythm: str | None = None
    """How often it meets."""
    resources: tuple[str, ...] = ()
    """Shared resources."""
    meetings: tuple[Meeting, ...] = ()
    """Its meetings, by date."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scaling:
    """For how many learners the economic model is worked out."""

    start: int
    stop: int
    step: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Diffusion:
    charter: Charter | None = None
    training: tuple[TrainingModule, ...] = ()
    communities: tuple[Community, ...] = ()
    scaling: Scaling | None = None


# --- calendar ---------------------------------------------------------------------------------


def item_day(day: int | None, phase: str | None, scenario: Scenario) -> int | None:
    """An item's own day, else its phase's first day, else None."""
    if day is not None:
        return day
    for p in scenario.phases:
        if p.id == phase:
            return p.start_day
    return None


def week_of(day: int) -> int:
    return (day - 1) // 7 + 1


def weekly(scenario: Scenario, figures: ScenarioFigures) -> dict[str, dict[int, Range]] | None:
    """Role id -> week -> time, when the items have days; else spread over ``weeks``; else None."""
    items = [
        (i.role, item_day(i.day, i.phase, scenario), figures.interventions[i.id].total)
        for i in scenario.interventions
    ]
    items += [
        (c.role, item_day(c.day, c.phase, scenario), figures.classes[c.id])
        for c in scenario.virtual_classes
    ]
    out: dict[str, dict[int, Range]] = {}
    if all(day is not None for _, day, _ in items):
        for role, day, minutes in items:
            weeks = out.setdefault(role, {})
            week = week_of(day or 1)
            weeks[week] = weeks.get(week, ZERO) + minutes
        return out
    if scenario.weeks:
        for role, total in figures.roles.items():
            out[role] = {w: total / scenario.weeks for w in range(1, scenario.weeks + 1)}
        return out
    return None


# --- economic model ---------------------------------------------------------------------------


def cost(minutes: Range, role: Role) -> Range | None:
    """Minutes of a role at its hourly cost; None when the role has no cost."""
    if role.hourly_cost is None:
        return None
    return minutes * (role.hourly_cost / 60)


@dataclass(frozen=True, slots=True)
class Economics:
    """What one scenario's tutoring costs."""

    role_costs: Mapping[str, Range]
    """Per role id with a cost: its time x its hourly cost."""
    total: Range
    per_learner: Range
    per_course_hour: Range
    """Cost per hour of course time (of one learner's path)."""
    uncosted: tuple[str, ...]
    """Roles with time but no hourly cost."""


def economics(scenario: Scenario, figures: ScenarioFigures, roles: Mapping[str, Role]) -> Economics:
    role_costs = {}
    uncosted = []
    for role, minutes in figures.roles.items():
        value = cost(minutes, roles[role])
        if value is None:
            uncosted.append(role)
        else:
            role_costs[role] = value
    total = ZERO
    for value in role_costs.values():
        total = total + value
    return Economics(
        role_costs,
        total,
        total / scenario.learners,
        total / (scenario.course_minutes / 60),
        tuple(uncosted),
    )


@dataclass(frozen=True, slots=True)
class ScaleRow:
    """The scenario for N learners."""

    learners: int
    tutoring: Range
    cost: Range
    tutors: Mapping[str, int | None]
    """Per role: tutors needed for its busiest week (None without max_hours_per_week)."""


def scaled(scenario: Scenario, learners: int) -> Scenario:
    """The scenario for another number of learners; sub-groups keep their size."""
    groups = None
    if scenario.groups:
        size = scenario.learners / scenario.groups
        groups = max(1, math.ceil(learners / size))
    return replace(scenario, learners=learners, groups=groups)


def scale(
    scenario: Scenario, scaling: Scaling, norms: Mapping[str, Norm], roles: Mapping[str, Role]
) -> list[ScaleRow]:
    rows = []
    for n in range(scaling.start, scaling.stop + 1, scaling.step):
        s = scaled(scenario, n)
        f = scenario_figures(s, norms)
        weeks = weekly(s, f)
        tutors: dict[str, int | None] = {}
        for role, minutes in f.roles.items():
            limit = roles[role].max_hours_per_week
            busiest = max(
                (w.max for w in (weeks or {}).get(role, {}).values()), default=minutes.max
            )
            tutors[role] = None if limit is None else max(1, math.ceil(busiest / 60 / limit - 1e-9))
        rows.append(ScaleRow(n, f.tutoring, economics(s, f, roles).total, tutors))
    return rows
