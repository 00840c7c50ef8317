"""The figures: the seed's worked example, hand-computed cases, and properties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutoral_gen.domain.figures import compute
from tutoral_gen.domain.quantity import Range
from tutoral_gen.domain.scenario import (
    Intervention,
    Kind,
    Mode,
    Norm,
    Per,
    Scenario,
    VirtualClass,
)
from tutoral_gen.domain.workload import quantify, scenario_figures
from tutoral_gen.i18n import Numbers
from tutoral_gen.pipeline import Paths, check

from .conftest import REPO


def test_the_seed_example_gives_the_seed_figures() -> None:
    project, _, _ = check(Paths.of(REPO))
    f = compute(project).scenarios["module-1"]
    assert f.tutoring == Range(160, 160)
    assert f.rate.min == pytest.approx(160 / (240 * 10))
    assert f.class_total == Range(202.5, 202.5)
    assert f.roles == {
        "formateur-tuteur": Range(352.5, 352.5),
        "tuteur-administratif": Range(10, 10),
    }
    assert f.role_interventions["formateur-tuteur"] == Range(150, 150)
    assert f.by_kind == {Kind.STRUCTURAL: Range(40, 40), Kind.CONJUNCTURAL: Range(120, 120)}


NORMS = {
    "msg": Norm(id="msg", title="Message", minutes=Range(3, 5), unit="message"),
    "page": Norm(id="page", title="Lecture", minutes=Range(1.5, 5), unit="page"),
}


def scenario(*items: Intervention, classes: tuple[VirtualClass, ...] = (), **kw: Any) -> Scenario:
    fields: dict[str, Any] = {"course_minutes": 240, "learners": 10, **kw}
    return Scenario(
        id="s", source="s.yaml", title="S", interventions=items, virtual_classes=classes, **fields
    )


def item(id_: str = "I", role: str = "r", **kw: Any) -> Intervention:
    fields: dict[str, Any] = {"kind": Kind.STRUCTURAL, "mode": Mode.PROACTIVE, **kw}
    return Intervention(id=id_, title=id_, role=role, **fields)


@pytest.mark.parametrize(
    ("intervention", "extra", "expected"),
    [
        # unit x count x basis, computed by hand
        (item(minutes=Range.of(5)), {}, Range(5, 5)),
        (item(minutes=Range.of(5), count=3), {}, Range(15, 15)),
        (item(norm="msg", count=2), {}, Range(6, 10)),
        (item(norm="msg", per=Per.LEARNER), {}, Range(30, 50)),
        (item(norm="msg", per=Per.LEARNER, share=0.3), {}, Range(9, 15)),
        (item(norm="page", count=4, per=Per.LEARNER), {}, Range(60, 200)),
        (item(minutes=Range(30, 45), per=Per.GROUP), {"groups": 3}, Range(90, 135)),
    ],
)
def test_duration_is_unit_times_count_times_basis(
    intervention: Intervention, extra: dict[str, Any], expected: Range
) -> None:
    total = quantify(intervention, scenario(intervention, **extra), NORMS).total
    assert total.min == pytest.approx(expected.min) and total.max == pytest.approx(expected.max)


def test_budget_gap_and_class_time() -> None:
    cv = VirtualClass(id="CV", minutes=60, factor=Range(1.5, 2), role="r")
    s = scenario(item(minutes=Range.of(100)), classes=(cv,), target_rate=0.05)
    f = scenario_figures(s, NORMS)
    assert f.budget is not None and f.budget.min == pytest.approx(120)
    assert f.gap is not None and f.gap.min == pytest.approx(-20)
    assert f.class_total == Range(90, 120)
    assert f.roles["r"] == Range(190, 220)


@pytest.mark.parametrize(
    ("language", "minutes", "hours", "rate"),
    [
        ("fr", 352.5, "5\u00a0h\u00a052", 0.0666666),
        ("en", 352.5, "5\u00a0h\u00a052\u00a0min", 0.0666666),
    ],
)
def test_numbers_are_written_per_language(
    language: str, minutes: float, hours: str, rate: float
) -> None:
    n = Numbers(language)
    assert n.hours_of(minutes) == hours
    assert n.rate_of(rate) == ("0,066" if language == "fr" else "0.066")
    written = "1,5 à 5\u00a0min" if language == "fr" else "1.5 to 5\u00a0min"
    assert n.minutes(Range(1.5, 5)) == written
    assert n.number(1234.5) == ("1\u202f234,5" if language == "fr" else "1,234.5")


# --- properties -----------------------------------------------------------------------------

spans = st.builds(
    lambda a, b: Range(min(a, b), max(a, b)), st.floats(0.5, 500), st.floats(0.5, 500)
)
interventions = st.builds(
    lambda n, unit, count, per, share, role: item(
        f"I{n}",
        role=role,
        minutes=unit,
        count=count,
        per=per,
        share=share if per is Per.LEARNER else 1.0,
    ),
    st.integers(0, 10_000),
    spans,
    st.floats(0.5, 20),
    st.sampled_from(list(Per)),
    st.floats(0.05, 1),
    st.sampled_from(["a", "b"]),
)
scenarios = st.builds(
    lambda items, course, learners, groups: scenario(
        *{i.id: i for i in items}.values(), course_minutes=course, learners=learners, groups=groups
    ),
    st.lists(interventions, min_size=1, max_size=12),
    st.floats(1, 10_000),
    st.integers(1, 500),
    st.integers(1, 20),
)


@given(scenarios)
def test_rate_times_course_times_learners_is_tutoring_time(s: Scenario) -> None:
    f = scenario_figures(s, NORMS)
    for rate, tutoring in ((f.rate.min, f.tutoring.min), (f.rate.max, f.tutoring.max)):
        assert rate * s.course_minutes * s.learners == pytest.approx(tutoring)


@given(scenarios)
def test_ranges_keep_min_at_most_max(s: Scenario) -> None:
    f = scenario_figures(s, NORMS)
    for value in (
        f.tutoring,
        f.rate,
        f.class_total,
        *f.roles.values(),
        *(q.total for q in f.interventions.values()),
    ):
        assert value.min <= value.max


@given(scenarios, interventions)
def test_adding_an_intervention_never_lowers_a_roles_time(s: Scenario, extra: Intervention) -> None:
    before = scenario_figures(s, NORMS).roles
    extra = item(
        "EXTRA",
        role=extra.role,
        minutes=extra.minutes,
        count=extra.count,
        per=extra.per,
        share=extra.share,
    )
    after = scenario_figures(
        scenario(
            *s.interventions,
            extra,
            course_minutes=s.course_minutes,
            learners=s.learners,
            groups=s.groups,
        ),
        NORMS,
    ).roles
    for role, time in before.items():
        assert after[role].min >= time.min and after[role].max >= time.max
    assert after[extra.role].max >= (before.get(extra.role) or Range(0, 0)).max


def test_json_report_has_the_documented_shape(tmp_path: Path) -> None:
    import json

    from tutoral_gen.commands.report import as_json

    project, _, _ = check(Paths.of(REPO))
    data = json.loads(as_json(project, compute(project)))
    s = data["scenarios"][0]
    assert s["id"] == "module-1" and s["course_minutes"] == 240 and s["learners"] == 10
    assert s["tutoring_minutes"] == {"min": 160, "max": 160}
    assert s["rate"]["min"] == pytest.approx(0.0666666, rel=1e-5)
    assert s["virtual_class_minutes"] == {"min": 202.5, "max": 202.5}
    assert s["budget_minutes"]["min"] == pytest.approx(168)
    assert s["roles"] == {
        "tuteur-administratif": {"min": 10, "max": 10},
        "formateur-tuteur": {"min": 352.5, "max": 352.5},
    }


def test_the_virtual_class_module_hand_computed() -> None:
    """Module 2 of the example: a tutor who works mostly in virtual classes, per sub-group."""
    project, _, _ = check(Paths.of(REPO))
    figures = compute(project)
    f = figures.scenarios["module-2"]
    # ITS11 10 + ITS12 15 x 2 groups + ITC11 10 x 16 x 0.5 + ITC12 5 x 16 x 0.25 + ITS13 30
    assert f.intervention_minutes == Range.of(10 + 30 + 80 + 20 + 30)
    # CVG: 75 min x 1.5 x (5 sessions x 2 groups)
    assert f.sessions["CVG"] == 10
    assert f.classes["CVG"] == Range.of(75 * 1.5 * 10) == Range.of(1125)
    assert f.tutor_minutes == Range.of(1295)
    # rate_basis: all, so the classes are in the tutoring time, the rate and the budget gap.
    assert f.rate_basis.value == "all"
    assert f.tutoring == Range.of(1295)
    assert f.rate == Range.of(1295 / (600 * 16))
    assert f.budget == Range.of(600 * 16 * 0.15) == Range.of(1440)
    assert f.gap == Range.of(-145)
    assert figures.economics["module-2"].total == Range.of(1295 * 48 / 60)  # 1 036 €
    # At 20 learners the groups of 8 become 3: the per-group class and ITS12 follow them.
    row = next(r for r in figures.scaling["module-2"] if r.learners == 20)
    assert row.groups == 3 and row.sessions == 15
    assert row.minutes == Range.of(10 + 15 * 3 + 10 * 20 * 0.5 + 5 * 20 * 0.25 + 30 + 75 * 1.5 * 15)
    # The trainer-tutor's whole time over both modules: module 1's 352.5 + module 2's 1 295.
    assert figures.roles["formateur-tuteur"].minutes == Range.of(352.5 + 1295)
    # Module 1 keeps the seed's figures exactly on the default basis.
    m1 = figures.scenarios["module-1"]
    assert m1.rate_basis.value == "interventions"
    assert (m1.tutoring, m1.class_total, m1.tutor_minutes) == (
        Range.of(160),
        Range.of(202.5),
        Range.of(362.5),
    )
