"""French typesetting as a publisher does it (issue 26, point 4), on every page a reader gets.

The example is built once with its documents (the session's `printed_example`); every page of
the site (its article: text and charts, code left out) and every PDF (read back with pypdf) is
searched for what a publisher would not print: a straight apostrophe or quote, an ISO date,
an "(s)" plural, a number held to its unit by a plain space (it can wrap), a decimal point in
French, an objective's id where its label belongs, French punctuation (``:``, ``;``, ``!``,
``?``, guillemets) that a line may part from its word. The dashboard speaks to the maintainer:
it may show file names and keys, but its units are held too. The policy itself (typography.py)
and the new writers of i18n.py are tested on tables.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pypdf
import pytest
import yaml
from tinyhtml5 import parse
from tinyhtml5.parser import HTMLParser

from tutoral_gen.i18n import Numbers, labels
from tutoral_gen.pipeline import Paths
from tutoral_gen.render import urls
from tutoral_gen.render.markup import escape_md
from tutoral_gen.typography import Typography

from .conftest import REPO

NB = "\u00a0"
CODE = frozenset({"code", "pre", "kbd", "samp", "script", "style"})
OBJECTIVES = [
    o["id"]
    for o in yaml.safe_load((REPO / "tutoral_gen/data/objectives.yaml").read_text("utf-8"))[
        "objectives"
    ]
]
RULES = {
    "straight apostrophe": re.compile(r"'"),
    "straight double quote": re.compile(r'"'),
    "ISO date": re.compile(r"\b\d{4}-\d\d-\d\d\b"),
    "(s) plural": re.compile(r"\w\((?:s|es|x)\)"),
    "unit after a plain space": re.compile(r"\d (?:min|h|€|%|Ko|Mo)(?!\w)"),
    "decimal point": re.compile(r"(?<![\w.])\d+\.\d"),
    "objective id": re.compile(r"\((?:measure|levels|" + "|".join(OBJECTIVES) + r")\)"),
    "French punctuation after a plain space": re.compile(r"(?<=\S) [:;!?»]|« "),
}
"""What a publisher never prints in French text, by name."""
NOT_NUMBERS = re.compile(r"\bCC(?:0|[ -]BY[A-Z-]*)\s+\d\.\d\b|\bv\d+(?:\.\d+)+")
"""Licence names and versions (``CC BY-SA 4.0``, ``v1.2``): names, not decimal numbers."""
DOCUMENTS = [
    "charte-apprenants.pdf",
    "charte-tuteurs.pdf",
    "formateur-tuteur.pdf",
    "manuel.pdf",
    "rapport-audit.pdf",
    "tuteur-administratif.pdf",
    "tuteur-technique.pdf",
]


@pytest.fixture(scope="module")
def built(printed_example: Paths) -> Paths:
    """The example built with `tutoral pdf`, once a session (builds are slow)."""
    return printed_example


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _article(path: Path) -> ET.Element | None:
    root = parse(path.read_text(encoding="utf-8"))
    return next((e for e in root.iter() if _local(e.tag) == "article"), None)


def _texts(element: ET.Element, code: bool = False) -> Iterator[tuple[str, bool]]:
    """(text, is code) of every text node, in reading order."""
    inside = code or _local(element.tag) in CODE
    if element.text:
        yield element.text, inside
    for child in element:
        yield from _texts(child, inside)
        if child.tail:
            yield child.tail, code


@cache
def _page(path: Path) -> tuple[str, str, tuple[str, ...]]:
    """A built page's article: its text outside code, its code, and its charts' labels."""
    article = _article(path)
    if article is None:
        return "", "", ()
    found = list(_texts(article))
    labels_ = tuple(
        "".join(e.itertext())
        for e in article.iter()
        if _local(e.tag) in ("text", "tspan") and e.text
    )
    text = "".join(t for t, code in found if not code)
    return text, "\n".join(t for t, code in found if code), labels_


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


def _reader_pages(site: Path) -> list[Path]:
    dashboard = urls.DASHBOARD.removesuffix(".md")
    return [
        p
        for p in _pages(site)
        if dashboard not in p.relative_to(site).as_posix() and p.name != "404.html"
    ]


def _flat(text: str) -> str:
    return " ".join(text.replace(NB, " ").replace("\u202f", " ").split())


@cache
def _pdf(path: Path, site: Path) -> str:
    """A document's text, but its code and its charts' labels (known from the site's pages of
    the same build): a code block keeps its straight quotes, and WeasyPrint writes a chart's
    no-break spaces as plain ones (a chart's label never wraps)."""
    text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    pages = [_page(p) for p in _pages(site)]
    charts = {_flat(label) for _, _, found in pages for label in found}
    for label in sorted((c for c in charts if re.search(r"\d ", c)), key=len, reverse=True):
        text = text.replace(label, "\n")  # as drawn: its no-break spaces made plain
    code = _flat("\n".join(c for _, c, _ in pages))
    kept = [line for line in text.splitlines() if _flat(line) not in code]
    return "\n".join(kept)


def _faults(text: str, rule: str) -> list[str]:
    if rule == "decimal point":
        text = NOT_NUMBERS.sub("", text)
    return [text[max(0, m.start() - 40) : m.end() + 20] for m in RULES[rule].finditer(text)]


@pytest.mark.parametrize("rule", RULES)
def test_no_reader_page_of_the_site_breaks_the_rule(built: Paths, rule: str) -> None:
    pages = _reader_pages(built.site)
    assert len(pages) >= 40
    found = {
        p.relative_to(built.site).as_posix(): faults
        for p in pages
        if (faults := _faults(_page(p)[0], rule))
    }
    assert not found, found


@pytest.mark.parametrize("name", DOCUMENTS)
@pytest.mark.parametrize("rule", RULES)
def test_no_document_breaks_the_rule(built: Paths, rule: str, name: str) -> None:
    text = _pdf(built.site / "telechargements" / name, built.site)
    assert len(text) > 500
    assert not _faults(text, rule)


def test_the_dashboard_may_name_files_but_holds_its_units(built: Paths) -> None:
    board = built.site / urls.DASHBOARD.removesuffix(".md") / "index.html"
    assert not _faults(_page(board)[0], "unit after a plain space")


def test_the_checks_can_fail_on_what_the_example_had(built: Paths) -> None:
    """Each rule finds what the example's pages used to print, and leaves code alone."""
    before = (
        'l\'équipe "tutorale", le 2026-03-06 17:00, 2 réponse(s), 818,50 €, 202.5 min,'
        " Rompre l'isolement (socio-affective-motivation) : CC BY-SA 4.0, v1.2"
    )
    assert all(_faults(before, rule) for rule in RULES)
    assert not _faults("CC BY-SA 4.0, version v1.2", "decimal point")
    code = _page(built.site / "scenarios/module-1/ITS02/index.html")[1]
    assert "l'échange" in code  # a message template is code: copied as written


def test_a_sheet_names_its_objectives_by_their_labels(built: Paths) -> None:
    """Each objective a sheet serves is an item of its own, named by its label (the id it had
    in parentheses is for the maintainer's YAML)."""
    article = _article(built.site / "scenarios/module-1/ITS02/index.html")
    assert article is not None
    items = ["".join(li.itertext()).strip() for li in article.iter() if _local(li.tag) == "li"]
    assert "Initier la construction d’un sentiment d’appartenance" in items
    assert "Faire émerger les objectifs personnels de l’apprenant" in items


# -- The policy ----------------------------------------------------------------------------------

FR, EN = Typography("fr"), Typography("en")


@pytest.mark.parametrize(
    ("typography", "text", "expected"),
    [
        (FR, "l'étude", "l’étude"),
        (FR, 'le "module"', f"le «{NB}module{NB}»"),
        (FR, "« Accompagner »", f"«{NB}Accompagner{NB}»"),
        (FR, "Taux : 0,066 ; 12 % !", f"Taux{NB}: 0,066{NB}; 12{NB}%{NB}!"),
        (FR, "de 9 h à 18 h, 5 h 52", f"de 9{NB}h à 18{NB}h, 5{NB}h{NB}52"),
        (FR, "240 min, 818,50 €", f"240{NB}min, 818,50{NB}€"),
        (EN, "it's the \"module\" and 'this'", "it’s the “module” and ‘this’"),
        (EN, "Rate: 12 %", f"Rate: 12{NB}%"),
        (FR, "à https://example.org/l'a?b=1 : fin", f"à https://example.org/l'a?b=1{NB}: fin"),
        (EN, "write to o'brien@example.org", "write to o'brien@example.org"),
    ],
)  # fmt: skip
def test_text_is_set(typography: Typography, text: str, expected: str) -> None:
    assert typography.text(text) == expected
    assert typography.text(expected) == expected  # setting twice changes nothing


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>l'a : b</p>", f"<p>l’a{NB}: b</p>"),
        ("<p>x <code>it's \"a\" : 5 min</code></p>", "<p>x <code>it's \"a\" : 5 min</code></p>"),
        ("<pre><code>l'a ; b</code></pre>", "<pre><code>l'a ; b</code></pre>"),
        ("<kbd>Ctrl '</kbd>", "<kbd>Ctrl '</kbd>"),
        ('<a href="l\'a.md" title="it\'s">l\'a</a>', '<a href="l\'a.md" title="it\'s">l’a</a>'),
        ('<p>"<em>x</em>"</p>', f"<p>«{NB}<em>x</em>{NB}»</p>"),
        ("<p>a &amp; b &lt;c&gt;</p>", "<p>a &amp; b &lt;c&gt;</p>"),
        ("<p>https://example.org/it's</p>", "<p>https://example.org/it's</p>"),
        (
            '<svg viewBox="0 0 1 1"><title>l\'a</title><style>a{content:"x"}</style><path/></svg>',
            '<svg viewBox="0 0 1 1"><title>l’a</title><style>a{content:"x"}</style><path/></svg>',
        ),
        ("<br><img alt=\"it's\" src=\"a.png\">", "<br><img alt=\"it's\" src=\"a.png\">"),
    ],
)  # fmt: skip
def test_html_is_set_in_its_text_only(fragment: str, expected: str) -> None:
    assert FR.html(fragment) == expected


