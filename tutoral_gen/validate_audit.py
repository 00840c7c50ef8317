"""``content/audit/`` to the model of the *audit tutoral*: plan, log, findings."""

from __future__ import annotations

import csv
import datetime
import io
import math
from collections.abc import Iterable
from typing import Any

from .audit import FIGURES, Audience, Audit, Criterion, Document, Entry, Finding, Guide, GuideKind
from .errors import Problem
from .fields import (
    Field,
    Invalid,
    Reader,
    boolean,
    choice,
    identifier,
    listed,
    nested,
    suggest,
    text,
)
from .load import Content
from .model import Scenario
from .schema import Record, Records

DOCUMENT = {
    "title": Field(text, "the document", required=True),
    "description": Field(text, "what it shows"),
}
GUIDE = {
    "id": Field(identifier, "the guide's id", required=True),
    "title": Field(text, "the guide's title", required=True),
    "kind": Field(choice(GuideKind), "questionnaire or interview", required=True),
    "audience": Field(choice(Audience), "learners, tutors or institution", required=True),
    "intro": Field(text, "what to say first"),
    "questions": Field(listed(text), "the questions, in order", required=True),
}
CRITERION = {
    "id": Field(identifier, "the criterion's id", required=True),
    "title": Field(text, "what is judged", required=True),
    "indicator": Field(text, "what is measured or observed"),
    "scale": Field(listed(text), "the levels, lowest first"),
}
LOG = {
    "file": Field(text, "the CSV file in content/audit/ (default log.csv)"),
    "skip_bad_rows": Field(boolean, "report malformed rows as warnings and skip them"),
}
AUDIT = {
    "questions": Field(listed(text, single_ok=True), "the questions the audit answers"),
    "documents": Field(nested, "convoked data: documents of the set-up", shape=Records(DOCUMENT)),
    "guides": Field(
        nested, "provoked data: questionnaires and interview guides", shape=Records(GUIDE)
    ),
    "grid": Field(
        nested, "the analysis grid: criteria with indicator and scale", shape=Records(CRITERION)
    ),
    "log": Field(
        nested, "the activity log: file (default log.csv) and skip_bad_rows", shape=Record(LOG)
    ),
}
FINDING = {
    "title": Field(text, "the finding", required=True),
    "criteria": Field(listed(identifier, single_ok=True), "ids of the grid's criteria"),
    "figures": Field(listed(text, single_ok=True), "figures it rests on, e.g. module-1:rate"),
}
COLUMNS = ("date", "scenario", "role", "intervention", "learner", "minutes")
"""The log's columns; ``scenario`` may be empty when the intervention names it, ``intervention``
is empty for unplanned work, ``learner`` is the learner or group concerned (optional)."""


def audit(
    content: Content, reader: Any, scenarios: Iterable[Scenario], roles: Iterable[str]
) -> tuple[Audit | None, list[Problem]]:
    """Read the audit folder; returns None when the project has no ``audit/audit.yaml``."""
    doc = content.yaml.get("audit/audit.yaml")
    if doc is None or doc.data is None:
        return None, []
    read: Reader = reader(doc)
    raw = read.record(doc.data, (), AUDIT)
    if raw is None:
        return None, []
    documents = [
        Document(**d) for _, d in read.records(raw.get("documents"), ("documents",), DOCUMENT)
    ]
    guides = [Guide(**g) for _, g in read.records(raw.get("guides"), ("guides",), GUIDE)]
    criteria = [Criterion(**c) for _, c in read.records(raw.get("grid"), ("grid",), CRITERION)]
    settings = read.record(raw.get("log") or {}, ("log",), LOG) or {}
    scenarios = list(scenarios)
    entries, log_file, problems = _log(content, settings, scenarios, set(roles))
    findings = _findings(content, reader, [c.id for c in criteria], scenarios, set(roles))
    return Audit(
        questions=raw.get("questions", ()),
        documents=tuple(documents),
        guides=tuple(guides),
        criteria=tuple(criteria),
        findings=tuple(findings),
        log=tuple(entries),
        log_file=log_file,
    ), problems


def _log(
    content: Content, settings: dict[str, Any], scenarios: list[Scenario], roles: set[str]
) -> tuple[list[Entry], str | None, list[Problem]]:
    name = f"audit/{settings.get('file', 'log.csv')}"
    shown = f"{content.prefix}{name}"
    if name not in content.tables:
        if "file" in settings:
            return [], None, [Problem(shown, "the log file named in audit.yaml does not exist")]
        return [], None, []
    skip = settings.get("skip_bad_rows", False)
    owner = {i.id: s.id for s in scenarios for i in s.interventions}
    classes = {(s.id, c.id) for s in scenarios for c in s.virtual_classes}
    scenario_ids = [s.id for s in scenarios]
    problems: list[Problem] = []
    entries = []
    rows = csv.reader(io.StringIO(content.tables[name]))
    header = next(rows, None)
    if header is None or [h.strip() for h in header] != list(COLUMNS):
        found = ",".join(header or [])
        return (
            [],
            shown,
            [
                Problem(
                    shown,
                    f"expected the header {','.join(COLUMNS)}, found {found!r}",
                    line=1,
                    column=1,
                )
            ],
        )
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        try:
            entries.append(_entry(row, line, owner, classes, scenario_ids, roles))
        except _RowError as exc:
            column = (
                sum(len(cell) + 1 for cell in row[: exc.index]) + 1 if exc.index is not None else 1
            )
            message = f"{exc.field}: {exc.message}" if exc.field else exc.message
            if skip:
                message += " (row skipped: skip_bad_rows is true)"
            problems.append(
                Problem(
                    shown,
                    message,
                    line=line,
                    column=column,
                    severity="warning" if skip else "error",
                )
            )
    return entries, shown, problems


