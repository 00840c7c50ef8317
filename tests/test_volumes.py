"""A large handbook (over ``VOLUME_SHEETS`` sheets) prints in volumes and sums up its roles:
no page lists every sheet, so none grows with the whole handbook nor changes at each edit."""

from __future__ import annotations

import dataclasses
import posixpath
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutoral_gen.adapters import engine
from tutoral_gen.pipeline import Paths, generate
from tutoral_gen.render import urls
from tutoral_gen.render.context import VOLUME_SHEETS
from tutoral_gen.render.memo import Memo
from tutoral_gen.source.files import Loader

from .conftest import copy_example, html
from .test_incremental import same_tree

PER_SCENARIO = 60


def big_scenario(n: int) -> str:
    lines = [f"title: Module {n} & co", "course_minutes: 600", "learners: 12", "interventions:"]
    for i in range(PER_SCENARIO):
        role = ("formateur-tuteur", "tuteur-administratif")[i % 5 == 0]
        lines += [f"  - {{id: M{n}I{i:02d}, title: Relance {i} du module {n}, kind: conjunctural,"
                  f" mode: proactive, role: {role}, minutes: {1 + i % 7}}}"]  # fmt: skip
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    paths = copy_example(tmp_path_factory.mktemp("large"))
    for n in range(VOLUME_SHEETS // PER_SCENARIO + 1):
        (paths.content / f"scenarios/gros-{n}.yaml").write_text(big_scenario(n), encoding="utf-8")
    generate(paths)
    engine.build_site(paths.config, paths.site, strict=True)  # every rebased link resolves
    return paths


def docs(paths: Paths, page: str) -> str:
    return (paths.out / "docs" / page).read_text(encoding="utf-8")


def test_the_example_prints_on_one_page(built_example: Paths) -> None:
    assert not (built_example.out / "docs/impression").exists()
    assert "Tout le manuel sur une page" in docs(built_example, "impression.md")


def test_each_scenario_prints_in_its_own_volume(large: Paths) -> None:
    rest = docs(large, "impression.md")
    assert f"plus de {VOLUME_SHEETS} fiches" in rest
    assert "fiche d'intervention" not in rest.lower() or "M0I01" not in rest
    assert "](impression/gros-0.md)" in rest  # the volumes are listed
    assert "Charte" in rest  # everything outside the scenarios stays on it
    assert "Module 0 &#38; co\n\n### " not in rest  # each follow-up page prints on its own
    volume = docs(large, "impression/gros-1.md")
    assert volume.count("\n# ") == PER_SCENARIO + 2  # its title, its overview, its sheets
    assert "M0I01" not in volume
    assert "](../scenarios/gros-1/M1I03.md)" in volume  # links rebased to the volume's folder
    page = html(large, "impression/gros-1")
    assert 'href="../../scenarios/gros-1/M1I03/"' in page
    nav = (large.out / "generated.yml").read_text(encoding="utf-8")
    assert '"Module 1 ＆ co": "impression/gros-1.md"' in nav


def test_role_pages_sum_up_each_scenario(large: Paths) -> None:
    text = docs(large, "roles/formateur-tuteur.md")
    assert "M0I01" not in text
    row = r"^\| \[Module (\d+) &#38; co\]\(\.\./scenarios/gros-\d+/index\.md\) \| (\d+) \|"
    rows = re.findall(row, text, re.M)
    assert rows and all(int(count) == PER_SCENARIO - PER_SCENARIO // 5 for _, count in rows)
    assert "| **Total** |" in text
    # Every row of a scenario's page still names the role of each intervention.
    assert "Formateur-tuteur" in docs(large, "scenarios/gros-0/index.md")


def test_a_sheet_shows_only_on_its_own_scenario_s_pages(large: Paths) -> None:
    """So an edit of a sheet reaches a few pages, whatever the size of the handbook. Left out:
    the pages of the tutoring system that list the sheets a charter commitment, a function or an
    objective gathers (and the print page of the rest, which prints them)."""
    system = {"charte/tuteurs.md", "systeme/index.md", "systeme/objectifs.md", "livrables.md",
              "impression.md"}  # fmt: skip
    mentions = sorted(
        p.relative_to(large.out / "docs").as_posix()
        for p in (large.out / "docs").rglob("*.md")
        if "M0I01" in p.read_text(encoding="utf-8")
    )
    assert system <= set(mentions)  # the example's system does gather it
    mentions = [p for p in mentions if p not in system]
    assert mentions == [
        "diffusion/suivi/gros-0.md",
        "impression/gros-0.md",
        "scenarios/gros-0/M0I01.md",
        "scenarios/gros-0/index.md",
    ]


def test_each_scenario_has_its_own_follow_up_page(large: Paths) -> None:
    main = docs(large, "diffusion/suivi.md")
    assert "](suivi/gros-2.md)" in main and "M2I01" not in main
    own = docs(large, "diffusion/suivi/gros-2.md")
    assert "M2I01" in own and "M3I01" not in own
    assert "](../../telechargements/suivi-gros-2.csv)" in own


@given(
    page=st.lists(st.sampled_from(["a", "b", "c.md", "index.md"]), min_size=1, max_size=4),
    target=st.lists(st.sampled_from(["a", "b", "c.md", "x.csv"]), min_size=1, max_size=4),
    anchor=st.sampled_from(["", "#top"]),
)
def test_relative_links_read_as_posixpath_gives_them(
    page: list[str], target: list[str], anchor: str
) -> None:
    """The fast link maker (no working folder involved) agrees with ``posixpath.relpath``."""
    here, there = "/".join(page), "/".join(target)
    expected = posixpath.relpath(there, posixpath.dirname(here) or ".") + anchor
    assert urls.relative(here, there + anchor) == expected


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


S = "content/scenarios"
MEMO_EDITS: list[tuple[str, Callable[[Path], object]]] = [
    ("a sheet title", lambda r: _edit(r / S / "gros-1.yaml", "Relance 3 ", "Appel 3 ")),
    ("a duration", lambda r: _edit(r / S / "gros-2.yaml", "minutes: 3}", "minutes: 9}")),
    ("a role's title", lambda r: _edit(r / "content/roles.yaml", "Formateur-tuteur", "Tuteur")),
    ("a sheet template", lambda r: _edit(r / "templates/sheet.md.j2", "\n", "\n<!-- e -->\n")),
    ("a scenario removed", lambda r: (r / S / "gros-3.yaml").unlink()),
    ("a scenario added", lambda r: (r / S / "gros-9.yaml").write_text(big_scenario(9))),
    ("the language", lambda r: _edit(r / "content/project.yaml", "language: fr", "language: en")),
]


def test_a_kept_render_equals_a_fresh_one(tmp_path: Path) -> None:
    """After each edit, generating with the memo of the previous builds writes exactly what a
    generation from nothing writes."""
    paths = copy_example(tmp_path / "kept")
    for n in range(VOLUME_SHEETS // PER_SCENARIO + 1):
        (paths.content / f"scenarios/gros-{n}.yaml").write_text(big_scenario(n), encoding="utf-8")
    if "language:" not in (paths.content / "project.yaml").read_text(encoding="utf-8"):
        with (paths.content / "project.yaml").open("a", encoding="utf-8") as out:
            out.write("language: fr\n")
    loader, memo = Loader(), Memo()
    generate(paths, loader, memo=memo)
    for name, edit in MEMO_EDITS:
        edit(paths.root)
        kept = generate(paths, loader, memo=memo)
        assert kept.report is not None and kept.report.unchanged, name
        fresh = Paths.of(paths.root, paths.content)
        fresh = dataclasses.replace(fresh, out=tmp_path / "fresh")
        shutil.rmtree(fresh.out, ignore_errors=True)
        generate(fresh)
        assert same_tree(paths.out, fresh.out) == [], name
