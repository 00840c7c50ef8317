"""The example handbook built by real MkDocs: pages, figures, charts, links, safety."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from tinyhtml5.parser import HTMLParser

from tutoral_gen.adapters import engine
from tutoral_gen.cli import main
from tutoral_gen.domain.quantity import Range
from tutoral_gen.errors import ContentError, EngineError
from tutoral_gen.pipeline import Paths, generate

from .browser import live_in
from .conftest import html

SHEETS = [f"ITS0{n}" for n in range(1, 5)] + [f"ITC0{n}" for n in range(1, 6)]


def text_of(page: str) -> str:
    """The visible text of a page as a browser reads it (HTML5 parsing: entities decoded,
    comments and raw text as a browser tells them), spaces folded."""
    tree = HTMLParser().parse(page, full_tree=True, scripting=True)
    return " ".join(" ".join(tree.itertext()).replace("¶", "").split())  # no heading permalinks


def test_home_lists_the_scenario_with_its_headline_figures(built_example: Paths) -> None:
    home = text_of(html(built_example, "."))
    assert "Module 1 — Conduire un projet à distance" in home
    for figure in ("240 min", "160 min", "0,066", "202,5 min", "−8 min"):
        assert figure in home
    # Every part of the handbook is one click away, and so are the downloads.
    for part in (
        "Mon rôle Ce que je fais — Formateur-tuteur",
        "Charte tutorale Charte des tuteurs",
        "Système tutoral Rôles et fonctions",
        "Plan de diffusion Formation des tuteurs",
        "Audit tutoral Audit tutoral Grille d’analyse Traces de la plateforme Prévu et réalisé",
        "Version imprimable",
    ):
        assert part in home, part
    assert 'href="telechargements/interventions.csv"' in html(built_example, ".")


def test_scenario_overview_shows_the_seed_figures_and_how_they_were_computed(
    built_example: Paths,
) -> None:
    page = text_of(html(built_example, "scenarios/module-1"))
    assert "0,066 = 160 min ÷ (240 min × 10)" in page
    assert "Temps du tutorat = 40 min (structurelles) + 120 min (conjoncturelles) = 160 min" in page
    assert "CV1 : 135 min × 1,5 = 202,5 min" in page
    assert "Formateur-tuteur : 150 min + 202,5 min = 352,5 min (5 h 52)" in page
    assert "Tuteur administratif : 10 min" in page
    assert "168 min = (240 min × 10) × 0,07" in page
    assert "Le scénario tient dans le budget" in page


def test_scenario_overview_draws_the_timeline_and_the_role_chart(built_example: Paths) -> None:
    page = html(built_example, "scenarios/module-1")
    timeline = re.search(r'<svg class="tg-timeline".*?</svg>', page, re.S)
    bars = re.search(r'<svg class="tg-bars".*?</svg>', page, re.S)
    assert timeline and bars
    boxes = re.findall(r'<g class="tg-box ([a-z ]+)"><title>(\w+)', timeline.group())
    assert sorted(name for _, name in boxes) == sorted([*SHEETS, "CV1"])
    assert ("structural proactive", "ITS01") in boxes and ("class", "CV1") in boxes
    titles = re.findall(r'class="tg-phase-title"[^>]*>(.*?)</text>', timeline.group())
    # A title is never cut: it wraps on <tspan> lines.
    phases = [" ".join(re.findall(r">([^<]+)</tspan>", t)) for t in titles]
    assert phases == [
        "Ouverture",
        "Étude du module",
        "Classe virtuelle",
        "Production du livrable",
        "Clôture",
    ]
    labels = re.findall(r'class="tg-bar-label"[^>]*>([^<]+)<', bars.group())
    values = re.findall(r'class="tg-bar-value"[^>]*>([^<]+)<', bars.group())
    assert dict(zip(labels, values, strict=True)) == {
        "Formateur-tuteur": "5\u00a0h\u00a052",
        "Tuteur administratif": "10\u00a0min",
    }


@pytest.mark.parametrize("sheet", SHEETS)
def test_every_intervention_has_its_sheet(built_example: Paths, sheet: str) -> None:
    page = text_of(html(built_example, f"scenarios/module-1/{sheet}"))
    assert f"{sheet} — " in page
    for label in ("Type", "Initiative", "Rôle", "Phase", "Durée", "Quantification"):
        assert label in page


def test_sheet_itc03_shows_its_fields_and_its_body(built_example: Paths) -> None:
    page = html(built_example, "scenarios/module-1/ITC03")
    text = text_of(page)
    assert "ITC03 — Relancer les inactifs" in text
    assert "Conjoncturelle" in text and "Proactive" in text and "Formateur-tuteur" in text
    assert "Étude du module" in text and "10 min" in text
    assert "Aucun apprenant ne reste plus de 5 jours sans se connecter." in text
    assert "Modèle de message" in text and "Où en êtes-vous dans le module 1 ?" in text
    assert 'class="admonition tip"' in page
    # The body's headings are Markdown headings: they are in the page's table of contents.
    assert 'href="#modele-de-message"' in page and 'href="#deroulement"' in page


def test_norms_page_lists_the_seed_table(built_example: Paths) -> None:
    page = text_of(html(built_example, "normes"))
    for line in (
        "Message proactif à partir d’un modèle de message 3 à 5 min",
        "Message réactif 5 à 15 min",
        "Lecture d’un travail avec prise de notes 1,5 à 5 min",
        "Rédaction de commentaires à un travail 15 à 30 min",
    ):
        assert line in page


def test_hand_written_page_is_carried_as_it_is(built_example: Paths) -> None:
    page = text_of(html(built_example, "introduction"))
    assert "Présentation du manuel" in page and "Comment lire ce manuel" in page


def test_site_is_french_with_french_search(built_example: Paths) -> None:
    assert '<html lang="fr"' in html(built_example, ".")
    index = json.loads((built_example.site / "search/search_index.json").read_text())
    assert index["config"]["lang"] == ["fr"]
    assert any("Relancer les inactifs" in doc["title"] for doc in index["docs"])


def test_every_internal_link_resolves(built_example: Paths) -> None:
    site = built_example.site
    broken = []
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]  # 404 links from the root
    # home, intro, norms, 1 overview, 9 sheets, 4 system, 8 audit (plan, grid, traces, plan
    # and actual, findings, 2 guides, 1 results), 2 charter, 3 roles, 4 training, 3 community,
    # follow-up, economics, print, catalogue, attributions (of the reused interventions)
    assert len(pages) == 50
    for page in pages:
        for href in re.findall(r'(?:href|src)="([^"#?]+)[^"]*"', page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", href) or href.startswith("/"):
                continue
            target = (page.parent / href).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
    assert not broken, broken


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_yaml_text_is_escaped_where_it_lands(make_project: Callable[..., Paths]) -> None:
    title = "Titre | *gras* </title><script>alert(1)</script> [lien](javascript:x) :smile:"
    paths = make_project(
        {
            "content/project.yaml": f'title: "{title}"\n',
            "content/scenarios/m1.yaml": f"""
        title: "{title}"
        course_minutes: 240
        learners: 10
        interventions:
          - {{id: I1, title: "{title}", kind: structural, mode: proactive, role: tuteur,
              minutes: 5, tool: "a | b"}}
        """,
        }
    )
    generate(paths)
    engine.build_site(paths.config, paths.site)
    assert live_in(paths.site) == {}
    for page in paths.site.rglob("*.html"):
        assert "<em>gras</em>" not in page.read_text(encoding="utf-8")
    sheet = html(paths, "scenarios/m1/I1")
    assert "Titre | *gras* &lt;script&gt;" in sheet or "Titre &#124; &#42;gras&#42;" in sheet
    row = re.search(r"<td>[^<]*Outil de communication</td>\s*<td>([^<]*)</td>", sheet)
    assert row and text_of(row.group(1)) == "a | b"


BODY = """\
Texte.

