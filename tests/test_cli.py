"""The command line: report, build and the live preview, run as a user runs them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tutoral_gen.cli import main
from tutoral_gen.pipeline import Paths

from .conftest import REPO


def test_report_prints_a_readable_table(example: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example.root)
    result = CliRunner().invoke(main, ["report"])
    assert result.exit_code == 0
    assert "Taux tutoral                  0,066" in result.output
    assert "Formateur-tuteur            352,5\u00a0min (5\u00a0h\u00a052)" in result.output


def test_report_json_is_unrounded(example: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example.root)
    result = CliRunner().invoke(main, ["report", "--json", "content"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["scenarios"][0]["rate"]["max"] == 160 / 2400


def test_python_dash_m_runs_the_cli(example: Paths) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tutoral_gen", "check"],
        cwd=example.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "2 scenario(s), 14 intervention(s): ok" in result.stdout


def test_build_prints_where_to_open_the_site(
    example: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example.root)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert f"open {(example.site / 'index.html').resolve()}" in result.output


RELATIVE: list[tuple[list[str], str]] = [
    # (command, what it makes in the project folder)
    (["build", "-q"], "site/index.html"),
    (["pack", "-q"], "handbook.zip"),
    (["catalogue", "update"], "content/catalogues/lock.yaml"),
]


@pytest.mark.parametrize(("command", "made"), RELATIVE, ids=lambda c: " ".join(c))
def test_a_relative_project_folder_is_the_project(
    make_project: Callable[..., Paths],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    made: str,
) -> None:
    """``--project <relative path>`` names the folder from where the command runs, for every
    command: the site engine, which runs from the project folder, sees it resolved."""
    other = (REPO / "content/catalogues/tad.json").read_bytes()
    files = {"content/project.yaml": "title: T\nlicence: CC-BY-SA-4.0\n"}
    files["content/project.yaml"] += "catalogues:\n  tad: {path: tad.json}\n"
    paths = make_project({**files, "tad.json": other})
    monkeypatch.chdir(paths.root.parent)
    result = CliRunner().invoke(main, [*command, "--project", paths.root.name])
    assert result.exit_code == 0, result.output
    assert (paths.root / made).is_file()
    assert not (paths.root / paths.root.name).exists()  # nothing nested in a folder of its name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, needle: str, deadline: float) -> bool:
    """Poll a loopback URL until its page contains ``needle`` (a bounded wait, not a timing)."""
    while time.monotonic() < deadline:
        page = _get(url)
        if page is not None and needle in page:
            return True
        time.sleep(0.3)
    return False


def test_serve_regenerates_when_content_changes(example: Paths) -> None:
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "tutoral_gen", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=example.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/scenarios/module-1/ITC03/"
        assert _wait_for(url, "Relancer les inactifs", time.monotonic() + 60)
        scenario = example.content / "scenarios/module-1.yaml"
        scenario.write_text(
            scenario.read_text(encoding="utf-8").replace(
                "title: Relancer les inactifs", "title: Relancer les silencieux"
            ),
            encoding="utf-8",
        )
        assert _wait_for(url, "Relancer les silencieux", time.monotonic() + 60)
        assert _wait_for(f"http://127.0.0.1:{port}/", "Accueil", time.monotonic() + 10)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=20)
    assert "(incremental)" in errors  # only the pages the title reaches are rendered again
    assert "Traceback" not in errors
    assert (
        Path(example.out / "docs/scenarios/module-1/ITC03.md")
        .read_text(encoding="utf-8")
        .count("Relancer les silencieux")
        >= 1
    )
