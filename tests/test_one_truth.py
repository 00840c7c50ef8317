"""One truth per figure: every page family shows the value ``report --json`` gives.

The JSON is the compute stage's object written out, unrounded; each page formats the same
object. Here a sample of figures per page family is read from the JSON, written the way the
handbook writes numbers, and looked for in the built HTML.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from typing import Any

import pytest

from tutoral_gen.domain.quantity import Range
from tutoral_gen.i18n import Numbers
from tutoral_gen.pipeline import Paths

from .conftest import html
from .test_lifecycle import read

N = Numbers("fr")


def rng(value: dict[str, float]) -> Range:
    return Range(value["min"], value["max"])


def money(value: dict[str, float]) -> str:
    return N.money(rng(value), "€")


Sample = Callable[[dict[str, Any]], str]
"""From the JSON report, the text a page must show."""

SAMPLES: list[tuple[str, str, Sample]] = [
    ("home: rate", "", lambda d: N.rate(rng(d["scenarios"][0]["rate"]))),
    ("home: gap", "", lambda d: N.signed_minutes(rng(d["scenarios"][0]["budget_gap_minutes"]))),
    (
        "scenario: tutoring",
        "scenarios/module-1/",
        lambda d: N.minutes(rng(d["scenarios"][0]["tutoring_minutes"])),
    ),
    (
        "scenario: classes",
        "scenarios/module-1/",
        lambda d: N.minutes(rng(d["scenarios"][0]["virtual_class_minutes"])),
    ),
    (
        "scenario: budget",
        "scenarios/module-1/",
        lambda d: N.minutes(rng(d["scenarios"][0]["budget_minutes"])),
    ),
    (
        "scenario: conjunctural",
        "scenarios/module-1/",
        lambda d: N.minutes(rng(d["scenarios"][0]["by_kind"]["conjunctural"])),
    ),
    (
        "scenario: role",
        "scenarios/module-1/",
        lambda d: N.minutes(rng(d["scenarios"][0]["roles"]["formateur-tuteur"])),
    ),
    (
        "sheet: duration",
        "scenarios/module-1/ITC04/",
        lambda d: N.minutes(rng(d["scenarios"][0]["interventions"]["ITC04"])),
    ),
    (
        "system roles: total",
        "systeme/",
        lambda d: N.minutes(rng(d["roles"]["formateur-tuteur"]["minutes"])),
    ),
    (
        "objectives: coverage",
        "systeme/objectifs/",
        lambda d: N.minutes(rng(d["objectives"]["motivational-motivation"]["minutes"])),
    ),
    (
        "needs: criticality",
        "systeme/besoins/",
        lambda d: f"= {max(n['retained'] for n in d['needs'].values())}",
    ),
    (
        "constraints: area",
        "systeme/contraintes/",
        lambda d: N.number(d["interventions"]["ITC04"]["constraints"]["area"], 2),
    ),
    (
        "constraints: deformation",
        "systeme/contraintes/",
        lambda d: N.number(d["interventions"]["ITC04"]["constraints"]["deformation"], 2),
    ),
    (
        "role page: week",
        "roles/formateur-tuteur/",
        lambda d: N.minutes(
            rng(next(iter(d["roles"]["formateur-tuteur"]["weekly"].values()))["minutes"])
        ),
    ),
    (
        "economics: total",
        "diffusion/economie/",
        lambda d: money(d["scenarios"][0]["economics"]["total"]),
    ),
    (
        "economics: per learner",
        "diffusion/economie/",
        lambda d: money(d["scenarios"][0]["economics"]["per_learner"]),
    ),
    (
        "economics: scaling time",
        "diffusion/economie/",
        lambda d: N.hours(rng(d["scenarios"][0]["scaling"][-1]["minutes"])),
    ),
    (
        "economics: scaling cost",
        "diffusion/economie/",
        lambda d: money(d["scenarios"][0]["scaling"][-1]["cost"]),
    ),
    (
        "audit: actual rate",
        "audit/ecarts/",
        lambda d: N.rate_of(d["scenarios"][0]["audit"]["actual_rate"]),
    ),
    (
        "audit: actual time",
        "audit/ecarts/",
        lambda d: N.minutes(d["scenarios"][0]["audit"]["tutoring"]["actual"]),
    ),
    ("training: total", "diffusion/formation/", lambda d: N.hours_of(d["training_minutes"])),
    (
        "traces: traced rate",
        "audit/traces/",
        lambda d: N.rate_of(d["scenarios"][0]["traces"]["actual_rate"]),
    ),
    (
        "traces: tutoring time",
        "audit/traces/",
        lambda d: N.minutes(d["scenarios"][0]["traces"]["tutoring_minutes"]),
    ),
    (
        "traces: median delay",
        "audit/traces/",
        lambda d: (
            N.number(d["scenarios"][0]["traces"]["responses"]["forum-qr"]["median_hours"], 1)
            + "\u00a0h".replace("\u00a0", " ")
        ),
    ),
    (
        "traces: role time",
        "audit/traces/",
        lambda d: N.minutes(d["scenarios"][0]["traces"]["tutor_minutes"]["formateur-tuteur"]),
    ),
    (
        "audit grid: traced rate",
        "audit/",
        lambda d: N.rate_of(d["scenarios"][0]["traces"]["actual_rate"]),
    ),
    ("rate scale: rate", "taux/", lambda d: N.rate(rng(d["scenarios"][1]["rate"]))),
    (
        "scenario: tutor time",
        "scenarios/module-2/",
        lambda d: N.minutes(rng(d["scenarios"][1]["tutor_minutes"])),
    ),
    (
        "role page: total",
        "roles/formateur-tuteur/",
        lambda d: N.minutes(rng(d["roles"]["formateur-tuteur"]["minutes"])),
    ),
]


@pytest.fixture(scope="module")
def report(built_example: Paths) -> dict[str, Any]:
    return read(built_example)


def visible(page: str) -> str:
    """The text of a page as a reader sees it (tags dropped, entities decoded, spaces folded)."""
    text = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html_lib.unescape(text).split())


@pytest.mark.parametrize(("page", "sample"), [c[1:] for c in SAMPLES], ids=[c[0] for c in SAMPLES])
def test_the_page_shows_the_json_value(
    built_example: Paths, report: dict[str, Any], page: str, sample: Sample
) -> None:
    expected = " ".join(sample(report).split())
    assert expected and expected in visible(html(built_example, page))
