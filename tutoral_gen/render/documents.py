"""The documents an institution receives, as lists of the handbook's pages: the whole handbook
(in volumes when it is large, like the print version), the tutors' and the learners' charters,
one booklet per tutor role, and the audit report. :mod:`.printed` makes each one HTML.

A document is the pages themselves, in order: the same Markdown the site shows, so the same
figures and the same tables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..domain.scenario import Role, VirtualClass
from . import nav, roles, urls
from .context import VOLUME_SHEETS, Context, body


@dataclass(frozen=True, slots=True)
class Chapter:
    """One page of a document."""

    path: str
    """The page's path in the handbook (``scenarios/module-1/ITC03.md``): links to it from
    the other chapters land on it."""
    markdown: str
    """Its Markdown, front matter removed."""
    runs_on: bool = False
    """A short chapter (a virtual class in a booklet) that follows the previous one on its page
    when it fits there, rather than stand alone on a page of its own."""


@dataclass(frozen=True, slots=True)
class Document:
    """One PDF to make."""

    file: str
    """Its file name, in the site's language (``manuel.pdf``, ``formateur-tuteur.pdf``)."""
    title: str
    """Its title on the cover (``Charte des tuteurs``)."""
    chapters: tuple[Chapter, ...]
    """Its pages, in order; each starts on a new page."""


def documents(
    ctx: Context, pages: Mapping[str, str], items: Sequence[nav.Item], home: str
) -> list[Document]:
    """Every document of the project; ``home`` is the home page without its list of downloads
    (their links would lead nowhere on paper)."""
    t, names = ctx.t, ctx.t["pdf_files"]
    printed = {**pages, urls.HOME: opening(home)}
    own = {p.path: p.data.decode("utf-8", "replace") for p in ctx.project.pages}
    printed |= {path: text for path, text in own.items() if path.endswith(".md")}
    links = [k.path for k in nav.links(items)]
    out = _handbook(ctx, printed, links)
    for page, key in ((urls.CHARTER_TUTORS, "tutors_charter"), (urls.CHARTER_LEARNERS,
                                                                "learners_charter")):  # fmt: skip
        if page in printed:
            out.append(_document(f"{names[key]}.pdf", t[f"pdf_{key}"], printed, [page]))
    taken = {d.file for d in out} | {f"{names[k]}.pdf" for k in ("audit", "handbook")}
    for role in ctx.project.roles:
        for made in booklets(ctx, role, printed):
            if made.file in taken:  # a role named like a document (``manuel``): a booklet
                made = Document(f"{names['booklet']}-{made.file}", made.title, made.chapters)
            out.append(made)
    report = [urls.AUDIT, urls.PLAN_ACTUAL, urls.TRACES, *_results(links), urls.GRID]
    if urls.AUDIT in printed:
        chosen = [*report, urls.FINDINGS]
        out.append(_document(f"{names['audit']}.pdf", t["pdf_audit"], printed, chosen))
    return out


def _handbook(ctx: Context, printed: Mapping[str, str], links: list[str]) -> list[Document]:
    """The whole handbook, or, when it is large, the rest and one volume per scenario."""
    t, names = ctx.t, ctx.t["pdf_files"]
    # The dashboard speaks to the maintainer (what to complete, by whom): the site only.
    skip = (urls.PRINT, f"{urls.PRINT[:-3]}/", urls.DASHBOARD)
    links = [k for k in links if not k.startswith(skip)]
    if not ctx.volumes:
        return [_document(f"{names['handbook']}.pdf", t["pdf_handbook"], printed, links)]
    rest = [k for k in links if not k.startswith("scenarios/")]
    out = [_document(f"{names['handbook']}.pdf", t["pdf_handbook_rest"], printed, rest)]
    for s in ctx.project.scenarios:
        mine = [k for k in links if k.startswith(f"scenarios/{s.id}/")]
        file = f"{names['handbook']}-{s.id}.pdf"
        out.append(_document(file, f"{t['pdf_handbook']} — {s.title}", printed, mine))
    return out


