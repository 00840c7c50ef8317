"""Free-text answers under review: ``private/review-<guide>.yaml``.

A free answer may name a tutor, a classmate or the respondent: it is no aggregate. ``tutoral
answers`` therefore writes the free answers of a guide that publishes them (``publish_text``) to
this file in ``private/`` (out of Git), each ``publish: false``; the coordinator reads them and
sets ``publish: true`` on those that name no one. Only those reach ``content/`` (and the
handbook), at the next ``tutoral answers``. This module reads the coordinator's choices back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ...domain.audit import Guide
from ...errors import Path_, Problem
from ...source import yamlio
from ...source.fields import Field, Reader, boolean, fail
from .. import opening

FILE = "review-{guide}.yaml"
"""The file's name in ``private/``."""
MAX_ANSWER = 128 * 1024
"""The longest free answer read back, in characters: the longest cell an answers file may
hold (delimited.py), so that every answer written here reads back."""
MAX_BYTES = 64 * 1024 * 1024
"""The largest review file read."""


def answer(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """A free answer as this module wrote it (longer than a content text may be)."""
    if isinstance(value, str) and value.strip() and len(value) <= MAX_ANSWER:
        return value.strip()
    fail(f"a text of at most {MAX_ANSWER // 1024} KB", value)


REVIEW = {
    "text": Field(answer, "the answer as written", required=True),
    "publish": Field(boolean, "true once read and naming no one: then published"),
}


def load(path: Path, shown: str, guide: Guide) -> tuple[dict[str, list[str]], list[Problem]]:
    """The answers marked in the review file ``path``, if it exists (as :func:`approved`); a
    file that is no regular file or not UTF-8 is a located problem."""
    if not os.path.lexists(path):
        return {}, []
    try:
        data = opening.read(path, MAX_BYTES, "review file")
    except opening.Refused as exc:
        return {}, [Problem(shown, str(exc))]
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, start) + 1
        column = start - data.rfind(b"\n", 0, start)
        message = (
            f"byte 0x{data[start]:02X} is not UTF-8: this file is written in UTF-8; save it"
            " again as UTF-8 (or delete it: it is written anew, every answer unmarked)"
        )
        return {}, [Problem(shown, message, line=line, column=column)]
    return approved(source, shown, guide)


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
