"""Geometry of the answer-delays chart of the traces page (``charts/delays.svg``): per
channel, the median delay as a bar, the 90th percentile as a lighter one, the charter's promise
as a labelled line across, on an axis of hours; the values stand in a column of their own, past
the axis' end, where they cannot be read as the promise line's label. Drawn like the other
charts (:mod:`.charts`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .charts import BAR_AREA, BAR_HEIGHT, LABEL_WIDTH, VALUE_WIDTH, round_step

ROW = BAR_HEIGHT + 30
"""A channel's row: its bars and, above them, room for the promise line's label."""
TOP = 22
"""Above the first row: its promise line's label."""
AXIS = 34
"""Below the rows: the axis and its graduations."""


@dataclass(frozen=True, slots=True)
class Delay:
    """One channel's answer delays: the median as a bar, the 90th percentile as a lighter one,
    the charter's promise as a line across."""

    y: float
    label: str
    median: float
    """Width up to the median delay."""
    p90: float
    """Width up to the 90th percentile."""
    promise: float | None
    """Where the promise's line is drawn (None: no promise)."""
    promised: str
    """The promise line's label (``Délai promis 48 h``), written above it."""
    value: str
    tooltip: str


@dataclass(frozen=True, slots=True)
class DelayChart:
    width: float
    height: float
    label_width: float
    rows: tuple[Delay, ...]
    title: str
    axis_y: float = 0.0
    """Where the axis of hours is drawn."""
    ticks: tuple[tuple[float, str], ...] = ()
    """(x, text) of the axis' graduations."""
    value_x: float = 0.0
    """Where the values' column starts, past the axis' end."""


def delays(
    rows: list[tuple[str, float, float, float | None, str, str]],
    title: str,
    promised: str = "",
    write: Callable[[float], str] = lambda hours: f"{hours:g}\u00a0h",
) -> DelayChart:
    """Rows are (label, median hours, p90 hours, promise hours or None, value text, tooltip);
    ``promised`` names the promise line (its hours follow, written by ``write``)."""
    top = max((max(m, p, promise or 0.0) for _, m, p, promise, _, _ in rows), default=0.0)
    top = (top or 1.0) * 1.1  # the longest mark ends short of the axis' end
    step = round_step(top)
    top = math.ceil(top / step - 1e-9) * step
    scale = BAR_AREA / top
    out = tuple(
        Delay(
            TOP + n * ROW,
            label,
            median * scale,
            p90 * scale,
            promise * scale if promise is not None else None,
            f"{promised} {write(promise)}".strip() if promise is not None else "",
            value,
            tooltip,
        )
        for n, (label, median, p90, promise, value, tooltip) in enumerate(rows)
    )
    axis_y = TOP + len(rows) * ROW - 16
    ticks = tuple(
        (LABEL_WIDTH + k * step * scale, write(k * step)) for k in range(round(top / step) + 1)
    )
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH * 2
    return DelayChart(
        width,
        axis_y + AXIS,
        LABEL_WIDTH,
        out,
        title,
        axis_y,
        ticks,
        LABEL_WIDTH + BAR_AREA + 24,
    )
