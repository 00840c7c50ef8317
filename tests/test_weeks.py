"""Weekly figures: calendar weeks for dated scenarios (keyed by their Monday), course weeks for
undated ones, and sums that equal each role's total (issue: week 2 of a March module was added
to week 2 of an April one)."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tutoral_gen.domain.economics import monday, role_weeks, weekly
from tutoral_gen.domain.figures import compute
from tutoral_gen.domain.quantity import Range, total
from tutoral_gen.domain.workload import scenario_figures
from tutoral_gen.pipeline import Paths, check

from .conftest import REPO
from .test_figures import item, scenario

D = datetime.date


def test_the_example_s_weeks_are_calendar_weeks_that_add_up_to_each_role() -> None:
    project, _, _ = check(Paths.of(REPO))
    figures = compute(project)
    for role, f in figures.roles.items():
        assert total(w.minutes for w in f.weekly.values()) == f.minutes or not f.weekly, role
    weeks = figures.roles["formateur-tuteur"].weekly
    # Module 1 starts Monday 2 March, module 2 Monday 6 April: no week holds both.
    assert list(weeks)[:3] == ["2026-03-02", "2026-03-09", "2026-03-16"]
    assert all(w.monday is not None and w.monday.weekday() == 0 for w in weeks.values())
    assert weeks["2026-03-09"].scenarios == ("module-1",)
    # Week of 9 March (days 8 to 14), by hand: ITC05 5 + ITC01 15 + ITC04 7 min x 10 learners
    # + CV1 135 min x 1.5 = 292.5 min; module 2's first week (6 April) is its own.
    assert weeks["2026-03-09"].minutes == Range(292.5, 292.5)
    assert weeks["2026-04-06"].scenarios == ("module-2",)
    assert max(w.minutes.max for w in weeks.values()) <= 345  # 5 h 45, the busiest week


def _dated(start: D | None, *days: int, **kw: Any) -> Any:
    items = [item(f"I{n}", minutes=Range(10 * (n + 1), 10 * (n + 1)), day=d) for n, d in
             enumerate(days)]  # fmt: skip
    return scenario(*items, start=start, **kw)


def test_a_week_is_the_calendar_week_of_its_days_from_any_start_day() -> None:
    # Starting on Wednesday 4 March: days 1-5 (Wed-Sun) and day 6 (Monday 9) are two weeks.
    s = _dated(D(2026, 3, 4), 1, 5, 6)
    weeks = weekly(s, scenario_figures(s, {}))
    assert list(weeks["r"]) == [D(2026, 3, 2), D(2026, 3, 9)]  # type: ignore[index]
    assert weeks["r"][D(2026, 3, 2)].minutes == Range(30, 30)  # type: ignore[index]
    assert weeks["r"][D(2026, 3, 9)].minutes == Range(30, 30)  # type: ignore[index]


def test_overlapping_dated_scenarios_share_a_week_undated_ones_never_do() -> None:
    march = _dated(D(2026, 3, 2), 1, 8)
    also = _dated(D(2026, 3, 9), 1)
    undated_a, undated_b = _dated(None, 8), _dated(None, 9)
    by_scenario = [
        (name, weekly(s, scenario_figures(s, {})) or {})
        for name, s in (("a", march), ("b", also), ("u", undated_a), ("v", undated_b))
    ]
    weeks = role_weeks("r", by_scenario)
    assert list(weeks) == ["2026-03-02", "2026-03-09", "u:2", "v:2"]
    assert weeks["2026-03-09"].scenarios == ("a", "b")
    assert weeks["2026-03-09"].minutes == Range(30, 30)  # 20 from a's day 8, 10 from b's day 1
    assert weeks["u:2"].scenarios == ("u",) and weeks["u:2"].number == 2
    assert weeks["u:2"].minutes == Range(10, 10) and weeks["v:2"].minutes == Range(10, 10)


@given(
    start=st.dates(D(2020, 1, 1), D(2030, 12, 31)),
    days=st.lists(st.integers(1, 120), min_size=1, max_size=12),
)
def test_weeks_hold_every_minute_once_in_monday_keyed_weeks(start: D, days: list[int]) -> None:
    s = _dated(start, *days)
    f = scenario_figures(s, {})
    weeks = role_weeks("r", [("s", weekly(s, f) or {})])
    assert total(w.minutes for w in weeks.values()) == f.roles["r"]
    for key, week in weeks.items():
        assert week.monday is not None and key == week.monday.isoformat()
        assert monday(week.monday) == week.monday
    assert list(weeks) == sorted(weeks)
