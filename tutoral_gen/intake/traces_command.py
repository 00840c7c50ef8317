"""``tutoral traces``: measure a scenario from the platform's exports, commit only aggregates.

The exports name learners: they are read where the coordinator keeps them (``private/``, which a
new project's ``.gitignore`` leaves out of Git) and never copied. What is written:

- ``content/audit/traces/<scenario>.yaml``: counts and durations, no name, no user id; the
  repository may commit it, and the build renders it (CI has no exports);
- ``private/followup-<scenario>.csv``: who needs a follow-up at the log's end, for the tutors.

Everything is read and checked first; a problem in any export or in the settings stops the
command with every problem located, and nothing is written.
"""

from __future__ import annotations

import datetime
import os
import re
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import cycles, pipeline
from ..adapters import write
from ..domain.project import Project
from ..domain.scenario import Scenario
from ..domain.trace_figures import promise, settings_of
from ..domain.traces import Traces, TraceSettings
from ..errors import ContentError, Problem, UsageError
from ..i18n import Numbers, labels
from ..render.exports import table
from ..source import exports
from ..source.files import Content
from ..source.trace_aggregates import FOLDER, MAX_NAME
from ..source.words import suggest
from . import logs, opening
from .found import Found
from .logs import pseudonymised, rows
from .people.measure import Context, FollowUp, Measured, Routes, measure
from .people.pseudonyms import Pseudonyms
from .private import KEY, PRIVATE, cleaned, destination, number, quoted, shown, unignored

RELAUNCH = "motivation"
"""The function of the roles that follow up inactive learners (*relancer les inactifs*)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a measurement wrote and found."""

    project: Project
    """The project measured for."""
    measured: Measured
    """The aggregates, the follow-up list and the remarks on the settings."""
    read: logs.Read
    """What the exports held."""
    aggregate: Path
    """The aggregates' file."""
    followup: Path
    """The follow-up list's file."""
    warnings: list[Problem]
    """Located warnings."""


def run(
    paths: pipeline.Paths, scenario_id: str, files: Sequence[Path], workers: int | None = None
) -> Outcome:
    """Read the exports, measure, then write; raises :class:`ContentError` with every problem.

    The events and the tally are lists and arrays that live until the end: the cycle collector
    is off, as for a build."""
    with cycles.off():
        return _run(paths, scenario_id, files, workers)


def _run(
    paths: pipeline.Paths, scenario_id: str, files: Sequence[Path], workers: int | None
) -> Outcome:
    rewritten = f"{FOLDER}/{scenario_id}.yaml"
    project, _, content = pipeline.check(paths, templates=False, replacing=rewritten)
    scenario = _scenario(project, scenario_id)
    settings = _settings(project, scenario_id)
    root = paths.root.resolve()
    read = logs.read(
        files,
        project.timezone,
        lambda p: shown(p, root),
        workers,
        course=settings.course,
        date_order=settings.date_order,
    )
    errors = [p for p in read.problems if p.severity == "error"]
    if errors:
        raise ContentError(read.problems)
    if not read.tally.acts:
        raise ContentError(
            [
                *read.problems,
                Problem(
                    ", ".join(shown(f, root) for f in files),
                    "the exports hold no event of a person",
                ),
            ]
        )
    measured = measure(read.tally, settings, _context(project, scenario, settings, read))
    remarks = _remarks(measured, scenario_id, content, paths)
    if any(p.severity == "error" for p in remarks):
        raise ContentError(remarks)
    aggregate = paths.content / FOLDER / f"{scenario_id}.yaml"
    followup = paths.root / PRIVATE / f"followup-{scenario_id}.csv"
    # Both files made before either is written: a failure leaves both as they were.
    aggregate_bytes = aggregate_yaml(measured.traces, scenario_id).encode()
    followup_bytes = followup_csv(measured.followup, project)
    write.replace_file(aggregate, aggregate_bytes)
    write.replace_file(followup, followup_bytes)
    warnings = [p for p in read.problems if p.severity == "warning"] + remarks
    risk = unignored(paths.root, f"{PRIVATE}/{followup.name}", "the follow-up list names learners")
    warnings += [risk] if risk else []
    return Outcome(project, measured, read, aggregate, followup, warnings)


def _scenario(project: Project, scenario_id: str) -> Scenario:
    found = next((s for s in project.scenarios if s.id == scenario_id), None)
    if found is None:
        ids = [s.id for s in project.scenarios]
        raise UsageError(
            f"unknown scenario {scenario_id!r}{suggest(scenario_id, ids)};"
            f" expected one of: {', '.join(ids)}"
        )
    return found


def _settings(project: Project, scenario_id: str) -> TraceSettings:
    settings = settings_of(project.audit.trace_settings, scenario_id) if project.audit else None
    if settings is None:
        raise UsageError(
            f"content/audit/audit.yaml has no traces settings for {scenario_id!r}: add"
            f" traces: {{{scenario_id}: {{tutors: {{<name as the log shows it>: <role id>}}}}}}"
            " (the README's section From the platform's logs shows them all)"
        )
    return settings


