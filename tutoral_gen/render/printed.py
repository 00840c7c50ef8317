"""A document as one HTML text for the PDF engine: a cover, the contents, then each chapter (a
page of the handbook, made HTML as the site makes it) on a new page, with our own print
stylesheet (``templates/pdf/``) rather than the theme's screen pages, which do not paginate.

Within a document, every id is prefixed with its chapter's, so that two pages' headings never
clash; a link to a page of the document becomes a link inside the PDF, a link to another page of
the handbook one to the published site (when its address is known) or plain text; a chart gets
its styles inside it (the engine does not apply a document's stylesheet to inline SVG); its text
is set as the site's (typography.py): a hand-written page or a chart is set here.
"""

from __future__ import annotations

import datetime
import functools
import html
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import documents as listed
from . import nav, urls
from .context import Context
from .documents import Chapter, Document
from .markup import escape_html

PALETTE = {
    "md-default-fg-color": "rgba(0, 0, 0, .87)",
    "md-default-fg-color--light": "rgba(0, 0, 0, .54)",
    "md-default-fg-color--lighter": "rgba(0, 0, 0, .32)",
    "md-default-fg-color--lightest": "rgba(0, 0, 0, .07)",
    "md-default-bg-color": "#ffffff",
    "md-primary-fg-color": "#4051b5",
    "md-primary-fg-color--transparent": "rgba(64, 81, 181, .1)",
    "md-accent-fg-color": "#ff6e42",
    "md-accent-fg-color--transparent": "rgba(255, 110, 66, .1)",
    "md-text-font-family": "Roboto, 'DejaVu Sans', sans-serif",
    "md-typeset-a-color": "#4051b5",
}
"""The theme's colours as the site shows them in its light scheme (indigo, deep orange): the
charts' stylesheet names them as CSS variables, which SVG inside a PDF cannot resolve."""


@dataclass(frozen=True, slots=True)
class Cover:
    """What the cover says besides the document's title."""

    handbook: str
    """The handbook's title."""
    organisation: str | None
    date: str
    """The build's date, written out (``6 décembre 2026``)."""
    version: str | None
    """The Git tag or commit the handbook was built from."""
    created: str = ""
    """The build's date for the document's metadata (``2026-12-06T00:00:00+00:00``)."""


@dataclass(frozen=True, slots=True)
class Made:
    """A document as the engine takes it."""

    html: str
    resources: dict[str, bytes]
    """What its ``tutoral:`` addresses name (images of hand-written pages), by docs path."""


CONTENTS = 5
"""A document of fewer chapters has no contents page: its bookmarks list them, and a page
for one to four lines would be a page wasted."""
ToHtml = Callable[[str], str]
"""Markdown to HTML, with the extensions of the project's ``mkdocs.yml``."""
Engine = Callable[[Sequence[tuple[str, Made]]], tuple[dict[str, bytes], dict[str, int]]]
"""Documents' HTML to their PDFs and numbers of pages, by file name."""


@dataclass(frozen=True, slots=True)
class Printing:
    """What making the documents needs from outside the renderer."""

    to_html: ToHtml
    engine: Engine
    site_url: str | None
    """The published site's address: links to pages outside a document lead there."""
    version: str | None
    """The Git tag or commit, for the covers."""
    date: datetime.date
    """The build's date, for the covers."""


@dataclass(frozen=True, slots=True)
class PrintedDocument:
    """A document made, as the home page lists it."""

    title: str
    path: str
    """Its path in the handbook (``telechargements/manuel.pdf``)."""
    data: bytes
    pages: int


def documents(
    ctx: Context,
    printing: Printing,
    pages: Mapping[str, str],
    items: Sequence[nav.Item],
    home: str,
    files: Mapping[str, bytes],
) -> list[PrintedDocument]:
    """Every document of the project, made."""
    chosen = listed.documents(ctx, pages, items, home)
    created = f"{printing.date.isoformat()}T00:00:00+00:00"
    organisation = ctx.project.organisation
    cover = Cover(
        ctx.typography.text(ctx.project.title),
        ctx.typography.text(organisation) if organisation else None,
        ctx.n.date(printing.date),
        printing.version,
        created,
    )
    resources = {**files, **{p.path: p.data for p in ctx.project.pages}}
    to_html = functools.cache(printing.to_html)  # a sheet is in the handbook and a booklet
    made_ = [(d.file, made(ctx, d, to_html, cover, resources, printing.site_url)) for d in chosen]
    data, counts = printing.engine(made_)
    return [
        PrintedDocument(d.title, f"{urls.DOWNLOADS}/{d.file}", data[d.file], counts[d.file])
        for d in chosen
    ]


