"""What a build leaves for the next one on disk (``build/.cache/site.pickle``): for each docs
file, enough that the next ``tutoral build`` need not read it again when it did not change.

A page that is not read again still appears in others' nav, in the search index and in the
sitemap: it keeps its front matter (Material shows a page's icon and status in the nav), its
title (when the nav gives none), the search entries and the digest of the nav it was rendered
with (:func:`.views.nav_views`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from ...stamps import Stamp
from .parts import Theme


class Kept(NamedTuple):
    """One docs file as the last build left it (a tuple: 10,000 of them pickle fast)."""

    stamp: Stamp
    """Its modification time and size when it was built."""
    dest: str
    """Its output, relative to the site folder ("" when MkDocs leaves it out)."""
    view: str = ""
    """A page: the digest of the nav it was rendered with."""
    entries: str = ""
    """A page: its search entries, as the index's JSON writes them."""
    meta: dict[str, Any] | None = None
    """A page: its front matter."""
    title: str | None = None
    """A page: its title."""


@dataclass(frozen=True, slots=True)
class Record:
    """The last build, as the next one needs it."""

    settings: bytes
    """The configuration beside the nav (:func:`.parts.settings`): a change rebuilds all."""
    nav_data: Any
    """The nav as the configuration gave it."""
    whole: dict[str, dict[str, Stamp]]
    """Stamps of the folders whose change touches every page (the templates)."""
    files: dict[str, Kept]
    """Every file of the docs folder, by its path there."""
    compiled: dict[str, bytes]
    """The theme's templates as Jinja compiled them (by Jinja's key; each checks its source)."""
    theme: Theme
    """The theme's static files (:func:`.parts.theme_files`)."""
    site: tuple[int, int] = (0, 0)
    """The site folder's inode and modification time once built: anything else has been
    there since (``mkdocs build``, a hand), and the next build is full."""
