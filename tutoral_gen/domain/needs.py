"""The criticality of each need: gravity x occurrence of the risk that it goes unmet.

The institution, the tutors and the learners each score a need (the three *représentations*):
typed in ``system.yaml``, or measured by the questions of a guide addressed to them (their
answers' median, :mod:`.surveyed`), which then replaces the typed score. The retained criticality
is the highest of their views, so that a need any party sees as critical is not dismissed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .survey import ScoreKind
from .survey_figures import Measured
from .system import Need, Priority, View

CRITICAL = 9
"""A need whose retained criticality reaches this is high priority and must be answered."""
MEDIUM = 4
"""From this criticality on, a need is of medium priority."""


@dataclass(frozen=True, slots=True)
class Score:
    """One score of one view: its value and where it comes from."""

    value: int
    """1 to 4."""
    source: str
    """``typed`` (in system.yaml) or ``measured`` (the answers to a guide)."""
    answers: int
    """The answers a measured score rests on (0 when typed)."""


@dataclass(frozen=True, slots=True)
class ViewScores:
    """A view's gravity and occurrence."""

    gravity: Score
    occurrence: Score


@dataclass(frozen=True, slots=True)
class NeedFigures:
    """A need's criticality as the three views see it, and what is retained."""

    scores: Mapping[View, ViewScores]
    """Per view that scored it: its gravity and occurrence, typed or measured."""
    by_view: Mapping[View, int]
    """Criticality (gravity x occurrence) per view that scored it."""
    retained: int
    """The highest of the views."""
    divergence: int
    """Highest minus lowest view: how far the representations disagree."""
    level: Priority
    """High from 9, medium from 4, low below."""


def need_figures(
    need: Need, measured: Mapping[str, Mapping[ScoreKind, Measured]] | None = None
) -> NeedFigures:
    """A need's figures; ``measured``: per view (its value), the scores its answers give."""
    scores = {}
    for view in View:
        got = (measured or {}).get(view.value, {})
        typed = need.scores.get(view)
        pair = []
        typed_values = (typed.gravity, typed.occurrence) if typed else (None, None)
        for kind, value in zip(
            (ScoreKind.GRAVITY, ScoreKind.OCCURRENCE), typed_values, strict=True
        ):
            if kind in got:
                pair.append(Score(got[kind].value, "measured", got[kind].answers))
            elif value is not None:
                pair.append(Score(value, "typed", 0))
        if len(pair) == 2:
            scores[view] = ViewScores(*pair)
    by_view = {view: s.gravity.value * s.occurrence.value for view, s in scores.items()}
    retained = max(by_view.values(), default=0)
    divergence = retained - min(by_view.values(), default=0)
    if retained >= CRITICAL:
        level = Priority.HIGH
    elif retained >= MEDIUM:
        level = Priority.MEDIUM
    else:
        level = Priority.LOW
    return NeedFigures(scores, by_view, retained, divergence, level)
