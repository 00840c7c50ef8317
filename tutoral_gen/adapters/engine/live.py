"""A built site kept in memory, rebuilt page by page: the engine of ``tutoral serve``.

MkDocs rebuilds every page after any change; its ``--dirty`` mode rebuilds only the changed
files and leaves the other pages' navigation stale (mkdocs issue 1705). Here the loaded
configuration, files, nav and rendered Markdown stay in memory between builds, and a change
renders exactly the pages whose output it can alter, through MkDocs' own page functions:

- the pages whose Markdown changed, or that are new;
- the pages whose view of the nav changed (:func:`.views.nav_views`): with Material's
  ``navigation.prune`` a page shows the top level, the children of each section above it and
  its previous and next pages, so a sheet's new title reaches its section, not the whole site;
  a nav whose entries only changed titles is patched in place, not built again;
- pages that may link to a page added or removed (their Markdown names it) are read again.

The search index keeps each page's entries as JSON and is written whole, in the cold build's
order;
``404.html`` and the sitemap are rendered again when the nav changed. Anything else falls back
to a full build and says why: the configuration beside the nav, the theme or the templates, a
plugin other than search (it may keep state of its own), or a nav shown whole (no prune).
"""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.commands import build as mk
from mkdocs.structure.files import File, Files, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from ...stamps import Stamp, stamps
from . import config as configuration
from .views import nav_views, retitle

SEARCH = {"search", "material/search"}
"""The only plugin whose state is rebuilt here (its index, page by page)."""
PAGE_STATE = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")
"""What populating a page computes: carried to the new nav's page when its file is unchanged."""
SAFE_FEATURES = {"navigation.prune"}
"""Without it every page shows the whole nav: a nav change then rebuilds everything."""
WHOLE_NAV = {"navigation.sections", "navigation.tabs", "navigation.expand"}


@dataclass(frozen=True)
class Update:
    """What one build did."""

    rendered: int
    """Pages rendered (all of them for a full build)."""
    full: str = ""
    """Why every page was rendered; empty for an incremental build."""
    removed: int = 0
    """Pages whose output was deleted."""


@dataclass
class _State:
    config: Any
    files: Files
    nav: Navigation
    env: Any
    settings: bytes
    """The configuration beside the nav, as read: a change of it rebuilds everything."""
    nav_data: Any
    """The nav as the configuration gives it."""
    stamps: dict[str, Stamp]
    pristine: dict[str, str] = field(default_factory=dict)
    """Each page's HTML before the search plugin strips its markers (rendered again from it)."""
    entries: dict[str, str] = field(default_factory=dict)
    """Each page's search entries, as the index's JSON writes them."""
    views: dict[str, str] = field(default_factory=dict)
    """Each page's view of the nav (:func:`.views.nav_views`) when it was rendered."""
    doc_files: list[File] = field(default_factory=list)
    """The documentation pages' files, listed once (MkDocs lists them anew at each call)."""

    def __post_init__(self) -> None:
        self.doc_files = list(self.files.documentation_pages())

    def pages(self) -> list[Page]:
        """Every page, in the order of the files (the cold build's order)."""
        return [file.page for file in self.doc_files if file.page is not None]


