"""``scenarios/*.yaml`` to the model: the *scénarios tutoraux*, their interventions and classes.

The tables below are the format of a scenario file: each key, its validator and what it means.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Mapping
from typing import Any

from ..domain.quantity import Range
from ..domain.reuse import Catalogue, merged_body
from ..domain.scenario import (
    Intervention,
    Kind,
    Mode,
    Norm,
    Per,
    Phase,
    RateBasis,
    Scenario,
    SupportPlan,
    Synchrony,
    VirtualClass,
)
from ..errors import Problem
from .declared import Declared, ids_of, objective_id
from .fields import (
    Field,
    Invalid,
    Reader,
    Records,
    choice,
    fraction,
    identifier,
    listed,
    nested,
    positive_number,
    span,
    text,
    title,
    whole,
)
from .files import Content, Document
from .known import digest
from .reused import Reuse, reference
from .when import date_value, time_of_day
from .words import suggest

DAY = whole(1, 3660)
"""A day of the course, counted from 1; ten years at most."""

PHASE = {
    "id": Field(identifier, "the phase's id, used by 'phase:'", required=True),
    "title": Field(title, "the phase's name on the timeline", required=True),
    "start_day": Field(DAY, "first day of the phase (1 = the start)"),
    "end_day": Field(DAY, "last day of the phase"),
}
INTERVENTION = {
    "from": Field(reference, "reuse <catalogue>:<id> of a vendored catalogue; give what changes"),
    "id": Field(identifier, "unique id in the project, e.g. ITS01", required=True),
    "title": Field(title, "what the tutor does", required=True),
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
    "tool": Field(title, "the communication tool"),
    "rhythm": Field(text, "frequency, moment in the scenario"),
    "advice": Field(text, "advice to the tutor"),
    "objectives": Field(listed(objective_id, single_ok=True), "ids of the objectives it serves"),
    "channel": Field(identifier, "the id of a channel of the charter"),
    "day": Field(DAY, "day of the course (1 = the start)"),
    "time": Field(time_of_day, 'time it starts, "09:30"'),
}
VIRTUAL_CLASS = {
    "id": Field(identifier, "the class's id in the scenario, e.g. CV1", required=True),
    "title": Field(title, "what the class is about"),
    "minutes": Field(positive_number, "length of the class in minutes", required=True),
    "factor": Field(span, "tutor time per class minute: a number or [1.5, 2]"),
    "count": Field(whole(1, 1000), "how many sessions (for each sub-group with per: group)"),
    "per": Field(choice(Per), "session (default: held for the whole class) or group (each group)"),
    "interval_days": Field(DAY, "days between two sessions (the first on 'day')"),
    "role": Field(identifier, "the id of the role that runs it", required=True),
    "phase": Field(identifier, "the id of a phase of the scenario"),
    "day": Field(DAY, "day of the course (1 = the start)"),
    "time": Field(time_of_day, 'time it starts, "14:00"'),
}
SCENARIO = {
    "title": Field(title, "the module's name", required=True),
    "description": Field(text, "a short presentation"),
    "course_minutes": Field(positive_number, "course time of one learner", required=True),
    "learners": Field(whole(1, 1_000_000), "number of learners", required=True),
    "target_rate": Field(positive_number, "the chosen tutoring rate, e.g. 0.066"),
    "groups": Field(whole(1, 100_000), "number of sub-groups, for per: group"),
    "start": Field(date_value, "the date of day 1, YYYY-MM-DD"),
    "weeks": Field(whole(1, 520), "length of the course in weeks"),
    "rate_basis": Field(
        choice(RateBasis), "what the rate counts: interventions or all (with the classes)"
    ),
    "phases": Field(nested, "the course timeline, in order", shape=Records(PHASE)),
    "interventions": Field(
        nested, "the tutoring interventions", required=True, shape=Records(INTERVENTION)
    ),
    "virtual_classes": Field(nested, "the virtual classes", shape=Records(VIRTUAL_CLASS)),
}
VIRTUAL_CLASS_NORM = "virtual-class"
"""The norm whose range is a virtual class's default factor."""
DEFAULT_CLASS_FACTOR = Range(1.5, 2)
"""Rodet's factor for a virtual class (preparation, facilitation, recording), without that norm."""


