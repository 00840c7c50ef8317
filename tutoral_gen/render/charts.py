"""Geometry of the charts drawn at build time as SVG (no JavaScript, no network, prints too).

This module only places boxes and bars; ``templates/charts/*.svg`` draw them, so a project can
restyle a chart without touching Python. Colours come from CSS classes (``assets/tutoral.css``)
that follow Material's light and dark palettes.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from ..domain.quantity import Range

LINE_HEIGHT = 14
"""Between two lines of a wrapped label."""
PHASE_TITLE_CHARS = 24
"""A phase title's line in a timeline column."""
RADAR_LABEL_CHARS = 18
"""A factor's name beside the radar."""


def wrap(text: str, width: int) -> tuple[str, ...]:
    """A label on as many lines as it needs, never cut: words wrap, and only a word longer
    than a line is split."""
    words = " ".join(text.split())
    return tuple(textwrap.wrap(words, width, break_on_hyphens=False)) or ("",)


COLUMN_WIDTH = 190
BOX_HEIGHT = 30
BOX_GAP = 8
HEADER_HEIGHT = 44


@dataclass(frozen=True, slots=True)
class Box:
    """One intervention or class on the timeline."""

    x: float
    y: float
    width: float
    label: str
    """Short text drawn in the box (id and duration)."""
    tooltip: str
    """Full text shown on hover and read by screen readers."""
    css: str
    """CSS classes: structural, conjunctural or class; proactive, reactive or both."""


@dataclass(frozen=True, slots=True)
class Column:
    """A phase of the timeline."""

    x: float
    title: str
    """The phase's whole title (read by screen readers)."""
    lines: tuple[str, ...]
    """The title wrapped to the column's width."""


@dataclass(frozen=True, slots=True)
class Timeline:
    width: float
    height: float
    columns: tuple[Column, ...]
    boxes: tuple[Box, ...]
    title: str
    """Accessible name of the chart."""


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """What the renderer gives the timeline: an item, its phase and how to show it."""

    phase: str | None
    label: str
    tooltip: str
    css: str


def timeline(
    phases: list[tuple[str | None, str]], items: list[TimelineItem], title: str
) -> Timeline:
    """Columns for the phases (in order), each holding its items top to bottom."""
    index = {phase_id: i for i, (phase_id, _) in enumerate(phases)}
    rows = [0] * len(phases)
    boxes = []
    for item in items:
        column = index[item.phase]
        y = HEADER_HEIGHT + rows[column] * (BOX_HEIGHT + BOX_GAP)
        rows[column] += 1
        x = column * COLUMN_WIDTH + 6
        boxes.append(Box(x, y, COLUMN_WIDTH - 12, item.label, item.tooltip, item.css))
    columns = tuple(
        Column(i * COLUMN_WIDTH, t, wrap(t, PHASE_TITLE_CHARS)) for i, (_, t) in enumerate(phases)
    )
    extra = (max((len(c.lines) for c in columns), default=1) - 1) * LINE_HEIGHT
    boxes = [Box(b.x, b.y + extra, b.width, b.label, b.tooltip, b.css) for b in boxes]
    height = HEADER_HEIGHT + extra + max(rows, default=0) * (BOX_HEIGHT + BOX_GAP) + 4
    return Timeline(len(phases) * COLUMN_WIDTH, height, columns, tuple(boxes), title)


LABEL_WIDTH = 200
BAR_AREA = 420
VALUE_WIDTH = 150
BAR_HEIGHT = 26
BAR_GAP = 14


@dataclass(frozen=True, slots=True)
class Bar:
    """One role's time: a solid part (interventions), a second part (classes), a range tail."""

    y: float
    label: str
    value: str
    """The time written at the end of the bar."""
    first: float
    """Width of the interventions part (at their minimum)."""
    second: float
    """Width of the virtual classes part (at their minimum)."""
    tail: float
    """Width from the minimum to the maximum, drawn lighter."""
    tooltip: str