class LiveSite:
    """A site built once in full, then kept up to date by :meth:`update`."""

    def __init__(
        self,
        config_file: Path,
        site_dir: Path,
        *,
        site_url: str | None = None,
        whole: dict[str, Path] | None = None,
    ) -> None:
        self.config_file = config_file
        self.site_dir = site_dir
        self.site_url = site_url
        """Replaces the configuration's (``tutoral serve`` gives its own address)."""
        self.whole = whole or {}
        """Folders whose change touches every page, by what to call them (the templates)."""
        self.state: _State | None = None
        self._whole_stamps = self._stamp_whole()

    def _stamp_whole(self) -> dict[str, dict[str, Stamp]]:
        return {name: stamps(path) for name, path in self.whole.items() if path.is_dir()}

    def build(self, reason: str = "first build") -> Update:
        """Render every page (through ``mkdocs build`` itself when a plugin keeps its own state:
        then every update is a full build)."""
        self.state = None
        config = configuration.load(self.config_file, site_dir=str(self.site_dir))
        if self.site_url is not None:
            config.site_url = self.site_url
        if other := _unsupported(config):
            mk.build(config)
            return Update(len(config.nav or ()), full=f"{reason}; {other}")
        config = self._load()
        utils.clean_directory(config.site_dir)
        files, nav, env = _structure(config, config.theme.get_env())
        state = _State(config, files, nav, env, *self._read_texts(), stamps(config.docs_dir))
        for page in state.pages():
            self._populate(state, page)
        env = config.plugins.on_env(env, config=config, files=files)
        state.env = env
        files.copy_static_files()
        self._templates(state)
        views = nav_views(state.pages(), nav)
        for page in state.pages():
            self._render(state, page, views)
        self._search(state)
        self.state = state
        return Update(len(state.views), full=reason)

    def update(self, written: Collection[str] | None = None) -> Update:
        """Render what changed since the last build; fall back to a full build when needed.
        A build that fails leaves no state: the next one is full.

        ``written``: the docs files written or removed since, when the caller knows them (the
        generator does), which spares looking at every file of the docs folder.
        """
        try:
            return self._update(written)
        except BaseException:
            self.state = None
            raise

    def _update(self, written: Collection[str] | None) -> Update:
        old, old_whole = self.state, self._whole_stamps
        if old is None:
            return self.build()
        whole = self._stamp_whole()
        if whole != self._whole_stamps:
            self._whole_stamps = whole
            what = [name for name in whole if whole[name] != old_whole.get(name)]
            return self.build(f"{' and '.join(what)} changed: every page may change")
        settings, nav_data = self._read_texts()
        if settings != old.settings:
            return self.build("the configuration changed (mkdocs.yml or the site's settings)")
        now = _stamps(old.config.docs_dir, old.stamps, written)
        changed = {uri for uri, stamp in now.items() if old.stamps.get(uri) not in (None, stamp)}
        added, gone = now.keys() - old.stamps.keys(), old.stamps.keys() - now.keys()
        if not added and not gone and _retitle(old, nav_data):
            state = old
            state.stamps = now
            for uri in changed:
                file = state.files.get_file_from_path(uri)
                if file is not None and file.page is not None:
                    self._populate(state, file.page)
                elif file is not None:
                    file.copy_file()
        else:
            if reason := _whole_nav(old.config):
                return self.build(reason)
            state = self._renavigate(old, nav_data, now, changed | added, added | gone)
        return self._render_changed(state, old, changed | added, gone)

    # -- the steps -------------------------------------------------------------------------------

    def _load(self) -> Any:
        config = configuration.load(self.config_file, site_dir=str(self.site_dir))
        if self.site_url is not None:
            config.site_url = self.site_url
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        return config

    def _read_texts(self) -> tuple[bytes, Any]:
        """The configuration beside the nav, as bytes to compare, and the nav."""
        main = self.config_file.read_bytes()
        inherited = _inherited(self.config_file)
        data = configuration.parent_data(inherited) if inherited else {}
        nav = data.pop("nav", None)
        settings = main + repr(data).encode() + (self.site_url or "").encode()
        return settings, nav

    def _renavigate(
        self,
        old: _State,
        nav_data: Any,
        now: dict[str, Stamp],
        touched: set[str],
        moved: set[str],
    ) -> _State:
        """New files and nav from the new configuration; unchanged pages keep their rendering,
        except those whose Markdown names a page added or removed (a link may change)."""
        config = self._load()
        files, nav, env = _structure(config, old.env)  # same theme: its templates stay compiled
        env = config.plugins.on_env(env, config=config, files=files)
        state = _State(config, files, nav, env, old.settings, nav_data, now)
        names = {posixpath.splitext(posixpath.basename(uri))[0] for uri in moved}
        for page in state.pages():
            uri = page.file.src_uri
            before = old.files.get_file_from_path(uri)
            was = before.page if before is not None else None
            if was is None or uri in touched or _mentions(was, names):
                self._populate(state, page)
                continue
            for name in PAGE_STATE:
                setattr(page, name, getattr(was, name))
            state.pristine[uri] = old.pristine[uri]
            state.entries[uri] = old.entries[uri]
            state.views[uri] = old.views[uri]
        for uri in touched:
            file = files.get_file_from_path(uri)
            if file is not None and not file.is_documentation_page():
                file.copy_file()
        return state

    def _render_changed(
        self, state: _State, old: _State, touched: set[str], gone: set[str]
    ) -> Update:
        pages = state.pages()
        views = nav_views(pages, state.nav)
        todo = [
            page
            for page in pages
            if page.file.src_uri in touched
            or state.views.get(page.file.src_uri) != views[page.file.src_uri]
        ]
        for page in todo:
            self._render(state, page, views)
        for uri in gone:
            _delete(old.files.get_file_from_path(uri), self.site_dir)
            state.entries.pop(uri, None)
            state.views.pop(uri, None)
            state.pristine.pop(uri, None)
        self._templates(state)  # 404 shows the top of the nav, the sitemap every page
        if todo or gone:
            self._search(state)
        self.state = state
        return Update(len(todo), removed=len(gone))

    def _populate(self, state: _State, page: Page) -> None:
        mk._populate_page(page, state.config, state.files)
        state.pristine[page.file.src_uri] = page.content or ""

    def _render(self, state: _State, page: Page, views: dict[str, str]) -> None:
        """One page through MkDocs' own ``_build_page``; its search entries are kept apart."""
        uri = page.file.src_uri
        page.content = state.pristine[uri]
        index = _search_index(state.config)
        if index is not None:
            index.entries = []
        mk._build_page(page, state.config, state.doc_files, state.nav, state.env)
        entries = index.entries if index is not None else []
        state.entries[uri] = ",".join(
            json.dumps(e, separators=(",", ":"), default=str) for e in entries
        )
        state.views[uri] = views[uri]

    def _templates(self, state: _State) -> None:
        for name in state.config.theme.static_templates:
            mk._build_theme_template(name, state.env, state.files, state.config, state.nav)

    def _search(self, state: _State) -> None:
        """The whole index, from each page's entries in the cold build's order, written as the
        search plugin writes it (its JSON of no entries, the entries put in)."""
        index = _search_index(state.config)
        if index is None:
            return
        index.entries = []
        empty = index.generate_search_index(None)
        assert empty.endswith("[]}")
        docs = (state.entries[p.file.src_uri] for p in state.pages())
        data = empty[:-2] + ",".join(d for d in docs if d) + empty[-2:]
        path = os.path.join(state.config.site_dir, "search", "search_index.json")
        utils.write_file(data.encode("utf-8"), path)


