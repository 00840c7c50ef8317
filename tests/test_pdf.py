"""The documents (PDF), tested from the documents themselves: the example built once with
`tutoral pdf`, then read back with pypdf (text, outline, links, tags) and poppler (fonts, word
boxes), and compared with what the site shows and `report --json` gives."""

from __future__ import annotations

import html
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner

from tutoral_gen.adapters import pdf
from tutoral_gen.cli import main
from tutoral_gen.domain.quantity import Range
from tutoral_gen.i18n import Numbers
from tutoral_gen.pipeline import Paths, generate
from tutoral_gen.render import printed
from tutoral_gen.typography import Typography

from .conftest import EPOCH, REPO, copy_example

EXPECTED = {
    "manuel.pdf": "Manuel complet",
    "charte-tuteurs.pdf": "Charte des tuteurs",
    "charte-apprenants.pdf": "Charte des apprenants",
    "formateur-tuteur.pdf": "Livret du tuteur — Formateur-tuteur",
    "tuteur-administratif.pdf": "Livret du tuteur — Tuteur administratif",
    "tuteur-technique.pdf": "Livret du tuteur — Tuteur technique",
    "rapport-audit.pdf": "Rapport d’audit",
}
MM = 72 / 25.4
"""Points per millimetre."""
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdftotext, pdffonts) is missing: `make browser` as root"
)


@pytest.fixture(scope="module")
def built(printed_example: Paths) -> Paths:
    """The example, committed and tagged v1.0, built with `tutoral pdf` (once a session)."""
    return printed_example


@dataclass
class Read:
    """A document read back."""

    reader: pypdf.PdfReader
    pages: list[str]
    """Each page's text."""
    outline: list[tuple[int, str, int]]
    """(level, title, page number from 1) of every bookmark, in order."""

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


@cache
def read(path: Path) -> Read:
    reader = pypdf.PdfReader(path)
    pages = [page.extract_text() or "" for page in reader.pages]
    outline: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                page = reader.get_destination_page_number(item) or 0
                outline.append((level, str(item.title), page + 1))

    walk(reader.outline, 0)
    return Read(reader, pages, outline)


def doc(built: Paths, name: str) -> Read:
    return read(built.site / "telechargements" / name)


def flat(text: str) -> str:
    """Text compared whatever its line breaks, hyphenation and spaces (no-break ones too)."""
    return re.sub(r"[\s\u00a0\u202f\u00ad\u2010-]+", "", html.unescape(text))


def test_every_document_is_made_and_listed_with_its_pages_and_size(built: Paths) -> None:
    made = sorted(p.name for p in (built.site / "telechargements").glob("*.pdf"))
    assert made == sorted(EXPECTED)
    home = (built.site / "index.html").read_text(encoding="utf-8")
    n = Numbers("fr")
    for name, title in EXPECTED.items():
        data = (built.site / "telechargements" / name).read_bytes()
        listed = f"{len(doc(built, name).pages)} pages, {n.size(len(data))}"
        line = re.search(rf'href="telechargements/{re.escape(name)}">([^<]*)</a>([^<]*)', home)
        assert line is not None, name
        assert html.unescape(line.group(1)) == title and listed in line.group(2), line.group(0)


def test_the_cover_names_the_handbook_the_document_the_organisation_date_and_version(
    built: Paths,
) -> None:
    for name, title in EXPECTED.items():
        cover = doc(built, name).pages[0]
        for expected in (
            "Manuel du tutorat — Parcours « Accompagner à distance »",
            title,
            "Institut de formation à distance (exemple)",
            "1 janvier 2026",
            "v1.0" if shutil.which("git") else "",
        ):
            assert flat(expected) in flat(cover), (name, expected, cover)


