"""The analysis grid that scores itself (compute stage): per criterion that names its figure and
the thresholds of its levels, per scenario, the level reached and where the figure came from.

Thresholds decreasing (``[1.5, 1.2, 1.0]``): a figure above the first is the lowest level, above
the second the next, and so on, at most the last the highest (a rate that overruns). Increasing
(``[0.5, 0.8, 0.95]``): below the first is the lowest level (a share of work done). A single
threshold reads as increasing. A criterion without a figure stays a judgement the findings write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import activity
from .audit import Criterion, Guide
from .plan_actual import ScenarioAudit
from .scenario import Scenario
from .survey_figures import GuideFigures
from .trace_figures import ALL, TracedFigures
from .workload import ScenarioFigures


@dataclass(frozen=True, slots=True)
class Scored:
    """A criterion's level for one scenario."""

    level: int
    """1 for the scale's first (lowest) level."""
    figure: float
    """The figure judged."""
    source: str
    """``log`` (the tutors' hand log), ``traces`` (the platform's) or ``questionnaire``."""
    basis: str
    """What it rests on: the guide id for a questionnaire, else the scenario id."""
    count: int
    """How much data: log rows, traced events, or answers."""


def level(figure: float, thresholds: Sequence[float]) -> int:
    """The level (1 to len(thresholds) + 1) a figure reaches."""
    decreasing = len(thresholds) > 1 and thresholds[0] > thresholds[1]
    if decreasing:
        return 1 + sum(1 for t in thresholds if figure <= t)
    return 1 + sum(1 for t in thresholds if figure >= t)


@dataclass(frozen=True, slots=True)
class Sources:
    """What the figures are taken from."""

    scenarios: Sequence[Scenario]
    figures: Mapping[str, ScenarioFigures]
    audit: Mapping[str, ScenarioAudit]
    traces: Mapping[str, TracedFigures]
    guides: Sequence[Guide]
    answers: Mapping[str, GuideFigures]


def _logged(measure: str, scenario: Scenario, sources: Sources) -> tuple[float, int] | None:
    a = sources.audit.get(scenario.id)
    if a is None or not a.activities:
        return None
    rows = sum(c.rows for c in a.activities.values()) + len(a.unplanned)
    if rows == 0:
        return None
    done = [c for c in a.activities.values() if c.verdict != "missing"]
    if measure == "done-share":
        return len(done) / len(a.activities), rows
    if measure == "time-deviation":
        gaps = sorted(abs(c.ratio - 1) for c in done if c.ratio is not None)
        middle = activity.median(gaps)
        return (middle, rows) if middle is not None else None
    chosen = scenario.target_rate
    if chosen is None:
        rate = sources.figures[scenario.id].rate
        chosen = (rate.min + rate.max) / 2
    return (a.actual_rate / chosen, rows) if chosen else None


def _traced(measure: str, scenario: Scenario, sources: Sources) -> tuple[float, int] | None:
    t = sources.traces.get(scenario.id)
    if t is None:
        return None
    if measure == "answered-within":
        every = t.responses[ALL]
        if not every.posts or every.answered_within is None:
            return None
        return every.answered_within / every.posts, t.events
    return (t.inactive.learners / t.learners_seen, t.events) if t.learners_seen else None


def _asked(measure: str, scenario: Scenario, sources: Sources) -> tuple[float, int, str] | None:
    _, guide_id, question = measure.split(":", 2)
    guide = next((g for g in sources.guides if g.id == guide_id), None)
    got = sources.answers.get(guide_id)
    if guide is None or got is None or guide.scenario not in (None, scenario.id):
        return None
    q = got.questions.get(question)
    if q is None or q.mean is None:
        return None
    return q.mean, q.respondents, guide_id


def score(criterion: Criterion, scenario: Scenario, sources: Sources) -> Scored | None:
    """The criterion's level for ``scenario``, or None when its figure cannot be had."""
    measure = criterion.measure
    if measure is None or not criterion.levels:
        return None
    if measure.startswith("question:"):
        asked = _asked(measure, scenario, sources)
        if asked is None:
            return None
        figure, count, guide = asked
        return Scored(level(figure, criterion.levels), figure, "questionnaire", guide, count)
    if measure in ("answered-within", "inactive-share"):
        found = _traced(measure, scenario, sources)
        source = "traces"
    else:
        found = _logged(measure, scenario, sources)
        source = "log"
    if found is None:
        return None
    figure, count = found
    return Scored(level(figure, criterion.levels), figure, source, scenario.id, count)


def grid(criteria: Sequence[Criterion], sources: Sources) -> dict[str, dict[str, Scored]]:
    """Criterion id -> scenario id -> its level, for the criteria and scenarios that have one."""
    out: dict[str, dict[str, Scored]] = {}
    for criterion in criteria:
        for scenario in sources.scenarios:
            scored = score(criterion, scenario, sources)
            if scored is not None:
                out.setdefault(criterion.id, {})[scenario.id] = scored
    return out
