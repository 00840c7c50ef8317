"""The handbook's typography (:mod:`tutoral_gen.typography`) on its hand-written pages.

The generator sets every page it writes (labels at the source, the content's text as it lands);
a page of ``content/pages/`` reaches MkDocs as its author wrote it, straight apostrophes
included. This plugin sets its HTML once MkDocs made it, in the handbook's language (the
theme's, which the generated settings give): its text only, never its code or attributes. A
generated page, whose front matter names its source, is left as it is.
"""

from __future__ import annotations

from typing import Any

from mkdocs.plugins import BasePlugin

from ...typography import Typography
from .editlinks import KEY

NAME = "tutoral/typeset"
"""Its name among the configuration's plugins; it keeps no state between pages."""


class Typeset(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Sets the text of each hand-written page."""

    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        if KEY in page.meta:
            return html
        language = str(config.theme.get("language") or "en")
        return Typography("fr" if language.startswith("fr") else "en").html(html)


def install(config: Any) -> Any:
    """``config`` with the plugin among its plugins (once)."""
    if NAME not in config.plugins:
        plugin = Typeset()
        plugin.load_config({})
        config.plugins[NAME] = plugin
    return config
