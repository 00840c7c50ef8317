"""The whole handbook in memory: every section's pages and files, home, norms, print, the nav.

Sections are independent: each renders its part from the context (:mod:`.context`), and this
module only puts them in order.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..domain.figures import Figures
from ..domain.project import Project
from ..domain.scenario import Scenario
from ..typography import Typography
from . import (
    audit,
    catalogue,
    charter,
    dashboard,
    nav,
    plan,
    printed,
    ratescale,
    reused,
    roles,
    scenario,
    system,
    urls,
)
from .catalogue import Publication
from .context import VOLUME_SHEETS, Context, Section, body, front_matter
from .memo import Memo
from .printed import PrintedDocument, Printing

SECTIONS: tuple[Section, ...] = (roles.pages, charter.pages, system.pages, plan.pages, audit.pages)
"""The parts of the handbook after the scenarios, in nav order (each listed on the home page)."""


@dataclass(frozen=True, slots=True)
class ScenarioSummary:
    """One row of the home page."""

    scenario: Scenario
    link: str
    course: str
    tutoring: str
    rate: str
    classes: str
    gap: str | None
    basis: str
    """What the rate and gap count (``interventions`` or ``all``)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """What a render made."""

    files: dict[str, bytes]
    """Every generated file but those kept, by path inside the output folder."""
    kept: frozenset[str]
    """Files the memo spared, as the last render wrote them (same paths)."""


def render(
    template_dir: Path,
    project: Project,
    figures: Figures,
    memo: Memo | None = None,
    printing: Printing | None = None,
    publication: Publication | None = None,
) -> Rendered:
    """Every generated file, by path inside the output folder (``docs/...`` and the config);
    with a ``memo``, the scenarios it holds unchanged are not rendered again; with
    ``printing``, the documents (PDF) too, listed on the home page with their sizes;
    ``publication`` is what the catalogue says of the published site (its address...)."""
    ctx = Context(template_dir, project, figures, memo)
    scenarios, scale, board = scenario.pages(ctx), ratescale.pages(ctx), dashboard.pages(ctx)
    credits = reused.pages(ctx)
    parts = [section(ctx) for section in SECTIONS]
    shared = catalogue.pages(ctx, publication or Publication())
    pages: dict[str, str] = scenarios.pages | scale.pages | board.pages | credits.pages
    pages |= shared.pages
    files: dict[str, bytes] = dict(shared.files)
    for part in parts:
        pages |= part.pages
        files |= part.files
    norms = front_matter(ctx.t["norms_page"], source="content/norms.yaml")
    pages[urls.NORMS] = norms + norms_page(ctx)
    sections = [item for part in parts for item in part.nav]
    items: list[nav.Item] = [nav.Link(urls.HOME, ctx.t["home"])]
    items += [nav.Link(p.path) for p in project.pages if p.path.endswith(".md")]
    items.append(nav.Section(ctx.t["scenarios"], (*scenarios.nav, *scale.nav)))
    items += [*sections, *board.nav, nav.Link(urls.NORMS, ctx.t["norms_page"]), *credits.nav]
    items += shared.nav
    made: list[PrintedDocument] = []
    if printing is not None:
        made = printed.documents(ctx, printing, pages, items, home_page(ctx, sections, []), files)
        files |= {d.path: d.data for d in made}
    # The catalogue is offered from its own page, which says what it is for.
    home = home_page(ctx, sections, sorted(set(files) - set(shared.files)), made)
    pages[urls.HOME] = front_matter(ctx.t["home"], wide=True, source="content/project.yaml") + home
    printed_pages, entry = print_pages(ctx, pages, items)
    pages |= printed_pages
    items.append(entry)
    out = {f"{urls.DOCS}/{path}": text.encode() for path, text in pages.items()}
    out |= {f"{urls.DOCS}/{path}": data for path, data in files.items()}
    out |= {f"{urls.DOCS}/{page.path}": page.data for page in project.pages}
    for asset in urls.ASSETS:
        text = ctx.env.loader.get_source(ctx.env, asset)[0]  # type: ignore[union-attr]
        out[f"{urls.DOCS}/{asset}"] = text.encode()
    out[urls.CONFIG] = config(project, items).encode()
    return Rendered(out, frozenset(f"{urls.DOCS}/{path}" for path in ctx.kept))


def home_page(
    ctx: Context,
    sections: Sequence[nav.Item],
    downloads: list[str],
    documents: Sequence[PrintedDocument] = (),
) -> str:
    """The project, its scenarios with their headline figures, the parts of the handbook (each
    with its pages), the documents to print and the downloads."""
    n = ctx.n
    parts = [
        {
            "title": ctx.md(item.title),
            "pages": [
                {"title": ctx.md(link.title or ""), "path": link.path}
                for link in nav.links(item.items)
            ],
        }
        for item in sections
        if isinstance(item, nav.Section)
    ]
    rows = []
    for s in ctx.project.scenarios:
        f = ctx.figures.scenarios[s.id]
        gap = n.signed_minutes(f.gap) if f.gap is not None else None
        rows.append(
            ScenarioSummary(
                s,
                urls.scenario(s.id),
                n.minutes(s.course_minutes),
                n.minutes(f.tutoring),
                n.rate(f.rate),
                n.minutes(f.class_total),
                gap,
                f.rate_basis.value,
            )
        )
    pages = [
        {"title": _page_title(p.path, p.data), "path": p.path}
        for p in ctx.project.pages
        if p.path.endswith(".md")
    ]
    return ctx.render(
        "home.md.j2",
        urls.HOME,
        project=ctx.project,
        scenarios=rows,
        pages=pages,
        parts=parts,
        downloads=[d for d in downloads if not d.endswith(".pdf")],
        documents=[
            {"title": d.title, "path": d.path, "about": printed.about(ctx, d)} for d in documents
        ],
        print_page=urls.PRINT,
    )


