"""The pipeline in one function: read, validate, compute, render, write.

Everything is read and checked before anything is written; a content mistake raises
:class:`ContentError` with every problem located, and the generated folder stays as it was.
"""

from __future__ import annotations

import dataclasses
import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import cycles
from .adapters import git, sealed, write
from .clock import today
from .domain.figures import Figures, compute
from .domain.project import Project
from .errors import ContentError, Problem
from .render import urls
from .source import validate, yamlio
from .source.files import Content, Loader

if TYPE_CHECKING:  # the renderer, its templates and Markdown: imported when a command renders
    from .render.catalogue import Publication
    from .render.memo import Memo
    from .render.printed import Made, Printing
    from .render.site import Rendered

GENERATOR = "generator.pickle"
"""What :func:`resume` keeps in ``build/.cache/``."""


@dataclass(frozen=True, slots=True)
class Paths:
    """Where a project keeps its files (the fixed layout)."""

    root: Path
    """The project folder, holding ``mkdocs.yml``."""
    content: Path
    """The sources: ``content/``."""
    templates: Path
    """The Jinja2 templates: ``templates/``."""
    out: Path
    """The generated folder: ``build/`` (``build/docs/`` and ``build/generated.yml``)."""
    site: Path
    """The built site: ``site/``."""
    config: Path
    """The MkDocs configuration: ``mkdocs.yml``."""
    cache: Path
    """What a build keeps for the next one: ``build/.cache/`` (:mod:`.adapters.sealed`)."""

    @classmethod
    def of(cls, root: Path, content: Path | None = None) -> Paths:
        return cls(
            root=root,
            content=content if content is not None else root / "content",
            templates=root / "templates",
            out=root / "build",
            site=root / "site",
            config=root / "mkdocs.yml",
            cache=root / "build" / sealed.FOLDER,
        )


@dataclass
class Generated:
    """What a generation produced."""

    project: Project
    """The validated model."""
    figures: Figures
    """Every figure of the project (the compute stage's one object)."""
    warnings: list[Problem]
    """Located warnings (the build went on)."""
    report: write.WriteReport | None
    """None when nothing was written (``check``)."""
    pages: int
    """Number of generated files."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each stage."""
    printed: tuple[str, ...] | None = None
    """The documents (PDF) rendered this time, the others unchanged; None: none asked."""


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def check(
    paths: Paths,
    loader: Loader | None = None,
    *,
    templates: bool = True,
    replacing: str | None = None,
) -> tuple[Project, list[Problem], Content]:
    """Read and validate; raise :class:`ContentError` with every located problem. Without
    ``templates``, the project's templates are not parsed (a command that renders nothing).
    ``replacing``: a file of ``content/`` the command is about to write anew (``audit/answers/
    g.yaml``), left out so that a broken one never stops its own repair."""
    content = (loader or Loader()).read(paths.content, paths.root)
    if replacing is not None and replacing in content.yaml:
        kept = {rel: doc for rel, doc in content.yaml.items() if rel != replacing}
        content = dataclasses.replace(content, yaml=kept)
    project, problems = validate.project(content, urls.reserved(), today())
    problems = locate(problems, content)
    if templates:
        from .render.context import template_problems

        problems += template_problems(paths.templates, paths.root)
    if project is None or any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    return project, problems, content


def generate(
    paths: Paths,
    loader: Loader | None = None,
    *,
    write_files: bool = True,
    memo: Memo | None = None,
    documents: bool = False,
) -> Generated:
    """Run the pipeline; ``loader`` keeps parsed files and ``memo`` rendered scenarios between
    calls (``tutoral serve``); with ``documents``, the PDF documents are made too."""
    with cycles.off():  # the model and the pages are trees: no cyclic garbage to collect
        return _generate(paths, loader or Loader(), write_files, memo, documents)


def _generate(
    paths: Paths, loader: Loader, write_files: bool, memo: Memo | None, documents: bool
) -> Generated:
    timings: dict[str, float] = {}
    printed: list[str] | None = [] if documents else None
    # 1. Read every file of content/ (unchanged files come from the loader's cache).
    with _timed(timings, "load"):
        content = loader.read(paths.content, paths.root)
    # 2. Validate into the typed model, collecting every problem; stop here if any.
    with _timed(timings, "validate"):
        project, problems = validate.project(content, urls.reserved(), today())
        if project is None:
            raise ContentError(locate(problems, content))
    # 3. Compute every figure, once, into one object; everything after only formats it.
    with _timed(timings, "compute"):
        figures = compute(project, today())
    # 4. Render every page in memory; a broken template is reported like content.
    with _timed(timings, "render"):
        try:
            rendering = memo if write_files else None
            rendered = _render(paths, project, figures, rendering, content, printed)
        except Exception as exc:  # a project's own template may fail in any way
            problem = _template_problem(exc, paths)
            if problem is None:
                raise
            raise ContentError([problem]) from None
    # 5. Write only what changed, atomically; remove what is no longer generated.
    report = None
    if write_files:
        with _timed(timings, "write"):
            sealed.forget(paths.cache / GENERATOR)  # it would describe the build/ of before
            report = write.sync(paths.out, rendered.files, kept=rendered.kept)
    warnings = locate([p for p in problems if p.severity == "warning"], content)
    pages = len(rendered.files) + len(rendered.kept)
    shown = tuple(printed) if printed is not None else None
    return Generated(project, figures, warnings, report, pages, timings, shown)


