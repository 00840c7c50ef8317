"""The answers' figures (compute stage): per question, who answered, how many of those asked,
how the answers spread, and the needs' scores the answers measure.

- respondents: those who gave the question an answer (a blank is no answer);
- rate: respondents / the audience's size (the guide's scenario's learners, or its
  ``audience_size``);
- counts: per level or choice, first first; mean and median for a scale (levels 1 to n) and for
  a number;
- a need's gravity or occurrence measured by questions takes, for the guide's audience, the
  median of all their answers, rounded half up to a whole level.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import activity
from .audit import Guide
from .survey import Answers, QuestionKind, ScoreKind, Tallied


@dataclass(frozen=True, slots=True)
class QuestionFigures:
    """The figures of one question's answers."""

    respondents: int
    """Those who answered it."""
    rate: float | None
    """Respondents / the audience's size (None when the guide says no size)."""
    counts: tuple[int, ...] | None
    """Per level or choice, first first (None for a number or free text)."""
    mean: float | None
    """For a scale (levels 1 to n) or a number."""
    median: float | None
    """For a scale or a number (a scale's median may fall between two levels)."""
    texts: tuple[str, ...] = ()
    """Free-text answers reviewed for publication (``publish_text``)."""


@dataclass(frozen=True, slots=True)
class GuideFigures:
    """The figures of one guide's answers."""

    responses: int
    """Responses read."""
    audience: int | None
    """How many were asked."""
    questions: Mapping[str, QuestionFigures]
    """Per question id, in the guide's order (those answered in the aggregates)."""
    sources: Mapping[str, int]
    """Format -> rows read."""
    stale: bool
    """The guide's questions changed since the answers were read."""
    pending: int
    """Free-text answers still to review before they are published."""


def digest(guide: Guide) -> str:
    """A short digest of what the answers' aggregates depend on: the questions and their options."""
    data = [(q.id, q.kind.value, list(q.options)) for q in guide.questions]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:16]


def _levels(counts: Sequence[int]) -> list[int]:
    """The answers' levels (1 to n), sorted, from their counts."""
    return [level for level, count in enumerate(counts, start=1) for _ in range(count)]


def question_figures(kind: QuestionKind, tallied: Tallied, audience: int | None) -> QuestionFigures:
    """The figures of one question."""
    rate = tallied.respondents / audience if audience else None
    mean = median = None
    counts: tuple[int, ...] | None = tallied.counts
    if kind is QuestionKind.SCALE and tallied.counts:
        levels = _levels(tallied.counts)
        mean = sum(levels) / len(levels) if levels else None
        median = activity.median(levels)
    elif kind is QuestionKind.NUMBER:
        counts = None
        mean = sum(tallied.values) / len(tallied.values) if tallied.values else None
        median = activity.median(tallied.values)
    elif kind is QuestionKind.TEXT:
        counts = None
    return QuestionFigures(tallied.respondents, rate, counts, mean, median, tallied.texts)


def surveyed(guide: Guide, answers: Answers, audience: int | None) -> GuideFigures:
    """The figures of a guide's answers."""
    kinds = {q.id: q.kind for q in guide.questions}
    questions = {
        qid: question_figures(kinds[qid], tallied, audience)
        for qid, tallied in answers.questions.items()
        if qid in kinds
    }
    pending = sum(t.pending for t in answers.questions.values())
    return GuideFigures(
        responses=answers.responses,
        audience=audience,
        questions=questions,
        sources=dict(answers.sources),
        stale=digest(guide) != answers.questions_digest,
        pending=pending,
    )


@dataclass(frozen=True, slots=True)
class Measured:
    """A need's score as the answers give it, for one view."""

    value: int
    """The median of the answers' levels, rounded half up."""
    answers: int
    """How many answers it rests on."""


def half_up(value: float) -> int:
    """2.5 -> 3 (Python's round() would give 2)."""
    return math.floor(value + 0.5)


def measured_scores(
    guides: Sequence[Guide], answers: Mapping[str, Answers]
) -> dict[str, dict[str, dict[ScoreKind, Measured]]]:
    """Need id -> view (the guide's audience) -> gravity or occurrence -> its measure, from
    every scale question that measures it, their answers together."""
    counts: dict[tuple[str, str, ScoreKind], list[int]] = {}
    for guide in guides:
        got = answers.get(guide.id)
        for q in guide.questions:
            m = q.measures
            if got is None or m is None or m.need is None or m.score is None:
                continue
            tallied = got.questions.get(q.id)
            if tallied is None or not tallied.counts:
                continue
            key = (m.need, guide.audience.value, m.score)
            before = counts.get(key, [0] * len(tallied.counts))
            counts[key] = [a + b for a, b in zip(before, tallied.counts, strict=True)]
    out: dict[str, dict[str, dict[ScoreKind, Measured]]] = {}
    for (need, view, score), per_level in counts.items():
        levels = _levels(per_level)
        middle = activity.median(levels)
        if middle is not None:
            out.setdefault(need, {}).setdefault(view, {})[score] = Measured(
                half_up(middle), len(levels)
            )
    return out
