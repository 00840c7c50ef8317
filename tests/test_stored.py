"""What ``tutoral build`` keeps in ``build/.cache/`` between runs: sealed, never trusted blindly,
and never the cause of a wrong site (a doubt makes the build full, and says why)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tutoral_gen.adapters import sealed
from tutoral_gen.adapters.engine.stored import RECORD
from tutoral_gen.cli import main
from tutoral_gen.pipeline import GENERATOR, Paths


@pytest.fixture
def own_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A user cache folder of the test's own (the secret is made there)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    sealed._secret.cache_clear()
    yield tmp_path / "user-cache"
    sealed._secret.cache_clear()


def test_a_sealed_value_comes_back_under_its_key(tmp_path: Path, own_secret: Path) -> None:
    path = tmp_path / "c.pickle"
    sealed.save(path, {"a": [1, 2]}, "k", 1)
    assert sealed.load(path, "k", 1) == {"a": [1, 2]}
    assert sealed.load(path, "k", 2) is None  # another key: written for something else
    assert (own_secret / "tutoral_gen/secret").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]), id="one bit of the data"),
        pytest.param(lambda raw: raw[:20] + bytes([raw[20] ^ 1]) + raw[21:], id="the seal"),
        pytest.param(lambda raw: raw[:30], id="truncated"),
        pytest.param(lambda raw: b"", id="empty"),
        pytest.param(lambda raw: raw[8:], id="no magic"),
    ],
)
def test_a_spoiled_cache_reads_as_none(tmp_path: Path, own_secret: Path, spoil: object) -> None:
    path = tmp_path / "c.pickle"
    sealed.save(path, [1, 2, 3], "k")
    path.write_bytes(spoil(path.read_bytes()))  # type: ignore[operator]
    assert sealed.load(path, "k") is None


def test_a_cache_sealed_by_another_user_is_not_loaded(
    tmp_path: Path, own_secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache committed to the repository, or copied from another machine: its pickle could
    run any code; it is not even unpickled."""
    path = tmp_path / "c.pickle"
    sealed.save(path, "theirs", "k")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    sealed._secret.cache_clear()
    assert sealed.load(path, "k") is None


def test_a_secret_others_can_read_is_no_secret(tmp_path: Path, own_secret: Path) -> None:
    sealed.save(tmp_path / "c.pickle", 1, "k")
    (own_secret / "tutoral_gen/secret").chmod(0o644)
    sealed._secret.cache_clear()
    assert sealed.load(tmp_path / "c.pickle", "k") is None
    sealed.save(tmp_path / "d.pickle", 1, "k")
    assert not (tmp_path / "d.pickle").exists()


def _build(paths: Paths, *args: str) -> str:
    """``tutoral build``'s line saying how it built."""
    result = CliRunner().invoke(main, ["build", "-p", str(paths.root), *args])
    assert result.exit_code == 0, result.output
    return next(line for line in result.output.splitlines() if "build" in line)


def _retitle(paths: Paths) -> None:
    path = paths.content / "scenarios/module-1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", "title: Nouveau titre,", 1), encoding="utf-8")


def _replace_site(site: Path) -> None:
    """As another tool would: the same files in a new folder."""
    shutil.copytree(site, site.with_name("other"))
    shutil.rmtree(site)
    site.with_name("other").rename(site)


@pytest.mark.parametrize(
    ("doubt", "reason"),
    [
        pytest.param(
            lambda p: (p.cache / RECORD).unlink(),
            "no record of the last build",
            id="killed before the record was saved again",
        ),
        pytest.param(
            lambda p: _replace_site(p.site),
            "site/ changed since the last build",
            id="site/ replaced by something else",
        ),
        pytest.param(
            lambda p: (p.site / "extra.html").write_text("x"),
            "site/ changed since the last build",
            id="a file added to site/",
        ),
        pytest.param(
            lambda p: (p.cache / RECORD).write_bytes(b"tutoral1" + os.urandom(64)),
            "no record of the last build",
            id="a forged record",
        ),
    ],
)
def test_a_doubt_about_the_last_build_makes_a_full_build_that_says_why(
    example: Paths, own_secret: Path, doubt: object, reason: str
) -> None:
    assert "no record of the last build" in _build(example)
    _retitle(example)
    doubt(example)  # type: ignore[operator]
    assert reason in _build(example)
    _retitle(example)
    assert "incremental build" in _build(example)


def test_a_strict_build_checks_every_page_and_forgets_the_record(
    example: Paths, own_secret: Path
) -> None:
    _build(example)
    assert (example.cache / RECORD).is_file() and (example.cache / GENERATOR).is_file()
    assert "full build (strict)" in _build(example, "--strict")
    assert not (example.cache / RECORD).exists()
    assert "no record of the last build" in _build(example)


def test_the_generator_spares_its_caches(example: Paths, own_secret: Path) -> None:
    """build/ is made to hold exactly the generated files, but for build/.cache/."""
    _build(example)
    kept = sorted(p.name for p in example.cache.iterdir())
    _retitle(example)
    _build(example)
    assert sorted(p.name for p in example.cache.iterdir()) == kept == [GENERATOR, RECORD]
