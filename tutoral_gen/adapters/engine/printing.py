"""The site's Markdown, for the documents: the extensions ``mkdocs.yml`` lists, as MkDocs loads
them (``toc``, ``tables`` and ``fenced_code`` always), so that a page reads on paper as on the
site; and the site's address, which links to pages outside a document lead to.

It is read before the generated part of the configuration exists (the documents are made
during the generation), so only these two settings are taken from the project's own file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import get_yaml_loader

from ...errors import UsageError

BUILTIN = ("toc", "tables", "fenced_code")
"""The extensions MkDocs always adds."""


def settings(config_file: Path) -> tuple[Callable[[str], str], str | None]:
    """Markdown to HTML as the site converts it (permalinks aside), and ``site_url``."""
    loader = get_yaml_loader(config=MkDocsConfig(config_file_path=str(config_file)))
    try:
        with open(config_file, "rb") as fd:
            data = yaml.load(fd, Loader=loader) or {}
    except yaml.YAMLError as exc:
        raise UsageError(f"{config_file} cannot be read: {exc}") from None
    names, configs = _extensions(data.get("markdown_extensions") or [])
    configs["toc"] = {**configs.get("toc", {}), "permalink": False}  # no ¶ on paper
    converter = markdown.Markdown(extensions=names, extension_configs=configs)

    def to_html(text: str) -> str:
        converter.reset()
        return converter.convert(text)

    site_url = data.get("site_url")
    return to_html, site_url if isinstance(site_url, str) and site_url else None


def site_url(config_file: Path) -> str | None:
    """The site's address (``site_url``, ``!ENV`` tags read as MkDocs reads them), or None
    when the configuration names none, or cannot be read (the build reports that itself)."""
    loader = get_yaml_loader(config=MkDocsConfig(config_file_path=str(config_file)))
    try:
        with open(config_file, "rb") as fd:
            data = yaml.load(fd, Loader=loader) or {}
    except (OSError, yaml.YAMLError):
        return None
    found = data.get("site_url") if isinstance(data, dict) else None
    return found if isinstance(found, str) and found else None


def _extensions(listed: Any) -> tuple[list[str], dict[str, dict[str, Any]]]:
    names: list[str] = list(BUILTIN)
    configs: dict[str, dict[str, Any]] = {}
    for item in listed if isinstance(listed, list) else []:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if not isinstance(name, str):
            continue
        if name not in names:
            names.append(name)
        if isinstance(config, dict):
            configs[name] = config
    return names, configs
