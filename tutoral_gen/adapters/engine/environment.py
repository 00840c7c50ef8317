"""The environment variables ``mkdocs.yml`` names, checked for what they fill before MkDocs runs.

``site_url: !ENV [TUTORAL_SITE_URL, CI_PAGES_URL, null]`` takes the first of those variables
that is set (the CI sets them); a value MkDocs would refuse, or accept and publish wrongly (an
address with a space, a ``javascript:`` URL, ten thousand characters), is a usage error of one
line naming the variable, the setting it fills and what it should be, before anything is built.
"""

from __future__ import annotations

import os
import unicodedata
import urllib.parse
from pathlib import Path

import yaml

from ...errors import UsageError

URLS = ("site_url", "repo_url")
"""Settings that are a web address: http or https, with a host."""
MAX_URL = 2048
"""The longest address (what browsers and servers accept everywhere)."""
MAX_VALUE = 10_000
"""The longest value of any other setting, as for a text of the content."""
EXPECTED_URL = "an http or https address such as https://org.github.io/handbook/"


def named(config_file: Path) -> list[tuple[str, str]]:
    """(setting, variable) for each environment variable ``config_file`` names with ``!ENV``,
    in the order MkDocs tries them (a list's last item is its default, not a variable)."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # MkDocs says what is wrong with the file itself
    found: list[tuple[str, str]] = []
    _walk(root, "", found)
    return found


def _walk(node: yaml.Node | None, key: str, found: list[tuple[str, str]]) -> None:
    if node is None:
        return
    if node.tag == "!ENV":
        if isinstance(node, yaml.ScalarNode):
            found.append((key, str(node.value)))
        elif isinstance(node, yaml.SequenceNode):
            items = node.value[:-1] if len(node.value) > 1 else node.value
            found += [(key, str(item.value)) for item in items if isinstance(item, yaml.ScalarNode)]
        return
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            _walk(value, str(name.value), found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _walk(item, key, found)


def problem(setting: str, value: str) -> str | None:
    """What is wrong with ``value`` for ``setting``, or None."""
    if any(unicodedata.category(c) == "Cc" for c in value):
        return "a value without control characters (a line break, a tab)"
    if setting in URLS:
        parts = urllib.parse.urlsplit(value) if len(value) <= MAX_URL else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            return EXPECTED_URL + f" (at most {MAX_URL} characters)"
        if any(c.isspace() for c in value):
            return EXPECTED_URL + ", without spaces (write %20)"
        return None
    if len(value) > MAX_VALUE:
        return f"a value of at most {MAX_VALUE:,} characters".replace(",", " ")
    return None


def check(config_file: Path) -> None:
    """Refuse the first environment value ``mkdocs.yml`` would take that does not fit its
    setting; an empty value counts as unset, as MkDocs reads it."""
    seen: set[str] = set()
    for setting, variable in named(config_file):
        if setting in seen or variable not in os.environ:
            continue
        seen.add(setting)  # MkDocs takes the first variable that is set, even to nothing
        value = os.environ[variable]
        wrong = problem(setting, value) if value else None
        if wrong is not None:
            shown = value if len(value) <= 60 else value[:57] + "..."
            raise UsageError(
                f"{variable} (the {setting} of {config_file.name}) must be {wrong}, found {shown!r}"
            )
