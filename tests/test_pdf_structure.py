"""The documents' structure and pages, read from the files with pikepdf and poppler: PDF/UA-1
in fact (every marked content in the structure tree or an artifact, scoped header cells, charts
described with their values, checked too by the `pdfua` checker), pages used well (no page of
a few words, no contents page for a short document, the handbook opening on its introduction)
and charts that keep their values (the delay chart's axis and promise label, the radar's
scale)."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from tutoral_gen.adapters import pdf, tagged
from tutoral_gen.pipeline import Paths, generate
from tutoral_gen.render import charts, delays, documents, printed
from tutoral_gen.render.documents import opening

from .conftest import SCENARIO
from .test_pdf import EXPECTED, doc, flat, needs_poppler, read

MM = 72 / 25.4
MIN_WORDS = 25
"""Fewer words than this on a page (margins apart) is a page wasted: a lone box, a few lines."""


@pytest.fixture(scope="module")
def built(printed_example: Paths) -> Paths:
    """The example built with `tutoral pdf`, once a session."""
    return printed_example


def _path(built: Paths, name: str) -> Path:
    return built.site / "telechargements" / name


def _elements(root: Any) -> Iterator[Any]:
    """Every structure element reachable from the root, as a reader of the tree finds it."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") == "/MCR":
            continue
        if node.objgen != (0, 0) and node.objgen in seen:
            continue
        seen.add(node.objgen)
        if "/S" in node:
            yield node
        kids = node.get("/K")
        stack.extend(list(kids) if isinstance(kids, pikepdf.Array) else [kids])


