"""The rate scale page: every scenario's taux tutoral on one axis, among the project's bands."""

from __future__ import annotations

from . import charts, urls
from .context import Context, Part


def pages(ctx: Context) -> Part:
    part = Part()
    t, n, project = ctx.t, ctx.n, ctx.project
    figures = ctx.figures.scenarios
    rows = [
        (
            s.title,
            figures[s.id].rate,
            n.rate(figures[s.id].rate),
            f"{s.title}{t['colon']} {n.rate(figures[s.id].rate)}"
            f" ({t['basis_short'][figures[s.id].rate_basis.value]})",
        )
        for s in project.scenarios
    ]
    bands = [(b.label, b.max) for b in project.rate_scale]
    chart = charts.rate_scale(rows, bands, t["rate_scale"], n.rate_of)
    table = [
        {
            "scenario": s,
            "link": urls.relative(urls.RATE_SCALE, urls.scenario(s.id)),
            "rate": n.rate(figures[s.id].rate),
            "basis": t["basis_short"][figures[s.id].rate_basis.value],
            "bands": ", ".join(ctx.figures.rate_bands[s.id]),
        }
        for s in project.scenarios
    ]
    band_rows = [
        {"label": b.label, "max": n.rate_of(b.max) if b.max else "—"} for b in project.rate_scale
    ]
    text = ctx.render(
        "rate_scale.md.j2",
        urls.RATE_SCALE,
        svg=ctx.svg("charts/scale.svg", chart),
        rows=table,
        bands=band_rows,
    )
    part.nav = [part.add(urls.RATE_SCALE, t["rate_scale"], text, source="content/project.yaml")]
    return part
