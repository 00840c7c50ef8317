"""The project-wide settings of ``project.yaml`` that are more than a value: the licence and
authors, the rate scale and the deliverables' follow-up (*livrables*: système, scénarios,
charte, plan de diffusion, audit)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from ..domain import catalogue, licences
from ..domain.project import Band, Deliverable, Status
from ..domain.scenario import Scenario
from ..errors import Path_, Problem
from .declared import Declared
from .fields import (
    Field,
    Invalid,
    MapOf,
    Reader,
    Record,
    choice,
    described,
    fail,
    nested,
    positive_number,
    title,
)
from .when import date_value


@described(
    {
        "type": "string",
        "enum": list(licences.LICENCES),
        "enumDescriptions": [lic.short for lic in licences.LICENCES.values()],
        "markdownEnumDescriptions": [lic.short for lic in licences.LICENCES.values()],
    }
)
def licence(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """An SPDX licence id of the table (:mod:`..domain.licences`), with a suggestion for a near
    miss (``CC-BY-SA-4`` -> ``CC-BY-SA-4.0``)."""
    if isinstance(value, str) and licences.known(value) is not None:
        return value
    meant = licences.suggestion(value) if isinstance(value, str) else None
    hint = f"; did you mean {meant!r}?" if meant else ""
    fail("an SPDX licence id such as CC-BY-SA-4.0, CC-BY-4.0 or CC0-1.0", value, hint)


LANGUAGES = ("fr", "en")
"""The languages a handbook is written in (``language:``), as its catalogue says too."""
MAX_AUTHORS = 100
"""The most authors a handbook names (a list of names, not a directory)."""


@described(
    {
        "anyOf": [
            title.schema,  # type: ignore[attr-defined]
            {"type": "array", "items": title.schema, "maxItems": MAX_AUTHORS},  # type: ignore[attr-defined]
        ]
    }
)
def authors(value: Any, read: Reader, path: Path_) -> tuple[str, ...]:
    """The handbook's authors: a name or a list of names, each a label (at most
    300 characters), at most :data:`MAX_AUTHORS` of them."""
    names = value if isinstance(value, list) else [value]
    if len(names) > MAX_AUTHORS:
        fail(f"a list of at most {MAX_AUTHORS} names", value)
    out = []
    for index, name in enumerate(names):
        try:
            out.append(title(name, read, path))
        except Invalid as exc:
            read.problem((*path, index) if isinstance(value, list) else path, exc.message)
    return tuple(out)


BAND = {
    "label": Field(title, "the band's name, e.g. tutorat léger", required=True),
    "max": Field(positive_number, "the highest rate of the band (none for the last band)"),
}
DELIVERABLE = {
    "status": Field(choice(Status), "todo, in-progress, validated or published"),
    "owner": Field(title, "who carries the deliverable"),
    "due": Field(date_value, "when it is due, YYYY-MM-DD"),
}
ONE = Record(DELIVERABLE)
DELIVERABLES = {
    "system": Field(nested, "the système tutoral", shape=ONE),
    "scenarios": Field(nested, "scenario id -> its follow-up", shape=MapOf(ONE)),
    "charter": Field(nested, "the charte tutorale", shape=ONE),
    "diffusion": Field(nested, "the plan de diffusion", shape=ONE),
    "audit": Field(nested, "the audit tutoral", shape=ONE),
}
DONE = (Status.VALIDATED, Status.PUBLISHED)
"""Statuses past which a due date no longer matters."""


def rate_scale(read: Reader, raw: Any) -> tuple[Band, ...]:
    """The named bands of the rate scale, lowest first; only the last may have no ``max``."""
    bands = [(i, Band(**b)) for i, b in read.records(raw, ("rate_scale",), BAND)]
    for n, (index, band) in enumerate(bands):
        at = ("rate_scale", index)
        if band.max is None and n < len(bands) - 1:
            read.problem(at, "only the last band may leave out 'max'")
        previous = bands[n - 1][1].max if n else None
        if band.max is not None and previous is not None and band.max <= previous:
            read.problem((*at, "max"), f"expected a max above the previous band's ({previous})")
    return tuple(band for _, band in bands)


def deliverables(
    read: Reader, raw: Any, declared: Declared, today: datetime.date
) -> dict[str, Deliverable]:
    """Each deliverable's follow-up, by key (``scenario:<id>`` for a scenario); a warning for a
    due date that has passed on a deliverable not yet validated."""
    if raw is None:
        return {}
    fields = read.record(raw, ("deliverables",), DELIVERABLES, partial=True) or {}
    entries: dict[str, tuple[tuple[str | int, ...], Any]] = {
        key: (("deliverables", key), fields[key])
        for key in DELIVERABLES
        if key != "scenarios" and key in fields
    }
    scenarios = fields.get("scenarios")
    if scenarios is not None and not isinstance(scenarios, dict):
        read.problem(("deliverables", "scenarios"), "expected a mapping of scenario id -> status")
        scenarios = None
    for sid, value in (scenarios or {}).items():
        at: tuple[str | int, ...] = ("deliverables", "scenarios", sid)
        if read.known(at, str(sid), declared.scenarios, "scenario", "key"):
            entries[f"scenario:{sid}"] = (at, value)
    out = {}
    for key, (at, value) in entries.items():
        converted = read.record(value, at, DELIVERABLE)
        if converted is None:
            continue
        item = Deliverable(**converted)
        if item.due is not None and item.due < today and item.status not in DONE:
            message = (
                f"due on {item.due.isoformat()}, and its status is still"
                f" {item.status.value!r} (today is {today.isoformat()})"
            )
            read.problem(at, message, severity="warning")
        out[key] = item
    return out


def offered(licensed: bool, scenarios: Sequence[Scenario], project_file: str) -> list[Problem]:
    """What a catalogue could not carry, when the handbook offers its interventions (it has a
    licence): more interventions than a catalogue holds, a sheet body too long, a control
    character in a body, an objective or an indicator, too many indicators. Reported on the
    file that holds it, before anything is written."""
    if not licensed:
        return []
    problems = []
    total = sum(len(s.interventions) for s in scenarios)
    if total > catalogue.MAX_INTERVENTIONS:
        message = (
            f"{total} interventions are offered for reuse, and a catalogue holds at most"
            f" {catalogue.MAX_INTERVENTIONS}: remove the licence or split the handbook"
        )
        problems.append(Problem(project_file, message, ("licence",)))
    for s in scenarios:
        folder = s.source.rsplit(".", 1)[0]
        for index, i in enumerate(s.interventions):
            problems += _texts(s.source, ("interventions", index), i.objective, i.indicators)
            if i.body is None:
                continue
            shown = f"{folder}/{i.id}.md"
            if len(i.body) > catalogue.MAX_BODY:
                message = (
                    f"a sheet body of {len(i.body)} characters; a catalogue carries at most"
                    f" {catalogue.MAX_BODY} (the handbook offers its interventions for reuse)"
                )
                problems.append(Problem(shown, message))
            bad = catalogue.control_character(i.body)
            if bad is not None:
                message = (
                    f"a control character (U+{ord(bad):04X}) in the body: expected text,"
                    " line ends and tabs only (the catalogue carries it)"
                )
                problems.append(Problem(shown, message))
    return problems


def _texts(file: str, at: Path_, objective: str | None, indicators: Sequence[str]) -> list[Problem]:
    """An intervention's objective and indicators a catalogue could not carry: too many
    indicators, or a character it refuses (U+2028, U+2029, which content allows)."""
    if len(indicators) > catalogue.MAX_INDICATORS:
        message = (
            f"{len(indicators)} indicators; a catalogue carries at most"
            f" {catalogue.MAX_INDICATORS} (the handbook offers its interventions for reuse)"
        )
        return [Problem(file, message, (*at, "indicators"))]
    texts: list[tuple[Path_, str]] = [((*at, "objective"), objective)] if objective else []
    texts += [((*at, "indicators", n), text) for n, text in enumerate(indicators)]
    for where, text in texts:
        bad = catalogue.control_character(text)
        if bad is not None:
            message = (
                f"a control character (U+{ord(bad):04X}): expected text (a catalogue carries it)"
            )
            return [Problem(file, message, where)]
    return []