def norms_page(ctx: Context) -> str:
    rows = [{"norm": n, "minutes": ctx.n.minutes(n.minutes)} for n in ctx.project.norms]
    return ctx.render("norms.md.j2", urls.NORMS, norms=rows)


def config(project: Project, items: Sequence[nav.Item]) -> str:
    """The generated MkDocs settings: site name, theme language and the nav."""
    settings = {
        "site_name": nav.title(project.title, Typography(project.language)),
        "theme": {"language": project.language},
        "nav": nav.to_config(items, Typography(project.language)),
    }
    header = "# Generated by tutoral_gen from content/: do not edit, it is rewritten.\n"
    # JSON is YAML (1.2) that MkDocs reads as such; on one line, json's C encoder dumps
    # 10,000 nav entries in a few milliseconds (indented, it takes 0.2 s).
    return header + json.dumps(settings, ensure_ascii=False) + "\n"


def print_pages(
    ctx: Context, pages: Mapping[str, str], items: Sequence[nav.Item]
) -> tuple[dict[str, str], nav.Item]:
    """The print version and its nav entry: one page, or for a large handbook one volume per
    scenario (its overview and sheets, nothing else: it changes only with its scenario) and one
    for the rest, which lists the volumes."""
    # The dashboard speaks to the maintainer, who reads it on the site, not on paper.
    t, links = ctx.t, [k for k in nav.links(items) if k.path != urls.DASHBOARD]
    if not ctx.volumes:
        text = print_page(ctx, pages, links, urls.PRINT, ctx.project.title, t["print_intro"])
        return {urls.PRINT: _print_head(t["print"]) + text}, nav.Link(urls.PRINT, t["print"])
    out, entries = {}, []
    for s in ctx.project.scenarios:
        path = urls.print_volume(s.id)
        entries.append(nav.Link(path, s.title))
        if path in ctx.kept:
            continue
        mine = [k for k in links if k.path.startswith(f"scenarios/{s.id}/")]
        text = print_page(ctx, pages, mine, path, s.title, t["print_volume_intro"])
        out[path] = _print_head(f"{t['print']} — {s.title}") + text
    # A scenario's follow-up tools print from their own page: the rest stays the same size.
    own = ("scenarios/", f"{urls.FOLLOWUP[:-3]}/")
    rest = [k for k in links if not k.path.startswith(own)]
    listing = "\n".join(
        f"- [{ctx.md(s.title)}]({urls.relative(urls.PRINT, urls.print_volume(s.id))})"
        for s in ctx.project.scenarios
    )
    intro = t["print_rest_intro"].format(sheets=VOLUME_SHEETS) + "\n\n" + listing
    text = print_page(ctx, pages, rest, urls.PRINT, ctx.project.title, intro)
    out[urls.PRINT] = _print_head(t["print_rest"]) + text
    section = nav.Section(t["print"], (nav.Link(urls.PRINT, t["print_rest"]), *entries))
    return out, section


def print_page(
    ctx: Context, pages: Mapping[str, str], links: Sequence[nav.Link], path: str, title: str,
    intro: str,
) -> str:  # fmt: skip
    """The pages of ``links`` in order on one page at ``path``, their links made relative to
    it."""
    parts = [f"# {ctx.md(title)}", intro]
    for link in links:
        text = pages.get(link.path)
        if text is None:  # hand-written pages are printed from their own page
            continue
        parts.append(_rebase(body(text), link.path, path))
    return "\n\n".join(parts) + "\n"


def _print_head(title: str) -> str:
    """Front matter keeping a print page out of the search index (every result would otherwise
    come twice)."""
    return front_matter(title).replace("---\n\n", "search:\n  exclude: true\n---\n\n")


_LINK = re.compile(r"\]\((?![a-z]+:|/|#)([^)\s]+)\)")


def _rebase(markdown: str, page: str, to: str) -> str:
    """The Markdown links of ``page`` made relative to the page ``to`` that prints it."""
    folder = posixpath.dirname(page)

    def rebase(match: re.Match[str]) -> str:
        return f"]({urls.relative(to, posixpath.normpath(posixpath.join(folder, match.group(1))))})"

    return _LINK.sub(rebase, markdown)


def _page_title(path: str, data: bytes) -> str:
    for line in data.decode("utf-8", "replace").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return posixpath.splitext(posixpath.basename(path))[0]
