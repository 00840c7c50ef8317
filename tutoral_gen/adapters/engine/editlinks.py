"""Material's "edit this page" action on generated pages, pointed at their SOURCE file.

MkDocs computes a page's edit link from its path in ``docs_dir``; here every page is written
into ``build/docs/`` (git-ignored), so that link would lead nowhere. The generator names each
page's source in its front matter (``edit_source: content/scenarios/module-1.yaml``, empty for a
page made of everything, such as the print version); a hand-written page of ``content/pages/``
carries no such key and is its own source. The link is ``repo_url`` + ``edit_uri`` + that path,
``edit_uri`` naming the folder of the repository that holds ``content/`` (``edit/main/``).
Without ``repo_url`` or ``edit_uri`` there is no link at all, as MkDocs does.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from mkdocs.plugins import BasePlugin

KEY = "edit_source"
"""The front matter key naming a generated page's source file (from the repository's folder
that ``edit_uri`` ends on)."""
OWN = "content/pages/"
"""Where a hand-written page comes from: ``build/docs/x.md`` is ``content/pages/x.md``."""
NAME = "tutoral/edit-links"
"""Its name among the configuration's plugins; it keeps no state between pages."""


def edit_url(repo_url: str | None, edit_uri: str | None, meta: dict[str, Any], src: str) -> Any:
    """The address that edits a page's source, or None."""
    if not repo_url or not edit_uri:
        return None
    source = meta.get(KEY, OWN + src)
    if not isinstance(source, str) or not source:
        return None
    base = edit_uri if edit_uri.endswith("/") else edit_uri + "/"
    root = repo_url if repo_url.endswith("/") else repo_url + "/"
    return urllib.parse.urljoin(root, base + urllib.parse.quote(source))


class EditLinks(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Sets each page's ``edit_url`` once its front matter is read."""

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
        page.edit_url = edit_url(
            config.get("repo_url"), config.get("edit_uri"), page.meta, page.file.src_uri
        )
        return markdown


def install(config: Any) -> Any:
    """``config`` with the plugin among its plugins (once)."""
    if NAME not in config.plugins:
        plugin = EditLinks()
        plugin.load_config({})
        config.plugins[NAME] = plugin
    return config
