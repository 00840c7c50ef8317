"""``tutoral answers``: a guide's answers, read from the survey tool's export, kept as aggregates.

The answers may name or number their respondents: they are read where the coordinator keeps them
(``private/``) and never copied. What is written:

- ``content/audit/answers/<guide>.yaml``: counts per level and option, the numbers sorted, and,
  when the guide publishes them, the free answers the coordinator marked for publication;
- ``private/review-<guide>.yaml``: every free answer of such a guide, to read and mark
  (intake/survey/reviews.py); a mark set before is kept when the answers are read again.

Everything is read and checked first: a problem in any file stops the command with every problem
located, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import pipeline
from ..adapters import write
from ..domain.audit import Guide
from ..domain.survey import Answers
from ..domain.survey_figures import digest
from ..errors import ContentError, Problem, UsageError
from ..source.answer_aggregates import FOLDER
from ..source.fields import MAX_TEXT
from ..source.words import suggest
from .private import PRIVATE, cleaned, destination, number, quoted, shown, unignored
from .survey import responses, reviews


@dataclass(frozen=True, slots=True)
class Outcome:
    """What reading the answers gave and wrote."""

    answers: Answers
    """The aggregates written."""
    aggregate: Path
    """Their file."""
    review: Path | None
    """The free answers to review (``private/``), when the guide publishes them."""
    warnings: list[Problem]


def run(
    paths: pipeline.Paths, guide_id: str, files: Sequence[Path], review: Path | None = None
) -> Outcome:
    """Read the answers files, then write the aggregates; raises :class:`ContentError`.
    ``review``: the free answers' review file, if not ``private/review-<guide>.yaml``."""
    rewritten = f"{FOLDER}/{guide_id}.yaml"
    project, _, _ = pipeline.check(paths, templates=False, replacing=rewritten)
    guides = project.audit.guides if project.audit else ()
    guide = next((g for g in guides if g.id == guide_id), None)
    if guide is None:
        ids = [g.id for g in guides]
        raise UsageError(
            f"unknown guide {guide_id!r}{suggest(guide_id, ids)}; expected one of:"
            f" {', '.join(ids) or 'none (guides: in content/audit/audit.yaml)'}"
        )
    root = paths.root.resolve()
    if review is not None:
        destination(review, paths, files, "the free answers to review")
    review = review or paths.root / PRIVATE / reviews.FILE.format(guide=guide.id)
    approved, problems = reviews.load(review, shown(review, root), guide)
    tally = responses.Tally(guide)
    for path in files:
        problems += responses.read(path, shown(path, root), tally, guides).all()
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    answers = Answers(
        guide=guide.id,
        questions_digest=digest(guide),
        sources=dict(tally.sources),
        responses=tally.responses,
        questions=tally.tallied(approved),
    )
    aggregate = paths.content / FOLDER / f"{guide.id}.yaml"
    texts = guide.publish_text and any(tally.texts.values())
    # Both files made before either is written: a failure leaves both as they were.
    aggregate_bytes = aggregate_yaml(answers, guide).encode()
    review_bytes = review_yaml(guide, tally.texts, approved).encode() if texts else b""
    write.replace_file(aggregate, aggregate_bytes)
    if texts:
        write.replace_file(review, review_bytes)
        risk = (
            unignored(
                paths.root, f"{PRIVATE}/{review.name}", "the free answers to review may name people"
            )
            if review.parent == paths.root / PRIVATE
            else None
        )
        problems += [risk] if risk else []
    return Outcome(answers, aggregate, review if texts else None, problems)


def aggregate_yaml(answers: Answers, guide: Guide) -> str:
    """The aggregates' file (read back by source/answer_aggregates.py)."""
    out = [
        "# yaml-language-server: $schema=../../../tutoral_gen/schemas/answers.schema.json",
        f"# Written by `tutoral answers {guide.id}`: counts per level and option, numbers sorted,",
        "# and the free answers marked for publication in private/ (`pending`: those not marked).",
        "# The answers files stay in private/, out of Git.",
        f"questions_digest: {quoted(answers.questions_digest)}",
        "sources: {" + ", ".join(f"{k}: {v}" for k, v in answers.sources.items()) + "}",
        f"responses: {answers.responses}",
        "questions:",
    ]
    for qid, t in answers.questions.items():
        fields = [f"respondents: {t.respondents}"]
        if t.counts:
            fields.append(f"counts: [{', '.join(str(c) for c in t.counts)}]")
        if t.values:
            fields.append(f"values: [{', '.join(number(v) for v in t.values)}]")
        if t.pending:
            fields.append(f"pending: {t.pending}")
        if not t.texts:
            out.append(f"  {quoted(qid)}: {{{', '.join(fields)}}}")
            continue
        out.append(f"  {quoted(qid)}:")
        out += [f"    {f}" for f in fields]
        out.append("    texts:")
        out += [f"      - {quoted(cleaned(x, MAX_TEXT, lines=True))}" for x in t.texts]
    return "\n".join(out) + "\n"


def review_yaml(
    guide: Guide, texts: Mapping[str, list[str]], approved: Mapping[str, list[str]]
) -> str:
    """The free answers to review (read back by intake/survey/reviews.py): per question, each
    answer, sorted, with ``publish`` as the coordinator set it, else false."""
    out = [
        f"# Free answers to the guide {guide.id!r}, to read before they are published. They may",
        "# name people: this file stays in private/, out of Git. Set `publish: true` on an answer",
        f"# that names no one, then run `tutoral answers {guide.id} ANSWERS...` again: only those",
        f"# are copied to content/audit/answers/{guide.id}.yaml and the handbook.",
    ]
    for q in guide.questions:
        marked = reviews.marked(texts.get(q.id, []), approved.get(q.id, []))
        if not marked:
            continue
        out.append(f"{quoted(q.id)}:  # {' '.join(q.text.split())[:80]}")
        for answer, publish in marked:
            out.append(f"  - {{publish: {str(publish).lower()}, text: {quoted(answer)}}}")
    return "\n".join(out) + "\n"
