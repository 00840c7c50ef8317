"""Pages of the *système tutoral*: roles and functions, objectives, needs, constraints."""

from __future__ import annotations

from typing import Any

from ..domain.needs import NeedFigures, Score
from ..domain.system import View
from . import charts, nav, urls
from .context import Context, Part

SOURCE = "content/system.yaml"


def pages(ctx: Context) -> Part:
    """The system's pages and their nav section (nothing if the project has no system.yaml)."""
    part = Part()
    if ctx.project.system is None:
        return part
    t = ctx.t
    links = [
        part.add(urls.SYSTEM_ROLES, t["roles_functions"], roles_page(ctx), source=SOURCE),
        part.add(
            urls.OBJECTIVES, t["objectives_page"], objectives_page(ctx), wide=True, source=SOURCE
        ),
        part.add(urls.NEEDS, t["needs_page"], needs_page(ctx), wide=True, source=SOURCE),
        part.add(
            urls.CONSTRAINTS,
            t["constraints_page"],
            constraints_page(ctx),
            wide=True,
            source=SOURCE,
        ),
    ]
    part.nav = [nav.Section(t["system"], tuple(links))]
    return part


def roles_page(ctx: Context) -> str:
    functions = ctx.project.matrix.functions
    page = urls.SYSTEM_ROLES
    rows = []
    for role in ctx.project.roles:
        entries = [
            {
                "link": ctx.sheet_link(page, i.id),
                "item": i,
                "minutes": ctx.n.minutes(ctx.figures.durations[i.id]),
            }
            for s in ctx.project.scenarios
            for i in s.interventions
            if i.role == role.id
        ]
        minutes = ctx.figures.roles[role.id].minutes
        rows.append(
            {
                "role": role,
                "marks": ["✓" if fn.id in role.functions else "" for fn in functions],
                "entries": entries,
                "total": ctx.n.minutes(minutes),
                "hours": ctx.n.hours(minutes),
            }
        )
    return ctx.render("system_roles.md.j2", page, functions=functions, rows=rows)


def objectives_page(ctx: Context) -> str:
    matrix, page = ctx.project.matrix, urls.OBJECTIVES
    cover = ctx.figures.coverage
    cells: dict[str, dict[str, Any]] = {}
    for objective in matrix.objectives:
        c = cover[objective.id]
        cells[objective.id] = {
            "objective": objective,
            "weight": c.priority.weight,
            "priority": ctx.t["priorities"][c.priority.value],
            "links": [ctx.sheet_link(page, i) for i in c.interventions],
            "ids": c.interventions,
            "minutes": ctx.n.minutes(c.minutes) if c.interventions else "",
        }
    grid = [
        (title, [cells[f"{plan}-{fn.id}"] for fn in matrix.functions])
        for plan, title in matrix.plans
    ]
    gaps = [cells[o.id] for o in matrix.objectives if cover[o.id].gap]
    idle = [i for s in ctx.project.scenarios for i in s.interventions if not i.objectives]
    return ctx.render(
        "system_objectives.md.j2",
        page,
        functions=matrix.functions,
        grid=grid,
        gaps=gaps,
        idle=[{"link": ctx.sheet_link(page, i.id), "item": i} for i in idle],
    )


def _view(ctx: Context, f: NeedFigures, view: View) -> str:
    """A view's cell: gravity × occurrence = criticality, a measured score with its answers."""
    scores = f.scores.get(view)
    if scores is None:
        return "—"

    def shown(score: Score) -> str:
        if score.source == "typed":
            return str(score.value)
        mark = ctx.t["measured_mark"].format(answers=score.answers)
        return f"{score.value}\u00a0<sup>{mark}</sup>"

    return f"{shown(scores.gravity)} × {shown(scores.occurrence)} = **{f.by_view[view]}**"


def needs_page(ctx: Context) -> str:
    system, t, page = ctx.project.system, ctx.t, urls.NEEDS
    assert system is not None
    objectives = {o.id: o for o in ctx.project.matrix.objectives}
    steps = {s.id: s for s in system.steps}
    step_rows = [{"title": title, "step": steps.get(i)} for i, title in ctx.project.matrix.steps]
    rows = []
    for need in system.needs:
        f = ctx.figures.needs[need.id]
        answers = [
            f"[{ref}]({ctx.sheet_link(page, ref)})"
            if ref in ctx.owners
            else f"[{ctx.md(objectives[ref].title)}]({urls.relative(page, urls.OBJECTIVES)})"
            for ref in need.answered_by
        ]
        views = [_view(ctx, f, v) for v in View]
        rows.append(
            {
                "need": need,
                "views": views,
                "figures": f,
                "level": t["priorities"][f.level.value],
                "answers": answers,
                "plan": dict(ctx.project.matrix.plans).get(need.plan or "", ""),
            }
        )
    rows.sort(key=lambda row: (-row["figures"].retained, row["need"].id))
    divergent = sorted(
        (row for row in rows if row["figures"].divergence),
        key=lambda row: -row["figures"].divergence,
    )[:3]
    for row in divergent:
        by_view = row["figures"].by_view
        row["extremes"] = (
            t["views"][max(by_view, key=by_view.get).value],
            t["views"][min(by_view, key=by_view.get).value],
        )
    return ctx.render(
        "system_needs.md.j2",
        page,
        steps=step_rows,
        sources=system.sources,
        rows=rows,
        divergent=divergent,
        views=list(View),
    )


def constraints_page(ctx: Context) -> str:
    system, page = ctx.project.system, urls.CONSTRAINTS
    assert system is not None
    labels = [f.title for f in system.factors]
    ranked = [
        {
            "id": r.id,
            "link": ctx.sheet_link(page, r.id),
            "scores": r.scores,
            "area": r.area,
            "deformation": r.deformation,
            "realistic": r.realistic,
            "svg": radar_svg(ctx, labels, r.scores, r.id),
        }
        for r in ctx.figures.constraints
    ]
    rule = ctx.t["constraints_rule"].format(
        max_area=ctx.n.number(ctx.figures.max_area or 0, 2),
        max_deformation=ctx.n.number(system.max_deformation, 2),
    )
    return ctx.render(
        "system_constraints.md.j2",
        page,
        factors=system.factors,
        ranked=ranked,
        rule=rule,
        number=ctx.n.number,
    )


def radar_svg(ctx: Context, labels: list[str], scores: tuple[int, ...], name: str) -> str:
    chart = charts.radar(labels, scores, f"{ctx.t['constraints']} — {name}")
    return ctx.svg("charts/radar.svg", chart)


def sheet_extras(ctx: Context, item_id: str, objectives: tuple[str, ...]) -> dict[str, Any]:
    """What a sheet shows of the system: the objectives it serves and its constraint radar."""
    matrix = {o.id: o for o in ctx.project.matrix.objectives}
    extras: dict[str, Any] = {"objectives": [matrix[o] for o in objectives], "radar": None}
    system = ctx.project.system
    radar = ctx.radars.get(item_id)
    if system is not None and radar is not None:
        extras["radar"] = {
            "svg": radar_svg(ctx, [f.title for f in system.factors], radar.scores, item_id),
            "area": ctx.n.number(radar.area, 2),
            "deformation": ctx.n.number(radar.deformation, 2),
            "realistic": radar.realistic,
        }
    return extras
