"""The ``tutoral`` command: turns exceptions into messages and exit codes, nothing else.

Exit codes: 0 ok, 1 content errors (or the site engine failed), 2 usage errors,
3 an operating-system fault (read-only, disk full, busy, no permission).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click

from . import pipeline
from .adapters import engine, folders, git
from .commands import diff as differ
from .commands import report, scaffold
from .commands import traces as tracer
from .domain.figures import compute
from .domain.project import Project
from .errors import ContentError, FaultError, Problem, TutoralError, UsageError, summary
from .render import urls
from .render.memo import Memo
from .source.files import Loader

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
QUIET = click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")


def _remember_verbose(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["tutoral.verbose"] = value
    return value


VERBOSE = click.option(
    "--verbose",
    "-v",
    is_flag=True,
    callback=_remember_verbose,
    help="List every warning (by default, alike warnings share one line with their count).",
)


def _print_problems(problems: list[Problem]) -> None:
    ctx = click.get_current_context(silent=True)
    verbose = bool(ctx and ctx.meta.get("tutoral.verbose"))
    for line in [str(p) for p in problems] if verbose else summary(problems):
        click.echo(line, err=True)


def _waiting() -> None:
    click.echo("tutoral: another build of this project is running; waiting for it...", err=True)


def _fail(exc: TutoralError) -> NoReturn:
    if isinstance(exc, ContentError):
        _print_problems(exc.problems)
    click.secho(f"tutoral: {exc}", fg="red", err=True)
    sys.exit(exc.exit_code)


def _progress(quiet: bool) -> bool:
    """Progress lines go to a terminal, not to CI logs, and never with --quiet."""
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


def _paths(
    root: Path, content_dir: Path | None = None, *, need_config: bool = False
) -> pipeline.Paths:
    paths = pipeline.Paths.of(root, content_dir)
    if not paths.content.is_dir():
        raise UsageError(f"no content folder at {paths.content}")
    if need_config and not paths.config.is_file():
        raise UsageError(f"no mkdocs.yml in {root.resolve()}: run tutoral from the project folder")
    return paths


def _checked(content_dir: Path | None, root: Path = Path(".")) -> tuple[Project, list[Problem]]:
    """The validated project of DIR, or exit with every problem printed."""
    try:
        project, problems, _ = pipeline.check(_paths(root, content_dir))
    except TutoralError as exc:
        _fail(exc)
    return project, problems


def _generate(paths: pipeline.Paths, quiet: bool, *, resume: bool = False) -> Callable[[], None]:
    """Generate; return what waits for the generator's cache to be saved (``resume``)."""
    saved: Callable[[], None] = lambda: None  # noqa: E731
    if resume:
        generated, saved = pipeline.resume(paths)
    else:
        generated = pipeline.generate(paths)
    _print_problems(generated.warnings)
    if _progress(quiet):
        changed = len(generated.report.written) if generated.report else 0
        seconds = sum(generated.timings.values())
        click.echo(
            f"tutoral: {generated.pages} files generated ({changed} changed)"
            f" in {seconds:.1f} s; MkDocs is building the site...",
            err=True,
        )
    return saved


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tutoral_gen")
def main() -> None:
    """Tutoring-engineering handbooks: YAML scenarios in content/, a MkDocs Material site out.

    \b
    Examples:
      tutoral new mon-manuel    start a handbook project
      tutoral check             validate content/ and list every problem
      tutoral report            the figures of every scenario in the terminal
      tutoral build             generate the pages and build site/
      tutoral serve             live preview at http://127.0.0.1:8000/
      tutoral pack              a zip of the handbook that works offline
      tutoral diff main         what the working copy changes to the figures

    Exit codes: 0 ok, 1 content errors (or MkDocs failed), 2 usage errors, 3 a fault of the
    operating system (read-only, disk full, busy folder, no permission).
    """


@main.command()
@CONTENT
@VERBOSE
def check(content_dir: Path | None, verbose: bool) -> None:
    """Validate DIR (default: content/) and print every problem; exit 1 if any.

    \b
    Examples:
      tutoral check
      tutoral check path/to/content
    """
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
    """Print the figures of every scenario: tutoring time, rate, classes, time per role.

    \b
    Examples:
      tutoral report
      tutoral report --json > figures.json
    """
    project, _ = _checked(content_dir)
    figures = compute(project)
    click.echo(report.as_json(project, figures) if as_json else report.as_table(project, figures))


