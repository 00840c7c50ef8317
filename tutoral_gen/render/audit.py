"""Pages of the *audit tutoral*: the plan, the guides, plan versus actual, the findings."""

from __future__ import annotations

from typing import Any

from ..domain.audit import Audit, Status
from ..domain.plan_actual import Comparison, ScenarioAudit
from ..domain.quantity import ZERO
from ..domain.scenario import Scenario
from ..domain.trace_figures import ALL, settings_of
from . import charts, grid, nav, survey, traces, urls
from .context import Context, Part

SOURCE = survey.SOURCE


def pages(ctx: Context) -> Part:
    """The audit's pages and their nav section (nothing if the project has no audit)."""
    part, audit, t = Part(), ctx.project.audit, ctx.t
    if audit is None:
        return part
    page = urls.AUDIT
    items: list[nav.Item] = [
        part.add(page, t["audit_page"], audit_page(ctx, audit), source=SOURCE),
        part.add(
            urls.PLAN_ACTUAL,
            t["plan_actual"],
            plan_actual_page(ctx, audit),
            wide=True,
            source=SOURCE,
        ),
        part.add(urls.FINDINGS, t["findings_page"], findings_page(ctx, audit), source=SOURCE),
    ]
    if audit.criteria:
        items.insert(1, part.add(urls.GRID, t["grid"], grid.page(ctx), wide=True, source=SOURCE))
    if audit.traces or audit.trace_settings:
        text = traces.page(ctx)
        items.insert(2, part.add(urls.TRACES, t["traces_page"], text, wide=True, source=SOURCE))
    items += survey.pages(ctx, part)
    part.nav = [nav.Section(t["audit_page"], tuple(items))]
    return part


def audit_page(ctx: Context, audit: Audit) -> str:
    """The audit's plan: its questions, convoked data (the platform's traces among them),
    provoked data and the analysis grid, each criterion with the figures its findings cite."""
    n = ctx.n
    traces = [
        {
            "title": s.title,
            "rows": n.number(sum(src.rows for src in ctx.figures.traces[s.id].sources), 0),
            "formats": ", ".join(
                ctx.t["export_formats"].get(src.format, src.format)
                for src in ctx.figures.traces[s.id].sources
            ),
            "first": n.when(ctx.figures.traces[s.id].first[:10], year=True),
            "last": n.when(ctx.figures.traces[s.id].last[:10], year=True),
        }
        for s in ctx.project.scenarios
        if s.id in ctx.figures.traces
    ]
    measures: dict[str, list[str]] = {c.id: [] for c in audit.criteria}
    for finding in audit.findings:
        for criterion in finding.criteria:
            values = [figure_value(ctx, ref) for ref in finding.figures]
            measures[criterion] += [v for v in values if v not in measures[criterion]]
    return ctx.render("audit.md.j2", urls.AUDIT, audit=audit, traces=traces, measures=measures)


def _comparison(ctx: Context, c: Comparison) -> dict[str, Any]:
    n = ctx.n
    return {
        "c": c,
        "verdict": ctx.t["verdicts"][c.verdict],
        "planned": n.minutes(c.planned),
        "actual": n.minutes(c.actual),
        "ratio": n.number(c.ratio, 2) if c.ratio is not None else "—",
    }


def _block(ctx: Context, scenario: Scenario, a: ScenarioAudit, titles: dict[str, str]) -> Any:
    n, t, page = ctx.n, ctx.t, urls.PLAN_ACTUAL
    roles = [{"title": ctx.roles[r].title, **_comparison(ctx, c)} for r, c in a.roles.items()]
    chart = charts.pairs(
        [
            (
                row["title"],
                row["c"].planned,
                row["c"].actual,
                f"{row['actual']}",
                f"{row['title']}{t['colon']} {t['planned'].lower()} {row['planned']},"
                f" {t['actual'].lower()} {row['actual']}",
            )
            for row in roles
        ],
        f"{t['plan_actual']} — {scenario.title}",
    )
    activities = [
        {
            "id": key,
            "title": titles.get(key, key),
            "link": ctx.sheet_link(page, key) if key in ctx.owners else None,
            **_comparison(ctx, c),
        }
        for key, c in a.activities.items()
    ]
    return {
        "scenario": scenario,
        "a": a,
        "tutoring_planned": n.minutes(a.tutoring.planned),
        "tutoring_actual": n.minutes(a.tutoring.actual),
        "rate_planned": n.rate(ctx.figures.scenarios[scenario.id].rate),
        "rate_actual": n.rate_of(a.actual_rate),
        "basis": ctx.figures.scenarios[scenario.id].rate_basis.value,
        "roles": roles,
        "svg": ctx.svg("charts/pairs.svg", chart),
        "activities": activities,
        "missing": [row for row in activities if row["c"].verdict == "missing"],
        "unplanned": [
            {"entry": e, "role": ctx.roles[e.role].title, "minutes": n.minutes(e.minutes)}
            for e in a.unplanned
        ],
        "unplanned_total": n.minutes(a.unplanned_minutes),
    }


