"""The economic model of a scenario, its weekly load per role, and how both scale with learners.

- cost of a role = its time (interventions + virtual classes) x its hourly cost;
- per learner = total / learners; per course hour = total / (course minutes / 60);
- scaling: the scenario worked out again for N learners (sub-groups keep their size), with the
  tutors each role needs to carry its busiest week.

A dated scenario's weeks are calendar weeks, named by their Monday, so that two scenarios that
run at different times never add their "week 2" together; an undated one keeps its course weeks
(1 = the first seven days).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .calendar import item_day, session_days, week_of
from .quantity import ZERO, Range, total
from .scenario import Norm, RateBasis, Role, Scenario
from .workload import ScenarioFigures, scenario_figures


@dataclass(frozen=True, slots=True)
class Week:
    """One role's tutor time in one course week."""

    interventions: Range
    """Minutes of its interventions."""
    classes: Range
    """Minutes of its virtual classes (preparation and publishing included)."""
    minutes: Range
    """Both."""

    def __add__(self, other: Week) -> Week:
        return Week(
            self.interventions + other.interventions,
            self.classes + other.classes,
            self.minutes + other.minutes,
        )


NO_WEEK = Week(ZERO, ZERO, ZERO)

WeekKey = int | datetime.date
"""A week: the Monday of a calendar week (a dated scenario), or a course week (1, 2...)."""
Weekly = Mapping[str, Mapping[WeekKey, Week]]
"""Role id -> week -> tutor time."""