@main.command(name="build")
@PROJECT
@QUIET
@click.option("--strict", is_flag=True, help="Treat MkDocs warnings as errors.")
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    callback=_remember_verbose,
    help="List every warning, and show MkDocs' own progress.",
)
def build_command(root: Path, quiet: bool, strict: bool, verbose: bool) -> None:
    """Generate the pages into build/docs/, then build site/ with MkDocs.

    A failed build leaves the previous site/ exactly as it was.

    \b
    Examples:
      tutoral build
      tutoral build --strict --quiet      (in CI)
    """
    try:
        paths = _paths(root, need_config=True)
        with folders.one_build(paths.root, _waiting):
            saved = _generate(paths, quiet, resume=True)
            try:
                how = engine.build_site(
                    paths.config, paths.site, strict=strict, verbose=verbose,
                    cache=paths.cache, whole={"templates": paths.templates},
                )  # fmt: skip
            finally:
                saved()
    except TutoralError as exc:
        _fail(exc)
    except OSError as exc:  # any refusal the adapters did not name: still one line
        _fail(FaultError.of(exc, "build"))
    if not quiet:
        click.echo(f"tutoral: {how}", err=True)
        click.echo(f"site built: open {(paths.site / 'index.html').resolve()}")


def _shim(root: Path) -> Path:
    """The iframe-worker shim, from its npm package, for search from file://."""
    candidates = [os.environ.get("TUTORAL_IFRAME_WORKER", "")]
    for base in (root.resolve(), Path(__file__).resolve().parents[1]):
        candidates.append(str(base / "node_modules/iframe-worker/shim/index.js"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise UsageError(
        "offline search needs the iframe-worker shim: run `npm install"
        " iframe-worker@1.0.4` in the project, or set TUTORAL_IFRAME_WORKER"
    )


@main.command()
@PROJECT
@QUIET
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The zip to write (default: <project>/handbook.zip).",
)
def pack(root: Path, quiet: bool, output: Path | None) -> None:
    """A zip of the handbook that works opened from the disk, with no network.

    Navigation, search and charts work from file://; unzip it and open index.html.

    \b
    Examples:
      tutoral pack
      tutoral pack -o manuel-tutorat.zip
    """
    try:
        paths = _paths(root, need_config=True)
        shim = _shim(root)
        with folders.one_build(paths.root, _waiting):
            _generate(paths, quiet)
            archive = output or root / "handbook.zip"
            with tempfile.TemporaryDirectory(prefix="tutoral-pack-") as tmp:
                site = Path(tmp) / "site"
                engine.build_site(paths.config, site, offline_shim=shim)
                count = engine.pack(site, archive)
    except TutoralError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(FaultError.of(exc, "write"))
    if not quiet:
        click.echo(f"{archive} written ({count} files): unzip it and open index.html")


@main.command()
@PROJECT
@click.option("--dev-addr", "-a", metavar="IP:PORT", help="Address to serve on (127.0.0.1:8000).")
def serve(root: Path, dev_addr: str | None) -> None:
    """Live preview: a change in content/ or templates/ regenerates and reloads the browser.

    \b
    Examples:
      tutoral serve
      tutoral serve -a 127.0.0.1:8001
    """
    loader, memo = Loader(), Memo()
    try:
        paths = _paths(root, need_config=True)
        pipeline.generate(paths, loader, memo=memo)
    except TutoralError as exc:
        _fail(exc)

    def regenerate() -> list[str] | None:
        """The docs files written or removed; None when the content has errors."""
        try:
            with folders.one_build(paths.root, _waiting):
                report = pipeline.generate(paths, loader, memo=memo).report
        except ContentError as exc:
            _print_problems(exc.problems)
            click.secho(
                "tutoral: content has errors; the preview keeps the last good pages",
                fg="red",
                err=True,
            )
            return None
        except TutoralError as exc:  # a fault of the system: said, and the preview goes on
            click.secho(f"tutoral: {exc}", fg="red", err=True)
            return None
        changed = (*report.written, *report.removed) if report is not None else ()
        docs = f"{urls.DOCS}/"
        return [path.removeprefix(docs) for path in changed if path.startswith(docs)]

    engine.serve(
        paths.config,
        [paths.content, paths.templates],
        regenerate,
        whole={"templates": paths.templates},
        dev_addr=dev_addr,
        report=lambda line: click.echo(f"tutoral: {line}", err=True),
    )


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default="fr",
    show_default=True,
    help="Language of the handbook and of the example content.",
)
@click.option(
    "--vendor",
    "wheel",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="WHEEL",
    help="Put this tool's wheel (tutoral_gen-<version>-py3-none-any.whl, from its release) in"
    " vendor/ and install it from there: for CI that reaches no index serving tutoral_gen.",
)
def new(folder: Path, lang: str, wheel: Path | None) -> None:
    """Create a ready-to-build handbook project in FOLDER (new or empty).

    It holds mkdocs.yml, a small example content/ (a scenario, roles, a charter), JSON Schemas
    for the editor, a README for coordinators, .gitignore, CI files that publish the site on
    GitHub Pages and GitLab Pages, and requirements.txt, which pins this tool and the site
    engine at the versions running now.

    \b
    Examples:
      tutoral new manuel-tutorat
      tutoral new tutoring-handbook --lang en
      tutoral new manuel-tutorat --vendor tutoral_gen-0.1.0-py3-none-any.whl
    """
    try:
        written = scaffold.create(folder, lang, wheel)
    except TutoralError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(FaultError.of(exc, "write"))
    click.echo(f"{len(written)} files written in {folder}: cd {folder} && tutoral build")


