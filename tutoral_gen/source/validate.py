"""Raw content to the typed model, collecting every problem (nothing stops at the first).

Two phases, like a configuration's pre- and post-validation: :func:`declared.declare` first reads
every id the content declares; then each file is validated on its own merits, its references
checked against those ids. A problem in one file never hides one in another, and a broken item
is reported once, not again at every reference to it.

The tables of :class:`~tutoral_gen.source.fields.Field` below (and in the sibling modules) are
the content format: each key, its validator and what it means.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection
from importlib import resources

from ..domain.project import DEFAULT_TIMEZONE, Page, Project
from ..domain.scenario import Norm, RateBasis, Role
from ..errors import Problem
from ..policy import HTML_PAGES, MARKDOWN_PAGES, Unsafe, unsafe_document, unsafe_markup
from . import audit, catalogues, diffusion, scenarios, settings, system, yamlio
from .declared import declare
from .fields import (
    Field,
    MapOf,
    Reader,
    Record,
    Records,
    boolean,
    choice,
    identifier,
    label,
    listed,
    nested,
    non_negative,
    one_of,
    positive_number,
    span,
    text,
    title,
)
from .files import Content, Document
from .when import timezone

LANGUAGES = settings.LANGUAGES
PAPERS = ("a4", "letter")
CURRENCY = label(8, numbers=False, expected="a currency symbol or code (€, EUR, CHF)")
"""A currency is a short text beside every cost, never a number."""

PROJECT = {
    "title": Field(title, "the handbook's title", required=True),
    "description": Field(text, "a paragraph for the home page"),
    "organisation": Field(title, "who publishes the handbook: on the documents' covers"),
    "licence": Field(
        settings.licence,
        "the SPDX id of the handbook's licence (CC-BY-SA-4.0...): its interventions are then"
        " offered to other handbooks; none: nothing is offered",
    ),
    "authors": Field(settings.authors, "who wrote the handbook: a name or a list of names"),
    "paper": Field(one_of(*PAPERS), "the documents' paper size: a4 (default) or letter"),
    "language": Field(one_of(*LANGUAGES), "language of the handbook: fr (default) or en"),
    "raw_html": Field(boolean, "trust raw HTML in sheet bodies (default false: sanitised)"),
    "timezone": Field(timezone, "time zone of the calendar (default Europe/Paris)"),
    "currency": Field(CURRENCY, "currency of the costs: a symbol or a code (default €)"),
    "rate_basis": Field(
        choice(RateBasis),
        "what rates and budgets count: interventions (default) or all (with the virtual classes)",
    ),
    "rate_scale": Field(
        nested, "named bands of the taux tutoral, lowest first", shape=Records(settings.BAND)
    ),
    "deliverables": Field(
        nested,
        "status, owner and due date of each deliverable",
        shape=Record(settings.DELIVERABLES),
    ),
    "catalogues": Field(
        nested,
        "catalogues of other handbooks reused: a name -> {url: ...} or {path: ...}",
        shape=MapOf(Record(catalogues.SOURCE)),
    ),
}
ROLE = {
    "id": Field(identifier, "the role's id, used by interventions", required=True),
    "title": Field(title, "the role's name", required=True),
    "description": Field(text, "what the role is for"),
    "functions": Field(listed(identifier, single_ok=True), "the functions of tutoring it carries"),
    "hourly_cost": Field(non_negative, "cost of an hour of this role"),
    "max_hours_per_week": Field(positive_number, "most hours a tutor of this role gives a week"),
}
NORM = {
    "id": Field(identifier, "the norm's id, used by 'norm:'", required=True),
    "title": Field(title, "the unit of work it measures", required=True),
    "minutes": Field(span, "minutes per unit: a number or [min, max]", required=True),
    "unit": Field(title, "the unit counted (message, page...)", required=True),
    "source": Field(text, "where the figure comes from"),
}


def shipped(name: str, language: str) -> Document:
    """A data file that ships with tutoral_gen, in the project's language (French by default)."""
    data = resources.files("tutoral_gen").joinpath("data")
    localised = data.joinpath(f"{name}.{language}.yaml")
    path = localised if localised.is_file() else data.joinpath(f"{name}.yaml")
    text_ = path.read_text("utf-8")
    return Document(f"tutoral_gen/data/{path.name}", text_, yamlio.parse(text_))