@dataclass(frozen=True, slots=True)
class BarChart:
    width: float
    height: float
    label_width: float
    bars: tuple[Bar, ...]
    title: str


def bars(rows: list[tuple[str, Range, Range, str, str]], title: str) -> BarChart:
    """Horizontal bars; rows are (label, interventions, classes, value text, tooltip)."""
    top = max((a.max + b.max for _, a, b, _, _ in rows), default=0.0) or 1.0
    scale = BAR_AREA / top
    out = []
    for n, (label, first, second, value, tooltip) in enumerate(rows):
        low = (first.min + second.min) * scale
        high = (first.max + second.max) * scale
        out.append(
            Bar(
                y=n * (BAR_HEIGHT + BAR_GAP) + 8,
                label=label,
                value=value,
                first=first.min * scale,
                second=second.min * scale,
                tail=high - low,
                tooltip=tooltip,
            )
        )
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + 12
    return BarChart(LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, height, LABEL_WIDTH, tuple(out), title)


RADAR_RADIUS = 70
RADAR_WIDTH = 440
"""Wide enough for the factors' names left and right of the radar."""
RADAR_HEIGHT = 230


@dataclass(frozen=True, slots=True)
class Radar:
    """A radar of constraint scores (1-4 per factor), with its four rings."""

    width: float
    height: float
    cx: float
    cy: float
    rings: tuple[str, ...]
    """SVG points of the rings at scores 1 to 4."""
    axes: tuple[tuple[float, float, float, float, tuple[str, ...], str], ...]
    """Per factor: the axis' end (x, y), its label's place (x, y), the label wrapped, anchor."""
    """(x, y) of the axis end, (x, y) of its label, the label, text-anchor."""
    polygon: str
    """SVG points of the scores' polygon."""
    title: str
    scale: tuple[tuple[float, float, str], ...] = ()
    """(x, y, text) of the rings' scores, 1 to 4, along the first axis: the radar's scale."""
    desc: str = ""
    """Each factor with its score (``Temps 3/4``), for a reader who cannot see the shape."""


def radar(labels: list[str], scores: tuple[int, ...], title: str) -> Radar:
    n = len(scores)
    wrapped = [wrap(label, RADAR_LABEL_CHARS) for label in labels]
    pad = (max((len(w) for w in wrapped), default=1) - 1) * LINE_HEIGHT
    height = RADAR_HEIGHT + 2 * pad  # room above and below for wrapped labels
    cx, cy = RADAR_WIDTH / 2, height / 2

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        radius = RADAR_RADIUS * value / 4
        return (round(cx + radius * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1))

    def points(values: list[float]) -> str:
        return " ".join(f"{x},{y}" for x, y in (point(i, v) for i, v in enumerate(values)))

    axes = []
    for i, lines in enumerate(wrapped):
        x, y = point(i, 4)
        lx, ly = point(i, 5.1)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        extra = (len(lines) - 1) * LINE_HEIGHT
        if ly < cy - 5:  # above the radar: the label grows upwards
            top = ly + 4 - extra
        elif ly > cy + 5:  # below: downwards
            top = ly + 4
        else:  # beside: centred on its axis
            top = ly + 4 - extra / 2
        axes.append((x, y, lx, top, lines, anchor))
    return Radar(
        width=RADAR_WIDTH,
        height=height,
        cx=cx,
        cy=cy,
        rings=tuple(points([r] * n) for r in range(1, 5)),
        axes=tuple(axes),
        polygon=points(list(scores)),
        title=title,
        scale=tuple((cx + 4, point(0, r)[1] + 10, str(r)) for r in range(1, 5)),
        desc="; ".join(f"{label} {score}/4" for label, score in zip(labels, scores, strict=True)),
    )


@dataclass(frozen=True, slots=True)
class Pair:
    """One row of a plan-versus-actual chart."""

    y: float
    label: str
    planned_low: float
    """Width up to the planned minimum."""
    planned_high: float
    """Width up to the planned maximum."""
    actual: float
    """Width of the actual time."""
    value: str
    tooltip: str


