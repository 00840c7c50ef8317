"""Pages of the charter, the tutors' own handbook per role, the diffusion plan and the exports."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import charts, exports
from .diffusion import Diffusion, economics, item_day, scale, weekly
from .figures import ScenarioFigures
from .model import ZERO, Range

if TYPE_CHECKING:
    from .render import Renderer

DOWNLOADS = "telechargements"
"""Folder of the downloadable files in the handbook."""

_FENCE = re.compile(r"^(`{3,}|~{3,})(message|guide)[^\n]*\n(.*?)^\1\s*$", re.M | re.S)


def snippets(body: str | None, kind: str) -> list[str]:
    """The ```message (templates) or ```guide (interview guides) blocks of a sheet body."""
    return [m.group(3) for m in _FENCE.finditer(body or "") if m.group(2) == kind]


def fence(text: str) -> str:
    """A fenced block holding ``text`` as it is, with a fence longer than any inside it."""
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    ticks = "`" * (longest + 1)
    return f"{ticks}text\n{text.rstrip()}\n{ticks}"


class Pages:
    """Collects Markdown pages, downloadable files and the nav of this part of the handbook."""

    def __init__(self, r: Renderer, figures: Mapping[str, ScenarioFigures]) -> None:
        self.r, self.figures = r, figures
        self.pages: dict[str, str] = {}
        self.files: dict[str, bytes] = {}
        self.nav: dict[str, list[Any]] = {}
        """Nav sections by part: ``charter``, ``roles``, ``plan``."""

    def add(self, path: str, title: str, text: str, *, wide: bool = False) -> dict[str, str]:
        self.pages[path] = self.r.page(title, text, wide=wide)
        return {self.r.nav_title(title): path}


def pages(r: Renderer, figures: Mapping[str, ScenarioFigures]) -> Pages:
    out = Pages(r, figures)
    diffusion = r.project.diffusion
    if diffusion is not None and diffusion.charter is not None:
        charter_pages(out, diffusion)
    role_pages(out)
    if diffusion is not None:
        plan_pages(out, diffusion)
    export_files(out)
    return out


def charter_pages(out: Pages, diffusion: Diffusion) -> None:
    r, t = out.r, out.r.t
    charter = diffusion.charter
    assert charter is not None
    channels = {c.id: c for c in charter.channels}
    hours = None
    if charter.response_hours is not None:
        hours = f"{r.n.span(charter.response_hours, r.n.number)} {t['hours_unit']}"
    requests = [
        {
            "request": q,
            "channel": channels[q.channel].title,
            "hours": f"{r.n.span(q.response_hours, r.n.number)} {t['hours_unit']}"
            if q.response_hours
            else "",
        }
        for q in charter.requests
    ]
    sheets = [
        {
            "role": role,
            "items": [
                (s.id, i) for s in r.project.scenarios for i in s.interventions if i.role == role.id
            ],
        }
        for role in r.project.roles
    ]
    context = {
        "charter": charter,
        "hours": hours,
        "requests": requests,
        "sheets": sheets,
        "response_text": t["response_time_text"].format(hours=hours) if hours else None,
    }
    entries = [
        out.add(
            "charte/tuteurs.md",
            t["charter_tutors"],
            r.render("charter.md.j2", audience="tutors", **context),
        ),
        out.add(
            "charte/apprenants.md",
            t["charter_learners"],
            r.render("charter.md.j2", audience="learners", **context),
        ),
    ]
    out.nav["charter"] = [{t["charter"]: entries}]


def role_pages(out: Pages) -> None:
    r, t = out.r, out.r.t
    entries = []
    for role in r.project.roles:
        rows, templates, guides = [], [], []
        week_totals: dict[int, Range] = {}
        for scenario in r.project.scenarios:
            f = out.figures[scenario.id]
            phases = {p.id: p.title for p in scenario.phases}
            order = {p.id: n for n, p in enumerate(scenario.phases)}
            mine = [i for i in scenario.interventions if i.role == role.id]
            mine.sort(
                key=lambda i: (
                    item_day(i.day, i.phase, scenario) or 0,
                    order.get(i.phase or "", len(order)),
                )
            )
            for item in mine:
                day = item_day(item.day, item.phase, scenario)
                start = exports.dated(scenario, day, item.time, r.project.timezone)
                rows.append(
                    {
                        "scenario": scenario,
                        "item": item,
                        "phase": phases.get(item.phase or "", ""),
                        "when": start.strftime("%Y-%m-%d %H:%M")
                        if start
                        else (f"{t['week']} {(day - 1) // 7 + 1}" if day else ""),
                        "minutes": r.n.minutes(f.interventions[item.id].total),
                        "link": r.sheet_link(scenario.id, item.id, "../"),
                    }
                )
                templates += [(item, fence(x)) for x in snippets(item.body, "message")]
                guides += [(item, fence(x)) for x in snippets(item.body, "guide")]
            for week, minutes in ((weekly(scenario, f) or {}).get(role.id) or {}).items():
                week_totals[week] = week_totals.get(week, ZERO) + minutes
        chart = None
        if week_totals:
            bars = [
                (
                    f"{t['week']} {w}",
                    week_totals[w],
                    ZERO,
                    r.n.hours(week_totals[w]),
                    f"{t['week']} {w} : {r.n.minutes(week_totals[w])}",
                )
                for w in sorted(week_totals)
            ]
            chart = r.svg(
                "charts/bars.svg", charts.bars(bars, f"{t['per_week']} — {role.title}"), {}
            )
        ics = exports.calendar(r.project, out.figures, role.id)
        if ics is not None:
            out.files[f"{DOWNLOADS}/{role.id}.ics"] = ics
        text = r.render(
            "role.md.j2",
            role=role,
            rows=rows,
            templates=templates,
            guides=guides,
            chart=chart,
            ics=f"../{DOWNLOADS}/{role.id}.ics" if ics else None,
        )
        entries.append(out.add(f"roles/{role.id}.md", f"{t['what_i_do']} — {role.title}", text))
    out.nav["roles"] = [{t["my_role"]: entries}]


def plan_pages(out: Pages, diffusion: Diffusion) -> None:
    r, t = out.r, out.r.t
    section: list[Any] = []
    objectives = {o.id: o for o in r.project.matrix.objectives}
    if diffusion.training:
        modules = []
        for module in diffusion.training:
            text = r.render(
                "training_module.md.j2",
                module=module,
                minutes=r.n.hours_of(module.minutes),
                roles=[r.roles[x].title for x in module.roles],
                objectives=[objectives[x] for x in module.matrix],
            )
            modules.append(out.add(f"diffusion/formation/{module.id}.md", module.title, text))
        total = sum(m.minutes for m in diffusion.training)
        index = out.add(
            "diffusion/formation/index.md",
            t["training"],
            r.render(
                "training.md.j2",
                modules=diffusion.training,
                hours=r.n.hours_of,
                total=r.n.hours_of(total),
                roles=r.roles,
            ),
        )
        section.append({t["training"]: [index, *modules]})
    if diffusion.communities:
        communities = []
        for community in diffusion.communities:
            base = f"diffusion/communautes/{community.id}"
            meetings = [
                out.add(
                    f"{base}/{m.date.isoformat()}.md",
                    f"{m.date.isoformat()} — {m.title}",
                    r.render("meeting.md.j2", community=community, meeting=m),
                )
                for m in community.meetings
            ]
            index = out.add(
                f"{base}/index.md",
                community.title,
                r.render(
                    "community.md.j2",
                    community=community,
                    members=[r.roles[x].title for x in community.members],
                ),
            )
            communities.append({r.nav_title(community.title): [index, *meetings]})
        section.append({t["communities"]: communities})
    section.append(followup_page(out))
    section.append(economics_page(out, diffusion))
    out.nav["plan"] = [{t["diffusion"]: section}]


def followup_page(out: Pages) -> dict[str, str]:
    r, t = out.r, out.r.t
    blocks = []
    for scenario in r.project.scenarios:
        f = out.figures[scenario.id]
        sheet = f"{DOWNLOADS}/suivi-{scenario.id}.csv"
        out.files[sheet] = exports.followup_csv(r.project, scenario, t["learner"])
        lists = []
        for role in r.project.roles:
            rows = exports.checklist_rows(r.project, scenario, f, role.id)
            if not rows:
                continue
            path = f"{DOWNLOADS}/liste-{scenario.id}-{role.id}.csv"
            out.files[path] = exports.checklist_csv(
                r.project, scenario, f, role.id, t["checklist_header"]
            )
            lists.append({"role": role, "rows": rows, "csv": f"../{path}"})
        blocks.append(
            {
                "scenario": scenario,
                "csv": f"../{sheet}",
                "lists": lists,
                "learners": range(1, scenario.learners + 1),
            }
        )
    return out.add(
        "diffusion/suivi.md", t["followup"], r.render("followup.md.j2", blocks=blocks), wide=True
    )


def economics_page(out: Pages, diffusion: Diffusion) -> dict[str, str]:
    r, t, n = out.r, out.r.t, out.r.n
    blocks = []

    def money(value: Range) -> str:
        return f"{r.n.span(value, lambda x: n.number(x, 2))} {r.project.currency}"

    for scenario in r.project.scenarios:
        f = out.figures[scenario.id]
        e = economics(scenario, f, r.roles)
        roles = [
            {
                "title": r.roles[x].title,
                "minutes": n.minutes(f.roles[x]),
                "hourly": f"{n.number(r.roles[x].hourly_cost or 0, 2)} {r.project.currency}",
                "cost": money(c),
            }
            for x, c in e.role_costs.items()
        ]
        rows: list[dict[str, Any]] = []
        chart = None
        if diffusion.scaling is not None:
            scaled = scale(scenario, diffusion.scaling, r.norms, r.roles)
            rows = [
                {
                    "learners": row.learners,
                    "tutoring": n.hours(row.tutoring),
                    "cost": money(row.cost),
                    "tutors": [row.tutors.get(x.id) for x in r.project.roles],
                }
                for row in scaled
            ]
            bars = [
                (
                    f"{row.learners} {t['learners'].lower()}",
                    row.cost,
                    ZERO,
                    money(row.cost),
                    money(row.cost),
                )
                for row in scaled
            ]
            chart = r.svg("charts/bars.svg", charts.bars(bars, t["scaling_caption"]), {})
        blocks.append(
            {
                "scenario": scenario,
                "e": e,
                "roles": roles,
                "total": money(e.total),
                "per_learner": money(e.per_learner),
                "per_hour": money(e.per_course_hour),
                "uncosted": [r.roles[x].title for x in e.uncosted],
                "rows": rows,
                "chart": chart,
            }
        )
    return out.add(
        "diffusion/economie.md",
        t["economics"],
        r.render("economics.md.j2", blocks=blocks, roles=r.project.roles),
        wide=True,
    )


def export_files(out: Pages) -> None:
    out.files[f"{DOWNLOADS}/interventions.csv"] = exports.interventions_csv(
        out.r.project, out.figures
    )