def about(ctx: Context, document: PrintedDocument) -> str:
    """``PDF, 63 pages, 1,2 Mo``."""
    pages = ctx.t["pdf_pages"].format(count=document.pages)
    return f"PDF, {pages}, {ctx.n.size(len(document.data))}"


def made(
    ctx: Context,
    doc: Document,
    to_html: ToHtml,
    cover: Cover,
    files: Mapping[str, bytes],
    site_url: str | None,
) -> Made:
    """The document's HTML and the resources it names."""
    ids = {c.path: _chapter_id(c.path) for c in doc.chapters}
    links = _Links(ids, site_url, files)
    rules = chart_rules(charts_css(ctx))
    chapters: list[dict[str, Any]] = []
    contents: list[dict[str, str]] = []
    for chapter in doc.chapters:
        body = _chapter(chapter, to_html(chapter.markdown), ids[chapter.path], links, rules)
        body = ctx.typography.html(body)
        chapters.append(
            {"id": ids[chapter.path], "html": body, "runs_on": chapter.runs_on and bool(chapters)}
        )
        contents.append({"id": ids[chapter.path], "title": _heading(body) or chapter.path})
    css = stylesheet(ctx)
    contents = contents if len(contents) >= CONTENTS else []
    text = ctx.env.get_template("pdf/document.html.j2").render(
        t=ctx.t, doc=doc, cover=cover, chapters=chapters, contents=contents, css=css,
        language=ctx.project.language, created=cover.created, paper=ctx.project.paper,
    )  # fmt: skip
    return Made(text, links.resources)


def stylesheet(ctx: Context) -> str:
    """The print stylesheet, then the charts' (their variables resolved)."""
    own = ctx.env.loader.get_source(ctx.env, "pdf/document.css")[0]  # type: ignore[union-attr]
    return own + "\n" + charts_css(ctx)


CHART_TEXT = "svg { font-family: Roboto, 'DejaVu Sans'; font-size: 13px; }"
"""What the site's stylesheet gives charts through the page around them (``.tg-chart svg``),
which a chart's own stylesheet cannot reach."""


def charts_css(ctx: Context) -> str:
    """The site's stylesheet with the theme's variables replaced by their values, and semibold
    made bold: the shipped fonts have no 600, and another font would be taken for it."""
    text = ctx.env.loader.get_source(ctx.env, urls.CSS)[0]  # type: ignore[union-attr]
    resolved = resolve(text, PALETTE).replace("font-weight: 600", "font-weight: 700")
    return CHART_TEXT + "\n" + resolved


def resolve(css: str, palette: Mapping[str, str]) -> str:
    """``var(--name, fallback)`` replaced by ``palette[name]``, else by its fallback."""
    out, at = [], 0
    while (start := css.find("var(", at)) >= 0:
        depth, end = 0, start + 3
        for end in range(start + 3, len(css)):
            depth += {"(": 1, ")": -1}.get(css[end], 0)
            if depth == 0:
                break
        inner = css[start + 4 : end]
        name, _, fallback = inner.partition(",")
        value = palette.get(name.strip().removeprefix("--"))
        out += [css[at:start], value if value is not None else resolve(fallback.strip(), palette)]
        at = end + 1
    return "".join(out) + css[at:]


def _chapter_id(path: str) -> str:
    return "p-" + re.sub(r"[^A-Za-z0-9_-]+", "-", path.removesuffix(".md")).strip("-")


_ID = re.compile(r'\sid="([^"]*)"')
_A = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\shref="([^"]*)"')
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')
_ALT = re.compile(r'\salt="([^"]*)"')
_SVG = re.compile(r"(<svg\b[^>]*>)(.*?</svg>)", re.S)
_CLASS = re.compile(r'\sclass="([^"]*)"')
_RULE = re.compile(r"([^{}@]+)\{([^{}]*)\}")
_CLASSES = re.compile(r"\.([A-Za-z0-9_-]+)")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _chapter(
    chapter: Chapter, body: str, cid: str, links: _Links, rules: list[tuple[set[str], str]]
) -> str:
    """A chapter's HTML: ids prefixed, links and images rewritten, charts styled."""
    body = _ID.sub(lambda m: f' id="{cid}--{m.group(1)}"', body)
    body = _A.sub(lambda m: links.anchor(m, chapter.path, cid), body)
    body = _IMG.sub(lambda m: links.image(m.group(0), chapter.path), body)
    body = _TABLE.sub(_short_table, body)
    return _SVG.sub(lambda m: m.group(1) + _style(m.group(0), rules) + described(m.group(2)), body)


