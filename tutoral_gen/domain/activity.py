"""What a platform's events say about people's activity: pure functions on sorted times.

- Working sessions (block_dedication's method): a person's events in time order, a gap of more
  than the limit starting a new session; a session lasts from its first event to its last.
- Inactivity episodes: gaps of at least a limit between a learner's consecutive events, counted
  from the log's first event up to its last.
- Response delays: from each request to the first later answer in the same discussion.

Times are whole seconds since 1970 (UTC), already sorted, so that nothing here depends on a
time zone or a reader.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Mapping, Sequence


def sessions(times: Sequence[int], gap: int) -> list[tuple[int, int]]:
    """The sessions of one person's events ``times`` (sorted): (first, last) of each.

    A gap of more than ``gap`` seconds starts a new session; a gap of exactly ``gap`` does not.
    """
    out: list[tuple[int, int]] = []
    if not times:
        return out
    first = last = times[0]
    for time in times[1:]:
        if time - last > gap:
            out.append((first, last))
            first = time
        last = time
    out.append((first, last))
    return out


def episodes(times: Sequence[int], start: int, end: int, gap: int) -> int:
    """Inactivity episodes of one learner whose events are ``times`` (sorted) in a log running
    from ``start`` to ``end``: gaps of at least ``gap`` seconds between consecutive events,
    the log's first event and last one counting as bounds. A learner who never acts has one
    episode spanning the log."""
    if not times:
        return 1
    count = 1 if times[0] - start >= gap else 0
    count += sum(1 for a, b in itertools.pairwise(times) if b - a >= gap)
    return count + (1 if end - times[-1] >= gap else 0)


def idle(times: Sequence[int], end: int) -> int | None:
    """Seconds from a learner's last event to the log's end; None when they never acted."""
    return end - times[-1] if times else None


def answer_delays(
    requests: Sequence[tuple[int, str]], answers: Mapping[str, Sequence[int]]
) -> tuple[list[int], list[int]]:
    """Each request (time, discussion) answered by the first answer of its discussion at the
    same time or later (``answers``: per discussion, the sorted times of tutors' posts).

    Returns the delays in seconds of the answered requests, sorted, and the positions of the
    unanswered ones in ``requests``."""
    delays, unanswered = [], []
    for n, (time, thread) in enumerate(requests):
        times = answers.get(thread, ())
        at = bisect.bisect_left(times, time)
        if at < len(times):
            delays.append(times[at] - time)
        else:
            unanswered.append(n)
    delays.sort()
    return delays, unanswered


def median(values: Sequence[float]) -> float | None:
    """The median of sorted ``values`` (the mean of the two middle ones for an even count)."""
    n = len(values)
    if not n:
        return None
    middle = n // 2
    return float(values[middle]) if n % 2 else (values[middle - 1] + values[middle]) / 2


def nearest_rank(values: Sequence[float], share: float) -> float | None:
    """The ``share`` percentile of sorted ``values`` by the nearest-rank method: the
    ceil(share x n)-th smallest (the 90th percentile of 10 values is the 9th)."""
    if not values:
        return None
    rank = max(1, math.ceil(round(share * len(values), 9)))
    return float(values[rank - 1])
