"""The constraint radar of each intervention: its area, its deformation, and the ranking.

Each intervention scores every constraint factor from 1 (not constraining) to 4 (very
constraining). The scores draw a radar polygon: the smaller its area and the more regular its shape
(a perfect or slightly deformed rhombus), the more realistic the intervention.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from .system import System


def area(scores: Sequence[float]) -> float:
    """Area of the radar polygon: 1/2 x sin(2 pi / n) x sum of s_i x s_(i+1), cyclic (0: none)."""
    n = len(scores)
    if n == 0:
        return 0.0
    pairs = sum(scores[i] * scores[(i + 1) % n] for i in range(n))
    return 0.5 * math.sin(2 * math.pi / n) * pairs


def deformation(scores: Sequence[float]) -> float:
    """Population standard deviation of the scores: 0 for a perfect rhombus (regular polygon)."""
    return statistics.pstdev(scores) if scores else 0.0


def max_area(system: System) -> float:
    """The largest area of a realistic intervention: the project's, else every factor at 2."""
    return system.max_area if system.max_area is not None else area([2] * len(system.factors))


@dataclass(frozen=True, slots=True)
class Radar:
    """One intervention's constraint figures."""

    id: str
    """The intervention's id."""
    scores: tuple[int, ...]
    """Its score on each factor, in the factors' order."""
    area: float
    """Area of its radar polygon."""
    deformation: float
    """How far its polygon is from regular (0: regular)."""
    realistic: bool
    """Area at most ``max_area`` and deformation at most ``max_deformation``."""


def radar(item_id: str, scores: tuple[int, ...], system: System) -> Radar:
    size, shape = area(scores), deformation(scores)
    fits = size <= max_area(system) + 1e-9 and shape <= system.max_deformation + 1e-9
    return Radar(item_id, scores, size, shape, fits)


def ranking(system: System) -> tuple[Radar, ...]:
    """Every scored intervention, most realistic first: by area, then deformation, then id."""
    radars = [radar(item, scores, system) for item, scores in system.constraints.items()]
    return tuple(sorted(radars, key=lambda r: (r.area, r.deformation, r.id)))
