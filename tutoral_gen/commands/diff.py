"""What changed between two versions of a handbook: items and figures. Pure, no I/O.

A coordinator reviewing a merge request sees what it does to the tutors' workload: scenarios,
interventions and virtual classes added, removed or changed, and the change of tutoring time,
rate, budget gap and time per role.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..domain.figures import Figures
from ..domain.project import Project
from ..domain.quantity import Range
from ..domain.reuse import Provenance
from ..domain.scenario import Scenario
from ..domain.workload import ScenarioFigures
from ..i18n import Numbers, labels
from .report import plain


@dataclass(frozen=True, slots=True)
class Change:
    """A figure before and after (None when the scenario did not have it)."""

    before: Range | None
    after: Range | None

    @property
    def delta(self) -> Range | None:
        if self.before is None or self.after is None:
            return None
        return Range(self.after.min - self.before.min, self.after.max - self.before.max)


Values = Mapping[str, tuple[Any, Any]]
"""Field name -> (value before, value after), for the fields that changed."""


@dataclass(frozen=True, slots=True)
class ScenarioDiff:
    id: str
    status: str
    """``added``, ``removed``, ``changed`` or ``unchanged``."""
    settings: Values
    """The scenario's own fields that changed (learners, course minutes, target rate...)."""
    items: Mapping[str, tuple[str, Values]]
    """Intervention or class id -> (added/removed/changed, its fields that changed)."""
    figures: Mapping[str, Change]
    """``tutoring``, ``rate``, ``budget_gap``, ``virtual_classes`` and ``role:<id>``."""
    title: str
    """The scenario's title (after the change, else before)."""


PARTS = ("interventions", "virtual_classes", "phases", "source", "group")
"""A scenario's fields compared item by item, or not at all (where its file lies)."""


def _scenario(project: Project, scenario_id: str) -> Scenario | None:
    return next((s for s in project.scenarios if s.id == scenario_id), None)


def _items(scenario: Scenario | None) -> dict[str, Any]:
    return {} if scenario is None else {i.id: i for i in scenario.activities}


def _changed(a: Any, b: Any, skip: tuple[str, ...] = ()) -> dict[str, tuple[Any, Any]]:
    if type(a) is not type(b):
        return {"kind": (type(a).__name__, type(b).__name__)}
    names = [f.name for f in fields(a) if f.name not in skip]
    return {n: (getattr(a, n), getattr(b, n)) for n in names if getattr(a, n) != getattr(b, n)}


def _figures(f: ScenarioFigures | None) -> dict[str, Range | None]:
    if f is None:
        return {}
    out: dict[str, Range | None] = {
        "tutoring": f.tutoring,
        "rate": f.rate,
        "budget_gap": f.gap,
        "virtual_classes": f.class_total,
    }
    out.update({f"role:{r}": v for r, v in f.roles.items()})
    return out


def compare(
    before: Project, before_all: Figures, after: Project, after_all: Figures
) -> list[ScenarioDiff]:
    """What changed, scenario by scenario, between two projects and their figures."""
    ids = [s.id for s in before.scenarios]
    ids += [s.id for s in after.scenarios if s.id not in ids]
    return [_compare(sid, before, before_all, after, after_all) for sid in ids]


def _compare(
    sid: str, before: Project, before_all: Figures, after: Project, after_all: Figures
) -> ScenarioDiff:
    old_s, new_s = _scenario(before, sid), _scenario(after, sid)
    old, new = _items(old_s), _items(new_s)
    items: dict[str, tuple[str, Values]] = {}
    for key in [*old, *(k for k in new if k not in old)]:
        if key not in new:
            items[key] = ("removed", {})
        elif key not in old:
            items[key] = ("added", {})
        elif old[key] != new[key]:
            items[key] = ("changed", _changed(old[key], new[key], ("body",)))
    settings = _changed(old_s, new_s, PARTS) if old_s and new_s else {}
    a, b = _figures(before_all.scenarios.get(sid)), _figures(after_all.scenarios.get(sid))
    names = [*a, *(k for k in b if k not in a)]
    changes = {k: Change(a.get(k), b.get(k)) for k in names}
    if old_s is None:
        status = "added"
    elif new_s is None:
        status = "removed"
    elif items or settings or any(c.before != c.after for c in changes.values()):
        status = "changed"
    else:
        status = "unchanged"
    either = new_s or old_s
    title = either.title if either is not None else sid
    return ScenarioDiff(sid, status, settings, items, changes, title)