@pytest.mark.parametrize(
    "fragment",
    [
        "<svg><style>&lt;/style&gt;&lt;img src=x onerror=alert(1)&gt;</style></svg>",
        "<svg><title>&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;</title></svg>",
        '<p title="&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;">l\'a</p>',
        "<math><mtext>&lt;/mtext&gt;&lt;script&gt;alert(1)&lt;/script&gt;</mtext></math>",
        "<p>&lt;script&gt;alert('x')&lt;/script&gt;</p>",
        '<noscript><p title="&lt;/noscript&gt;&lt;img src=x onerror=1&gt;">\'</p></noscript>',
    ],
)
def test_setting_html_never_makes_markup(fragment: str) -> None:
    """Written back and parsed again, a set fragment has the same elements and attributes as
    before: text that reads as markup in another context stays text."""

    def shape(html: str) -> list[tuple[str, dict[str, str]]]:
        root = HTMLParser().parse_fragment(html, container="div")
        return [(str(e.tag), dict(e.attrib)) for e in root.iter() if isinstance(e.tag, str)]

    set_once = FR.html("<p>l'a</p>" + fragment)  # an apostrophe: the fragment is set
    assert set_once.startswith("<p>l’a</p>")
    assert shape(set_once[len("<p>l’a</p>") :]) == shape(fragment), set_once
    assert "<img" not in set_once and "<script" not in set_once


