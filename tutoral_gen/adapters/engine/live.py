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

import posixpath
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.commands import build as mk
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ... import clock, cycles
from ...stamps import Stamp, stamps
from . import config as configuration
from . import parts
from .record import Kept, Record
from .views import nav_views, retitle

PAGE_STATE = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")
"""What populating a page computes: carried to the new nav's page when its file is unchanged."""


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
    theme: parts.Theme
    """The theme's static files, listed once per theme."""
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
    """A site built once in full, then kept up to date by :meth:`update` (in memory) or
    :meth:`resume` (from the record of the last build)."""

    def __init__(
        self,
        config_file: Path,
        site_dir: Path,
        *,
        site_url: str | None = None,
        whole: dict[str, Path] | None = None,
    ) -> None:
        clock.settle()  # MkDocs dates pages from SOURCE_DATE_EPOCH, which must then be a number
        self.config_file = config_file
        self.site_dir = site_dir
        self.site_url = site_url
        """Replaces the configuration's (``tutoral serve`` gives its own address)."""
        self.whole = whole or {}
        """Folders whose change touches every page, by what to call them (the templates)."""
        self.state: _State | None = None
        self._whole_stamps = self._stamp_whole()
        self.compiled: dict[str, bytes] = {}
        """The theme's templates as Jinja compiled them: a new process need not compile them."""

    def _stamp_whole(self) -> dict[str, dict[str, Stamp]]:
        return {name: stamps(path) for name, path in self.whole.items() if path.is_dir()}

    def build(self, reason: str = "first build") -> Update:
        """Render every page (through ``mkdocs build`` itself when a plugin keeps its own state:
        then every update is a full build)."""
        self.state = None
        config = configuration.load(self.config_file, site_dir=str(self.site_dir))
        if self.site_url is not None:
            config.site_url = self.site_url
        if other := parts.unsupported(config):
            mk.build(config)
            return Update(len(config.nav or ()), full=f"{reason}; {other}")
        config = self._load()
        self._whole_stamps = self._stamp_whole()
        utils.clean_directory(config.site_dir)
        env = parts.compiled_env(config, self.compiled)
        theme = parts.theme_files(config, env)
        files, nav = parts.structure(config, env, theme)
        settings = parts.settings(self.config_file, self.site_url)
        state = _State(config, files, nav, env, *settings, stamps(config.docs_dir), theme)
        for page in state.pages():
            self._populate(state, page)
        state.env = config.plugins.on_env(env, config=config, files=files)
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
        old = self.state
        if old is None:
            return self.build()
        if reason := self._whole_changed(self._whole_stamps):
            return self.build(reason)
        settings, nav_data = parts.settings(self.config_file, self.site_url)
        if settings != old.settings:
            return self.build("the configuration changed (mkdocs.yml or the site's settings)")
        now = parts.restamp(old.config.docs_dir, old.stamps, written)
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
            touched = changed
        else:
            if reason := parts.whole_nav(old.config):
                return self.build(reason)
            state, touched = self._renavigate(old, nav_data, now, changed | added, added | gone)
        dests = [f.dest_uri for f in map(old.files.get_file_from_path, gone) if f is not None]
        for dest in dests:
            parts.delete_output(self.site_dir, dest)
        return self._render_changed(state, touched, gone)

    def resume(self, record: Record) -> Update:
        """Bring the site ``record`` describes up to date, rendering into this site's folder
        only what changes (a full build when the configuration or the templates changed).
        The caller moves the files in place and deletes the outputs of the removed files."""
        settings, nav_data = parts.settings(self.config_file, self.site_url)
        if settings != record.settings:
            return self.build("the configuration changed (mkdocs.yml or the site's settings)")
        config = self._load()
        if reason := self._whole_changed(record.whole):
            return self.build(reason)
        if nav_data != record.nav_data and (reason := parts.whole_nav(config)):
            return self.build(reason)
        with cycles.off():  # a few pages' garbage, collected every 200 pages
            update = self._resume(config, record, settings, nav_data)
        cycles.settled()  # resumed from disk: a one-shot build, which ends soon
        return update

    def _resume(self, config: Any, record: Record, settings: bytes, nav_data: Any) -> Update:
        env = parts.compiled_env(config, self.compiled)
        theme = record.theme
        if theme[0] != tuple(config.theme.dirs):
            theme = parts.theme_files(config, env)
        files, nav = parts.structure(config, env, theme)
        cycles.settled()  # the files and the nav live until the end of this one-shot build
        now = stamps(config.docs_dir)
        state = _State(config, files, nav, env, settings, nav_data, now, theme)
        kept = record.files
        changed = {uri for uri, stamp in state.stamps.items() if uri not in kept or
                   kept[uri].stamp != stamp}  # fmt: skip
        moved = (state.stamps.keys() - kept.keys()) | (kept.keys() - state.stamps.keys())
        for page in state.pages():
            uri = page.file.src_uri
            if uri in changed or (moved and _may_link(page, moved)):
                self._populate(state, page)
                cycles.collect_every(len(state.pristine))
                continue
            page.meta = kept[uri].meta or {}
            if page.title is None:  # not named by the nav, and not read
                page.title = kept[uri].title
            state.entries[uri], state.views[uri] = kept[uri].entries, kept[uri].view
        state.env = config.plugins.on_env(env, config=config, files=files)
        for file in files:
            if file.src_uri in changed and not file.is_documentation_page():
                file.copy_file()
        return self._render_changed(state, set(state.pristine), kept.keys() - state.stamps.keys())

    def record(self) -> Record | None:
        """What the next :meth:`resume` needs of the site now built (None: no page-by-page
        state, ``mkdocs build`` built it)."""
        state = self.state
        if state is None:
            return None
        files = {}
        by_uri = {file.src_uri: file for file in state.files}
        for uri, stamp in state.stamps.items():
            file = by_uri.get(uri)
            if file is None or file.page is None:
                files[uri] = Kept(stamp, file.dest_uri if file is not None else "")
                continue
            page = file.page
            files[uri] = Kept(stamp, file.dest_uri, state.views[uri], state.entries[uri],
                              dict(page.meta), page.title)  # fmt: skip
        whole = self._whole_stamps
        return Record(state.settings, state.nav_data, whole, files, self.compiled, state.theme)

    # -- the steps -------------------------------------------------------------------------------

    def _whole_changed(self, before: dict[str, dict[str, Stamp]]) -> str:
        self._whole_stamps = now = self._stamp_whole()
        what = [name for name in now.keys() | before.keys() if now.get(name) != before.get(name)]
        return f"{' and '.join(sorted(what))} changed: every page may change" if what else ""

    def _load(self) -> Any:
        config = configuration.load(self.config_file, site_dir=str(self.site_dir))
        if self.site_url is not None:
            config.site_url = self.site_url
        if config.theme.custom_dir:  # the theme's overrides touch every page
            self.whole.setdefault("the theme's overrides", Path(config.theme.custom_dir))
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        return config

    def _renavigate(
        self,
        old: _State,
        nav_data: Any,
        now: dict[str, Stamp],
        touched: set[str],
        moved: set[str],
    ) -> tuple[_State, set[str]]:
        """New files and nav from the new configuration; unchanged pages keep their rendering,
        except those that may link to a page added or removed. Returns the pages read again."""
        config = self._load()
        env = old.env  # same theme: its templates and its files stay as they were
        files, nav = parts.structure(config, env, old.theme)
        env = config.plugins.on_env(env, config=config, files=files)
        state = _State(config, files, nav, env, old.settings, nav_data, now, old.theme)
        read = set()
        for page in state.pages():
            uri = page.file.src_uri
            before = old.files.get_file_from_path(uri)
            was = before.page if before is not None else None
            if was is None or uri in touched or _may_link(was, moved):
                self._populate(state, page)
                read.add(uri)
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
        return state, read | touched

    def _render_changed(self, state: _State, touched: set[str], gone: set[str]) -> Update:
        """Render the ``touched`` pages and those whose view of the nav changed, 404 and the
        sitemap, and the search index when a page changed."""
        pages = state.pages()
        views = nav_views(pages, state.nav)
        todo = [p for p in pages if p.file.src_uri in touched or _view_changed(state, views, p)]
        for count, page in enumerate(todo, 1):
            if page.file.src_uri not in state.pristine:  # resumed, and only its view changed
                self._populate(state, page)
            self._render(state, page, views)
            cycles.collect_every(count)
        for uri in gone:
            for kept in (state.entries, state.views, state.pristine):
                kept.pop(uri, None)
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
        index = parts.search_index(state.config)
        if index is not None:
            index.entries = []
        mk._build_page(page, state.config, state.doc_files, state.nav, state.env)
        state.entries[uri] = parts.entries_json(index.entries if index is not None else [])
        state.views[uri] = views[uri]

    def _templates(self, state: _State) -> None:
        for name in state.config.theme.static_templates:
            mk._build_theme_template(name, state.env, state.files, state.config, state.nav)

    def _search(self, state: _State) -> None:
        parts.write_search(state.config, (state.entries[p.file.src_uri] for p in state.pages()))


def _retitle(state: _State, nav_data: Any) -> bool:
    """Give the nav the titles of ``nav_data`` in place when only titles changed (True)."""
    if nav_data == state.nav_data:
        return True
    if not retitle(state.nav, state.nav_data, nav_data):
        return False
    state.config["nav"] = state.nav_data = nav_data
    return True


def _view_changed(state: _State, views: dict[str, str], page: Page) -> bool:
    """Whether ``page``'s view of the nav changed since it was rendered."""
    return state.views.get(page.file.src_uri) != views[page.file.src_uri]


def _may_link(page: Page, moved: Collection[str]) -> bool:
    """Whether ``page`` may link to a file added or removed (its Markdown names it)."""
    text = page.markdown
    if text is None:
        with open(page.file.abs_src_path or "", encoding="utf-8", errors="replace") as source:
            text = source.read()
    return parts.mentions(text, posixpath.dirname(page.file.src_uri), moved)
