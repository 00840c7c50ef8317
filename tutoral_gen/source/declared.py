"""The first validation phase: every id the content declares, read before any reference to it.

An item that is broken elsewhere (a bad duration, a missing title) still declares its id, so a
reference to it is not reported again. A namespace whose file could not be read at all is None:
references into it are not checked, since no one can tell whether they are right.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import Path_
from .fields import Invalid, Reader, identifier
from .files import Content
from .reused import reused_id


def objective_id(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """The id of one of the 28 generic objectives (``<plan>-<function>``), checked against the
    matrix by the caller; the JSON Schema lists them with their wording."""
    return identifier(value)


objective_id.vocabulary = "objectives"  # type: ignore[attr-defined]  # read by schema.py


@dataclass(frozen=True, slots=True)
class ScenarioIds:
    """What one scenario file declares."""

    interventions: tuple[str, ...]
    """Its interventions' ids."""
    classes: tuple[str, ...]
    """Its virtual classes' ids."""
    phases: tuple[str, ...]
    """Its phases' ids."""
    objectives: tuple[str, ...]
    """The generic objectives its interventions name."""


@dataclass(frozen=True, slots=True)
class Declared:
    """The ids of the project, by namespace."""

    roles: tuple[str, ...] | None
    """Role ids of ``roles.yaml``; None when it is missing or unreadable."""
    norms: tuple[str, ...] | None
    """Norm ids, shipped and the project's; None when ``norms.yaml`` is unreadable."""
    objectives: tuple[str, ...]
    """The matrix's objective ids."""
    scenarios: Mapping[str, ScenarioIds]
    """Per scenario id (its file name), what it declares."""
    complete: bool
    """Every scenario file could be read: intervention ids can be checked."""

    @property
    def interventions(self) -> dict[str, str] | None:
        """Intervention id -> its scenario's id; None when a scenario file is unreadable."""
        if not self.complete:
            return None
        return {i: s for s, ids in self.scenarios.items() for i in ids.interventions}

    def activities(self, scenario: str) -> tuple[str, ...] | None:
        """The intervention and class ids of one scenario (None when they cannot be known)."""
        ids = self.scenarios.get(scenario)
        if ids is None:
            return None if not self.complete else ()
        return ids.interventions + ids.classes

    @property
    def served(self) -> frozenset[str]:
        """Objective ids some intervention names."""
        return frozenset(o for ids in self.scenarios.values() for o in ids.objectives)


def ids_of(raw: Any, key: str = "id") -> tuple[str, ...]:
    """The valid ids of a raw list of mappings, whatever else is wrong with them."""
    out = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict):
            with contextlib.suppress(Invalid):
                out.append(identifier(item.get(key)))
    return tuple(out)


def listed_ids(raw: Any) -> tuple[str, ...]:
    """A raw id or list of ids, the valid ones."""
    values = raw if isinstance(raw, list) else [raw]
    return ids_of([{"id": v} for v in values])


def _items(data: Any, key: str) -> Any:
    return data.get(key) if isinstance(data, dict) else None


def scenario_ids(data: Any) -> ScenarioIds:
    interventions = _items(data, "interventions")
    objectives = [
        o
        for item in interventions or []
        if isinstance(item, dict)
        for o in listed_ids(item.get("objectives", []))
    ]
    reused = tuple(
        i
        for i in map(reused_id, interventions if isinstance(interventions, list) else [])
        if i is not None
    )
    return ScenarioIds(
        ids_of(interventions) + reused,
        ids_of(_items(data, "virtual_classes")),
        ids_of(_items(data, "phases")),
        tuple(objectives),
    )


def declare(content: Content, shipped_norms: Any, objectives: tuple[str, ...]) -> Declared:
    """Read every id of ``content`` (the shipped norms' data given), checking nothing else."""
    roles_doc = content.yaml.get("roles.yaml")
    roles = ids_of(_items(roles_doc.data, "roles")) if roles_doc and roles_doc.data else None
    own = content.yaml.get("norms.yaml")
    norms: tuple[str, ...] | None = ids_of(_items(shipped_norms, "norms"))
    if own is not None:
        norms = None if own.data is None else (*(norms or ()), *ids_of(_items(own.data, "norms")))
    scenarios = {}
    complete = True
    for rel, doc in sorted(content.yaml.items()):
        if not rel.startswith("scenarios/"):
            continue
        stem = rel.rsplit(".", 1)[0].rsplit("/", 1)[-1]
        complete = complete and isinstance(doc.data, dict)
        scenarios[stem] = scenario_ids(doc.data)
    return Declared(roles, norms, objectives, scenarios, complete)
