"""The figures for the terminal: a readable table, or JSON (unrounded) for other tools."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .diffusion import economics
from .figures import ScenarioFigures, durations
from .i18n import Numbers, labels
from .model import Project, Range
from .system import area, coverage, deformation, served


def _range(value: Range | None) -> dict[str, float] | None:
    return None if value is None else {"min": value.min, "max": value.max}


def as_data(project: Project, figures: Mapping[str, ScenarioFigures]) -> dict[str, Any]:
    """The figures as plain data: the format of ``tutoral report --json``."""
    data: dict[str, Any] = {"scenarios": _scenarios(project, figures)}
    if project.system is not None:
        data["interventions"] = {
            item: {"constraints": {"area": area(scores), "deformation": deformation(scores)}}
            for item, scores in project.system.constraints.items()
        }
        served_by = served(project.scenarios, durations(figures))
        data["objectives"] = {
            objective: {
                "priority": c.priority.value,
                "interventions": list(c.interventions),
                "minutes": _range(c.minutes),
            }
            for objective, c in coverage(project.matrix, project.system, served_by).items()
        }
    return data


def _scenarios(project: Project, figures: Mapping[str, ScenarioFigures]) -> list[dict[str, Any]]:
    roles = {r.id: r for r in project.roles}
    costs = {s.id: economics(s, figures[s.id], roles) for s in project.scenarios}
    scenarios = []
    for s in project.scenarios:
        f = figures[s.id]
        scenarios.append(
            {
                "id": s.id,
                "title": s.title,
                "course_minutes": s.course_minutes,
                "learners": s.learners,
                "target_rate": s.target_rate,
                "tutoring_minutes": _range(f.tutoring),
                "rate": _range(f.rate),
                "virtual_class_minutes": _range(f.class_total),
                "budget_minutes": _range(f.budget),
                "budget_gap_minutes": _range(f.gap),
                "roles": {role: _range(value) for role, value in f.roles.items()},
                "interventions": {i: _range(q.total) for i, q in f.interventions.items()},
                "cost": _range(costs[s.id].total) if costs[s.id].role_costs else None,
                "role_costs": {r: _range(c) for r, c in costs[s.id].role_costs.items()},
            }
        )
    return scenarios


def as_json(project: Project, figures: Mapping[str, ScenarioFigures]) -> str:
    return json.dumps(as_data(project, figures), ensure_ascii=False, indent=2)


def as_table(project: Project, figures: Mapping[str, ScenarioFigures]) -> str:
    """One block per scenario: its headline figures, then the time of each role."""
    n, t = Numbers(project.language), labels(project.language)
    roles = {r.id: r.title for r in project.roles}
    blocks = []
    for s in project.scenarios:
        f = figures[s.id]
        rows = [
            (t["course_minutes"], n.minutes(s.course_minutes)),
            (t["learners"], str(s.learners)),
            (t["tutoring_time"], f"{n.minutes(f.tutoring)} ({n.hours(f.tutoring)})"),
            (t["rate"], n.rate(f.rate)),
            (t["virtual_class_time"], n.minutes(f.class_total)),
        ]
        if f.budget is not None and f.gap is not None:
            rows += [(t["budget"], n.minutes(f.budget)), (t["gap"], n.signed_minutes(f.gap))]
        rows += [
            (f"  {roles[r]}", n.minutes(v) if v.max < 60 else f"{n.minutes(v)} ({n.hours(v)})")
            for r, v in f.roles.items()
        ]
        width = max(len(label) for label, _ in rows)
        lines = [f"{s.title} [{s.id}]", "-" * len(f"{s.title} [{s.id}]")]
        lines += [f"{label.ljust(width)}  {value}" for label, value in rows]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
