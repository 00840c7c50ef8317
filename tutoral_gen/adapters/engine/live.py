"""A built site kept in memory, rebuilt page by page: the engine of ``tutoral serve``.

MkDocs rebuilds every page after any change; its ``--dirty`` mode rebuilds only the changed
files and leaves the other pages' navigation stale (mkdocs issue 1705). Here the loaded
configuration, files, nav and rendered Markdown stay in memory between builds, and a change
renders exactly the pages whose output it can alter, through MkDocs' own page functions:

- the pages whose Markdown changed, or that are new;
- the pages whose view of the nav changed (:func:`nav_view`): with Material's
  ``navigation.prune`` a page shows the top level, the children of each section above it and
  its previous and next pages, so a sheet's new title reaches its section, not the whole site;
- pages that may link to a page added or removed (their Markdown names it) are read again.

The search index keeps each page's entries and is written whole, in the cold build's order;
``404.html`` and the sitemap are rendered again when the nav changed. Anything else falls back
to a full build and says why: the configuration beside the nav, the theme or the templates, a
plugin other than search (it may keep state of its own), or a nav shown whole (no prune).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs import utils
from mkdocs.commands import build as mk
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, Section, get_navigation
from mkdocs.structure.pages import Page

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
    nav_text: bytes
    stamps: dict[str, tuple[int, int]]
    pristine: dict[str, str] = field(default_factory=dict)
    """Each page's HTML before the search plugin strips its markers (rendered again from it)."""
    entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    views: dict[str, str] = field(default_factory=dict)


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

    def _stamp_whole(self) -> dict[str, dict[str, tuple[int, int]]]:
        return {name: _stamps(str(path)) for name, path in self.whole.items() if path.is_dir()}

    def build(self, reason: str = "first build") -> Update:
        """Render every page (through ``mkdocs build`` itself when a plugin keeps its own state:
        then every update is a full build)."""
        self.state = None
        config = load_config(str(self.config_file), site_dir=str(self.site_dir))
        if self.site_url is not None:
            config.site_url = self.site_url
        if other := _unsupported(config):
            mk.build(config)
            return Update(len(config.nav or ()), full=f"{reason}; {other}")
        config = self._load()
        utils.clean_directory(config.site_dir)
        files, nav, env = _structure(config)
        state = _State(config, files, nav, env, *self._read_texts(), _stamps(config.docs_dir))
        for page in _pages(files):
            self._populate(state, page)
        env = config.plugins.on_env(env, config=config, files=files)
        state.env = env
        files.copy_static_files()
        self._templates(state)
        for page in _pages(files):
            self._render(state, page)
        self._search(state)
        self.state = state
        return Update(len(state.views), full=reason)

    def update(self) -> Update:
        """Render what changed since the last build; fall back to a full build when needed.
        A build that fails leaves no state: the next one is full."""
        try:
            return self._update()
        except BaseException:
            self.state = None
            raise

    def _update(self) -> Update:
        old, old_whole = self.state, self._whole_stamps
        if old is None:
            return self.build()
        whole = self._stamp_whole()
        if whole != self._whole_stamps:
            self._whole_stamps = whole
            what = [name for name in whole if whole[name] != old_whole.get(name)]
            return self.build(f"{' and '.join(what)} changed: every page may change")
        settings, nav_text = self._read_texts()
        if settings != old.settings:
            return self.build("the configuration changed (mkdocs.yml or the site's settings)")
        stamps = _stamps(old.config.docs_dir)
        changed = {uri for uri, stamp in stamps.items() if old.stamps.get(uri) not in (None, stamp)}
        added, gone = stamps.keys() - old.stamps.keys(), old.stamps.keys() - stamps.keys()
        if nav_text == old.nav_text and not added and not gone:
            state = old
            state.stamps = stamps
            for uri in changed:
                file = state.files.get_file_from_path(uri)
                if file is not None and file.page is not None:
                    self._populate(state, file.page)
                elif file is not None:
                    file.copy_file()
        else:
            if reason := _whole_nav(old.config):
                return self.build(reason)
            state = self._renavigate(old, stamps, changed | added, added | gone)
        return self._render_changed(state, old, changed | added, gone)

    # -- the steps -------------------------------------------------------------------------------

    def _load(self) -> Any:
        config = load_config(str(self.config_file), site_dir=str(self.site_dir))
        if self.site_url is not None:
            config.site_url = self.site_url
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        return config

    def _read_texts(self) -> tuple[bytes, bytes]:
        main = self.config_file.read_bytes()
        inherited = _inherited(self.config_file)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x faster on a big nav
        data = yaml.load(inherited.read_bytes(), Loader=loader) if inherited else {}
        nav = data.pop("nav", None) if isinstance(data, dict) else None
        settings = main + repr(data).encode() + (self.site_url or "").encode()
        return settings, repr(nav).encode()

    def _renavigate(
        self, old: _State, stamps: dict[str, tuple[int, int]], touched: set[str], moved: set[str]
    ) -> _State:
        """New files and nav from the new configuration; unchanged pages keep their rendering,
        except those whose Markdown names a page added or removed (a link may change)."""
        config = self._load()
        files, nav, env = _structure(config)
        env = config.plugins.on_env(env, config=config, files=files)
        state = _State(config, files, nav, env, old.settings, self._read_texts()[1], stamps)
        names = {posixpath.splitext(posixpath.basename(uri))[0] for uri in moved}
        for page in _pages(files):
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
        todo = [
            page
            for page in _pages(state.files)
            if page.file.src_uri in touched
            or state.views.get(page.file.src_uri) != nav_view(page, state.nav)
        ]
        for page in todo:
            self._render(state, page)
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

    def _render(self, state: _State, page: Page) -> None:
        """One page through MkDocs' own ``_build_page``; its search entries are kept apart."""
        uri = page.file.src_uri
        page.content = state.pristine[uri]
        index = _search_index(state.config)
        if index is not None:
            index.entries = []
        doc_files = state.files.documentation_pages()
        mk._build_page(page, state.config, doc_files, state.nav, state.env)
        state.entries[uri] = list(index.entries) if index is not None else []
        state.views[uri] = nav_view(page, state.nav)

    def _templates(self, state: _State) -> None:
        for name in state.config.theme.static_templates:
            mk._build_theme_template(name, state.env, state.files, state.config, state.nav)

    def _search(self, state: _State) -> None:
        """The whole index, from each page's entries in the cold build's order."""
        index = _search_index(state.config)
        if index is None:
            return
        index.entries = [e for p in _pages(state.files) for e in state.entries[p.file.src_uri]]
        data = index.generate_search_index(None)
        path = os.path.join(state.config.site_dir, "search", "search_index.json")
        utils.write_file(data.encode("utf-8"), path)


