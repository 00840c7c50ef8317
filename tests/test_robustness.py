"""A content mistake never ends in a traceback: random edits of the example's files."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutoral_gen.errors import ContentError
from tutoral_gen.pipeline import Paths, generate

from .conftest import REPO

VALUES = [
    "-1",
    "0",
    "[]",
    "{}",
    "",
    "true",
    "'x'",
    "[1, 2, 3]",
    "{a: 1}",
    "1e309",
    "'2026-13-01'",
    '"09:99"',
    "[5, 1]",
    "'<script>'",
    "0.5",
    "99999999999",
    ".nan",
    ".inf",
    "~",
    "&a 1",
    "*a",
    "!!binary aGk=",
    "'ITC03'",
    "[ITC99]",
]
CELLS = ["", "-3", "abc", "2026-02-30", "ITC99", '"x,y"', "1e309", "CV1"]
FILES = sorted(
    p.relative_to(REPO / "content").as_posix()
    for p in (REPO / "content").rglob("*")
    if p.suffix in (".yaml", ".csv")
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(FILES), st.integers(0, 10_000), st.sampled_from(VALUES), st.sampled_from(CELLS)
)
def test_any_edit_gives_a_report_or_a_site_never_a_crash(
    rel: str, pick: int, value: str, cell: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        path = root / "content" / rel
        lines = path.read_text(encoding="utf-8").splitlines()
        if rel.endswith(".csv"):
            row = 1 + pick % (len(lines) - 1)
            cells = lines[row].split(",")
            cells[pick % len(cells)] = cell
            lines[row] = ",".join(cells)
        else:
            keyed = [n for n, line in enumerate(lines) if re.match(r"^\s*-?\s*[a-z_]+: \S", line)]
            n = keyed[pick % len(keyed)]
            lines[n] = f"{lines[n].split(':')[0]}: {value}"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            generate(Paths.of(root))
        except ContentError as exc:
            assert exc.problems and all(p.message for p in exc.problems)
