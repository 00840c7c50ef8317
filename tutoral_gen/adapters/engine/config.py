"""MkDocs' configuration, loaded as ``mkdocs.config.load_config`` loads it, only faster for a
generated parent: ``INHERIT: build/generated.yml`` is JSON (a subset of YAML), which ``json``
reads in milliseconds where MkDocs' pure-Python YAML loader takes seconds for 10,000 nav
entries. Any other parent is read by MkDocs itself."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import mergedeep  # type: ignore[import-untyped]
import yaml
from mkdocs import exceptions
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from . import editlinks, typeset

log = logging.getLogger("mkdocs.config")


def load(config_file: Path, **options: Any) -> MkDocsConfig:
    """The validated configuration, ``options`` (not None) overriding the file's values."""
    cfg = MkDocsConfig(config_file_path=str(config_file))
    loader = get_yaml_loader(config=cfg)
    try:
        with open(config_file, "rb") as fd:
            data = yaml.load(fd, Loader=loader) or {}
    except yaml.YAMLError as exc:
        raise exceptions.ConfigurationError(f"MkDocs could not parse {config_file}: {exc}") from exc
    if isinstance(data, dict) and "INHERIT" in data:
        parent = os.path.normpath(os.path.join(config_file.parent, data.pop("INHERIT")))
        if not os.path.exists(parent):
            raise exceptions.ConfigurationError(f"Inherited config file {parent!r} does not exist.")
        data = mergedeep.merge(parent_data(Path(parent), loader), data)
    cfg.load_dict(data)
    cfg.load_dict({key: value for key, value in options.items() if value is not None})
    errors, warnings = cfg.validate()
    for name, warning in warnings:
        log.warning(f"Config value '{name}': {warning}")
    for name, error in errors:
        log.error(f"Config value '{name}': {error}")
    if errors:
        raise exceptions.Abort("Aborted with a configuration error!")
    editlinks.install(cfg)
    typeset.install(cfg)
    if cfg.strict and warnings:
        raise exceptions.Abort(
            f"Aborted with {len(warnings)} configuration warnings in 'strict' mode!"
        )
    return cfg


def parent_data(path: Path, loader: Any = None) -> dict[str, Any]:
    """An inherited file's settings: JSON after its comment lines when it is, else YAML."""
    raw = path.read_bytes()
    body = b"\n".join(line for line in raw.splitlines() if not line.startswith(b"#"))
    try:
        data = json.loads(body)
    except ValueError:
        with open(path, "rb") as fd:
            data = yaml_load(fd, loader)
    return data if isinstance(data, dict) else {}
