"""The criticality of each need: gravity x occurrence of the risk that it goes unmet.

The institution, the tutors and the learners each score a need (the three *représentations*);
the retained criticality is the highest of their views, so that a need any party sees as critical
is not dismissed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .system import Need, Priority, View

CRITICAL = 9
"""A need whose retained criticality reaches this is high priority and must be answered."""
MEDIUM = 4
"""From this criticality on, a need is of medium priority."""


@dataclass(frozen=True, slots=True)
class NeedFigures:
    """A need's criticality as the three views see it, and what is retained."""

    by_view: Mapping[View, int]
    """Criticality (gravity x occurrence) per view that scored it."""
    retained: int
    """The highest of the views."""
    divergence: int
    """Highest minus lowest view: how far the representations disagree."""
    level: Priority
    """High from 9, medium from 4, low below."""


def need_figures(need: Need) -> NeedFigures:
    by_view = {view: score.gravity * score.occurrence for view, score in need.scores.items()}
    retained = max(by_view.values(), default=0)
    divergence = retained - min(by_view.values(), default=0)
    if retained >= CRITICAL:
        level = Priority.HIGH
    elif retained >= MEDIUM:
        level = Priority.MEDIUM
    else:
        level = Priority.LOW
    return NeedFigures(by_view, retained, divergence, level)
