"""``tutoral answers``: a guide's answers, from the survey tool's export to aggregates."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import FaultError, TutoralError
from .shared import PROJECT, QUIET, fail, paths_of, print_problems


@click.command(name="answers")
@click.argument("guide")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--review",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The free answers' review file (default: private/review-GUIDE.yaml).",
)
@PROJECT
@QUIET
def answers_command(
    guide: str, files: tuple[Path, ...], review: Path | None, root: Path, quiet: bool
) -> None:
    """Read the answers to GUIDE from FILE... (Moodle Feedback's responses download, or the
    blank CSV of the guide's page filled by any tool; CSV, Excel or JSON) and write
    content/audit/answers/GUIDE.yaml: counts per level and option, numbers and, if the guide
    publishes free answers, those marked for publication in private/review-GUIDE.yaml (written
    here too, each `publish: false` until you mark it). Keep the answers files in private/.

    \b
    Examples:
      tutoral answers questionnaire-apprenants private/reponses.csv
    """
    from ..intake import answers_command as answering  # never loaded by a build (cli/traces.py)

    try:
        outcome = answering.run(paths_of(root), guide, list(files), review)
    except TutoralError as exc:
        fail(exc)
    except OSError as exc:
        fail(FaultError.of(exc, "read"))
    print_problems(outcome.warnings)
    if not quiet:
        pending = sum(q.pending for q in outcome.answers.questions.values())
        note = (
            f"; {pending} free answers to review in {outcome.review} (publish: true)"
            if pending and outcome.review
            else ""
        )
        read = f"{outcome.answers.responses} responses read"
        click.echo(f"tutoral: {read}: {outcome.aggregate} written{note}", err=True)
