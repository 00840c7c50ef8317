"""Faults of the operating system: one line, exit code 3, and site/ always a complete tree."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tutoral_gen.adapters.folders import swap_in
from tutoral_gen.cli import main
from tutoral_gen.pipeline import Paths


def test_a_folder_that_cannot_be_written_is_one_line(
    example: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    example.out.write_text("a file where the build folder goes")
    monkeypatch.chdir(example.root)
    result = CliRunner().invoke(main, ["build", "--quiet"])
    assert result.exit_code == 3, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("tutoral:")]
    assert len(lines) == 1 and "cannot write" in lines[0] and "build" in lines[0]
    assert "Traceback" not in result.output


def test_a_full_disk_leaves_the_site_as_it_was(
    example: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example.root)
    assert CliRunner().invoke(main, ["build", "--quiet"]).exit_code == 0
    before = {p: p.read_bytes() for p in example.site.rglob("*") if p.is_file()}
    (example.content / "scenarios/module-1.yaml").write_text(
        (example.content / "scenarios/module-1.yaml")
        .read_text()
        .replace("learners: 10", "learners: 12")
    )

    def full(src: object, dst: object) -> None:  # the disk fills up while pages are written
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(os, "replace", full)
    result = CliRunner().invoke(main, ["build", "--quiet"])
    assert result.exit_code == 3 and "No space left on device" in result.output
    after = {p: p.read_bytes() for p in example.site.rglob("*") if p.is_file()}
    assert after == before


def test_leftovers_of_killed_builds_are_removed(
    example: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = 2**22 + 12345  # beyond any pid this machine hands out
    for name in (f".site.tmp-{dead}", f".site.old-{dead}", f".build.tmp-{dead}"):
        (example.root / name / "assets").mkdir(parents=True)
    monkeypatch.chdir(example.root)
    assert CliRunner().invoke(main, ["build", "--quiet"]).exit_code == 0
    assert not list(example.root.glob(".site.*")) and not list(example.root.glob(".build.*"))


def test_the_exchange_swaps_two_whole_trees(tmp_path: Path) -> None:
    site, staging = tmp_path / "site", tmp_path / ".site.tmp-1"
    (site / "old").mkdir(parents=True)
    (staging / "new").mkdir(parents=True)
    swap_in(staging, site)
    assert [p.name for p in site.iterdir()] == ["new"] and not staging.exists()


def test_two_first_builds_at_once_both_succeed(example: Paths) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "tutoral_gen", "build", "--quiet"]
    runs = [
        subprocess.Popen(command, cwd=example.root, env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    errors = [run.communicate(timeout=300)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    assert "Traceback" not in "".join(errors)
    assert (example.site / "index.html").is_file()
    assert not list(example.root.glob(".site.*")) and not list(example.root.glob(".build.*"))


def test_a_site_that_cannot_be_renamed_is_replaced_in_place(tmp_path: Path) -> None:
    """site/ on its own mount point cannot be renamed (EBUSY): its entries are replaced."""
    from tutoral_gen.adapters.folders import _replace_content

    site, staging = tmp_path / "site", tmp_path / ".site.tmp-1"
    (site / "old" / "deep").mkdir(parents=True)
    (site / "index.html").write_text("old")
    (staging / "assets").mkdir(parents=True)
    (staging / "index.html").write_text("new")
    _replace_content(staging, site)
    assert sorted(p.name for p in site.iterdir()) == ["assets", "index.html"]
    assert (site / "index.html").read_text() == "new" and not staging.exists()
