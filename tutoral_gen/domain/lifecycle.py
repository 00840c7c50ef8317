"""The four deliverables (*livrables*) of tutoring engineering on the course project's phases,
with their follow-up and the completeness signals the content itself gives.

Système tutoral: Definition; scénarios and charte: Design; plan de diffusion: Production and
Diffusion; audit: Evaluation (Rodet, *L'ingénierie tutorale*).
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .coverage import Coverage
from .needs import CRITICAL, NeedFigures
from .project import Deliverable, Project, Status


class Stage(enum.Enum):
    """The course project's phases."""

    DEFINITION = "definition"
    DESIGN = "design"
    DIFFUSION = "diffusion"
    """Production and diffusion."""
    EVALUATION = "evaluation"


@dataclass(frozen=True, slots=True)
class Signal:
    """Something the content shows is not finished."""

    kind: str
    """``no-objective``, ``no-indicators``, ``critical-unanswered``, ``unserved``,
    ``unused-channels``, ``no-log`` (neither a log nor traces), ``untraced`` (traces configured
    but not measured yet), ``stale-traces`` (measured with settings that changed since),
    ``unscored`` (criteria of the grid with no level reached: no figure, or none measured) or
    ``missing`` (the deliverable has no content yet)."""
    ids: tuple[str, ...] = ()
    """What it concerns (interventions, needs, objectives, channels)."""


@dataclass(frozen=True, slots=True)
class DeliverableState:
    """Where one deliverable stands."""

    key: str
    """``system``, ``scenario:<id>``, ``charter``, ``diffusion`` or ``audit``."""
    stage: Stage
    """The phase of the course project it belongs to."""
    follow_up: Deliverable
    """Its status, owner and due date (to do, with neither, when the project says nothing)."""
    late: bool
    """Due before the build's date and not yet validated."""
    signals: tuple[Signal, ...]
    """What the content shows is missing."""


def _signal(kind: str, ids: list[str]) -> list[Signal]:
    return [Signal(kind, tuple(ids))] if ids else []


def lifecycle(
    project: Project,
    coverage: Mapping[str, Coverage],
    needs: Mapping[str, NeedFigures],
    today: datetime.date | None,
    stale: Sequence[str] = (),
    scored: Mapping[str, Mapping[str, object]] | None = None,
) -> tuple[DeliverableState, ...]:
    """Every deliverable in the course project's order, with its completeness signals;
    ``stale`` are the scenarios whose traces were measured with other settings."""
    found: list[tuple[str, Stage, list[Signal]]] = []
    system = project.system
    signals = [Signal("missing")] if system is None else []
    critical = [n for n, f in needs.items() if f.retained >= CRITICAL]
    answered = {n.id for n in system.needs if n.answered_by} if system else set()
    signals += _signal("critical-unanswered", [n for n in critical if n not in answered])
    signals += _signal("unserved", [o for o, c in coverage.items() if c.gap])
    found.append(("system", Stage.DEFINITION, signals))
    for s in project.scenarios:
        signals = _signal("no-objective", [i.id for i in s.interventions if not i.objective])
        signals += _signal("no-indicators", [i.id for i in s.interventions if not i.indicators])
        found.append((f"scenario:{s.id}", Stage.DESIGN, signals))
    diffusion = project.diffusion
    charter = diffusion.charter if diffusion else None
    used = {i.channel for s in project.scenarios for i in s.interventions}
    signals = [Signal("missing")] if charter is None else []
    if charter is not None:
        signals += _signal("unused-channels", [c.id for c in charter.channels if c.id not in used])
    found.append(("charter", Stage.DESIGN, signals))
    plan = diffusion is not None and (diffusion.training or diffusion.communities)
    found.append(("diffusion", Stage.DIFFUSION, [] if plan else [Signal("missing")]))
    audit = project.audit
    signals = [Signal("missing")] if audit is None else []
    if audit is not None:
        measured = {t.scenario for t in audit.traces}
        signals += [Signal("no-log")] if not audit.log and not measured else []
        configured = [s.scenario for s in audit.trace_settings]
        signals += _signal("untraced", [s for s in configured if s not in measured])
        signals += _signal("stale-traces", list(stale))
        graded = scored or {}
        signals += _signal("unscored", [c.id for c in audit.criteria if c.id not in graded])
    found.append(("audit", Stage.EVALUATION, signals))
    return tuple(_state(key, stage, signals, project, today) for key, stage, signals in found)


def _state(
    key: str, stage: Stage, signals: list[Signal], project: Project, today: datetime.date | None
) -> DeliverableState:
    follow = project.deliverables.get(key, Deliverable())
    done = follow.status in (Status.VALIDATED, Status.PUBLISHED)
    late = bool(today and follow.due and follow.due < today and not done)
    return DeliverableState(key, stage, follow, late, tuple(signals))