def _contents(document: Read) -> list[tuple[str, int]]:
    """The contents' entries: (title, page number), from the pages after the cover."""
    entries: list[tuple[str, int]] = []
    for page in document.pages[1:]:
        if "Table des matières" not in page and entries:
            break
        for line in page.splitlines():
            found = re.match(r"^(.*?)\s*\.{3,}\s*(\d+)$", line.strip())
            if found:
                entries.append((found.group(1).strip(), int(found.group(2))))
    return entries


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_contents_page_numbers_are_those_of_the_headings(built: Paths, name: str) -> None:
    """A document of five chapters or more lists them on a contents page, with their pages;
    one of fewer has none (its bookmarks list them): its first chapter follows the cover."""
    document = doc(built, name)
    contents = _contents(document)
    chapters = [(title, page) for level, title, page in document.outline if level == 0]
    if len(chapters) < printed.CONTENTS:
        assert contents == [] and chapters[0][1] == 2, (name, chapters[:2])
        assert not any("Table des matières" in page for page in document.pages), name
        return
    assert len(contents) == len(chapters) >= printed.CONTENTS
    for (entry, number), (title, page) in zip(contents, chapters, strict=True):
        assert flat(entry) == flat(title) and number == page, (entry, number, title, page)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_chapter_starts_a_page_under_its_running_header_with_page_n_of_m(
    built: Paths, name: str
) -> None:
    document = doc(built, name)
    total = len(document.pages)
    for number, page in enumerate(document.pages[1:], start=2):
        assert f"page {number} sur {total}" in page, (name, number)
    for level, title, number in document.outline:
        if level:
            continue
        assert flat(title) in flat(document.pages[number - 1]), (name, title)
        if title.startswith("Classe virtuelle"):
            continue  # a virtual class runs on after the previous chapter when it fits
        height = float(document.reader.pages[number - 1].mediabox.top)
        # The heading's destination is at the top of its page: a chapter starts a page.
        mark: Any = next(
            d for d in document.reader.outline if not isinstance(d, list) and d.title == title
        )
        assert float(mark.top) > height - 25 * MM, (name, title)
        assert flat(title) in flat(document.pages[number - 1]), (name, title)


def test_bookmarks_mirror_the_headings_of_a_booklet(built: Paths) -> None:
    document = doc(built, "formateur-tuteur.pdf")
    chapters = [title for level, title, _ in document.outline if level == 0]
    role = (built.out / "docs/roles/formateur-tuteur.md").read_text(encoding="utf-8")
    sheets = re.findall(r"\| \[(ITC\d+|ITS\d+)\]\(", role)
    assert chapters[0] == "Ce que je fais — Formateur-tuteur"
    assert [c.split(" — ")[0] for c in chapters[1:-1] if not c.startswith("Classe")] == sheets
    assert chapters[-1].startswith("Charte") and any(
        c.startswith("Classe virtuelle") for c in chapters
    )
    sheet = (built.out / "docs/scenarios/module-1/ITC04.md").read_text(encoding="utf-8")
    subheadings = [flat(h) for h in re.findall(r"^## (.+)$", sheet, re.M)]
    start = [n for n, (level, title, _) in enumerate(document.outline) if title.startswith("ITC04")]
    below = [flat(t) for level, t, _ in document.outline[start[0] + 1 :] if level == 1]
    assert subheadings and below[: len(subheadings)] == subheadings


@needs_poppler
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_word_runs_past_the_right_margin(built: Paths, name: str) -> None:
    path = built.site / "telechargements" / name
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))  # type: ignore[union-attr]
    limit = width - 17 * MM + 1
    over = [
        (word, float(x))
        for x, word in re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)', boxes
        )
        if float(x) > limit
    ]
    assert over == []


@needs_poppler
def test_french_punctuation_never_starts_a_line(built: Paths) -> None:
    for name in EXPECTED:
        path = built.site / "telechargements" / name
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
        starts = [line for line in text.splitlines() if re.match(r"^\s*[:;%€!?»]", line)]
        assert starts == [], (name, starts[:3])
    assert "0,066" in doc(built, "manuel.pdf").text


def _font_names(data: bytes, tmp_path: Path) -> set[str]:
    """The base names of the fonts a PDF embeds (``Roboto-Bold``), subset prefix removed."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    return _fonts_of(path)


def _fonts_of(path: Path) -> set[str]:
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    for row in listing:
        assert row.split()[-5] == "yes", row  # embedded
    return {row.split()[0].split("+", 1)[-1] for row in listing}


def _shipped() -> set[str]:
    """The names the PDF engine gives the fonts the package ships: family, then ``-Bold`` and
    ``-Italic`` (an oblique face included) as the face is."""
    from fontTools.ttLib import TTFont

    names = set()
    for path in pdf.FONTS.glob("*.ttf"):
        font = TTFont(path)
        family = str(font["name"].getDebugName(16) or font["name"].getDebugName(1))
        bold = font["OS/2"].usWeightClass >= 600
        italic = bool(font["OS/2"].fsSelection & 1)
        names.add(family.replace(" ", "-") + "-Bold" * bold + "-Italic" * italic)
    return names


def _renamed(source: Path, family: str, target: Path) -> Path:
    """A copy of a shipped font under another family name (a font of the machine's, or the
    project's own)."""
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "-")
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)
    return target


