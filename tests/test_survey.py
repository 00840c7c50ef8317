"""Questionnaires that come back: typed questions, the Moodle Feedback template, the answers read
from Feedback's responses download (CSV, Excel, JSON, named or anonymous) and from the blank
table, their figures worked by hand, measured needs, and the grid scoring itself."""

from __future__ import annotations

import csv
import html
import io
import json
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from tutoral_gen.cli import main
from tutoral_gen.domain.grid import level
from tutoral_gen.domain.survey_figures import half_up
from tutoral_gen.pipeline import Paths, check
from tutoral_gen.render import feedback

from . import synthetic
from .test_errors import assert_located
from .test_lifecycle import read as report

AUDIT = """\
guides:
  - id: q
    title: Questionnaire
    kind: questionnaire
    audience: learners
    audience_size: 8
    publish_text: true
    questions:
      - id: q-delai
        text: Avez-vous reçu une réponse à temps ?
        scale: [Jamais, Rarement, Souvent, Toujours]
        measures: {need: B1, score: gravity}
      - id: q-canaux
        text: Par où l'avez-vous demandée ?
        choices: [Forum, Messagerie, Téléphone]
      - id: q-heures
        text: Combien d'heures par semaine ?
        number: {min: 0, max: 40}
      - Qu'auriez-vous aimé recevoir ?
  - id: autre
    title: Autre
    kind: questionnaire
    audience: tutors
    questions:
      - {id: t-charge, text: Charge ?, scale: [Faible, Forte]}
grid:
  - id: C4
    title: Satisfaction
    scale: [Basse, Moyenne, Haute]
    measure: question:q:q-delai
    levels: [2.0, 3.0]
"""
SYSTEM = """\
needs:
  - id: B1
    title: Garder la motivation
    scores:
      learners: {gravity: 4, occurrence: 3}
"""
ANSWERS = [  # as a filled blank table: labels, numbers, several choices, blanks
    ["q-delai", "q-canaux", "q-heures", "q4"],
    ["Souvent", "Forum|Messagerie", "3", "Un point à mi-parcours."],
    ["4", "Téléphone", "2,5", ""],
    ["rarement", "forum", "", "Merci à Zoé Quaxley, ma tutrice."],
    ["Toujours", "", "6", ""],
    ["", "", "", ""],  # an empty row: no response
]
"""Worked by hand: q-delai 4 respondents, counts [0, 1, 1, 2] (levels 3, 4, 2, 4), mean 13/4 =
3.25, median of 2, 3, 4, 4 = 3.5 (B1's gravity as the learners see it: 3.5 half up = 4);
q-canaux 3 respondents, counts [2, 1, 1]; q-heures 3 respondents, values 2.5, 3, 6, mean 11.5/3,
median 3; q4 2 respondents. Audience 8: q-delai's rate 4/8. C4: mean 3.25 >= 3.0: level 3."""


@pytest.fixture
def project(make_project: Callable[..., Paths]) -> Paths:
    paths = make_project({"content/audit/audit.yaml": AUDIT, "content/system.yaml": SYSTEM})
    (paths.root / "private").mkdir()
    return paths


def answers(paths: Paths, *files: str) -> Result:
    return CliRunner().invoke(main, ["answers", "q", *files, "-p", str(paths.root)])


def table(rows: list[list[str]], delimiter: str = ";") -> bytes:
    """A table as a French spreadsheet saves it: semicolons, since commas are decimal marks."""
    return "".join(delimiter.join(cell for cell in row) + "\n" for row in rows).encode("utf-8-sig")


