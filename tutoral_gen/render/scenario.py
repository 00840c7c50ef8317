"""Pages of the scenarios: each one's overview (figures, how they were computed, timeline, time
per role) and one sheet (*fiche d'intervention*) per intervention; their nav section."""

from __future__ import annotations

from typing import Any

from ..domain.scenario import Intervention, Kind, Mode, Per, RateBasis, Scenario, VirtualClass
from ..domain.workload import ScenarioFigures
from . import charts, nav, reused, urls
from .context import Context, Part
from .markup import escape_md
from .system import sheet_extras


def pages(ctx: Context) -> Part:
    """Every scenario's overview and sheets, and the nav grouped by scenario folder."""
    part = Part()
    groups: dict[str | None, list[nav.Item]] = {}
    for s in ctx.project.scenarios:
        entry = ctx.reuse(s, part, lambda into, s=s: scenario_pages(ctx, s, into))  # type: ignore[misc]
        groups.setdefault(s.group, []).append(entry)
    for group, entries in groups.items():
        part.nav += entries if group is None else [nav.Section(group, tuple(entries))]
    return part


def scenario_pages(ctx: Context, s: Scenario, part: Part) -> nav.Section:
    f = ctx.figures.scenarios[s.id]
    phases = {p.id: p.title for p in s.phases}
    source = f"content/scenarios/{s.id}.yaml"
    text = overview(ctx, s, f, phases)
    items: list[nav.Item] = [part.add(urls.scenario(s.id), s.title, text, source=source)]
    sheets = {kind: [] for kind in Kind}  # type: dict[Kind, list[nav.Item]]
    for item in s.interventions:
        path = urls.sheet(s.id, item.id)
        text = sheet(ctx, s, f, item, phases.get(item.phase or ""), path)
        own = f"content/scenarios/{s.id}/{item.id}.md" if item.body is not None else source
        sheets[item.kind].append(part.add(path, f"{item.id} — {item.title}", text, source=own))
    for kind, links in sheets.items():
        if links:
            items.append(nav.Section(ctx.t["sheets_" + kind.value], tuple(links)))
    return nav.Section(s.title, tuple(items))


def sheet(
    ctx: Context, s: Scenario, f: ScenarioFigures, item: Intervention, phase: str | None, page: str
) -> str:
    return ctx.render(
        "sheet.md.j2",
        page,
        **sheet_extras(ctx, item.id, item.objectives),
        has_system=ctx.project.system is not None,
        s=s,
        i=item,
        role=ctx.roles[item.role].title,
        phase=phase,
        minutes=ctx.n.minutes(f.interventions[item.id].total),
        quantification=quantification(ctx, item, s, f),
        body=item.body,  # sanitised with every other body (safety.py)
        provenance=reused.note(ctx, item.provenance, page) if item.provenance else None,
        recommendations=recommendations(ctx, item.id, page),
    )


def recommendations(ctx: Context, item_id: str, page: str) -> list[dict[str, str]]:
    """The audit's recommendations that change an intervention, with their status."""
    audit = ctx.project.audit
    return [
        {
            "title": f.title,
            "status": ctx.t["recommendation_statuses"][f.status.value],
            "link": urls.relative(page, f"{urls.FINDINGS}#constat-{f.id}"),
        }
        for f in (audit.findings if audit else ())
        if item_id in f.changes
    ]


