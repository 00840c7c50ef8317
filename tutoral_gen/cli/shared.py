"""What every ``tutoral`` command shares: its options, how problems are printed, how an
exception becomes a message and an exit code.

Exit codes: 0 ok, 1 content errors (or the site engine failed), 2 usage errors,
3 an operating-system fault (read-only, disk full, busy, no permission).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click

from .. import pipeline
from ..adapters.engine import environment
from ..clock import epoch
from ..domain.project import Project
from ..errors import ContentError, Problem, TutoralError, UsageError, summary

CONTENT = click.argument(
    "content_dir", metavar="[DIR]", required=False, type=click.Path(file_okay=False, path_type=Path)
)
PROJECT = click.option(
    "--project",
    "-p",
    "root",
    default=".",
    show_default=True,
    # Absolute once, here: the site engine runs from the project folder, where a path
    # relative to the caller's folder would name another one.
    type=click.Path(file_okay=False, path_type=Path, resolve_path=True),
    help="The project folder (holds mkdocs.yml).",
)
QUIET = click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")


def remember_verbose(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["tutoral.verbose"] = value
    return value


VERBOSE = click.option(
    "--verbose",
    "-v",
    is_flag=True,
    callback=remember_verbose,
    help="List every warning (by default, alike warnings share one line with their count).",
)


def print_problems(problems: list[Problem]) -> None:
    ctx = click.get_current_context(silent=True)
    verbose = bool(ctx and ctx.meta.get("tutoral.verbose"))
    for line in [str(p) for p in problems] if verbose else summary(problems):
        click.echo(line, err=True)


def waiting() -> None:
    click.echo("tutoral: another build of this project is running; waiting for it...", err=True)


def fail(exc: TutoralError) -> NoReturn:
    if isinstance(exc, ContentError):
        print_problems(exc.problems)
    click.secho(f"tutoral: {exc}", fg="red", err=True)
    sys.exit(exc.exit_code)


def progress(quiet: bool) -> bool:
    """Progress lines go to a terminal, not to CI logs, and never with --quiet."""
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


def paths_of(
    root: Path, content_dir: Path | None = None, *, need_config: bool = False
) -> pipeline.Paths:
    paths = pipeline.Paths.of(root, content_dir)
    if not paths.content.is_dir():
        raise UsageError(f"no content folder at {paths.content}")
    if need_config and not paths.config.is_file():
        raise UsageError(f"no mkdocs.yml in {root.resolve()}: run tutoral from the project folder")
    if need_config:  # the environment values the site engine will read, before anything runs
        environment.check(paths.config)
        epoch()
    return paths


def checked(content_dir: Path | None, root: Path = Path(".")) -> tuple[Project, list[Problem]]:
    """The validated project of DIR, or exit with every problem printed."""
    try:
        project, problems, _ = pipeline.check(paths_of(root, content_dir))
    except TutoralError as exc:
        fail(exc)
    return project, problems


def generate_docs(
    paths: pipeline.Paths, quiet: bool, *, resume: bool = False, documents: bool = False
) -> Callable[[], None]:
    """Generate (with ``documents``, the PDF documents too); return what waits for the
    generator's cache to be saved (``resume``)."""
    saved: Callable[[], None] = lambda: None  # noqa: E731
    if progress(quiet) and documents:
        click.echo("tutoral: making the documents (PDF)...", err=True)
    if resume:
        generated, saved = pipeline.resume(paths, documents=documents)
    else:
        generated = pipeline.generate(paths, documents=documents)
    print_problems(generated.warnings)
    if progress(quiet):
        changed = len(generated.report.written) if generated.report else 0
        seconds = sum(generated.timings.values())
        made = ""
        if generated.printed is not None:
            made = f", {len(generated.printed)} document(s) rendered, the others unchanged"
        click.echo(
            f"tutoral: {generated.pages} files generated ({changed} changed{made})"
            f" in {seconds:.1f} s; MkDocs is building the site...",
            err=True,
        )
    return saved
