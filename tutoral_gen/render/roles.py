"""Each role's own handbook ("Ce que je fais"): its interventions in course order, its message
templates and interview guides, its time per week, and its calendar."""

from __future__ import annotations

import re
from typing import Any

from ..domain.economics import RoleWeek
from ..domain.scenario import Intervention, Role, VirtualClass
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
        title = f"{ctx.t['what_i_do']} — {role.title}"
        links.append(part.add(urls.role(role.id), title, text, source="content/roles.yaml"))
    part.nav = [nav.Section(ctx.t["my_role"], tuple(links))]
    return part


def rows(ctx: Context, role: Role, page: str) -> list[dict[str, Any]]:
    """The role's interventions and virtual classes in course order: scenario by scenario, by
    day then phase, each with its tutor time."""
    t, out = ctx.t, []
    for scenario in ctx.project.scenarios:
        f, slots = ctx.figures.scenarios[scenario.id], ctx.figures.schedule[scenario.id]
        phases = {p.id: p.title for p in scenario.phases}
        order = {p.id: n for n, p in enumerate(scenario.phases)}
        mine: list[Intervention | VirtualClass] = [
            *(i for i in scenario.interventions if i.role == role.id),
            *(c for c in scenario.virtual_classes if c.role == role.id),
        ]
        mine.sort(key=lambda i: (slots[i.id].day or 0, order.get(i.phase or "", len(order))))
        for item in mine:
            slot = slots[item.id]
            when = ctx.n.when(slot.start) if slot.start else ""
            row = {
                "scenario": scenario,
                "id": item.id,
                "phase": phases.get(item.phase or "", ""),
                "when": when or (f"{t['week']} {slot.week}" if slot.week else ""),
            }
            if isinstance(item, VirtualClass):
                row |= {
                    "title": item.title or t["virtual_classes"],
                    "tool": t["virtual_class"],
                    "item": None,
                    "minutes": ctx.n.minutes(f.classes[item.id]),
                    "link": None,
                }
            else:
                row |= {
                    "title": item.title,
                    "tool": item.tool or "",
                    "item": item,
                    "minutes": ctx.n.minutes(f.interventions[item.id].total),
                    "link": ctx.sheet_link(page, item.id),
                }
            out.append(row)
    return out


def by_scenario(ctx: Context, role: Role, page: str) -> list[dict[str, Any]]:
    """A large handbook's role page: the role's count of interventions and classes and its time
    in each scenario, whose page lists them (a row per sheet would make a page of thousands)."""
    out = []
    for s in ctx.project.scenarios:
        f = ctx.figures.scenarios[s.id]
        if role.id not in f.roles:
            continue
        count = sum(i.role == role.id for i in s.interventions)
        count += sum(c.role == role.id for c in s.virtual_classes)
        link = urls.relative(page, urls.scenario(s.id))
        out.append({"title": s.title, "link": link, "count": count,
                    "minutes": ctx.n.minutes(f.roles[role.id])})  # fmt: skip
    return out


def week_label(ctx: Context, week: RoleWeek) -> str:
    """``Semaine du 9 mars`` (a calendar week), or ``Semaine 2`` of an undated scenario."""
    if week.monday is not None:
        return f"{ctx.t['week_of']} {ctx.n.day_month(week.monday)}"
    return f"{ctx.t['week']} {week.number}"


def week_chart(ctx: Context, role: Role) -> str | None:
    """The role's time per week (calendar weeks of dated scenarios, else course weeks of each
    scenario): interventions and virtual classes stacked; each bar's tooltip names its
    scenarios."""
    t, n = ctx.t, ctx.n
    weekly = ctx.figures.roles[role.id].weekly
    if not weekly:
        return None
    titles = {s.id: s.title for s in ctx.project.scenarios}
    bars = []
    for week in weekly.values():
        label = week_label(ctx, week)
        which = ", ".join(titles[s] for s in week.scenarios)
        tooltip = f"{label} ({which}){t['colon']} {n.minutes(week.minutes)}"
        bars.append((label, week.interventions, week.classes, n.hours(week.minutes), tooltip))
    return ctx.svg("charts/bars.svg", charts.bars(bars, f"{t['per_week']} — {role.title}"))


def role_page(ctx: Context, role: Role, *, has_calendar: bool) -> str:
    page = urls.role(role.id)
    summary = by_scenario(ctx, role, page) if ctx.volumes else None
    if summary is None:
        listed = rows(ctx, role, page)
        items = [row["item"] for row in listed if row["item"] is not None]
    else:  # no row per sheet; its templates and guides still listed, in scenario order
        listed = []
        items = [i for s in ctx.project.scenarios for i in s.interventions if i.role == role.id]
    # Message templates are quoted as written, inside code fences: they show, they never run.
    raw = {i.id: i.body for s in ctx.source.scenarios for i in s.interventions}
    total = ctx.figures.roles[role.id].minutes
    return ctx.render(
        "role.md.j2",
        page,
        role=role,
        rows=listed,
        several=len({row["scenario"].id for row in listed}) > 1,
        summary=summary,
        total=f"{ctx.n.minutes(total)} ({ctx.n.hours(total)})",
        templates=[(i, fence(x)) for i in items for x in snippets(raw.get(i.id), "message")],
        guides=[(i, fence(x)) for i in items for x in snippets(raw.get(i.id), "guide")],
        chart=week_chart(ctx, role),
        ics=urls.relative(page, urls.calendar(role.id)) if has_calendar else None,
    )
