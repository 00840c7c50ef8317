"""Documents fit for their readers (issue 26, points 1, 6 and 7): the tutors and the institution
read the site and the PDFs; the maintainer reads `tutoral check`, the terminal and the dashboard.

The example is built once with `tutoral pdf`; every site page but the dashboard and every PDF is
read back (pypdf) and searched for the maintainer's words, one case per word. A new project
measured from the platform's traces alone (no tutors' log) gets an audit report that says the
log is missing instead of "0 min"; the charters' promise sentence is drawn from their table; the
objectives grid's legend says what is drawn; each document's contents entries are distinct; the
site's "edit this page" action leads to each generated page's source file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pypdf
import pytest
import yaml
from click.testing import CliRunner

from tutoral_gen.adapters import engine
from tutoral_gen.cli import main
from tutoral_gen.pipeline import Paths, generate
from tutoral_gen.render import urls

from . import synthetic
from .conftest import REPO, copy_example
from .test_traces import LOG

FR = yaml.safe_load((REPO / "tutoral_gen/data/labels/fr.yaml").read_text(encoding="utf-8"))
MAINTAINER = [
    "content/",
    ".yaml",
    ".yml",
    "log.csv",
    "private/",
    "tutoral check",
    "tutoral build",
    "tutoral traces",
    "tutoral answers",
    "tutoral serve",
    "tutoral pdf",
    "tutoral new",
    "tutoral_gen",
    "rate_basis",
    "rate_scale",
    "target_rate",
    "publish",
    "(norm:)",
    "project.yaml",
    "audit.yaml",
    "modifiez",
    "relancez",
    "Page générée",
    FR["dashboard_intro"][:40],
]
"""Words that speak to the person who maintains the handbook: file names, YAML keys, commands,
what to edit (the dashboard's own introduction among them: the dashboard is the site's only)."""


def _text(markup: str) -> str:
    """A built page's article as text (its navigation and footer left out)."""
    found = re.search(r"<article.*?</article>", markup, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(0) if found else ""))