# -- what a page shows of the nav ----------------------------------------------------------------


def nav_view(page: Page, nav: Navigation) -> str:
    """A digest of everything of the nav that ``page`` renders under ``navigation.prune``: the
    top level, the children of each section above the page (with its position), each pruned
    section as its title, first page and size, and the previous and next pages."""
    parts: list[Any] = [page.title, page.url]
    item: Any = page
    while item.parent is not None:
        siblings = item.parent.children
        parts.append((siblings.index(item), [_item(s) for s in siblings]))
        item = item.parent
    top = list(nav.items)
    parts.append((top.index(item) if item in top else -1, [_item(s) for s in top]))
    for other in (page.previous_page, page.next_page):
        parts.append(None if other is None else (other.title, other.url))
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _item(item: Any) -> tuple[Any, ...]:
    if isinstance(item, Section):
        first: Any = item
        while getattr(first, "children", None):
            first = first.children[0]
        return ("section", item.title, len(item.children), getattr(first, "url", None),
                [_item(c) for c in item.children if getattr(c, "is_index", False)])  # fmt: skip
    return (type(item).__name__, item.title, getattr(item, "url", None),
            getattr(item, "is_index", False), bool(getattr(item, "meta", None)))  # fmt: skip


# -- helpers -------------------------------------------------------------------------------------


def _structure(config: Any) -> tuple[Files, Navigation, Any]:
    """Files, theme files, plugin events and nav, as ``mkdocs build`` makes them."""
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    for file in files.documentation_pages():
        if file.page is None:
            Page(None, file, config)
    return files, nav, env


def _pages(files: Files) -> list[Page]:
    """Every page, in the order of the files (the cold build's order)."""
    return [file.page for file in files.documentation_pages() if file.page is not None]


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


def _stamps(docs_dir: str) -> dict[str, tuple[int, int]]:
    found = {}
    for folder, _dirs, names in os.walk(docs_dir):
        for name in names:
            path = os.path.join(folder, name)
            stat = os.stat(path)
            found[Path(path).relative_to(docs_dir).as_posix()] = (stat.st_mtime_ns, stat.st_size)
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
