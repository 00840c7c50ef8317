"""What each page shows of the nav, digested: a page is rendered again when its digest changes.

With Material's ``navigation.prune`` a page shows the top level, the children of each section
above it and its previous and next pages, so a sheet's new title reaches its own section, not
the whole site. Each list of children is digested once per nav, which keeps the digests of
10,000 pages linear in the size of the nav.
"""

from __future__ import annotations

import hashlib
from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page


def nav_views(pages: list[Page], nav: Navigation) -> dict[str, str]:
    """Per page source path, the digest of everything of the nav it renders: its title and
    URL, the position and children of each section above it (each pruned section as its title,
    first page, size and index pages), the top level, and the previous and next pages."""
    lists: dict[int, tuple[str, dict[int, int]]] = {}

    def digest(items: list[Any], item: Any) -> tuple[int, str]:
        """The position of ``item`` in ``items`` (by identity: a page's ``==`` is slow), and
        the digest of ``items``."""
        key = id(items)
        if key not in lists:
            where = {id(entry): n for n, entry in enumerate(items)}
            lists[key] = _hash(repr([_item(s) for s in items])), where
        text, where = lists[key]
        return where.get(id(item), -1), text

    views = {}
    for page in pages:
        parts: list[Any] = [page.title, page.url]
        item: Any = page
        while item.parent is not None:
            parts.append(digest(item.parent.children, item))
            item = item.parent
        parts.append(digest(nav.items, item))
        for other in (page.previous_page, page.next_page):
            parts.append(None if other is None else (other.title, other.url))
        views[page.file.src_uri] = _hash(repr(parts))
    return views


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _item(item: Any) -> tuple[Any, ...]:
    """An entry of the nav as a page shows it. A page's meta counts only for what Material
    shows of it in the nav (its icon and status), so that a page read or not reads the same."""
    if isinstance(item, Section):
        first: Any = item
        while getattr(first, "children", None):
            first = first.children[0]
        return ("section", item.title, len(item.children), getattr(first, "url", None),
                [_item(c) for c in item.children if getattr(c, "is_index", False)])  # fmt: skip
    meta = getattr(item, "meta", None) or {}
    return (type(item).__name__, item.title, getattr(item, "url", None),
            getattr(item, "is_index", False), meta.get("icon"), meta.get("status"))  # fmt: skip


def retitle(nav: Navigation, old: Any, new: Any) -> bool:
    """Give ``nav`` (built from the nav config ``old``) the titles of ``new`` in place, when
    only titles changed (True); False, and ``nav`` untouched, when entries or their order
    changed, or an entry is not a page or section."""
    changes: list[tuple[Any, str]] = []
    if not _same_shape(old, new, list(nav.items), changes):
        return False
    for item, title in changes:
        item.title = title
    return True


def _same_shape(old: Any, new: Any, items: list[Any], changes: list[tuple[Any, str]]) -> bool:
    if not isinstance(old, list) or not isinstance(new, list) or len(old) != len(new):
        return False
    if len(items) != len(old):
        return False
    for before, after, item in zip(old, new, items, strict=True):
        if isinstance(before, str) or isinstance(after, str):
            if before != after:
                return False
            continue
        if not (isinstance(before, dict) and isinstance(after, dict)):
            return False
        if len(before) != 1 or len(after) != 1:
            return False
        (title_a, value_a), (title_b, value_b) = *before.items(), *after.items()
        if isinstance(value_a, list):
            if not isinstance(item, Section):
                return False
            if not _same_shape(value_a, value_b, list(item.children), changes):
                return False
        elif value_a != value_b or not isinstance(item, Page):
            return False
        if title_a != title_b:
            changes.append((item, title_b))
    return True
