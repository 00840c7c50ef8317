"""The audit's guides (questionnaires and interview guides) and analysis grid, in
``audit/audit.yaml``: typed questions, what they measure, and the criteria that score themselves.

A question is a text (free text, as guides always had them) or a mapping::

    - id: q-delai
      text: Avez-vous reçu une réponse dans un délai qui vous convenait ?
      scale: [Jamais, Rarement, Souvent, Toujours]       # levels 1 to 4
      measures: {need: B1, score: gravity}               # or {criterion: C4}

with at most one of ``scale``, ``choice`` (one answer), ``choices`` (any number) and ``number``
(``true`` or ``{min, max}``); without any, the answer is free text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

from ..domain.audit import MEASURES, Audience, Criterion, Guide, GuideKind
from ..domain.survey import Measures, Question, QuestionKind, ScoreKind
from ..errors import Path_
from .declared import Declared
from .fields import (
    Field,
    Reader,
    Record,
    Records,
    boolean,
    choice,
    described,
    fail,
    identifier,
    listed,
    nested,
    number,
    text,
    title,
    whole,
)

_ID = r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}"
_FIGURE = "|".join([*(re.escape(m) for m in MEASURES), f"question:{_ID}:{_ID}"])


@described({"type": "string", "pattern": f"^(?:{_FIGURE})$"})
def figure(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """A figure's name (``done-share``, ``question:<guide>:<question>``): a reference, never
    a number; whether it names a figure there is is checked with the guides (criteria())."""
    if not isinstance(value, str) or not value.strip():
        fail("a figure's name", value)
    return value.strip()


MAX_LEVELS = 10
"""The most levels or options a question offers (a scale of ten is already a lot)."""
LIMITS = {
    "min": Field(number, "the least answer allowed"),
    "max": Field(number, "the most answer allowed"),
}
MEASURE = {
    "need": Field(identifier, "the need whose score the answers give (with score)"),
    "score": Field(choice(ScoreKind), "gravity or occurrence, as the guide's audience sees it"),
    "criterion": Field(identifier, "the grid's criterion the answers inform"),
}
OPTIONS = listed(title)
QUESTION = {
    "id": Field(identifier, "the question's id: the answers' column", required=True),
    "text": Field(text, "what is asked", required=True),
    "scale": Field(OPTIONS, "the levels, lowest first: one answer, 1 for the first"),
    "choice": Field(OPTIONS, "the options: one answer"),
    "choices": Field(OPTIONS, "the options: any number of answers"),
    "number": Field(nested, "a number: true, or {min, max}"),
    "measures": Field(nested, "what the answers measure", shape=Record(MEASURE)),
}
KINDS = {
    "scale": QuestionKind.SCALE,
    "choice": QuestionKind.CHOICE,
    "choices": QuestionKind.CHOICES,
}


def question(value: Any, reader: Reader, path: Path_) -> dict[str, Any] | None:
    """A question: a text (free text, its id ``q<place>``) or a mapping read with QUESTION."""
    if isinstance(value, dict):
        fields = reader.record(value, path, QUESTION)
        return None if fields is None else {**fields, "at": path}
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        place = path[-1] if path and isinstance(path[-1], int) else 0
        return {"id": f"q{place + 1}", "text": text(value), "at": path}
    fail("a question: a text, or a mapping with id, text and its kind (scale, choice...)", value)


question.either = (text, Record(QUESTION))  # type: ignore[attr-defined]  # read by schema.py

GUIDE = {
    "id": Field(identifier, "the guide's id", required=True),
    "title": Field(title, "the guide's title", required=True),
    "kind": Field(choice(GuideKind), "questionnaire or interview", required=True),
    "audience": Field(choice(Audience), "learners, tutors or institution", required=True),
    "intro": Field(text, "what to say first"),
    "questions": Field(listed(question), "the questions, in order", required=True),
    "scenario": Field(identifier, "the scenario whose learners are asked (the audience's size)"),
    "audience_size": Field(whole(1, 1_000_000), "how many are asked, without a scenario"),
    "publish_text": Field(boolean, "publish free-text answers once reviewed (default false)"),
}
CRITERION = {
    "id": Field(identifier, "the criterion's id", required=True),
    "title": Field(title, "what is judged", required=True),
    "indicator": Field(text, "what is measured or observed"),
    "scale": Field(listed(text), "the levels, lowest first"),
    "measure": Field(
        figure, "the figure judged: " + ", ".join(MEASURES) + ", or question:<guide>:<question>"
    ),
    "levels": Field(
        listed(number), "thresholds between the levels, one fewer than the scale's levels"
    ),
}
GRID = Field(
    nested, "the analysis grid: criteria with indicator and scale", shape=Records(CRITERION)
)
GUIDES = Field(nested, "provoked data: questionnaires and interview guides", shape=Records(GUIDE))


def guides(
    read: Reader,
    raw: Any,
    declared: Declared,
    needs: Iterable[str] | None,
    criteria: Iterable[str],
) -> tuple[Guide, ...]:
    """The guides; ``needs`` are the system's need ids (None: unknown, not checked),
    ``criteria`` the grid's ids."""
    out = []
    seen: dict[str, str] = {}  # lower-cased: a guide's id names its page
    for index, g in read.records(raw, ("guides",), GUIDE):
        at: Path_ = ("guides", index)
        if g["id"].lower() in seen:
            message = f"duplicate guide id {g['id']!r} (also {seen[g['id'].lower()]!r})"
            read.problem((*at, "id"), message)
        seen[g["id"].lower()] = g["id"]
        if "scenario" in g:
            read.known((*at, "scenario"), g["scenario"], declared.scenarios, "scenario")
        asked = [_question(read, q, needs, criteria) for q in g["questions"]]
        ids: dict[str, str] = {}
        for q in g["questions"]:
            if q["id"].lower() in ids:
                read.problem((*q["at"], "id"), f"duplicate question id {q['id']!r} in the guide")
            ids[q["id"].lower()] = q["id"]
        out.append(Guide(**{**g, "questions": tuple(q for q in asked if q is not None)}))
    return tuple(out)