class Readers:
    """One :class:`Reader` per file read, and the problems that belong to no reader."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.readers: list[Reader] = []
        self.problems: list[Problem] = [d.error for d in content.yaml.values() if d.error]
        self.problems += [note for d in content.yaml.values() for note in d.notes]

    def __call__(self, doc: Document) -> Reader:
        self.readers.append(Reader(doc.rel))
        return self.readers[-1]

    def required(self, name: str) -> Document | None:
        """A file the project must have, parsed; a problem if it is missing."""
        doc = self.content.yaml.get(name)
        shown = f"{self.content.prefix}{name}"
        unreadable = any(p.file == shown for p in self.content.problems)
        if doc is None and not unreadable:  # one problem per file: "not UTF-8" says it all
            self.problems.append(
                Problem(f"{self.content.prefix}{name}", "required file is missing")
            )
        return doc if doc is not None and doc.error is None else None

    def all(self) -> list[Problem]:
        return self.problems + self.content.problems + [p for r in self.readers for p in r.problems]


def project(
    content: Content, reserved: Collection[str], today: datetime.date
) -> tuple[Project | None, list[Problem]]:
    """Validate everything read from ``content/``; the project is None if anything is wrong.

    ``reserved`` are the paths the generated handbook takes, which hand-written pages may not;
    ``today`` dates the deliverables' follow-up.
    """
    readers = Readers(content)
    meta_doc = readers.required("project.yaml")
    meta_read = readers(meta_doc) if meta_doc else Reader("")
    meta = (meta_read.record(meta_doc.data, (), PROJECT, partial=True) if meta_doc else None) or {}
    language = meta.get("language", "fr")
    own_matrix = content.yaml.get("objectives.yaml")
    matrix = system.matrix(
        shipped("objectives", language),
        own_matrix if own_matrix is not None and own_matrix.error is None else None,
        readers(own_matrix) if own_matrix is not None else Reader(""),
    )
    norms_data = shipped("norms", language)
    declared = declare(content, norms_data.data, tuple(o.id for o in matrix.objectives))
    functions = [f.id for f in matrix.functions]
    roles = _roles(readers.required("roles.yaml"), readers, functions)
    norms = _norms(norms_data, content.yaml.get("norms.yaml"), readers)
    named = catalogues.sources(meta_read, meta.pop("catalogues", None))
    lock_doc = content.yaml.get(catalogues.LOCK)
    vendored, found = catalogues.vendored(
        content, named, readers(lock_doc) if lock_doc is not None else Reader("")
    )
    readers.problems += found
    reused = (vendored, meta.get("licence"))
    valid = scenarios.scenarios(content, declared, norms, readers, reused)
    system_doc = content.yaml.get("system.yaml")
    the_system = None
    if system_doc is not None and system_doc.data is not None:
        the_system = system.system(system_doc, readers(system_doc), matrix, declared)
    zone = meta.get("timezone", DEFAULT_TIMEZONE)
    the_audit, log_problems = audit.audit(content, readers, declared, zone)
    the_diffusion = diffusion.diffusion(content, readers, declared, valid)
    pages = _pages(content, reserved, readers.problems, trusted=bool(meta.get("raw_html")))
    meta["rate_scale"] = settings.rate_scale(meta_read, meta.get("rate_scale"))
    meta["deliverables"] = settings.deliverables(
        meta_read, meta.get("deliverables"), declared, today
    )
    problems = readers.all() + log_problems
    problems += settings.offered("licence" in meta, valid, f"{content.prefix}project.yaml")
    if meta_doc is None or any(p.severity == "error" for p in problems):
        return None, problems
    return Project(
        **meta,
        roles=tuple(roles.values()),
        norms=tuple(norms.values()),
        scenarios=tuple(valid),
        pages=pages,
        matrix=matrix,
        system=the_system,
        audit=the_audit,
        diffusion=the_diffusion,
    ), problems


def _roles(
    doc: Document | None, reader: Callable[[Document], Reader], functions: list[str]
) -> dict[str, Role]:
    if doc is None:
        return {}
    read = reader(doc)
    top = read.record(doc.data, (), {"roles": Field(nested, "the roles", True)})
    roles: dict[str, Role] = {}
    seen: dict[str, str] = {}  # lower-cased: a role id names a page
    for index, raw in read.records(top["roles"] if top else None, ("roles",), ROLE):
        if raw["id"].lower() in seen:
            also = (
                f" (also {seen[raw['id'].lower()]!r})"
                if seen[raw["id"].lower()] != raw["id"]
                else ""
            )
            read.problem(("roles", index, "id"), f"duplicate role id {raw['id']!r}{also}")
        seen[raw["id"].lower()] = raw["id"]
        for n, function in enumerate(raw.get("functions", ())):
            read.known(("roles", index, "functions", n), function, functions, "function")
        roles[raw["id"]] = Role(**raw)
    if top and not roles and not read.problems:
        read.problem(("roles",), "expected at least one role, found none")
    return roles


def _norms(
    shipped_doc: Document, own: Document | None, reader: Callable[[Document], Reader]
) -> dict[str, Norm]:
    norms: dict[str, Norm] = {}
    for doc in (shipped_doc, own):
        if doc is None or doc.error is not None:
            continue
        read = reader(doc)
        top = read.record(doc.data, (), {"norms": Field(nested, "the norms", True)})
        seen: set[str] = set()
        for index, raw in read.records(top["norms"] if top else None, ("norms",), NORM):
            if raw["id"] in seen:
                read.problem(("norms", index, "id"), f"duplicate norm id {raw['id']!r}")
            seen.add(raw["id"])
            norms[raw["id"]] = Norm(**raw)
    return norms


def _pages(
    content: Content, reserved: Collection[str], problems: list[Problem], *, trusted: bool
) -> tuple[Page, ...]:
    """Hand-written pages, carried as written: refused when they take a generated path, or
    (unless ``raw_html: true``) when a browser would find markup outside the allow-list in them
    (Markdown pages as MkDocs renders them, HTML pages as they are)."""
    pages = []
    for rel, data in sorted(content.pages.items()):
        shown = f"{content.prefix}pages/{rel}"
        taken = _taken(rel, reserved)
        if taken is not None:
            message = f"{taken!r} is a path the generated handbook uses; rename this file"
            problems.append(Problem(shown, message))
            continue
        unsafe = None if trusted else _unsafe(rel, data)
        if unsafe is not None:
            message = (
                f"{unsafe.what} is not allowed in a page: it could run in readers' browsers;"
                " remove it, or trust raw HTML with raw_html: true in project.yaml"
            )
            problem = Problem(shown, message)
            if unsafe.line is not None:
                problem = problem.located(unsafe.line, unsafe.column or 1)
            problems.append(problem)
            continue
        pages.append(Page(path=rel, data=data))
    return tuple(pages)


def _unsafe(rel: str, data: bytes) -> Unsafe | None:
    """What a browser would find outside the allow-list in a page: a Markdown page as MkDocs
    renders it, an HTML page as it is; other files (images...) are not read as pages."""
    if rel.lower().endswith(HTML_PAGES):
        return unsafe_document(data)
    if not rel.endswith(MARKDOWN_PAGES):
        return None
    try:
        return unsafe_markup(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return Unsafe(f"text that is not UTF-8 (byte {exc.start})")


def _taken(rel: str, reserved: Collection[str]) -> str | None:
    """The generated path (file or folder) a hand-written page would collide with, if any."""
    lowered = {r.lower(): r for r in reserved}
    parts = rel.split("/")
    for n in range(1, len(parts) + 1):
        prefix = "/".join(parts[:n]).lower()
        if prefix in lowered:
            return lowered[prefix]
    return None
