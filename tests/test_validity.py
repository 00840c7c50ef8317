"""Every page of the example is valid HTML, by the Nu Html Checker (the W3C's validator).

`make test` installs Java (Debian's default-jre-headless) like Chromium, and `npm ci` the checker
(vnu-jar, pinned in package-lock.json); without them this suite skips, saying why. What the
theme itself causes is listed in THEME_ERRORS (and in the README) and not counted.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tutoral_gen.pipeline import Paths

from .conftest import REPO

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
JAVA = shutil.which("java")
THEME_ERRORS = (
    # Material's hidden checkboxes (drawer, search, toc) carry autocomplete="off".
    (r"Attribute “autocomplete” is only allowed when", r'<input class="md-toggle'),
    # With navigation.indexes, a section index page's nav title points at the hidden toc toggle.
    (r"The value of the “for” attribute of the “label” element", r'for="__toc"'),
)
"""(message, extract) patterns of errors in Material's own markup."""

pytestmark = pytest.mark.skipif(
    JAVA is None or not VNU.is_file(),
    reason="the Nu Html Checker needs Java (Debian 'default-jre-headless', `make test` installs"
    " it as root) and vnu-jar (npm ci): validity tests skipped",
)


def errors(target: Path) -> list[dict[str, str]]:
    """The checker's errors on every HTML file under ``target``."""
    done = subprocess.run(
        [str(JAVA), "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
         str(target)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    return list(json.loads(done.stderr)["messages"])


def ours(messages: list[dict[str, str]]) -> list[str]:
    """The errors not caused by the theme, as ``page: message`` lines."""
    return [
        f"{m.get('url', '').rsplit('/site/', 1)[-1]}: {m['message']} {m.get('extract', '')!r}"
        for m in messages
        if not any(
            re.search(message, m["message"]) and re.search(extract, m.get("extract", ""))
            for message, extract in THEME_ERRORS
        )
    ]


def test_every_page_is_valid_html(built_example: Paths) -> None:
    pages = list(built_example.site.rglob("*.html"))
    assert len(pages) > 40
    assert ours(errors(built_example.site)) == []


def test_the_checker_finds_what_we_fixed(tmp_path: Path) -> None:
    """The check can fail: the faults issue 11 found are reported when they come back."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="fr"><head><title>t</title></head><body>'
        '<div class="tg-body" markdown="0"><p>x</p></div><div aria-label="Réponse"></div>'
        '<svg><title id="a">A</title></svg><svg><title id="a">B</title></svg></body></html>',
        encoding="utf-8",
    )
    found = "\n".join(ours(errors(tmp_path)))
    assert "“markdown” not allowed" in found
    assert "“aria-label” attribute must not be specified" in found
    assert "Duplicate ID “a”" in found