def monday(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s calendar week (ISO weeks start on Monday)."""
    return day - datetime.timedelta(days=day.weekday())


def _week(scenario: Scenario, day: int) -> WeekKey:
    """The week of a course day: its calendar week once the scenario has a start."""
    if scenario.start is None:
        return week_of(day)
    return monday(scenario.start + datetime.timedelta(days=day - 1))


def _in_time(item: tuple[WeekKey, Week]) -> int:
    week = item[0]
    return week.toordinal() if isinstance(week, datetime.date) else week


def weekly(scenario: Scenario, figures: ScenarioFigures) -> dict[str, dict[WeekKey, Week]] | None:
    """Role id -> week -> time, when the items have days; else spread over ``weeks``; else None.

    A virtual class held every ``interval_days`` counts each session in its own week.
    """
    items = [
        (i.role, item_day(i.day, i.phase, scenario), Week(q, ZERO, q))
        for i in scenario.interventions
        for q in [figures.interventions[i.id].total]
    ]
    for c in scenario.virtual_classes:
        first = item_day(c.day, c.phase, scenario)
        days = session_days(first, c.count, c.interval_days) or (first,)
        share = figures.classes[c.id] / len(days)
        items += [(c.role, day, Week(ZERO, share, share)) for day in days]
    out: dict[str, dict[WeekKey, Week]] = {}
    if all(day is not None for _, day, _ in items):
        for role, day, load in items:
            weeks = out.setdefault(role, {})
            week = _week(scenario, day or 1)
            weeks[week] = weeks.get(week, NO_WEEK) + load
        return {role: dict(sorted(w.items(), key=_in_time)) for role, w in out.items()}
    if scenario.weeks:
        n = scenario.weeks
        for role in figures.roles:
            spread = Week(
                figures.role_interventions[role] / n,
                figures.role_classes[role] / n,
                figures.roles[role] / n,
            )
            out[role] = {_week(scenario, 7 * (w - 1) + 1): spread for w in range(1, n + 1)}
        return out
    return None


@dataclass(frozen=True, slots=True)
class RoleWeek:
    """One role's tutor time in one week, over the scenarios it works in that week."""

    monday: datetime.date | None
    """The calendar week's Monday, for dated scenarios."""
    number: int | None
    """The course week (1 = the first seven days), for an undated scenario."""
    scenarios: tuple[str, ...]
    """The scenarios (ids) whose items fall in that week, in the project's order."""
    interventions: Range
    """Minutes of its interventions."""
    classes: Range
    """Minutes of its virtual classes."""
    minutes: Range
    """Both."""


def role_weeks(role: str, weekly: Iterable[tuple[str, Weekly]]) -> dict[str, RoleWeek]:
    """One role's weeks over every scenario (``weekly``: scenario id and its weeks, in the
    project's order), keyed by the Monday's ISO date (dated) or ``<scenario>:<week>``
    (undated): calendar weeks of several scenarios add up, course weeks never do."""
    found: dict[tuple[int, int, int], RoleWeek] = {}
    for place, (scenario, by_role) in enumerate(weekly):
        for week, load in by_role.get(role, {}).items():
            at = (0, 0, week.toordinal()) if isinstance(week, datetime.date) else (1, place, week)
            was = found.get(at) or RoleWeek(
                week if isinstance(week, datetime.date) else None,
                None if isinstance(week, datetime.date) else week,
                (), ZERO, ZERO, ZERO,
            )  # fmt: skip
            found[at] = RoleWeek(
                was.monday,
                was.number,
                was.scenarios + ((scenario,) if scenario not in was.scenarios else ()),
                was.interventions + load.interventions,
                was.classes + load.classes,
                was.minutes + load.minutes,
            )
    return {_key(w): w for _, w in sorted(found.items())}


def _key(week: RoleWeek) -> str:
    """A week's key in the figures and ``report --json``."""
    if week.monday is not None:
        return week.monday.isoformat()
    return f"{week.scenarios[0]}:{week.number}"


@dataclass(frozen=True, slots=True)
class Economics:
    """What one scenario's tutoring costs."""

    role_costs: Mapping[str, Range]
    """Per role id with a cost: its time x its hourly cost."""
    total: Range
    """The sum of the role costs."""
    per_learner: Range
    """Total / learners."""
    per_course_hour: Range
    """Total per hour of course time (of one learner's path)."""
    uncosted: tuple[str, ...]
    """Roles with time but no hourly cost (left out of the total)."""


def economics(scenario: Scenario, figures: ScenarioFigures, roles: Mapping[str, Role]) -> Economics:
    role_costs = {}
    uncosted = []
    for role, minutes in figures.roles.items():
        hourly = roles[role].hourly_cost
        if hourly is None:
            uncosted.append(role)
        else:
            role_costs[role] = minutes * (hourly / 60)
    cost = total(role_costs.values())
    return Economics(
        role_costs,
        cost,
        cost / scenario.learners,
        cost / (scenario.course_minutes / 60),
        tuple(uncosted),
    )


@dataclass(frozen=True, slots=True)
class ScaleRow:
    """The scenario worked out for another number of learners."""

    learners: int
    """The number of learners of this row."""
    groups: int | None
    """Sub-groups at that size (they keep the scenario's group size)."""
    minutes: Range
    """Tutor time of every role: interventions and virtual classes (what the cost counts)."""
    sessions: float
    """Virtual-class sessions: those held per group grow with the groups."""
    cost: Range
    """Cost of the roles that have an hourly cost."""
    tutors: Mapping[str, int | None]
    """Per role: tutors needed for its busiest week (None without max_hours_per_week)."""


def scaled(scenario: Scenario, learners: int) -> Scenario:
    """The scenario for another number of learners; sub-groups keep their size."""
    groups = None
    if scenario.groups:
        size = scenario.learners / scenario.groups
        groups = max(1, math.ceil(learners / size))
    return replace(scenario, learners=learners, groups=groups)


def tutors_needed(
    figures: ScenarioFigures, weeks: Weekly | None, roles: Mapping[str, Role]
) -> dict[str, int | None]:
    """Per role: how many tutors its busiest week needs, at the role's weekly hours."""
    out: dict[str, int | None] = {}
    for role, minutes in figures.roles.items():
        limit = roles[role].max_hours_per_week
        loads = (w.minutes.max for w in (weeks or {}).get(role, {}).values())
        busiest = max(loads, default=minutes.max)
        out[role] = None if limit is None else max(1, math.ceil(busiest / 60 / limit - 1e-9))
    return out


def scale(
    scenario: Scenario,
    counts: range,
    norms: Mapping[str, Norm],
    roles: Mapping[str, Role],
    basis: RateBasis = RateBasis.INTERVENTIONS,
) -> tuple[ScaleRow, ...]:
    """The scenario for each number of learners in ``counts``: time, cost and tutors needed."""
    rows = []
    for n in counts:
        s = scaled(scenario, n)
        f = scenario_figures(s, norms, basis)
        tutors = tutors_needed(f, weekly(s, f), roles)
        held = sum(f.sessions.values())
        cost = economics(s, f, roles).total
        rows.append(ScaleRow(n, s.groups, f.tutor_minutes, held, cost, tutors))
    return tuple(rows)