def plan_actual_page(ctx: Context, audit: Audit) -> str:
    """Plan versus the tutors' log; without a log, no actual of zero: the page says the log
    was not kept and sets the plan beside what the platform's traces measured, if anything."""
    if not audit.log:
        unlogged = [_unlogged(ctx, s) for s in ctx.project.scenarios]
        return ctx.render(
            "audit_plan_actual.md.j2", urls.PLAN_ACTUAL, blocks=[], unlogged=unlogged, rows=0
        )
    titles = {i.id: i.title for s in ctx.project.scenarios for i in s.interventions}
    classes = ctx.t["virtual_classes"]
    titles |= {c.id: c.title or classes for s in ctx.project.scenarios for c in s.virtual_classes}
    blocks = [
        _block(ctx, s, ctx.figures.audit[s.id], titles)
        for s in ctx.project.scenarios
        if s.id in ctx.figures.audit
    ]
    return ctx.render(
        "audit_plan_actual.md.j2", urls.PLAN_ACTUAL, blocks=blocks, unlogged=[], rows=len(audit.log)
    )


def _unlogged(ctx: Context, scenario: Scenario) -> dict[str, Any]:
    """A scenario's planned time per role beside its tutors' traced time: no rows without
    traces, and "—" for a role none of whose accounts the traces follow (nothing measured is
    not zero)."""
    n, traced = ctx.n, ctx.figures.traces.get(scenario.id)
    if traced is None:
        return {"scenario": scenario, "roles": [], "untracked": False}
    planned = {r: c.planned for r, c in ctx.figures.audit[scenario.id].roles.items()}
    minutes = traced.tutor_minutes
    keys = [*planned, *(r for r in minutes if r not in planned)]
    rows = [
        {
            "title": ctx.roles[r].title,
            "planned": n.minutes(planned.get(r, ZERO)),
            "traced": n.minutes(minutes[r]) if r in minutes else "—",
        }
        for r in keys
    ]
    return {"scenario": scenario, "roles": rows, "untracked": any(r not in minutes for r in keys)}


def figure_value(ctx: Context, ref: str) -> str:
    """A finding's figure reference, written out: ``module-1 — taux tutoral réel : 0,1``."""
    n, t, results = ctx.n, ctx.t, ctx.figures.audit
    subject, _, kind = ref.partition(":")
    if kind == "ratio":
        scenario = ctx.owners[subject]
        c = results[scenario].activities[subject] if scenario in results else None
        if c is None or c.ratio is None:
            return f"{subject} — {t['ratio'].lower()}{t['colon']} —"
        return (
            f"{subject} — {t['ratio'].lower()}{t['colon']} {n.number(c.ratio, 2)}"
            f" ({n.minutes(c.actual)} / {n.minutes(c.planned)})"
        )
    traced = _traced_value(ctx, subject, kind)
    if traced is not None:
        return traced
    if kind.startswith("level:"):
        return _level_value(ctx, subject, kind.split(":", 1)[1])
    f, a = ctx.figures.scenarios[subject], results.get(subject)
    if kind == "rate":
        return f"{subject} — {t['rate'].lower()}{t['colon']} {n.rate(f.rate)}"
    if kind == "tutoring":
        return f"{subject} — {t['tutoring_time'].lower()}{t['colon']} {n.minutes(f.tutoring)}"
    if kind == "actual-rate":
        value = n.rate_of(a.actual_rate) if a else "—"
        return f"{subject} — {t['actual_rate'].lower()}{t['colon']} {value}"
    if kind == "actual-tutoring":
        value = n.minutes(a.tutoring.actual) if a else "—"
        return f"{subject} — {t['tutoring_time'].lower()} ({t['actual'].lower()}) : {value}"
    role = kind.split(":", 1)[1]
    c = a.roles.get(role) if a else None
    title = ctx.roles[role].title
    if c is None:
        return f"{subject} — {title}{t['colon']} —"
    return (
        f"{subject} — {title}{t['colon']} {t['planned'].lower()} {n.minutes(c.planned)},"
        f" {t['actual'].lower()} {n.minutes(c.actual)}"
    )