def role_rows(ctx: Context, f: ScenarioFigures) -> list[dict[str, Any]]:
    """Time per role: interventions + virtual classes, with the sum written out."""
    n, rows = ctx.n, []
    for role in ctx.project.roles:
        if role.id not in f.roles:
            continue
        parts, classes, total = (
            f.role_interventions[role.id],
            f.role_classes[role.id],
            f.roles[role.id],
        )
        formula = n.minutes(total)
        if classes.max:
            formula = f"{n.minutes(parts)} + {n.minutes(classes)} = **{formula}**"
        rows.append(
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
    return rows


def class_rows(ctx: Context, s: Scenario, f: ScenarioFigures, phases: dict[str, str]) -> list[Any]:
    n = ctx.n
    return [
        {
            "id": c.id,
            "item": c,
            "role": ctx.roles[c.role].title,
            "phase": phases.get(c.phase or "", ""),
            "length": n.minutes(c.minutes),
            "factor": n.span(c.factor, n.number),
            "sessions": n.number(f.sessions[c.id], 2),
            "minutes": n.minutes(f.classes[c.id]),
            "formula": class_formula(ctx, c, f),
        }
        for c in s.virtual_classes
    ]


def class_formula(ctx: Context, c: VirtualClass, f: ScenarioFigures) -> str:
    """``90 min × 1,5 × 10 séances = **1 350 min**`` (sessions shown when more than one)."""
    n, t = ctx.n, ctx.t
    parts = [n.minutes(c.minutes), n.span(c.factor, n.number)]
    held = f.sessions[c.id]
    if held != 1:
        parts.append(f"{n.number(held, 2)} {t['sessions'] if held > 1 else t['session_one']}")
    return " × ".join(parts) + f" = **{n.minutes(f.classes[c.id])}**"


def kind_groups(ctx: Context, s: Scenario, f: ScenarioFigures, phases: dict[str, str]) -> list[Any]:
    groups = []
    for kind in Kind:
        items = [i for i in s.interventions if i.kind is kind]
        if items:
            groups.append(
                {
                    "title": ctx.t["sheets_" + kind.value],
                    "total": ctx.n.minutes(f.by_kind[kind]),
                    "rows": [row(ctx, i, f, phases) for i in items],
                }
            )
    return groups


def overview(ctx: Context, s: Scenario, f: ScenarioFigures, phases: dict[str, str]) -> str:
    n, t = ctx.n, ctx.t
    roles = role_rows(ctx, f)
    gap_sign = (
        0 if f.gap is None or (f.gap.min == 0 and f.gap.max == 0) else (1 if f.gap.max > 0 else -1)
    )
    figures = {
        "course": n.minutes(s.course_minutes),
        "course_number": n.minutes(s.course_minutes),
        "tutoring": n.minutes(f.tutoring),
        "tutoring_number": n.minutes(f.tutoring),
        "tutoring_hours": n.hours(f.tutoring),
        "rate": n.rate(f.rate),
        "classes": n.minutes(f.class_total),
        "interventions": n.minutes(f.intervention_minutes),
        "tutor": f"{n.minutes(f.tutor_minutes)} ({n.hours(f.tutor_minutes)})",
        "basis_all": f.rate_basis is RateBasis.ALL,
        "basis_text": t[f"basis_{f.rate_basis.value}"],
        "left_out": left_out(ctx, f),
        "target_rate": n.number(s.target_rate, 4) if s.target_rate else None,
        "budget": n.minutes(f.budget) if f.budget else None,
        "gap": n.signed_minutes(f.gap) if f.gap else None,
        "gap_sign": gap_sign,
        "kinds": [
            {"label": t["kinds_plural"][k.value], "minutes": n.minutes(f.by_kind[k])} for k in Kind
        ],
        "modes": [
            {"label": t["modes"][m.value], "minutes": n.minutes(f.by_mode[m])}
            for m in Mode
            if f.by_mode[m].max
        ],
        "kind_groups": kind_groups(ctx, s, f, phases),
        "class_rows": class_rows(ctx, s, f, phases),
        "role_rows": roles,
    }
    bars = [
        (
            r["title"],
            r["parts"],
            r["class_minutes"],
            r["hours"],
            f"{r['title']}{t['colon']} {r['formula']}".replace("**", ""),
        )
        for r in roles
    ]
    timeline_svg = ctx.svg(
        "charts/timeline.svg",
        timeline(ctx, s, f),
        {"column_width": charts.COLUMN_WIDTH, "box_height": charts.BOX_HEIGHT},
    )
    roles_svg = ctx.svg("charts/bars.svg", charts.bars(bars, t["role_time"]))
    return ctx.render(
        "scenario.md.j2",
        urls.scenario(s.id),
        s=s,
        f=figures,
        timeline_svg=timeline_svg,
        roles_svg=roles_svg,
    )


def left_out(ctx: Context, f: ScenarioFigures) -> str | None:
    """Beside a budget verdict that leaves the virtual classes out: their time, and the gap
    with them."""
    if f.rate_basis is RateBasis.ALL or f.budget is None or not f.class_total.max:
        return None
    n = ctx.n
    text: str = ctx.t["classes_left_out"]
    return text.format(
        minutes=n.minutes(f.class_total),
        tutor=n.minutes(f.tutor_minutes),
        gap=n.signed_minutes(f.tutor_minutes - f.budget),
    )


def row(
    ctx: Context, i: Intervention, f: ScenarioFigures, phases: dict[str, str]
) -> dict[str, Any]:
    return {
        "item": i,
        "mode": ctx.t["modes"][i.mode.value],
        "role": ctx.roles[i.role].title,
        "phase": phases.get(i.phase or "", ""),
        "minutes": ctx.n.minutes(f.interventions[i.id].total),
    }


def quantification(ctx: Context, i: Intervention, s: Scenario, f: ScenarioFigures) -> str:
    """``3 à 5 min par message (norme « … ») × 2 × 10 apprenants = 60 à 100 min``."""
    n, t, q = ctx.n, ctx.t, f.interventions[i.id]
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
        word = t["group_one"] if q.basis < 2 else t["group_many"]  # "2 sous-groupes"
        parts.append(f"{n.number(q.basis)} {word}")
    if len(parts) == 1:
        return parts[0]
    return " × ".join(parts) + f" = **{n.minutes(q.total)}**"


def timeline(ctx: Context, s: Scenario, f: ScenarioFigures) -> charts.Timeline:
    n, t = ctx.n, ctx.t
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
