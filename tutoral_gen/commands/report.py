"""The figures for the terminal: a readable table, or JSON (unrounded) for other tools.

The JSON is the :class:`~tutoral_gen.domain.figures.Figures` object written out: every figure a
page shows is there, by the same name as in the code, unrounded. Ranges are ``{min, max}``.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import math
from collections.abc import Mapping
from typing import Any

from ..domain.figures import Figures
from ..domain.project import Project
from ..domain.quantity import Range
from ..domain.scenario import Norm
from ..i18n import Numbers, labels


def plain(value: Any) -> Any:
    """A figure as JSON data: dataclasses as objects, ranges as {min, max}, enums by value."""
    if isinstance(value, Range):
        return {"min": value.min, "max": value.max}
    if isinstance(value, Norm):
        return value.id  # a quantification names its norm; the norms page has the rest
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no infinity: the report stays valid JSON whatever the figures
    return value


def as_data(project: Project, figures: Figures) -> dict[str, Any]:
    """The figures as plain data: the format of ``tutoral report --json``."""
    data: dict[str, Any] = {
        "licence": project.licence,  # an SPDX id; None: nothing offered for reuse
        "authors": list(project.authors),
        "scenarios": [_scenario(project, figures, s.id) for s in project.scenarios],
        "roles": plain(figures.roles),
        "objectives": plain(figures.coverage),
        "training_minutes": figures.training_minutes,
    }
    reused = {
        i.id: {
            "scenario": s.id,
            "from": i.provenance.reference,
            "overrides": list(i.provenance.changed),
            "version": i.provenance.version,
            "licence": i.provenance.licence,
        }
        for s in project.scenarios
        for i in s.interventions
        if i.provenance is not None
    }
    if reused:  # interventions taken from other handbooks' catalogues (from:)
        data["reused"] = reused
    if project.system is not None:
        data["interventions"] = {
            r.id: {"constraints": {k: v for k, v in plain(r).items() if k not in ("id", "scores")}}
            for r in figures.constraints
        }
        data["constraints"] = {
            "ranking": [r.id for r in figures.constraints],
            "max_area": figures.max_area,
        }
        data["needs"] = plain(figures.needs)
    if project.audit is not None:
        data["guides"] = {
            g: {
                "responses": f.responses,
                "audience": f.audience,
                "sources": dict(f.sources),
                "stale": f.stale,
                "pending": f.pending,
                # Figures only: free answers, even those published, are no figure.
                "questions": {
                    q: {k: v for k, v in plain(qf).items() if k != "texts"}
                    for q, qf in f.questions.items()
                },
            }
            for g, f in figures.guides.items()
        }
        data["grid"] = plain(figures.grid)
    return data


def _scenario(project: Project, figures: Figures, scenario_id: str) -> dict[str, Any]:
    s = next(s for s in project.scenarios if s.id == scenario_id)
    f, e = figures.scenarios[scenario_id], figures.economics[scenario_id]
    return {
        "id": s.id,
        "title": s.title,
        "course_minutes": s.course_minutes,
        "learners": s.learners,
        "target_rate": s.target_rate,
        "capacity": f.capacity,
        "rate_basis": f.rate_basis.value,
        "intervention_minutes": plain(f.intervention_minutes),
        "virtual_class_minutes": plain(f.class_total),
        "tutor_minutes": plain(f.tutor_minutes),
        "tutoring_minutes": plain(f.tutoring),
        "rate": plain(f.rate),
        "budget_minutes": plain(f.budget),
        "budget_gap_minutes": plain(f.gap),
        "roles": plain(f.roles),
        "role_interventions": plain(f.role_interventions),
        "role_classes": plain(f.role_classes),
        "by_kind": plain(f.by_kind),
        "by_mode": plain(f.by_mode),
        "interventions": {i: plain(q.total) for i, q in f.interventions.items()},
        "quantifications": plain(f.interventions),
        "virtual_classes": plain(f.classes),
        "sessions": plain(f.sessions),
        "cost": plain(e.total) if e.role_costs else None,
        "role_costs": plain(e.role_costs),
        "economics": plain(e),
        "scaling": plain(figures.scaling.get(scenario_id, ())),
        "weekly": plain(figures.weekly.get(scenario_id)),
        "audit": plain(figures.audit.get(scenario_id)),
        "traces": plain(figures.traces.get(scenario_id)),
    }


def as_json(project: Project, figures: Figures) -> str:
    return json.dumps(as_data(project, figures), ensure_ascii=False, indent=2, allow_nan=False)


def as_table(project: Project, figures: Figures) -> str:
    """One block per scenario: its headline figures, then the time of each role."""
    n, t = Numbers(project.language), labels(project.language)
    roles = {r.id: r.title for r in project.roles}
    blocks = []
    for s in project.scenarios:
        f = figures.scenarios[s.id]
        rows = [
            (t["course_minutes"], n.minutes(s.course_minutes)),
            (t["learners"], str(s.learners)),
            (t["tutoring_time"], f"{n.minutes(f.tutoring)} ({n.hours(f.tutoring)})"),
            (t["rate"], n.rate(f.rate)),
            (t["rate_counts"], t["basis_short"][f.rate_basis.value]),
            (t["virtual_class_time"], n.minutes(f.class_total)),
            (t["tutors_total"], f"{n.minutes(f.tutor_minutes)} ({n.hours(f.tutor_minutes)})"),
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