@dataclass(frozen=True, slots=True)
class PairChart:
    width: float
    height: float
    label_width: float
    pairs: tuple[Pair, ...]
    title: str


def pairs(rows: list[tuple[str, Range, float, str, str]], title: str) -> PairChart:
    """Rows are (label, planned, actual, value text, tooltip)."""
    top = max((max(p.max, a) for _, p, a, _, _ in rows), default=0.0) or 1.0
    scale = BAR_AREA / top
    out = tuple(
        Pair(
            n * (BAR_HEIGHT + BAR_GAP) + 8,
            label,
            p.min * scale,
            p.max * scale,
            a * scale,
            value,
            tooltip,
        )
        for n, (label, p, a, value, tooltip) in enumerate(rows)
    )
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + 12
    return PairChart(LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, height, LABEL_WIDTH, out, title)


SCALE_LABEL_WIDTH = 220
SCALE_AREA = 480
SCALE_ROW = 30
SCALE_LABEL_CHARS = 30
"""A scenario's title beside the rate scale, per line."""
SCALE_TOP = 40
"""Room above the rows for the bands' names."""
SCALE_BOTTOM = 30
"""Room below the rows for the axis' ticks."""


@dataclass(frozen=True, slots=True)
class ScaleRow:
    """One scenario on the rate scale: a bar from its lowest to its highest rate."""

    y: float
    lines: tuple[str, ...]
    """Its title, wrapped to the label column."""
    x: float
    width: float
    value: str
    tooltip: str


@dataclass(frozen=True, slots=True)
class ScaleBand:
    """A named band of rates, drawn behind the rows."""

    x: float
    width: float
    label: str
    shade: int
    """0 or 1, alternating, so that neighbouring bands are told apart."""


@dataclass(frozen=True, slots=True)
class RateScale:
    width: float
    height: float
    label_width: float
    axis_y: float
    rows: tuple[ScaleRow, ...]
    bands: tuple[ScaleBand, ...]
    ticks: tuple[tuple[float, str], ...]
    """(x, text) of the axis' graduations."""
    title: str


def round_step(top: float) -> float:
    """A round step giving about five graduations up to ``top``."""
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw))


def rate_scale(
    rows: list[tuple[str, Range, str, str]],
    bands: list[tuple[str, float | None]],
    title: str,
    write: Callable[[float], str],
) -> RateScale:
    """Rows are (label, rate, value text, tooltip); bands (label, max), lowest first."""
    finite = [high for _, high in bands if high is not None]
    top = max([r.max for _, r, _, _ in rows] + finite + [0.0]) * 1.15 or 0.01
    step = round_step(top)
    top = math.ceil(top / step - 1e-9) * step
    scale = SCALE_AREA / top
    out, y = [], float(SCALE_TOP)
    for label, rate, value, tooltip in rows:
        lines = wrap(label, SCALE_LABEL_CHARS)
        x = SCALE_LABEL_WIDTH + rate.min * scale
        width = max((rate.max - rate.min) * scale, 6.0)
        out.append(ScaleRow(y, lines, x, width, value, tooltip))
        y += max(SCALE_ROW, len(lines) * LINE_HEIGHT + 12)
    drawn, low = [], 0.0
    for n, (label, high) in enumerate(bands):
        end = top if high is None else min(high, top)
        x = SCALE_LABEL_WIDTH + low * scale
        drawn.append(ScaleBand(x, max(end - low, 0.0) * scale, label, n % 2))
        low = end
    axis_y = y + 6
    count = round(top / step)
    ticks = tuple((SCALE_LABEL_WIDTH + k * step * scale, write(k * step)) for k in range(count + 1))
    width = SCALE_LABEL_WIDTH + SCALE_AREA + 60
    return RateScale(
        width,
        axis_y + SCALE_BOTTOM,
        SCALE_LABEL_WIDTH,
        axis_y,
        tuple(out),
        tuple(drawn),
        ticks,
        title,
    )
