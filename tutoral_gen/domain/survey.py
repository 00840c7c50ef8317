"""Provoked data (*données provoquées*): the questions of a questionnaire or an interview guide,
and the answers that came back, aggregated (figures: survey_figures.py).

A question has a type: a scale of labelled levels (1 for the first), a single or a multiple
choice, a number, or free text. It may say what it measures: a need's gravity or occurrence, as
the guide's audience sees it (the three views of the needs analysis), or a criterion of the
analysis grid. The answers themselves name respondents: they stay in ``private/``; what the
repository keeps (``content/audit/answers/<guide>.yaml``) is counts per level and choice, sorted
numbers, and free texts only when the guide publishes them, once reviewed.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass


class QuestionKind(enum.Enum):
    TEXT = "text"
    """Free text (a question written as plain text is one)."""
    SCALE = "scale"
    """One level of an ordered scale, lowest first."""
    CHOICE = "choice"
    """One of several options."""
    CHOICES = "choices"
    """Any number of several options."""
    NUMBER = "number"
    """A number."""


class ScoreKind(enum.Enum):
    """What of a need a question measures."""

    GRAVITY = "gravity"
    OCCURRENCE = "occurrence"


@dataclass(frozen=True, slots=True, kw_only=True)
class Measures:
    """What a question's answers measure: a need's score, or a criterion of the grid."""

    need: str | None = None
    """The need id whose ``score`` the answers give, for the guide's audience."""
    score: ScoreKind | None = None
    """Gravity or occurrence (with ``need``)."""
    criterion: str | None = None
    """The grid criterion the question informs (its mean can be the criterion's figure)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """One question of a guide."""

    id: str
    """Its id: the column of the answers, the label of the survey tool's item (``q3`` for a
    plain-text question, its place in the guide)."""
    text: str
    """What is asked."""
    kind: QuestionKind = QuestionKind.TEXT
    options: tuple[str, ...] = ()
    """The scale's levels (lowest first) or the choices."""
    minimum: float | None = None
    """For a number: the least answer allowed."""
    maximum: float | None = None
    """For a number: the most."""
    measures: Measures | None = None
    """What its answers measure, if anything."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Tallied:
    """The answers to one question, aggregated."""

    respondents: int
    """Respondents who answered it (a blank answer is no answer)."""
    counts: tuple[int, ...] = ()
    """Per level or choice, first first: how many chose it."""
    values: tuple[float, ...] = ()
    """For a number: the answers, sorted (no link to who gave them)."""
    texts: tuple[str, ...] = ()
    """For free text, when the guide publishes it: the answers the coordinator marked for
    publication (they name no one), sorted."""
    pending: int = 0
    """Free answers not (yet) marked for publication: they stay in ``private/``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Answers:
    """One guide's answers, aggregated: ``content/audit/answers/<guide>.yaml``."""

    guide: str
    """The guide id."""
    questions_digest: str
    """Digest of the guide's questions when the answers were read: they are stale if the
    questions changed since."""
    sources: Mapping[str, int]
    """Format -> rows read (``moodle-feedback``, ``csv``)."""
    responses: int
    """Responses read (a response may leave every question blank)."""
    questions: Mapping[str, Tallied]
    """Per question id, in the guide's order."""