<img src="x" onerror="alert(1)">
<script>alert(2)</script>

[piège](javascript:alert(3))
"""


@pytest.mark.parametrize(("trusted", "kept"), [(False, False), (True, True)])
def test_raw_html_in_a_body_is_sanitised_unless_the_project_opts_in(
    make_project: Callable[..., Paths], trusted: bool, kept: bool
) -> None:
    paths = make_project(
        {
            "content/scenarios/m1/I1.md": BODY,
            "content/project.yaml": f"title: T\nraw_html: {'true' if trusted else 'false'}\n",
        }
    )
    generate(paths)
    engine.build_site(paths.config, paths.site)
    sheet = html(paths, "scenarios/m1/I1")
    assert "Texte." in sheet
    assert ("onerror" in sheet) is kept
    assert ("<script>alert(2)" in sheet) is kept
    running = live_in(paths.site).get("scenarios/m1/I1/index.html", [])
    assert running == (
        ["<img onerror=...>", "<script>alert(2)", "<a href='javascript:alert(3)'>"] if kept else []
    )


def test_failed_generation_leaves_docs_and_site_untouched(
    make_project: Callable[..., Paths], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = make_project()
    monkeypatch.chdir(paths.root)
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    site_before, docs_before = tree_digest(paths.site), tree_digest(paths.out)
    scenario = paths.content / "scenarios/m1.yaml"
    scenario.write_text(scenario.read_text().replace("learners: 10", "learners: -3"))
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "learners: expected a whole number from 1 to 1 000 000, found -3" in result.output
    assert tree_digest(paths.site) == site_before
    assert tree_digest(paths.out) == docs_before


def test_failed_mkdocs_build_leaves_site_untouched(make_project: Callable[..., Paths]) -> None:
    paths = make_project()
    generate(paths)
    engine.build_site(paths.config, paths.site)
    before = tree_digest(paths.site)
    paths.config.write_text(paths.config.read_text().replace("name: material", "name: nosuch"))
    with pytest.raises(EngineError):
        engine.build_site(paths.config, paths.site)
    assert tree_digest(paths.site) == before
    assert not list(paths.root.glob(".site.*"))


def test_builds_are_byte_identical_with_source_date_epoch(
    make_project: Callable[..., Paths], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    paths = make_project()
    generate(paths)
    engine.build_site(paths.config, paths.site)
    first = tree_digest(paths.site)
    (paths.out / "docs/index.md").unlink()  # force a real regeneration, not a no-op
    generate(paths)
    engine.build_site(paths.config, paths.site)
    assert tree_digest(paths.site) == first


@pytest.mark.parametrize("value", ["", "   ", "\t", " 1767225600 "])
def test_a_blank_source_date_epoch_is_unset_for_mkdocs_too(
    make_project: Callable[..., Paths], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """MkDocs reads SOURCE_DATE_EPOCH with int() itself: blank, it used to end in a traceback
    though the tool treats it as unset; with spaces around a number, it dates the build."""
    paths = make_project()
    monkeypatch.chdir(paths.root)
    result = CliRunner().invoke(main, ["build"], env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 0, (result.output, result.exception)
    stamp = (paths.site / "sitemap.xml.gz").read_bytes()[4:8]  # gzip's MTIME: MkDocs' date
    assert (int.from_bytes(stamp, "little") == 1767225600) is bool(value.strip())


def test_content_error_is_raised_before_anything_is_written(
    make_project: Callable[..., Paths],
) -> None:
    paths = make_project({"content/roles.yaml": "roles: []\n"})
    with pytest.raises(ContentError):
        generate(paths)
    assert not paths.out.exists() and not paths.site.exists()


def test_scenarios_in_a_folder_are_grouped_and_norms_quantify(
    make_project: Callable[..., Paths],
) -> None:
    paths = make_project(
        {
            "content/norms.yaml": """
            norms:
              - {id: proactive-message, title: Message type, minutes: [2, 4], unit: message}
              - {id: appel, title: Appel, minutes: [10, 20], unit: appel}
            """,
            "content/scenarios/licence/m2.yaml": """
            title: Module 2
            course_minutes: 600
            learners: 20
            groups: 4
            interventions:
              - {id: M2A, title: Relancer, kind: conjunctural, mode: proactive, role: tuteur,
                 norm: proactive-message, count: 2, per: learner, share: 0.25}
              - {id: M2B, title: Réguler, kind: conjunctural, mode: reactive, role: tuteur,
                 norm: appel, per: group}
            """,
        }
    )
    generated = generate(paths)
    f = generated.figures.scenarios["m2"]
    assert f.interventions["M2A"].total == Range(20, 40)  # [2, 4] (overridden) x 2 x 20 x 0.25
    assert f.interventions["M2B"].total == Range(40, 80)  # [10, 20] x 4 groups
    engine.build_site(paths.config, paths.site)
    sheet = text_of(html(paths, "scenarios/m2/M2A"))
    assert "2 à 4 min / message (norme proactive-message" in sheet
    assert "× 2 × 20 apprenants × 0,25 = 20 à 40 min" in sheet
    overview = text_of(html(paths, "scenarios/m2"))
    assert "Temps du tutorat = 0 min (structurelles) + 60 à 120 min (conjoncturelles)" in overview
    nav = json.loads((paths.out / "generated.yml").read_text().split("\n", 1)[1])
    groups = nav["nav"][1]["Scénarios"]
    assert [next(iter(g)) for g in groups][:2] == ["licence", "M1"]  # in the order of the files
    assert groups[-1] == {"Échelle du taux tutoral": "taux.md"}  # every scenario's rate
    assert next(iter(groups[0]["licence"][0])) == "Module 2"


def test_project_pages_under_a_sub_path(example: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    """GitHub and GitLab project pages live at https://org.github.io/<repo>/: the CI gives the
    address through the environment, and 404.html and sitemap.xml follow it."""
    monkeypatch.chdir(example.root)
    monkeypatch.setenv("TUTORAL_SITE_URL", "https://org.github.io/manuel/")
    assert CliRunner().invoke(main, ["build", "--quiet"]).exit_code == 0
    missing = (example.site / "404.html").read_text(encoding="utf-8")
    assert 'href="/manuel/assets/stylesheets/' in missing
    assert 'src="/manuel/assets/javascripts/' in missing
    sitemap = (example.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://org.github.io/manuel/scenarios/module-1/</loc>" in sitemap
    monkeypatch.delenv("TUTORAL_SITE_URL")
    monkeypatch.setenv("CI_PAGES_URL", "https://group.gitlab.io/manuel")  # GitLab's variable
    assert CliRunner().invoke(main, ["build", "--quiet"]).exit_code == 0
    assert "/manuel/assets/" in (example.site / "404.html").read_text(encoding="utf-8")
