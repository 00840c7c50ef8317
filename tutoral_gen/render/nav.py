"""The navigation of the handbook, typed: links and sections, turned into MkDocs' ``nav`` last."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .markup import escape_html


@dataclass(frozen=True, slots=True)
class Link:
    """A page of the nav."""

    path: str
    """Its path inside the handbook."""
    title: str | None = None
    """Its title as written (escaped on output); None: MkDocs takes the page's own."""


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of links and sections."""

    title: str
    """Its title as written."""
    items: tuple[Item, ...]
    """What it holds, in order."""


Item = Link | Section


def title(text: str) -> str:
    """A page or section title for MkDocs, safe in the nav and in ``<title>``.

    Material prints nav titles without escaping, so they are HTML-escaped here; but it prints
    ``page.title | striptags`` in ``<title>``, and striptags unescapes: ``</title><script>``
    would come back to life there. So ``<`` and ``>`` become ‹ and › in titles (only there: the
    page's own heading keeps the exact text).
    """
    return escape_html(" ".join(text.split()).replace("<", "‹").replace(">", "›"))


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
