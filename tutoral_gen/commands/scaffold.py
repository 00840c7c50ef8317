"""``tutoral new``: a ready-to-build handbook project, from files the package carries."""

from __future__ import annotations

import re
from importlib import metadata, resources
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


TOOL = "tutoral_gen"
ENGINE = ("mkdocs", "mkdocs-material", "pymdown-extensions", "Pygments")
"""What shapes the published HTML beside the tool: pinned in the project as this tool runs it."""
VENDOR = "vendor"
"""The project's folder for the tool's wheel (``tutoral new --vendor``)."""


def requirements(vendored: bool) -> bytes:
    """The project's ``requirements.txt``: the tool and the site engine at the exact versions
    running now, so that the CI builds the site this tool built here, now and in a year."""
    pins = [f"{name}=={metadata.version(name)}" for name in (TOOL, *ENGINE)]
    where = (
        [f"# {TOOL} is installed from its wheel in {VENDOR}/ (tutoral new --vendor).",
         f"--find-links {VENDOR}"]
        if vendored
        else [f"# {TOOL} comes from the package index (PyPI) or your organisation's index."]
    )  # fmt: skip
    lines = [
        "# What the handbook is built with, at exact versions: the same site in a year.",
        "# Upgrade them together, to the versions that a newer tutoral new writes.",
        *where,
        *pins,
    ]
    return ("\n".join(lines) + "\n").encode()


def vendor_wheel(wheel: Path) -> tuple[str, bytes]:
    """The tool's wheel for ``vendor/``, checked to be this very version of the tool."""
    version = metadata.version(TOOL)
    match = re.fullmatch(rf"{TOOL}-([^-]+)-py3-none-any\.whl", wheel.name)
    if match is None:
        raise UsageError(
            f"--vendor {wheel}: expected the tool's wheel, {TOOL}-{version}-py3-none-any.whl"
        )
    if match.group(1) != version:
        raise UsageError(
            f"--vendor {wheel}: this is {TOOL} {match.group(1)}, but the project is written by "
            f"{TOOL} {version}; give the wheel of {version}, or run tutoral new from "
            f"{match.group(1)}"
        )
    if not wheel.is_file():
        raise UsageError(f"--vendor {wheel}: no such file")
    return f"{VENDOR}/{wheel.name}", wheel.read_bytes()


def create(target: Path, language: str, wheel: Path | None = None) -> list[str]:
    """Write a new project into ``target`` (absent or empty); return the files written.

    With ``wheel``, the tool's wheel goes into ``vendor/`` and the requirements install it from
    there: for organisations whose CI reaches no index that serves the tool.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} is not empty: tutoral new only writes into a new folder")
    extra = [vendor_wheel(wheel)] if wheel is not None else []
    base = resources.files("tutoral_gen").joinpath("data/scaffold")
    files = _files(base.joinpath("common")) + _files(base.joinpath(language))
    files += [("requirements.txt", requirements(vendored=bool(extra))), *extra]
    for rel, data in files:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    written = [rel for rel, _ in files]
    written += [
        p.relative_to(target).as_posix() for p in schema.write(target / "schemas", language)
    ]
    return sorted(written)
