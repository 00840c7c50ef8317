"""The tutoring system and audit pages of the example handbook, built by real MkDocs."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from tutoral_gen.cli import main
from tutoral_gen.pipeline import Paths, generate

from .conftest import html
from .test_site import text_of


def test_roles_and_functions(built_example: Paths) -> None:
    page = text_of(html(built_example, "systeme"))
    assert "Rôle Accueil et orientation Organisation Pédagogie" in page
    assert "Tuteur technique ✓" in page  # technical is its only function
    assert "Tuteur administratif ✓ ✓" in page
    assert "ITS01 Ouvrir administrativement la formation 5 min" in page
    assert "1 647,5 min (27 h 27)" in page  # module 1's 352.5 + module 2's 1 295


def test_objectives_heat_map_and_gaps(built_example: Paths) -> None:
    page = html(built_example, "systeme/objectifs")
    assert page.count('<td><span class="tg-heat tg-heat-') == 28
    cell = re.search(
        r'<td><span class="tg-heat tg-heat-3">Haute</span><br>Lutter contre'
        r" l’abandon<br>(.*?)</td>",
        page,
    )
    assert cell and text_of(cell.group(1)) == "ITC03 , ITC12 · 30 min"
    text = text_of(page)
    gaps = text.split("Objectifs investis qu’aucune intervention ne sert")[-1]
    assert "Proposer des activités signifiantes" in gaps
    assert "Réguler la dynamique de groupe" not in gaps  # module 2's ITS12 serves it
    assert "Lutter contre l’abandon" not in gaps
    assert "Interventions qui ne servent aucun objectif ITS04 — Clôturer" in text


def test_needs_three_views_and_rule(built_example: Paths) -> None:
    text = text_of(html(built_example, "systeme/besoins"))
    assert "la criticité retenue est la plus forte des trois" in text
    assert "B1 Garder la motivation" in text
    # the learners' gravity is measured by the questionnaire (q-motivation's median answer)
    assert "4 × 3 = 12 4 × 3 = 12 2 (mesuré, n = 9) × 2 = 4 8 12 Haute ITC03" in text
    assert "B7 Prendre du recul sur sa manière d’apprendre" in text and "Sans réponse" in text
    assert "Données convoquées" in text and "Données provoquées" in text
    assert "Analyser les données En cours Ingénieur pédagogique" in text
    divergent = text.split("Là où les représentations divergent le plus")[-1]
    # B1 (the learners' measured gravity) and B2 both diverge by 8, listed by id
    assert (
        "B1 Garder la motivation" in divergent
        and "divergence 8 (Institution 12, Apprenants 4)" in divergent
    )
    assert divergent.index("B1") < divergent.index("B2")


def test_constraints_ranking_and_radars(built_example: Paths) -> None:
    page = html(built_example, "systeme/contraintes")
    ranking = re.findall(
        r'<td style="text-align: right;">(\d+)</td>\s*<td><a href="[^"]*">(\w+)</a>', page
    )
    assert [name for _, name in ranking][-2:] == ["ITC02", "ITC04"]  # largest areas last
    assert page.count('<svg class="tg-radar"') == 9
    text = text_of(page)
    assert "ITC04 4 2 3 3 17,5 0,71 Non" in text
    assert "ITC03 2 1 2 1 4 0,5 Oui" in text


def test_sheet_shows_objectives_and_its_radar(built_example: Paths) -> None:
    page = html(built_example, "scenarios/module-1/ITC03")
    text = text_of(page)
    assert "Objectifs servis Lutter contre l’abandon" in text
    assert "Aire 4 · déformation 0,5 · réaliste : Oui" in text
    assert page.count('<svg class="tg-radar"') == 1


def test_audit_plan_and_printable_guides(built_example: Paths) -> None:
    text = text_of(html(built_example, "audit"))
    assert "Questions de l’audit" in text and "Grille d’analyse" in text
    assert "C1 — Réalisation du scénario" in text
    guide = html(built_example, "audit/guides/questionnaire-apprenants")
    assert guide.count('class="tg-answer"') == 3  # a number and two free texts
    assert guide.count("☐") == 23  # four scales of 4 levels, 4 channels, 3 profiles
    assert "Un nombre (0 – 40)" in text_of(guide)
    assert "1. Avez-vous reçu une réponse à vos questions" in text_of(guide)


def test_plan_versus_actual(built_example: Paths) -> None:
    text = text_of(html(built_example, "audit/ecarts"))
    log = (built_example.content / "audit/log.csv").read_text().splitlines()[1:]
    assert len(log) >= 60
    minutes: dict[str, float] = {}
    for row in log:
        cells = row.split(",")
        minutes[cells[3]] = minutes.get(cells[3], 0) + float(cells[5])
    actual = sum(v for k, v in minutes.items() if k != "CV1")
    assert f"Temps du tutorat 160 min {actual:g} min" in text
    assert (
        "ITC04 Accompagner de manière proactive et réactive durant la production du livrable"
        f" 70 min {minutes['ITC04']:g} min" in text
    )
    assert "Interventions jamais réalisées ITC05 — Rappeler la tenue de la CV (5 min)" in text
    assert f"Total {minutes['']:g} min" in text  # unplanned work
    assert '<svg class="tg-pairs"' in html(built_example, "audit/ecarts")


def test_findings_link_criteria_and_figures(built_example: Paths) -> None:
    page = html(built_example, "audit/constats")
    assert 'href="../#critere-C2"' in page
    text = text_of(page)
    assert "ITC04 — réalisé / prévu : " in text
    assert "module-1 — taux tutoral : 0,066" in text
    assert html(built_example, "audit").count('id="critere-C2"') == 1


def test_json_report_has_constraints_and_objectives(
    built_example: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(built_example.root)
    data = json.loads(CliRunner().invoke(main, ["report", "--json"]).output)
    assert data["interventions"]["ITC03"] == {
        "constraints": {"area": 4.0, "deformation": 0.5, "realistic": True}
    }
    assert data["interventions"]["ITC04"]["constraints"]["area"] == 17.5
    objective = data["objectives"]["motivational-motivation"]
    assert objective == {
        "priority": "high",
        "interventions": ["ITC03", "ITC12"],
        "minutes": {"min": 30.0, "max": 30.0},
        "gap": False,
    }
    assert len(data["objectives"]) == 28


def test_a_system_without_constraints_builds(example: Paths) -> None:
    """Priorities but no constraints section: no factors, so no radar and no ranking."""
    system = example.content / "system.yaml"
    text = system.read_text(encoding="utf-8")
    system.write_text(text[: text.index("\nconstraints:")] + "\n", encoding="utf-8")
    assert "constraints" not in system.read_text(encoding="utf-8")
    generated = generate(example)
    assert generated.figures.constraints == ()
    assert (example.out / "docs/systeme/contraintes.md").is_file()
