"""Raw content to the typed model, collecting every problem (nothing stops at the first).

The tables of :class:`~tutoral_gen.fields.Field` below are the content format: each key, its
validator and what it means.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any

from . import validate_audit, validate_diffusion, validate_system, yamlio
from .errors import Problem
from .fields import (
    Field,
    Invalid,
    Reader,
    boolean,
    choice,
    date_value,
    fraction,
    identifier,
    listed,
    nested,
    non_negative,
    one_of,
    positive_number,
    span,
    suggest,
    text,
    time_of_day,
    timezone,
    whole,
)
from .load import Content, Document
from .model import (
    Intervention,
    Kind,
    Mode,
    Norm,
    Page,
    Per,
    Phase,
    Project,
    Range,
    Role,
    Scenario,
    SupportPlan,
    Synchrony,
    VirtualClass,
)
from .schema import Records

LANGUAGES = ("fr", "en")
DAY = whole(1, 3660)
"""A day of the course, counted from 1; ten years at most."""

PROJECT = {
    "title": Field(text, "the handbook's title", required=True),
    "description": Field(text, "a paragraph for the home page"),
    "language": Field(one_of(*LANGUAGES), "language of the handbook: fr (default) or en"),
    "raw_html": Field(boolean, "trust raw HTML in sheet bodies (default false: sanitised)"),
    "timezone": Field(timezone, "time zone of the calendar (default Europe/Paris)"),
    "currency": Field(text, "currency of the costs (default €)"),
}
ROLE = {
    "id": Field(identifier, "the role's id, used by interventions", required=True),
    "title": Field(text, "the role's name", required=True),
    "description": Field(text, "what the role is for"),
    "functions": Field(listed(identifier, single_ok=True), "the functions of tutoring it carries"),
    "hourly_cost": Field(non_negative, "cost of an hour of this role"),
    "max_hours_per_week": Field(positive_number, "most hours a tutor of this role gives a week"),
}
NORM = {
    "id": Field(identifier, "the norm's id, used by 'norm:'", required=True),
    "title": Field(text, "the unit of work it measures", required=True),
    "minutes": Field(span, "minutes per unit: a number or [min, max]", required=True),
    "unit": Field(text, "the unit counted (message, page...)", required=True),
    "source": Field(text, "where the figure comes from"),
}
PHASE = {
    "id": Field(identifier, "the phase's id, used by 'phase:'", required=True),
    "title": Field(text, "the phase's name on the timeline", required=True),
    "start_day": Field(DAY, "first day of the phase (1 = the start)"),
    "end_day": Field(DAY, "last day of the phase"),
}
INTERVENTION = {
    "id": Field(identifier, "unique id in the project, e.g. ITS01", required=True),
    "title": Field(text, "what the tutor does", required=True),
    "kind": Field(choice(Kind), "structural or conjunctural", required=True),
    "mode": Field(choice(Mode), "proactive, reactive or both", required=True),
    "role": Field(identifier, "the id of a role declared in roles.yaml", required=True),
    "minutes": Field(span, "minutes per unit: a number or [min, max]"),
    "norm": Field(identifier, "a norm's id, instead of minutes"),
    "per": Field(choice(Per), "session (default), learner or group"),
    "share": Field(fraction, "with per: learner, the fraction of learners concerned"),
    "count": Field(positive_number, "how many times, or how many of the norm's units"),
    "phase": Field(identifier, "the id of a phase of the scenario"),
    "objective": Field(text, "what the intervention aims at"),
    "indicators": Field(listed(text, single_ok=True), "how success is seen"),
    "actors": Field(listed(text, single_ok=True), "who gives and receives the support"),
    "support_plans": Field(listed(choice(SupportPlan), single_ok=True), "the support plans"),
    "synchrony": Field(choice(Synchrony), "synchronous or asynchronous"),
    "tool": Field(text, "the communication tool"),
    "rhythm": Field(text, "frequency, moment in the scenario"),
    "advice": Field(text, "advice to the tutor"),
    "objectives": Field(listed(identifier, single_ok=True), "ids of the objectives it serves"),
    "channel": Field(identifier, "the id of a channel of the charter"),
    "day": Field(DAY, "day of the course (1 = the start)"),
    "time": Field(time_of_day, 'time it starts, "09:30"'),
}
VIRTUAL_CLASS = {
    "id": Field(identifier, "the class's id in the scenario, e.g. CV1", required=True),
    "title": Field(text, "what the class is about"),
    "minutes": Field(positive_number, "length of the class in minutes", required=True),
    "factor": Field(span, "tutor time per class minute: a number or [1.5, 2]"),
    "role": Field(identifier, "the id of the role that runs it", required=True),
    "phase": Field(identifier, "the id of a phase of the scenario"),
    "day": Field(DAY, "day of the course (1 = the start)"),
    "time": Field(time_of_day, 'time it starts, "14:00"'),
}
SCENARIO = {
    "title": Field(text, "the module's name", required=True),
    "description": Field(text, "a short presentation"),
    "course_minutes": Field(positive_number, "course time of one learner", required=True),
    "learners": Field(whole(1, 1_000_000), "number of learners", required=True),
    "target_rate": Field(positive_number, "the chosen tutoring rate, e.g. 0.066"),
    "groups": Field(whole(1, 100_000), "number of sub-groups, for per: group"),
    "start": Field(date_value, "the date of day 1, YYYY-MM-DD"),
    "weeks": Field(whole(1, 520), "length of the course in weeks"),
    "phases": Field(nested, "the course timeline, in order", shape=Records(PHASE)),
    "interventions": Field(
        nested, "the tutoring interventions", required=True, shape=Records(INTERVENTION)
    ),
    "virtual_classes": Field(nested, "the virtual classes", shape=Records(VIRTUAL_CLASS)),
}
VIRTUAL_CLASS_NORM = "virtual-class"
"""The norm whose range is a virtual class's default factor."""


