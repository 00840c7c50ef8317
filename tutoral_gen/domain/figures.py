"""The compute stage: every figure of a project, computed once into one immutable object.

Pages, ``report --json``, the CSV and iCalendar exports and ``diff`` only format this object; none
of them computes. Each part says what it counts in its own module:

- :mod:`.workload`: durations, tutoring time, taux tutoral, budget, time per role (per scenario);
- :mod:`.economics`: cost, weekly load per role, scaling with the number of learners;
- :mod:`.coverage`, :mod:`.needs`, :mod:`.constraints`: the tutoring system;
- :mod:`.plan_actual`: the audit's plan versus actual;
- :mod:`.traced`: what the platform's traces measured (aggregated by :mod:`.measure`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from .audit import Guide
from .calendar import Slot, schedule
from .constraints import Radar, max_area, ranking
from .coverage import Coverage, coverage
from .economics import Economics, RoleWeek, ScaleRow, Weekly, economics, role_weeks, scale, weekly
from .grid import Scored, Sources, grid
from .lifecycle import DeliverableState, lifecycle
from .needs import NeedFigures, need_figures
from .plan_actual import ScenarioAudit, audited
from .project import Project
from .quantity import ZERO, Range, total
from .ratescale import bands_of
from .survey_figures import GuideFigures, measured_scores, surveyed
from .trace_figures import TracedFigures, settings_of, traced
from .traces import digest
from .workload import ScenarioFigures, scenario_figures


@dataclass(frozen=True, slots=True)
class RoleFigures:
    """One role's time over every scenario of the project."""

    interventions: Range
    """Minutes of its interventions."""
    classes: Range
    """Minutes of its virtual classes (length x factor)."""
    minutes: Range
    """Interventions + classes."""
    weekly: Mapping[str, RoleWeek]
    """Its weeks, in time order: calendar weeks keyed by their Monday (``2026-03-09``), summed
    over the dated scenarios; an undated scenario's course weeks keyed ``<scenario>:<n>``
    (scenarios without days or weeks left out)."""


@dataclass(frozen=True, slots=True)
class Figures:
    """Every figure of a project."""

    scenarios: Mapping[str, ScenarioFigures]
    """Per scenario id: durations, tutoring time, rate, budget, time per role."""
    durations: Mapping[str, Range]
    """Every intervention's duration, by id, across the scenarios."""
    roles: Mapping[str, RoleFigures]
    """Per role id, in the order declared: its time over the whole project."""
    schedule: Mapping[str, Mapping[str, Slot]]
    """Per scenario id, per intervention or class id: its day, week and start."""
    rate_bands: Mapping[str, tuple[str, ...]]
    """Per scenario id: the bands of the rate scale its rate spans (none without bands)."""
    weekly: Mapping[str, Weekly]
    """Per scenario id: each role's minutes per week, by Monday once the scenario has a start,
    else by course week (scenarios without days or weeks left out)."""
    economics: Mapping[str, Economics]
    """Per scenario id: what its tutoring costs."""
    scaling: Mapping[str, tuple[ScaleRow, ...]]
    """Per scenario id: the scenario for each number of learners of ``economics.yaml``."""
    coverage: Mapping[str, Coverage]
    """Per objective id, in matrix order (all at priority none without a system)."""
    needs: Mapping[str, NeedFigures]
    """Per need id: its criticality by view and retained."""
    constraints: tuple[Radar, ...]
    """Scored interventions, most realistic first."""
    max_area: float | None
    """The area limit of a realistic intervention (None without a system)."""
    audit: Mapping[str, ScenarioAudit]
    """Per scenario id the log speaks of: plan versus actual."""
    traces: Mapping[str, TracedFigures]
    """Per scenario id measured from the platform's traces: time, rate, delays, inactivity."""
    guides: Mapping[str, GuideFigures]
    """Per guide id with answers: each question's figures."""
    grid: Mapping[str, Mapping[str, Scored]]
    """Per criterion id, per scenario id: the level reached and its figure."""
    training_minutes: float
    """Length of the tutors' training programme."""
    deliverables: tuple[DeliverableState, ...]
    """The deliverables in the course project's order: follow-up, lateness, completeness."""


