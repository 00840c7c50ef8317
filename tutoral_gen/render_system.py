"""Pages of the *système tutoral*: roles and functions, objectives, needs, constraints."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import charts
from .figures import ScenarioFigures, durations
from .model import ZERO, Range
from .system import (
    Priority,
    System,
    View,
    area,
    coverage,
    deformation,
    need_figures,
    realistic,
    served,
)

if TYPE_CHECKING:
    from .render import Renderer

BASE = "systeme"
"""Folder of the system's pages in the handbook."""


def pages(r: Renderer, figures: Mapping[str, ScenarioFigures]) -> tuple[dict[str, str], list[Any]]:
    """The system's pages and their nav section (nothing if the project has no system.yaml)."""
    system = r.project.system
    if system is None:
        return {}, []
    t = r.t
    titles = {
        "index.md": t["roles_functions"],
        "objectifs.md": t["objectives_page"],
        "besoins.md": t["needs_page"],
        "contraintes.md": t["constraints_page"],
    }
    minutes = durations(figures)
    out = {
        "index.md": roles_page(r, figures),
        "objectifs.md": objectives_page(r, system, minutes),
        "besoins.md": needs_page(r, system),
        "contraintes.md": constraints_page(r, system),
    }
    pages_ = {
        f"{BASE}/{name}": r.page(titles[name], text, wide=name != "index.md")
        for name, text in out.items()
    }
    nav = [{t["system"]: [{r.nav_title(titles[n]): f"{BASE}/{n}"} for n in out]}]
    return pages_, nav


def roles_page(r: Renderer, figures: Mapping[str, ScenarioFigures]) -> str:
    functions = r.project.matrix.functions
    rows = []
    for role in r.project.roles:
        total = ZERO
        items = []
        for scenario in r.project.scenarios:
            f = figures[scenario.id]
            total = total + f.roles.get(role.id, ZERO)
            items += [
                (scenario, i, f.interventions[i.id].total)
                for i in scenario.interventions
                if i.role == role.id
            ]
        rows.append(
            {
                "role": role,
                "marks": ["✓" if fn.id in role.functions else "" for fn in functions],
                "entries": [
                    {"link": r.sheet_link(s.id, i.id, "../"), "item": i, "minutes": r.n.minutes(m)}
                    for s, i, m in items
                ],
                "total": r.n.minutes(total),
                "hours": r.n.hours(total),
            }
        )
    return r.render("system_roles.md.j2", functions=functions, rows=rows)


def objectives_page(r: Renderer, system: System, minutes: Mapping[str, Range]) -> str:
    matrix = r.project.matrix
    cover = coverage(matrix, system, served(r.project.scenarios, minutes))
    owners = r.owners
    cells: dict[str, dict[str, Any]] = {}
    for objective in matrix.objectives:
        c = cover[objective.id]
        cells[objective.id] = {
            "objective": objective,
            "weight": c.priority.weight,
            "priority": r.t["priorities"][c.priority.value],
            "links": [r.sheet_link(owners[i], i, "../") for i in c.interventions],
            "ids": c.interventions,
            "minutes": r.n.minutes(c.minutes) if c.interventions else "",
        }
    grid = [
        (title, [cells[f"{plan}-{fn.id}"] for fn in matrix.functions])
        for plan, title in matrix.plans
    ]
    gaps = [
        cells[o.id]
        for o in matrix.objectives
        if cover[o.id].priority is not Priority.NONE and not cover[o.id].interventions
    ]
    idle = [(s, i) for s in r.project.scenarios for i in s.interventions if not i.objectives]
    return r.render(
        "system_objectives.md.j2",
        functions=matrix.functions,
        grid=grid,
        gaps=gaps,
        idle=[{"link": r.sheet_link(s.id, i.id, "../"), "item": i} for s, i in idle],
    )


def needs_page(r: Renderer, system: System) -> str:
    t, owners = r.t, r.owners
    objectives = {o.id: o for o in r.project.matrix.objectives}
    steps = {s.id: s for s in system.steps}
    step_rows = [
        {"title": title, "step": steps.get(step_id)} for step_id, title in r.project.matrix.steps
    ]
    rows = []
    for need in system.needs:
        f = need_figures(need)
        answers = []
        for ref in need.answered_by:
            if ref in owners:
                answers.append(f"[{ref}]({r.sheet_link(owners[ref], ref, '../')})")
            else:
                answers.append(f"[{r.md(objectives[ref].title)}](objectifs.md)")
        views = []
        for view in View:
            score = need.scores.get(view)
            views.append(
                f"{score.gravity} × {score.occurrence} = **{score.criticality}**" if score else "—"
            )
        rows.append(
            {
                "need": need,
                "views": views,
                "figures": f,
                "level": t["priorities"][f.level.value],
                "answers": answers,
                "plan": dict(r.project.matrix.plans).get(need.plan or "", ""),
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
    return r.render(
        "system_needs.md.j2",
        steps=step_rows,
        sources=system.sources,
        rows=rows,
        divergent=divergent,
        views=list(View),
    )


def constraints_page(r: Renderer, system: System) -> str:
    labels = [f.title for f in system.factors]
    ranked = []
    for item_id, scores in system.constraints.items():
        ranked.append(
            {
                "id": item_id,
                "link": r.sheet_link(r.owners[item_id], item_id, "../"),
                "scores": scores,
                "area": area(scores),
                "deformation": deformation(scores),
                "realistic": realistic(scores, system),
                "svg": radar_svg(r, labels, scores, item_id),
            }
        )
    ranked.sort(key=lambda row: (row["area"], row["deformation"], row["id"]))
    n = len(system.factors)
    limit = system.max_area if system.max_area is not None else area([2] * n)
    rule = r.t["constraints_rule"].format(
        max_area=r.n.number(limit, 2), max_deformation=r.n.number(system.max_deformation, 2)
    )
    return r.render(
        "system_constraints.md.j2",
        factors=system.factors,
        ranked=ranked,
        rule=rule,
        number=r.n.number,
    )


def radar_svg(r: Renderer, labels: list[str], scores: tuple[int, ...], name: str) -> str:
    chart = charts.radar(labels, scores, f"{r.t['constraints']} — {name}")
    return r.svg("charts/radar.svg", chart, {})


def sheet_extras(r: Renderer, item_id: str, objectives: tuple[str, ...]) -> dict[str, Any]:
    """What a sheet shows of the system: the objectives it serves and its constraint radar."""
    matrix = {o.id: o for o in r.project.matrix.objectives}
    extras: dict[str, Any] = {"objectives": [matrix[o] for o in objectives], "radar": None}
    system = r.project.system
    if system is not None and item_id in system.constraints:
        scores = system.constraints[item_id]
        extras["radar"] = {
            "svg": radar_svg(r, [f.title for f in system.factors], scores, item_id),
            "area": r.n.number(area(scores), 2),
            "deformation": r.n.number(deformation(scores), 2),
            "realistic": realistic(scores, system),
        }
    return extras
