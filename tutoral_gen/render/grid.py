"""The analysis grid, scored: per criterion and scenario, the level reached, the figure judged and
where it came from, as a table and as a heat map (``charts/grid.svg``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain.audit import Criterion
from ..domain.grid import Scored
from . import urls
from .charts import wrap
from .context import Context

CELL = 120
ROW = 40
LABEL = 260
LINE = 14
"""A label line's height."""
HEAD = 18
"""Room above the cells besides the column labels' lines."""


@dataclass(frozen=True, slots=True)
class Cell:
    x: float
    y: float
    shade: int
    """0: no level; 1 (lowest) to 5 (highest), spread over the scale's levels."""
    text: str
    tooltip: str


@dataclass(frozen=True, slots=True)
class HeatMap:
    width: float
    height: float
    rows: tuple[tuple[float, tuple[str, ...]], ...]
    """(y, the criterion's title wrapped)."""
    columns: tuple[tuple[float, tuple[str, ...]], ...]
    """(x, the scenario's title wrapped)."""
    cells: tuple[Cell, ...]
    title: str


def shade(level: int, levels: int) -> int:
    """A level's colour, 1 to 5, whatever the number of levels."""
    if levels < 2:
        return 5
    return 1 + round((level - 1) * 4 / (levels - 1))


def _clip(text: str, width: int, lines: int) -> tuple[str, ...]:
    """A label wrapped on at most ``lines`` lines, an ellipsis where it was cut (the cell's
    tooltip and the table below say it whole)."""
    wrapped = wrap(text, width)
    if len(wrapped) <= lines:
        return wrapped
    return (*wrapped[: lines - 1], wrapped[lines - 1] + "…")


def heat_map(ctx: Context, criteria: list[Criterion]) -> HeatMap:
    scenarios = ctx.project.scenarios
    columns = tuple((LABEL + k * CELL, _clip(s.title, 16, 4)) for k, s in enumerate(scenarios))
    top = HEAD + LINE * max((len(lines) for _, lines in columns), default=1)
    cells = []
    for r, c in enumerate(criteria):
        for k, s in enumerate(scenarios):
            scored = ctx.figures.grid.get(c.id, {}).get(s.id)
            x, y = LABEL + k * CELL, top + r * ROW
            if scored is None:
                cells.append(Cell(x, y, 0, "—", f"{c.id}, {s.title}{ctx.t['colon']} —"))
                continue
            tip = f"{c.id}, {s.title}{ctx.t['colon']} {_level(c, scored)}"
            cells.append(Cell(x, y, shade(scored.level, len(c.scale)), str(scored.level), tip))
    rows = tuple((top + r * ROW, _clip(f"{c.id} {c.title}", 34, 2)) for r, c in enumerate(criteria))
    width = LABEL + max(len(scenarios), 1) * CELL + 10
    return HeatMap(
        width, top + len(criteria) * ROW + 10, rows, columns, tuple(cells), ctx.t["grid"]
    )


def _level(criterion: Criterion, scored: Scored) -> str:
    """``3. 80 à 94 %``: the level and its name on the scale."""
    if scored.level <= len(criterion.scale):
        return f"{scored.level}. {criterion.scale[scored.level - 1]}"
    return str(scored.level)


def _figure(ctx: Context, criterion: Criterion, scored: Scored) -> str:
    shares = ("done-share", "answered-within", "inactive-share", "time-deviation")
    if criterion.measure in shares:
        return ctx.n.percent(100 * scored.figure)
    return ctx.n.number(scored.figure, 2)


def _source(ctx: Context, scored: Scored) -> str:
    t = ctx.t
    if scored.source == "questionnaire":
        guides = ctx.project.audit.guides if ctx.project.audit else ()
        title = next(g.title for g in guides if g.id == scored.basis)
        return (
            f"{t['grid_sources']['questionnaire']} « {title} », {scored.count} {t['grid_answers']}"
        )
    return f"{t['grid_sources'][scored.source]} ({scored.count} {t['grid_units'][scored.source]})"


def page(ctx: Context) -> str:
    audit = ctx.project.audit
    assert audit is not None
    criteria = list(audit.criteria)
    rows: list[dict[str, Any]] = []
    for c in criteria:
        scored_by = ctx.figures.grid.get(c.id, {})
        for s in ctx.project.scenarios:
            scored = scored_by.get(s.id)
            if scored is not None:
                figure, source = _figure(ctx, c, scored), _source(ctx, scored)
                rows.append(
                    {
                        "criterion": c,
                        "scenario": s,
                        "level": _level(c, scored),
                        "figure": figure,
                        "source": source,
                    }
                )
    judged = [c for c in criteria if c.id not in ctx.figures.grid]
    return ctx.render(
        "audit_grid.md.j2",
        urls.GRID,
        rows=rows,
        judged=judged,
        svg=ctx.svg("charts/grid.svg", heat_map(ctx, criteria)),
    )
