"""What HTML content may become: one allow-list, read by the sanitiser (render) and by the
check of hand-written pages (source).

Sheet bodies and the other Markdown bodies are turned into HTML and sanitised with this list;
hand-written pages are carried as written (a Markdown page stays Markdown so that MkDocs rewrites
its links; an HTML page is copied) and are refused when a browser would find anything outside it.
"Would find" is decided by an HTML5 parser (tinyhtml5, WeasyPrint's), which tokenises comments,
raw text, foreign content and broken tags as the WHATWG specification (and so browsers) do: a
check built on :mod:`html.parser` reads ``<!--><img onerror=...>-->`` as one comment where a
browser sees a live ``<img>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html import unescape
from itertools import pairwise
from typing import Any, NamedTuple

import markdown
import yaml
from tinyhtml5.parser import HTMLParser

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

DOCUMENT_TAGS = {"html": {"lang", "dir"}, "head": set(), "body": set(), "title": set()}
"""What a whole HTML page (``pages/*.html``) may add to the allow-list: its frame, and ``<meta>``
with ``charset``, ``name`` and ``content`` only (``http-equiv`` can refresh to a script)."""
META_ATTRIBUTES = {"charset", "name", "content"}
HTML_PAGES = (".html", ".htm")
"""Pages a browser opens as HTML documents (whatever the case): checked as such."""
MARKDOWN_PAGES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
"""Pages MkDocs renders as Markdown (``mkdocs.utils.markdown_extensions``, case as it reads them):
all of them checked, not only ``.md``. Other files (images...) are not read as pages."""

_HTML = "{http://www.w3.org/1999/xhtml}"
_FOREIGN = {"{http://www.w3.org/2000/svg}": "SVG", "{http://www.w3.org/1998/Math/MathML}": "MathML"}
_NOT_ELEMENTS = ("DOCUMENT_FRAGMENT", "DOCUMENT_ROOT", "<!DOCTYPE>")
"""The tree's root and doctype, which tinyhtml5 names like elements."""
_OPEN_AT_END = frozenset(
    {
        "eof-in-tag-name", "eof-in-attribute-name", "eof-in-attribute-value-double-quote",
        "eof-in-attribute-value-single-quote", "eof-in-attribute-value-no-quotes",
        "expected-attribute-name-but-got-eof", "expected-attribute-value-but-got-eof",
        "expected-end-of-tag-but-got-eof", "unexpected-eof-after-attribute-value",
        "unexpected-eof-after-solidus-in-tag", "expected-closing-tag-but-got-eof",
        "eof-in-comment", "eof-in-comment-double-dash", "eof-in-comment-end-dash",
        "eof-in-comment-end-bang-state", "eof-in-doctype", "eof-in-doctype-name",
        "expected-doctype-name-but-got-eof",
    }
)  # fmt: skip
"""Tokeniser errors of a page's HTML that ends inside a tag, an attribute or a comment. Alone
that markup is dropped, but MkDocs puts it before the theme's own markup, which it would then
swallow: ``<a title="`` turns the theme's next tags into attribute text."""


class Unsafe(NamedTuple):
    """What a browser would find outside the allow-list, and where (when it can be told)."""

    what: str
    """``a <script> element``, ``a 'onerror' attribute on <img>``, ``a javascript: link``..."""
    line: int | None = None
    """1-based line in the page's file."""
    column: int | None = None
    """1-based column of the ``>`` that ends the start tag holding it (where the parser made
    the element: its start may lie lines before, in a tag written over several lines)."""


class _Located(NamedTuple):
    root: ET.Element
    where: dict[int, tuple[int, int]]
    errors: list[str]
    encoding: str


def _parse(source: str | bytes, *, fragment: bool) -> _Located:
    """``source`` parsed as a browser with scripting on parses it (``<noscript>`` holds raw
    text): a fragment in a ``<body>``, or a whole document. Each element remembers where its
    start tag ended (tinyhtml5 keeps no positions: its tree builder is wrapped to record them)."""
    parser: Any = HTMLParser()
    tree = parser.tree
    where: dict[int, tuple[int, int]] = {}
    made: list[Any] = []  # kept alive, so that no later element takes a dropped one's id

    def located(make: Any) -> Any:
        def wrapper(token: Any) -> Any:
            element = make(token)
            line, column = parser.tokenizer.stream.position()
            where.setdefault(id(element._element), (line, max(column, 1)))
            made.append(element)
            return element

        return wrapper

    for name in ("create_element", "insert_element_normal", "insert_element_table"):
        setattr(tree, name, located(getattr(tree, name)))
    if fragment:
        root = parser.parse_fragment(source, container="body", scripting=True)
    else:
        root = parser.parse(source, full_tree=True, scripting=True, default_encoding="utf-8")
    errors = [error[1] for error in parser.errors]
    encoding = parser.tokenizer.stream.encoding[0].name if isinstance(source, bytes) else "utf-8"
    return _Located(root, where, errors, encoding)


def _tag(element: ET.Element) -> tuple[str, str] | None:
    """An element's local name and the vocabulary it belongs to; None for a comment."""
    if not isinstance(element.tag, str) or element.tag in _NOT_ELEMENTS:
        return None
    for namespace, vocabulary in (*_FOREIGN.items(), (_HTML, "HTML")):
        if element.tag.startswith(namespace):
            return element.tag[len(namespace) :], vocabulary
    return element.tag, "HTML"


def _attributes(name: str, *, document: bool) -> set[str]:
    allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(name, set())
    if document and name == "meta":
        return META_ATTRIBUTES
    return allowed | (DOCUMENT_TAGS.get(name, set()) if document else set())


def _element(element: ET.Element, *, document: bool) -> str | None:
    """What in one element lies outside the allow-list, or None."""
    tag = _tag(element)
    if tag is None:
        return None
    name, vocabulary = tag
    known = ALLOWED_TAGS | (DOCUMENT_TAGS.keys() | {"meta"} if document else set())
    if vocabulary != "HTML" or name not in known:
        return f"a <{name}> element" + (f" ({vocabulary})" if vocabulary != "HTML" else "")
    allowed = _attributes(name, document=document)
    for attribute, value in element.attrib.items():
        if attribute not in allowed:
            return f"a {attribute[:40]!r} attribute on <{name}>"
        if attribute in ("href", "src") and not _safe_url(value):
            return f"a {_scheme(value)[:20]}: link"
        if attribute == "charset" and value.strip().lower() not in ("utf-8", "utf8"):
            return f"a {value[:20]!r} charset (expected utf-8)"
    return None


def _scheme(url: str) -> str:
    """A URL's scheme as a browser reads it: tabs, newlines and other controls taken out, spaces
    too (more than a browser does: ``java script:`` is refused rather than read as a path);
    empty for a relative URL. Anything before the first ``:`` counts, so that a scheme a browser
    would not accept is refused rather than guessed."""
    kept = "".join(c for c in url if c > " " and c != "\x7f")
    for index, char in enumerate(kept):
        if char in "/?#":
            return ""
        if char == ":":
            return kept[:index].lower()
    return ""


def _safe_url(url: str) -> bool:
    scheme = _scheme(url)
    return not scheme or scheme in URL_SCHEMES


def _first(parsed: _Located, *, document: bool) -> Unsafe | None:
    for element in parsed.root.iter():
        found = _element(element, document=document)
        if found is not None:
            return Unsafe(found, *parsed.where.get(id(element), (None, None)))
    return None


def unsafe_markup(source: str) -> Unsafe | None:
    """What a Markdown page, as MkDocs renders it, would put in the site outside the allow-list,
    or None. Located when the same markup is found in the Markdown source as written. Its title
    and front matter are checked too: the theme prints them as HTML, unescaped."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    body, meta = _front_matter(source)
    html = markdown.markdown(body, extensions=PAGE_EXTENSIONS, output_format="html")
    parsed = _parse(html, fragment=True)
    found = _first(parsed, document=False)
    if found is None and _OPEN_AT_END.intersection(parsed.errors):
        return Unsafe("markup left open at the end (a tag, an attribute or a comment)")
    if found is None:
        return _unsafe_title(parsed.root) or _unsafe_front_matter(meta)
    written = _first(_parse(source, fragment=True), document=False)
    return written if written is not None and written.what == found.what else Unsafe(found.what)


def _opens_a_tag(text: str) -> bool:
    """Whether ``text``, written into HTML as it is, would start a tag (or a comment): a ``<``
    followed by a letter, ``/``, ``!`` or ``?``, as the HTML tokeniser reads it."""
    return any(
        c == "<" and ((n.isascii() and n.isalpha()) or n in "/!?") for c, n in pairwise(text)
    )


def _unsafe_title(root: ET.Element) -> Unsafe | None:
    """MkDocs takes a page's title from its first heading as escaped text; the theme prints it
    through Jinja's ``striptags``, which unescapes it: ``# &lt;img onerror=...&gt;`` becomes a
    live image in every page's navigation."""
    for element in root.iter(f"{_HTML}h1"):
        text = "".join(element.itertext())
        if _opens_a_tag(text):
            return Unsafe(
                f"markup in the title ({text.strip()[:40]!r}; the theme prints it as HTML)"
            )
    return None


def _unsafe_front_matter(entries: list[tuple[int, str, str]]) -> Unsafe | None:
    """The theme prints a page's metadata unescaped, some inside attributes (``description``):
    no value may hold markup or a double quote, even as an entity or a YAML escape
    (``"\\u003cimg ..."``), which the check of the rendered body cannot see."""
    for line, key, value in entries:
        text = unescape(value)
        if _opens_a_tag(text) or '"' in text:
            shown = f"markup in the front matter's {key!r} ({value[:40]!r}"
            return Unsafe(shown + "; the theme prints it as HTML)", line, 1)
    return None


def _front_matter(source: str) -> tuple[str, list[tuple[int, str, str]]]:
    """The page's body and its metadata as MkDocs splits them (``mkdocs.utils.meta.get_data``):
    a YAML mapping between ``---`` lines, or MultiMarkdown's ``Key: value`` lines; the metadata
    as (line, key, text) of every string in it. MkDocs renders the body alone, so the check
    does too, and reads the metadata as MkDocs does (YAML escapes decoded), not as Markdown."""
    lines = source.split("\n")
    if lines[0].rstrip(" \t") == "---":
        ends = (n for n in range(2, len(lines) - 1) if lines[n].rstrip(" \t") in ("---", "..."))
        end = next(ends, 0)
        try:
            data = yaml.safe_load("\n".join(lines[1:end]) + "\n") if end else None
        except yaml.YAMLError:
            data = None  # MkDocs reads no metadata either, and renders the block
        if not isinstance(data, dict):
            return source, []
        tops = {line.partition(":")[0]: n + 1 for n, line in enumerate(lines[:end])}
        entries = [(tops.get(k.split(".")[0], 1), k, v) for k, v in _strings(data, "")]
        return "\n".join(lines[end + 1 :]).lstrip("\n"), entries
    entries, key = [], None
    for n, line in enumerate(lines):
        if not line.strip():
            return "\n".join(lines[n + 1 :]).lstrip("\n"), entries
        key = _meta_key(line) or (key if line.startswith(("    ", "\t")) else None)
        if key is None:
            return "\n".join(lines[n:]).lstrip("\n"), entries
        entries.append((n + 1, key, line))
    return "", entries


def _meta_key(line: str) -> str | None:
    """The key of a MultiMarkdown metadata line (``Title: ...``, three spaces before at most)."""
    stripped = line.lstrip(" ")
    key, colon, _ = stripped.partition(":")
    valid = key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)
    return key if colon and valid and len(line) - len(stripped) <= 3 else None


def _strings(data: object, key: str) -> Iterator[tuple[str, str]]:
    """Every string (keys included) in a YAML value, with the dotted key that holds it."""
    if isinstance(data, dict):
        for name, value in data.items():
            inner = f"{key}.{name}" if key else str(name)
            yield inner, str(name)
            yield from _strings(value, inner)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value, key)
    elif data is not None:
        yield key, str(data)


def unsafe_document(data: bytes) -> Unsafe | None:
    """What an HTML page (``pages/*.html``) holds outside the allow-list, or None. Its bytes are
    read as a browser reads them: a page a browser could decode otherwise than as UTF-8 (another
    declared charset, or an ESC byte, from which browsers guess ISO-2022-JP) is refused too."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Unsafe(f"text that is not UTF-8 (byte {exc.start})")
    if b"\x1b" in data:
        return Unsafe("an ESC character (browsers may then read the page as ISO-2022-JP)")
    parsed = _parse(data, fragment=False)
    found = _first(parsed, document=True)
    if found is None and parsed.encoding != "utf-8":
        return Unsafe(f"a {parsed.encoding!r} charset (expected utf-8)")
    return found
