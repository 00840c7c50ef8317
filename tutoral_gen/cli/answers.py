"""``tutoral answers``: a guide's answers, from the survey tool's export to aggregates."""

from __future__ import annotations

from pathlib import Path

import click

from ..commands import answers as answering
from ..errors import FaultError, TutoralError
from .shared import PROJECT, QUIET, fail, paths_of, print_problems


@click.command(name="answers")
@click.argument("guide")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@PROJECT
@QUIET
def answers_command(guide: str, files: tuple[Path, ...], root: Path, quiet: bool) -> None:
    """Read the answers to GUIDE from FILE... (Moodle Feedback's responses download, or the
    blank CSV of the guide's page filled by any tool; CSV, Excel or JSON) and write
    content/audit/answers/GUIDE.yaml: counts per level and option, numbers, and the free texts
    only if the guide publishes them, each to review. Keep the answers files in private/.

    \b
    Examples:
      tutoral answers questionnaire-apprenants private/reponses.csv
    """
    try:
        outcome = answering.run(paths_of(root), guide, list(files))
    except TutoralError as exc:
        fail(exc)
    except OSError as exc:
        fail(FaultError.of(exc, "read"))
    print_problems(outcome.warnings)
    if not quiet:
        pending = sum(
            1 for q in outcome.answers.questions.values() for t in q.texts if not t.reviewed
        )
        review = f"; {pending} free texts to review (reviewed: true)" if pending else ""
        read = f"{outcome.answers.responses} responses read"
        click.echo(f"tutoral: {read}: {outcome.aggregate} written{review}", err=True)
