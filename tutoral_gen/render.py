"""Pages of the handbook rendered in memory from ``templates/``: Markdown, charts, the nav.

Markdown templates have no autoescape (it is HTML escaping, wrong for Markdown): every text from
YAML goes through the ``md`` filter. SVG templates are autoescaped as the XML they are.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import render_audit, render_diffusion, render_scenario, render_system
from .figures import ScenarioFigures
from .i18n import Numbers, labels
from .markup import escape_html, escape_md
from .model import Kind, Project, Scenario

GENERATED_CONFIG = "generated.yml"
"""The generated part of the MkDocs configuration (nav, site name, language), which the project's
``mkdocs.yml`` inherits with ``INHERIT: build/generated.yml``."""

PRINT = "impression.md"
"""The print version: every page of the handbook on one page."""

DOCS = "docs"
"""The generated docs folder, inside the output folder."""


PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The default templates, carried by the package (a link to the repository's ``templates/``)."""


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
    return env


@dataclass(frozen=True, slots=True)
class ScenarioSummary:
    """One row of the home page."""

    scenario: Scenario
    link: str
    course: str
    tutoring: str
    rate: str
    classes: str
    gap: str | None


class Renderer:
    """Renders every page of a project; one instance per build (templates compiled once)."""

    def __init__(self, template_dir: Path, project: Project) -> None:
        self.env = environment(template_dir)
        self.project = project
        self.t = labels(project.language)
        self.n = Numbers(project.language)
        self.roles = {r.id: r for r in project.roles}
        self.norms = {n.id: n for n in project.norms}
        self.owners = {i.id: s.id for s in project.scenarios for i in s.interventions}
        """Intervention id -> the id of its scenario."""

    def site(self, figures: Mapping[str, ScenarioFigures]) -> dict[str, bytes]:
        """Every generated file, by path inside the output folder."""
        pages: dict[str, str] = {}
        for scenario in self.project.scenarios:
            pages.update(render_scenario.pages(self, scenario, figures[scenario.id]))
        pages["normes.md"] = front_matter(self.t["norms_page"]) + self.norms_page()
        system_pages, system_nav = render_system.pages(self, figures)
        audit_pages, audit_nav = render_audit.pages(self, figures)
        diffusion = render_diffusion.pages(self, figures)
        pages.update(system_pages)
        pages.update(audit_pages)
        pages.update(diffusion.pages)
        sections = [
            *diffusion.nav.get("roles", []),
            *diffusion.nav.get("charter", []),
            *system_nav,
            *diffusion.nav.get("plan", []),
            *audit_nav,
        ]
        nav = self.nav(sections)
        pages["index.md"] = self.page(
            self.t["home"], self.home(figures, sections, sorted(diffusion.files)), wide=True
        )
        pages[PRINT] = self.print_page(pages, nav)
        nav.append({self.t["print"]: PRINT})
        out = {f"{DOCS}/{path}": text.encode() for path, text in pages.items()}
        out.update({f"{DOCS}/{path}": data for path, data in diffusion.files.items()})
        for page in self.project.pages:
            out[f"{DOCS}/{page.path}"] = page.data
        css = self.env.loader.get_source(self.env, "assets/tutoral.css")[0]  # type: ignore[union-attr]
        out[f"{DOCS}/assets/tutoral.css"] = css.encode()
        out[GENERATED_CONFIG] = self.config(nav).encode()
        return out

    # --- pages ---------------------------------------------------------------------------

    def home(
        self, figures: Mapping[str, ScenarioFigures], sections: list[Any], downloads: list[str]
    ) -> str:
        """The project, its scenarios with their headline figures, the parts of the handbook
        (each with its pages) and the downloads."""
        parts = []
        for section in sections:
            for title, entries in section.items():
                # Nav titles are HTML-escaped; here they land in Markdown.
                parts.append(
                    {
                        "title": escape_md(html.unescape(title)),
                        "pages": [
                            {"title": escape_md(html.unescape(name)), "path": path}
                            for entry in _flatten(entries)
                            for name, path in entry.items()
                        ],
                    }
                )
        rows = []
        for s in self.project.scenarios:
            f = figures[s.id]
            gap = self.n.signed_minutes(f.gap) if f.gap is not None else None
            rows.append(
                ScenarioSummary(
                    s,
                    f"scenarios/{s.id}/index.md",
                    self.n.minutes(s.course_minutes),
                    self.n.minutes(f.tutoring),
                    self.n.rate(f.rate),
                    self.n.minutes(f.class_total),
                    gap,
                )
            )
        pages = [
            {"title": self._page_title(p.path, p.data), "path": p.path}
            for p in self.project.pages
            if p.path.endswith(".md")
        ]
        return self.render(
            "home.md.j2",
            project=self.project,
            scenarios=rows,
            pages=pages,
            parts=parts,
            downloads=downloads,
            print_page=PRINT,
        )

    def norms_page(self) -> str:
        rows = [{"norm": n, "minutes": self.n.minutes(n.minutes)} for n in self.project.norms]
        return self.render("norms.md.j2", norms=rows)

    def nav(self, sections: list[Any]) -> list[Any]:
        """The navigation: home, hand-written pages, scenarios, ``sections``, the norms."""
        t = self.t
        scenario_nav: list[Any] = []
        groups: dict[str | None, list[Any]] = {}
        for s in self.project.scenarios:
            base = f"scenarios/{s.id}"
            # Every generated page gets its title here: MkDocs would otherwise take it from the
            # H1, unescape it, and Material prints it unescaped in <title>.
            section: list[Any] = [{_nav(s.title): f"{base}/index.md"}]
            for kind in Kind:
                sheets = [
                    {_nav(f"{i.id} — {i.title}"): f"{base}/{i.id}.md"}
                    for i in s.interventions
                    if i.kind is kind
                ]
                if sheets:
                    section.append({t["sheets_" + kind.value]: sheets})
            groups.setdefault(s.group, []).append({_nav(s.title): section})
        for group, entries in groups.items():
            scenario_nav += entries if group is None else [{_nav(group): entries}]
        nav: list[Any] = [{t["home"]: "index.md"}]
        nav += [p.path for p in self.project.pages if p.path.endswith(".md")]
        nav += [{t["scenarios"]: scenario_nav}, *sections, {t["norms_page"]: "normes.md"}]
        return nav

    def config(self, nav: list[Any]) -> str:
        """The generated MkDocs settings: site name, theme language and the nav."""
        config = {
            "site_name": _nav(self.project.title),
            "theme": {"language": self.project.language},
            "nav": nav,
        }
        header = "# Generated by tutoral_gen from content/: do not edit, it is rewritten.\n"
        # JSON is YAML (1.2) that MkDocs reads as such, and dumps fast for 10,000 nav entries.
        return header + json.dumps(config, ensure_ascii=False, indent=1) + "\n"

    def print_page(self, pages: Mapping[str, str], nav: list[Any]) -> str:
        """Every generated page in nav order on one page, links made relative to the root."""
        parts = [f"# {escape_md(self.project.title)}", self.t["print_intro"]]
        for path in _paths(nav):
            text = pages.get(path)
            if text is None:  # hand-written pages are printed from their own page
                continue
            body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
            parts.append(_rebase(body, posixpath.dirname(path)))
        # Kept out of the search index: every result would otherwise come twice.
        head = front_matter(self.t["print"]).replace("---\n\n", "search:\n  exclude: true\n---\n\n")
        return head + "\n\n".join(parts) + "\n"

    # --- helpers -------------------------------------------------------------------------

    def page(self, title: str, text: str, *, wide: bool = False) -> str:
        """A page's Markdown with the front matter that gives it its title.

        A ``wide`` page (a table of many columns) hides Material's table of contents.
        """
        return front_matter(title, wide=wide) + text

    @staticmethod
    def nav_title(title: str) -> str:
        return _nav(title)

    @staticmethod
    def md(text: str) -> str:
        return escape_md(text)

    def sheet_link(self, scenario_id: str, item_id: str, up: str = "") -> str:
        """The Markdown link target of a sheet, from a page ``up`` levels below the root."""
        return f"{up}scenarios/{scenario_id}/{item_id}.md"

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(t=self.t, **context)

    def svg(self, name: str, chart: Any, extra: dict[str, Any]) -> str:
        text = self.env.get_template(name).render(chart=chart, **extra)
        # A blank line would end the raw HTML block in Markdown.
        return "\n".join(line for line in text.splitlines() if line.strip())

    @staticmethod
    def _page_title(path: str, data: bytes) -> str:
        for line in data.decode("utf-8", "replace").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return posixpath.splitext(posixpath.basename(path))[0]


