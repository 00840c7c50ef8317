"""Each role's own handbook ("Ce que je fais"): its interventions in course order, its message
templates and interview guides, its time per week, and its calendar."""

from __future__ import annotations

import re
from typing import Any

from ..domain.quantity import ZERO
from ..domain.scenario import Role
from . import charts, exports, nav, urls
from .context import Context, Part

_FENCE = re.compile(r"^(`{3,}|~{3,})(message|guide)[^\n]*\n(.*?)^\1\s*$", re.M | re.S)


def snippets(body: str | None, kind: str) -> list[str]:
    """The ```message (templates) or ```guide (interview guides) blocks of a sheet body."""
    return [m.group(3) for m in _FENCE.finditer(body or "") if m.group(2) == kind]


def fence(text: str) -> str:
    """A fenced block holding ``text`` as it is, with a fence longer than any inside it."""
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    ticks = "`" * (longest + 1)
    return f"{ticks}text\n{text.rstrip()}\n{ticks}"


def pages(ctx: Context) -> Part:
    part = Part()
    links = []
    for role in ctx.project.roles:
        ics = exports.calendar(ctx.project, ctx.figures, role.id)
        if ics is not None:
            part.files[urls.calendar(role.id)] = ics
        text = role_page(ctx, role, has_calendar=ics is not None)
        links.append(part.add(urls.role(role.id), f"{ctx.t['what_i_do']} — {role.title}", text))
    part.nav = [nav.Section(ctx.t["my_role"], tuple(links))]
    return part


def rows(ctx: Context, role: Role, page: str) -> list[dict[str, Any]]:
    """The role's interventions in course order: scenario by scenario, by day then phase."""
    t, out = ctx.t, []
    for scenario in ctx.project.scenarios:
        phases = {p.id: p.title for p in scenario.phases}
        order = {p.id: n for n, p in enumerate(scenario.phases)}
        mine = [i for i in scenario.interventions if i.role == role.id]
        slots = ctx.figures.schedule[scenario.id]
        mine.sort(key=lambda i: (slots[i.id].day or 0, order.get(i.phase or "", len(order))))
        for item in mine:
            slot = slots[item.id]
            when = slot.start.strftime("%Y-%m-%d %H:%M") if slot.start else ""
            out.append(
                {
                    "scenario": scenario,
                    "item": item,
                    "phase": phases.get(item.phase or "", ""),
                    "when": when or (f"{t['week']} {slot.week}" if slot.week else ""),
                    "minutes": ctx.n.minutes(ctx.figures.durations[item.id]),
                    "link": ctx.sheet_link(page, item.id),
                }
            )
    return out


def role_page(ctx: Context, role: Role, *, has_calendar: bool) -> str:
    t, page = ctx.t, urls.role(role.id)
    listed = rows(ctx, role, page)
    items = [row["item"] for row in listed]
    weekly = ctx.figures.roles[role.id].weekly
    chart = None
    if weekly:
        bars = [
            (
                f"{t['week']} {w}",
                minutes,
                ZERO,
                ctx.n.hours(minutes),
                f"{t['week']} {w} : {ctx.n.minutes(minutes)}",
            )
            for w, minutes in weekly.items()
        ]
        chart = ctx.svg("charts/bars.svg", charts.bars(bars, f"{t['per_week']} — {role.title}"))
    return ctx.render(
        "role.md.j2",
        page,
        role=role,
        rows=listed,
        templates=[(i, fence(x)) for i in items for x in snippets(i.body, "message")],
        guides=[(i, fence(x)) for i in items for x in snippets(i.body, "guide")],
        chart=chart,
        ics=urls.relative(page, urls.calendar(role.id)) if has_calendar else None,
    )
