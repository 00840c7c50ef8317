"""The whole project once validated: what ``content/`` holds, as one immutable object."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from .audit import Audit
from .diffusion import Diffusion
from .scenario import Norm, RateBasis, Role, Scenario
from .system import Matrix, System

DEFAULT_TIMEZONE = "Europe/Paris"
"""The time zone of a project that names none."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Band:
    """A named band of the rate scale: rates up to ``max`` (the last band may have none)."""

    label: str
    """Its name (*tutorat léger*...)."""
    max: float | None = None
    """The highest rate of the band; None: no upper bound."""


class Status(enum.Enum):
    """Where a deliverable (*livrable*) of tutoring engineering stands."""

    TODO = "todo"
    IN_PROGRESS = "in-progress"
    VALIDATED = "validated"
    PUBLISHED = "published"


@dataclass(frozen=True, slots=True, kw_only=True)
class Deliverable:
    """One deliverable's follow-up: status, owner, due date."""

    status: Status = Status.TODO
    """To do, in progress, validated or published."""
    owner: str | None = None
    """Who carries it."""
    due: datetime.date | None = None
    """When it is due."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """A hand-written file of ``content/pages/``, carried into the handbook as it is."""

    path: str
    """Its path inside the handbook (``introduction.md``, ``images/logo.png``)."""
    data: bytes
    """Its content."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Project:
    """A whole handbook project: what ``content/`` holds, validated."""

    title: str
    """The handbook's title."""
    description: str | None = None
    """A paragraph for the home page."""
    organisation: str | None = None
    """Who publishes the handbook (the institution): on the documents' covers."""
    licence: str | None = None
    """The SPDX id of the licence the handbook is published under (``CC-BY-SA-4.0``); None:
    nothing of it is offered for reuse."""
    authors: tuple[str, ...] = ()
    """Who wrote the handbook: named by the catalogue and by the attributions of reusers."""
    paper: str = "a4"
    """The documents' paper size: a4 (default) or letter."""
    language: str = "fr"
    """Language of the labels (fr or en)."""
    raw_html: bool = False
    """Trust raw HTML in Markdown bodies (off: bodies are sanitised)."""
    timezone: str = DEFAULT_TIMEZONE
    """IANA time zone of the dates and times, for the calendar."""
    currency: str = "€"
    """Currency of the costs."""
    rate_basis: RateBasis = RateBasis.INTERVENTIONS
    """What the rates and budgets count, unless a scenario says otherwise."""
    rate_scale: tuple[Band, ...] = ()
    """Named bands of the taux tutoral, lowest first (none by default: no source gives them)."""
    deliverables: Mapping[str, Deliverable] = field(default_factory=dict)
    """Per deliverable (``system``, ``scenario:<id>``, ``charter``, ``diffusion``, ``audit``)."""
    roles: tuple[Role, ...]
    """The tutor roles, in the order declared."""
    norms: tuple[Norm, ...]
    """The quantification norms: shipped ones, overridden or extended by the project."""
    scenarios: tuple[Scenario, ...]
    """The scenarios, ordered by group then file name."""
    pages: tuple[Page, ...] = ()
    """Hand-written pages and their files."""
    matrix: Matrix
    """The objectives matrix and the needs-analysis steps."""
    system: System | None = None
    """The tutoring system (``system.yaml``), when the project has one."""
    audit: Audit | None = None
    """The tutoring audit (``audit/``), when the project has one."""
    diffusion: Diffusion | None = None
    """The charter and the diffusion plan, when the project has them."""