def _context(
    project: Project, scenario: Scenario, settings: TraceSettings, read: logs.Read
) -> Context:
    charter = project.diffusion.charter if project.diffusion else None
    channels: dict[str, list[str]] = {}
    for item in scenario.interventions:
        if item.channel is not None and item.role not in channels.get(item.channel, []):
            channels.setdefault(item.channel, []).append(item.role)
    relaunch = tuple(r.id for r in project.roles if RELAUNCH in r.functions)
    return Context(
        zone=zoneinfo.ZoneInfo(project.timezone),
        timezone=project.timezone,
        promises={c: promise(charter, c) for c in settings.channels},
        routes=Routes({c: tuple(r) for c, r in channels.items()}, relaunch),
        sources=read.sources,
    )


def _remarks(
    measured: Measured, scenario_id: str, content: Content, paths: pipeline.Paths
) -> list[Problem]:
    """The settings' problems, located in ``audit.yaml``."""
    settings_file = f"{content.prefix}audit/audit.yaml"
    problems = [
        Problem(
            settings_file,
            r.message,
            ("traces", scenario_id, *r.path),
            "key" if r.at == "key" else "value",
            severity="error" if r.severity == "error" else "warning",
        )
        for r in measured.remarks
    ]
    return pipeline.locate(problems, content)


def aggregate_yaml(traces: Traces, scenario_id: str) -> str:
    """The aggregates' file: written by this command, read by the build
    (source/trace_aggregates.py)."""
    out = [
        "# yaml-language-server: $schema=../../../tutoral_gen/schemas/traces.schema.json",
        f"# Written by `tutoral traces {scenario_id}`: counts and durations measured from the",
        "# platform's exports, without any name or user id. Run the command again rather than",
        "# editing this file; the exports themselves stay in private/, out of Git.",
        f"settings: {quoted(traces.settings)}",
        f"period: {{first: {quoted(traces.first.isoformat())},"
        f" last: {quoted(traces.last.isoformat())}}}",
        "sources:",
        *(
            f"  - {{format: {s.format}, files: {s.files}, rows: {s.rows}"
            + (f", date_order: {s.date_order}}}" if s.date_order else "}")
            for s in traces.sources
        ),
        f"course: {_course(traces.course)}",
        f"events: {traces.events}",
        f"duplicates: {traces.duplicates}",
        f"unknown: {traces.unknown}",
        "left_out:  # events that are no course activity, counted apart",
        f"  other_courses: {traces.other_courses}",
        f"  site: {traces.site_events}",
        f"  platform: {traces.platform_events}",
        "tutors:",
        *(
            f"  {quoted(role)}: {{accounts: {traces.tutor_accounts[role]}, sessions:"
            f" {traces.tutor_sessions[role]}, minutes: {number(minutes, 3)}}}"
            for role, minutes in traces.tutor_minutes.items()
        ),
        f"learners_seen: {traces.learners_seen}",
        "channels:" if traces.channels else "channels: {}",
    ]
    for channel, delays in traces.channels.items():
        out.append(f"  {quoted(channel)}:")
        out.append(f"    requests: {delays.requests}")
        out.append(f"    unanswered: {delays.unanswered}")
        out.append(f"    delays: [{', '.join(str(d) for d in delays.delays)}]  # seconds, sorted")
    out.append("forums:" if traces.forums else "forums: []")
    for forum in traces.forums:  # names as the build reads them: no control, 255 at most
        name = f", name: {quoted(_name(forum.name))}" if forum.name else ""
        activity = quoted(_name(forum.activity))
        out.append(f"  - {{activity: {activity}{name}, posts: {forum.posts}}}")
    out.append(
        f"inactive: {{learners: {traces.inactive_learners}, episodes: {traces.inactive_episodes}}}"
    )
    out.append("weeks:" if traces.weeks else "weeks: []")
    for week in traces.weeks:
        start = week.start.isoformat()
        out.append(f"  - {{start: {start}, learners: {week.learners}, posts: {week.posts}}}")
    return "\n".join(out) + "\n"


def _course(course: str | None) -> str:
    """The course id as YAML: a number as written, ``null`` for none."""
    if course is None:
        return "null"
    return course if course.isdigit() else quoted(course)


def _name(text: str) -> str:
    """A name from an export as the aggregates hold it (source/trace_aggregates.py)."""
    return cleaned(text, MAX_NAME) or "?"


def followup_csv(rows: Sequence[FollowUp], project: Project) -> bytes:
    """The follow-up list for the tutors (names: ``private/`` only)."""
    t = labels(project.language)["followup_columns"]
    titles = {r.id: r.title for r in project.roles}
    reasons: Mapping[str, str] = labels(project.language)["followup_reasons"]
    body = [
        [
            titles.get(r.role, r.role),
            cleaned(r.learner, MAX_CELL),
            reasons[r.reason],
            cleaned(r.where or "", MAX_CELL),
            r.since.isoformat(sep=" "),
            round(r.hours, 1),
        ]
        for r in rows
    ]
    return table([list(t), *body], project.language)


