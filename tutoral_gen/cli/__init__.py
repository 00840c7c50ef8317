"""The ``tutoral`` command: turns exceptions into messages and exit codes, nothing else.

Each command parses its arguments and calls one function of the pipeline or of
:mod:`tutoral_gen.commands`; what the commands share is in :mod:`.shared`, ``tutoral traces``
in :mod:`.traces`.

Exit codes: 0 ok, 1 content errors (or the site engine failed), 2 usage errors,
3 an operating-system fault (read-only, disk full, busy, no permission).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from .. import pipeline
from ..adapters import engine, folders, git
from ..commands import diff as differ
from ..commands import report, scaffold
from ..domain.figures import compute
from ..errors import ContentError, FaultError, TutoralError, UsageError
from ..render import urls
from ..render.memo import Memo
from ..source.files import Loader
from .answers import answers_command
from .catalogue import catalogue_command
from .shared import (
    CONTENT,
    PROJECT,
    QUIET,
    VERBOSE,
    checked,
    fail,
    generate_docs,
    paths_of,
    print_problems,
    remember_verbose,
    waiting,
)
from .traces import traces_command


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
      tutoral traces module-1 private/logs.csv   measure module-1 from the platform's log
      tutoral answers GUIDE private/answers.csv  a questionnaire's answers, aggregated

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
    project, problems = checked(content_dir)
    print_problems(problems)
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
    project, _ = checked(content_dir)
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
    callback=remember_verbose,
    help="List every warning, and show MkDocs' own progress.",
)
@click.option(
    "--pdf", is_flag=True, help="Make the documents too (PDF), linked from the home page."
)
def build_command(root: Path, quiet: bool, strict: bool, verbose: bool, pdf: bool) -> None:
    """Generate the pages into build/docs/, then build site/ with MkDocs.

    A failed build leaves the previous site/ exactly as it was. With --pdf, the documents
    (the handbook, the charters, each tutor's booklet, the audit report) are made too, into
    site/telechargements/, each rendered again only when its content changed.

    \b
    Examples:
      tutoral build
      tutoral build --pdf
      tutoral build --strict --quiet      (in CI)
    """
    _build(root, quiet, strict, verbose, pdf)


@main.command(name="pdf")
@PROJECT
@QUIET
@click.option("--strict", is_flag=True, help="Treat MkDocs warnings as errors.")
@click.option(
    "--verbose", "-v", is_flag=True, callback=remember_verbose, help="List every warning."
)
def pdf_command(root: Path, quiet: bool, strict: bool, verbose: bool) -> None:
    """Make the documents an institution receives, as PDF, and the site that links them.

    The whole handbook, the tutors' and the learners' charters, one booklet per tutor role
    (its page, its sheets and virtual classes in course order, the tutors' charter) and the
    audit report, in site/telechargements/ (manuel.pdf, charte-tuteurs.pdf... in French).
    The same as `tutoral build --pdf`. Needs Pango (see the README).

    \b
    Examples:
      tutoral pdf
      SOURCE_DATE_EPOCH=1767225600 tutoral pdf     (byte-identical documents)
    """
    _build(root, quiet, strict, verbose, True)


def _build(root: Path, quiet: bool, strict: bool, verbose: bool, pdf: bool) -> None:
    try:
        paths = paths_of(root, need_config=True)
        with folders.one_build(paths.root, waiting):
            saved = generate_docs(paths, quiet, resume=True, documents=pdf)
            try:
                how = engine.build_site(
                    paths.config, paths.site, strict=strict, verbose=verbose,
                    cache=paths.cache, whole={"templates": paths.templates},
                )  # fmt: skip
            finally:
                saved()
    except TutoralError as exc:
        fail(exc)
    except OSError as exc:  # any refusal the adapters did not name: still one line
        fail(FaultError.of(exc, "build"))
    if not quiet:
        click.echo(f"tutoral: {how}", err=True)
        click.echo(f"site built: open {(paths.site / 'index.html').resolve()}")
        if pdf:
            made = sorted((paths.site / urls.DOWNLOADS).glob("*.pdf"))
            click.echo(f"{len(made)} documents (PDF) in {(paths.site / urls.DOWNLOADS).resolve()}")


def _shim(root: Path) -> Path:
    """The iframe-worker shim, from its npm package, for search from file://."""
    given = os.environ.get("TUTORAL_IFRAME_WORKER", "")
    if given and not Path(given).is_file():
        raise UsageError(
            f"TUTORAL_IFRAME_WORKER must be the path of iframe-worker's shim/index.js, found"
            f" {given[:60]!r}, which is no file"
        )
    candidates = [given]
    for base in (root.resolve(), Path(__file__).resolve().parents[2]):  # the repository
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
        paths = paths_of(root, need_config=True)
        shim = _shim(root)
        with folders.one_build(paths.root, waiting):
            generate_docs(paths, quiet)
            archive = output or root / "handbook.zip"
            with tempfile.TemporaryDirectory(prefix="tutoral-pack-") as tmp:
                site = Path(tmp) / "site"
                engine.build_site(paths.config, site, offline_shim=shim)
                count = engine.pack(site, archive)
    except TutoralError as exc:
        fail(exc)
    except OSError as exc:
        fail(FaultError.of(exc, "write"))
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
        paths = paths_of(root, need_config=True)
        pipeline.generate(paths, loader, memo=memo)
    except TutoralError as exc:
        fail(exc)

    def regenerate() -> list[str] | None:
        """The docs files written or removed; None when the content has errors."""
        try:
            with folders.one_build(paths.root, waiting):
                report = pipeline.generate(paths, loader, memo=memo).report
        except ContentError as exc:
            print_problems(exc.problems)
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
        fail(exc)
    except OSError as exc:
        fail(FaultError.of(exc, "write"))
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
        fail(exc)
    changes = differ.compare(*projects[0], *projects[1])
    if as_json:
        click.echo(json.dumps(differ.as_data(changes), ensure_ascii=False, indent=2))
    else:
        click.echo(differ.as_table(changes, projects[0][0], projects[1][0]))


main.add_command(traces_command)
main.add_command(answers_command)
main.add_command(catalogue_command)
