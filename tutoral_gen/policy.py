"""What HTML content may become: one allow-list, read by the sanitiser (render) and by the
check of hand-written pages (source).

Sheet bodies and the other Markdown bodies are turned into HTML and sanitised with this list;
hand-written pages stay Markdown (so that MkDocs rewrites their links) and are refused when they
would produce anything outside it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown

BODY_EXTENSIONS = [
    "tables",
    "def_list",
    "footnotes",
    "sane_lists",
    "admonition",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
]
"""What a sheet body may use: Material's usual extensions, without attr_list (it writes attributes,
``onclick`` included) and without raw HTML, which the sanitiser removes."""

PAGE_EXTENSIONS = [*BODY_EXTENSIONS, "attr_list", "md_in_html", "toc"]
"""What the handbook's mkdocs.yml enables: a hand-written page is checked as MkDocs renders it."""

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "kbd", "li", "ol", "p", "pre", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
"""Links and images may use these schemes, or be relative."""


class _Check(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found is not None:
            return
        if tag not in ALLOWED_TAGS:
            self.found = f"a <{tag}> element"
            return
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.found = f"a {name!r} attribute on <{tag}>"
                return
            if name in ("href", "src") and value and not _safe_url(value):
                self.found = f"a {urlsplit(value.strip()).scheme}: link"
                return


def _safe_url(url: str) -> bool:
    scheme = urlsplit("".join(url.split())).scheme.lower()
    return not scheme or scheme in URL_SCHEMES


def unsafe_markup(source: str) -> str | None:
    """What a page's Markdown would put in the site outside the allow-list, or None."""
    html = markdown.markdown(source, extensions=PAGE_EXTENSIONS, output_format="html")
    check = _Check()
    check.feed(html)
    check.close()
    return check.found
