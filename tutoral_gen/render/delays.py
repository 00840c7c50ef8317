"""Geometry of the answer-delays chart of the traces page (``charts/delays.svg``): per
channel, the median delay as a bar, the 90th percentile as a lighter one, the charter's promise
as a line across. Drawn like the other charts (:mod:`.charts`)."""

from __future__ import annotations

from dataclasses import dataclass

from .charts import BAR_AREA, BAR_GAP, BAR_HEIGHT, LABEL_WIDTH, VALUE_WIDTH


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
    value: str
    tooltip: str


@dataclass(frozen=True, slots=True)
class DelayChart:
    width: float
    height: float
    label_width: float
    rows: tuple[Delay, ...]
    title: str


def delays(rows: list[tuple[str, float, float, float | None, str, str]], title: str) -> DelayChart:
    """Rows are (label, median hours, p90 hours, promise hours or None, value text, tooltip)."""
    top = max((max(m, p, promise or 0.0) for _, m, p, promise, _, _ in rows), default=0.0) or 1.0
    scale = BAR_AREA / top
    out = tuple(
        Delay(
            n * (BAR_HEIGHT + BAR_GAP) + 8,
            label,
            median * scale,
            p90 * scale,
            promise * scale if promise is not None else None,
            value,
            tooltip,
        )
        for n, (label, median, p90, promise, value, tooltip) in enumerate(rows)
    )
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + 12
    return DelayChart(LABEL_WIDTH + BAR_AREA + VALUE_WIDTH * 2, height, LABEL_WIDTH, out, title)
