"""Incremental builds are never stale and never different: after every edit of a random sequence,
the site kept up to date page by page is byte-identical to a cold ``mkdocs build``.

Edits: a title, a duration, a new intervention, a removed one, a renamed scenario, a changed
role, a template, ``mkdocs.yml``, a page's icon in the nav. A template and ``mkdocs.yml`` must
fall back to a full build and say so.
"""

from __future__ import annotations

import copy
import filecmp
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from tutoral_gen.adapters import engine
from tutoral_gen.adapters.engine.live import LiveSite, Update
from tutoral_gen.pipeline import Paths, generate, resume

from .conftest import copy_example

Edit = Callable[[Path, int], str]
"""Changes the project under a root, numbered n; returns what a full build must give as reason
("" when the build may be incremental)."""


def _yaml(path: Path, change: Callable[[Any], None]) -> None:
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    path.write_text(out.getvalue(), encoding="utf-8")


def _scenario(root: Path, name: str) -> Path:
    return sorted((root / "content/scenarios").glob(f"{name}.yaml"))[-1]


def title(root: Path, n: int) -> str:
    def change(data: Any) -> None:
        item = data["interventions"][n % len(data["interventions"])]
        item["title"] = f"{str(item['title']).split(' (')[0]} ({n})"

    _yaml(_scenario(root, "module-1"), change)
    return ""


def duration(root: Path, n: int) -> str:
    def change(data: Any) -> None:
        timed = [i for i in data["interventions"] if "minutes" in i]
        timed[n % len(timed)]["minutes"] = 5 + n % 40

    _yaml(_scenario(root, "module-1"), change)
    return ""


def added(root: Path, n: int) -> str:
    def change(data: Any) -> None:
        new = copy.deepcopy(data["interventions"][0])  # no shared node: no YAML alias
        new.update(id=f"ITX{n}", title=f"Nouvelle intervention {n}")
        data["interventions"].append(new)

    _yaml(_scenario(root, "module-*"), change)
    return ""


def removed(root: Path, n: int) -> str:
    for path in sorted((root / "content/scenarios").glob("module-*.yaml")):

        def change(data: Any) -> None:
            extra = [i for i in data["interventions"] if str(i["id"]).startswith("ITX")]
            if extra:
                data["interventions"].remove(extra[-1])

        _yaml(path, change)
    return ""


def renamed(root: Path, n: int) -> str:
    old = _scenario(root, "module-[23]")
    new = "module-3" if old.stem == "module-2" else "module-2"
    old.rename(old.with_name(f"{new}.yaml"))
    project = root / "content/project.yaml"
    project.write_text(project.read_text().replace(f"{old.stem}:", f"{new}:"))
    return ""


def role(root: Path, n: int) -> str:
    _yaml(root / "content/roles.yaml", lambda d: d["roles"][n % 2].update(title=f"Rôle {n}"))
    return ""


def template(root: Path, n: int) -> str:
    with (root / "templates/sheet.md.j2").open("a", encoding="utf-8") as out:
        out.write(f"\nÉdition {n} du modèle.\n")
    return "templates changed"


def mkdocs_yml(root: Path, n: int) -> str:
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as out:
        out.write(f"copyright: Édition {n}\n")
    return "the configuration changed"


def icon(root: Path, n: int) -> str:
    """A hand-written page's front matter gives it an icon, shown in every page's nav."""
    page = root / "content/pages/introduction.md"
    text = page.read_text(encoding="utf-8").split("---\n")[-1]
    icons = ("material/star", "material/school")
    page.write_text(f"---\nicon: {icons[n % 2]}\n---\n{text}", encoding="utf-8")
    return ""


EDITS: list[Edit] = [title, duration, added, removed, renamed, role, template, mkdocs_yml, icon]


def same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ, or exist on one side only, byte for byte."""
    out = []
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out += sorted(files_a ^ files_b)
    for rel in sorted(files_a & files_b):
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            out.append(rel)
    return out


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("origin")
    return copy_example(root).root


SEQUENCES = settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # a cold build per step: no shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
"""Random sequences of edits, a cold build after each (the sequence is in the message)."""
EDIT_LISTS = st.lists(st.sampled_from(EDITS), min_size=2, max_size=4)


def _project(origin: Path, factory: pytest.TempPathFactory, name: str) -> Paths:
    root = factory.mktemp(name)
    shutil.copytree(origin, root, dirs_exist_ok=True)
    return Paths.of(root)


def _cold_differs(paths: Paths, built: Path) -> list[str]:
    """What ``built`` has that a cold ``mkdocs build`` of the same docs has not."""
    engine.build_site(paths.config, paths.root / "cold")
    return same_tree(paths.root / "cold", built)


@SEQUENCES
@example(edits=EDITS)  # every kind of edit once, in a row
@given(edits=EDIT_LISTS)
def test_incremental_builds_equal_cold_builds(
    origin: Path, tmp_path_factory: pytest.TempPathFactory, edits: list[Edit]
) -> None:
    paths = _project(origin, tmp_path_factory, "incremental")
    generate(paths)
    live = LiveSite(paths.config, paths.root / "live", whole={"templates": paths.templates})
    live.build()
    for n, edit in enumerate(edits):
        reason = edit(paths.root, n)
        report = generate(paths).report
        assert report is not None
        # As tutoral serve gives them: the docs files the generator wrote or removed (every
        # other step, the engine looks at every file itself).
        changed = (*report.written, *report.removed)
        written = [p.removeprefix("docs/") for p in changed if p.startswith("docs/")]
        update: Update = live.update(written if n % 2 else None)
        assert reason in update.full, (edit.__name__, update)
        if not reason:
            assert update.full == "", (edit.__name__, update)
        assert _cold_differs(paths, paths.root / "live") == [], [e.__name__ for e in edits[: n + 1]]


def _tutoral_build(paths: Paths) -> str:
    """What ``tutoral build`` runs: the generator and the engine resumed from build/.cache/."""
    _generated, saved = resume(paths)
    try:
        return engine.build_site(
            paths.config, paths.site, cache=paths.cache, whole={"templates": paths.templates}
        )
    finally:
        saved()


@SEQUENCES
@example(edits=EDITS)
@example(edits=[icon, title])  # a page not read again keeps its icon in the others' nav
@given(edits=EDIT_LISTS)
def test_incremental_tutoral_build_equals_cold_builds(
    origin: Path, tmp_path_factory: pytest.TempPathFactory, edits: list[Edit]
) -> None:
    """Each ``tutoral build`` starts a new process: only the record on disk carries over."""
    paths = _project(origin, tmp_path_factory, "stored")
    how = _tutoral_build(paths)
    pages = len(list((paths.out / "docs").rglob("*.md")))
    assert how == f"full build, {pages} pages: no record of the last build"
    for n, edit in enumerate(edits):
        reason = edit(paths.root, n)
        how = _tutoral_build(paths)
        if reason:
            assert how.startswith("full build") and reason in how, (edit.__name__, how)
        else:
            assert how.startswith("incremental build"), (edit.__name__, how)
        assert _cold_differs(paths, paths.site) == [], [e.__name__ for e in edits[: n + 1]]
