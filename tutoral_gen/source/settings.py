"""The project-wide settings of ``project.yaml`` that are more than a value: the rate scale and
the deliverables' follow-up (*livrables*: système, scénarios, charte, plan de diffusion, audit)."""

from __future__ import annotations

import datetime
from typing import Any

from ..domain.project import Band, Deliverable, Status
from .declared import Declared
from .fields import (
    Field,
    MapOf,
    Reader,
    Record,
    choice,
    nested,
    positive_number,
    title,
)
from .when import date_value

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