class _RowError(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.index = COLUMNS.index(field) if field in COLUMNS else None


def _entry(
    row: list[str],
    line: int,
    owner: dict[str, str],
    classes: set[tuple[str, str]],
    scenario_ids: list[str],
    roles: set[str],
) -> Entry:
    if len(row) != len(COLUMNS):
        raise _RowError(f"expected {len(COLUMNS)} columns ({','.join(COLUMNS)}), found {len(row)}")
    cells = dict(zip(COLUMNS, (cell.strip() for cell in row), strict=True))
    try:
        date = datetime.date.fromisoformat(cells["date"])
    except ValueError:
        raise _RowError(f"expected a date as YYYY-MM-DD, found {cells['date']!r}", "date") from None
    scenario = cells["scenario"] or None
    if scenario is not None and scenario not in scenario_ids:
        raise _RowError(
            f"unknown scenario {scenario!r}{suggest(scenario, scenario_ids)}", "scenario"
        )
    if cells["role"] not in roles:
        raise _RowError(f"unknown role {cells['role']!r}{suggest(cells['role'], roles)}", "role")
    activity = cells["intervention"] or None
    if activity is not None:
        if activity in owner:
            if scenario is not None and owner[activity] != scenario:
                raise _RowError(
                    f"{activity!r} belongs to scenario {owner[activity]!r}, not {scenario!r}",
                    "intervention",
                )
            scenario = owner[activity]
        elif scenario is None or (scenario, activity) not in classes:
            known = [*owner, *(c for s, c in classes if s == scenario)]
            raise _RowError(
                f"unknown intervention or virtual class {activity!r}{suggest(activity, known)}",
                "intervention",
            )
    if scenario is None:
        raise _RowError("unplanned work (no intervention) needs its scenario", "scenario")
    minutes = _number(cells["minutes"])
    if minutes is None or minutes <= 0:
        raise _RowError(
            f"expected a number of minutes greater than 0, found {cells['minutes']!r}", "minutes"
        )
    return Entry(
        line=line,
        date=date,
        scenario=scenario,
        role=cells["role"],
        activity=activity,
        learner=cells["learner"] or None,
        minutes=minutes,
    )


def _number(cell: str) -> float | None:
    try:
        value = float(cell.replace(",", "."))  # a French spreadsheet writes 7,5
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _findings(
    content: Content,
    reader: Any,
    criteria: list[str],
    scenarios: list[Scenario],
    roles: set[str],
) -> list[Finding]:
    findings = []
    interventions = {i.id for s in scenarios for i in s.interventions}
    names = {s.id for s in scenarios}
    for rel in sorted(r for r in content.markdown if r.startswith("audit/findings/")):
        doc = content.yaml[rel]
        if doc.data is None:
            continue
        read: Reader = reader(doc)
        raw = read.record(doc.data, (), FINDING)
        finding_id = rel.rsplit("/", 1)[1][:-3]
        try:
            identifier(finding_id)
        except Invalid:
            read.problem(
                (), f"the file name {finding_id!r} must be an id (letters, digits, '-', '_')"
            )
            continue
        if raw is None:
            continue
        for n, criterion in enumerate(raw.get("criteria", ())):
            read.known(("criteria", n), criterion, criteria, "criterion")
        for n, figure in enumerate(raw.get("figures", ())):
            problem = figure_problem(figure, names, interventions, roles)
            if problem:
                read.problem(("figures", n), problem)
        findings.append(Finding(id=finding_id, body=content.markdown[rel], **raw))
    return findings


def figure_problem(
    figure: str, scenarios: set[str], interventions: set[str], roles: set[str]
) -> str | None:
    """Why a finding's figure reference is wrong, or None."""
    subject, _, kind = figure.partition(":")
    kind_name, _, role = kind.partition(":")
    if kind_name not in FIGURES or (kind_name == "role") != bool(role):
        return (
            f"unknown figure {figure!r}; expected <scenario>:rate, :actual-rate, :tutoring,"
            " :actual-tutoring, :role:<role>, or <intervention>:ratio"
        )
    expected = interventions if kind_name == "ratio" else scenarios
    if subject not in expected:
        what = "intervention" if kind_name == "ratio" else "scenario"
        return f"unknown {what} {subject!r} in {figure!r}{suggest(subject, expected)}"
    if role and role not in roles:
        return f"unknown role {role!r} in {figure!r}{suggest(role, roles)}"
    return None
