"""The generated Markdown (and nav) of the example, compared file by file with tests/golden/.

After an intended change of the output, regenerate the golden files with ``make golden``
(``TUTORAL_UPDATE_GOLDEN=1 pytest tests/test_golden.py``) and review the diff in Git.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tutoral_gen.pipeline import Paths, generate

GOLDEN = Path(__file__).parent / "golden" / "example"
GENERATED = (".md", ".yml")
"""What the generator writes; copied assets (CSS, hand-written pages' images) are left out."""


def test_generated_markdown_matches_the_golden_files(example: Paths) -> None:
    generate(example)
    produced = {
        p.relative_to(example.out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(example.out.rglob("*"))
        if p.suffix in GENERATED
    }
    if os.environ.get("TUTORAL_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, text in produced.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(GOLDEN.rglob("*"))
        if p.is_file()
    }
    assert sorted(produced) == sorted(expected), "files added or removed: run `make golden`"
    for rel, text in produced.items():
        assert text == expected[rel], f"{rel} differs from tests/golden/example/{rel}"
