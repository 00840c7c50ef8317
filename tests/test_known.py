"""A loader that remembers validated scenarios (``source/known.py``) reports exactly what a fresh
read reports, whatever changed since: in the scenario itself, in another file it is checked
against (intervention and class ids), in what it names (roles, norms) or in its sheet bodies.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tutoral_gen.errors import ContentError
from tutoral_gen.pipeline import Paths, check
from tutoral_gen.source.files import Loader

from .conftest import copy_example

Edit = Callable[[Path], None]


def _write(path: Path, text: str) -> None:
    """Write ``text``, with a modification time the loader cannot take for the old one."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, before + 1_000_000_000)
    os.utime(path, ns=(later, later))


def _replace(rel: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        _write(path, text.replace(old, new, 1))

    return edit


def _add(rel: str, text: str) -> Edit:
    return lambda root: _write(root / rel, text)


def _rename(rel: str, to: str) -> Edit:
    def edit(root: Path) -> None:
        (root / to).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).rename(root / to)

    return edit


def _all(*edits: Edit) -> Edit:
    def edit(root: Path) -> None:
        for one in edits:
            one(root)

    return edit


def _rename_role(root: Path) -> None:
    for path in (root / "content").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "tuteur-administratif" in text:
            _write(path, text.replace("tuteur-administratif", "admin"))


def _unlink(rel: str) -> Edit:
    return lambda root: (root / rel).unlink()


M1, M2 = "content/scenarios/module-1.yaml", "content/scenarios/module-2.yaml"
EDITS: dict[str, Edit] = {
    "an earlier file takes a later file's intervention id": _replace(M1, "id: ITS02", "id: ITS11"),
    "a later file takes an earlier file's intervention id": _replace(M2, "id: ITS11", "id: ITS01"),
    # module-1 is unchanged, yet its class CV1 now clashes with an intervention of module-2.
    "another file names an intervention like a class": _replace(M2, "id: ITS11", "id: CV1"),
    "a role the scenarios name is renamed": _replace(
        "content/roles.yaml", "id: tuteur-administratif", "id: tuteur-admin"
    ),
    "a role is renamed everywhere": _rename_role,
    "the virtual-class norm is overridden": _all(
        _replace(M1, "factor: 1.5   #", "#"),
        _add(
            "content/norms.yaml",
            "norms:\n  - {id: virtual-class, title: Classe, minutes: 3, unit: minute}\n",
        ),
    ),
    "a sheet body matches no intervention": _add("content/scenarios/module-2/ITX99.md", "Hi.\n"),
    "a sheet body is added": _add("content/scenarios/module-2/ITS11.md", "**Bonjour**\n"),
    "a sheet body is removed": _unlink("content/scenarios/module-1/ITS02.md"),
    "a scenario is renamed": _rename(M2, "content/scenarios/module-3.yaml"),
    "a scenario is grouped": _rename(M2, "content/scenarios/g/module-2.yaml"),
    "a scenario file stops parsing": _replace(
        M2,
        "title:",
        "title: [",
    ),
}


def _outcome(paths: Paths, loader: Loader) -> tuple[str, Any]:
    """The project read (valid), or every problem as the user sees it (invalid)."""
    try:
        project, problems, _ = check(paths, loader)
    except ContentError as error:
        return "invalid", [
            (p.file, p.line, p.column, p.severity, p.message) for p in error.problems
        ]
    return "valid", (project, [(p.file, p.line, p.severity, p.message) for p in problems])


@pytest.mark.parametrize("name", list(EDITS))
def test_a_warm_loader_reads_what_a_cold_one_reads(tmp_path: Path, name: str) -> None:
    paths = copy_example(tmp_path)
    originals = {p: p.read_bytes() for p in (tmp_path / "content").rglob("*") if p.is_file()}
    warm = Loader()
    before = _outcome(paths, warm)
    assert before[0] == "valid"
    EDITS[name](tmp_path)
    after = _outcome(paths, warm)
    assert after == _outcome(paths, Loader())
    assert _outcome(paths, warm) == after  # read again, unchanged: the same, warnings included
    for path in [p for p in (tmp_path / "content").rglob("*") if p.is_file()]:
        if path not in originals:
            path.unlink()
    for path, data in originals.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            _write(path, data.decode("utf-8"))
    assert _outcome(paths, warm) == before  # undone: as at first


def test_unchanged_scenarios_are_reused_not_validated_again(tmp_path: Path) -> None:
    paths = copy_example(tmp_path)
    loader = Loader()
    first = {s.id: s for s in check(paths, loader)[0].scenarios}
    again = {s.id: s for s in check(paths, loader)[0].scenarios}
    assert all(again[k] is first[k] for k in first)
    _replace(M2, "title: Module 2", "title: Module deux")(tmp_path)
    edited = {s.id: s for s in check(paths, loader)[0].scenarios}
    assert edited["module-1"] is first["module-1"]
    assert edited["module-2"] is not first["module-2"]
    assert edited["module-2"].title.startswith("Module deux")
