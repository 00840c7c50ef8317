"""The *charte tutorale*, in its tutors' and its learners' versions."""

from __future__ import annotations

from ..domain.diffusion import Charter
from ..domain.quantity import Range
from ..i18n import NBSP
from . import nav, urls
from .context import Context, Part

SOURCE = "content/charter.yaml"


def pages(ctx: Context) -> Part:
    part = Part()
    diffusion = ctx.project.diffusion
    if diffusion is None or diffusion.charter is None:
        return part
    t = ctx.t
    links = [
        part.add(path, title, _render(ctx, diffusion.charter, path, audience, title), source=SOURCE)
        for path, title, audience in (
            (urls.CHARTER_TUTORS, t["charter_tutors"], "tutors"),
            (urls.CHARTER_LEARNERS, t["charter_learners"], "learners"),
        )
    ]
    part.nav = [nav.Section(t["charter"], tuple(links))]
    return part


def promises(charter: Charter) -> list[tuple[str | None, list[str], Range | None]]:
    """The charter's promises as its table lists them: (kind of request, channel titles,
    hours) for each request, the charter's default standing in for a request that has none,
    then (None, the channels no request names, the default). The sentence above the table is
    drawn from these same rows, so that the two never disagree."""
    titles = {c.id: c.title for c in charter.channels}
    default = charter.response_hours
    rows: list[tuple[str | None, list[str], Range | None]] = [
        (q.kind, [titles[q.channel]], q.response_hours or default) for q in charter.requests
    ]
    named = {q.channel for q in charter.requests}
    others = [c.title for c in charter.channels if c.id not in named]
    if others and default is not None:
        rows.append((None, others, default))
    return rows


def _render(ctx: Context, charter: Charter, page: str, audience: str, heading: str) -> str:
    """One version of the charter, under its own heading (``Charte des tuteurs``): the two
    versions are two distinct entries of a document's contents."""
    t, n = ctx.t, ctx.n
    rows = promises(charter)
    requests = [
        {
            "kind": kind if kind is not None else t["request_other"],
            "channel": ", ".join(channels),
            "hours": f"{n.span(hours, n.number)}{NBSP}{t['hours_unit']}" if hours else "",
        }
        for kind, channels, hours in rows
    ]
    spans = [hours for _, _, hours in rows if hours is not None]
    text = None
    if spans:
        span = Range(min(s.min for s in spans), max(s.max for s in spans))
        text = t["response_time_table"].format(
            hours=f"{n.span(span, n.number)}{NBSP}{t['hours_unit']}"
        )
    elif charter.response_hours is not None:
        hours = f"{n.span(charter.response_hours, n.number)}{NBSP}{t['hours_unit']}"
        text = t["response_time_text"].format(hours=hours)
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
        heading=heading,
        charter=charter,
        requests=requests,
        sheets=sheets,
        response_text=text,
    )
