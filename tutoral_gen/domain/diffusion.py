"""The *charte tutorale* and the *plan de diffusion*: the model, no I/O (figures: economics.py).

- The charter states the tutoring service's commitments; it is rendered for tutors and learners.
- The diffusion plan trains tutors, runs communities of practice, gives follow-up tools, and
  prices the tutoring: its economic model, and how it scales with the number of learners.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .quantity import Range


@dataclass(frozen=True, slots=True, kw_only=True)
class Channel:
    """A communication channel the charter commits to (forum, mail, phone...)."""

    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """A kind of learner request, the channel it goes through and how fast it is answered."""

    kind: str
    channel: str
    response_hours: Range | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Charter:
    """``charter.yaml``: commitments shared by the tutors' and the learners' versions."""

    title: str
    values: tuple[str, ...] = ()
    """The tutoring strategy and its values."""
    response_hours: Range | None = None
    """Response time to a learner's message, in hours (Rodet: generally 24 to 72)."""
    availability: str | None = None
    """When tutors can be reached."""
    channels: tuple[Channel, ...] = ()
    requests: tuple[Request, ...] = ()
    tutors_do: tuple[str, ...] = ()
    tutors_do_not: tuple[str, ...] = ()
    learners_do: tuple[str, ...] = ()
    """What is expected of learners."""
    reporting: tuple[str, ...] = ()
    """The tutors' reporting duties."""
    institution: tuple[str, ...] = ()
    """The institution's commitments."""
    tutors_text: str | None = None
    """Free Markdown for the tutors' version (``charter/tutors.md``)."""
    learners_text: str | None = None
    """Free Markdown for the learners' version (``charter/learners.md``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingModule:
    """A module of the training programme for new tutors."""

    id: str
    title: str
    minutes: float
    objectives: tuple[str, ...] = ()
    """What the tutors will be able to do."""
    roles: tuple[str, ...] = ()
    """Role ids it prepares."""
    matrix: tuple[str, ...] = ()
    """Ids of the generic tutoring objectives it works on."""
    body: str | None = None
    """Its content, in Markdown (``training/<id>.md``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Meeting:
    """A meeting of a community of practice (``communities/<id>/<date>.md``)."""

    date: datetime.date
    title: str
    agenda: tuple[str, ...] = ()
    notes: str = ""
    """The notes, in Markdown."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Community:
    """A community of practice of the tutors."""

    id: str
    title: str
    members: tuple[str, ...] = ()
    """Role ids of its members."""
    rhythm: str | None = None
    """How often it meets."""
    resources: tuple[str, ...] = ()
    """Shared resources."""
    meetings: tuple[Meeting, ...] = ()
    """Its meetings, by date."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scaling:
    """For how many learners the economic model is worked out."""

    start: int
    stop: int
    step: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Diffusion:
    charter: Charter | None = None
    training: tuple[TrainingModule, ...] = ()
    communities: tuple[Community, ...] = ()
    scaling: Scaling | None = None