@needs_poppler
def test_fonts_are_the_shipped_ones_embedded(built: Paths) -> None:
    shipped = _shipped()
    for name in EXPECTED:
        used = _fonts_of(built.site / "telechargements" / name)
        assert used and used <= shipped, (name, used - shipped)


BOLD_SYMBOLS = (
    "<!doctype html><html lang=fr><head><title>t</title><style>{css}</style></head><body>"
    "<p>Texte ✓ → ☐</p><p><strong>Gras ✓ →</strong> <em>penché ✓</em>"
    " <strong><em>les deux ✓</em></strong></p></body></html>"
)


@needs_poppler
def test_a_font_installed_on_the_machine_never_enters_a_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A font the machine has (here in the user's font folder, which Fontconfig reads) is
    never used, even when a stylesheet asks for it: bold and oblique symbols come from the
    shipped DejaVu faces, so installing a font changes no byte of a document."""
    home = tmp_path / "data"
    _renamed(pdf.FONTS / "Roboto-Bold.ttf", "Machine Only", home / "fonts" / "machine.ttf")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    base = (REPO / "templates" / "pdf" / "document.css").read_text(encoding="utf-8")
    asked = base + ' p { font-family: "Machine Only", sans-serif; }'
    plain = pdf.render([pdf.Job("a.pdf", BOLD_SYMBOLS.format(css=base))], tmp_path / "c1")
    asking = pdf.render([pdf.Job("a.pdf", BOLD_SYMBOLS.format(css=asked))], tmp_path / "c2")
    used = _font_names(asking.documents["a.pdf"], tmp_path)
    assert not any(n.startswith("Machine") for n in used) and used <= _shipped(), used
    assert {"DejaVu-Sans-Bold", "DejaVu-Sans-Italic", "DejaVu-Sans-Bold-Italic"} <= _font_names(
        plain.documents["a.pdf"], tmp_path
    )
    monkeypatch.delenv("XDG_DATA_HOME")
    again = pdf.render([pdf.Job("a.pdf", BOLD_SYMBOLS.format(css=base))], tmp_path / "c3")
    assert again.documents["a.pdf"] == plain.documents["a.pdf"]


@needs_poppler
def test_a_project_stylesheet_uses_the_fonts_the_project_ships(tmp_path: Path) -> None:
    fonts = tmp_path / "templates" / "pdf" / "fonts"
    _renamed(pdf.FONTS / "Roboto-Regular.ttf", "Maison", fonts / "Maison.ttf")
    base = (REPO / "templates" / "pdf" / "document.css").read_text(encoding="utf-8")
    css = base + '@font-face { font-family: Maison; src: url("tutoral-font:Maison.ttf"); }'
    css += " p { font-family: Maison, sans-serif; }"
    job = pdf.Job("a.pdf", BOLD_SYMBOLS.format(css=css), fonts=fonts)
    used = _font_names(pdf.render([job], tmp_path / "cache").documents["a.pdf"], tmp_path)
    assert "Maison" in used and used - {"Maison"} <= _shipped(), used


def _structure(reader: pypdf.PdfReader) -> list[tuple[str, str | None]]:
    """(role, alternative text) of every element of the structure tree."""
    out: list[tuple[str, str | None]] = []

    def walk(node: Any) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/S" in node:
                alt = node.get("/Alt")
                out.append((str(node["/S"]), str(alt) if alt is not None else None))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)

    root: Any = reader.trailer["/Root"]
    walk(root["/StructTreeRoot"])
    return out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_tagged_pdf_ua_with_language_title_and_a_text_for_every_chart(
    built: Paths, name: str
) -> None:
    reader = doc(built, name).reader
    root: Any = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp or "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert root["/Lang"] == "fr" and root["/MarkInfo"]["/Marked"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert str(reader.metadata.title).startswith(EXPECTED[name])  # type: ignore[union-attr]
    figures = [alt for role, alt in _structure(reader) if role == "/Figure"]
    assert all(alt for alt in figures), figures
    charts = sum(p.count("<svg") for p in _chapters_markdown(built, name))
    assert len(figures) == charts


def _chapters_markdown(built: Paths, name: str) -> list[str]:
    """The generated Markdown of the pages a document holds (by its bookmarks' order)."""
    docs = built.out / "docs"
    titles = {flat(t) for level, t, _ in doc(built, name).outline if level == 0}
    out = []
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        heading = re.search(r"^# (.+)$", text, re.M)
        if heading and flat(heading.group(1)) in titles and "impression" not in page.parts[-1]:
            out.append(text)
    return out


def test_links_between_chapters_land_inside_the_document(built: Paths) -> None:
    reader = doc(built, "manuel.pdf").reader
    named = reader.named_destinations
    inside = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            link = annot.get_object()
            if link.get("/Subtype") != "/Link" or ("/A" in link and "/URI" in link["/A"]):
                continue
            dest = link.get("/Dest")
            if isinstance(dest, str) or hasattr(dest, "startswith"):
                assert str(dest) in named, dest
            inside += 1
    assert inside > 100


def test_figures_are_those_of_report_json(built: Paths) -> None:
    result = CliRunner().invoke(main, ["report", "--json", str(built.content)])
    data = json.loads(result.output)
    n = Numbers("fr")

    def span(value: dict[str, float]) -> Range:
        return Range(value["min"], value["max"])

    handbook = flat(doc(built, "manuel.pdf").text)
    for s in data["scenarios"]:
        for figure in (
            n.rate(span(s["rate"])),
            n.minutes(span(s["tutoring_minutes"])),
            n.minutes(s["course_minutes"]),
            n.minutes(span(s["tutor_minutes"])),
        ):
            assert flat(figure) in handbook, (s["id"], figure)
        if s["budget_gap_minutes"] is not None:
            assert flat(n.signed_minutes(span(s["budget_gap_minutes"]))) in handbook
    for role, figures in data["roles"].items():
        if not figures["minutes"]["max"]:
            continue  # a role without interventions: its page says so in words
        booklet = flat(doc(built, f"{role}.pdf").text)
        assert flat(n.minutes(span(figures["minutes"]))) in booklet, role


@needs_poppler
def test_each_criterion_row_of_the_audit_report_shows_its_level_and_figure(built: Paths) -> None:
    """The grid's table in the report: the row of each criterion (its id starts the line)
    carries the level `report --json` gives, written ``3. 80 à 94 %``, and its figure."""
    result = CliRunner().invoke(main, ["report", "--json", str(built.content)])
    data = json.loads(result.output)
    n = Numbers("fr")
    path = built.site / "telechargements" / "rapport-audit.pdf"
    layout = (
        subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        )
        .stdout.replace("\u00a0", " ")
        .replace("\u202f", " ")
    )
    for criterion, scenarios in data["grid"].items():
        rows = [
            line
            for line in layout.splitlines()
            if re.match(rf"\s*{criterion} \S", line) and re.search(r"\s[1-4]\. \S", line)
        ]
        assert len(rows) == len(scenarios), (criterion, rows)
        for row, scored in zip(rows, scenarios.values(), strict=True):
            level = re.search(r"\s([1-4])\. \S", row)
            assert level is not None and int(level.group(1)) == scored["level"], (criterion, row)
            shown = (n.number(100 * scored["figure"], 0) + " %", n.number(scored["figure"], 2))
            assert any(s.replace("\u00a0", " ") in row for s in shown), (criterion, shown, row)


def _site_page(built: Paths, markdown_path: Path) -> Path:
    rel = markdown_path.relative_to(built.out / "docs").with_suffix("")
    folder = rel.parent if rel.name == "index" else rel
    return built.site / folder / "index.html"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_cell_of_every_table_the_site_shows_is_in_the_document(
    built: Paths, name: str
) -> None:
    text = flat(doc(built, name).text)
    titles = {flat(t) for level, t, _ in doc(built, name).outline if level == 0}
    checked = 0
    for page in sorted((built.out / "docs").rglob("*.md")):
        heading = re.search(r"^# (.+)$", page.read_text(encoding="utf-8"), re.M)
        if not heading or flat(heading.group(1)) not in titles or "impression" in page.parts:
            continue
        site = _site_page(built, page).read_text(encoding="utf-8")
        for table in re.findall(r"<table>(.*?)</table>", site, re.S):
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table, re.S):
                shown = flat(re.sub(r"<[^>]+>", "", cell))
                assert shown in text, (name, page.name, shown)
                checked += 1
    assert checked > 0


