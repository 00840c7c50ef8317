"""The one typographic policy of the handbook, for the site and the documents alike.

A publisher's text has typographic apostrophes (’) and quotes (« » held by no-break spaces in
French, “ ” in English), and keeps a number with its unit on one line (``818,50 €``,
``240 min``); French also holds ``:``, ``;``, ``!``, ``?`` to the word before them. Labels and
templates are written that way at the source; what comes from the content (titles and texts
from YAML, Markdown bodies, hand-written pages, the text of charts) may not be, and goes through
this module: :meth:`Typography.text` for plain text, :meth:`Typography.html` for HTML, which is
parsed as a browser parses it (tinyhtml5) and changed in its text only: never inside ``code``,
``pre``, ``kbd``, ``samp``, ``script`` or ``style``, never in an attribute, never in a URL.
What is published as data (``catalogue.json``, CSV, iCalendar, JSON) keeps the text as written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tinyhtml5.parser import HTMLParser

NBSP = "\u00a0"
"""The no-break space: French punctuation, guillemets, a number and its unit."""

UNITS = ("min", "h", "%", "€", "$", "£", "o", "Ko", "Mo", "Go", "B", "kB", "MB", "GB")
"""Units a number is held to (what :class:`..i18n.Numbers` writes, and the content's own)."""

_URL = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+|\bwww\.\S+|\S+@\S+\.\w+)")
"""A URL or an address in text: left exactly as written."""
_UNIT = re.compile(r"(?<=\d) (?=(?:" + "|".join(map(re.escape, UNITS)) + r")(?!\w))")
_HOURS = re.compile(r"(?<=\d\u00a0h) (?=\d\d(?!\d))")
"""``5 h 52``: the minutes stay with the hours."""
_BEFORE = re.compile(r" +(?=[:;!?»])")
_AFTER = re.compile("«[ \u00a0]*")
_OPENING = frozenset(" \t\n\u00a0\u202f([{«“‘—–-/")
"""What may stand before an opening quote."""

SKIPPED = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})
"""Elements whose text is code, or not text at all: left exactly as written."""
_RAW = frozenset({"script", "style"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_HTML = "{http://www.w3.org/1999/xhtml}"
_PREFIXES = {
    "http://www.w3.org/1999/xlink": "xlink:",
    "http://www.w3.org/XML/1998/namespace": "xml:",
    "http://www.w3.org/2000/xmlns/": "xmlns:",
}


@dataclass(frozen=True, slots=True)
class Typography:
    """How text is set in one language."""

    language: str
    """fr or en."""

    def text(self, value: str, before: str = " ") -> str:
        """Plain text set: ``before`` is the character that precedes it in its paragraph (it
        tells an opening quote from a closing one across inline markup)."""
        if not value:
            return value
        parts = _URL.split(value)
        out = []
        for index, part in enumerate(parts):
            if index % 2:  # a URL
                out.append(part)
            elif part:
                out.append(self._words(part, out[-1][-1] if out and out[-1] else before))
        return "".join(out)

    def _words(self, text: str, before: str) -> str:
        text = self._quotes(text, before)
        text = _HOURS.sub(NBSP, _UNIT.sub(NBSP, text))
        if self.language == "fr":
            text = _AFTER.sub("«" + NBSP, _BEFORE.sub(NBSP, text))
        return text

    def _quotes(self, text: str, before: str) -> str:
        if "'" not in text and '"' not in text:
            return text
        french = self.language == "fr"
        out: list[str] = []
        previous = before
        for at, char in enumerate(text):
            following = text[at + 1] if at + 1 < len(text) else "x"  # markup follows
            opening = previous in _OPENING and not following.isspace()
            if char == "'":
                out.append("‘" if opening and not french else "’")
            elif char == '"' and french:
                out.append("«" + NBSP if opening else NBSP + "»")
            elif char == '"':
                out.append("“" if opening else "”")
            else:
                out.append(char)
            previous = char
        joined = "".join(out)
        return re.sub(" +(?=\u00a0»)", "", joined).replace("«\u00a0 ", "«\u00a0")

    def html(self, fragment: str) -> str:
        """An HTML fragment with its text set (see the module's docstring)."""
        if not _CHANGES.search(fragment):
            return fragment
        root = HTMLParser().parse_fragment(fragment, container="div")
        previous = " "
        for holder, attribute in _texts(root):
            value: str = getattr(holder, attribute)
            setattr(holder, attribute, self.text(value, previous))
            previous = value[-1] if value else previous
        return "".join(_serialised(child) for child in [_Text(root.text), *root])


_CHANGES = re.compile(r"['\"]|\d [^\W\d]|[ «][:;!?»]|[€%]|«")
"""Cheap test that a fragment may need setting at all (most of a site's pages do)."""


class _Text:
    """The fragment's leading text, as a pseudo-node for serialisation."""

    def __init__(self, text: str | None) -> None:
        self.text = text


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _texts(element: Any) -> Iterator[tuple[Any, str]]:
    """Every (node, "text" | "tail") holding reader text, in reading order."""
    if element.text and not _skipped(element):
        yield element, "text"
    for child in element:
        if isinstance(child.tag, str) and not _skipped(child):
            yield from _texts(child)
        if child.tail:
            yield child, "tail"


def _skipped(element: Any) -> bool:
    return isinstance(element.tag, str) and _local(element.tag) in SKIPPED


def _escaped(text: str, attribute: bool = False) -> str:
    """Text or an attribute's value as HTML. ``<`` and ``>`` are escaped in attributes too: a
    value read back in another parsing context (``noscript``, foreign content) stays a value."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attribute else text


def _serialised(node: Any) -> str:
    """A node as HTML (the fragment's own markup, entities written as characters)."""
    if isinstance(node, _Text):
        return _escaped(node.text or "")
    tail = _escaped(node.tail or "")
    if node.tag is ET.Comment:
        return f"<!--{node.text or ''}-->{tail}"
    name = _local(node.tag)
    attributes = "".join(f' {_attribute(k)}="{_escaped(v, True)}"' for k, v in node.attrib.items())
    foreign = not node.tag.startswith(_HTML)
    if name in _VOID and not foreign:
        return f"<{name}{attributes}>{tail}"
    if foreign and not len(node) and not node.text:
        return f"<{name}{attributes}/>{tail}"
    inner = node.text or ""
    # Only HTML's own script and style hold raw text: an SVG's <style> holds parsed text, whose
    # "&lt;/style&gt;" written back raw would close it and let markup out (mutation XSS).
    inner = inner if name in _RAW and not foreign else _escaped(inner)
    inner += "".join(_serialised(child) for child in node)
    return f"<{name}{attributes}>{inner}</{name}>{tail}"


def _attribute(key: str) -> str:
    if key.startswith("{"):
        namespace, _, name = key[1:].partition("}")
        prefix = _PREFIXES.get(namespace, "")
        return name if prefix == "xmlns:" and name == "xmlns" else prefix + name
    return key