@cache
def _pdf(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


@cache
def _outline(path: Path) -> list[str]:
    """The top-level contents entries of a PDF."""
    return [str(i.title) for i in pypdf.PdfReader(path).outline if not isinstance(i, list)]


def _build_pdf(root: Path) -> None:
    result = CliRunner().invoke(main, ["pdf", "-q", "-p", str(root)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The example built with its documents."""
    paths = copy_example(tmp_path_factory.mktemp("readers"))
    _build_pdf(paths.root)
    return paths


def _readers_documents(site: Path) -> dict[str, str]:
    """Every document a reader gets, by name: the site's pages but the dashboard, the PDFs."""
    dashboard = urls.DASHBOARD.removesuffix(".md")
    pages = {
        str(p.relative_to(site)): _text(p.read_text(encoding="utf-8"))
        for p in sorted(site.rglob("*.html"))
        if dashboard not in p.parent.as_posix() and p.name != "404.html"
    }
    pdfs = {p.name: _pdf(p) for p in sorted((site / "telechargements").glob("*.pdf"))}
    return pages | pdfs


@pytest.mark.parametrize("word", MAINTAINER)
def test_no_reader_document_carries_the_maintainer_s_words(example: Paths, word: str) -> None:
    documents = _readers_documents(example.site)
    assert len([d for d in documents if d.endswith(".pdf")]) == 7
    found = {
        name: text[max(0, i - 60) : i + 60]
        for name, text in documents.items()
        if (i := text.lower().find(word.lower())) >= 0
    }
    assert not found, found


def test_the_maintainer_s_reminders_are_on_the_dashboard_which_no_document_prints(
    example: Paths,
) -> None:
    board = _text((example.site / urls.DASHBOARD.removesuffix(".md") / "index.html").read_text())
    # The example's questionnaire has free answers to review: the reminder names the guide.
    assert "Réponses libres à relire (1)\u00a0: questionnaire-apprenants" in board
    assert "publish: true" in board and "tutoral answers" in board
    for pdf in (example.site / "telechargements").glob("*.pdf"):
        assert FR["dashboard"] not in _outline(pdf), pdf.name


@pytest.mark.parametrize("name", ["manuel.pdf", "rapport-audit.pdf", "formateur-tuteur.pdf"])
def test_contents_entries_are_distinct(example: Paths, name: str) -> None:
    entries = _outline(example.site / "telechargements" / name)
    assert len(entries) == len(set(entries)) >= 3, entries


def test_the_two_charters_are_two_entries_of_the_handbook(example: Paths) -> None:
    entries = _outline(example.site / "telechargements/manuel.pdf")
    assert FR["charter_tutors"] in entries and FR["charter_learners"] in entries


# -- A new project audited from the platform's traces alone ------------------------------------

AUDIT = """\
traces:
  module-1:
    tutors: {Tina Tutor: formateur-tuteur}
    channels: {forum: 7}
"""


@pytest.fixture(scope="module")
def traced_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`tutoral new`, the traces' settings, `tutoral traces` on a Moodle log, `tutoral pdf`:
    the README's path, with no tutors' log kept. Returns the audit report's text."""
    root = tmp_path_factory.mktemp("traced") / "manuel"
    runner = CliRunner()
    assert runner.invoke(main, ["new", str(root)]).exit_code == 0
    (root / "content/audit").mkdir()
    (root / "content/audit/audit.yaml").write_text(AUDIT, encoding="utf-8")
    (root / "private").mkdir()
    (root / "private/log.csv").write_bytes(synthetic.moodle_csv(LOG, "Europe/Paris"))
    measured = runner.invoke(
        main, ["traces", "module-1", str(root / "private/log.csv"), "--project", str(root)]
    )
    assert measured.exit_code == 0, measured.output
    _build_pdf(root)
    return root


def test_a_report_without_tutors_log_says_so_and_shows_what_the_traces_measured(
    traced_only: Path,
) -> None:
    report = re.sub(r"\s+", " ", _pdf(traced_only / "site/telechargements/rapport-audit.pdf"))
    assert re.sub(r"\s+", " ", FR["plan_actual_no_log"]) in report
    # The formateur-tuteur's one 60-minute session (tests/test_traces.py's LOG), beside its plan.
    assert re.search(r"Formateur-tuteur \d+ à \d+ min 60 min", report), report
    # The tuteur administratif has no account in the traces: not measured, not zero.
    assert "Tuteur administratif 10 min —" in report


@pytest.mark.parametrize(
    "wrong",
    [
        r"(?<![\d,])0 min",
        FR["verdicts"]["missing"],
        FR["never_done"],
        FR["grid"],  # a heading with nothing under it: the project has no criteria
    ],
)
def test_a_report_without_tutors_log_reads_no_zero_for_want_of_data(
    traced_only: Path, wrong: str
) -> None:
    report = re.sub(r"\s+", " ", _pdf(traced_only / "site/telechargements/rapport-audit.pdf"))
    found = re.search(wrong, report)
    assert found is None, report[max(0, found.start() - 80) : found.end() + 80]


def test_a_section_with_nothing_to_show_says_why(traced_only: Path) -> None:
    report = re.sub(r"\s+", " ", _pdf(traced_only / "site/telechargements/rapport-audit.pdf"))
    assert re.sub(r"\s+", " ", FR["findings_none"]) in report


# -- Sentences and tables from the same figures ------------------------------------------------

CHANNELS = """\
channels:
  - {id: forum, title: Forum}
  - {id: mail, title: Messagerie}
  - {id: news, title: Annonces}
"""


def _charter(make_project: Callable[..., Paths], charter: str) -> str:
    paths = make_project({"content/charter.yaml": "title: Charte\n" + charter})
    generate(paths)
    return (paths.out / "docs" / urls.CHARTER_TUTORS).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("charter", "sentence", "rows"),
    [
        (  # the default covers the channels no request names: a row of its own says which
            "response_hours: [24, 72]\n" + CHANNELS + "requests:\n"
            "  - {kind: Question, channel: forum, response_hours: [24, 48]}\n"
            "  - {kind: Urgence, channel: mail, response_hours: 4}\n",
            "en 4 à 72 heures",
            [
                "| Question | Forum | 24 à 48 heures |",
                "| Urgence | Messagerie | 4 heures |",
                "| Tout autre message | Annonces | 24 à 72 heures |",
            ],
        ),
        (  # every channel has its promise: the default promises nothing, the sentence says 48
            "response_hours: [24, 72]\n" + CHANNELS + "requests:\n"
            "  - {kind: Question, channel: forum, response_hours: [24, 48]}\n"
            "  - {kind: Privé, channel: mail, response_hours: 24}\n"
            "  - {kind: Info, channel: news, response_hours: 48}\n",
            "en 24 à 48 heures",
            ["| Question | Forum | 24 à 48 heures |", "| Info | Annonces | 48 heures |"],
        ),
        (  # a request without its own promise has the default's, in the table too
            "response_hours: 36\n" + CHANNELS + "requests:\n"
            "  - {kind: Question, channel: forum}\n"
            "  - {kind: Privé, channel: mail, response_hours: 24}\n",
            "en 24 à 36 heures",
            ["| Question | Forum | 36 heures |", "| Tout autre message | Annonces | 36 heures |"],
        ),
        (  # no table: the default alone
            "response_hours: [24, 72]\n",
            "généralement en 24 à 72 heures",
            [],
        ),
    ],
)
def test_the_charter_s_promise_sentence_is_drawn_from_its_table(
    make_project: Callable[..., Paths], charter: str, sentence: str, rows: list[str]
) -> None:
    page = _charter(make_project, charter).replace("\u00a0", " ")  # "24 à 48 heures" held
    said = re.search(r"répondent aux messages des apprenants (.*?)[,.]", page)
    assert said is not None and said.group(1) == sentence, page
    for row in rows:
        assert row in page, page
    table = re.findall(r"^\| .* \| (\d+)(?: à (\d+))? heures \|$", page, re.M)
    if table:
        spans = [(int(lo), int(hi or lo)) for lo, hi in table]
        low, high = min(s[0] for s in spans), max(s[1] for s in spans)
        assert sentence == (f"en {low} à {high} heures" if low != high else f"en {low} heures")


def test_the_grid_s_legend_says_what_each_cell_shows(example: Paths) -> None:
    page = (example.out / "docs" / urls.OBJECTIVES).read_text(encoding="utf-8")
    legend = FR["objectives_intro"]
    assert "couleur" not in legend  # the PDF's cells are not coloured
    priorities = list(FR["priorities"].values())
    assert all(p in legend for p in priorities)
    cells = re.findall(r'<span class="tg-heat tg-heat-\d">([^<]+)</span><br>', page)
    assert len(cells) == 28 and set(cells) <= set(priorities)
    # Objectives of every priority, "Basse" among them, are listed under a title that says so.
    gaps = page.split(f"### {FR['gaps_objectives']}", 1)[1].split("###", 1)[0]
    listed = set(re.findall(r'tg-heat-\d">([^<]+)<', gaps))
    assert FR["priorities"]["low"] in listed, gaps
    assert "prioritaires" not in FR["gaps_objectives"]


# -- The site's "edit this page" action -------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "source"),
    [
        ("charte/tuteurs/index.html", "content/charter.yaml"),
        ("scenarios/module-1/index.html", "content/scenarios/module-1.yaml"),
        ("scenarios/module-1/ITC03/index.html", "content/scenarios/module-1/ITC03.md"),
        ("scenarios/module-1/ITS01/index.html", "content/scenarios/module-1.yaml"),  # no body
        ("introduction/index.html", "content/pages/introduction.md"),
        ("audit/index.html", "content/audit/audit.yaml"),
        ("systeme/objectifs/index.html", "content/system.yaml"),
        ("impression/index.html", None),  # made of every page: no one source
    ],
)
def test_edit_this_page_leads_to_the_source_file(
    edited: Paths, page: str, source: str | None
) -> None:
    markup = (edited.site / page).read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)"[^>]*rel="edit"', markup)
    expected = [f"https://example.org/org/handbook/edit/main/{source}"] if source else []
    assert links == expected


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The example with a repository address and Material's edit action."""
    paths = copy_example(tmp_path_factory.mktemp("edited"))
    config = paths.config.read_text(encoding="utf-8")
    assert "content.action.edit" in config
    paths.config.write_text(
        config + "repo_url: https://example.org/org/handbook\nedit_uri: edit/main/\n",
        encoding="utf-8",
    )
    generate(paths)
    engine.build_site(paths.config, paths.site)
    return paths


def test_without_a_repository_there_is_no_edit_action(example: Paths) -> None:
    markup = (example.site / "charte/tuteurs/index.html").read_text(encoding="utf-8")
    assert 'rel="edit"' not in markup
