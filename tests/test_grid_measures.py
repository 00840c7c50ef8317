"""The grid's measures, each on a case worked by hand, so that a change of a formula fails here
and not only in the golden files (which one `make golden` would accept).

The case: a scenario with four planned activities, A (10 min planned, 8 logged), B (never
logged), C (20 planned, 30 logged) and D (never logged); its target rate is 0.06 and the log
gives an actual rate of 0.09. The traces saw 10 requests, 9 answered within the promise, and
3 of 12 learners inactive.

- done-share = activities carried out / planned = 2 / 4 = 0.5
- time-deviation = median over those done of |actual / planned - 1| = median(0.2, 0.5) = 0.35
  (a shorter one counts as much as a longer one: without the absolute value it would be 0.15)
- actual-rate-ratio = actual rate / target rate = 0.09 / 0.06 = 1.5
- answered-within = answered within the promise / requests = 9 / 10 = 0.9
- inactive-share = inactive learners / learners seen = 3 / 12 = 0.25

Levels: increasing thresholds count those the figure reaches; decreasing ones those it stays
within (``[1.5, 1.2, 1.0]``: 1.5 stays within the first only, level 2).
"""

from __future__ import annotations

import pytest

from tutoral_gen.domain.audit import Criterion
from tutoral_gen.domain.grid import Sources, score
from tutoral_gen.domain.plan_actual import Comparison, ScenarioAudit
from tutoral_gen.domain.quantity import Range
from tutoral_gen.domain.trace_figures import ALL, Inactive, Responses, TracedFigures

from .test_figures import scenario

SCENARIO = scenario(target_rate=0.06)


def _audit() -> ScenarioAudit:
    activities = {
        "A": Comparison.of(Range(10, 10), [8]),
        "B": Comparison.of(Range(5, 5), []),
        "C": Comparison.of(Range(20, 20), [12, 18]),
        "D": Comparison.of(Range(8, 8), []),
    }
    tutoring = Comparison.of(Range(43, 43), [8, 12, 18])
    return ScenarioAudit(tutoring, 0.09, {}, activities, (), 0.0)


def _traces() -> TracedFigures:
    every = Responses(
        posts=10, answered_within=9, unanswered=1, median_hours=4.0, p90_hours=30.0,
        promise_hours=48.0,
    )  # fmt: skip
    return TracedFigures(
        tutor_minutes={}, tutoring_minutes=0.0, actual_rate=0.0, learners_seen=12,
        responses={ALL: every}, inactive=Inactive(learners=3, episodes=4), sessions={},
        accounts={}, weeks=(), forums=(), sources=(), first="", last="", events=500,
        duplicates=0, unknown=0, course=None, other_courses=0, site_events=0,
        platform_events=0, stale=False,
    )  # fmt: skip


SOURCES = Sources([SCENARIO], {}, {"s": _audit()}, {"s": _traces()}, [], {})


@pytest.mark.parametrize(
    ("measure", "levels", "figure", "level", "source", "count"),
    [
        ("done-share", (0.5, 0.8, 0.95), 0.5, 2, "log", 3),
        ("time-deviation", (0.5, 0.25, 0.1), 0.35, 2, "log", 3),
        ("actual-rate-ratio", (1.5, 1.2, 1.0), 1.5, 2, "log", 3),
        ("answered-within", (0.5, 0.8, 0.95), 0.9, 3, "traces", 500),
        ("inactive-share", (0.5, 0.3, 0.1), 0.25, 3, "traces", 500),
    ],
)
def test_each_measure_gives_the_figure_worked_by_hand(
    measure: str, levels: tuple[float, ...], figure: float, level: int, source: str, count: int
) -> None:
    criterion = Criterion(id="C", title="C", measure=measure, levels=levels)
    scored = score(criterion, SCENARIO, SOURCES)
    assert scored is not None
    assert scored.figure == pytest.approx(figure)
    assert (scored.level, scored.source, scored.count) == (level, source, count)


def test_without_a_log_or_traces_a_measure_has_no_figure() -> None:
    empty = Sources([SCENARIO], {}, {}, {}, [], {})
    for measure in ("done-share", "time-deviation", "actual-rate-ratio", "answered-within"):
        criterion = Criterion(id="C", title="C", measure=measure, levels=(0.5, 0.8))
        assert score(criterion, SCENARIO, empty) is None
