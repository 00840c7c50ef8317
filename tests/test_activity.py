"""The traces' definitions as pure functions: sessions, inactivity episodes, answer delays and
their statistics, checked on cases worked by hand and on properties that hold for any times."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutoral_gen.domain import activity

MIN = 60
HOUR = 3600
DAY = 86_400

times_lists = st.lists(st.integers(0, 10**7), max_size=60).map(sorted)


@pytest.mark.parametrize(
    ("times", "gap", "expected"),
    [
        ([], 30 * MIN, []),
        ([100], 30 * MIN, [(100, 100)]),  # one event: a session of no length
        ([0, 30 * MIN], 30 * MIN, [(0, 30 * MIN)]),  # a gap of exactly the limit: same session
        ([0, 30 * MIN + 1], 30 * MIN, [(0, 0), (30 * MIN + 1, 30 * MIN + 1)]),  # one more second
        (
            [0, 10 * MIN, 20 * MIN, 90 * MIN, 95 * MIN],
            30 * MIN,
            [(0, 20 * MIN), (90 * MIN, 95 * MIN)],
        ),
    ],
)
def test_sessions_split_on_gaps_longer_than_the_limit(times, gap, expected) -> None:
    assert activity.sessions(times, gap) == expected


@given(times_lists, st.integers(1, 10**6))
def test_sessions_cover_every_event_and_never_overlap(times, gap) -> None:
    found = activity.sessions(times, gap)
    assert sum(1 for t in times if any(a <= t <= b for a, b in found)) == len(times)
    for (_, end), (start, _) in itertools.pairwise(found):
        assert start - end > gap  # sessions are apart by more than the limit
    total = sum(b - a for a, b in found)
    assert total <= (times[-1] - times[0] if times else 0)


@pytest.mark.parametrize(
    ("times", "start", "end", "expected"),
    [
        ([], 0, 30 * DAY, 1),  # never acted: one episode spanning the log
        ([], 0, DAY, 1),  # even in a short log
        ([0, 30 * DAY], 0, 30 * DAY, 1),  # one gap of 30 days
        ([0, 7 * DAY], 0, 7 * DAY, 1),  # exactly the limit counts
        ([0, 7 * DAY - 1], 0, 7 * DAY - 1, 0),
        ([8 * DAY], 0, 8 * DAY, 1),  # from the log's first event to the learner's first
        ([0], 0, 7 * DAY, 1),  # from the learner's last event to the log's last
        ([0, 8 * DAY, 9 * DAY, 20 * DAY], 0, 20 * DAY, 2),
    ],
)
def test_episodes_are_gaps_of_at_least_the_limit_within_the_log(
    times, start, end, expected
) -> None:
    assert activity.episodes(times, start, end, 7 * DAY) == expected


@given(times_lists, st.integers(1, 10**6))
def test_more_events_never_make_more_episodes_than_gaps(times, gap) -> None:
    if not times:
        return
    start, end = times[0], times[-1]
    assert 0 <= activity.episodes(times, start, end, gap) <= len(times) - 1 + 2


def test_a_request_is_answered_by_the_first_answer_in_its_discussion_at_or_after_it() -> None:
    requests = [(100, "a"), (200, "a"), (300, "b"), (50, "c")]
    answers = {"a": [150, 400], "b": [10]}  # b's only answer came before the request
    delays, unanswered = activity.answer_delays(requests, answers)
    assert delays == [50, 200]  # 150 - 100, 400 - 200, sorted
    assert unanswered == [2, 3]


@given(
    st.lists(st.tuples(st.integers(0, 1000), st.sampled_from("abc")), max_size=30),
    st.dictionaries(st.sampled_from("abc"), st.lists(st.integers(0, 1000)).map(sorted)),
)
def test_every_request_is_answered_or_unanswered_and_delays_are_never_negative(
    requests, answers
) -> None:
    delays, unanswered = activity.answer_delays(requests, answers)
    assert len(delays) + len(unanswered) == len(requests)
    assert delays == sorted(delays)
    assert all(d >= 0 for d in delays)


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [
        ([], None, None),
        ([5], 5, 5),
        ([1, 3], 2, 3),
        ([1, 2, 3], 2, 3),
        (list(range(1, 11)), 5.5, 9),  # ceil(0.9 x 10) = 9th smallest
        (list(range(1, 21)), 10.5, 18),  # ceil(0.9 x 20) = 18th
        (list(range(1, 12)), 6, 10),  # ceil(9.9) = 10th
    ],
)
def test_median_and_nearest_rank_percentile(values, median, p90) -> None:
    assert activity.median(values) == median
    assert activity.nearest_rank(values, 0.9) == p90


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=200).map(sorted))
def test_nearest_rank_is_the_ceil_rank_value(values) -> None:
    rank = math.ceil(0.9 * len(values) - 1e-9)
    assert activity.nearest_rank(values, 0.9) == values[rank - 1]
    assert values[0] <= activity.median(values) <= values[-1]
