"""``tutoral new``: a ready-to-build handbook project, from files the package carries."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from ..errors import UsageError
from ..source import schema

HIDDEN = {"gitignore": ".gitignore", "gitlab-ci.yml": ".gitlab-ci.yml", "github": ".github"}
"""Files stored without their leading dot in the package (package data skips dotfiles)."""


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, bytes]]:
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = HIDDEN.get(entry.name, entry.name) if not prefix else entry.name
        rel = f"{prefix}{name}"
        if entry.is_dir():
            out += _files(entry, f"{rel}/")
        else:
            out.append((rel, entry.read_bytes()))
    return out


def create(target: Path, language: str) -> list[str]:
    """Write a new project into ``target`` (absent or empty); return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} is not empty: tutoral new only writes into a new folder")
    base = resources.files("tutoral_gen").joinpath("data/scaffold")
    files = _files(base.joinpath("common")) + _files(base.joinpath(language))
    for rel, data in files:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    written = [rel for rel, _ in files]
    written += [
        p.relative_to(target).as_posix() for p in schema.write(target / "schemas", language)
    ]
    return sorted(written)
