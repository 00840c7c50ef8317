"""The pieces of a MkDocs build that the live site and the stored build share: the structure
(files and nav), what may be rebuilt page by page, and which pages may link to a moved file."""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.structure.files import File, Files, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from ...compiled import Compiled
from ...stamps import Stamp, stamps
from . import config as configuration
from . import editlinks, typeset

SEARCH = {"search", "material/search"}
"""The only plugin whose state is rebuilt page by page (its index)."""
SAFE_FEATURES = {"navigation.prune"}
"""Without it every page shows the whole nav: a nav change then rebuilds everything."""
WHOLE_NAV = {"navigation.sections", "navigation.tabs", "navigation.expand"}
OUTSIDE_READERS = {"pymdownx.snippets"}
"""Markdown extensions that read files of their own: a page may change with no docs file."""


Theme = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
"""The theme's folders, and the static files MkDocs takes from them as (path, folder)."""


def theme_files(config: Any, env: Any) -> Theme:
    """What ``Files.add_files_from_theme`` adds to a site with no docs file. Listing the theme
    takes 1/20 s (Material ships thousands of icons): a build resumed from disk reuses the
    last build's list while the theme's folders are the same (their versions are in the
    record's key, the overrides' stamps in its ``whole``)."""
    probe = Files([])
    probe.add_files_from_theme(env, config)
    found = tuple((file.src_uri, file.src_dir) for file in probe if file.src_dir is not None)
    return tuple(config.theme.dirs), found


def structure(config: Any, env: Any, theme: Theme) -> tuple[Files, Navigation]:
    """Files, theme files, plugin events and nav, as ``mkdocs build`` makes them; every page
    has its ``Page``, in the nav or not."""
    files = get_files(config)
    for path, folder in theme[1]:  # as add_files_from_theme: a docs file wins over the theme's
        if files.get_file_from_path(path) is None:
            files.append(File(path, folder, config.site_dir, config.use_directory_urls))
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    for file in files.documentation_pages():
        if file.page is None:
            Page(None, file, config)
    return files, nav


def compiled_env(config: Any, store: dict[str, bytes]) -> Any:
    """The theme's Jinja environment, compiling each template once for all builds."""
    env = config.theme.get_env()
    env.bytecode_cache = Compiled(store)
    return env


def search_index(config: Any) -> Any:
    for name, plugin in config.plugins.items():
        if name in SEARCH:
            return plugin.search_index
    return None


def entries_json(entries: list[Any]) -> str:
    """A page's search entries as the index's JSON writes them, joined by commas."""
    return ",".join(json.dumps(e, separators=(",", ":"), default=str) for e in entries)


def write_search(config: Any, entries: Iterable[str]) -> None:
    """The whole index from each page's entries, in the cold build's order, written as the
    search plugin writes it (its JSON of no entries, the entries put in)."""
    index = search_index(config)
    if index is None:
        return
    index.entries = []
    empty = index.generate_search_index(None)
    assert empty.endswith("[]}")
    data = empty[:-2] + ",".join(e for e in entries if e) + empty[-2:]
    path = os.path.join(config.site_dir, "search", "search_index.json")
    utils.write_file(data.encode("utf-8"), path)


def unsupported(config: Any) -> str:
    """Why this configuration cannot be rebuilt page by page ("" when it can)."""
    if others := sorted(set(config.plugins) - SEARCH - {editlinks.NAME, typeset.NAME}):
        return f"plugins {', '.join(others)} keep state of their own"
    if readers := sorted(OUTSIDE_READERS & set(config.markdown_extensions)):
        return f"{', '.join(readers)} reads files outside the docs"
    return ""


def whole_nav(config: Any) -> str:
    features = set(config.theme.get("features") or ())
    if not features >= SAFE_FEATURES or features & WHOLE_NAV:
        return "the nav changed and every page shows it whole (navigation.prune is off)"
    return ""


def mentions(text: str, folder: str, moved: Collection[str]) -> bool:
    """Whether a page of ``folder`` may link to one of the ``moved`` files (added or removed):
    its Markdown names the file, by its name without extension or, for an ``index`` page of
    another folder, by that folder's name and a slash."""
    for uri in moved:
        parent, name = posixpath.split(uri)
        stem = posixpath.splitext(name)[0]
        if stem == "index" and parent and parent != folder:
            stem = f"{posixpath.basename(parent)}/"
        if stem in text:
            return True
    return False


def restamp(
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


def settings(config_file: Path, site_url: str | None) -> tuple[bytes, Any]:
    """The configuration beside the nav, as bytes to compare, and the nav. The environment
    variables ``mkdocs.yml`` names count (``!ENV`` gives the site's address)."""
    main = config_file.read_bytes()
    inherited = _inherited(config_file, main)
    data = configuration.parent_data(inherited) if inherited else {}
    nav = data.pop("nav", None)
    names = sorted(set(re.findall(rb"\b[A-Z][A-Z0-9_]{2,}\b", main)))
    env = [(name, os.environ.get(name.decode())) for name in names]
    return main + repr((data, env, site_url)).encode(), nav


def _inherited(config_file: Path, text: bytes) -> Path | None:
    for line in text.decode("utf-8").splitlines():
        if line.startswith("INHERIT:"):
            return config_file.parent / line.split(":", 1)[1].split("#")[0].strip()
    return None


def delete_output(site_dir: Path, dest: str) -> None:
    """Remove a file of the site, and the folders it leaves empty."""
    path = site_dir / dest
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