def test_the_figures_of_a_filled_table_are_those_worked_by_hand(project: Paths) -> None:
    (project.root / "private/answers.csv").write_bytes(table(ANSWERS))
    result = answers(project, str(project.root / "private/answers.csv"))
    assert result.exit_code == 0, result.output
    data = report(project)
    questions = data["guides"]["q"]["questions"]
    assert questions["q-delai"] == {
        "respondents": 4, "rate": 0.5, "counts": [0, 1, 1, 2], "mean": 3.25, "median": 3.5,
    }  # fmt: skip
    assert (
        questions["q-canaux"]["counts"] == [2, 1, 1] and questions["q-canaux"]["respondents"] == 3
    )
    assert questions["q-heures"]["mean"] == pytest.approx(11.5 / 3)
    assert questions["q-heures"]["median"] == 3 and questions["q-heures"]["counts"] is None
    assert questions["q4"]["respondents"] == 2
    assert data["guides"]["q"]["responses"] == 4  # an empty row is a spreadsheet's, no response
    scores = data["needs"]["B1"]["scores"]["learners"]
    assert scores["gravity"] == {"value": 4, "source": "measured", "answers": 4}
    assert scores["occurrence"] == {"value": 3, "source": "typed", "answers": 0}
    assert data["grid"]["C4"]["m1"]["level"] == 3 and data["grid"]["C4"]["m1"]["figure"] == 3.25


def test_free_texts_are_published_only_once_marked_and_stay_marked(project: Paths) -> None:
    (project.root / "private/answers.csv").write_bytes(table(ANSWERS))
    assert answers(project, str(project.root / "private/answers.csv")).exit_code == 0
    aggregate = project.content / "audit/answers/q.yaml"
    review = project.root / "private/review-q.yaml"
    assert "Quaxley" not in aggregate.read_text("utf-8")  # nothing unread reaches content/
    assert "pending: 2" in aggregate.read_text("utf-8")
    text = review.read_text(encoding="utf-8")
    assert text.count("publish: false") == 2 and "Zoé Quaxley" in text  # to read, in private/
    mark = '{publish: true, text: "Un point à mi-parcours."}'
    review.write_text(text.replace(mark.replace("true", "false"), mark), encoding="utf-8")
    assert answers(project, str(project.root / "private/answers.csv")).exit_code == 0
    assert mark in review.read_text(encoding="utf-8")  # kept when read again
    published = aggregate.read_text(encoding="utf-8")
    assert "Un point à mi-parcours." in published and "Quaxley" not in published
    assert "pending: 1" in published
    result = CliRunner().invoke(main, ["build", "-q", "-p", str(project.root)])
    assert result.exit_code == 0, result.output
    page = (project.site / "audit/resultats/q/index.html").read_text(encoding="utf-8")
    assert "Un point à mi-parcours." in page and "Quaxley" not in page
    assert "1 réponse libre est en cours de relecture" in page  # no file, no command
    board = html.unescape((project.site / "livrables/index.html").read_text(encoding="utf-8"))
    assert "Réponses libres à relire (1)\u00a0: q" in board  # where the maintainer looks


def test_a_bad_review_file_is_located_and_nothing_is_written(project: Paths) -> None:
    (project.root / "private/answers.csv").write_bytes(table(ANSWERS))
    (project.root / "private/review-q.yaml").write_text(
        'q4:\n  - {publish: oui, text: "Un point à mi-parcours."}\n', encoding="utf-8"
    )
    result = answers(project, str(project.root / "private/answers.csv"))
    assert result.exit_code == 1, result.output
    assert "private/review-q.yaml:2:15: q4[0].publish: expected true or false" in result.output
    assert not (project.content / "audit/answers/q.yaml").exists()


def test_a_broken_aggregate_never_stops_its_own_repair(project: Paths) -> None:
    (project.root / "private/answers.csv").write_bytes(table(ANSWERS))
    aggregate = project.content / "audit/answers/q.yaml"
    aggregate.parent.mkdir(parents=True, exist_ok=True)
    aggregate.write_text("questions: [broken\n", encoding="utf-8")
    assert answers(project, str(project.root / "private/answers.csv")).exit_code == 0
    assert "respondents: 4" in aggregate.read_text(encoding="utf-8")