def test_the_same_content_gives_the_same_bytes_in_another_process(
    built: Paths, tmp_path: Path
) -> None:
    copy = copy_example(tmp_path)
    if shutil.which("git"):
        shutil.copytree(built.root / ".git", tmp_path / ".git")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-m", "tutoral_gen", "pdf", "-q", "-p", str(tmp_path)],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    for name in EXPECTED:
        first = (built.site / "telechargements" / name).read_bytes()
        assert (copy.site / "telechargements" / name).read_bytes() == first, name


def test_only_the_documents_holding_a_changed_sheet_are_rendered_again(
    built: Paths, tmp_path: Path
) -> None:
    shutil.copytree(built.root, tmp_path / "p", ignore=shutil.ignore_patterns("site"))
    paths = Paths.of(tmp_path / "p")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        assert generate(paths, documents=True).printed == ()
        scenario = paths.content / "scenarios/module-2.yaml"
        text = scenario.read_text(encoding="utf-8")
        scenario.write_text(text.replace("Animer le bilan du module", "Animer le bilan"), "utf-8")
        rendered = generate(paths, documents=True).printed
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    holding = {n for n in EXPECTED if flat("Animer le bilan du module") in flat(doc(built, n).text)}
    assert rendered is not None and set(rendered) == holding
    assert {"manuel.pdf", "formateur-tuteur.pdf"} <= holding < set(EXPECTED)