def shipped(name: str, language: str) -> Document:
    """A data file that ships with tutoral_gen, in the project's language (French by default)."""
    data = resources.files("tutoral_gen").joinpath("data")
    localised = data.joinpath(f"{name}.{language}.yaml")
    path = localised if localised.is_file() else data.joinpath(f"{name}.yaml")
    text_ = path.read_text("utf-8")
    return Document(f"tutoral_gen/data/{path.name}", text_, yamlio.parse(text_))


def project(content: Content) -> tuple[Project | None, list[Problem]]:
    """Validate everything read from ``content/``; the project is None if anything is wrong."""
    problems: list[Problem] = []
    problems += [d.error for d in content.yaml.values() if d.error is not None]
    problems += [note for d in content.yaml.values() for note in d.notes]
    readers: list[Reader] = []

    def reader(doc: Document) -> Reader:
        readers.append(Reader(doc.rel))
        return readers[-1]

    def required(name: str) -> Document | None:
        doc = content.yaml.get(name)
        if doc is None:
            problems.append(Problem(f"{content.prefix}{name}", "required file is missing"))
        return doc if doc is not None and doc.error is None else None

    meta_doc = required("project.yaml")
    meta = reader(meta_doc).record(meta_doc.data, (), PROJECT) if meta_doc else None
    own_matrix = content.yaml.get("objectives.yaml")
    language = (meta or {}).get("language", "fr")
    the_matrix = validate_system.matrix(
        shipped("objectives", language),
        own_matrix if own_matrix is not None and own_matrix.error is None else None,
        reader(own_matrix) if own_matrix is not None else Reader(""),
    )
    roles = _roles(required("roles.yaml"), reader, [f.id for f in the_matrix.functions])
    norms = _norms(shipped("norms", language), content.yaml.get("norms.yaml"), reader)
    # A role or norm that failed to read is not reported again as unknown where it is used.
    trusted = not any(r.problems for r in readers) and "roles.yaml" in content.yaml
    objective_ids = [o.id for o in the_matrix.objectives]
    scenarios = _scenarios(content, (roles, norms, trusted, objective_ids), reader)
    system_doc = content.yaml.get("system.yaml")
    the_system = None
    if system_doc is not None and system_doc.data is not None:
        the_system = validate_system.system(system_doc, reader(system_doc), the_matrix, scenarios)
    the_audit, log_problems = validate_audit.audit(content, reader, scenarios, roles)
    the_diffusion = validate_diffusion.diffusion(
        content, reader, list(roles), objective_ids, scenarios
    )
    pages = _pages(content, problems)
    problems += content.problems + log_problems
    for read in readers:
        problems += read.problems
    if meta is None or any(p.severity == "error" for p in problems):
        return None, problems
    return Project(
        **meta,
        roles=tuple(roles.values()),
        norms=tuple(norms.values()),
        scenarios=tuple(scenarios),
        pages=pages,
        matrix=the_matrix,
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
    for index, raw in read.records(top["roles"] if top else None, ("roles",), ROLE):
        if raw["id"] in roles:
            read.problem(("roles", index, "id"), f"duplicate role id {raw['id']!r}")
        for n, function in enumerate(raw.get("functions", ())):
            read.known(("roles", index, "functions", n), function, functions, "function")
        roles[raw["id"]] = Role(**raw)
    if top and not roles and not read.problems:
        read.problem(("roles",), "expected at least one role, found none")
    return roles


def _norms(
    shipped: Document, own: Document | None, reader: Callable[[Document], Reader]
) -> dict[str, Norm]:
    norms: dict[str, Norm] = {}
    for doc in (shipped, own):
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


Declared = tuple[Mapping[str, Role], Mapping[str, Norm], bool, list[str]]
"""What scenarios refer to: roles, norms, whether both read cleanly, and the objective ids."""


def _scenarios(
    content: Content, declared: Declared, reader: Callable[[Document], Reader]
) -> list[Scenario]:
    scenarios: list[Scenario] = []
    ids: dict[str, str] = {}  # lower-cased id -> file, for ids that become file names
    interventions: dict[str, str] = {}
    docs = sorted((rel, d) for rel, d in content.yaml.items() if rel.startswith("scenarios/"))
    stems = {rel.rsplit(".", 1)[0] for rel, _ in docs}
    for rel, doc in docs:
        parts = rel.rsplit(".", 1)[0].split("/")
        read = reader(doc)
        stem, group = parts[-1], (parts[1] if len(parts) == 3 else None)
        if group is not None and f"scenarios/{group}" in stems:
            read.problem(
                (), f"folder {group!r} holds the sheet bodies of {group}.yaml, not scenarios"
            )
            continue
        try:
            identifier(stem)
        except Invalid:
            read.problem((), f"the file name {stem!r} must be an id (letters, digits, '-', '_')")
            continue
        if stem.lower() in ids:
            read.problem((), f"duplicate scenario id {stem!r} (also {ids[stem.lower()]})")
        ids[stem.lower()] = doc.rel
        if doc.error is not None:
            continue
        raw = read.record(doc.data, (), SCENARIO, partial=True)
        if raw is None:
            continue
        bodies = {
            md.rsplit("/", 1)[1][:-3]: body
            for md, body in content.markdown.items()
            if md.rsplit("/", 1)[0] == rel.rsplit(".", 1)[0]
        }
        scenario = _scenario(raw, read, stem, group, doc.rel, declared, interventions, bodies)
        if scenario is not None and not any(p.severity == "error" for p in read.problems):
            scenarios.append(scenario)
    for md in content.markdown:
        if md.startswith("scenarios/") and md.rsplit("/", 1)[0] not in stems:
            message = "no scenario file matches this folder; expected scenarios/<id>.yaml"
            content.problems.append(Problem(f"{content.prefix}{md}", message))
    return scenarios


def _scenario(
    raw: dict[str, Any],
    read: Reader,
    stem: str,
    group: str | None,
    source: str,
    declared: Declared,
    seen: dict[str, str],
    bodies: Mapping[str, str],
) -> Scenario | None:
    roles, norms, trusted, objectives = declared
    before = len(read.problems)
    phases = []
    for index, p in read.records(raw.get("phases"), ("phases",), PHASE):
        if p.get("end_day") is not None and p["end_day"] < p.get("start_day", 1):
            read.problem(
                ("phases", index, "end_day"),
                f"the phase ends (day {p['end_day']})"
                f" before it starts (day {p.get('start_day', 1)})",
            )
        phases.append(Phase(**p))
    phases_ok = len(read.problems) == before
    phase_ids = [p.id for p in phases]
    if len(set(phase_ids)) < len(phase_ids):
        read.problem(("phases",), "phase ids must be unique")

    def known(path: tuple[str | int, ...], value: str | None, options: Any, what: str) -> None:
        if not (phases_ok if what == "phase" else trusted or what == "objective"):
            return  # the declaration itself is wrong and already reported
        if value is not None:
            read.known(path, value, options, what)

    interventions = []
    for index, item in read.records(raw.get("interventions"), ("interventions",), INTERVENTION):
        at = ("interventions", index)
        known((*at, "role"), item["role"], roles, "role")
        known((*at, "phase"), item.get("phase"), phase_ids, "phase")
        known((*at, "norm"), item.get("norm"), norms, "norm")
        for n, objective in enumerate(item.get("objectives", ())):
            known((*at, "objectives", n), objective, objectives, "objective")
        if ("minutes" in item) == ("norm" in item):
            read.problem(
                at,
                "expected either 'minutes' or 'norm' (one of the two), found "
                + ("both" if "minutes" in item else "neither"),
            )
        per = item.get("per", Per.SESSION)
        if "share" in item and per is not Per.LEARNER:
            read.problem((*at, "share"), "'share' applies only with 'per: learner'")
        if per is Per.GROUP and raw.get("groups") is None:
            read.problem((*at, "per"), "'per: group' needs the scenario's 'groups'")
        previous = seen.get(item["id"].lower())
        if previous is not None:
            read.problem(
                (*at, "id"), f"duplicate intervention id {item['id']!r} (also in {previous})"
            )
        seen[item["id"].lower()] = source
        interventions.append(Intervention(**item, body=bodies.get(item["id"])))
    ids = [i.id for i in interventions]
    for name in bodies:
        if name not in ids:
            read.problem((), f"the body file {name}.md matches no intervention{suggest(name, ids)}")

    classes = []
    default_factor = (
        norms[VIRTUAL_CLASS_NORM].minutes if VIRTUAL_CLASS_NORM in norms else Range(1.5, 2)
    )
    class_ids: set[str] = set()
    for index, item in read.records(
        raw.get("virtual_classes"), ("virtual_classes",), VIRTUAL_CLASS
    ):
        at = ("virtual_classes", index)
        known((*at, "role"), item["role"], roles, "role")
        known((*at, "phase"), item.get("phase"), phase_ids, "phase")
        if item["id"] in class_ids:
            read.problem((*at, "id"), f"duplicate virtual class id {item['id']!r}")
        class_ids.add(item["id"])
        classes.append(VirtualClass(**{"factor": default_factor, **item}))
    if "interventions" in raw and not interventions and len(read.problems) == before:
        read.problem(("interventions",), "expected at least one intervention, found none")
    if not all(name in raw for name, f in SCENARIO.items() if f.required):
        return None
    fields = {
        k: v for k, v in raw.items() if k not in ("phases", "interventions", "virtual_classes")
    }
    return Scenario(
        **fields,
        id=stem,
        source=source,
        group=group,
        phases=tuple(phases),
        interventions=tuple(interventions),
        virtual_classes=tuple(classes),
    )


RESERVED = (
    "index.md",
    "normes.md",
    "norms.md",
    "scenarios",
    "assets",
    "systeme",
    "audit",
    "charte",
    "diffusion",
    "roles",
    "telechargements",
    "impression.md",
)
"""Names the generated handbook uses at its top; a hand-written page may not take them."""


def _pages(content: Content, problems: list[Problem]) -> tuple[Page, ...]:
    pages = []
    for rel, data in sorted(content.pages.items()):
        if rel.split("/")[0] in RESERVED:
            problems.append(
                Problem(
                    f"{content.prefix}pages/{rel}",
                    f"{rel.split('/')[0]!r} is a name the "
                    "generated handbook uses; rename this file",
                )
            )
            continue
        pages.append(Page(path=rel, data=data))
    return tuple(pages)