@pytest.mark.parametrize("form", ["csv", "json", "xlsx", "named"])
def test_moodle_feedback_s_download_reads_back(project: Paths, form: str) -> None:
    validated, _, _ = check(project)
    assert validated.audit is not None
    guide = validated.audit.guides[0]
    data = synthetic.feedback_responses(guide, 12, named=form == "named")
    path = project.root / f"private/responses.{'csv' if form in ('csv', 'named') else form}"
    if form == "csv" or form == "named":
        path.write_bytes(data)
    else:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        if form == "json":  # as Moodle's JSON data format: one list per sheet, headers as keys
            records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
            path.write_text(json.dumps([records], ensure_ascii=False), encoding="utf-8")
        else:
            import openpyxl

            book = openpyxl.Workbook(write_only=True)
            sheet = book.create_sheet("Réponses")
            for row in rows:
                sheet.append(row)
            book.save(path)
    result = answers(project, str(path))
    assert result.exit_code == 0, result.output
    aggregate = (project.content / "audit/answers/q.yaml").read_text(encoding="utf-8")
    assert (
        "responses: 12" in aggregate
        and f"moodle-feedback-{'csv' if form == 'named' else form}" in aggregate
    )
    for person in synthetic.people(12, 900):  # the named download's names and addresses
        assert person.name not in aggregate and person.email not in aggregate


def test_the_feedback_template_is_what_moodle_imports(project: Paths) -> None:
    validated, _, _ = check(project)
    assert validated.audit is not None
    data = feedback.template(validated.audit.guides[0])
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8" ?>\n<FEEDBACK VERSION="200701"')
    root = ElementTree.fromstring(data)
    items = root.findall("./ITEMS/ITEM")
    got = [(i.get("TYPE"), i.findtext("ITEMLABEL"), i.findtext("PRESENTATION")) for i in items]
    assert got == [
        (
            "multichoicerated",
            "q-delai",
            "r>>>>>1####Jamais|2####Rarement|3####Souvent|4####Toujours",
        ),
        ("multichoice", "q-canaux", "c>>>>>Forum|Messagerie|Téléphone"),
        ("numeric", "q-heures", "0|40"),
        ("textarea", "q4", "30|5"),
    ]
    for item in items:
        for tag in ("ITEMID", "ITEMTEXT", "ITEMLABEL", "PRESENTATION", "OPTIONS", "DEPENDITEM"):
            assert item.find(tag) is not None
    assert ElementTree.fromstring(f"<x>{feedback._cdata('a]]>b')}</x>").text == "a]]>b"


ERRORS = [
    (
        "a level that is not on the scale",
        [["q-delai", "q-canaux", "q-heures", "q4"], ["Parfois", "", "", ""]],
        "private/answers.csv:2:1: q-delai: not a level of the question: expected one of Jamais,"
        " Rarement, Souvent, Toujours, or 1 to 4, found 'Parfois'",
    ),
    (
        "a number out of its bounds",
        [["q-delai", "q-canaux", "q-heures", "q4"], ["", "", "41", ""]],
        "private/answers.csv:2:3: q-heures: expected a number from 0 to 40, found '41'",
    ),
    (
        "a missing column",
        [["q-delai", "q-canaux", "q4"], ["1", "", ""]],
        "private/answers.csv:1:1: no column for the question 'q-heures'",
    ),
    (
        "a question the guide does not have",
        [["q-delai", "q-canaux", "q-heures", "q4", "q-delais"], ["1", "", "", "", ""]],
        "private/answers.csv:1:5: a column for a question the guide 'q' does not have: 'q-delais';"
        " did you mean 'q-delai'?",
    ),
    (
        "another questionnaire's answers",
        [["t-charge"], ["Forte"]],
        "private/answers.csv:1:1: this file answers the guide 'autre', not 'q'",
    ),
    ("an empty file", [], "private/answers.csv:1:1: the file is empty"),
]


