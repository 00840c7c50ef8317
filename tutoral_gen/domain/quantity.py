"""Quantities known between two bounds: every duration, rate and cost of the handbook."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)  # no slots: pickled by the 10,000 (see scenario.Intervention)
class Range:
    """A quantity known between two bounds (equal bounds: known exactly). Never negative here."""

    min: float
    """The lower bound."""
    max: float
    """The upper bound (>= min)."""

    @classmethod
    def of(cls, value: float) -> Range:
        return cls(value, value)

    @property
    def exact(self) -> bool:
        return self.min == self.max

    def __add__(self, other: Range) -> Range:
        return Range(self.min + other.min, self.max + other.max)

    def __sub__(self, other: Range) -> Range:
        """Interval difference: the widest gap the two ranges allow."""
        return Range(self.min - other.max, self.max - other.min)

    def __mul__(self, other: Range | float) -> Range:
        """Product of non-negative quantities."""
        if isinstance(other, Range):
            return Range(self.min * other.min, self.max * other.max)
        return Range(self.min * other, self.max * other)

    def __truediv__(self, divisor: float) -> Range:
        return Range(self.min / divisor, self.max / divisor)


ZERO = Range(0.0, 0.0)


def total(values: Iterable[Range]) -> Range:
    """The sum of ranges (ZERO for none)."""
    out = ZERO
    for value in values:
        out = out + value
    return out
