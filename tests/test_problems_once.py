"""Every problem, once: a single mistake in the example prints exactly the problems it causes.

Each case edits one file of the example handbook (a copy) and lists what ``check`` must report
beyond the example's own warnings: a problem in one file never hides one in another, and a broken
item still declares its id, so that references to it are not reported again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tutoral_gen.errors import ContentError
from tutoral_gen.pipeline import Paths, check

from .conftest import REPO

Edit = tuple[str, str, str]
"""(file in content/, text to find, its replacement)."""

ITC03 = "  - id: ITC03\n    title: Relancer les inactifs\n"
CASES: list[tuple[str, list[Edit], list[str]]] = [
    (
        "role-id typo in an intervention",
        [
            (
                "scenarios/module-1.yaml",
                "    role: formateur-tuteur\n    minutes: 4",
                "    role: formateur-tutuer\n    minutes: 4",
            )
        ],
        [
            "content/scenarios/module-1.yaml:116:11: interventions[6].role: unknown role"
            " 'formateur-tutuer'; did you mean 'formateur-tuteur'?"
        ],
    ),
    (
        "one bad value in a referenced intervention",
        [
            (
                "scenarios/module-1.yaml",
                "    minutes: 4            #",
                "    minutes: -4            #",
            )
        ],
        [
            "content/scenarios/module-1.yaml:117:14: interventions[6].minutes: expected a number"
            " greater than 0, found -4"
        ],
    ),
    (
        "a referenced intervention without its title",
        [("scenarios/module-1.yaml", ITC03, "  - id: ITC03\n")],
        [
            "content/scenarios/module-1.yaml:112:5: interventions[6].title:"
            " required field is missing"
        ],
    ),
    (
        "unknown key in project.yaml hides nothing elsewhere",
        [
            ("project.yaml", "title: Manuel", "titel: x\ntitle: Manuel"),
            (
                "scenarios/module-1.yaml",
                "    role: formateur-tuteur\n    minutes: 4",
                "    role: formateur-tutuer\n    minutes: 4",
            ),
        ],
        [
            "content/project.yaml:3:1: titel: unknown field 'titel'; did you mean 'title'?",
            "content/scenarios/module-1.yaml:116:11: interventions[6].role: unknown role",
        ],
    ),
    (
        "an error in audit.yaml still lets the log be checked",
        [
            ("audit/audit.yaml", "questions:", "questionz: []\nquestions:"),
            ("audit/log.csv", "ITC03", "ITC33"),
        ],
        [
            "content/audit/audit.yaml:3:1: questionz: unknown field 'questionz';"
            " did you mean 'questions'?",
            "content/audit/log.csv:",
            "intervention: unknown intervention or virtual class 'ITC33'; did you mean 'ITC03'?",
        ],
    ),
    (
        "a role without its title still declares its id",
        [("roles.yaml", "    title: Formateur-tuteur\n", "")],
        ["content/roles.yaml:7:5: roles[0].title: required field is missing"],
    ),
    (
        "a scenario that cannot be parsed hides no other file's checks and adds nothing",
        [("scenarios/module-1.yaml", "learners: 10\n", "learners: [10\n")],
        ["content/scenarios/module-1.yaml:"],
    ),
]


def problems_after(tmp_path: Path, edits: list[Edit]) -> list[str]:
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    baseline = {str(p) for p in check(Paths.of(root))[1]}
    for rel, old, new in edits:
        path = root / "content" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {rel}: the example changed, update the case"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        check(Paths.of(root))
    return [str(p) for p in caught.value.problems if str(p) not in baseline]


@pytest.mark.parametrize(("edits", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_single_mistake_is_reported_once(
    tmp_path: Path, edits: list[Edit], expected: list[str]
) -> None:
    found = problems_after(tmp_path, edits)
    # Exactly the problems the mistakes cause: as many lines, each holding what is expected.
    lines = [e for e in expected if e.startswith("content/")]
    assert len(found) == len(lines), "\n".join(found)
    for line, start in zip(found, lines, strict=True):
        assert line.startswith(start), "\n".join(found)
    for part in (e for e in expected if not e.startswith("content/")):
        assert any(part in line for line in found), "\n".join(found)
