"""The figures of a scenario: durations, tutoring time, taux tutoral, budget, time per role.

Pure functions of the model. Every figure is a :class:`Range` (min = max when nothing is a range):

- duration of an intervention = unit minutes x count x basis, where basis is 1 per session,
  learners x share per learner, and the scenario's groups per group;
- virtual-class time = length x factor x sessions (count, times the sub-groups per group);
- tutoring time = the interventions' durations, plus the virtual classes' time when the rate
  basis is ``all`` (the default basis, ``interventions``, is that of Rodet's worked example);
- taux tutoral (tutoring rate) = tutoring time / (course minutes x learners);
- budget = course minutes x learners x target rate, and gap = tutoring time - budget;
- tutor time = interventions + virtual classes, whatever the basis;
- time of a role = its interventions + its virtual classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .quantity import ZERO, Range, total
from .scenario import Intervention, Kind, Mode, Norm, Per, RateBasis, Scenario, VirtualClass


@dataclass(frozen=True, slots=True)
class Quantification:
    """How the duration of one intervention was computed: unit x count x basis."""

    unit: Range
    """Minutes per unit (the intervention's ``minutes`` or its norm's)."""
    count: float
    """Number of times, or of the norm's units."""
    basis: float
    """1 per session, learners x share per learner, groups per group."""
    norm: Norm | None
    """The norm used, if any."""
    total: Range
    """The duration: unit x count x basis."""


@dataclass(frozen=True, slots=True)
class ScenarioFigures:
    """Every figure of one scenario."""

    capacity: float
    """Course minutes x learners: the denominator of the rate."""
    interventions: Mapping[str, Quantification]
    """Each intervention's quantification, by id, in the scenario's order."""
    intervention_minutes: Range
    """The interventions' time, every role."""
    classes: Mapping[str, Range]
    """Each virtual class's tutor time (length x factor x sessions), by id."""
    sessions: Mapping[str, float]
    """Each virtual class's number of sessions: count, times the sub-groups when per group."""
    class_total: Range
    """Sum of the virtual classes' tutor time."""
    tutor_minutes: Range
    """Interventions + virtual classes: every minute the tutors give, every role."""
    rate_basis: RateBasis
    """What ``tutoring``, ``rate`` and ``gap`` count."""
    tutoring: Range
    """Tutoring time: the interventions, plus the virtual classes when the basis is ``all``."""
    rate: Range
    """Taux tutoral: tutoring / capacity."""
    budget: Range | None
    """Capacity x target rate, when a target rate is set."""
    gap: Range | None
    """Tutoring time - budget (positive: over budget)."""
    by_kind: Mapping[Kind, Range]
    """Time of the structural and of the conjunctural interventions."""
    by_mode: Mapping[Mode, Range]
    """Time of the proactive, reactive and mixed interventions."""
    role_interventions: Mapping[str, Range]
    """Per role id: the time of its interventions."""
    role_classes: Mapping[str, Range]
    """Per role id: the time of its virtual classes."""
    roles: Mapping[str, Range]
    """Per role id: its whole time (interventions + classes), for roles that have any."""


def quantify(item: Intervention, scenario: Scenario, norms: Mapping[str, Norm]) -> Quantification:
    """The duration of one intervention and how it was computed."""
    norm = norms[item.norm] if item.norm is not None else None
    unit = norm.minutes if norm is not None else (item.minutes or ZERO)
    if item.per is Per.LEARNER:
        basis = scenario.learners * item.share
    elif item.per is Per.GROUP:
        basis = float(scenario.groups or 0)
    else:
        basis = 1.0
    return Quantification(unit, item.count, basis, norm, unit * (item.count * basis))


def sessions(virtual_class: VirtualClass, scenario: Scenario) -> float:
    """How many times a virtual class is held: its count, for each sub-group when per group."""
    groups = float(scenario.groups or 0) if virtual_class.per is Per.GROUP else 1.0
    return virtual_class.count * groups


def class_minutes(virtual_class: VirtualClass, scenario: Scenario) -> Range:
    """Tutor time of a virtual class: its length x its factor x its sessions."""
    return virtual_class.factor * (virtual_class.minutes * sessions(virtual_class, scenario))


def tutoring_rate(tutoring: Range, course_minutes: float, learners: int) -> Range:
    """Taux tutoral = tutoring time / (course time x learners)."""
    return tutoring / (course_minutes * learners)


def scenario_figures(
    scenario: Scenario, norms: Mapping[str, Norm], basis: RateBasis = RateBasis.INTERVENTIONS
) -> ScenarioFigures:
    """Compute every figure of a validated scenario; ``basis`` when the scenario sets none."""
    basis = scenario.rate_basis or basis
    quantities = {i.id: quantify(i, scenario, norms) for i in scenario.interventions}
    interventions = total(q.total for q in quantities.values())
    capacity = scenario.course_minutes * scenario.learners
    budget = Range.of(capacity * scenario.target_rate) if scenario.target_rate else None
    classes = {c.id: class_minutes(c, scenario) for c in scenario.virtual_classes}
    class_total = total(classes.values())
    tutoring = interventions + class_total if basis is RateBasis.ALL else interventions

    def split(key: object, attribute: str) -> Range:
        items = scenario.interventions
        return total(quantities[i.id].total for i in items if getattr(i, attribute) == key)

    role_ids = dict.fromkeys(
        [i.role for i in scenario.interventions] + [c.role for c in scenario.virtual_classes]
    )
    role_interventions = {r: split(r, "role") for r in role_ids}
    role_classes = {
        r: total(classes[c.id] for c in scenario.virtual_classes if c.role == r) for r in role_ids
    }
    return ScenarioFigures(
        capacity=capacity,
        interventions=quantities,
        intervention_minutes=interventions,
        classes=classes,
        sessions={c.id: sessions(c, scenario) for c in scenario.virtual_classes},
        class_total=class_total,
        tutor_minutes=interventions + class_total,
        rate_basis=basis,
        tutoring=tutoring,
        rate=tutoring_rate(tutoring, scenario.course_minutes, scenario.learners),
        budget=budget,
        gap=tutoring - budget if budget is not None else None,
        by_kind={k: split(k, "kind") for k in Kind},
        by_mode={m: split(m, "mode") for m in Mode},
        role_interventions=role_interventions,
        role_classes=role_classes,
        roles={r: role_interventions[r] + role_classes[r] for r in role_ids},
    )
