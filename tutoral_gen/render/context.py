"""What every section of the handbook renders with: the project, its figures, the templates.

Markdown templates have no autoescape (it is HTML escaping, wrong for Markdown): every text from
YAML goes through the ``md`` filter. SVG templates are autoescaped as the XML they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import jinja2

from ..compiled import Compiled
from ..domain.figures import Figures
from ..domain.project import Project
from ..domain.scenario import Scenario
from ..errors import Problem
from ..i18n import Numbers, labels
from ..typography import Typography
from . import urls
from .markup import escape_md
from .memo import Made, Memo
from .nav import Item, Link, title
from .nav import Section as NavSection
from .safety import sanitised

T = TypeVar("T")

VOLUME_SHEETS = 300
"""Above this many sheets a page that lists every sheet would be too long to read, print or
rebuild at each edit: the print version comes in volumes (one per scenario, one for the rest)
and each role page lists its time per scenario, each scenario's page its interventions."""

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""The default templates, carried by the package (a link to the repository's ``templates/``)."""
LABELS = Path(__file__).resolve().parent.parent / "data" / "labels"


def environment(template_dir: Path) -> jinja2.Environment:
    """Templates of the project's ``templates/`` first, then the package's: a project overrides
    a default template by writing a file of the same name, as Material's overrides do."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([template_dir, PACKAGE_TEMPLATES]),
        autoescape=jinja2.select_autoescape(["svg", "html", "xml"], default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = escape_md
    env.globals["urls"] = urls
    return env


def template_problems(template_dir: Path, root: Path) -> list[Problem]:
    """Every syntax error of a project's own templates (``templates/``), located: ``check``
    finds them without rendering anything."""
    env = environment(template_dir)
    problems = []
    for path in sorted(template_dir.rglob("*")) if template_dir.is_dir() else []:
        if not path.is_file() or path.suffix not in (".j2", ".svg", ".html", ".md"):
            continue
        try:
            env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            line = exc.lineno or 1
            problems.append(Problem(shown, f"template error: {exc.message}", line=line, column=1))
        except UnicodeDecodeError:
            shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            problems.append(Problem(shown, "not UTF-8 text; save the template as UTF-8"))
    return problems


def front_matter(text: str, *, wide: bool = False, source: str = "") -> str:
    """YAML front matter giving a generated page its title (it wins over the H1 in MkDocs).

    A ``wide`` page (a table of many columns) hides Material's table of contents. ``source``
    is the content file the page is made from (``content/charter.yaml``), where the site's
    "edit this page" action leads; "" for a page that has no one source (no action).
    """
    hide = "hide: [toc]\n" if wide else ""
    # A JSON string is a YAML double-quoted scalar, and json.dumps is ~50x faster than yaml.dump.
    head = f"---\ntitle: {json.dumps(title(text), ensure_ascii=False)}\n{hide}"
    return head + f"edit_source: {json.dumps(source, ensure_ascii=False)}\n---\n\n"


def body(text: str) -> str:
    """A page's Markdown without its front matter (what the print version and the documents
    gather)."""
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


class Context:
    """Renders the pages of one project; one instance per build (templates compiled once)."""

    def __init__(
        self, template_dir: Path, project: Project, figures: Figures, memo: Memo | None = None
    ) -> None:
        self.env = environment(template_dir)
        self.source = project
        """The project as written: its bodies' message templates are quoted from it."""
        self.t = labels(project.language)
        self.n = Numbers(project.language)
        self.typography = Typography(project.language)
        """How the content's text is set (apostrophes, quotes, no-break spaces)."""
        self.env.filters["md"] = self.md
        self.env.globals["plural"] = self.n.plural
        self.env.globals["n"] = self.n
        self.project = sanitised(project, self.typography)
        """The project every page renders, its Markdown bodies sanitised (safety.py)."""
        self.figures = figures
        self.roles = {r.id: r for r in project.roles}
        self.owners = {i.id: s.id for s in project.scenarios for i in s.interventions}
        """Intervention id -> the id of its scenario."""
        self.radars = {r.id: r for r in figures.constraints}
        """Intervention id -> its constraint radar, for those scored."""
        self.volumes = sum(len(s.interventions) for s in project.scenarios) > VOLUME_SHEETS
        """A large handbook: printed in volumes, role pages summed up by scenario."""
        self.memo = memo if self.volumes else None
        """Scenarios rendered before (a small handbook prints every sheet on one page: it
        renders them all each time)."""
        if self.memo is not None:
            self.memo.begin([template_dir, PACKAGE_TEMPLATES, LABELS], project)
            self.env.bytecode_cache = Compiled(self.memo.compiled)
        self.kept: set[str] = set()
        """Docs paths of the scenarios the memo spared: their files stay as they are."""

    def md(self, text: object) -> str:
        """Text from YAML, set (typography.py) and escaped where it lands in Markdown."""
        return escape_md(self.typography.text(str(text)))

    def render(self, name: str, page: str, **context: Any) -> str:
        """Template ``name`` for the page at ``page``, whose ``link(target)`` is relative to it."""
        template = self.env.get_template(name)
        return template.render(t=self.t, link=lambda target: urls.relative(page, target), **context)

    def svg(self, name: str, chart: Any, extra: dict[str, Any] | None = None) -> str:
        text = self.env.get_template(name).render(chart=chart, **(extra or {}))
        text = self.typography.html(text)  # its labels are reader text, from the content too
        # A blank line would end the raw HTML block in Markdown.
        return "\n".join(line for line in text.splitlines() if line.strip())

    def reuse(self, s: Scenario, into: Part, render: Callable[[Part], NavSection]) -> NavSection:
        """A scenario's nav entry, its pages rendered by ``render`` and added to ``into``,
        unless the memo holds them unchanged: their paths then go to :attr:`kept`."""
        key = b""
        if self.memo is not None:
            radars = tuple(self.radars.get(i.id) for i in s.interventions)
            key = self.memo.key(s, self.figures, radars)
            made = self.memo.reuse(s.id, key)
            if made is not None:
                self.kept.update(made.paths)
                return made.nav
        part = Part()
        entry = render(part)
        into.pages |= part.pages
        if self.memo is not None:
            self.memo.made[s.id] = Made(key, entry, (*part.pages, urls.print_volume(s.id)))
        return entry

    def share(self, s: Scenario, name: str, make: Callable[[], T]) -> T:
        """Scenario ``s``'s share ``name`` of a file that sums up every scenario, as ``make``
        makes it, or as it made it for the pages the memo holds unchanged (call after
        :meth:`reuse` for ``s``)."""
        made = self.memo.made.get(s.id) if self.memo is not None else None
        if made is None:
            return make()
        if name not in made.shares:
            made.shares[name] = make()
        return made.shares[name]  # type: ignore[no-any-return]

    def sheet_link(self, page: str, item_id: str) -> str:
        """The link from ``page`` to an intervention's sheet."""
        return urls.relative(page, urls.sheet(self.owners[item_id], item_id))


@dataclass
class Part:
    """What one section adds to the handbook."""

    pages: dict[str, str] = field(default_factory=dict)
    """Markdown pages (front matter included) by path."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Downloadable files by path."""
    nav: list[Item] = field(default_factory=list)
    """Its entries in the navigation."""

    def add(self, path: str, name: str, text: str, *, wide: bool = False, source: str = "") -> Link:
        """A page with its title ``name``, made from the content file ``source``; returns its
        nav link."""
        self.pages[path] = front_matter(name, wide=wide, source=source) + text
        return Link(path, name)


class Section(Protocol):
    """A part of the handbook: the pages, files and nav entries it renders from a context."""

    def __call__(self, ctx: Context) -> Part: ...