def _question(
    read: Reader, raw: dict[str, Any], needs: Iterable[str] | None, criteria: Iterable[str]
) -> Question | None:
    at: Path_ = raw["at"]
    kinds = [k for k in ("scale", "choice", "choices", "number") if k in raw]
    if len(kinds) > 1:
        found = " and ".join(kinds)
        read.problem(
            at, f"a question is of one kind (scale, choice, choices or number), found {found}"
        )
        return None
    kind = KINDS.get(kinds[0], QuestionKind.NUMBER) if kinds else QuestionKind.TEXT
    options: tuple[str, ...] = raw.get(kinds[0], ()) if kind in KINDS.values() else ()
    if kind in KINDS.values() and not 2 <= len(options) <= MAX_LEVELS:
        expected = f"from 2 to {MAX_LEVELS} {'levels' if kind is QuestionKind.SCALE else 'options'}"
        read.problem((*at, kinds[0]), f"expected {expected}, found {len(options)}")
        return None
    limits = _limits(read, at, raw.get("number")) if kind is QuestionKind.NUMBER else {}
    if limits is None:
        return None
    measures = _measures(read, at, raw.get("measures"), kind, len(options), needs, criteria)
    return Question(
        id=raw["id"],
        text=raw["text"],
        kind=kind,
        options=options,
        minimum=limits.get("min"),
        maximum=limits.get("max"),
        measures=measures,
    )


def _limits(read: Reader, at: Path_, raw: Any) -> dict[str, float] | None:
    if raw is True:
        return {}
    if not isinstance(raw, dict):
        read.problem((*at, "number"), "expected true, or {min, max}")
        return None
    limits = read.record(raw, (*at, "number"), LIMITS)
    if limits is not None and limits.get("min", -1e18) > limits.get("max", 1e18):
        read.problem((*at, "number"), "expected min at most max")
        return None
    return limits


def _measures(
    read: Reader,
    at: Path_,
    raw: Any,
    kind: QuestionKind,
    levels: int,
    needs: Iterable[str] | None,
    criteria: Iterable[str],
) -> Measures | None:
    if raw is None:
        return None
    fields = read.record(raw, (*at, "measures"), MEASURE)
    if fields is None:
        return None
    where: Path_ = (*at, "measures")
    if ("need" in fields) != ("score" in fields):
        read.problem(where, "a need's score is measured with both need and score (gravity...)")
        return None
    if "need" in fields:
        read.known((*where, "need"), fields["need"], needs, "need")
        if kind is not QuestionKind.SCALE or levels != 4:
            read.problem(
                where,
                "a question that measures a need's score is a scale of 4 levels, as the score"
                f" (1 to 4), found {kind.value} of {levels} levels",
            )
    if "criterion" in fields:
        read.known((*where, "criterion"), fields["criterion"], list(criteria), "criterion")
    return Measures(**fields)


def criteria(read: Reader, raw: Any, guides_: Iterable[Guide]) -> tuple[Criterion, ...]:
    """The grid's criteria, their figure (``measure``) and its thresholds (``levels``) checked:
    one threshold fewer than the levels, all increasing or all decreasing."""
    scales = {
        f"question:{g.id}:{q.id}"
        for g in guides_
        for q in g.questions
        if q.kind is QuestionKind.SCALE
    }
    out = []
    for index, c in read.records(raw, ("grid",), CRITERION):
        at: Path_ = ("grid", index)
        measure, levels = c.get("measure"), c.get("levels", ())
        if measure is not None and measure not in MEASURES and measure not in scales:
            options = [*MEASURES, *sorted(scales)]
            read.known((*at, "measure"), measure, options, "figure")
            continue
        if levels and measure is None:
            read.problem((*at, "levels"), "thresholds need the figure they divide: add measure")
            continue
        if measure is not None and len(levels) != len(c.get("scale", ())) - 1:
            expected = max(len(c.get("scale", ())) - 1, 0)
            read.problem(
                (*at, "levels"),
                f"expected {expected} thresholds (one fewer than the scale's levels), found"
                f" {len(levels)}",
            )
            continue
        steps = [b - a for a, b in itertools.pairwise(levels)]
        if steps and not (all(d > 0 for d in steps) or all(d < 0 for d in steps)):
            read.problem((*at, "levels"), "expected thresholds all increasing or all decreasing")
            continue
        out.append(Criterion(**c))
    return tuple(out)
