"""The guides' pages: each guide to print, its forms for the survey tool (a Moodle Feedback
template and a blank answers table), and, once answers came back, its results page."""

from __future__ import annotations

from typing import Any

from ..domain.audit import Guide, GuideKind
from ..domain.survey import Question, QuestionKind
from ..domain.survey_figures import GuideFigures, QuestionFigures
from . import exports, feedback, nav, stacks, urls
from .context import Context, Part

SOURCE = "content/audit/audit.yaml"
"""The audit's plan: its guides, criteria, findings and traces settings."""


def pages(ctx: Context, part: Part) -> list[nav.Item]:
    """Every guide's page and files, and the results pages; their nav entries."""
    audit = ctx.project.audit
    if audit is None:
        return []
    guides: list[nav.Item] = []
    results: list[nav.Item] = []
    for guide in audit.guides:
        downloads = []
        if guide.kind is GuideKind.QUESTIONNAIRE:
            part.files[urls.feedback_template(guide.id)] = feedback.template(guide)
            header = [[q.id for q in guide.questions]]
            part.files[urls.answers_csv(guide.id)] = exports.table(header, ctx.project.language)
            downloads = [
                {"title": ctx.t["feedback_template"], "path": urls.feedback_template(guide.id)},
                {"title": ctx.t["answers_table"], "path": urls.answers_csv(guide.id)},
            ]
        figures = ctx.figures.guides.get(guide.id)
        page = urls.guide(guide.id)
        text = ctx.render(
            "audit_guide.md.j2",
            page,
            guide=guide,
            downloads=downloads,
            results=urls.results(guide.id) if figures else None,
            bounds={q.id: _bounds(ctx, q) for q in guide.questions},
        )
        guides.append(part.add(page, guide.title, text, source=SOURCE))
        if figures is not None:
            title = f"{ctx.t['results_page']} — {guide.title}"
            results.append(
                part.add(
                    urls.results(guide.id),
                    title,
                    results_page(ctx, guide, figures),
                    source=SOURCE,
                )
            )
    items: list[nav.Item] = []
    if guides:
        items.append(nav.Section(ctx.t["guides"], tuple(guides)))
    if results:
        items.append(nav.Section(ctx.t["results_page"], tuple(results)))
    return items


def _bounds(ctx: Context, q: Question) -> str:
    """A number question's bounds as the reader writes numbers (``0 – 40``), or nothing."""
    if q.minimum is None and q.maximum is None:
        return ""
    low, high = (ctx.n.number(v, 2) if v is not None else "" for v in (q.minimum, q.maximum))
    return f" ({low} – {high})"


def results_page(ctx: Context, guide: Guide, figures: GuideFigures) -> str:
    rows = [_question(ctx, guide, q.id, figures.questions.get(q.id)) for q in guide.questions]
    sources = ", ".join(f"{k} ({v} {ctx.t['rows']})" for k, v in figures.sources.items())
    return ctx.render(
        "audit_results.md.j2",
        urls.results(guide.id),
        guide=guide,
        f=figures,
        rows=rows,
        sources=sources,
        rate=_rate(ctx, figures.responses, figures.audience),
    )


def _rate(ctx: Context, count: int, audience: int | None) -> str:
    if not audience:
        return str(count)
    return f"{count} / {audience} ({ctx.n.percent(100 * count / audience)})"


def _question(ctx: Context, guide: Guide, qid: str, f: QuestionFigures | None) -> dict[str, Any]:
    n, t = ctx.n, ctx.t
    q = next(q for q in guide.questions if q.id == qid)
    row: dict[str, Any] = {"q": q, "f": f, "svg": "", "options": [], "summary": ""}
    if f is None:
        return row
    row["answered"] = _rate(ctx, f.respondents, ctx.figures.guides[guide.id].audience)
    if f.counts is not None:
        total = f.respondents or 1
        row["options"] = [
            {"label": o, "count": c, "share": n.percent(100 * c / total)}
            for o, c in zip(q.options, f.counts, strict=True)
        ]
    if q.kind is QuestionKind.SCALE and f.counts:
        tips = [f"{r['label']}{t['colon']} {r['count']} ({r['share']})" for r in row["options"]]
        chart = stacks.stack(list(q.options), list(f.counts), tips, q.text)
        row["svg"] = ctx.svg("charts/stack.svg", chart)
    if f.mean is not None and f.median is not None:
        top = f" / {len(q.options)}" if q.kind is QuestionKind.SCALE else ""
        mean, median = n.number(f.mean, 2), n.number(f.median, 1)
        row["summary"] = f"{t['mean']} {mean}{top} · {t['median'].lower()} {median}{top}"
    return row
