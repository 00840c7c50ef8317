"""The guides' answers as the repository keeps them: ``audit/answers/<guide>.yaml``, written by
``tutoral answers`` (counts and sorted numbers; free texts only when the guide publishes them,
and only those the coordinator marked for publication in ``private/``: intake/survey/reviews.py).

They are validated like any content file: counts must fit the question's levels or options; a
file whose guide's questions changed since is stale (a warning: run ``tutoral answers`` again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..domain.audit import Guide
from ..domain.survey import Answers, Question, QuestionKind, Tallied
from ..domain.survey_figures import digest
from .fields import (
    Field,
    Invalid,
    MapOf,
    Reader,
    Record,
    listed,
    nested,
    number,
    text,
    title,
    whole,
)
from .files import Content
from .files import Document as File

FOLDER = "audit/answers"
"""Where the aggregates live, inside ``content/``."""
COUNT = whole(0, 10**9)
TALLIED = {
    "respondents": Field(COUNT, "those who answered the question", required=True),
    "counts": Field(listed(COUNT), "per level or option, first first"),
    "values": Field(listed(number), "a number question's answers, sorted"),
    "texts": Field(listed(text), "free answers marked for publication (publish_text)"),
    "pending": Field(COUNT, "free answers not marked for publication: they stay in private/"),
}
AGGREGATE = {
    "questions_digest": Field(title, "digest of the guide's questions when read", required=True),
    "sources": Field(nested, "format -> rows read", required=True, shape=MapOf(COUNT)),
    "responses": Field(COUNT, "responses read", required=True),
    "questions": Field(nested, "question id -> its answers", True, MapOf(Record(TALLIED))),
}


def aggregates(
    content: Content, reader: Callable[[File], Reader], guides: Sequence[Guide]
) -> tuple[Answers, ...]:
    """Every ``audit/answers/<guide>.yaml`` whose guide exists."""
    by_id = {g.id: g for g in guides}
    out = []
    for rel in sorted(r for r in content.yaml if r.startswith(f"{FOLDER}/")):
        doc = content.yaml[rel]
        if doc.data is None:
            continue
        read = reader(doc)
        guide_id = rel.rsplit("/", 1)[1].rsplit(".", 1)[0]
        if not read.known((), guide_id, list(by_id), "guide (the file's name)"):
            continue
        guide = by_id[guide_id]
        stale = _stale(doc.data, guide)
        answers, dropped = _aggregate(read, doc.data, guide, stale)
        if answers is None:
            continue
        if stale:
            left = f"; left out until then: {', '.join(dropped)}" if dropped else ""
            message = (
                "read for other questions than the guide has now: run `tutoral answers"
                f" {guide_id} ANSWERS...` again{left}"
            )
            read.problem(("questions_digest",), message, severity="warning")
        out.append(answers)
    return tuple(out)


def _stale(data: Any, guide: Guide) -> bool:
    """Whether the file was read for other questions than the guide has now: its questions
    that no longer fit are then left out with a warning, not refused (the answers themselves
    may be on another contributor's machine)."""
    return not isinstance(data, dict) or data.get("questions_digest") != digest(guide)


def _aggregate(
    read: Reader, data: Any, guide: Guide, stale: bool
) -> tuple[Answers | None, list[str]]:
    """The aggregate and, when stale, the questions left out because they no longer fit."""
    raw = read.record(data, (), AGGREGATE)
    sources = _sources(read, raw["sources"]) if raw is not None else None
    if raw is None or sources is None:
        return None, []
    if not isinstance(raw["questions"], dict):
        read.problem(("questions",), "expected a mapping of question id -> its answers")
        return None, []
    questions = {q.id: q for q in guide.questions}
    tallied: dict[str, Tallied] = {}
    dropped: list[str] = []
    for qid, value in raw["questions"].items():
        at = ("questions", qid)
        if stale and _misfit(questions.get(str(qid)), value):
            dropped.append(str(qid))
            continue
        if not read.known(at, str(qid), list(questions), "question of the guide", "key"):
            continue
        fields = read.record(value, at, TALLIED)
        if fields is None:
            continue
        wrong = _misfit(questions[str(qid)], fields)
        if wrong:
            read.problem((*at, wrong[0]), wrong[1])
            continue
        tallied[str(qid)] = Tallied(
            respondents=fields["respondents"],
            counts=tuple(fields.get("counts", ())),
            values=tuple(sorted(fields.get("values", ()))),
            texts=tuple(fields.get("texts", ())),
            pending=fields.get("pending", 0),
        )
    return Answers(
        guide=guide.id,
        questions_digest=raw["questions_digest"],
        sources=sources,
        responses=raw["responses"],
        questions={q.id: tallied[q.id] for q in guide.questions if q.id in tallied},
    ), dropped


_HOLDS = {
    QuestionKind.SCALE: "counts",
    QuestionKind.CHOICE: "counts",
    QuestionKind.CHOICES: "counts",
    QuestionKind.NUMBER: "values",
    QuestionKind.TEXT: "texts",
}
"""What the answers to each kind of question are kept as."""


def _sources(read: Reader, raw: Any) -> dict[str, int] | None:
    """``sources``: the rows read per format."""
    if not isinstance(raw, dict):
        read.problem(("sources",), "expected a mapping of format -> rows read")
        return None
    out = {}
    for name, count in raw.items():
        try:
            out[str(name)] = COUNT(count, read, ("sources", name))
        except Invalid as exc:
            read.problem(("sources", name), exc.message)
    return out if len(out) == len(raw) else None


def _misfit(question: Question | None, value: Any) -> tuple[str, str] | None:
    """Why an entry does not fit the guide's question (the field and the reason), or None:
    answers kept as another kind's, or counts for another number of levels or options."""
    if question is None or not isinstance(value, dict):
        return ("", "no such question in the guide") if question is None else None
    holds = _HOLDS[question.kind]
    for other in sorted(set(_HOLDS.values()) - {holds}):
        if value.get(other):
            kind = question.kind.value
            return other, f"a {kind} question's answers are {holds}, not {other}"
    counts = value.get("counts") or ()
    if holds == "counts" and len(counts) != len(question.options):
        width = len(question.options)
        found = f"found {len(counts)}"
        return "counts", f"expected {width} counts (one per level or option), {found}"
    return None
