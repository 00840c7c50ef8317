"""Pages of the *audit tutoral*: the plan, the guides, plan versus actual, the findings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import charts
from .audit import Audit, ScenarioAudit, compare
from .figures import ScenarioFigures

if TYPE_CHECKING:
    from .render import Renderer

BASE = "audit"
"""Folder of the audit's pages in the handbook."""


def audits(
    audit: Audit, r: Renderer, figures: Mapping[str, ScenarioFigures]
) -> dict[str, ScenarioAudit]:
    """Plan versus actual for every scenario the log speaks of (all of them if it is empty)."""
    logged = {e.scenario for e in audit.log}
    return {
        s.id: compare(s, figures[s.id], audit.log)
        for s in r.project.scenarios
        if s.id in logged or not logged
    }


def pages(r: Renderer, figures: Mapping[str, ScenarioFigures]) -> tuple[dict[str, str], list[Any]]:
    """The audit's pages and their nav section (nothing if the project has no audit)."""
    audit = r.project.audit
    if audit is None:
        return {}, []
    t = r.t
    results = audits(audit, r, figures)
    out = {
        f"{BASE}/index.md": r.page(t["audit_page"], r.render("audit.md.j2", audit=audit)),
        f"{BASE}/ecarts.md": r.page(
            t["plan_actual"], plan_actual_page(r, audit, figures, results), wide=True
        ),
        f"{BASE}/constats.md": r.page(
            t["findings_page"], findings_page(r, audit, figures, results)
        ),
    }
    guides = []
    for guide in audit.guides:
        path = f"{BASE}/guides/{guide.id}.md"
        out[path] = r.page(guide.title, r.render("audit_guide.md.j2", guide=guide))
        guides.append({r.nav_title(guide.title): path})
    section: list[Any] = [
        {r.nav_title(t["audit_page"]): f"{BASE}/index.md"},
        {r.nav_title(t["plan_actual"]): f"{BASE}/ecarts.md"},
        {r.nav_title(t["findings_page"]): f"{BASE}/constats.md"},
    ]
    if guides:
        section.append({t["guides"]: guides})
    return out, [{t["audit_page"]: section}]


def plan_actual_page(
    r: Renderer,
    audit: Audit,
    figures: Mapping[str, ScenarioFigures],
    results: Mapping[str, ScenarioAudit],
) -> str:
    n, t = r.n, r.t
    blocks = []
    titles = {i.id: i.title for s in r.project.scenarios for i in s.interventions}
    titles.update(
        {
            c.id: c.title or t["virtual_classes"]
            for s in r.project.scenarios
            for c in s.virtual_classes
        }
    )
    for scenario in r.project.scenarios:
        if scenario.id not in results:
            continue
        a, f = results[scenario.id], figures[scenario.id]
        roles = [
            {
                "title": r.roles[role].title,
                "c": c,
                "verdict": t["verdicts"][c.verdict],
                "planned": n.minutes(c.planned),
                "actual": n.minutes(c.actual),
                "ratio": n.number(c.ratio, 2) if c.ratio is not None else "—",
            }
            for role, c in a.roles.items()
        ]
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
                "c": c,
                "link": r.sheet_link(scenario.id, key, "../") if key in r.owners else None,
                "verdict": t["verdicts"][c.verdict],
                "planned": n.minutes(c.planned),
                "actual": n.minutes(c.actual),
                "ratio": n.number(c.ratio, 2) if c.ratio is not None else "—",
            }
            for key, c in a.activities.items()
        ]
        blocks.append(
            {
                "scenario": scenario,
                "a": a,
                "tutoring_planned": n.minutes(a.tutoring.planned),
                "tutoring_actual": n.minutes(a.tutoring.actual),
                "rate_planned": n.rate(f.rate),
                "rate_actual": n.rate_of(a.actual_rate),
                "roles": roles,
                "svg": r.svg("charts/pairs.svg", chart, {}),
                "activities": activities,
                "missing": [row for row in activities if row["c"].verdict == "missing"],
                "unplanned": [
                    {"entry": e, "role": r.roles[e.role].title, "minutes": n.minutes(e.minutes)}
                    for e in a.unplanned
                ],
                "unplanned_total": n.minutes(sum(e.minutes for e in a.unplanned)),
            }
        )
    return r.render("audit_plan_actual.md.j2", blocks=blocks, audit=audit, rows=len(audit.log))


def figure_value(
    ref: str,
    r: Renderer,
    figures: Mapping[str, ScenarioFigures],
    results: Mapping[str, ScenarioAudit],
) -> str:
    """A finding's figure reference, written out: ``module-1 — taux tutoral réel : 0,1``."""
    n, t = r.n, r.t
    subject, _, kind = ref.partition(":")
    if kind == "ratio":
        scenario = r.owners[subject]
        c = results[scenario].activities[subject] if scenario in results else None
        if c is None or c.ratio is None:
            return f"{subject} — {t['ratio'].lower()}{t['colon']} —"
        return (
            f"{subject} — {t['ratio'].lower()}{t['colon']} {n.number(c.ratio, 2)}"
            f" ({n.minutes(c.actual)} / {n.minutes(c.planned)})"
        )
    f, a = figures[subject], results.get(subject)
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
    title = r.roles[role].title
    if c is None:
        return f"{subject} — {title}{t['colon']} —"
    return (
        f"{subject} — {title}{t['colon']} {t['planned'].lower()} {n.minutes(c.planned)},"
        f" {t['actual'].lower()} {n.minutes(c.actual)}"
    )


def findings_page(
    r: Renderer,
    audit: Audit,
    figures: Mapping[str, ScenarioFigures],
    results: Mapping[str, ScenarioAudit],
) -> str:
    criteria = {c.id: c for c in audit.criteria}
    rows = [
        {
            "finding": f,
            "criteria": [criteria[c] for c in f.criteria],
            "figures": [figure_value(ref, r, figures, results) for ref in f.figures],
        }
        for f in audit.findings
    ]
    return r.render("audit_findings.md.j2", rows=rows)