def followup_lines(rows: Sequence[FollowUp], project: Project) -> list[str]:
    """The follow-up list as the terminal prints it, role by role."""
    t = labels(project.language)
    n = Numbers(project.language)
    titles = {r.id: r.title for r in project.roles}
    lines: list[str] = []
    role = None
    for row in rows:
        if row.role != role:
            role = row.role
            lines.append(f"{titles.get(role, role)}:")
        since = row.since.strftime("%Y-%m-%d %H:%M")
        if row.reason == "absent":
            end = row.since + datetime.timedelta(hours=row.hours)
            said = t["followup_absent"].format(since=since, until=end.strftime("%Y-%m-%d %H:%M"))
        elif row.reason == "inactive":
            said = t["followup_inactive"].format(days=n.number(row.hours / 24, 1), since=since)
        else:
            hours = n.number(row.hours, 1)
            where = cleaned(row.where or "", MAX_CELL)
            said = t["followup_unanswered"].format(where=where, hours=hours, since=since)
        lines.append(f"  - {cleaned(row.learner, MAX_CELL)}: {said}")
    return lines


KEY_BYTES = 32
"""The length of the pseudonyms' key (adapters/write.py makes it)."""
MAX_CELL = 1000
"""The longest name or place the follow-up list shows (a terminal line, a spreadsheet cell)."""


def pseudonymise(paths: pipeline.Paths, source: Path, target: Path) -> int:
    """Write ``target``, a copy of the export ``source`` without anyone recognisable; returns
    the bytes written. Raises :class:`ContentError` with the export's problems, and
    :class:`UsageError` for a ``target`` that is the input, the key, a folder, or in a folder
    the build publishes or rewrites. Nothing is written (the key included, when it is new)
    unless the whole export was read without an error."""
    project, _, _ = pipeline.check(paths, templates=False)
    destination(target, paths, [source], "the copy")
    root = paths.root.resolve()
    named = shown(source, root)
    sniffed = _sniffed(source, named)
    part = rows.whole(source, sniffed)
    found = Found(named)
    declared = [
        a
        for s in (project.audit.trace_settings if project.audit else ())
        for a in (*s.tutors, *s.ignore)
    ]
    key_path = paths.root / PRIVATE / KEY
    key = _key(key_path, shown(key_path, root))
    secret = key or os.urandom(KEY_BYTES)
    try:
        pseudonyms = Pseudonyms(
            secret,
            pseudonymised.names(part, found),
            kept_ids=[a[1:] for a in declared if a.startswith("#")],
            kept_names=[a for a in declared if not a.startswith("#")],
        )
    except ValueError as exc:
        raise ContentError([Problem(named, str(exc))]) from None
    if any(p.severity == "error" for p in found.all()):
        raise ContentError(found.all())
    copy = pseudonymised.copy(part, pseudonymised.Scrubber(pseudonyms), found)
    new_key = None if key else (key_path, secret)
    return write.replace_stream(target, _checked(copy, found, new_key))


def _sniffed(source: Path, named: str) -> exports.Sniffed:
    """The export's format, once opening.py accepted it."""
    try:
        size = opening.checked(source)
        head = opening.read(source, exports.SNIFF_BYTES, head=True)
        cut = opening.cut_utf16(head, size)
        if cut:
            raise ContentError([Problem(named, cut, line=1, column=1)])
        return exports.sniff(source, head)
    except exports.NotAnExport as exc:
        message = f"not a platform export: {exc}"
        raise ContentError([Problem(named, message, line=1, column=1)]) from None
    except opening.Refused as exc:
        raise ContentError([Problem(named, str(exc))]) from None


def _key(path: Path, named: str) -> bytes | None:
    """The project's key, None when there is none yet; a key that cannot be one (not 32 bytes,
    not a file) is an error rather than a new key that would change every pseudonym."""
    if not os.path.lexists(path):
        return None
    try:
        key = opening.read(path, 1024, "key")
    except opening.Refused as exc:
        raise ContentError([Problem(named, str(exc))]) from None
    if len(key) != KEY_BYTES:
        message = (
            f"a key of {KEY_BYTES} bytes expected, found {len(key)}: restore it from a backup"
            " (another key gives other pseudonyms), or delete it to start new ones"
        )
        raise ContentError([Problem(named, message)])
    return key


_SURROGATE = re.compile("[\ud800-\udfff]")


def _checked(
    chunks: Iterable[str], found: Found, new_key: tuple[Path, bytes] | None
) -> Iterator[str]:
    """The pieces (a byte that was no text: U+FFFD), then a failure if the export had errors
    (the copy is then not kept); a new key is kept only once the copy is whole."""
    for chunk in chunks:
        yield chunk if chunk.isascii() else _SURROGATE.sub("\ufffd", chunk)
    if any(p.severity == "error" for p in found.all()):
        raise ContentError(found.all())
    if new_key is not None and write.secret(new_key[0], new_key[1]) != new_key[1]:
        raise ContentError([Problem(str(new_key[0]), "another run made the key meanwhile")])