def _held(pdf_: pikepdf.Pdf) -> set[tuple[tuple[int, int], int]]:
    """(page, MCID) of every marked content an element of the tree holds."""
    held = set()
    for element in _elements(pdf_.Root.StructTreeRoot):
        kids = element.get("/K")
        for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int):
                held.add((element.Pg.objgen, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                page = kid.get("/Pg", element.get("/Pg"))
                held.add((page.objgen, int(kid.MCID)))
    return held


def _marked(page: pikepdf.Page) -> Iterator[tuple[str, Any]]:
    """(tag, properties) of every marked content the page's stream opens."""
    for instruction in pikepdf.parse_content_stream(page):
        if str(instruction.operator) == "BDC":
            tag, props = instruction.operands
            yield str(tag), props


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_marked_content_is_in_the_structure_tree_or_a_margin_artifact(
    built: Paths, name: str
) -> None:
    with pikepdf.open(_path(built, name)) as document:
        held = _held(document)
        for number, page in enumerate(document.pages, start=1):
            marks = list(_marked(page))
            loose = [
                (tag, int(props.MCID))
                for tag, props in marks
                if "/MCID" in props and (page.obj.objgen, int(props.MCID)) not in held
            ]
            assert loose == [], (name, number, loose[:5])
            margins = [props for tag, props in marks if tag == "/Artifact"]
            pagination = [p for p in margins if p.get("/Type") == "/Pagination"]
            # The running header (handbook, chapter) and "page N sur M": every page but the cover.
            assert len(pagination) == (0 if number == 1 else 3), (name, number, len(pagination))
        nums = document.Root.StructTreeRoot.ParentTree.Nums
        reachable = {e.objgen for e in _elements(document.Root.StructTreeRoot)}
        for i in range(0, len(nums), 2):
            mapped = nums[i + 1]
            for element in mapped if isinstance(mapped, pikepdf.Array) else [mapped]:
                assert element is None or element.objgen in reachable, (name, int(nums[i]))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_table_header_cell_carries_its_scope(built: Paths, name: str) -> None:
    with pikepdf.open(_path(built, name)) as document:
        headers = [e for e in _elements(document.Root.StructTreeRoot) if e.get("/S") == "/TH"]
        assert headers, name
        for cell in headers:
            row = [k.get("/S") for k in cell.P.K if isinstance(k, pikepdf.Dictionary)]
            expected = "/Row" if "/TD" in row else "/Column"
            assert str(cell.A.get("/Scope")) == expected, (name, row)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_chart_is_described_with_its_values(built: Paths, name: str) -> None:
    """A chart's alternative text is its title, then what it shows with its figures: after
    the title (which may hold digits of its own, ``ITS01``) come digits."""
    with pikepdf.open(_path(built, name)) as document:
        figures = [
            str(e.get("/Alt", ""))
            for e in _elements(document.Root.StructTreeRoot)
            if e.get("/S") == "/Figure"
        ]
    for alt in figures:
        title, _, said = alt.partition(". ")
        assert title and re.search(r"\d", said), (name, alt[:120])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_heading_is_empty(built: Paths, name: str) -> None:
    """What the pdfua checker cannot evaluate here (its rule UA-14-001 fails on pikepdf 10)."""
    with pikepdf.open(_path(built, name)) as document:
        for element in _elements(document.Root.StructTreeRoot):
            if re.fullmatch(r"/H[1-6]", str(element.get("/S"))):
                assert any(True for _ in _held_by(element)), name


def _held_by(element: Any) -> Iterator[int]:
    kids = element.get("/K")
    for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            yield int(kid)
        elif isinstance(kid, pikepdf.Dictionary):
            yield from _held_by(kid)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_pdfua_checker_finds_nothing(built: Paths, name: str) -> None:
    """The `pdfua` checker from PyPI: no error, no warning, no note. It skips one rule, the
    empty headings, which raises on pikepdf 10's arrays (checked above instead)."""
    from pdfua import validate

    report = validate(str(_path(built, name)))
    assert [(f.rule_id, f.message[:100]) for f in report.findings] == []
    assert {o.rule_id for o in report.skipped} <= {"UA-14-001"}


def _body_words(path: Path) -> list[list[str]]:
    """Each page's words outside the margins (the running header and the page number)."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    out = []
    for height, body in re.findall(
        r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', boxes, re.S
    ):
        words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)', body)
        out.append([w for y, w in words if 20 * MM < float(y) < float(height) - 18 * MM])
    return out


@needs_poppler
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_page_holds_only_a_few_words(built: Paths, name: str) -> None:
    """A box or a few lines never stand alone on a page: they stay with what precedes."""
    pages = _body_words(_path(built, name))
    few = [(n, " ".join(w)[:80]) for n, w in enumerate(pages[1:], 2) if len(w) < MIN_WORDS]
    assert few == [], (name, few)


def test_the_handbook_opens_on_its_introduction_not_on_lists_of_links(built: Paths) -> None:
    document = doc(built, "manuel.pdf")
    first = next(page for level, _, page in document.outline if level == 0)
    opening_page = flat(document.pages[first - 1])
    assert flat("Ce manuel rassemble") in opening_page
    for section in ("Mon rôle", "Système tutoral", "Plan de diffusion"):
        assert flat(section) not in opening_page, section
    home = (built.out / "docs/index.md").read_text(encoding="utf-8")
    assert "## Mon rôle" in home  # the site's home keeps its lists


@pytest.mark.parametrize(
    ("home", "kept", "dropped"),
    [
        ("# T\n\nIntro.\n\n## Liens\n\n- [A](a.md)\n- [B](b.md)\n", ["# T", "Intro."], ["Liens"]),
        ("# T\n\n## Chiffres\n\n| a |\n|---|\n| 1 |\n", ["Chiffres", "| 1 |"], []),
        ("# T\n\n## Mixte\n\nUn mot.\n\n- [A](a.md)\n", ["Mixte", "Un mot."], []),
        ("# T\n\n## Docs\n\n- [M](m.pdf) — PDF, 3 pages\n", ["# T"], ["Docs"]),
    ],
)
def test_the_printed_home_drops_only_sections_of_links(
    home: str, kept: list[str], dropped: list[str]
) -> None:
    made = opening(home)
    assert all(k in made for k in kept) and not any(d in made for d in dropped), made


def test_the_delay_chart_has_an_axis_a_labelled_promise_and_values_apart() -> None:
    rows: list[tuple[str, float, float, float | None, str, str]] = [
        ("Forum", 4.6, 28.1, 48.0, "4,6 h · 28,1 h", "t"),
        ("Courriel", 2.0, 70.0, 24.0, "2 h · 70 h", "t"),
    ]
    chart = delays.delays(rows, "Délais", "Délai promis", lambda h: f"{h:g} h")
    assert chart.ticks[0][1] == "0 h" and len(chart.ticks) >= 3
    assert chart.ticks[-1][0] >= chart.label_width + max(r.p90 for r in chart.rows)
    for row in chart.rows:
        assert row.promised.startswith("Délai promis ") and row.promise is not None
        # The values stand past the axis' end, far from any promise line.
        assert chart.value_x > chart.ticks[-1][0] > chart.label_width + row.promise
    assert [r.promised for r in chart.rows] == ["Délai promis 48 h", "Délai promis 24 h"]
    assert chart.axis_y > max(r.y for r in chart.rows) + 26


def test_the_site_draws_the_delay_chart_with_its_axis_and_promise(built: Paths) -> None:
    page = (built.out / "docs/audit/traces.md").read_text(encoding="utf-8")
    svg = re.search(r'<svg class="tg-delays".*?</svg>', page, re.S)
    assert svg is not None
    assert 'class="tg-delay-promised"' in svg.group(0) and "Délai promis 48\u00a0h" in svg.group(0)
    assert len(re.findall(r'class="tg-scale-tick"', svg.group(0))) >= 3


def test_the_radar_shows_its_scale_and_says_its_scores() -> None:
    chart = charts.radar(["Temps", "Lieu", "Outils"], (3, 1, 4), "Contraintes — ITS01")
    assert [text for _, _, text in chart.scale] == ["1", "2", "3", "4"]
    assert chart.desc == "Temps 3/4; Lieu 1/4; Outils 4/4"
    ys = [y for _, y, _ in chart.scale]
    assert ys == sorted(ys, reverse=True)  # the rings' scores read upwards from the centre


def test_a_chart_in_a_document_is_described_by_its_marks() -> None:
    svg = (
        "<title>Temps — Rôle</title><g><title>Semaine 1 : 40 min</title></g>"
        "<g><title>Semaine 2 : 5 min</title></g>"
    )
    made = printed.described(svg)
    assert made.startswith("<title>Temps — Rôle. Semaine 1 : 40 min; Semaine 2 : 5 min.</title>")
    assert printed.described("<title>Seul</title>") == "<title>Seul</title>"


TWO_PAGES = (
    "<!doctype html><html lang=fr><head><title>t</title><style>"
    "@page { @top-left { content: 'Manuel' } @bottom-center { content: 'page ' counter(page) } }"
    "</style></head><body><h1>Un</h1><table><thead><tr><th>A</th><th>B</th></tr></thead>"
    "<tbody><tr><th>r</th><td>1</td></tr></tbody></table>"
    '<h1 style="break-before: page">Deux</h1><p>Texte</p></body></html>'
)


def _engine_pdf(html: str) -> bytes:
    """What the engine writes, before it is mended."""
    engine = pdf._engine()
    written: bytes = engine.HTML(string=html).write_pdf(
        pdf_variant=pdf.VARIANT, pdf_identifier=b"t"
    )
    return written


@pytest.mark.parametrize("written", ["as the engine writes it", "written otherwise"])
def test_margins_become_artifacts_whatever_the_writing_of_the_stream(written: str) -> None:
    data = _engine_pdf(TWO_PAGES)
    with pikepdf.open(io.BytesIO(data)) as document:
        assert len(_held(document)) < sum(  # the engine leaves the margins out of the tree
            1 for page in document.pages for _, p in _marked(page) if "/MCID" in p
        )
        if written == "written otherwise":  # the fast path finds nothing: the stream is parsed
            for page in document.pages:
                text = page.obj.Contents.read_bytes()
                page.obj.Contents.write(text.replace(b"\n<</MCID", b" <</MCID"))
            out = io.BytesIO()
            document.save(out)
            data = out.getvalue()
    with pikepdf.open(io.BytesIO(tagged.mend(data))) as document:
        held = _held(document)
        for page in document.pages:
            marks = list(_marked(page))
            assert sum(tag == "/Artifact" for tag, _ in marks) >= 2
            assert all((page.obj.objgen, int(p.MCID)) in held for _, p in marks if "/MCID" in p)
        scopes = [
            str(e.A.Scope) for e in _elements(document.Root.StructTreeRoot) if e.get("/S") == "/TH"
        ]
    assert sorted(scopes) == ["/Column", "/Column", "/Row"]


def test_a_mended_document_is_the_same_bytes_each_time() -> None:
    written = _engine_pdf(TWO_PAGES)
    assert tagged.mend(written) == tagged.mend(written) != written


def test_a_booklet_past_the_volume_size_is_split_by_scenario(
    make_project: Callable[..., Paths], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like the handbook: the role's page (and charter) in ``<role>.pdf``, then one volume per
    scenario with its sheets, each sheet in one volume only (here past 4 sheets, not 300)."""
    second = SCENARIO.replace("title: M1", "title: M2").replace("id: I1", "id: J1")
    more = "".join(
        f"  - {{id: {p}{n}, title: Fiche {p}{n}, kind: conjunctural, mode: proactive,"
        f" role: tuteur, minutes: 5}}\n"
        for p in ("I", "J")
        for n in (2, 3)
    )
    first = SCENARIO + "".join(line for line in more.splitlines(True) if "id: I" in line)
    second += "".join(line for line in more.splitlines(True) if "id: J" in line)
    paths = make_project({"content/scenarios/m1.yaml": first, "content/scenarios/m2.yaml": second})
    monkeypatch.setattr(documents, "VOLUME_SHEETS", 4)
    generate(paths, documents=True)
    folder = paths.out / "docs/telechargements"
    assert {"tuteur.pdf", "tuteur-m1.pdf", "tuteur-m2.pdf"} <= {p.name for p in folder.iterdir()}
    chapters = {
        name: [title for level, title, _ in read(folder / name).outline if level == 0]
        for name in ("tuteur.pdf", "tuteur-m1.pdf", "tuteur-m2.pdf")
    }
    assert chapters["tuteur.pdf"][0].startswith("Ce que je fais"), chapters
    assert flat("Livret du tuteur — Tuteur — M1") in flat(read(folder / "tuteur-m1.pdf").pages[0])
    for sheet in ("I1", "I2", "I3", "J1", "J2", "J3"):
        holding = [n for n, ts in chapters.items() if any(t.startswith(f"{sheet} — ") for t in ts)]
        volume = "tuteur-m1.pdf" if sheet.startswith("I") else "tuteur-m2.pdf"
        assert holding == [volume], (sheet, chapters)