def scenarios(
    content: Content,
    declared: Declared,
    norms: Mapping[str, Norm],
    reader: Callable[[Document], Reader],
    reused: Reused = ({}, None),
) -> list[Scenario]:
    """Every valid scenario; the problems of the others are on their readers. ``reused``: the
    vendored catalogues and the project's licence, for the interventions that say ``from:``."""
    out: list[Scenario] = []
    seen: dict[str, str] = {}  # lower-cased id -> file: scenario ids name folders and URLs
    owners: dict[str, str] = {}  # lower-cased intervention id -> file
    # Lower-cased intervention id -> its scenario, once for all files (class ids must differ).
    declared_ids = {i.lower(): s for i, s in (declared.interventions or {}).items()}
    docs = sorted((rel, d) for rel, d in content.yaml.items() if rel.startswith("scenarios/"))
    stems = {rel.rsplit(".", 1)[0] for rel, _ in docs}
    folders = bodies(content)
    named = pickle.dumps(
        (declared.roles, declared.norms, declared.objectives, list(norms.items())), protocol=5
    )
    pinned = pickle.dumps(_pinned(reused), protocol=5)
    known = content.known
    known.prune(content.yaml)
    for rel, doc in docs:
        read = reader(doc)
        stem = _stem(rel, stems, read)
        if stem is None:
            continue
        if stem.lower() in seen:
            read.problem((), f"duplicate scenario id {stem!r} (also {seen[stem.lower()]})")
        seen[stem.lower()] = doc.rel
        if doc.error is not None:
            continue
        folder = rel.rsplit(".", 1)[0]
        bodies_of = folders.get(folder, {})
        # The catalogues too: a reused item's sheet changes with its source (render's memo).
        content.fingerprints[doc.rel] = digest(fingerprint(doc, bodies_of) + pinned)
        key = digest(content.fingerprints[doc.rel] + named)
        scenario = None if read.problems else known.reuse(rel, key, owners, declared_ids)
        if scenario is None:
            parts = folder.split("/")
            where = (stem, parts[1] if len(parts) == 3 else None)
            names = (declared, norms, owners, declared_ids, reused)
            scenario = _read(doc, read, where, bodies_of, names)
            known.keep(rel, key, scenario, clean=not read.problems)
        if scenario is not None and not any(p.severity == "error" for p in read.problems):
            out.append(scenario)
    for md in content.markdown:
        if md.startswith("scenarios/") and md.rsplit("/", 1)[0] not in stems:
            message = "no scenario file matches this folder; expected scenarios/<id>.yaml"
            content.problems.append(Problem(f"{content.prefix}{md}", message))
    return out


Reused = tuple[Mapping[str, Catalogue], str | None]
"""The vendored catalogues by name, and the project's licence (SPDX id) that reusing them needs."""


def _pinned(reused: Reused) -> tuple[object, ...]:
    """What a scenario that reuses items is a function of, for the cache's key."""
    catalogues, licence = reused
    return licence, sorted(
        (
            n,
            c.title,
            c.site_url,
            c.version,
            c.licence,
            c.authors,
            [i.digest for i in c.items.values()],
        )
        for n, c in catalogues.items()
    )


def bodies(content: Content) -> dict[str, dict[str, str]]:
    """Sheet bodies by scenario folder (``scenarios/m1``), then by intervention id."""
    out: dict[str, dict[str, str]] = {}
    for md, body in content.markdown.items():
        if md.startswith("scenarios/"):
            folder, name = md.rsplit("/", 1)
            out.setdefault(folder, {})[name[:-3]] = body
    return out


def fingerprint(doc: Document, bodies_of: Mapping[str, str]) -> bytes:
    """A digest of what a scenario is read from: its file's path and text, its sheet bodies."""
    return digest(pickle.dumps((doc.rel, doc.text, sorted(bodies_of.items())), protocol=5))


def _read(
    doc: Document,
    read: Reader,
    where: tuple[str, str | None],
    bodies_of: Mapping[str, str],
    names: tuple[Declared, Mapping[str, Norm], dict[str, str], Mapping[str, str], Reused],
) -> Scenario | None:
    """Validate one scenario file: its id and group ``where``, its sheet bodies ``bodies_of``;
    problems go to ``read``."""
    raw = read.record(doc.data, (), SCENARIO, partial=True)
    if raw is None:
        return None
    return ScenarioReader(read, raw, *names).build(*where, doc.rel, bodies_of)


def _stem(rel: str, stems: set[str], read: Reader) -> str | None:
    """The scenario id a file name gives, or None (reported) when it gives none."""
    parts = rel.rsplit(".", 1)[0].split("/")
    stem, group = parts[-1], (parts[1] if len(parts) == 3 else None)
    if group is not None and f"scenarios/{group}" in stems:
        read.problem((), f"folder {group!r} holds the sheet bodies of {group}.yaml, not scenarios")
        return None
    try:
        return identifier(stem)
    except Invalid:
        read.problem((), f"the file name {stem!r} must be an id (letters, digits, '-', '_')")
        return None


