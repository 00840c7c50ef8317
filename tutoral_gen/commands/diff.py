"""What changed between two versions of a handbook: items and figures. Pure, no I/O.

A coordinator reviewing a merge request sees what it does to the tutors' workload: scenarios,
interventions and virtual classes added, removed or changed, and the change of tutoring time,
rate, budget gap and time per role.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..domain.figures import Figures
from ..domain.project import Project
from ..domain.quantity import Range
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


@dataclass(frozen=True, slots=True)
class ScenarioDiff:
    id: str
    status: str
    """``added``, ``removed``, ``changed`` or ``unchanged``."""
    items: Mapping[str, tuple[str, list[str]]]
    """Intervention or class id -> (added/removed/changed, the fields that changed)."""
    figures: Mapping[str, Change]
    """``tutoring``, ``rate``, ``budget_gap``, ``virtual_classes`` and ``role:<id>``."""


def _items(project: Project | None, scenario_id: str) -> dict[str, Any]:
    if project is None:
        return {}
    for s in project.scenarios:
        if s.id == scenario_id:
            items: dict[str, Any] = {i.id: i for i in s.interventions}
            items.update({c.id: c for c in s.virtual_classes})
            return items
    return {}


def _changed_fields(a: Any, b: Any) -> list[str]:
    if type(a) is not type(b):
        return ["kind"]
    return [f.name for f in fields(a) if getattr(a, f.name) != getattr(b, f.name)]


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
    before_figures, after_figures = before_all.scenarios, after_all.scenarios
    ids = [s.id for s in before.scenarios]
    ids += [s.id for s in after.scenarios if s.id not in ids]
    out = []
    for sid in ids:
        old, new = _items(before, sid), _items(after, sid)
        items: dict[str, tuple[str, list[str]]] = {}
        for key in [*old, *(k for k in new if k not in old)]:
            if key not in new:
                items[key] = ("removed", [])
            elif key not in old:
                items[key] = ("added", [])
            elif old[key] != new[key]:
                items[key] = ("changed", _changed_fields(old[key], new[key]))
        a, b = _figures(before_figures.get(sid)), _figures(after_figures.get(sid))
        names = [*a, *(k for k in b if k not in a)]
        changes = {k: Change(a.get(k), b.get(k)) for k in names}
        if sid not in before_figures:
            status = "added"
        elif sid not in after_figures:
            status = "removed"
        elif items or any(c.before != c.after for c in changes.values()):
            status = "changed"
        else:
            status = "unchanged"
        out.append(ScenarioDiff(sid, status, items, changes))
    return out


def as_data(diffs: list[ScenarioDiff]) -> dict[str, Any]:
    return {
        "scenarios": [
            {
                "id": d.id,
                "status": d.status,
                "items": {k: {"status": s, "fields": f} for k, (s, f) in d.items.items()},
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


def as_table(diffs: list[ScenarioDiff], project: Project) -> str:
    """One block per scenario that changed: items, then figures before -> after (delta)."""
    n, t = Numbers(project.language), labels(project.language)
    names = {
        "tutoring": t["tutoring_time"],
        "rate": t["rate"],
        "budget_gap": t["gap"],
        "virtual_classes": t["virtual_class_time"],
    }
    roles = {r.id: r.title for r in project.roles}
    blocks = []
    for d in diffs:
        if d.status == "unchanged":
            continue
        lines = [f"{d.id}: {d.status}"]
        for key, (status, changed) in d.items.items():
            detail = f" ({', '.join(changed)})" if changed else ""
            lines.append(f"  {status:<8} {key}{detail}")
        for key, change in d.figures.items():
            if change.before == change.after:
                continue
            label = names.get(key) or roles.get(key.split(":", 1)[-1], key)
            write = (
                n.rate if key == "rate" else n.signed_minutes if key == "budget_gap" else n.minutes
            )
            before = write(change.before) if change.before is not None else "—"
            after = write(change.after) if change.after is not None else "—"
            delta = change.delta
            shown = ""
            if delta is not None and key != "rate":
                shown = f"  ({n.signed_minutes(delta)})"
            lines.append(f"  {label}{t['colon']} {before} -> {after}{shown}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "no change in the figures"