def _nav(title: str) -> str:
    """A page or section title for MkDocs, safe in the nav and in ``<title>``.

    Material prints nav titles without escaping, so they are HTML-escaped here; but it prints
    ``page.title | striptags`` in ``<title>``, and striptags unescapes: ``</title><script>``
    would come back to life there. So ``<`` and ``>`` become ‹ and › in titles (only there: the
    page's own heading keeps the exact text).
    """
    text = " ".join(title.split()).replace("<", "‹").replace(">", "›")
    return escape_html(text)


def front_matter(title: str, *, wide: bool = False) -> str:
    """YAML front matter giving a generated page its title (it wins over the H1 in MkDocs)."""
    hide = "hide: [toc]\n" if wide else ""
    # A JSON string is a YAML double-quoted scalar, and json.dumps is ~50x faster than yaml.dump.
    return f"---\ntitle: {json.dumps(_nav(title), ensure_ascii=False)}\n{hide}---\n\n"


_LINK = re.compile(r"\]\((?![a-z]+:|/|#)([^)\s]+)\)")


def _rebase(markdown: str, folder: str) -> str:
    """The Markdown links of a page in ``folder`` made relative to the handbook's root."""

    def rebase(match: re.Match[str]) -> str:
        return f"]({posixpath.normpath(posixpath.join(folder, match.group(1)))})"

    return _LINK.sub(rebase, markdown)


def _paths(nav: list[Any]) -> list[str]:
    """The page paths of a nav, in order."""
    out: list[str] = []
    for entry in nav:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            out += _paths(value) if isinstance(value, list) else [value]
    return out


def _flatten(entries: list[Any]) -> list[dict[str, str]]:
    """The ``{title: path}`` entries of a nav section, sub-sections included, in order."""
    out: list[dict[str, str]] = []
    for entry in entries:
        for title, value in entry.items():
            out += _flatten(value) if isinstance(value, list) else [{title: value}]
    return out