def _traced_value(ctx: Context, subject: str, kind: str) -> str | None:
    """A figure of the platform's traces, written out; None for another kind of figure."""
    n, t = ctx.n, ctx.t
    name, _, channel = kind.partition(":")
    if name not in ("traced-rate", "traced-tutoring", "responses", "inactive"):
        return None
    f = ctx.figures.traces.get(subject)
    if f is None:
        return f"{subject} — {t['traces_page'].lower()}{t['colon']} —"
    if name == "traced-rate":
        return f"{subject} — {t['traced_rate'].lower()}{t['colon']} {n.rate_of(f.actual_rate)}"
    if name == "traced-tutoring":
        what = f"{t['tutoring_time'].lower()} ({t['traced'].lower()})"
        return f"{subject} — {what}{t['colon']} {n.minutes(f.tutoring_minutes)}"
    if name == "inactive":
        audit = ctx.project.audit
        settings = settings_of(audit.trace_settings, subject) if audit else None
        days = settings.inactive_days if settings else "?"
        return f"{subject} — " + str(t["traced_inactive"]).format(
            days=days, learners=f.inactive.learners, episodes=f.inactive.episodes
        )
    r = f.responses.get(channel or ALL)
    if r is None:
        return f"{subject} — {channel}{t['colon']} —"
    hours = "—" if r.median_hours is None else n.number(r.median_hours, 1)
    charter = ctx.project.diffusion.charter if ctx.project.diffusion else None
    titles = {c.id: c.title for c in charter.channels} if charter else {}
    return f"{subject} — " + str(t["traced_responses"]).format(
        channel=titles.get(channel, channel) if channel else t["all_channels"].lower(),
        within="—" if r.answered_within is None else r.answered_within,
        posts=r.posts,
        median=hours,
    )


def _level_value(ctx: Context, subject: str, criterion_id: str) -> str:
    """A criterion's level reached by a scenario: ``module-1 — C3 : niveau 1. Dépasse...``."""
    audit = ctx.project.audit
    criterion = next(c for c in audit.criteria if c.id == criterion_id) if audit else None
    scored = ctx.figures.grid.get(criterion_id, {}).get(subject)
    if criterion is None or scored is None:
        return f"{subject} — {criterion_id}{ctx.t['colon']} —"
    name = criterion.scale[scored.level - 1] if scored.level <= len(criterion.scale) else ""
    level = f"{ctx.t['grid_level'].lower()} {scored.level}. {name}".rstrip(". ")
    return f"{subject} — {criterion.id} {criterion.title}{ctx.t['colon']} {level}"


def findings_page(ctx: Context, audit: Audit) -> str:
    criteria = {c.id: c for c in audit.criteria}
    rows: list[dict[str, Any]] = [
        {
            "finding": f,
            "criteria": [criteria[c] for c in f.criteria],
            "figures": [figure_value(ctx, ref) for ref in f.figures],
            "changes": [
                {"id": i, "link": ctx.sheet_link(urls.FINDINGS, i)}
                for i in f.changes
                if i in ctx.owners
            ],
        }
        for f in audit.findings
    ]
    statuses = [(s, [row for row in rows if row["finding"].status is s]) for s in Status]
    return ctx.render(
        "audit_findings.md.j2",
        urls.FINDINGS,
        rows=rows,
        statuses=[(s, found) for s, found in statuses if found],
    )
