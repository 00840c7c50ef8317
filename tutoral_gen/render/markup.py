"""Escaping for where YAML text lands, and sheet bodies turned into safe HTML.

Jinja's autoescape is HTML escaping: in a Markdown template it mangles code spans and does not
stop ``*`` or ``|`` from acting as Markdown. Text from YAML goes through :func:`escape_md` instead,
which writes every character that Markdown or HTML could read as markup as a numeric character
reference: it shows as itself, in a table cell as in a heading.
"""

from __future__ import annotations

import re
from functools import cache
from html import unescape

import markdown
import nh3

from ..policy import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, BODY_EXTENSIONS, URL_SCHEMES
from ..typography import Typography

_MARKUP = re.compile(r"[\\`*_{}\[\]<>#!|~^=&:$]")
"""Characters Markdown, its usual extensions (emoji, mark, arithmatex) or HTML read as markup
inside a line. Line-start markers (``-``, ``1.``) never start a line where this text lands."""


_SPACES = re.compile(r"[^\S\u00a0\u202f]+")
"""White space but the no-break ones."""


def escape_md(value: object) -> str:
    """Text that Markdown renders as the same text: no emphasis, link, table cell or tag."""
    # One line (a newline would end a table row); no-break spaces are kept, they hold a number
    # to its unit and French punctuation to its word.
    text = _SPACES.sub(" ", str(value)).strip(" ")
    return _MARKUP.sub(lambda m: f"&#{ord(m.group())};", text)


def escape_html(value: object) -> str:
    """Text for an HTML attribute or element written by hand in a template."""
    return (
        str(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


@cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=BODY_EXTENSIONS,
        extension_configs={"pymdownx.highlight": {"use_pygments": True}},
        output_format="html",
    )


_HEADING = re.compile(r"^<h([1-6])(?: [^>]*)?>(.*?)</h\1>$", re.M)
_TAG = re.compile(r"<[^>]+>")


def body_markdown(source: str, typography: Typography | None = None) -> str:
    """A sheet body, sanitised (and set, with ``typography``), as Markdown: its headings stay
    Markdown headings (so they reach the page's table of contents), what lies between them is
    one raw HTML block each."""
    html = body_html(source)
    html = typography.html(html) if typography is not None else html
    out, position = [], 0
    for match in _HEADING.finditer(html):
        out.append(_html_block(html[position : match.start()]))
        level = max(int(match.group(1)), 2)  # the sheet's own title is the page's only h1
        text = unescape(_TAG.sub("", match.group(2)))
        out.append("#" * level + " " + escape_md(text))
        position = match.end()
    out.append(_html_block(html[position:]))
    return "\n\n".join(block for block in out if block)


def _html_block(html: str) -> str:
    """Sanitised HTML kept as one raw block: Markdown leaves it as it is."""
    html = html.strip()
    return f'<div class="tg-body">\n{html}\n</div>' if html else ""


def body_html(source: str) -> str:
    """A sheet body's Markdown as sanitised HTML: scripts, handlers, ``javascript:`` links go."""
    converter = _converter()
    converter.reset()
    html = converter.convert(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
