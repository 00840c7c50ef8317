"""Geometry of a scale question's answers as one stacked bar (``charts/stack.svg``): a segment
per level, first level left, as wide as its share of the answers, with a legend beneath."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 620
BAR = 30
LEGEND_ROW = 20
LEGEND_COLUMNS = 2


@dataclass(frozen=True, slots=True)
class Segment:
    x: float
    width: float
    shade: int
    """0 for the first level: the palette darkens level by level."""
    count: int
    label: str
    """The count written in the segment, or nothing when it is too narrow."""
    tooltip: str


@dataclass(frozen=True, slots=True)
class Key:
    """One entry of the legend."""

    x: float
    y: float
    shade: int
    text: str


@dataclass(frozen=True, slots=True)
class Stack:
    width: float
    height: float
    segments: tuple[Segment, ...]
    keys: tuple[Key, ...]
    title: str


def stack(levels: list[str], counts: list[int], tooltips: list[str], title: str) -> Stack:
    """The bar of a question's ``counts`` per level (``tooltips`` say each in words)."""
    total = sum(counts) or 1
    segments, x = [], 0.0
    for n, (count, tooltip) in enumerate(zip(counts, tooltips, strict=True)):
        width = WIDTH * count / total
        label = str(count) if count and width >= 18 else ""
        segments.append(Segment(round(x, 2), round(width, 2), min(n, 9), count, label, tooltip))
        x += width
    keys = tuple(
        Key(
            (n % LEGEND_COLUMNS) * WIDTH / LEGEND_COLUMNS,
            BAR + 12 + (n // LEGEND_COLUMNS) * LEGEND_ROW,
            min(n, 9),
            f"{n + 1}. {level} ({count})",
        )
        for n, (level, count) in enumerate(zip(levels, counts, strict=True))
    )
    rows = -(-len(levels) // LEGEND_COLUMNS)
    return Stack(WIDTH, BAR + 16 + rows * LEGEND_ROW, tuple(segments), keys, title)
