"""The *système tutoral* (tutoring system): objectives, needs, constraints. The model, no I/O.

- The matrix of 28 generic objectives crosses the 4 support plans (*plans de support*) with the 7
  functions of tutoring; the system gives each plan, or one objective, a priority.
- A need's criticality is gravity x occurrence (1-4 each) of the risk that it goes unmet, scored by
  the institution, the tutors and the learners (the three *représentations*).
- An intervention's constraint scores (1-4 per factor) draw a radar polygon: the smaller its area
  and the more regular its shape, the more realistic the intervention.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass


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