# -- helpers -------------------------------------------------------------------------------------


def _structure(config: Any, env: Any) -> tuple[Files, Navigation, Any]:
    """Files, theme files, plugin events and nav, as ``mkdocs build`` makes them."""
    files = get_files(config)
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    for file in files.documentation_pages():
        if file.page is None:
            Page(None, file, config)
    return files, nav, env


def _retitle(state: _State, nav_data: Any) -> bool:
    """Give the nav the titles of ``nav_data`` in place when only titles changed (True)."""
    if nav_data == state.nav_data:
        return True
    if not retitle(state.nav, state.nav_data, nav_data):
        return False
    state.config["nav"] = state.nav_data = nav_data
    return True


def _search_index(config: Any) -> Any:
    for name, plugin in config.plugins.items():
        if name in SEARCH:
            return plugin.search_index
    return None


def _unsupported(config: Any) -> str:
    others = sorted(set(config.plugins) - SEARCH)
    return f"plugins {', '.join(others)} keep state of their own" if others else ""


def _whole_nav(config: Any) -> str:
    features = set(config.theme.get("features") or ())
    if not features >= SAFE_FEATURES or features & WHOLE_NAV:
        return "the nav changed and every page shows it whole (navigation.prune is off)"
    return ""


def _mentions(page: Page, names: set[str]) -> bool:
    text = page.markdown or ""
    return any(name in text for name in names)


def _stamps(
    docs_dir: str, before: dict[str, Stamp], written: Collection[str] | None
) -> dict[str, Stamp]:
    """The docs files' stamps: ``before`` updated for the ``written`` paths only, when the
    caller names them; else every file looked at."""
    if written is None:
        return stamps(docs_dir)
    found = dict(before)
    for uri in written:
        try:
            stat = os.stat(os.path.join(docs_dir, uri))
        except FileNotFoundError:
            found.pop(uri, None)
            continue
        found[uri] = (stat.st_mtime_ns, stat.st_size)
    return found


def _inherited(config_file: Path) -> Path | None:
    for line in config_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("INHERIT:"):
            return config_file.parent / line.split(":", 1)[1].split("#")[0].strip()
    return None


def _delete(file: File | None, site_dir: Path) -> None:
    if file is None:
        return
    path = Path(file.abs_dest_path)
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