def as_data(diffs: list[ScenarioDiff]) -> dict[str, Any]:
    def values(changed: Values) -> dict[str, Any]:
        return {k: {"before": plain(a), "after": plain(b)} for k, (a, b) in changed.items()}

    return {
        "scenarios": [
            {
                "id": d.id,
                "title": d.title,
                "status": d.status,
                "settings": values(d.settings),
                "items": {
                    k: {"status": s, "fields": list(f), "changes": values(f)}
                    for k, (s, f) in d.items.items()
                },
                "figures": {
                    k: {
                        "before": plain(c.before),
                        "after": plain(c.after),
                        "delta": plain(c.delta),
                    }
                    for k, c in d.figures.items()
                },
            }
            for d in diffs
        ]
    }


class Writer:
    """Writes a diff's values for people: role ids as their titles, durations in minutes."""

    def __init__(self, before: Project, after: Project) -> None:
        self.n, self.t = Numbers(after.language), labels(after.language)
        self.roles = {r.id: r.title for r in (*before.roles, *after.roles)}

    def value(self, name: str, value: Any) -> str:
        if value is None or value == ():
            return "—"
        if name == "role":
            return str(self.roles.get(value, value))
        if isinstance(value, Provenance):  # a reused item: its source and version
            return f"{value.reference} {value.version or ''}".strip()
        if isinstance(value, Range):
            return self.n.span(value, self.n.number)
        if isinstance(value, enum.Enum):
            return str(value.value)
        if isinstance(value, tuple):
            return ", ".join(self.value(name, v) for v in value)
        if isinstance(value, float):
            return self.n.number(value, 4)
        return str(value)

    def changes(self, changed: Values) -> str:
        return "; ".join(
            f"{k}: {self.value(k, a)} -> {self.value(k, b)}" for k, (a, b) in changed.items()
        )


def as_table(diffs: list[ScenarioDiff], before: Project, after: Project) -> str:
    """One block per scenario that changed: its settings, items, then figures before -> after."""
    w = Writer(before, after)
    n, t = w.n, w.t
    names = {
        "tutoring": t["tutoring_time"],
        "rate": t["rate"],
        "budget_gap": t["gap"],
        "virtual_classes": t["virtual_class_time"],
    }
    blocks = []
    for d in diffs:
        if d.status == "unchanged":
            continue
        lines = [f"{d.title} [{d.id}]: {d.status}"]
        if d.settings:
            lines.append(f"  {w.changes(d.settings)}")
        for key, (status, changed) in d.items.items():
            detail = f" ({w.changes(changed)})" if changed else ""
            lines.append(f"  {status:<8} {key}{detail}")
        for key, change in d.figures.items():
            if change.before == change.after:
                continue
            label = names.get(key) or w.roles.get(key.split(":", 1)[-1], key)
            write = (
                n.rate if key == "rate" else n.signed_minutes if key == "budget_gap" else n.minutes
            )
            before_text = write(change.before) if change.before is not None else "—"
            after_text = write(change.after) if change.after is not None else "—"
            delta = change.delta
            shown = ""
            if delta is not None and key != "rate":
                shown = f"  ({n.signed_minutes(delta)})"
            lines.append(f"  {label}{t['colon']} {before_text} -> {after_text}{shown}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "no change in the figures"
