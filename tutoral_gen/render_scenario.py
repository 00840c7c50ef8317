"""Pages of a scenario: its overview (figures, how they were computed, timeline, time per role)
and one sheet (*fiche d'intervention*) per intervention."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import charts, render_system
from .figures import ScenarioFigures
from .markup import body_markdown, escape_md
from .model import Intervention, Kind, Mode, Per, Range, Scenario

if TYPE_CHECKING:
    from .render import Renderer


def pages(r: Renderer, s: Scenario, f: ScenarioFigures) -> dict[str, str]:
    """The overview and the sheets of one scenario, by path in the handbook."""
    base = f"scenarios/{s.id}"
    phases = {p.id: p.title for p in s.phases}
    pages = {f"{base}/index.md": r.page(s.title, overview(r, s, f, phases))}
    sheet = r.env.get_template("sheet.md.j2")
    for item in s.interventions:
        q = f.interventions[item.id]
        body = None
        if item.body is not None:
            body = item.body if r.project.raw_html else body_markdown(item.body)
        extras = render_system.sheet_extras(r, item.id, item.objectives)
        text = sheet.render(
            **extras,
            has_system=r.project.system is not None,
            t=r.t,
            s=s,
            i=item,
            role=r.roles[item.role].title,
            phase=phases.get(item.phase or ""),
            minutes=r.n.minutes(q.total),
            quantification=quantification(r, item, s, f),
            body=body,
        )
        pages[f"{base}/{item.id}.md"] = r.page(f"{item.id} — {item.title}", text)
    return pages


def overview(r: Renderer, s: Scenario, f: ScenarioFigures, phases: dict[str, str]) -> str:
    n, t = r.n, r.t
    role_rows: list[dict[str, Any]] = []
    for role in r.project.roles:
        if role.id not in f.roles:
            continue
        parts, classes = f.role_interventions[role.id], f.role_classes[role.id]
        total = f.roles[role.id]
        formula = n.minutes(total)
        if classes.max:
            formula = f"{n.minutes(parts)} + {n.minutes(classes)} = **{formula}**"
        role_rows.append(
            {
                "id": role.id,
                "title": role.title,
                "interventions": n.minutes(parts),
                "classes": n.minutes(classes),
                "total": n.minutes(total),
                "hours": n.hours(total),
                "formula": formula if total.max < 60 else f"{formula} ({n.hours(total)})",
                "parts": parts,
                "class_minutes": classes,
            }
        )
    class_rows = [
        {
            "id": c.id,
            "item": c,
            "role": r.roles[c.role].title,
            "phase": phases.get(c.phase or "", ""),
            "length": n.minutes(c.minutes),
            "factor": n.span(c.factor, n.number),
            "minutes": n.minutes(f.classes[c.id]),
            "formula": f"{n.minutes(c.minutes)} × {n.span(c.factor, n.number)}"
            f" = **{n.minutes(f.classes[c.id])}**",
        }
        for c in s.virtual_classes
    ]
    kind_groups = []
    for kind in Kind:
        items = [i for i in s.interventions if i.kind is kind]
        if items:
            kind_groups.append(
                {
                    "title": t["sheets_" + kind.value],
                    "total": n.minutes(f.by_kind[kind]),
                    "rows": [row(r, i, f, phases) for i in items],
                }
            )
    figures = {
        "course": n.minutes(s.course_minutes),
        "course_number": n.minutes(s.course_minutes),
        "tutoring": n.minutes(f.tutoring),
        "tutoring_number": n.minutes(f.tutoring),
        "tutoring_hours": n.hours(f.tutoring),
        "rate": n.rate(f.rate),
        "classes": n.minutes(f.class_total),
        "target_rate": n.number(s.target_rate, 4) if s.target_rate else None,
        "budget": n.minutes(f.budget) if f.budget else None,
        "gap": n.signed_minutes(f.gap) if f.gap else None,
        "gap_sign": 0 if f.gap is None or f.gap == Range(0, 0) else (1 if f.gap.max > 0 else -1),
        "kinds": [
            {"label": t["kinds_plural"][k.value], "minutes": n.minutes(f.by_kind[k])} for k in Kind
        ],
        "modes": [
            {"label": t["modes"][m.value], "minutes": n.minutes(f.by_mode[m])}
            for m in Mode
            if f.by_mode[m].max
        ],
        "kind_groups": kind_groups,
        "class_rows": class_rows,
        "role_rows": role_rows,
    }
    return r.render(
        "scenario.md.j2",
        s=s,
        f=figures,
        timeline_svg=r.svg(
            "charts/timeline.svg",
            timeline(r, s, f),
            {"column_width": charts.COLUMN_WIDTH, "box_height": charts.BOX_HEIGHT},
        ),
        roles_svg=r.svg(
            "charts/bars.svg",
            charts.bars(
                [
                    (
                        r["title"],
                        r["parts"],
                        r["class_minutes"],
                        r["hours"],
                        f"{r['title']}{t['colon']} {r['formula']}".replace("**", ""),
                    )
                    for r in role_rows
                ],
                t["role_time"],
            ),
            {},
        ),
    )


def row(r: Renderer, i: Intervention, f: ScenarioFigures, phases: dict[str, str]) -> dict[str, Any]:
    return {
        "item": i,
        "mode": r.t["modes"][i.mode.value],
        "role": r.roles[i.role].title,
        "phase": phases.get(i.phase or "", ""),
        "minutes": r.n.minutes(f.interventions[i.id].total),
    }


def quantification(r: Renderer, i: Intervention, s: Scenario, f: ScenarioFigures) -> str:
    """``3 à 5 min par message (norme « … ») × 2 × 10 apprenants = 60 à 100 min``."""
    n, t, q = r.n, r.t, f.interventions[i.id]
    first = n.minutes(q.unit)
    if q.norm is not None:
        first += f" / {escape_md(q.norm.unit)} ({t['norm'].lower()} `{q.norm.id}`)"
    parts = [first]
    if q.count != 1:
        parts.append(n.number(q.count, 2))
    if i.per is Per.LEARNER:
        share = f" × {n.number(i.share, 3)}" if i.share != 1 else ""
        parts.append(f"{s.learners} {t['learners'].lower()}{share}")
    elif i.per is Per.GROUP:
        parts.append(f"{n.number(q.basis)} {t['per']['group'].lower()}")
    if len(parts) == 1:
        return parts[0]
    return " × ".join(parts) + f" = **{n.minutes(q.total)}**"


def timeline(r: Renderer, s: Scenario, f: ScenarioFigures) -> charts.Timeline:
    n, t = r.n, r.t
    items = [
        charts.TimelineItem(
            i.phase,
            f"{i.id} · {n.minutes(f.interventions[i.id].total)}",
            f"{i.id} — {i.title} ({t['kinds'][i.kind.value]}, {t['modes'][i.mode.value]}, "
            f"{n.minutes(f.interventions[i.id].total)})",
            f"{i.kind.value} {i.mode.value}",
        )
        for i in s.interventions
    ]
    items += [
        charts.TimelineItem(
            c.phase,
            f"{c.id} · {n.minutes(f.classes[c.id])}",
            f"{c.id} — {c.title or t['virtual_classes']} ({n.minutes(f.classes[c.id])})",
            "class",
        )
        for c in s.virtual_classes
    ]
    phases: list[tuple[str | None, str]] = [(p.id, p.title) for p in s.phases]
    if any(item.phase is None for item in items):
        phases.append((None, t["no_phase"]))
    return charts.timeline(phases, items, f"{t['timeline']} — {s.title}")
