"""The ``tutoral`` command: turns exceptions into messages and exit codes, nothing else.

Exit codes: 0 ok, 1 content errors (or the site engine failed), 2 usage errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from . import build as pipeline
from . import engine, report
from .errors import ContentError, Problem, TutoralError, UsageError
from .figures import project_figures
from .load import Loader
from .model import Project

CONTENT = click.argument(
    "content_dir", metavar="[DIR]", required=False, type=click.Path(file_okay=False, path_type=Path)
)
PROJECT = click.option(
    "--project",
    "-p",
    "root",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The project folder (holds mkdocs.yml).",
)


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def _fail(exc: TutoralError) -> NoReturn:
    if isinstance(exc, ContentError):
        _print_problems(exc.problems)
    click.secho(f"tutoral: {exc}", fg="red", err=True)
    sys.exit(exc.exit_code)


def _paths(
    root: Path, content_dir: Path | None = None, *, need_config: bool = False
) -> pipeline.Paths:
    paths = pipeline.Paths.of(root, content_dir)
    if not paths.content.is_dir():
        raise UsageError(f"no content folder at {paths.content}")
    if need_config and not paths.config.is_file():
        raise UsageError(f"no mkdocs.yml in {root.resolve()}: run tutoral from the project folder")
    return paths


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tutoral_gen")
def main() -> None:
    """Tutoring-engineering handbooks: YAML scenarios in content/, a MkDocs Material site out.

    \b
    Examples:
      tutoral check             validate content/ and list every problem
      tutoral report            the figures of every scenario in the terminal
      tutoral report --json     the same figures as JSON
      tutoral build             generate the pages and build site/
      tutoral serve             live preview at http://127.0.0.1:8000/
    """


def _checked(content_dir: Path | None) -> tuple[Project, list[Problem]]:
    """The validated project of DIR, or exit with every problem printed."""
    try:
        project, problems, _ = pipeline.check(_paths(Path("."), content_dir))
    except TutoralError as exc:
        _fail(exc)
    return project, problems


@main.command()
@CONTENT
def check(content_dir: Path | None) -> None:
    """Validate DIR (default: content/) and print every problem; exit 1 if any."""
    project, problems = _checked(content_dir)
    _print_problems(problems)
    click.echo(
        f"{len(project.scenarios)} scenario(s), "
        f"{sum(len(s.interventions) for s in project.scenarios)} intervention(s): ok"
    )


@main.command(name="report")
@CONTENT
@click.option("--json", "as_json", is_flag=True, help="Print unrounded figures as JSON.")
def report_command(content_dir: Path | None, as_json: bool) -> None:
    """Print the figures of every scenario: tutoring time, rate, classes, time per role."""
    project, _ = _checked(content_dir)
    figures = project_figures(project)
    click.echo(report.as_json(project, figures) if as_json else report.as_table(project, figures))


@main.command(name="build")
@PROJECT
@click.option("--strict", is_flag=True, help="Treat MkDocs warnings as errors.")
@click.option("--verbose", "-v", is_flag=True, help="Show MkDocs' progress.")
def build_command(root: Path, strict: bool, verbose: bool) -> None:
    """Generate the pages into build/docs/, then build site/ with MkDocs."""
    try:
        paths = _paths(root, need_config=True)
        generated = pipeline.generate(paths)
        _print_problems(generated.warnings)
        written = generated.report.written if generated.report else ()
        click.echo(f"generated {generated.pages} file(s), {len(written)} changed", err=True)
        engine.build_site(paths.config, paths.site, strict=strict, verbose=verbose)
    except TutoralError as exc:
        _fail(exc)
        return
    click.echo(f"site built: open {(paths.site / 'index.html').resolve()}")


@main.command()
@PROJECT
@click.option("--dev-addr", "-a", metavar="IP:PORT", help="Address to serve on (127.0.0.1:8000).")
def serve(root: Path, dev_addr: str | None) -> None:
    """Live preview: a change in content/ or templates/ regenerates and reloads the browser."""
    loader = Loader()
    try:
        paths = _paths(root, need_config=True)
        pipeline.generate(paths, loader)
    except TutoralError as exc:
        _fail(exc)
        return

    def regenerate() -> None:
        try:
            generated = pipeline.generate(paths, loader)
        except ContentError as exc:
            _print_problems(exc.problems)
            click.secho(
                "tutoral: content has errors; the preview keeps the last good pages",
                fg="red",
                err=True,
            )
            return
        changed = generated.report.written if generated.report else ()
        seconds = sum(generated.timings.values())
        click.echo(f"tutoral: {len(changed)} page(s) regenerated in {seconds:.2f} s", err=True)

    engine.serve(
        paths.config,
        [paths.content, paths.templates],
        regenerate,
        paths.out / "generated.yml",
        dev_addr=dev_addr,
    )