@pytest.mark.parametrize(("rows", "expected"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_a_bad_answers_file_is_located_and_nothing_is_written(
    project: Paths, rows: list[list[str]], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root)
    (project.root / "private/answers.csv").write_bytes(table(rows))
    result = answers(project, "private/answers.csv")
    assert result.exit_code == 1, result.output
    assert expected in result.output, result.output
    assert not (project.content / "audit/answers/q.yaml").exists()


SETTINGS = [
    (
        "two kinds at once",
        AUDIT.replace(
            "        choices: [Forum, Messagerie, Téléphone]",
            "        choices: [A, B]\n        number: true",
        ),
        "content/audit/audit.yaml:13:",
        "a question is of one kind (scale, choice, choices or number), found choices and number",
    ),
    (
        "a need's score from a scale of 3 levels",
        AUDIT.replace(
            "scale: [Jamais, Rarement, Souvent, Toujours]", "scale: [Jamais, Parfois, Toujours]"
        ),
        "content/audit/audit.yaml:12:",
        "a question that measures a need's score is a scale of 4 levels",
    ),
    (
        "an unknown need",
        AUDIT.replace("need: B1", "need: B9"),
        "content/audit/audit.yaml:12:",
        "unknown need 'B9'",
    ),
    (
        "thresholds that do not fit the scale",
        AUDIT.replace("levels: [2.0, 3.0]", "levels: [2.0]"),
        "content/audit/audit.yaml:",
        "expected 2 thresholds (one fewer than the scale's levels), found 1",
    ),
    (
        "an unknown figure",
        AUDIT.replace("measure: question:q:q-delai", "measure: done-shar"),
        "content/audit/audit.yaml:",
        "unknown figure 'done-shar'; did you mean 'done-share'?",
    ),
    (
        "a question measured that is no scale",
        AUDIT.replace("measure: question:q:q-delai", "measure: question:q:q-heures"),
        "content/audit/audit.yaml:",
        "unknown figure 'question:q:q-heures'",
    ),
]


@pytest.mark.parametrize(
    ("audit", "where", "message"), [s[1:] for s in SETTINGS], ids=[s[0] for s in SETTINGS]
)
def test_bad_questions_and_criteria_are_located(
    make_project: Callable[..., Paths], audit: str, where: str, message: str
) -> None:
    paths = make_project({"content/audit/audit.yaml": audit, "content/system.yaml": SYSTEM})
    assert_located(paths, where, message)


@given(
    st.floats(-10, 10, allow_nan=False),
    st.lists(st.floats(-5, 5), min_size=2, max_size=6, unique=True),
)
def test_a_higher_figure_never_lowers_the_level_of_increasing_thresholds(
    figure: float, thresholds: list[float]
) -> None:
    up, down = sorted(thresholds), sorted(thresholds, reverse=True)
    assert 1 <= level(figure, up) <= len(up) + 1
    assert level(figure, up) <= level(figure + 1, up)  # more done, a level as high or higher
    assert level(figure, down) >= level(figure + 1, down)  # more overrun, a level as low or lower


@pytest.mark.parametrize(("value", "expected"), [(2.5, 3), (2.4, 2), (3.5, 4), (1.0, 1)])
def test_a_median_between_two_levels_rounds_half_up(value: float, expected: int) -> None:
    assert half_up(value) == expected


def test_plain_text_questions_keep_working(make_project: Callable[..., Paths]) -> None:
    audit = (
        "guides:\n  - {id: g, title: G, kind: interview, audience: tutors,\n"
        "     questions: [Une question ?, Deux ?]}\n"
    )
    paths = make_project({"content/audit/audit.yaml": audit})
    validated, _, _ = check(paths)
    assert validated.audit is not None
    assert [(q.id, q.text, q.kind.value) for q in validated.audit.guides[0].questions] == [
        ("q1", "Une question ?", "text"),
        ("q2", "Deux ?", "text"),
    ]


def test_the_example_s_aggregates_are_those_of_its_fictional_answers(tmp_path: Path) -> None:
    from .conftest import REPO, copy_example

    paths = copy_example(tmp_path)
    committed = (paths.content / "audit/answers/questionnaire-apprenants.yaml").read_text("utf-8")
    export = REPO / "examples/answers/questionnaire-apprenants.csv"
    review = tmp_path / "review.yaml"  # the example's marks, copied: the command rewrites them
    shutil.copyfile(REPO / "examples/answers/review-questionnaire-apprenants.yaml", review)
    command = ["answers", "questionnaire-apprenants", str(export), "--review", str(review)]
    result = CliRunner().invoke(main, [*command, "-q", "-p", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (paths.content / "audit/answers/questionnaire-apprenants.yaml").read_text(
        "utf-8"
    ) == committed
