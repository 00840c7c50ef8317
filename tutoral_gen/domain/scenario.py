"""The typed, immutable domain of tutoring engineering (ingénierie tutorale). No I/O here.

Vocabulary kept in French where the users use it:
- *scénario tutoral*: the tutoring scenario of one course module: its interventions and classes.
- *intervention tutorale structurelle* (ITS): plannable, easily quantified, proactive.
- *intervention tutorale conjoncturelle* (ITC): proactive or reactive, quantified as a flat rate.
- *fiche d'intervention*: the sheet that describes one intervention.
- *taux tutoral*: tutoring time / (course time x learners).
- *classe virtuelle* (CV): a synchronous class; its tutor time is its length x a factor.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from .quantity import Range
from .reuse import Provenance


class Kind(enum.Enum):
    """Structural (planned) or conjunctural (flat-rate, on occasion) intervention."""

    STRUCTURAL = "structural"
    CONJUNCTURAL = "conjunctural"


class Mode(enum.Enum):
    """Who takes the initiative: the tutor (proactive), the learner (reactive), or either."""

    PROACTIVE = "proactive"
    REACTIVE = "reactive"
    BOTH = "both"


class Per(enum.Enum):
    """What an intervention's duration is counted for."""

    SESSION = "session"
    """Once for the course session (the whole class)."""
    LEARNER = "learner"
    """For each learner concerned (learners x share)."""
    GROUP = "group"
    """For each sub-group of the scenario."""


class RateBasis(enum.Enum):
    """What the tutoring time behind the taux tutoral and the budget counts."""

    INTERVENTIONS = "interventions"
    """The interventions only, as Rodet's worked example does (the default)."""
    ALL = "all"
    """The interventions and the virtual classes: the tutors' whole time."""


class SupportPlan(enum.Enum):
    """The four support plans (*plans de support*) of Rodet's matrix."""

    COGNITIVE = "cognitive"
    SOCIO_AFFECTIVE = "socio-affective"
    MOTIVATIONAL = "motivational"
    METACOGNITIVE = "metacognitive"


class Synchrony(enum.Enum):
    """Whether the tutor and the learner meet at the same time."""

    SYNCHRONOUS = "synchronous"
    ASYNCHRONOUS = "asynchronous"


