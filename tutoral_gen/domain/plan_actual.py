"""Plan versus actual: the scenarios' figures against what tutors logged in the audit's log.

Per scenario: actual tutoring time and rate, time per role, each intervention's actual/planned
ratio, the interventions never carried out and the work no intervention planned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .audit import Entry
from .quantity import ZERO, Range
from .scenario import RateBasis, Scenario
from .workload import ScenarioFigures

TOLERANCE = 1e-9
"""Float noise below which an actual time counts as on the planned bound."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """Planned and actual time of one thing (a scenario, a role, an intervention)."""

    planned: Range
    """What the scenario's figures plan, in minutes."""
    actual: float
    """The minutes logged."""
    rows: int
    """Log rows behind ``actual``."""
    verdict: str
    """``longer``, ``shorter``, ``within`` the planned range, or ``missing`` (never done)."""
    ratio: float | None
    """Actual / planned (the middle of the range); None when nothing was planned."""

    @classmethod
    def of(cls, planned: Range, minutes: Sequence[float]) -> Comparison:
        actual = sum(minutes)
        if not minutes:
            verdict = "missing"
        elif actual > planned.max + TOLERANCE:
            verdict = "longer"
        elif actual < planned.min - TOLERANCE:
            verdict = "shorter"
        else:
            verdict = "within"
        middle = (planned.min + planned.max) / 2
        return cls(planned, actual, len(minutes), verdict, actual / middle if middle else None)


@dataclass(frozen=True, slots=True)
class ScenarioAudit:
    """Plan versus actual for one scenario."""

    tutoring: Comparison
    """Tutoring time planned and logged: interventions and unplanned work, and the virtual
    classes when the scenario's rate basis is ``all``."""
    actual_rate: float
    """Actual tutoring time / (course minutes x learners)."""
    roles: Mapping[str, Comparison]
    """Per role id: its planned time (interventions + classes) and what it logged."""
    activities: Mapping[str, Comparison]
    """Per intervention or class id, in the scenario's order."""
    unplanned: tuple[Entry, ...]
    """Log rows that no intervention planned."""
    unplanned_minutes: float
    """Their total."""


def compare(scenario: Scenario, figures: ScenarioFigures, log: Sequence[Entry]) -> ScenarioAudit:
    rows = [e for e in log if e.scenario == scenario.id]
    by_activity: dict[str | None, list[float]] = defaultdict(list)
    by_role: dict[str, list[float]] = defaultdict(list)
    for entry in rows:
        by_activity[entry.activity].append(entry.minutes)
        by_role[entry.role].append(entry.minutes)
    planned = {i.id: figures.interventions[i.id].total for i in scenario.interventions}
    planned.update(figures.classes)
    # A role that logged work it had no plan for shows with a plan of zero.
    roles = {r: figures.roles.get(r, ZERO) for r in [*figures.roles, *sorted(by_role)]}
    counted = figures.rate_basis is RateBasis.ALL
    tutoring = [e.minutes for e in rows if counted or e.activity not in figures.classes]
    unplanned = tuple(e for e in rows if e.activity is None)
    return ScenarioAudit(
        tutoring=Comparison.of(figures.tutoring, tutoring),
        actual_rate=sum(tutoring) / figures.capacity,
        roles={r: Comparison.of(plan, by_role.get(r, [])) for r, plan in roles.items()},
        activities={a: Comparison.of(plan, by_activity.get(a, [])) for a, plan in planned.items()},
        unplanned=unplanned,
        unplanned_minutes=sum(e.minutes for e in unplanned),
    )


def audited(
    scenarios: Sequence[Scenario], figures: Mapping[str, ScenarioFigures], log: Sequence[Entry]
) -> dict[str, ScenarioAudit]:
    """Plan versus actual for every scenario the log speaks of (all of them if it is empty)."""
    logged = {e.scenario for e in log}
    return {s.id: compare(s, figures[s.id], log) for s in scenarios if s.id in logged or not logged}
