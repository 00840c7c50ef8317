"""Everyday use: a new project, English, offline zip, diff, output (the wheel: test_publish)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tutoral_gen.adapters import engine
from tutoral_gen.cli import main
from tutoral_gen.pipeline import Paths, generate
from tutoral_gen.source import yamlio

from .conftest import copy_example, html
from .test_schema import kind_of
from .test_site import text_of


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tutoral_gen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_new_project_builds_at_once(tmp_path: Path, lang: str) -> None:
    target = tmp_path / "manuel"
    result = CliRunner().invoke(main, ["new", str(target), "--lang", lang])
    assert result.exit_code == 0, result.output
    for name in (
        "mkdocs.yml",
        "content/project.yaml",
        "content/roles.yaml",
        "content/charter.yaml",
        "content/scenarios/module-1.yaml",
        "content/system.yaml",
        "content/economics.yaml",
        ".gitignore",
        "README.md",
        "requirements.txt",
        ".github/workflows/pages.yml",
        ".gitlab-ci.yml",
        "schemas/scenario.schema.json",
    ):
        assert (target / name).is_file(), name
    ci = (target / ".github/workflows/pages.yml").read_text()
    assert "actions/deploy-pages" in ci and "tutoral build" in ci
    assert "public" in (target / ".gitlab-ci.yml").read_text()
    for path in sorted((target / "content").rglob("*.yaml")):
        kind = kind_of(path.relative_to(target).as_posix())
        assert kind is not None, path
        modeline = path.read_text(encoding="utf-8").splitlines()[0]
        schema_file = (path.parent / modeline.split("=", 1)[1]).resolve()
        assert schema_file == (target / f"schemas/{kind}.schema.json").resolve()
        checker = jsonschema.Draft202012Validator(json.loads(schema_file.read_text()))
        assert checker.is_valid(yamlio.parse(path.read_text(encoding="utf-8"))), path
    system = (target / "content/system.yaml").read_text(encoding="utf-8")
    assert system.count("\n#") > 10  # commented, to teach the format
    # The editor completes objective ids, each with its wording in the project's language.
    scenario_schema = json.loads((target / "schemas/scenario.schema.json").read_text())
    objective = scenario_schema["properties"]["interventions"]["items"]["properties"]["objectives"]
    one = objective["anyOf"][0]
    assert len(one["enum"]) == 28 and "motivational-motivation" in one["enum"]
    wording = dict(zip(one["enum"], one["enumDescriptions"], strict=True))
    assert wording["motivational-motivation"] == (
        "Lutter contre l'abandon" if lang == "fr" else "Fight drop-out"
    )
    built = run(["build"], target)
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr  # the starter's priorities are served
    page = (target / "site/index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in page
    assert ("Temps du tutorat" if lang == "fr" else "Tutoring time") in page


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["new", str(tmp_path)])
    assert result.exit_code == 2 and "is not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_project_template_overrides_the_default_one(make_project: object, tmp_path: Path) -> None:
    paths = make_project()  # type: ignore[operator]
    (paths.templates / "norms.md.j2").write_text("# Nos normes\n\n{{ norms|length }} normes\n")
    generate(paths)
    assert (paths.out / "docs/normes.md").read_text().endswith("# Nos normes\n\n7 normes\n")
    assert "Relancer" not in (paths.out / "docs/index.md").read_text()  # others stay default


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    root = tmp_path_factory.mktemp("english")
    copy_example(root)
    project = root / "content/project.yaml"
    project.write_text(project.read_text().replace("language: fr", "language: en"))
    paths = Paths.of(root)
    generate(paths)
    engine.build_site(paths.config, paths.site)
    return paths


def test_the_example_builds_in_english(english: Paths) -> None:
    page = html(english, "scenarios/module-1")
    text = text_of(page)
    assert '<html lang="en"' in page
    assert "0.066 = 160 min ÷ (240 min × 10)" in text
    assert "Formateur-tuteur: 150 min + 202.5 min = 352.5 min (5 h 52 min)" in text
    assert "Structural interventions" in text and "Timeline of the interventions" in text
    norms = text_of(html(english, "normes"))
    assert "Proactive message from a message template 3 to 5 min" in norms
    assert "Fight drop-out" in text_of(html(english, "systeme/objectifs"))
    index = json.loads((english.site / "search/search_index.json").read_text())
    assert index["config"]["lang"] == ["en"]


def test_offline_zip_needs_no_server_and_no_network(
    example: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example.root)
    archive = tmp_path / "manuel.zip"
    result = CliRunner().invoke(main, ["pack", "-o", str(archive)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
        assert {
            "index.html",
            "search/search_index.js",
            "assets/javascripts/iframe-worker.js",
            "scenarios/module-1/ITC03.html",
        } <= names
        home = zipped.read("index.html").decode()
    assert 'href="scenarios/module-1/index.html"' in home
    external = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', home)
    assert not external, external


def test_diff_between_two_git_revisions(example: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(example.root)], check=True)
    subprocess.run([*git, "-C", str(example.root), "add", "content"], check=True)
    subprocess.run([*git, "-C", str(example.root), "commit", "-qm", "v1"], check=True)
    scenario = example.content / "scenarios/module-1.yaml"
    text = scenario.read_text().replace(
        "minutes: 15\n    phase: ouverture", "minutes: 25\n    phase: ouverture"
    )
    text = text.replace("learners: 10\n", "learners: 11\n")
    text = text.replace(
        "    role: tuteur-administratif\n    minutes: 5\n    phase: cloture",
        "    role: formateur-tuteur\n    minutes: 5\n    phase: cloture",
    )
    scenario.write_text(text)
    monkeypatch.chdir(example.root)
    result = CliRunner().invoke(main, ["diff", "HEAD", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["scenarios"][0]
    assert data["status"] == "changed"
    assert data["settings"] == {"learners": {"before": 10, "after": 11}}
    assert data["items"]["ITS02"] == {
        "status": "changed",
        "fields": ["minutes"],
        "changes": {"minutes": {"before": {"min": 15, "max": 15}, "after": {"min": 25, "max": 25}}},
    }
    assert data["items"]["ITS04"]["changes"]["role"] == {
        "before": "tuteur-administratif",
        "after": "formateur-tuteur",
    }
    table = CliRunner().invoke(main, ["diff", "HEAD"]).output
    assert "Module 1 — Conduire un projet à distance [module-1]: changed" in table
    assert "  learners: 10 -> 11" in table  # the scenario's own change
    assert "changed  ITS02 (minutes: 15 -> 25)" in table
    assert "changed  ITS04 (role: Tuteur administratif -> Formateur-tuteur)" in table  # titles
    assert "Tuteur administratif\u00a0: 10\u00a0min -> 5\u00a0min  (−5\u00a0min)" in table
    assert CliRunner().invoke(main, ["diff", "nosuchrev"]).exit_code == 2


def test_quiet_build_prints_nothing_and_every_command_has_examples(
    example: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example.root)
    result = CliRunner().invoke(main, ["build", "--quiet"])
    assert result.exit_code == 0 and result.output.count("\n") == 1  # two alike warnings: one line
    for command in ("check", "report", "build", "serve", "pack", "new", "diff"):
        assert "Examples:" in CliRunner().invoke(main, [command, "--help"]).output, command