def booklets(ctx: Context, role: Role, printed: Mapping[str, str]) -> list[Document]:
    """A tutor's booklet; past :data:`VOLUME_SHEETS` sheets, like the handbook, in volumes: the
    role's page and the charter, then one volume per scenario with its sheets (a document is
    laid out whole in memory: a booklet of 400 sheets took its process to 1.5 GB)."""
    rows = roles.rows(ctx, role, urls.role(role.id))
    if sum(row["item"] is not None for row in rows) <= VOLUME_SHEETS:
        return [booklet(ctx, role, printed, rows)]
    title = ctx.t["pdf_booklet"].format(role=role.title)
    chapters = [urls.role(role.id), urls.CHARTER_TUTORS]
    out = [_document(f"{role.id}.pdf", title, printed, chapters)]
    for scenario in ctx.project.scenarios:
        mine = [row for row in rows if row["scenario"].id == scenario.id]
        if mine:
            volume = booklet(ctx, role, printed, mine, whole=False)
            file, named = f"{role.id}-{scenario.id}.pdf", f"{title} — {scenario.title}"
            out.append(Document(file, named, volume.chapters))
    return out


def booklet(
    ctx: Context,
    role: Role,
    printed: Mapping[str, str],
    rows: Sequence[Mapping[str, Any]],
    whole: bool = True,
) -> Document:
    """A tutor's booklet: the role's page, each of its interventions' sheets and virtual
    classes in course order (of ``rows``), and the tutors' charter; a volume (not ``whole``)
    holds the sheets and virtual classes alone."""
    chapters = [urls.role(role.id)] if whole else []
    made: dict[str, str] = {}
    for row in rows:
        scenario = row["scenario"]
        if row["item"] is not None:
            chapters.append(urls.sheet(scenario.id, row["id"]))
            continue
        virtual = next(c for c in scenario.virtual_classes if c.id == row["id"])
        path = f"scenarios/{scenario.id}/{virtual.id}.md"  # no such page: a chapter of its own
        made[path] = _virtual_class(ctx, virtual, row)
        chapters.append(path)
    if whole:
        chapters.append(urls.CHARTER_TUTORS)
    title = ctx.t["pdf_booklet"].format(role=role.title)
    document = _document(f"{role.id}.pdf", title, {**printed, **made}, chapters)
    short = [Chapter(c.path, c.markdown, runs_on=c.path in made) for c in document.chapters]
    return Document(document.file, document.title, tuple(short))


def opening(home: str) -> str:
    """The home page as the handbook opens on it: its title, what it says of the handbook and
    its scenarios' figures, without the sections that only list links to the site's pages
    (the contents list them, with their page numbers)."""
    parts = re.split(r"(?m)^(?=## )", home)
    kept = [parts[0]] + [part for part in parts[1:] if not _links_only(part)]
    return "".join(kept).rstrip() + "\n"


_LINK_ITEM = re.compile(r"^\s*[-*] \[[^\]]*\]\([^)]*\)(?: — .*)?$")


def _links_only(section: str) -> bool:
    """A section (``## Mon rôle``) whose body is nothing but a list of links."""
    body = [line for line in section.splitlines()[1:] if line.strip()]
    return all(_LINK_ITEM.match(line) for line in body)


def _virtual_class(ctx: Context, virtual: VirtualClass, row: Mapping[str, str]) -> str:
    """A virtual class as a booklet prints it (it has no page of its own on the site)."""
    t = ctx.t
    title = ctx.md(virtual.title or t["virtual_class"])
    facts = [
        (t["when"], row["when"]),
        (t["phase"], ctx.md(row["phase"])),
        (t["duration"], ctx.n.minutes(virtual.minutes)),
        (t["pdf_class_sessions"], str(virtual.count)),
        (t["pdf_class_time"], row["minutes"]),
    ]
    shown = [(name, value) for name, value in facts if value]
    lines = [
        f"# {t['virtual_class']} {virtual.id} — {title}",
        "",
        "| " + " | ".join(name for name, _ in shown) + " |",
        "|" + "---|" * len(shown),
        "| " + " | ".join(value for _, value in shown) + " |",
    ]
    return "\n".join(lines) + "\n"


def _results(links: list[str]) -> list[str]:
    return [k for k in links if k.startswith(urls.results("")[:-3])]


def _document(file: str, title: str, printed: Mapping[str, str], paths: list[str]) -> Document:
    chapters = tuple(
        Chapter(path, body(printed[path])) for path in dict.fromkeys(paths) if path in printed
    )
    return Document(file, title, chapters)
