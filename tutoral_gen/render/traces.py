"""The *Traces de la plateforme* page: what the learning platform's logs measured, beside the plan.

Per scenario measured: where the data came from and how much of it there was, the tutors' time
per role against the plan, the actual rate on the rate scale, the answer delays per channel
against the charter's promise, the forums no channel names, and the learners' activity week by
week. Only aggregates reach this page: it is built from ``content/audit/traces/*.yaml``.
"""

from __future__ import annotations

from typing import Any

from ..domain.quantity import ZERO, Range
from ..domain.scenario import Scenario
from ..domain.trace_figures import ALL, Responses, TracedFigures
from ..domain.traces import TraceSettings
from ..i18n import NBSP
from . import charts, delays, urls
from .context import Context


def page(ctx: Context) -> str:
    """The page, one block per scenario measured."""
    audit = ctx.project.audit
    settings = {s.scenario: s for s in audit.trace_settings} if audit else {}
    blocks = [
        _block(ctx, s, ctx.figures.traces[s.id], settings.get(s.id))
        for s in ctx.project.scenarios
        if s.id in ctx.figures.traces
    ]
    configured = [s for s in settings if s not in ctx.figures.traces]
    return ctx.render("audit_traces.md.j2", urls.TRACES, blocks=blocks, configured=configured)


def _block(
    ctx: Context, scenario: Scenario, f: TracedFigures, settings: TraceSettings | None
) -> dict[str, Any]:
    n, t = ctx.n, ctx.t
    planned = ctx.figures.scenarios[scenario.id]
    roles = _roles(ctx, f, scenario)
    return {
        "scenario": scenario,
        "f": f,
        "settings": settings,
        "sources": ", ".join(
            f"{t['export_formats'].get(s.format, s.format)}"
            f" ({s.files} {n.plural(s.files, t['files'])},"
            f" {n.number(s.rows, 0)} {t['rows']})"
            for s in f.sources
        ),
        "period": f"{n.when(f.first[:16], year=True)} → {n.when(f.last[:16], year=True)}",
        "events": n.number(f.events, 0),
        "course": (
            t["traces_course_text"].format(course=f.course)
            if f.course is not None
            else t["traces_course_none"]
        ),
        "left_out": [
            (t["traces_other_courses"], n.number(f.other_courses, 0)),
            (t["traces_site_events"], n.number(f.site_events, 0)),
            (t["traces_platform_events"], n.number(f.platform_events, 0)),
        ],
        "dates": ", ".join(
            dict.fromkeys(t["traces_date_orders"][s.date_order] for s in f.sources if s.date_order)
        ),
        "roles": roles,
        "roles_svg": _roles_chart(ctx, roles, scenario),
        "tutoring_planned": n.minutes(planned.tutoring),
        "tutoring_traced": f"{n.minutes(f.tutoring_minutes)} ({n.hours_of(f.tutoring_minutes)})",
        "rate_planned": n.rate(planned.rate),
        "rate_traced": n.rate_of(f.actual_rate),
        "scale_svg": _scale(ctx, scenario, f),
        "channels": _channels(ctx, f),
        "delays_svg": _delays(ctx, scenario, f),
        "forums": [
            {"name": forum.name or forum.activity, "activity": forum.activity, "posts": forum.posts}
            for forum in f.forums
        ],
        "weeks_svg": _weeks(ctx, scenario, f),
        "weeks": [
            {"start": ctx.n.day_month(w.start), "learners": w.learners, "posts": w.posts}
            for w in f.weeks
        ],
    }


def _roles(ctx: Context, f: TracedFigures, scenario: Scenario) -> list[dict[str, Any]]:
    """Each tutor role's planned interventions and traced sessions."""
    n = ctx.n
    planned = ctx.figures.scenarios[scenario.id].role_interventions
    rows = []
    for role, minutes in f.tutor_minutes.items():
        plan = planned.get(role, ZERO)
        rows.append(
            {
                "title": ctx.roles[role].title if role in ctx.roles else role,
                "plan": plan,
                "minutes": minutes,
                "planned": n.minutes(plan),
                "traced": f"{n.minutes(minutes)} ({n.hours_of(minutes)})",
                "sessions": f.sessions.get(role, 0),
                "accounts": f.accounts.get(role, 0),
            }
        )
    return rows


