"""Rate basis, rate scale, deliverables: what a coordinator reads, and the mistakes refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from tutoral_gen.cli import main
from tutoral_gen.domain.project import Band
from tutoral_gen.domain.quantity import Range
from tutoral_gen.domain.ratescale import bands_of
from tutoral_gen.errors import ContentError
from tutoral_gen.pipeline import Paths, check, generate

BANDS = (Band(label="léger", max=0.05), Band(label="soutenu", max=0.12), Band(label="intensif"))


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (Range.of(0.01), ("léger",)),
        (Range.of(0.05), ("léger",)),  # a band's max is in the band
        (Range.of(0.0667), ("soutenu",)),
        (Range(0.04, 0.2), ("léger", "soutenu", "intensif")),
        (Range.of(3.0), ("intensif",)),
    ],
)
def test_bands_of_a_rate(rate: Range, expected: tuple[str, ...]) -> None:
    assert bands_of(rate, BANDS) == expected


def test_no_band_without_bands() -> None:
    assert bands_of(Range.of(0.1), ()) == ()
    assert bands_of(Range.of(0.1), BANDS[:1]) == ()  # above the only band's max


def add(example: Paths, rel: str, text: str) -> None:
    path = example.content / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def read(example: Paths) -> dict[str, Any]:
    """The JSON report of the project, as ``tutoral report --json`` prints it."""
    result = CliRunner().invoke(main, ["report", "--json", str(example.content)])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_json_gives_each_part_of_the_time_and_the_basis(example: Paths) -> None:
    scenarios = read(example)["scenarios"]
    assert isinstance(scenarios, list)
    m1, m2 = scenarios
    assert m1["rate_basis"] == "interventions" and m2["rate_basis"] == "all"
    assert m1["intervention_minutes"] == {"min": 160, "max": 160}
    assert m1["virtual_class_minutes"] == {"min": 202.5, "max": 202.5}
    assert m1["tutor_minutes"] == {"min": 362.5, "max": 362.5}
    assert m1["tutoring_minutes"] == {"min": 160, "max": 160}  # the seed's figure, kept
    assert m2["tutoring_minutes"] == m2["tutor_minutes"] == {"min": 1295, "max": 1295}
    assert m2["budget_gap_minutes"] == {"min": -145, "max": -145}


def test_the_project_basis_applies_where_a_scenario_sets_none(example: Paths) -> None:
    path = example.content / "project.yaml"
    text = path.read_text(encoding="utf-8").replace("rate_basis: interventions", "rate_basis: all")
    path.write_text(text, encoding="utf-8")
    m1 = read(example)["scenarios"][0]
    assert m1["tutoring_minutes"] == {"min": 362.5, "max": 362.5}
    assert m1["rate"]["max"] == pytest.approx(362.5 / 2400)
    assert m1["budget_gap_minutes"]["max"] == pytest.approx(362.5 - 168)  # 168 = 2400 x 0.07


def test_the_budget_box_says_what_it_leaves_out(example: Paths) -> None:
    generate(example)
    m1 = (example.out / "docs/scenarios/module-1/index.md").read_text(encoding="utf-8")
    assert "comptent les interventions, pas les classes virtuelles" in m1
    assert "Hors budget\u00a0: les classes virtuelles, 202,5\u00a0min" in m1
    assert "l’écart au budget serait de +194,5\u00a0min" in m1  # 362.5 - 168
    m2 = (example.out / "docs/scenarios/module-2/index.md").read_text(encoding="utf-8")
    assert "comptent les interventions et les classes virtuelles" in m2
    assert "Hors budget" not in m2
    assert "75\u00a0min × 1,5 × 10 séances = **1\u202f125\u00a0min**" in m2
    home = (example.out / "docs/index.md").read_text(encoding="utf-8")
    assert "les interventions et les classes virtuelles |" in home  # what module 2's rate counts


def test_the_rate_scale_places_each_scenario_in_a_band(example: Paths) -> None:
    add(
        example,
        "project.yaml",
        "rate_scale:\n  - {label: Léger, max: 0.05}\n  - {label: Soutenu, max: 0.1}\n"
        "  - {label: Intensif}\n",
    )
    generated = generate(example)
    assert generated.figures.rate_bands == {"module-1": ("Soutenu",), "module-2": ("Intensif",)}
    page = (example.out / "docs/taux.md").read_text(encoding="utf-8")
    assert "| 0,066 | les interventions | Soutenu |" in page
    assert "| 0,134 | les interventions et les classes virtuelles | Intensif |" in page
    assert page.count('class="tg-scale-band-label"') == 3
    assert page.count('class="tg-scale-row"') == 2


def test_a_past_due_date_warns_and_shows_late(
    example: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01
    path = example.content / "project.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "audit: {status: todo, owner: Coordination pédagogique}",
        "audit: {status: in-progress, owner: Coordination pédagogique, due: 2026-12-01}",
    )
    path.write_text(text, encoding="utf-8")
    _, problems, _ = check(example)
    late = [str(p) for p in problems if "due on" in p.message]
    assert len(late) == 1 and "warning: deliverables.audit: due on 2026-12-01" in late[0]
    assert "'in-progress' (today is 2027-01-01)" in late[0]
    generate(example)
    board = (example.out / "docs/livrables.md").read_text(encoding="utf-8")
    assert "| 1\u00a0décembre 2026 **en retard** |" in board
    # ITC11 and ITC12, reused from examples/reseau-tad, carry their source's objective and
    # indicators: module 2 lacks only ITS13's indicators.
    row = next(line for line in board.splitlines() if "(scenarios/module-2/index.md)" in line)
    assert "Fiches sans indicateur (1)\u00a0: ITS13" in row.replace("&#58;", ":")
    assert "Fiches sans objectif" not in row


@pytest.mark.parametrize(
    ("rel", "text", "message"),
    [
        (
            "project.yaml",
            "rate_scale:\n  - {label: A}\n  - {label: B, max: 0.1}\n",
            "rate_scale[0]: only the last band may leave out 'max'",
        ),
        (
            "project.yaml",
            "rate_scale:\n  - {label: A, max: 0.1}\n  - {label: B, max: 0.05}\n",
            "rate_scale[1].max: expected a max above the previous band's (0.1)",
        ),
        (
            "project.yaml",
            "deliverables:\n  scenarios:\n    module-3: {status: todo}\n",
            "unknown scenario 'module-3'; did you mean 'module-2'?",
        ),
        (
            "scenarios/module-2.yaml",
            "  - {id: CVX, minutes: 60, role: formateur-tuteur, per: learner}\n",
            "virtual_classes[1].per: a virtual class is held per session or per group",
        ),
    ],
)
def test_mistakes_in_the_new_settings(example: Paths, rel: str, text: str, message: str) -> None:
    if rel == "project.yaml" and text.startswith("deliverables"):
        path = example.content / rel
        kept = path.read_text(encoding="utf-8").split("\ndeliverables:")[0]
        path.write_text(kept + "\n" + text, encoding="utf-8")
    else:
        add(example, rel, text)
    with pytest.raises(ContentError) as caught:
        check(example)
    assert any(message in str(p) for p in caught.value.problems), caught.value.problems