@main.command(name="diff")
@click.argument("before")
@click.argument("after", required=False)
@PROJECT
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
def diff_command(before: str, after: str | None, root: Path, as_json: bool) -> None:
    """What changed between two versions: items and figures (tutoring time, rate, budget gap,
    time per role).

    BEFORE and AFTER are Git revisions or content folders; AFTER defaults to the working copy.

    \b
    Examples:
      tutoral diff main                   the working copy against main
      tutoral diff v1.0 v1.1 --json
      tutoral diff ../old-content content
    """
    try:
        with (
            git.content_at(before, root) as old,
            git.content_at(after or str(root / "content"), root) as new,
        ):
            projects = []
            for folder in (old, new):
                project, _, _ = pipeline.check(pipeline.Paths.of(folder.parent, folder))
                projects.append((project, compute(project)))
    except TutoralError as exc:
        _fail(exc)
    changes = differ.compare(*projects[0], *projects[1])
    if as_json:
        click.echo(json.dumps(differ.as_data(changes), ensure_ascii=False, indent=2))
    else:
        click.echo(differ.as_table(changes, projects[0][0], projects[1][0]))


@main.command(name="traces")
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
    try:
        paths = _paths(root)
        if copy is not None:
            _pseudonymise(paths, copy, quiet)
            return
        if scenario is None or not files:
            raise UsageError(
                "give a scenario and at least one export: tutoral traces SCENARIO FILE..."
            )
        outcome = tracer.run(paths, scenario, [Path(f) for f in files], jobs)
    except TutoralError as exc:
        _fail(exc)
    except OSError as exc:  # any refusal the adapters did not name: still one line
        _fail(FaultError.of(exc, "read"))
    _print_problems(outcome.warnings)
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
        for what, count in outcome.read.unknown.most_common(10):
            click.echo(f"tutoral: not attributed to a person: {count} × {what}", err=True)


def _pseudonymise(paths: pipeline.Paths, copy: tuple[Path, Path], quiet: bool) -> None:
    source, target = copy
    size = tracer.pseudonymise(paths, source, target)
    if not quiet:
        key = paths.root / tracer.PRIVATE / tracer.KEY
        click.echo(
            f"{target} written ({size} bytes): names replaced by pseudonyms, user ids replaced,"
            f" IP and e-mail addresses removed; the key is {key}"
        )