def _roles_chart(ctx: Context, roles: list[dict[str, Any]], scenario: Scenario) -> str:
    n, t = ctx.n, ctx.t
    chart = charts.pairs(
        [
            (
                r["title"],
                r["plan"],
                r["minutes"],
                n.minutes(r["minutes"]),
                f"{r['title']}{t['colon']} {t['planned'].lower()} {r['planned']},"
                f" {t['traced'].lower()} {n.minutes(r['minutes'])}",
            )
            for r in roles
        ],
        f"{t['traces_roles']} — {scenario.title}",
    )
    return ctx.svg("charts/pairs.svg", chart)


def _scale(ctx: Context, scenario: Scenario, f: TracedFigures) -> str:
    n, t = ctx.n, ctx.t
    plan = ctx.figures.scenarios[scenario.id].rate
    rows = [
        (t["planned"], plan, n.rate(plan), f"{t['planned']}{t['colon']} {n.rate(plan)}"),
        (
            t["traced"],
            Range.of(f.actual_rate),
            n.rate_of(f.actual_rate),
            f"{t['traced']}{t['colon']} {n.rate_of(f.actual_rate)}",
        ),
    ]
    bands = [(b.label, b.max) for b in ctx.project.rate_scale]
    chart = charts.rate_scale(rows, bands, f"{t['rate']} — {scenario.title}", n.rate_of)
    return ctx.svg("charts/scale.svg", chart)


def _hours(ctx: Context, hours: float | None, whole: bool = False) -> str:
    """``3,5 h``; ``48 h`` rather than ``48,0 h`` when ``whole`` (an axis, a promise)."""
    if hours is None:
        return "—"
    return f"{ctx.n.number(hours, 0 if whole and float(hours).is_integer() else 1)}{NBSP}h"


def _channels(ctx: Context, f: TracedFigures) -> list[dict[str, Any]]:
    charter = ctx.project.diffusion.charter if ctx.project.diffusion else None
    titles = {c.id: c.title for c in charter.channels} if charter else {}
    rows = []
    for channel, r in f.responses.items():
        rows.append(
            {
                "title": ctx.t["all_channels"] if channel == ALL else titles.get(channel, channel),
                "all": channel == ALL,
                "promise": _hours(ctx, r.promise_hours),
                "posts": r.posts,
                "within": _within(ctx, r),
                "unanswered": r.unanswered,
                "median": _hours(ctx, r.median_hours),
                "p90": _hours(ctx, r.p90_hours),
            }
        )
    return rows


def _within(ctx: Context, r: Responses) -> str:
    if r.answered_within is None:
        return "—"
    share = f" ({ctx.n.percent(100 * r.answered_within / r.posts)})" if r.posts else ""
    return f"{r.answered_within}{share}"


def _delays(ctx: Context, scenario: Scenario, f: TracedFigures) -> str:
    t = ctx.t
    rows = []
    for row, (channel, r) in zip(_channels(ctx, f), f.responses.items(), strict=True):
        if channel == ALL or r.median_hours is None:
            continue
        value = f"{row['median']} · {row['p90']}"
        tooltip = (
            f"{row['title']}{t['colon']} {t['median'].lower()} {row['median']},"
            f" {t['p90'].lower()} {row['p90']}, {t['promise'].lower()} {row['promise']}"
        )
        rows.append(
            (row["title"], r.median_hours, r.p90_hours or 0.0, r.promise_hours, value, tooltip)
        )
    if not rows:
        return ""
    title = f"{t['traces_delays']} — {scenario.title}"
    chart = delays.delays(rows, title, t["promise"], lambda h: _hours(ctx, h, whole=True))
    return ctx.svg("charts/delays.svg", chart)


def _weeks(ctx: Context, scenario: Scenario, f: TracedFigures) -> str:
    t = ctx.t
    rows = [
        (
            ctx.n.day_month(w.start),
            Range.of(w.learners),
            ZERO,
            str(w.learners),
            f"{t['week_of']} {ctx.n.day_month(w.start)}{t['colon']} {w.learners}"
            f" {t['learners_active'].lower()}",
        )
        for w in f.weeks
    ]
    if not rows:
        return ""
    return ctx.svg(
        "charts/bars.svg", charts.bars(rows, f"{t['learners_active']} — {scenario.title}")
    )
