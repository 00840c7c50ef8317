"""``tutoral answers``: a guide's answers, read from the survey tool's export, kept as aggregates.

The answers may name or number their respondents: they are read where the coordinator keeps them
(``private/``) and never copied. What is written is ``content/audit/answers/<guide>.yaml``:
counts per level and option, the numbers sorted, and, when the guide publishes them, the free
texts, each ``reviewed: false`` until the coordinator has read it (a text reviewed before stays
reviewed when the answers are read again). Everything is read and checked first: a problem in
any file stops the command with every problem located, and nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import pipeline
from ..adapters import write
from ..domain.audit import Guide
from ..domain.survey import Answers
from ..domain.surveyed import digest
from ..errors import ContentError, Problem, UsageError
from ..source import replies
from ..source.answered import FOLDER
from ..source.words import suggest


@dataclass(frozen=True, slots=True)
class Outcome:
    """What reading the answers gave and wrote."""

    answers: Answers
    """The aggregates written."""
    aggregate: Path
    """Their file."""
    warnings: list[Problem]


def run(paths: pipeline.Paths, guide_id: str, files: Sequence[Path]) -> Outcome:
    """Read the answers files, then write the aggregates; raises :class:`ContentError`."""
    project, _, _ = pipeline.check(paths, templates=False)
    guides = project.audit.guides if project.audit else ()
    guide = next((g for g in guides if g.id == guide_id), None)
    if guide is None:
        ids = [g.id for g in guides]
        raise UsageError(
            f"unknown guide {guide_id!r}{suggest(guide_id, ids)}; expected one of:"
            f" {', '.join(ids) or 'none (guides: in content/audit/audit.yaml)'}"
        )
    root = paths.root.resolve()
    tally = replies.Tally(guide)
    problems: list[Problem] = []
    for path in files:
        problems += replies.read(path, _shown(path, root), tally, guides).all()
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    before = (
        next((a for a in project.audit.answers if a.guide == guide.id), None)
        if project.audit
        else None
    )
    reviewed = [
        t.text for q in (before.questions.values() if before else ()) for t in q.texts if t.reviewed
    ]
    answers = Answers(
        guide=guide.id,
        questions_digest=digest(guide),
        sources=dict(tally.sources),
        responses=tally.responses,
        questions=tally.tallied(reviewed),
    )
    aggregate = paths.content / FOLDER / f"{guide.id}.yaml"
    write.replace_file(aggregate, aggregate_yaml(answers, guide).encode())
    return Outcome(answers, aggregate, problems)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def aggregate_yaml(answers: Answers, guide: Guide) -> str:
    """The aggregates' file (read back by source/answered.py)."""
    out = [
        "# yaml-language-server: $schema=../../../tutoral_gen/schemas/answers.schema.json",
        f"# Written by `tutoral answers {guide.id}`: counts per level and option, numbers sorted,",
        "# free texts only if the guide publishes them. Set a text's `reviewed: true` once you",
        "# have read it and it names no one: only then is it published. The answers files stay",
        "# in private/.",
        f"questions_digest: {_q(answers.questions_digest)}",
        "sources: {" + ", ".join(f"{k}: {v}" for k, v in answers.sources.items()) + "}",
        f"responses: {answers.responses}",
        "questions:",
    ]
    for qid, t in answers.questions.items():
        fields = [f"respondents: {t.respondents}"]
        if t.counts:
            fields.append(f"counts: [{', '.join(str(c) for c in t.counts)}]")
        if t.values:
            fields.append(f"values: [{', '.join(_number(v) for v in t.values)}]")
        out.append(f"  {_q(qid)}: {{{', '.join(fields)}}}" if not t.texts else f"  {_q(qid)}:")
        if t.texts:
            out.append(f"    {fields[0]}")
            out.append("    texts:")
            out += [
                f"      - {{text: {_q(x.text)}, reviewed: {str(x.reviewed).lower()}}}"
                for x in t.texts
            ]
    return "\n".join(out) + "\n"
