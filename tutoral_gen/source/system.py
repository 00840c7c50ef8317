"""``objectives.yaml`` and ``system.yaml`` to the model of the *système tutoral*."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.needs import CRITICAL, need_figures
from ..domain.scenario import SupportPlan
from ..domain.system import (
    Factor,
    Function,
    Matrix,
    Need,
    Objective,
    Priority,
    Score,
    Source,
    SourceKind,
    Step,
    StepStatus,
    System,
    View,
)
from .declared import Declared
from .fields import (
    Field,
    Invalid,
    MapOf,
    Reader,
    Record,
    Records,
    choice,
    described,
    fail,
    identifier,
    listed,
    nested,
    positive_number,
    text,
    title,
)
from .files import Document
from .words import suggest


@described({"type": "integer", "minimum": 1, "maximum": 4})
def score_1_to_4(value: Any, _r: Reader | None = None, _p: Any = ()) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        fail("a whole number from 1 to 4", value)
    return value


TITLED = {
    "id": Field(identifier, "its id", required=True),
    "title": Field(title, "its name", required=True),
}
PRIORITIES = {
    "plans": Field(
        nested,
        "support plan -> high, medium, low or none",
        shape=MapOf(choice(Priority), [p.value for p in SupportPlan]),
    ),
    "objectives": Field(
        nested,
        "objective id -> high, medium, low or none",
        shape=MapOf(choice(Priority), vocabulary="objectives"),
    ),
}
STEP = {
    "status": Field(choice(StepStatus), "todo, in-progress or done"),
    "owner": Field(title, "who carries the step"),
    "note": Field(text, "a remark"),
}
SOURCE = {
    "title": Field(title, "what the source is", required=True),
    "kind": Field(choice(SourceKind), "convoked or provoked", required=True),
    "description": Field(text, "what it brings"),
}
SCORE = {
    "gravity": Field(score_1_to_4, "1 slight to 4 fatal", required=True),
    "occurrence": Field(score_1_to_4, "1 improbable to 4 certain", required=True),
}
ANALYSIS = {
    "steps": Field(nested, "step id -> {status, owner, note}", shape=MapOf(Record(STEP))),
    "sources": Field(nested, "the data sources, convoked or provoked", shape=Records(SOURCE)),
}
NEED = {
    "id": Field(identifier, "the need's id", required=True),
    "title": Field(title, "what the learners need", required=True),
    "plan": Field(identifier, "the support plan it belongs to"),
    "description": Field(text, "where it comes from"),
    "scores": Field(
        nested,
        "institution, tutors, learners -> {gravity, occurrence}",
        True,
        MapOf(Record(SCORE), [v.value for v in View]),
    ),
    "answered_by": Field(listed(identifier, single_ok=True), "intervention or objective ids"),
}
REALISTIC = {
    "max_area": Field(positive_number, "largest area of a realistic intervention"),
    "max_deformation": Field(positive_number, "largest deformation of a realistic intervention"),
}
CONSTRAINTS = {
    "factors": Field(nested, "the constraint factors (3 or more)", shape=Records(TITLED)),
    "scores": Field(
        nested, "intervention id -> {factor id: 1 to 4}", shape=MapOf(MapOf(score_1_to_4))
    ),
    "realistic": Field(
        nested, "max_area and max_deformation of a realistic intervention", shape=Record(REALISTIC)
    ),
}
SYSTEM = {
    "priorities": Field(
        nested, "priority of support plans and of single objectives", shape=Record(PRIORITIES)
    ),
    "analysis": Field(nested, "the needs analysis: steps and data sources", shape=Record(ANALYSIS)),
    "needs": Field(
        nested, "the learners' support needs, scored by three views", shape=Records(NEED)
    ),
    "constraints": Field(
        nested, "constraint factors and the interventions' scores", shape=Record(CONSTRAINTS)
    ),
}
DEFAULT_FACTORS = tuple(Factor(id=f"facteur-{n}", title=f"Facteur {n}") for n in range(1, 5))


def matrix(shipped: Document, own: Document | None, reader: Reader) -> Matrix:
    """The shipped matrix, with a project's wording of some objectives."""
    data = shipped.data
    plans = tuple((p["id"], p["title"]) for p in data["plans"])
    functions = tuple(Function(**f) for f in data["functions"])
    titles = {o["id"]: o["title"] for o in data["objectives"]}
    if own is not None and own.data is not None:
        top = reader.record(own.data, (), {"objectives": Field(nested, "wording overrides", True)})
        for index, raw in reader.records(
            top["objectives"] if top else None, ("objectives",), TITLED
        ):
            if raw["id"] not in titles:
                hint = suggest(raw["id"], titles)
                reader.problem(
                    ("objectives", index, "id"), f"unknown objective {raw['id']!r}{hint}"
                )
            else:
                titles[raw["id"]] = raw["title"]
    objectives = tuple(
        Objective(id=f"{p}-{f.id}", plan=p, function=f.id, title=titles[f"{p}-{f.id}"])
        for p, _ in plans
        for f in functions
    )
    steps = tuple((s["id"], s["title"]) for s in data["analysis_steps"])
    return Matrix(plans=plans, functions=functions, objectives=objectives, steps=steps)


