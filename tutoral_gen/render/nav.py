"""The navigation of the handbook, typed: links and sections, turned into MkDocs' ``nav`` last."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


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


def title(text: str) -> str:
    """A page, section or site title for MkDocs, safe wherever the theme prints it, and read
    right there.

    Material prints these titles unescaped in text and in some attributes (the site name in the
    logo's ``aria-label``) but escapes them in others (the footer's ``aria-label``): no escaping
    is right everywhere (an escaped title reads ``l&amp;#39;étude`` in the footer). So a title
    carries no character that HTML takes as markup: ``<`` ``>`` ``&`` become the look-alikes
    ‹ › ＆ and straight double quotes become typographic ones, “ then ”. Only there: the page's
    own heading keeps the exact text.
    """
    if _CHANGED.search(text) is None:  # most titles: nothing to change, found 5x faster
        return text
    text = " ".join(text.split()).translate(_MARKUP_FREE)
    parts = text.split('"')
    return "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]


_MARKUP_FREE = str.maketrans({"<": "‹", ">": "›", "&": "＆"})
_CHANGED = re.compile(r'[<>&"]|[^\S ]|  |^ | $')
"""What :func:`title` changes: markup characters, and white space but single spaces within."""


def to_config(items: Iterable[Item]) -> list[Any]:
    """MkDocs' ``nav``: ``{title: path}``, bare paths, and ``{title: [...]}`` for sections."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, Section):
            out.append({title(item.title): to_config(item.items)})
        elif item.title is None:
            out.append(item.path)
        else:
            out.append({title(item.title): item.path})
    return out


def links(items: Sequence[Item]) -> list[Link]:
    """Every link of a nav, sub-sections included, in order."""
    out: list[Link] = []
    for item in items:
        out += links(item.items) if isinstance(item, Section) else [item]
    return out
