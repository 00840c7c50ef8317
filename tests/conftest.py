"""Shared fixtures: project trees from dict literals, and the example handbook built once."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tutoral_gen.adapters import engine
from tutoral_gen.pipeline import Paths, generate

REPO = Path(__file__).resolve().parent.parent

SCENARIO = """\
title: M1
course_minutes: 240
learners: 10
phases:
  - {id: debut, title: Début}
interventions:
  - id: I1
    title: Accueillir
    kind: structural
    mode: proactive
    role: tuteur
    minutes: 5
"""
"""A valid scenario; line 12 is ``minutes: 5`` (tests/test_errors.py counts on it)."""

MINIMAL = {
    "content/project.yaml": "title: Test\n",
    "content/roles.yaml": """
        roles:
          - {id: tuteur, title: Tuteur}
          - {id: admin, title: Administratif}
        """,
    "content/scenarios/m1.yaml": SCENARIO,
}
"""A valid project in four files; tests replace one file to make a mistake."""


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create ``files`` (path -> text, dedented) under ``root``; return root."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")
    return root


def copy_example(root: Path) -> Paths:
    """The repo's example project (content, templates, mkdocs.yml) copied under ``root``."""
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return Paths.of(root)


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Paths]:
    """A project in tmp_path: the repo's mkdocs.yml and templates, content from dict literals."""

    def make(
        files: dict[str, str | bytes] | None = None, *, base: dict[str, str] | None = None
    ) -> Paths:
        shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
        shutil.copytree(REPO / "templates", tmp_path / "templates", dirs_exist_ok=True)
        write_tree(tmp_path, {**(MINIMAL if base is None else base), **(files or {})})
        return Paths.of(tmp_path)

    return make


@pytest.fixture
def example(tmp_path: Path) -> Paths:
    """A copy of the repo's example project."""
    return copy_example(tmp_path)


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The example handbook, generated and built once by real MkDocs for the whole session."""
    root = tmp_path_factory.mktemp("example")
    paths = copy_example(root)
    generate(paths)
    engine.build_site(paths.config, paths.site)
    return paths


EPOCH = "1767225600"
"""1 January 2026, 00:00 UTC: the date on every cover of the printed example."""


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture(scope="session")
def printed_example(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The example, committed and tagged v1.0, built once with `tutoral pdf` for every module
    that reads its documents (tests/test_pdf.py, tests/test_pdf_structure.py)."""
    from click.testing import CliRunner

    from tutoral_gen.cli import main

    root = tmp_path_factory.mktemp("pdf")
    paths = copy_example(root)
    if shutil.which("git"):
        _git(root, "init", "-q")
        _git(root, "add", "content", "templates", "mkdocs.yml")
        _git(root, "commit", "-q", "-m", "example")
        _git(root, "tag", "v1.0")
    result = CliRunner().invoke(
        main, ["pdf", "-q", "-p", str(root)], env={"SOURCE_DATE_EPOCH": EPOCH}
    )
    assert result.exit_code == 0, result.output
    return paths


def html(paths: Paths, page: str) -> str:
    """The built HTML of a page given by its URL path (``scenarios/module-1/``)."""
    return (paths.site / page / "index.html").read_text(encoding="utf-8")


os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