def system(doc: Document, read: Reader, the_matrix: Matrix, declared: Declared) -> System | None:
    """Read ``system.yaml``; warnings for prioritised objectives and critical needs left open."""
    raw = read.record(doc.data, (), SYSTEM, partial=True)
    if raw is None:
        return None
    before = len(read.problems)
    plans, singles = _priorities(read, raw.get("priorities", {}), the_matrix)
    steps, sources = _analysis(read, raw.get("analysis", {}), the_matrix)
    needs = _needs(read, raw.get("needs"), the_matrix, declared)
    factors, constraints, limits = _constraints(
        read, raw.get("constraints"), declared.interventions
    )
    if len(read.problems) > before:
        return None
    result = System(
        plan_priorities=plans,
        objective_priorities=singles,
        steps=tuple(steps),
        sources=tuple(sources),
        needs=tuple(needs),
        factors=factors,
        constraints=constraints,
        **limits,
    )
    _warnings(read, result, the_matrix, declared)
    return result


def _priorities(
    read: Reader, raw: Any, the_matrix: Matrix
) -> tuple[dict[str, Priority], dict[str, Priority]]:
    """The priorities of support plans, and of single objectives."""
    priorities = read.record(raw, ("priorities",), PRIORITIES) or {}
    plan_ids = [p for p, _ in the_matrix.plans]
    objective_ids = [o.id for o in the_matrix.objectives]
    at = ("priorities", "plans")
    plans = _levels(read, priorities.get("plans"), at, plan_ids, "support plan")
    at = ("priorities", "objectives")
    singles = _levels(read, priorities.get("objectives"), at, objective_ids, "objective")
    return plans, singles


def _analysis(read: Reader, raw: Any, the_matrix: Matrix) -> tuple[list[Step], list[Source]]:
    """The needs analysis: where each step stands, and the data sources."""
    analysis = read.record(raw, ("analysis",), ANALYSIS) or {}
    steps = []
    step_ids = [s for s, _ in the_matrix.steps]
    raw_steps = analysis.get("steps") or {}
    if not isinstance(raw_steps, dict):
        read.problem(("analysis", "steps"), "expected a mapping of step id -> {status, owner}")
        raw_steps = {}
    for step_id, value in raw_steps.items():
        at = ("analysis", "steps", step_id)
        if read.known(at, str(step_id), step_ids, "analysis step", "key"):
            fields = read.record(value, at, STEP)
            if fields is not None:
                steps.append(Step(id=step_id, **fields))
    where = ("analysis", "sources")
    sources = [Source(**s) for _, s in read.records(analysis.get("sources"), where, SOURCE)]
    return steps, sources


def _needs(read: Reader, raw: Any, the_matrix: Matrix, declared: Declared) -> list[Need]:
    """The needs, each scored by the views, and what answers them."""
    plan_ids = [p for p, _ in the_matrix.plans]
    interventions = declared.interventions
    answers = None if interventions is None else [*interventions, *declared.objectives]
    needs = []
    for index, item in read.records(raw, ("needs",), NEED):
        where = ("needs", index)
        if item.get("plan") is not None:
            read.known((*where, "plan"), item["plan"], plan_ids, "support plan")
        scores = _scores(read, item["scores"], where)
        for n, ref in enumerate(item.get("answered_by", ())):
            read.known((*where, "answered_by", n), ref, answers, "intervention or objective")
        needs.append(Need(**{**item, "scores": scores}))
    return needs


