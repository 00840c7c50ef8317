"""Figures of the tutoring system and the audit: area, deformation, criticality, plan vs actual."""

from __future__ import annotations

import datetime
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutoral_gen.domain.audit import Entry
from tutoral_gen.domain.constraints import area, deformation, radar
from tutoral_gen.domain.needs import need_figures
from tutoral_gen.domain.plan_actual import compare
from tutoral_gen.domain.quantity import Range
from tutoral_gen.domain.scenario import Intervention, Kind, Mode, Scenario, VirtualClass
from tutoral_gen.domain.system import Factor, Need, Priority, Score, System, View
from tutoral_gen.domain.workload import scenario_figures


def realistic(scores: tuple[int, ...], system: System) -> bool:
    return radar("x", scores, system).realistic


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((1, 2, 1, 2), 4.0),  # the example
        ((4, 4, 4, 4), 32.0),  # the example
        ((1, 1, 1, 1), 2.0),
        ((2, 2, 2), 0.5 * math.sin(2 * math.pi / 3) * 12),
        ((1, 2, 3, 4, 1), 0.5 * math.sin(2 * math.pi / 5) * (2 + 6 + 12 + 4 + 1)),
    ],
)
def test_area_of_the_radar_polygon(scores: tuple[int, ...], expected: float) -> None:
    assert area(scores) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((1, 1, 1, 1), 0.0),
        ((1, 2, 1, 2), 0.5),
        ((1, 1, 1, 4), math.sqrt(27 / 16)),
    ],
)
def test_deformation_is_the_population_standard_deviation(
    scores: tuple[int, ...], expected: float
) -> None:
    assert deformation(scores) == pytest.approx(expected)


@given(st.lists(st.integers(1, 4), min_size=3, max_size=8))
def test_a_regular_polygon_has_no_deformation_and_raising_a_score_grows_the_area(
    scores: list[int],
) -> None:
    assert deformation([scores[0]] * len(scores)) == 0
    if scores[0] < 4:
        raised = [scores[0] + 1, *scores[1:]]
        assert area(raised) > area(scores)


def system(**kw: object) -> System:
    fields: dict[str, object] = {
        "plan_priorities": {},
        "objective_priorities": {},
        "constraints": {},
        "factors": tuple(Factor(id=f"f{n}", title=f"F{n}") for n in range(4)),
        **kw,
    }
    return System(**fields)  # type: ignore[arg-type]


def test_realistic_means_small_area_and_regular_shape() -> None:
    assert realistic((1, 2, 1, 2), system())  # area 4 <= 8 (all at 2), deformation 0.5
    assert realistic((2, 2, 2, 2), system())
    assert not realistic((3, 3, 3, 3), system())  # area 18
    assert not realistic((1, 1, 1, 4), system())  # area 5 but deformation 1.3
    assert realistic((3, 3, 3, 3), system(max_area=20))


def test_need_retains_the_highest_view_and_measures_divergence() -> None:
    need = Need(
        id="B",
        title="B",
        scores={
            View.INSTITUTION: Score(gravity=2, occurrence=2),
            View.TUTORS: Score(gravity=3, occurrence=4),
            View.LEARNERS: Score(gravity=1, occurrence=3),
        },
    )
    f = need_figures(need)
    assert f.by_view == {View.INSTITUTION: 4, View.TUTORS: 12, View.LEARNERS: 3}
    assert (f.retained, f.divergence, f.level) == (12, 9, Priority.HIGH)
    low = Need(id="L", title="L", scores={View.TUTORS: Score(gravity=1, occurrence=3)})
    assert need_figures(low).level is Priority.LOW


def item(id_: str, minutes: float, role: str = "t") -> Intervention:
    return Intervention(
        id=id_,
        title=id_,
        kind=Kind.STRUCTURAL,
        mode=Mode.PROACTIVE,
        role=role,
        minutes=Range.of(minutes),
    )


def entry(line: int, activity: str | None, minutes: float, role: str = "t") -> Entry:
    return Entry(
        line=line,
        date=datetime.date(2026, 3, 2),
        scenario="s",
        role=role,
        activity=activity,
        learner=None,
        minutes=minutes,
    )


def test_plan_versus_actual_hand_computed() -> None:
    s = Scenario(
        id="s",
        source="s.yaml",
        title="S",
        course_minutes=100,
        learners=10,
        interventions=(item("A", 10), item("B", 20), item("C", 5, role="admin")),
        virtual_classes=(VirtualClass(id="CV", minutes=60, factor=Range.of(1.5), role="t"),),
    )
    f = scenario_figures(s, {})
    log = (
        entry(2, "A", 12),
        entry(3, "A", 3),
        entry(4, "B", 10),
        entry(5, "CV", 100),
        entry(6, None, 7, role="tech"),
    )
    a = compare(s, f, log)
    assert a.activities["A"].actual == 15 and a.activities["A"].verdict == "longer"
    assert a.activities["A"].ratio == pytest.approx(1.5)
    assert a.activities["B"].verdict == "shorter" and a.activities["C"].verdict == "missing"
    assert a.activities["CV"].actual == 100 and a.activities["CV"].verdict == "longer"
    assert a.tutoring.actual == 15 + 10 + 7  # classes are not tutoring time
    assert a.actual_rate == pytest.approx(32 / 1000)
    assert a.roles["t"].planned == Range(120, 120) and a.roles["t"].actual == 125
    assert a.roles["tech"].planned == Range(0, 0) and a.roles["tech"].actual == 7
    assert [e.line for e in a.unplanned] == [6]
