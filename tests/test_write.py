"""Incremental, atomic writes: only what changed is rewritten, what is gone is removed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tutoral_gen.adapters import write
from tutoral_gen.errors import ContentError
from tutoral_gen.pipeline import Paths, generate
from tutoral_gen.source.files import Loader

from .conftest import SCENARIO


def test_second_generation_writes_nothing(example: Paths) -> None:
    first = generate(example)
    assert first.report and len(first.report.written) == first.pages
    second = generate(example)
    assert second.report and second.report.written == () and second.report.removed == ()


def test_a_changed_intervention_rewrites_only_the_pages_it_shows_on(example: Paths) -> None:
    loader = Loader()
    generate(example, loader)
    path = example.content / "scenarios/module-1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Relancer les inactifs", "Relancer les apprenants inactifs"
        ),
        encoding="utf-8",
    )
    report = generate(example, loader).report
    assert report is not None
    # The sheet and the pages that show its title are rewritten; nothing else.
    assert {"docs/scenarios/module-1/ITC03.md", "docs/scenarios/module-1/index.md"} <= set(
        report.written
    )
    for rel in report.written:
        if rel.endswith((".md", ".csv")):
            text = (example.out / rel).read_text(encoding="utf-8")
            assert "Relancer les apprenants inactifs" in text, rel
    others = [f"docs/scenarios/module-1/{x}.md" for x in ("ITS01", "ITC01", "ITC04")]
    assert not set(report.written) & {*others, "docs/normes.md", "docs/systeme/besoins.md"}


def test_a_removed_intervention_loses_its_sheet(make_project: Callable[..., Paths]) -> None:
    extra = "  - {id: I2, title: B, kind: structural, mode: reactive, role: tuteur, minutes: 3}\n"
    paths = make_project({"content/scenarios/m1.yaml": SCENARIO + extra})
    generate(paths)
    assert (paths.out / "docs/scenarios/m1/I2.md").exists()
    (paths.content / "scenarios/m1.yaml").write_text(SCENARIO, encoding="utf-8")
    report = generate(paths).report
    assert report is not None and report.removed == ("docs/scenarios/m1/I2.md",)
    assert not (paths.out / "docs/scenarios/m1/I2.md").exists()


def test_failed_generation_keeps_the_generated_folder(example: Paths) -> None:
    generate(example)
    before = {p: p.read_bytes() for p in example.out.rglob("*") if p.is_file()}
    (example.content / "roles.yaml").write_text("roles: [{id: x}]\n", encoding="utf-8")
    with pytest.raises(ContentError):
        generate(example)
    assert {p: p.read_bytes() for p in example.out.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("rel", ["../escape.md", "/etc/passwd", "docs/../../x"])
def test_writer_refuses_paths_outside_its_folder(tmp_path: Path, rel: str) -> None:
    with pytest.raises(ValueError):
        write.sync(tmp_path / "out", {rel: b"x"})


def test_writer_does_not_follow_a_planted_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "docs").symlink_to(outside)
    with pytest.raises(ValueError):
        write.sync(tmp_path / "out", {"docs/page.md": b"x"})
    assert not (outside / "page.md").exists()


def test_content_links_leading_outside_are_refused(
    make_project: Callable[..., Paths], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    paths = make_project()
    (paths.content / "pages").mkdir()
    (paths.content / "pages" / "leak.md").symlink_to(secret)
    with pytest.raises(ContentError) as caught:
        generate(paths)
    assert "links to a file outside content/" in str(caught.value.problems[0])