def _scores(read: Reader, raw: Any, where: tuple[str | int, ...]) -> dict[View, Score]:
    scores = {}
    if not isinstance(raw, dict):
        expected = "expected institution, tutors and/or learners, each with gravity and occurrence"
        read.problem((*where, "scores"), expected)
        raw = {}
    for view, value in raw.items():
        at = (*where, "scores", view)
        if read.known(at, str(view), [v.value for v in View], "view", "key"):
            fields = read.record(value, at, SCORE)
            if fields is not None:
                scores[View(view)] = Score(**fields)
    if not raw:
        read.problem((*where, "scores"), "expected at least one view's score")
    return scores


def _levels(
    read: Reader, raw: Any, path: tuple[str, ...], options: list[str], what: str
) -> dict[str, Priority]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        read.problem(path, f"expected a mapping of {what} -> high, medium, low or none")
        return {}
    out = {}
    convert = choice(Priority)
    for key, value in raw.items():
        if read.known((*path, key), str(key), options, what, "key"):
            try:
                out[key] = convert(value, read, (*path, key))
            except Invalid as exc:
                read.problem((*path, key), exc.message)
    return out


def _constraints(
    read: Reader, raw: Any, interventions: Mapping[str, str] | None
) -> tuple[tuple[Factor, ...], dict[str, tuple[int, ...]], dict[str, float]]:
    if raw is None:
        return (), {}, {}
    fields = read.record(raw, ("constraints",), CONSTRAINTS) or {}
    factors = tuple(
        Factor(**f)
        for _, f in read.records(fields.get("factors"), ("constraints", "factors"), TITLED)
    )
    if "factors" not in fields:
        factors = DEFAULT_FACTORS
    elif len(factors) < 3:
        read.problem(
            ("constraints", "factors"), f"expected 3 factors or more, found {len(factors)}"
        )
    limits = read.record(fields.get("realistic", {}), ("constraints", "realistic"), REALISTIC) or {}
    factor_ids = [f.id for f in factors]
    scores: dict[str, tuple[int, ...]] = {}
    raw_scores = fields.get("scores") or {}
    if not isinstance(raw_scores, dict):
        read.problem(("constraints", "scores"), "expected a mapping of intervention id -> scores")
        raw_scores = {}
    for item_id, value in raw_scores.items():
        at = ("constraints", "scores", item_id)
        if not read.known(at, str(item_id), interventions, "intervention", "key"):
            continue
        spec = {
            f: Field(score_1_to_4, "1 not constraining to 4 very constraining", True)
            for f in factor_ids
        }
        converted = read.record(value, at, spec)
        if converted is not None:
            scores[item_id] = tuple(converted[f] for f in factor_ids)
    return factors, scores, limits


def _warnings(read: Reader, system_: System, the_matrix: Matrix, declared: Declared) -> None:
    served = declared.served
    # With a scenario file unreadable, what serves an objective cannot be known.
    for objective in the_matrix.objectives if declared.complete else ():
        level = system_.objective_priorities.get(objective.id)
        at: tuple[str, ...] = ("priorities", "objectives", objective.id)
        if level is None:
            level = system_.plan_priorities.get(objective.plan, Priority.NONE)
            at = ("priorities", "plans", objective.plan)
        if level is not Priority.NONE and objective.id not in served:
            read.problem(
                at,
                f"prioritised objective {objective.id!r} ({objective.title}) is"
                " served by no intervention",
                severity="warning",
            )
    for index, need in enumerate(system_.needs):
        if need_figures(need).retained >= CRITICAL and not need.answered_by:
            read.problem(
                ("needs", index),
                f"need {need.id!r} has criticality"
                f" {need_figures(need).retained} (>= {CRITICAL}) and nothing answers it",
                severity="warning",
            )