def compute(project: Project, today: datetime.date | None = None) -> Figures:
    """Every figure of a validated project; ``today`` dates the deliverables (None: none late)."""
    norms = {n.id: n for n in project.norms}
    roles = {r.id: r for r in project.roles}
    basis = project.rate_basis
    per_scenario = {s.id: scenario_figures(s, norms, basis) for s in project.scenarios}
    durations = {i: q.total for f in per_scenario.values() for i, q in f.interventions.items()}
    weeks = {s.id: weekly(s, per_scenario[s.id]) for s in project.scenarios}
    dated = {sid: w for sid, w in weeks.items() if w is not None}
    cover = coverage(project.matrix, project.system, project.scenarios, durations)
    diffusion, system = project.diffusion, project.system
    scaling = diffusion.scaling if diffusion is not None else None
    measured = _traced(project, per_scenario)
    plan_actual = (
        audited(project.scenarios, per_scenario, project.audit.log) if project.audit else {}
    )
    asked = _asked(project)
    answers = {a.guide: a for a in project.audit.answers} if project.audit else {}
    scores = measured_scores(project.audit.guides if project.audit else (), answers)
    needs = {n.id: need_figures(n, scores.get(n.id)) for n in system.needs} if system else {}
    sources = Sources(
        project.scenarios, per_scenario, plan_actual, measured, _guides(project), asked
    )
    scored = grid(project.audit.criteria, sources) if project.audit else {}
    counts = range(scaling.start, scaling.stop + 1, scaling.step) if scaling else range(0)
    return Figures(
        scenarios=per_scenario,
        durations=durations,
        roles={r: _role(r, per_scenario, dated) for r in roles},
        schedule={s.id: schedule(s, project.timezone) for s in project.scenarios},
        rate_bands={sid: bands_of(f.rate, project.rate_scale) for sid, f in per_scenario.items()},
        weekly=dated,
        economics={s.id: economics(s, per_scenario[s.id], roles) for s in project.scenarios},
        scaling={s.id: scale(s, counts, norms, roles, basis) for s in project.scenarios}
        if scaling
        else {},
        coverage=cover,
        needs=needs,
        constraints=ranking(system) if system else (),
        max_area=max_area(system) if system else None,
        audit=plan_actual,
        traces=measured,
        guides=asked,
        grid=scored,
        training_minutes=sum(m.minutes for m in diffusion.training) if diffusion else 0.0,
        deliverables=lifecycle(
            project, cover, needs, today, [s for s, t in measured.items() if t.stale], scored
        ),
    )


def _role(
    role: str, scenarios: Mapping[str, ScenarioFigures], weekly: Mapping[str, Weekly]
) -> RoleFigures:
    interventions = total(f.role_interventions.get(role, ZERO) for f in scenarios.values())
    classes = total(f.role_classes.get(role, ZERO) for f in scenarios.values())
    weeks = role_weeks(role, weekly.items())
    return RoleFigures(interventions, classes, interventions + classes, weeks)


def _traced(project: Project, figures: Mapping[str, ScenarioFigures]) -> dict[str, TracedFigures]:
    audit = project.audit
    if audit is None:
        return {}
    charter = project.diffusion.charter if project.diffusion else None
    out = {}
    for traces in audit.traces:
        settings = settings_of(audit.trace_settings, traces.scenario)
        current = digest(settings, project.timezone) if settings else None
        out[traces.scenario] = traced(traces, figures[traces.scenario], charter, current)
    return out


def _guides(project: Project) -> tuple[Guide, ...]:
    return project.audit.guides if project.audit else ()


def _asked(project: Project) -> dict[str, GuideFigures]:
    """Per guide with answers: their figures; the audience is the guide's scenario's learners,
    else its ``audience_size``."""
    learners = {s.id: s.learners for s in project.scenarios}
    answers = {a.guide: a for a in project.audit.answers} if project.audit else {}
    out = {}
    for guide in _guides(project):
        if guide.id in answers:
            audience = learners.get(guide.scenario or "", guide.audience_size)
            out[guide.id] = surveyed(guide, answers[guide.id], audience)
    return out
