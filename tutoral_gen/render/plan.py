"""Pages of the *plan de diffusion*: tutor training, communities of practice, follow-up tools
and the economic model; and the CSV of every intervention."""

from __future__ import annotations

from typing import Any

from ..domain.diffusion import Community, Diffusion
from ..domain.quantity import ZERO, Range
from . import charts, exports, nav, urls
from .context import Context, Part
from .markup import escape_md

TRAINING = "content/training.yaml"


def pages(ctx: Context) -> Part:
    part = Part()
    part.files[urls.INTERVENTIONS_CSV] = exports.interventions_csv(
        ctx.project, ctx.figures, ctx.t, lambda s, make: ctx.share(s, "csv", make)
    )
    diffusion = ctx.project.diffusion
    if diffusion is None:
        return part
    section: list[nav.Item] = []
    if diffusion.training:
        section.append(training(ctx, diffusion, part))
    if diffusion.communities:
        communities = [community(ctx, c, part) for c in diffusion.communities]
        section.append(nav.Section(ctx.t["communities"], tuple(communities)))
    section.append(followup_page(ctx, part))
    section.append(economics_page(ctx, part))
    part.nav = [nav.Section(ctx.t["diffusion"], tuple(section))]
    return part


def training(ctx: Context, diffusion: Diffusion, part: Part) -> nav.Section:
    t, n = ctx.t, ctx.n
    objectives = {o.id: o for o in ctx.project.matrix.objectives}
    modules = []
    for module in diffusion.training:
        page = urls.training_module(module.id)
        text = ctx.render(
            "training_module.md.j2",
            page,
            module=module,
            minutes=n.hours_of(module.minutes),
            roles=[ctx.roles[x].title for x in module.roles],
            objectives=[objectives[x] for x in module.matrix],
        )
        modules.append(part.add(page, module.title, text, source=TRAINING))
    text = ctx.render(
        "training.md.j2",
        urls.TRAINING,
        modules=diffusion.training,
        hours=n.hours_of,
        total=n.hours_of(ctx.figures.training_minutes),
        roles=ctx.roles,
    )
    index = part.add(urls.TRAINING, t["training"], text, source=TRAINING)
    return nav.Section(t["training"], (index, *modules))


def community(ctx: Context, c: Community, part: Part) -> nav.Section:
    meetings = [
        part.add(
            urls.meeting(c.id, m.date),
            f"{ctx.n.date(m.date)} — {m.title}",
            ctx.render("meeting.md.j2", urls.meeting(c.id, m.date), community=c, meeting=m),
        )
        for m in c.meetings
    ]
    members = [ctx.roles[x].title for x in c.members]
    text = ctx.render("community.md.j2", urls.community(c.id), community=c, members=members)
    index = part.add(urls.community(c.id), c.title, text, source=f"content/communities/{c.id}.yaml")
    return nav.Section(c.title, (index, *meetings))


def followup_page(ctx: Context, part: Part) -> nav.Item:
    """Each scenario's learner follow-up sheet and weekly checklists per role, with their CSV;
    a large handbook gives each scenario its own page, listed on the main one."""
    t, blocks, links = ctx.t, [], []
    for scenario in ctx.project.scenarios:
        page = urls.followup(scenario.id) if ctx.volumes else urls.FOLLOWUP
        f = ctx.figures.scenarios[scenario.id]
        sheet = urls.followup_csv(scenario.id)
        part.files[sheet] = exports.followup_csv(ctx.project, scenario, t["learner"])
        lists = []
        for role in ctx.project.roles:
            schedule = ctx.figures.schedule[scenario.id]
            rows = exports.checklist_rows(scenario, f, schedule, role.id)
            if not rows:
                continue
            path = urls.checklist_csv(scenario.id, role.id)
            header = t["checklist_header"]
            part.files[path] = exports.checklist_csv(rows, header, ctx.project.language)
            shown = [[*r[:-1], _minutes(ctx, r[-1])] for r in rows]
            lists.append({"role": role, "rows": shown, "csv": urls.relative(page, path)})
        block = {
            "scenario": scenario,
            "csv": urls.relative(page, sheet),
            "lists": lists,
            "learners": range(1, scenario.learners + 1),
        }
        if not ctx.volumes:
            blocks.append(block)
            continue
        text = ctx.render("followup.md.j2", page, blocks=[block], volumes=[])
        links.append(part.add(page, f"{t['followup']} — {scenario.title}", text, wide=True))
    volumes = [{"title": k.title, "link": urls.relative(urls.FOLLOWUP, k.path)} for k in links]
    text = ctx.render("followup.md.j2", urls.FOLLOWUP, blocks=blocks, volumes=volumes)
    main = part.add(urls.FOLLOWUP, t["followup"], text, wide=True)
    return nav.Section(t["followup"], (main, *links)) if links else main


def economics_page(ctx: Context, part: Part) -> nav.Link:
    page = urls.ECONOMICS
    blocks = [_economics(ctx, s.id) for s in ctx.project.scenarios]
    text = ctx.render("economics.md.j2", page, blocks=blocks, roles=ctx.project.roles)
    return part.add(page, ctx.t["economics"], text, wide=True, source="content/economics.yaml")


def _economics(ctx: Context, scenario_id: str) -> dict[str, Any]:
    t, n, project = ctx.t, ctx.n, ctx.project
    scenario = next(s for s in project.scenarios if s.id == scenario_id)
    f, e = ctx.figures.scenarios[scenario_id], ctx.figures.economics[scenario_id]

    def money(value: Range) -> str:  # in Markdown: the currency is text from YAML
        return n.money(value, escape_md(project.currency))

    roles = [
        {
            "title": ctx.roles[x].title,
            "minutes": n.minutes(f.roles[x]),
            "hourly": n.money(ctx.roles[x].hourly_cost or 0, escape_md(project.currency)),
            "cost": money(c),
        }
        for x, c in e.role_costs.items()
    ]
    scaled = ctx.figures.scaling.get(scenario_id, ())
    rows = [
        {
            "learners": row.learners,
            "tutoring": n.hours(row.minutes),
            "cost": money(row.cost),
            "tutors": [row.tutors.get(x.id) for x in project.roles],
        }
        for row in scaled
    ]
    chart = None
    if scaled:
        bars = [
            (
                f"{row.learners} {t['learners'].lower()}",
                row.cost,
                ZERO,
                n.money(row.cost, project.currency),
                n.money(row.cost, project.currency),
            )
            for row in scaled
        ]
        chart = ctx.svg("charts/bars.svg", charts.bars(bars, t["scaling_caption"]))
    return {
        "scenario": scenario,
        "e": e,
        "roles": roles,
        "total": money(e.total),
        "per_learner": money(e.per_learner),
        "per_hour": money(e.per_course_hour),
        "uncosted": [ctx.roles[x].title for x in e.uncosted],
        "rows": rows,
        "chart": chart,
    }


def _minutes(ctx: Context, text: str) -> str:
    """A checklist's minutes as its CSV keeps them (``202.5``, ``3-5``), written for the page
    (``202,5``, ``3 à 5``)."""
    low, _, high = text.partition("-")
    return ctx.n.span(Range(float(low), float(high or low)), ctx.n.number)