_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
SHORT_TABLE = 8
"""Rows a table may have and still never be broken across pages: a break there would leave a
row or two alone under a repeated header."""


def _short_table(match: re.Match[str]) -> str:
    rows = match.group(1).count("<tr")
    tag = '<table class="tg-whole">' if rows <= SHORT_TABLE else "<table>"
    return f"{tag}{match.group(1)}</table>"


_TITLE = re.compile(r"<(title|desc)>(.*?)</\1>", re.S)


def described(svg: str) -> str:
    """A chart whose first ``<title>`` (the PDF's alternative text, for the engine) says what
    it shows with its values: its title, then what the site tells of each mark (the ``<title>``
    of each bar, box or cell, a ``<desc>``), for a reader who cannot see it."""
    found = [text.strip() for _, text in _TITLE.findall(svg)]
    if len(found) < 2:
        return svg
    whole = found[0].rstrip(".") + ". " + "; ".join(t.rstrip(".") for t in found[1:] if t) + "."
    return _TITLE.sub(lambda m: f"<title>{whole}</title>", svg, count=1)


def chart_rules(css: str) -> list[tuple[set[str], str]]:
    """The stylesheet's rules outside at-rules, each with the classes its selector names
    (none: it applies to any chart)."""
    plain = re.sub(
        r"@[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    )
    return [
        (set(_CLASSES.findall(sel)), f"{sel.strip()} {{{body}}}")
        for sel, body in _RULE.findall(plain)
    ]


def _style(svg: str, rules: list[tuple[set[str], str]]) -> str:
    """A chart's own stylesheet: the rules for the classes it uses (parsing every rule of the
    site for each chart costs the engine a second on the handbook)."""
    used = {name for found in _CLASS.findall(svg) for name in found.split()}
    return "<style>" + "\n".join(r for names, r in rules if not names or names & used) + "</style>"


def _heading(body: str) -> str:
    found = _H1.search(body)
    return html.unescape(_TAG.sub("", found.group(1))).strip() if found else ""


class _Links:
    """Rewrites a chapter's links and images for the document."""

    def __init__(self, ids: Mapping[str, str], site_url: str | None, files: Mapping[str, bytes]):
        self.ids, self.site, self.files = ids, (site_url or "").rstrip("/"), files
        self.resources: dict[str, bytes] = {}

    def anchor(self, match: re.Match[str], page: str, cid: str) -> str:
        attrs, text = match.group(1), match.group(2)
        found = _HREF.search(attrs)
        href = self.href(html.unescape(found.group(1)), page, cid) if found else None
        if href is None:
            return f'<span class="tg-unlinked">{text}</span>'
        return f'<a href="{escape_html(href)}">{text}</a>'

    def href(self, href: str, page: str, cid: str) -> str | None:
        if href.startswith("#"):
            return f"#{cid}--{href[1:]}" if href[1:] else f"#{cid}"
        scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", href)
        if scheme:
            return href if scheme.group(1).lower() in ("http", "https", "mailto") else None
        path, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if target in self.ids:
            return f"#{self.ids[target]}" + (f"--{fragment}" if fragment else "")
        if not self.site or target.startswith(".."):
            return None
        return f"{self.site}/{_site_path(target)}" + (f"#{fragment}" if fragment else "")

    def image(self, tag: str, page: str) -> str:
        src = _SRC.search(tag)
        alt = _ALT.search(tag)
        if src is None:
            return ""
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), src.group(1)))
        data = self.files.get(target)
        if data is None or src.group(1).startswith(("/", "data:")) or ":" in src.group(1):
            return f'<span class="tg-unlinked">{alt.group(1) if alt else ""}</span>'
        self.resources[f"docs/{target}"] = data
        return _SRC.sub(f' src="tutoral:docs/{escape_html(target)}"', tag, count=1)


def _site_path(target: str) -> str:
    """A page's address on the site (directory URLs, as ``mkdocs.yml`` sets them)."""
    if target.endswith("index.md"):
        return target[: -len("index.md")]
    if target.endswith(".md"):
        return target[:-3] + "/"
    return target
