"""``content/audit/`` to the model of the *audit tutoral*: plan, log, findings."""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
from collections.abc import Callable
from typing import Any

from ..domain.audit import (
    FIGURES,
    Audit,
    Document,
    Entry,
    Finding,
    Status,
)
from ..errors import Path_, Problem
from . import answer_aggregates, guides, trace_aggregates
from .declared import Declared, ids_of
from .fields import (
    Field,
    Invalid,
    Reader,
    Record,
    Records,
    boolean,
    choice,
    described,
    fail,
    identifier,
    listed,
    nested,
    text,
    title,
)
from .files import Content
from .files import Document as File
from .words import suggest


@described({"type": "string", "pattern": r"^[^/\\]+\.csv$"})
def file_name(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """A CSV file's name in its folder: never a path, so it cannot point outside the project."""
    if isinstance(value, str) and re.fullmatch(r"[^/\\]+\.csv", value):
        return value
    fail("a file name ending in .csv, without any folder (log.csv)", value)


DOCUMENT = {
    "title": Field(title, "the document", required=True),
    "description": Field(text, "what it shows"),
}
LOG = {
    "file": Field(file_name, "the CSV file in content/audit/ (default log.csv)"),
    "skip_bad_rows": Field(boolean, "report malformed rows as warnings and skip them"),
}
AUDIT = {
    "questions": Field(listed(text, single_ok=True), "the questions the audit answers"),
    "documents": Field(nested, "convoked data: documents of the set-up", shape=Records(DOCUMENT)),
    "guides": guides.GUIDES,
    "grid": guides.GRID,
    "log": Field(
        nested, "the activity log: file (default log.csv) and skip_bad_rows", shape=Record(LOG)
    ),
    "traces": trace_aggregates.TRACES,
}
FINDING = {
    "title": Field(title, "the finding", required=True),
    "status": Field(
        choice(Status), "where its recommendation stands: proposed, accepted, done or rejected"
    ),
    "changes": Field(
        listed(identifier, single_ok=True), "ids of the interventions its recommendation changes"
    ),
    "criteria": Field(listed(identifier, single_ok=True), "ids of the grid's criteria"),
    "figures": Field(listed(text, single_ok=True), "figures it rests on, e.g. module-1:rate"),
}
COLUMNS = ("date", "scenario", "role", "intervention", "learner", "minutes")
"""The log's columns; ``scenario`` may be empty when the intervention names it, ``intervention``
is empty for unplanned work, ``learner`` is the learner or group concerned (optional)."""


def audit(
    content: Content, reader: Callable[[File], Reader], declared: Declared, timezone: str
) -> tuple[Audit | None, list[Problem]]:
    """Read the audit folder; returns None when the project has no ``audit/audit.yaml``.

    The log, the traces and the findings are checked even when ``audit.yaml`` has mistakes of
    its own; ``timezone`` is the project's (the traces were measured in it).
    """
    doc = content.yaml.get("audit/audit.yaml")
    if doc is None or doc.data is None:
        return None, []
    read = reader(doc)
    raw = read.record(doc.data, (), AUDIT, partial=True) or {}
    documents = [
        Document(**d) for _, d in read.records(raw.get("documents"), ("documents",), DOCUMENT)
    ]
    criterion_ids = list(ids_of(raw.get("grid")))
    asked = guides.guides(read, raw.get("guides"), declared, _needs(content), criterion_ids)
    criteria = guides.criteria(read, raw.get("grid"), asked)
    log = read.record(raw.get("log") or {}, ("log",), LOG, partial=True) or {}
    entries, log_file, problems = _log(content, log, declared)
    findings = _findings(content, reader, criterion_ids, declared)
    replies = answer_aggregates.aggregates(content, reader, asked)
    settings = trace_aggregates.settings(read, raw.get("traces"), declared, _channels(content))
    measured = trace_aggregates.aggregates(content, reader, declared, settings, timezone)
    return Audit(
        questions=raw.get("questions", ()),
        documents=tuple(documents),
        guides=asked,
        criteria=criteria,
        findings=tuple(findings),
        log=tuple(entries),
        log_file=log_file,
        trace_settings=settings,
        traces=measured,
        answers=replies,
    ), problems


def _needs(content: Content) -> tuple[str, ...] | None:
    """The need ids of ``system.yaml``; None when they cannot be known (no readable system)."""
    system = content.yaml.get("system.yaml")
    if system is None or not isinstance(system.data, dict):
        return None
    return ids_of(system.data.get("needs"))


def _channels(content: Content) -> tuple[str, ...] | None:
    """The charter's channel ids; None when they cannot be known (no readable charter)."""
    charter = content.yaml.get("charter.yaml")
    if charter is None or not isinstance(charter.data, dict):
        return None
    return ids_of(charter.data.get("channels"))


def _log(
    content: Content, settings: dict[str, Any], declared: Declared
) -> tuple[list[Entry], str | None, list[Problem]]:
    name = f"audit/{settings.get('file', 'log.csv')}"
    shown = f"{content.prefix}{name}"
    if name not in content.tables:
        if any(p.file == shown for p in content.problems):
            return [], None, []  # unreadable (not UTF-8...): reported once, where it was read
        if "file" in settings:
            return [], None, [Problem(shown, "the log file named in audit.yaml does not exist")]
        return [], None, []
    skip = settings.get("skip_bad_rows", False)
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
            entries.append(_entry(row, line, declared))
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


def _entry(row: list[str], line: int, declared: Declared) -> Entry:
    if len(row) != len(COLUMNS):
        raise _RowError(f"expected {len(COLUMNS)} columns ({','.join(COLUMNS)}), found {len(row)}")
    cells = dict(zip(COLUMNS, (cell.strip() for cell in row), strict=True))
    try:
        date = datetime.date.fromisoformat(cells["date"])
    except ValueError:
        raise _RowError(f"expected a date as YYYY-MM-DD, found {cells['date']!r}", "date") from None
    scenario = cells["scenario"] or None
    if scenario is not None and scenario not in declared.scenarios:
        hint = suggest(scenario, declared.scenarios)
        raise _RowError(f"unknown scenario {scenario!r}{hint}", "scenario")
    roles = declared.roles
    if roles is not None and cells["role"] not in roles:
        raise _RowError(f"unknown role {cells['role']!r}{suggest(cells['role'], roles)}", "role")
    activity = cells["intervention"] or None
    if activity is not None:
        scenario = _activity_scenario(activity, scenario, declared)
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


def _activity_scenario(activity: str, scenario: str | None, declared: Declared) -> str:
    """The scenario of a logged intervention or virtual class (classes need theirs named)."""
    owner = declared.interventions
    if owner is None:  # a scenario file is unreadable: its ids cannot be known
        return scenario or ""
    if activity in owner:
        if scenario is not None and owner[activity] != scenario:
            message = f"{activity!r} belongs to scenario {owner[activity]!r}, not {scenario!r}"
            raise _RowError(message, "intervention")
        return owner[activity]
    classes = declared.scenarios[scenario].classes if scenario is not None else ()
    if activity not in classes:
        hint = suggest(activity, [*owner, *classes])
        message = f"unknown intervention or virtual class {activity!r}{hint}"
        raise _RowError(message, "intervention")
    assert scenario is not None
    return scenario


def _number(cell: str) -> float | None:
    try:
        value = float(cell.replace(",", "."))  # a French spreadsheet writes 7,5
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _findings(
    content: Content,
    reader: Callable[[File], Reader],
    criteria: list[str],
    declared: Declared,
) -> list[Finding]:
    findings = []
    for rel in sorted(r for r in content.markdown if r.startswith("audit/findings/")):
        doc = content.yaml[rel]
        if doc.data is None:
            continue
        read = reader(doc)
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
        for n, changed in enumerate(raw.get("changes", ())):
            read.known(("changes", n), changed, declared.interventions, "intervention")
        for n, figure in enumerate(raw.get("figures", ())):
            problem = figure_problem(figure, declared)
            if problem:
                read.problem(("figures", n), problem)
            elif figure.split(":")[1:2] == ["level"]:
                read.known(("figures", n), figure.split(":", 2)[2], criteria, "criterion")
        findings.append(Finding(id=finding_id, body=content.markdown[rel], **raw))
    return findings


def figure_problem(figure: str, declared: Declared) -> str | None:
    """Why a finding's figure reference is wrong, or None."""
    subject, _, kind = figure.partition(":")
    kind_name, _, role = kind.partition(":")
    suffix = {"role": True, "level": True, "responses": bool(role)}.get(kind_name, False)
    if kind_name not in FIGURES or suffix != bool(role):
        return (
            f"unknown figure {figure!r}; expected <scenario>:rate, :actual-rate, :tutoring,"
            " :actual-tutoring, :role:<role>, :traced-rate, :traced-tutoring, :responses,"
            " :responses:<channel>, :inactive, :level:<criterion>, or <intervention>:ratio"
        )
    if kind_name in ("responses", "level"):
        role = ""  # a channel or a criterion: checked where they are known
    expected = declared.interventions if kind_name == "ratio" else declared.scenarios
    if expected is not None and subject not in expected:
        what = "intervention" if kind_name == "ratio" else "scenario"
        return f"unknown {what} {subject!r} in {figure!r}{suggest(subject, expected)}"
    roles = declared.roles
    if role and roles is not None and role not in roles:
        return f"unknown role {role!r} in {figure!r}{suggest(role, roles)}"
    return None