class ScenarioReader:
    """Validates one scenario file's records against what the project declares."""

    def __init__(
        self,
        read: Reader,
        raw: dict[str, Any],
        declared: Declared,
        norms: Mapping[str, Norm],
        owners: dict[str, str],
        declared_ids: Mapping[str, str],
        reused: Reused = ({}, None),
    ) -> None:
        self.read, self.raw, self.declared, self.norms = read, raw, declared, norms
        self.reuse = Reuse(read, *reused)
        self.owners = owners
        """Lower-cased intervention id -> the file that declared it first (ids name pages)."""
        self.phase_ids = list(ids_of(raw.get("phases")))
        self.declared_ids = declared_ids
        """Lower-cased id of every intervention declared -> its scenario."""

    def build(
        self, stem: str, group: str | None, source: str, bodies: Mapping[str, str]
    ) -> Scenario | None:
        phases = self.phases()
        interventions = self.interventions(source, bodies)
        classes = self.classes()
        if not all(name in self.raw for name, f in SCENARIO.items() if f.required):
            return None
        fields = {
            k: v
            for k, v in self.raw.items()
            if k not in ("phases", "interventions", "virtual_classes")
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

    def phases(self) -> list[Phase]:
        read, phases = self.read, []
        for index, p in read.records(self.raw.get("phases"), ("phases",), PHASE):
            start = p.get("start_day", 1)
            if p.get("end_day") is not None and p["end_day"] < start:
                message = f"the phase ends (day {p['end_day']}) before it starts (day {start})"
                read.problem(("phases", index, "end_day"), message)
            phases.append(Phase(**p))
        if len({p.lower() for p in self.phase_ids}) < len(self.phase_ids):
            read.problem(("phases",), "phase ids must be unique")
        return phases

    def references(self, at: tuple[str | int, ...], item: Mapping[str, Any]) -> None:
        """Check what an intervention or class names: its role, phase, norm and objectives."""
        read, declared = self.read, self.declared
        read.known((*at, "role"), item["role"], declared.roles, "role")
        if item.get("phase") is not None:
            read.known((*at, "phase"), item["phase"], self.phase_ids, "phase")
        if item.get("norm") is not None:
            read.known((*at, "norm"), item["norm"], declared.norms, "norm")
        for n, objective in enumerate(item.get("objectives", ())):
            read.known((*at, "objectives", n), objective, declared.objectives, "objective")

    def interventions(self, source: str, bodies: Mapping[str, str]) -> list[Intervention]:
        read, out = self.read, []
        raw_list, reused = self.reuse.resolve(self.raw.get("interventions"), bodies)
        for index, item in self.records(raw_list):
            at = ("interventions", index)
            item.pop("from", None)
            self.references(at, item)
            self.quantification(at, item)
            self.unique(at, item["id"], source)
            body, provenance = bodies.get(item["id"]), None
            if index in reused:
                provenance, source_body = reused[index]
                body = merged_body(source_body, body)
            out.append(Intervention(**item, body=body, provenance=provenance))
        declared = ids_of(raw_list)
        for name in bodies:
            if name not in declared:
                hint = suggest(name, declared)
                read.problem((), f"the body file {name}.md matches no intervention{hint}")
        if "interventions" in self.raw and not declared and not read.problems:
            read.problem(("interventions",), "expected at least one intervention, found none")
        return out

    def records(self, raw: Any) -> list[tuple[int, dict[str, Any]]]:
        """The valid interventions with their index; those left None (a ``from:`` that names
        nothing, reported) are not validated further."""
        if not isinstance(raw, list):
            return self.read.records(raw, ("interventions",), INTERVENTION)
        found = (
            (n, self.read.record(item, ("interventions", n), INTERVENTION))
            for n, item in enumerate(raw)
            if item is not None
        )
        return [(n, item) for n, item in found if item is not None]

    def quantification(self, at: tuple[str | int, ...], item: Mapping[str, Any]) -> None:
        read = self.read
        if ("minutes" in item) == ("norm" in item):
            found = "both" if "minutes" in item else "neither"
            read.problem(at, f"expected either 'minutes' or 'norm' (one of the two), found {found}")
        per = item.get("per", Per.SESSION)
        if "share" in item and per is not Per.LEARNER:
            read.problem((*at, "share"), "'share' applies only with 'per: learner'")
        if per is Per.GROUP and self.raw.get("groups") is None:
            read.problem((*at, "per"), "'per: group' needs the scenario's 'groups'")

    def unique(self, at: tuple[str | int, ...], item_id: str, source: str) -> None:
        previous = self.owners.get(item_id.lower())
        if previous is not None:
            message = f"duplicate intervention id {item_id!r} (also in {previous})"
            self.read.problem((*at, "id"), message)
        self.owners[item_id.lower()] = source

    def classes(self) -> list[VirtualClass]:
        read, out = self.read, []
        norm = self.norms.get(VIRTUAL_CLASS_NORM)
        factor = norm.minutes if norm is not None else DEFAULT_CLASS_FACTOR
        seen: set[str] = set()
        interventions = self.declared_ids
        raw_list = self.raw.get("virtual_classes")
        for index, item in read.records(raw_list, ("virtual_classes",), VIRTUAL_CLASS):
            at = ("virtual_classes", index)
            self.references(at, item)
            if item["id"] in seen:
                read.problem((*at, "id"), f"duplicate virtual class id {item['id']!r}")
            clash = interventions.get(item["id"].lower())
            if clash is not None:  # the log names classes and interventions alike
                message = f"{item['id']!r} is already an intervention's id (in scenario {clash})"
                read.problem((*at, "id"), message)
            per = item.get("per", Per.SESSION)
            if per is Per.LEARNER:
                message = "a virtual class is held per session or per group, not per learner"
                read.problem((*at, "per"), message)
            if per is Per.GROUP and self.raw.get("groups") is None:
                read.problem((*at, "per"), "'per: group' needs the scenario's 'groups'")
            seen.add(item["id"])
            out.append(VirtualClass(**{"factor": factor, **item}))
        return out