def test_english_quotes_in_html() -> None:
    assert EN.html('<p>the "plan" isn\'t</p>') == "<p>the “plan” isn’t</p>"


def test_escaping_for_markdown_keeps_no_break_spaces() -> None:
    assert escape_md(f" 240{NB}min\n :") == f"240{NB}min &#58;"


# -- The writers of i18n.py ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [("fr", 0, "fichier"), ("fr", 1, "fichier"), ("fr", 1.5, "fichier"), ("fr", 2, "fichiers"),
     ("en", 0, "files"), ("en", 1, "file"), ("en", 2, "files")],
)  # fmt: skip
def test_plural(language: str, count: float, expected: str) -> None:
    assert Numbers(language).plural(count, labels(language)["files"]) == expected
    assert Numbers(language).plural(count, "CSV") == "CSV"  # a word that does not change


@pytest.mark.parametrize(
    ("language", "hour", "minute", "expected"),
    [("fr", 17, 0, f"17{NB}h"), ("fr", 17, 30, f"17{NB}h{NB}30"), ("fr", 9, 5, f"9{NB}h{NB}05"),
     ("en", 17, 0, f"5:00{NB}pm"), ("en", 0, 30, f"12:30{NB}am"), ("en", 12, 0, f"12:00{NB}pm")],
)  # fmt: skip
def test_time_of_day(language: str, hour: int, minute: int, expected: str) -> None:
    assert Numbers(language).time_of_day(datetime.time(hour, minute)) == expected


@pytest.mark.parametrize(
    ("language", "value", "year", "expected"),
    [("fr", "2026-03-06T17:00", False, f"6{NB}mars, 17{NB}h"),
     ("fr", "2026-03-06T17:30:12+01:00", False, f"6{NB}mars, 17{NB}h{NB}30"),
     ("fr", "2026-03-02", True, f"2{NB}mars 2026"),
     ("en", datetime.datetime(2026, 3, 6, 17), False, f"6 March, 5:00{NB}pm"),
     ("en", datetime.date(2026, 3, 6), True, "6 March 2026")],
)  # fmt: skip
def test_dates_in_words(language: str, value: str, year: bool, expected: str) -> None:
    assert Numbers(language).when(value, year=year) == expected


@pytest.mark.parametrize(
    ("language", "write", "expected"),
    [("fr", lambda n: n.money(818.5, "€"), f"818,50{NB}€"),
     ("fr", lambda n: n.minutes(240), f"240{NB}min"),
     ("fr", lambda n: n.hours_of(352.5), f"5{NB}h{NB}52"),
     ("en", lambda n: n.hours_of(352.5), f"5{NB}h{NB}52{NB}min"),
     ("fr", lambda n: n.percent(12), f"12{NB}%"),
     ("en", lambda n: n.percent(12), "12%"),
     ("fr", lambda n: n.size(840_000), f"840{NB}Ko"),
     ("fr", lambda n: n.number(202.5), "202,5")],
)  # fmt: skip
def test_amounts_and_units_are_held(language: str, write: object, expected: str) -> None:
    assert write(Numbers(language)) == expected  # type: ignore[operator]
