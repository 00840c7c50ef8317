"""The deliverables' dashboard: the four *livrables* on the course project's phases, with their
follow-up (status, owner, due date) and what the content shows is still missing."""

from __future__ import annotations

from typing import Any

from ..domain.lifecycle import DeliverableState, Signal, Stage
from . import urls
from .context import Context, Part

SOURCE = "content/project.yaml"
"""Where the deliverables' follow-up is kept (``deliverables:``)."""


def pages(ctx: Context) -> Part:
    part = Part()
    stages = [
        {
            "title": ctx.t["stages"][stage.value],
            "rows": [row(ctx, d) for d in ctx.figures.deliverables if d.stage is stage],
        }
        for stage in Stage
    ]
    text = ctx.render("dashboard.md.j2", urls.DASHBOARD, stages=stages)
    part.nav = [part.add(urls.DASHBOARD, ctx.t["dashboard"], text, wide=True, source=SOURCE)]
    return part


def row(ctx: Context, d: DeliverableState) -> dict[str, Any]:
    t, page = ctx.t, urls.DASHBOARD
    title, target = _title(ctx, d.key)
    audit = ctx.project.audit
    if d.key == "audit" and audit is not None and audit.criteria:
        scored = sum(1 for c in audit.criteria if c.id in ctx.figures.grid)
        title += " — " + str(t["grid_scored"]).format(scored=scored, total=len(audit.criteria))
    missing = any(s.kind == "missing" for s in d.signals)
    signals = [*d.signals, *(_answers(ctx) if d.key == "audit" else ())]
    return {
        "title": title,
        "link": urls.relative(page, target) if target and not missing else None,
        "status": t["statuses_deliverable"][d.follow_up.status.value],
        "owner": d.follow_up.owner or "",
        "due": ctx.n.date(d.follow_up.due) if d.follow_up.due else "",
        "late": d.late,
        "signals": [
            t["signals"][s.kind].format(ids=", ".join(s.ids), count=len(s.ids)) for s in signals
        ],
    }


def _answers(ctx: Context) -> list[Signal]:
    """The questionnaires' answers still to work on: the reminders the audit report once
    carried (free answers to review, answers read for other questions) belong here."""
    guides = ctx.figures.guides
    pending = [g for g, f in guides.items() if f.pending]
    stale = [g for g, f in guides.items() if f.stale]
    found = (("answers-pending", pending), ("answers-stale", stale))
    return [Signal(kind, tuple(ids)) for kind, ids in found if ids]


def _title(ctx: Context, key: str) -> tuple[str, str | None]:
    """A deliverable's name and the page that shows it."""
    t = ctx.t
    if key.startswith("scenario:"):
        sid = key.split(":", 1)[1]
        scenario = next(s for s in ctx.project.scenarios if s.id == sid)
        return f"{t['deliverables']['scenario']} — {scenario.title}", urls.scenario(sid)
    targets = {
        "system": urls.SYSTEM_ROLES,
        "charter": urls.CHARTER_TUTORS,
        "diffusion": urls.TRAINING,
        "audit": urls.AUDIT,
    }
    target: str | None = targets[key]
    diffusion = ctx.project.diffusion
    if key == "diffusion" and (diffusion is None or not diffusion.training):
        target = urls.FOLLOWUP if diffusion is not None else None
    return t["deliverables"][key], target
