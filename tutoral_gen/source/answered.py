"""The guides' answers as the repository keeps them: ``audit/answers/<guide>.yaml``, written by
``tutoral answers`` (counts and sorted numbers; free texts only when the guide publishes them,
each with ``reviewed: false`` until the coordinator has read it and set it to true).

They are validated like any content file: counts must fit the question's levels or options; a
file whose guide's questions changed since is stale (a warning: run ``tutoral answers`` again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..domain.audit import Guide
from ..domain.survey import Answers, QuestionKind, Tallied, Text
from ..domain.surveyed import digest
from .fields import (
    Field,
    MapOf,
    Reader,
    Record,
    Records,
    boolean,
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
TEXT = {
    "text": Field(text, "the answer as written", required=True),
    "reviewed": Field(boolean, "read by the coordinator, and naming no one: then published"),
}
TALLIED = {
    "respondents": Field(COUNT, "those who answered the question", required=True),
    "counts": Field(listed(COUNT), "per level or option, first first"),
    "values": Field(listed(number), "a number question's answers, sorted"),
    "texts": Field(nested, "free-text answers (publish_text)", shape=Records(TEXT)),
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
        answers = _aggregate(read, doc.data, by_id[guide_id])
        if answers is None:
            continue
        if answers.questions_digest != digest(by_id[guide_id]):
            message = (
                "read for other questions than the guide has now: run `tutoral answers"
                f" {guide_id} ANSWERS...` again"
            )
            read.problem(("questions_digest",), message, severity="warning")
        out.append(answers)
    return tuple(out)


def _aggregate(read: Reader, data: Any, guide: Guide) -> Answers | None:
    raw = read.record(data, (), AGGREGATE)
    if raw is None:
        return None
    questions = {q.id: q for q in guide.questions}
    tallied: dict[str, Tallied] = {}
    for qid, value in raw["questions"].items():
        at = ("questions", qid)
        if not read.known(at, str(qid), list(questions), "question of the guide", "key"):
            continue
        fields = read.record(value, at, TALLIED)
        if fields is None:
            continue
        q = questions[str(qid)]
        counts = fields.get("counts", ())
        width = len(q.options)
        if (
            q.kind in (QuestionKind.SCALE, QuestionKind.CHOICE, QuestionKind.CHOICES)
            and len(counts) != width
        ):
            read.problem(
                (*at, "counts"),
                f"expected {width} counts (one per level or option), found {len(counts)}",
            )
            continue
        texts = tuple(Text(**t) for _, t in read.records(fields.get("texts"), (*at, "texts"), TEXT))
        tallied[str(qid)] = Tallied(
            respondents=fields["respondents"],
            counts=tuple(counts),
            values=tuple(sorted(fields.get("values", ()))),
            texts=texts,
        )
    return Answers(
        guide=guide.id,
        questions_digest=raw["questions_digest"],
        sources={str(k): v for k, v in raw["sources"].items()},
        responses=raw["responses"],
        questions={q.id: tallied[q.id] for q in guide.questions if q.id in tallied},
    )
