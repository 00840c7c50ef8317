"""``tutoral traces``: measure a scenario from the platform's exports, or pseudonymise one."""

from __future__ import annotations

from pathlib import Path

import click

from .. import pipeline
from ..errors import FaultError, TutoralError, UsageError
from .shared import PROJECT, QUIET, fail, paths_of, print_problems


@click.command(name="traces")
@click.argument("scenario", required=False)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@PROJECT
@QUIET
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    help="Processes reading the exports (default: one per processor).",
)
@click.option(
    "--pseudonymise",
    "copy",
    nargs=2,
    type=click.Path(path_type=Path),
    metavar="IN OUT",
    help="Write OUT, a copy of the export IN for an auditor: names replaced by stable pseudonyms,"
    " user ids replaced consistently, IP addresses removed.",
)
def traces_command(
    scenario: str | None,
    files: tuple[Path, ...],
    root: Path,
    quiet: bool,
    jobs: int | None,
    copy: tuple[Path, Path] | None,
) -> None:
    """Measure SCENARIO from the platform's log exports FILE...: tutors' time, response delays,
    inactivity. Writes content/audit/traces/SCENARIO.yaml (counts and durations only, to commit)
    and private/followup-SCENARIO.csv (who needs a follow-up: names, for the tutors only).

    The format of each file is read from the file: Moodle's course log download (CSV, Excel,
    JSON; English or French), the standard log table's export, xAPI statements. Keep the
    exports in private/, which Git ignores.

    \b
    Examples:
      tutoral traces module-1 private/logs_M1_*.csv
      tutoral traces --pseudonymise private/logs.csv private/logs-auditeur.csv
    """
    # Imported here, not at the top: a process that builds never loads the intake, the one
    # package that holds personal data (pyproject.toml's contracts say the same of the modules).
    from ..intake import traces_command as tracer

    try:
        paths = paths_of(root)
        if copy is not None:
            _pseudonymise(paths, copy, quiet)
            return
        if scenario is None or not files:
            raise UsageError(
                "give a scenario and at least one export: tutoral traces SCENARIO FILE..."
            )
        outcome = tracer.run(paths, scenario, [Path(f) for f in files], jobs)
    except TutoralError as exc:
        fail(exc)
    except OSError as exc:  # any refusal the adapters did not name: still one line
        fail(FaultError.of(exc, "read"))
    print_problems(outcome.warnings)
    if not quiet:
        for line in tracer.followup_lines(outcome.measured.followup, outcome.project):
            click.echo(line)
        t = outcome.measured.traces
        click.echo(
            f"tutoral: {t.events} events of {t.learners_seen} learners from {t.first:%Y-%m-%d} to"
            f" {t.last:%Y-%m-%d} ({t.duplicates} read twice, {t.unknown} not attributed):"
            f" {outcome.aggregate} written; the follow-up list (names) is in {outcome.followup}",
            err=True,
        )
        if t.other_courses or t.site_events or t.platform_events:
            click.echo(
                f"tutoral: left out, no activity of course {t.course}: {t.other_courses} events of"
                f" other courses, {t.site_events} of the site, {t.platform_events} made by the"
                " platform (cron, scripts, notifications in a person's name)",
                err=True,
            )
        for what, count in outcome.read.unknown.most_common(10):
            click.echo(f"tutoral: not attributed to a person: {count} × {what}", err=True)


def _pseudonymise(paths: pipeline.Paths, copy: tuple[Path, Path], quiet: bool) -> None:
    from ..intake import traces_command as tracer
    from ..intake.private import KEY, PRIVATE

    source, target = copy
    size = tracer.pseudonymise(paths, source, target)
    if not quiet:
        key = paths.root / PRIVATE / KEY
        click.echo(
            f"{target} written ({size} bytes): names replaced by pseudonyms, user ids replaced,"
            f" IP and e-mail addresses removed; the key is {key}"
        )
