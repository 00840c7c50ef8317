"""Free-text answers under review: ``private/review-<guide>.yaml``.

A free answer may name a tutor, a classmate or the respondent: it is no aggregate. ``tutoral
answers`` therefore writes the free answers of a guide that publishes them (``publish_text``) to
this file in ``private/`` (out of Git), each ``publish: false``; the coordinator reads them and
sets ``publish: true`` on those that name no one. Only those reach ``content/`` (and the
handbook), at the next ``tutoral answers``. This module reads the coordinator's choices back.
"""

from __future__ import annotations

from ...domain.audit import Guide
from ...errors import Problem
from ...source import yamlio
from ...source.fields import Field, Reader, boolean, text

FILE = "review-{guide}.yaml"
"""The file's name in ``private/``."""
REVIEW = {
    "text": Field(text, "the answer as written", required=True),
    "publish": Field(boolean, "true once read and naming no one: then published"),
}


def approved(source: str, shown: str, guide: Guide) -> tuple[dict[str, list[str]], list[Problem]]:
    """Per question id, the answers marked ``publish: true``; and the file's problems, located.
    A question the guide no longer has is a warning: its answers are simply not published."""
    try:
        data = yamlio.parse(source) if source.strip() else {}
    except yamlio.YamlSyntaxError as exc:
        return {}, [Problem(shown, exc.message, line=exc.line, column=exc.column)]
    read = Reader(shown)
    out: dict[str, list[str]] = {}
    if not isinstance(data, dict):
        read.problem((), "expected a mapping of question id -> its answers under review")
        data = {}
    asked = {q.id for q in guide.questions}
    for qid, items in data.items():
        if str(qid) not in asked:
            message = f"no question {qid!r} in the guide {guide.id!r} now: not published"
            read.problem((qid,), message, at="key", severity="warning")
            continue
        for _, fields in read.records(items, (qid,), REVIEW):
            if fields.get("publish"):
                out.setdefault(str(qid), []).append(fields["text"])
    return out, _located(read.problems, source)


def _located(problems: list[Problem], source: str) -> list[Problem]:
    if not problems:
        return []
    positions = yamlio.Positions(source)
    out = []
    for p in problems:
        where = positions.of(p.path, p.at)
        out.append(p.located(*where) if where else p)
    return out


def marked(texts: list[str], approved: list[str]) -> list[tuple[str, bool]]:
    """Each answer (sorted, so that no order ties it to a row of the export) and whether it is
    published: an answer marked once publishes one copy of the same words."""
    kept = list(approved)
    out = []
    for answer in sorted(texts):
        publish = answer in kept
        if publish:
            kept.remove(answer)
        out.append((answer, publish))
    return out
