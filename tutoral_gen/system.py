"""The *système tutoral* (tutoring system): objectives, needs, constraints. Model, figures, no I/O.

- The matrix of 28 generic objectives crosses the 4 support plans (*plans de support*) with the 7
  functions of tutoring; the system gives each plan, or one objective, a priority.
- A need's criticality is gravity x occurrence (1-4 each) of the risk that it goes unmet, scored by
  the institution, the tutors and the learners (the three *représentations*).
- An intervention's constraint scores (1-4 per factor) draw a radar polygon: the smaller its area
  and the more regular its shape, the more realistic the intervention.
"""

from __future__ import annotations

import enum
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import ZERO, Range, Scenario


class Priority(enum.Enum):
    """How much the system invests in a support plan or an objective."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"

    @property
    def weight(self) -> int:
        """3 for high down to 0 for none: the heat of a matrix cell."""
        return {"high": 3, "medium": 2, "low": 1, "none": 0}[self.value]


class View(enum.Enum):
    """Who scores a need: the three representations Rodet confronts."""

    INSTITUTION = "institution"
    TUTORS = "tutors"
    LEARNERS = "learners"


class StepStatus(enum.Enum):
    TODO = "todo"
    IN_PROGRESS = "in-progress"
    DONE = "done"


class SourceKind(enum.Enum):
    """Convoked data already exist; provoked data are made for the analysis."""

    CONVOKED = "convoked"
    PROVOKED = "provoked"


@dataclass(frozen=True, slots=True, kw_only=True)
class Function:
    """One of the seven functions of tutoring (accueil et orientation, organisation...)."""

    id: str
    """Identifier used by roles (``welcome``)."""
    title: str
    """Name shown in the handbook."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Objective:
    """A generic tutoring objective: one cell of the matrix."""

    id: str
    """``<plan>-<function>``, e.g. ``motivational-motivation``."""
    plan: str
    """The support plan (row)."""
    function: str
    """The function (column)."""
    title: str
    """Its wording (*Lutter contre l'abandon*)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Matrix:
    """The objectives matrix and the needs-analysis steps, shipped as data, overridable."""

    plans: tuple[tuple[str, str], ...]
    """(id, title) of the support plans, in row order."""
    functions: tuple[Function, ...]
    """The functions, in column order."""
    objectives: tuple[Objective, ...]
    """The 28 objectives (or a project's variant)."""
    steps: tuple[tuple[str, str], ...]
    """(id, title) of the 8 steps of a needs analysis, in order."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Score:
    """One view of a need: gravity and occurrence of the risk that it goes unmet."""

    gravity: int
    """1 slight or none, 2 serious, 3 very serious, 4 fatal."""
    occurrence: int
    """1 improbable, 2 probable, 3 highly probable, 4 certain."""

    @property
    def criticality(self) -> int:
        return self.gravity * self.occurrence


@dataclass(frozen=True, slots=True, kw_only=True)
class Need:
    """A support need of the learners, scored by the three views."""

    id: str
    """Identifier (``B1``)."""
    title: str
    """What the learners need."""
    plan: str | None = None
    """The support plan it belongs to."""
    description: str | None = None
    """Where it comes from, what it covers."""
    scores: Mapping[View, Score]
    """The score given by each view that scored it."""
    answered_by: tuple[str, ...] = ()
    """Ids of the interventions or objectives that answer it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """Where one step of the needs analysis stands."""

    id: str
    """One of the matrix's analysis steps."""
    status: StepStatus = StepStatus.TODO
    """To do, in progress or done."""
    owner: str | None = None
    """Who carries it."""
    note: str | None = None
    """A remark (date, deliverable)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A data source of the needs analysis."""

    title: str
    """What it is (literature, earlier course reviews, questionnaire...)."""
    kind: SourceKind
    """Convoked or provoked."""
    description: str | None = None
    """What it brings."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Factor:
    """A constraint factor, named by the project (time of tutors, tools, skills, cost...)."""

    id: str
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class System:
    """What ``content/system.yaml`` declares."""

    plan_priorities: Mapping[str, Priority]
    """Priority of each invested support plan."""
    objective_priorities: Mapping[str, Priority]
    """Priorities set on single objectives, over their plan's."""
    steps: tuple[Step, ...] = ()
    """The needs analysis, step by step."""
    sources: tuple[Source, ...] = ()
    """The data sources of the analysis."""
    needs: tuple[Need, ...] = ()
    """The learners' support needs."""
    factors: tuple[Factor, ...] = ()
    """The constraint factors."""
    constraints: Mapping[str, tuple[int, ...]]
    """Intervention id -> its score on each factor, in factor order."""
    max_area: float | None = None
    """Largest area of a realistic intervention; None: the area of all factors at 2."""
    max_deformation: float = 0.5
    """Largest deformation of a realistic intervention."""


# --- figures ---------------------------------------------------------------------------------


def area(scores: Sequence[float]) -> float:
    """Area of the radar polygon: 1/2 x sin(2 pi / n) x sum of s_i x s_(i+1), cyclic."""
    n = len(scores)
    pairs = sum(scores[i] * scores[(i + 1) % n] for i in range(n))
    return 0.5 * math.sin(2 * math.pi / n) * pairs


def deformation(scores: Sequence[float]) -> float:
    """Population standard deviation of the scores: 0 for a perfect rhombus (regular polygon)."""
    return statistics.pstdev(scores)


def realistic(scores: Sequence[float], system: System) -> bool:
    """Small area (at most that of every factor at 2) and a regular enough shape."""
    limit = system.max_area if system.max_area is not None else area([2] * len(scores))
    return area(scores) <= limit + 1e-9 and deformation(scores) <= system.max_deformation + 1e-9


def priority(objective: Objective, system: System) -> Priority:
    """An objective's own priority, else its plan's, else none."""
    if objective.id in system.objective_priorities:
        return system.objective_priorities[objective.id]
    return system.plan_priorities.get(objective.plan, Priority.NONE)


@dataclass(frozen=True, slots=True)
class Coverage:
    """What serves one objective across the scenarios."""

    priority: Priority
    interventions: tuple[str, ...]
    """Ids of the interventions that name it."""
    minutes: Range
    """Their total duration (an intervention serving two objectives counts fully in each)."""


def coverage(
    matrix: Matrix, system: System | None, served: Mapping[str, list[tuple[str, Range]]]
) -> dict[str, Coverage]:
    """Per objective: priority, the interventions serving it and their minutes.

    ``served`` maps an objective id to (intervention id, duration) pairs.
    """
    out = {}
    for objective in matrix.objectives:
        pairs = served.get(objective.id, [])
        total = ZERO
        for _, minutes in pairs:
            total = total + minutes
        level = priority(objective, system) if system is not None else Priority.NONE
        out[objective.id] = Coverage(level, tuple(i for i, _ in pairs), total)
    return out


CRITICAL = 9
"""A need whose retained criticality reaches this is high priority and must be answered."""


@dataclass(frozen=True, slots=True)
class NeedFigures:
    """A need's criticality as the three views see it, and what is retained."""

    by_view: Mapping[View, int]
    """Criticality (gravity x occurrence) per view that scored it."""
    retained: int
    """The highest of the views: a need any party sees as critical is not dismissed."""
    divergence: int
    """Highest minus lowest view: how far the representations disagree."""
    level: Priority
    """High from 9, medium from 4, low below."""


def need_figures(need: Need) -> NeedFigures:
    by_view = {view: score.criticality for view, score in need.scores.items()}
    retained = max(by_view.values(), default=0)
    divergence = retained - min(by_view.values(), default=0)
    if retained >= CRITICAL:
        level = Priority.HIGH
    elif retained >= 4:
        level = Priority.MEDIUM
    else:
        level = Priority.LOW
    return NeedFigures(by_view, retained, divergence, level)


def served(
    scenarios: Sequence[Scenario], durations: Mapping[str, Range]
) -> dict[str, list[tuple[str, Range]]]:
    """Objective id -> (intervention id, duration) of every intervention naming it."""
    out: dict[str, list[tuple[str, Range]]] = {}
    for scenario in scenarios:
        for item in scenario.interventions:
            for objective in item.objectives:
                out.setdefault(objective, []).append((item.id, durations[item.id]))
    return out
