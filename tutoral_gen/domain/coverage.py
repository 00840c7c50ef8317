"""How the interventions cover the matrix of 28 generic objectives, against their priorities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .quantity import Range, total
from .scenario import Scenario
from .system import Matrix, Objective, Priority, System


def priority(objective: Objective, system: System | None) -> Priority:
    """An objective's own priority, else its plan's, else none."""
    if system is None:
        return Priority.NONE
    if objective.id in system.objective_priorities:
        return system.objective_priorities[objective.id]
    return system.plan_priorities.get(objective.plan, Priority.NONE)


@dataclass(frozen=True, slots=True)
class Coverage:
    """What serves one objective across the scenarios."""

    priority: Priority
    """Its priority in the tutoring system."""
    interventions: tuple[str, ...]
    """Ids of the interventions that name it."""
    minutes: Range
    """Their total duration (an intervention serving two objectives counts fully in each)."""
    gap: bool
    """Prioritised, yet served by no intervention."""


def coverage(
    matrix: Matrix,
    system: System | None,
    scenarios: Sequence[Scenario],
    durations: Mapping[str, Range],
) -> dict[str, Coverage]:
    """Per objective, in the matrix's order: priority, the interventions serving it, minutes."""
    served: dict[str, list[str]] = {}
    for scenario in scenarios:
        for item in scenario.interventions:
            for named in item.objectives:
                served.setdefault(named, []).append(item.id)
    out = {}
    for objective in matrix.objectives:
        ids = served.get(objective.id, [])
        minutes = total(durations[i] for i in ids)
        level = priority(objective, system)
        gap = level is not Priority.NONE and not ids
        out[objective.id] = Coverage(level, tuple(ids), minutes, gap)
    return out
