"""The navigation of the handbook, typed: links and sections, turned into MkDocs' ``nav`` last."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..typography import Typography

ENGLISH = Typography("en")
"""Quotes for a title whose language is not at hand: “ ” read right in either language."""


@dataclass(frozen=True)  # no slots: pickled by the 10,000 (see scenario.Intervention)
class Link:
    """A page of the nav."""

    path: str
    """Its path inside the handbook."""
    title: str | None = None
    """Its title as written (made markup-free on output); None: MkDocs takes the page's own."""


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of links and sections."""

    title: str
    """Its title as written."""
    items: tuple[Item, ...]
    """What it holds, in order."""


Item = Link | Section


def title(text: str, typography: Typography = ENGLISH) -> str:
    """A page, section or site title for MkDocs, set (typography.py: the nav and the site's
    name in the handbook's language; a page's front matter, which the nav's title overrides,
    with English quotes), safe wherever the theme prints it, and read right there.

    Material prints these titles unescaped in text and in some attributes (the site name in the
    logo's ``aria-label``) but escapes them in others (the footer's ``aria-label``): no escaping
    is right everywhere (an escaped title reads ``l&amp;#39;étude`` in the footer). So a title
    carries no character that HTML takes as markup: ``<`` ``>`` ``&`` become the look-alikes
    ‹ › ＆ and straight quotes become typographic ones. Only there: the page's own heading
    keeps the exact characters.
    """
    if _CHANGED.search(text) is None:  # most titles: nothing to change, found 5x faster
        return text
    return typography.text(" ".join(text.split()).translate(_MARKUP_FREE))


_MARKUP_FREE = str.maketrans({"<": "‹", ">": "›", "&": "＆"})
_CHANGED = re.compile(r'[<>&"\'0-9]|[^\S ]|  |^ | $')
"""What :func:`title` changes: markup characters, and white space but single spaces within."""


def to_config(items: Iterable[Item], typography: Typography = ENGLISH) -> list[Any]:
    """MkDocs' ``nav``: ``{title: path}``, bare paths, and ``{title: [...]}`` for sections."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, Section):
            out.append({title(item.title, typography): to_config(item.items, typography)})
        elif item.title is None:
            out.append(item.path)
        else:
            out.append({title(item.title, typography): item.path})
    return out


def links(items: Sequence[Item]) -> list[Link]:
    """Every link of a nav, sub-sections included, in order."""
    out: list[Link] = []
    for item in items:
        out += links(item.items) if isinstance(item, Section) else [item]
    return out