def test_without_pango_one_line_says_what_to_install(tmp_path: Path) -> None:
    """WeasyPrint fails as it does where Pango is missing: its import raises OSError."""
    fake = tmp_path / "fake" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0': error 0x7e\")\n", encoding="utf-8"
    )
    copy_example(tmp_path / "p")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path / 'fake'}{os.pathsep}{REPO}"}
    result = subprocess.run(
        [sys.executable, "-m", "tutoral_gen", "pdf", "-q", "-p", str(tmp_path / "p")],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "apt install libpango-1.0-0" in lines[0] and "brew install pango" in lines[0]
    assert not (tmp_path / "p" / "site").exists()  # nothing was written


def test_letter_paper_and_english_file_names(tmp_path: Path) -> None:
    runner = CliRunner()
    root = tmp_path / "handbook"
    assert runner.invoke(main, ["new", str(root), "--lang", "en"]).exit_code == 0
    project = root / "content/project.yaml"
    project.write_text(project.read_text(encoding="utf-8") + "paper: letter\n", "utf-8")
    result = runner.invoke(main, ["build", "--pdf", "-q", "-p", str(root)])
    assert result.exit_code == 0, result.output
    made = {p.name for p in (root / "site/telechargements").glob("*.pdf")}
    assert {"handbook.pdf", "tutors-charter.pdf", "learners-charter.pdf"} <= made
    page = pypdf.PdfReader(root / "site/telechargements/handbook.pdf").pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    assert (
        "page 2 of"
        in pypdf.PdfReader(root / "site/telechargements/handbook.pdf").pages[1].extract_text()
    )


def _images(data: bytes) -> int:
    reader = pypdf.PdfReader(io.BytesIO(data))
    count = 0
    for page in reader.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        count += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
    return count


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201e2269b2a0000000049454e44ae426082"
)
"""One red pixel."""