def resume(paths: Paths, *, documents: bool = False) -> tuple[Generated, Callable[[], None]]:
    """:func:`generate`, starting from what the last run kept in ``build/.cache/``: files that
    did not change are not parsed again, scenarios that did not change not rendered again.
    Returns what it generated and the function that waits for the cache to be saved (a child
    process saves it while the caller builds the site).

    The memo describes ``build/``: it is removed before ``build/`` changes and saved after,
    so a run killed in between leaves none and the next one renders everything."""
    from .render.memo import Memo

    cache = paths.cache / GENERATOR
    kept = sealed.load(cache, "generator")
    loader, memo = kept if isinstance(kept, Resumable) else Resumable(Loader(), Memo())
    # A content error leaves the cache as it was.
    generated = generate(paths, loader, memo=memo, documents=documents)
    cycles.settled()  # a one-shot run: what it made lives until the end
    return generated, sealed.save_aside(cache, Resumable(loader, memo), "generator")


class Resumable(NamedTuple):
    """What :func:`resume` keeps between runs."""

    loader: Loader
    """The files of ``content/`` as parsed, with their stamps."""
    memo: Memo
    """What the last render made of each scenario."""


def _render(
    paths: Paths,
    project: Project,
    figures: Figures,
    memo: Memo | None,
    content: Content,
    printed: list[str] | None,
) -> Rendered:
    from .render import site

    printing = _printing(paths, printed) if printed is not None else None
    published = _publication(paths, project.language)
    if memo is None:
        return site.render(paths.templates, project, figures, None, printing, published)
    if printing is not None:
        memo.made.clear()  # the documents print every page: none may be kept on disk only
    memo.sources = content.fingerprints
    try:
        rendered = site.render(paths.templates, project, figures, memo, printing, published)
        out = os.fspath(paths.out)  # strings: 10,000 pathlib joins cost more than the stats
        if not all(os.path.isfile(f"{out}/{rel}") for rel in rendered.kept):
            memo.made.clear()  # build/ was changed behind the memo's back: render everything
            rendered = site.render(paths.templates, project, figures, memo, printing, published)
        return rendered
    finally:
        memo.sources = {}  # they describe this run's content only


def _publication(paths: Paths, language: str) -> Publication:
    """What the catalogue says of the published handbook: its address (``site_url``), its
    version (``git describe``) and the JSON Schema it follows (its values named in the
    handbook's ``language``)."""
    from .adapters.engine import printing
    from .render.catalogue import Publication
    from .source import schema

    text = schema.dump(schema.catalogue(language))
    return Publication(printing.site_url(paths.config), git.version(paths.root), text)


def _own_fonts(paths: Paths) -> Path | None:
    """The project's fonts for its own print stylesheet: ``templates/pdf/fonts/``, when it is a
    folder of the project (not a link leading elsewhere)."""
    folder = paths.templates / "pdf" / "fonts"
    inside = folder.resolve().is_relative_to(paths.root.resolve())
    return folder if folder.is_dir() and not folder.is_symlink() and inside else None


def _printing(paths: Paths, printed: list[str]) -> Printing:
    """What the renderer needs to make the documents: the site's Markdown, the PDF engine (its
    documents cached in ``build/.cache/pdf/``), the site's address, the version and the date.
    ``printed`` receives the names of the documents rendered this time."""
    from .adapters import pdf
    from .adapters.engine import printing
    from .render.printed import Printing

    to_html, site_url = printing.settings(paths.config)
    fonts = _own_fonts(paths)

    def engine(made: Sequence[tuple[str, Made]]) -> tuple[dict[str, bytes], dict[str, int]]:
        jobs = [pdf.Job(name, m.html, m.resources, fonts) for name, m in made]
        result = pdf.render(jobs, paths.cache)
        printed.extend(result.rendered)
        return result.documents, result.pages

    return Printing(to_html, engine, site_url, git.version(paths.root), today())


def locate(problems: list[Problem], content: Content) -> list[Problem]:
    """Give each problem its line and column, parsing again only the files that have problems."""
    docs = {doc.rel: doc for doc in content.yaml.values()}
    parsed: dict[str, yamlio.Positions] = {}
    out = []
    for problem in problems:
        doc = docs.get(problem.file)
        if problem.line is None and doc is not None and problem.path:
            if doc.rel not in parsed:
                parsed[doc.rel] = yamlio.Positions(doc.text)
            position = parsed[doc.rel].of(problem.path, problem.at)
            if position is not None:
                problem = problem.located(*position)
        out.append(problem)
    return sorted(out, key=lambda p: (p.file, p.line or 0, p.column or 0))


def _template_problem(exc: Exception, paths: Paths) -> Problem | None:
    """The template and line where rendering failed, or None if no template is to blame."""
    import jinja2

    templates = paths.templates.resolve()
    line: int | None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name, line = exc.filename or exc.name or "templates/", exc.lineno
    else:
        frames = [
            f
            for f in traceback.extract_tb(exc.__traceback__)
            if Path(f.filename).resolve().is_relative_to(templates)
        ]
        if not frames and not isinstance(exc, jinja2.TemplateError):
            return None  # a bug of tutoral_gen itself: let it show
        name = frames[-1].filename if frames else "templates/"
        line = frames[-1].lineno if frames else None
    try:
        shown = Path(name).resolve().relative_to(paths.root.resolve()).as_posix()
    except ValueError:
        shown = str(name)
    message = getattr(exc, "message", None) or str(exc)
    return Problem(
        shown,
        f"template error: {type(exc).__name__}: {message}",
        line=line,
        column=1 if line else None,
    )