@dataclass(frozen=True, slots=True, kw_only=True)
class Role:
    """A tutor role (formateur-tuteur, tuteur administratif...). Time is counted per role."""

    id: str
    """Identifier used by interventions and classes (``formateur-tuteur``)."""
    title: str
    """Name shown in the handbook."""
    description: str | None = None
    """What this role is for, in a sentence or two."""
    functions: tuple[str, ...] = ()
    """The functions of tutoring it carries (``welcome``, ``pedagogy``...)."""
    hourly_cost: float | None = None
    """What an hour of this role costs, in the project's currency."""
    max_hours_per_week: float | None = None
    """The most hours a tutor of this role gives in a week: sizes the team."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Norm:
    """A quantification norm: the minutes one unit of some tutoring work takes."""

    id: str
    """Identifier used by ``norm:`` in an intervention (``proactive-message``)."""
    title: str
    """What the unit of work is (*Message proactif à partir d'un modèle de message*)."""
    minutes: Range
    """Minutes per unit (for a class: a factor per class minute)."""
    unit: str
    """The unit counted by ``count:`` (message, page, entretien, minute de classe)."""
    source: str | None = None
    """Where the figure comes from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase:
    """A step of the course timeline; phases are listed in course order."""

    id: str
    """Identifier used by ``phase:``."""
    title: str
    """Name shown on the timeline."""
    start_day: int | None = None
    """First day of the phase, counted from 1 = the scenario's start."""
    end_day: int | None = None
    """Last day of the phase (>= start_day)."""


# No slots: build/.cache/ keeps 10,000 of these, and an instance dict unpickles in C (a slotted
# frozen dataclass runs Python code per object).
@dataclass(frozen=True, kw_only=True)
class Intervention:
    """One tutoring intervention, described on its *fiche d'intervention*."""

    id: str
    """Unique in the project (``ITS01``); names the sheet's page."""
    title: str
    """What the tutor does, as a verb phrase (*Relancer les inactifs*)."""
    kind: Kind
    """Structural or conjunctural."""
    mode: Mode
    """Proactive, reactive or both."""
    role: str
    """The id of the role that carries it."""
    minutes: Range | None = None
    """Minutes per unit, when no norm is used."""
    norm: str | None = None
    """The id of the norm giving the minutes per unit, instead of ``minutes``."""
    per: Per = Per.SESSION
    """Session, learner or group: what multiplies the duration."""
    share: float = 1.0
    """With ``per: learner``, the fraction of the learners concerned."""
    count: float = 1.0
    """How many times, or how many of the norm's units."""
    phase: str | None = None
    """The id of the phase where it sits on the timeline."""
    objective: str | None = None
    """What it aims at, with its success criteria."""
    indicators: tuple[str, ...] = ()
    """How one sees that the objective is reached."""
    actors: tuple[str, ...] = ()
    """Who gives and who receives the support (tutors, learner, group, resources)."""
    support_plans: tuple[SupportPlan, ...] = ()
    """The support plans it invests."""
    synchrony: Synchrony | None = None
    """Synchronous or asynchronous."""
    tool: str | None = None
    """The communication tool used (forum, mail, visio...)."""
    rhythm: str | None = None
    """Frequency if it repeats, moment in the scenario."""
    advice: str | None = None
    """Comments and advice to the tutor."""
    objectives: tuple[str, ...] = ()
    """Ids of the generic objectives it serves (``motivational-motivation``)."""
    channel: str | None = None
    """The id of the charter's communication channel it uses."""
    day: int | None = None
    """Day of the course it takes place (1 = the start); else its phase's first day."""
    time: str | None = None
    """Time of day it starts (``09:30``), for the calendar."""
    body: str | None = None
    """The sheet's Markdown body (``scenarios/<scenario>/<id>.md``) as written, or None."""
    provenance: Provenance | None = None
    """Where it comes from when it is reused from another handbook's catalogue (``from:``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VirtualClass:
    """A virtual class (*classe virtuelle*): its tutor time is its length x a factor, for each
    session (``count``, times the sub-groups when it is held ``per: group``)."""

    id: str
    """Identifier within the scenario (``CV1``)."""
    title: str | None = None
    """What the class is about."""
    minutes: float
    """Length of the class itself."""
    factor: Range
    """Preparation + facilitation + publishing the recording, as a multiple of the length."""
    count: int = 1
    """How many sessions (for each sub-group when ``per`` is group)."""
    per: Per = Per.SESSION
    """Session (held for the whole class) or group (held for each sub-group)."""
    interval_days: int | None = None
    """Days between two sessions, the first on ``day``; None: every session on that day."""
    role: str
    """The id of the role that runs it."""
    phase: str | None = None
    """The id of the phase where it sits on the timeline."""
    day: int | None = None
    """Day of the course it takes place (1 = the start); else its phase's first day."""
    time: str | None = None
    """Time of day it starts (``14:00``), for the calendar."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A *scénario tutoral*: the planned tutoring of one course module."""

    id: str
    """From the file name (``module-1`` for ``scenarios/module-1.yaml``)."""
    source: str
    """The YAML file, relative to the project root."""
    group: str | None = None
    """The sub-folder of ``scenarios/`` it sits in, used to group the navigation."""
    title: str
    """Name of the module."""
    description: str | None = None
    """A short presentation of the module."""
    course_minutes: float
    """Course time of one learner (*temps du parcours*)."""
    learners: int
    """Number of learners in the session."""
    target_rate: float | None = None
    """The chosen tutoring rate, which sets a tutoring-time budget."""
    groups: int | None = None
    """Number of sub-groups, for interventions counted per group."""
    phases: tuple[Phase, ...] = ()
    """The course timeline, in order."""
    interventions: tuple[Intervention, ...] = ()
    """The tutoring interventions, in the order written."""
    virtual_classes: tuple[VirtualClass, ...] = ()
    """The virtual classes."""
    start: datetime.date | None = None
    """The date of day 1, which dates the interventions for the calendar."""
    weeks: int | None = None
    """Length of the course in weeks, when its interventions have no days."""
    rate_basis: RateBasis | None = None
    """What its rate and budget count; None: the project's ``rate_basis``."""

    @property
    def activities(self) -> tuple[Intervention | VirtualClass, ...]:
        """Its interventions, then its virtual classes: every piece of the tutors' work."""
        return (*self.interventions, *self.virtual_classes)
