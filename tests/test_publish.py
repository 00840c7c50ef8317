"""A new project publishes as generated: the release's files install, the CI files run unchanged.

The sdist and the wheel are built by the release workflow's own commands from the repository's
files; the wheel is offered to pip as an index would offer it (``--find-links``); a project made
by ``tutoral new`` then runs its generated CI commands, unchanged, in a fresh virtual
environment, for GitHub (index) and GitLab (``--vendor``), and gets a site under a sub-path.
Needs network or a local mirror for the site engine, as the CI of a real project does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tutoral_gen.source import yamlio

from .conftest import REPO

VERSION = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
GITHUB_URL = "https://org.github.io/manuel"
"""What GitHub's configure-pages step gives as ``base_url`` for a project page."""
GITLAB_URL = "https://group.gitlab.io/manuel"
"""What GitLab sets as ``CI_PAGES_URL`` for a project page."""


def sh(command: str, cwd: Path, env: dict[str, str]) -> None:
    """One CI command, as the runner's shell runs it; its output is shown when it fails."""
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", command],
        cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


def workflow_steps(path: Path) -> list[dict[str, Any]]:
    """The ``run`` steps of a GitHub workflow's first job, in order."""
    jobs = yamlio.parse(path.read_text(encoding="utf-8"))["jobs"]
    return [step for step in next(iter(jobs.values()))["steps"] if "run" in step]


def fresh_env(root: Path, **extra: str) -> dict[str, str]:
    """A new virtual environment first on PATH, as setup-python or a python image gives."""
    venv.create(root, with_pip=True)
    path = f"{root / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    return {**env, "PATH": path, "PIP_DISABLE_PIP_VERSION_CHECK": "1", **extra}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release workflow's build steps, run as written on the repository's files."""
    source = tmp_path_factory.mktemp("source")
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.split(b"\0")  # fmt: skip
    archive = subprocess.run(
        ["tar", "--null", "-T", "-", "-cf", "-"],
        cwd=REPO,
        input=b"\0".join(files),
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-xf", "-", "-C", str(source)], input=archive, check=True)
    # setup-python's interpreter is this one, with build installed (requirements.lock)
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PATH": path, "GITHUB_REF_NAME": f"v{VERSION}"}
    for step in workflow_steps(REPO / ".github/workflows/release.yml"):
        if not step["run"].startswith("pip install"):  # build is already there
            sh(step["run"], source, env)
    return source / "dist"


def test_the_release_builds_a_complete_sdist_and_wheel(dist: Path) -> None:
    assert sorted(p.name for p in dist.iterdir()) == [
        f"tutoral_gen-{VERSION}-py3-none-any.whl",
        f"tutoral_gen-{VERSION}.tar.gz",
    ]
    with zipfile.ZipFile(dist / f"tutoral_gen-{VERSION}-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
    for name in (
        "templates/sheet.md.j2",
        "templates/assets/tutoral.js",
        "templates/charts/bars.svg",
        "schemas/scenario.schema.json",
        "data/scaffold/common/github/workflows/pages.yml",
        "data/labels/fr.yaml",
    ):
        assert f"tutoral_gen/{name}" in names, name  # fmt: skip


def test_a_github_project_publishes_as_generated(dist: Path, tmp_path: Path) -> None:
    project = tmp_path / "manuel"
    made = subprocess.run([sys.executable, "-m", "tutoral_gen", "new", str(project)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert made.returncode == 0, made.stderr
    pins = (project / "requirements.txt").read_text(encoding="utf-8")
    assert f"tutoral_gen=={VERSION}\n" in pins and "\nmkdocs-material==" in pins
    # the wheel offered as an index offers it, beside this machine's own find-links
    links = f"{dist} {os.environ.get('PIP_FIND_LINKS', '')}".strip()
    env = fresh_env(tmp_path / "venv", PIP_FIND_LINKS=links)
    if shutil.which("sudo") is None and os.geteuid() == 0:  # the runner's passwordless sudo
        shim = tmp_path / "shim" / "sudo"
        shim.parent.mkdir()
        shim.write_text('#!/bin/sh\nexec "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
        env["PATH"] = f"{shim.parent}{os.pathsep}{env['PATH']}"
    for step in workflow_steps(project / ".github/workflows/pages.yml"):
        values = {k: str(v).replace("${{ steps.pages.outputs.base_url }}", GITHUB_URL)
                  for k, v in step.get("env", {}).items()}  # fmt: skip
        sh(step["run"], project, {**env, **values})
    assert 'href="/manuel/assets/stylesheets/' in (project / "site/404.html").read_text()
    assert (project / "site/telechargements/manuel.pdf").read_bytes().startswith(b"%PDF-")
    sitemap = (project / "site/sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{GITHUB_URL}/scenarios/module-1/</loc>" in sitemap
    tool = (tmp_path / "venv/bin/tutoral").read_text(encoding="utf-8", errors="replace")
    assert str(tmp_path / "venv") in tool  # the CI ran the installed tool, not this checkout


def test_a_vendored_gitlab_project_publishes_as_generated(dist: Path, tmp_path: Path) -> None:
    project = tmp_path / "manuel"
    wheel = dist / f"tutoral_gen-{VERSION}-py3-none-any.whl"
    made = subprocess.run(
        [sys.executable, "-m", "tutoral_gen", "new", str(project), "--vendor", str(wheel)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert (project / "vendor" / wheel.name).read_bytes() == wheel.read_bytes()
    assert "--find-links vendor\n" in (project / "requirements.txt").read_text()
    env = fresh_env(tmp_path / "venv", CI_PAGES_URL=GITLAB_URL)  # no index serves the tool
    for command in yamlio.parse((project / ".gitlab-ci.yml").read_text())["pages"]["script"]:
        sh(command, project, env)
    sitemap = (project / "public/sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{GITLAB_URL}/scenarios/module-1/</loc>" in sitemap
    assert (project / "public/telechargements/manuel.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("notes.whl", "expected the tool's wheel, tutoral_gen-"),
        ("tutoral_gen-9.9.9-py3-none-any.whl", "this is tutoral_gen 9.9.9, but the project is"),
        (f"tutoral_gen-{VERSION}-py3-none-any.whl", "no such file"),
    ],
)
def test_vendor_refuses_what_is_not_this_wheel(tmp_path: Path, name: str, message: str) -> None:
    if name == "notes.whl":
        (tmp_path / name).write_bytes(b"PK")
    done = subprocess.run(
        [sys.executable, "-m", "tutoral_gen", "new", str(tmp_path / "p"), "--vendor",
         str(tmp_path / name)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert not (tmp_path / "p").exists()
