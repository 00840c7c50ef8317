"""The *charte tutorale*, in its tutors' and its learners' versions."""

from __future__ import annotations

from ..domain.diffusion import Charter
from . import nav, urls
from .context import Context, Part


def pages(ctx: Context) -> Part:
    part = Part()
    diffusion = ctx.project.diffusion
    if diffusion is None or diffusion.charter is None:
        return part
    t = ctx.t
    links = [
        part.add(path, title, _render(ctx, diffusion.charter, path, audience))
        for path, title, audience in (
            (urls.CHARTER_TUTORS, t["charter_tutors"], "tutors"),
            (urls.CHARTER_LEARNERS, t["charter_learners"], "learners"),
        )
    ]
    part.nav = [nav.Section(t["charter"], tuple(links))]
    return part


def _render(ctx: Context, charter: Charter, page: str, audience: str) -> str:
    t, n = ctx.t, ctx.n
    channels = {c.id: c for c in charter.channels}
    hours = None
    if charter.response_hours is not None:
        hours = f"{n.span(charter.response_hours, n.number)} {t['hours_unit']}"
    requests = [
        {
            "request": q,
            "channel": channels[q.channel].title,
            "hours": f"{n.span(q.response_hours, n.number)} {t['hours_unit']}"
            if q.response_hours
            else "",
        }
        for q in charter.requests
    ]
    sheets = [
        {
            "role": role,
            "items": [
                (s.id, i)
                for s in ctx.project.scenarios
                for i in s.interventions
                if i.role == role.id
            ],
        }
        for role in ctx.project.roles
    ]
    return ctx.render(
        "charter.md.j2",
        page,
        audience=audience,
        charter=charter,
        hours=hours,
        requests=requests,
        sheets=sheets,
        response_text=t["response_time_text"].format(hours=hours) if hours else None,
    )