def test_a_document_reads_only_its_own_resources(tmp_path: Path) -> None:
    """Every way HTML or CSS can name a file or an address, beside the one resource given:
    only that one is drawn, and no request leaves the machine."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    web = f"http://127.0.0.1:{server.server_address[1]}"
    names = [
        f"file://{secret}",
        str(secret),
        "../secret.png",
        f"{web}/a.png",
        "tutoral:docs/no.png",
    ]
    body = "".join(f'<img alt="x" src="{n}">' for n in names)
    body += f'<div style="background: url({web}/b.png); height: 9mm"></div>'
    body += f'<object data="{web}/e.png"></object><embed src="file://{secret}">'
    body += f'<a rel="attachment" href="file://{secret}">pièce jointe</a>'
    head = f'<link rel="stylesheet" href="{web}/c.css"><style>@import url("{web}/d.css");</style>'
    page = f"<!doctype html><html lang=fr><head><title>t</title>{head}</head><body><p>Texte</p>"
    page += f'{body}<img alt="ok" src="tutoral:docs/ok.png"></body></html>'
    try:
        made = pdf.render([pdf.Job("t.pdf", page, {"docs/ok.png": PNG})], tmp_path / "cache")
    finally:
        server.shutdown()
        server.server_close()
    data = made.documents["t.pdf"]
    assert _images(data) == 1 and hits == []
    root: Any = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert "/EmbeddedFiles" not in root.get("/Names", {}) and secret.name.encode() not in data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Taux : 0,066", "Taux\u00a0: 0,066"),
        ("12 % ; 5 € !", "12\u00a0%\u00a0; 5\u00a0€\u00a0!"),
        ("« Accompagner »", "«\u00a0Accompagner\u00a0»"),
        ("Temps &#58; 240 min", "Temps\u00a0: 240\u00a0min"),
        ("<code>a : b</code> c : d", "<code>a : b</code> c\u00a0: d"),
        ("<pre>x ; y</pre>", "<pre>x ; y</pre>"),
    ],
)
def test_french_spacing_in_text_never_in_code(text: str, expected: str) -> None:
    assert Typography("fr").html(text) == expected


def test_theme_variables_are_resolved_for_the_charts() -> None:
    css = ".a { fill: var(--x, rgba(1, 2, 3, .5)); stroke: var(--y); color: var(--z, var(--y)); }"
    assert printed.resolve(css, {"y": "#123456"}) == (
        ".a { fill: rgba(1, 2, 3, .5); stroke: #123456; color: #123456; }"
    )


def test_a_long_table_breaks_between_rows_and_repeats_its_header(
    make_project: Callable[..., Paths],
) -> None:
    rows = "\n".join(f"| R{n:03d} | {'mot ' * (n % 7 + 1)}fin{n:03d} |" for n in range(160))
    page = f"# Longue table\n\n| Repère | Contenu |\n|---|---|\n{rows}\n"
    paths = make_project({"content/pages/longue.md": page})
    generated = generate(paths, documents=True)
    assert generated.printed is not None
    document = pypdf.PdfReader(paths.out / "docs/telechargements/manuel.pdf")
    texts = [p.extract_text() for p in document.pages]
    holding = [t for t in texts if re.search(r"R\d{3}", t)]
    assert len(holding) >= 3  # the table runs over several pages
    for text in holding:
        assert "Repère" in text and text.index("Repère") < text.index(
            re.findall(r"R\d{3}", text)[0]
        )
    for n in range(160):  # each row whole on one page: its id and its last word together
        assert sum(f"R{n:03d}" in t and f"fin{n:03d}" in t for t in texts) == 1, n


def test_a_role_named_like_a_document_keeps_both(make_project: Callable[..., Paths]) -> None:
    roles = "roles:\n  - {id: manuel, title: Tuteur}\n  - {id: admin, title: Administratif}\n"
    paths = make_project({"content/roles.yaml": roles})
    text = (paths.content / "scenarios/m1.yaml").read_text(encoding="utf-8")
    (paths.content / "scenarios/m1.yaml").write_text(text.replace("role: tuteur", "role: manuel"))
    generate(paths, documents=True)
    made = {p.name for p in (paths.out / "docs/telechargements").glob("*.pdf")}
    assert {"manuel.pdf", "livret-manuel.pdf", "admin.pdf"} <= made
    booklet = pypdf.PdfReader(paths.out / "docs/telechargements/livret-manuel.pdf")
    assert "Livret du tuteur — Tuteur" in booklet.pages[0].extract_text()


def test_markup_in_a_title_is_printed_as_written(make_project: Callable[..., Paths]) -> None:
    project = (
        'title: "Manuel <b>gras</b> & {: .x } *pas* [lien](http://x)"\n'
        "organisation: \"<img src='file:///etc/hostname'> Institut\"\n"
    )
    paths = make_project({"content/project.yaml": project})
    generate(paths, documents=True)
    cover = pypdf.PdfReader(paths.out / "docs/telechargements/manuel.pdf").pages[0]
    text = cover.extract_text()
    assert "Manuel <b>gras</b> & {: .x } *pas* [lien](http://x)" in text.replace("\u00a0", " ")
    # as written, its text set like any reader's text (a typographic apostrophe)
    assert Typography("fr").text("<img src='file:///etc/hostname'> Institut") in text
