"""The learning platform's exports (*données convoquées*), read into one tally of events.

Each format has its reader, all yielding :class:`.events.Event`: :mod:`.moodle` (the course
log download, from CSV, Excel or JSON), :mod:`.standard` (the ``logstore_standard_log`` table),
:mod:`.xapi` (statements). :mod:`tutoral_gen.source.exports` tells the format from the file
itself. A large CSV file is read in parts by as many processes as there are
processors; the parts' tallies add up, and the files' tallies are united so that an event in
two overlapping downloads counts once.

Every problem is located (``file:row:column``); a file from another course than the others, an
empty export and an unknown header are problems of their own. Exports naming several courses are
measured for one of them only (``course``), the others' events left out and counted; without
``course`` they are an error that lists the courses found.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from ... import cycles
from ...domain.traces import Source
from ...errors import Problem
from ...source import exports
from .. import delimited, opening
from ..clock import ORDERS, Clock
from ..found import Found
from ..people.tally import Tally
from . import moodle, rows, standard, xapi
from .events import Event

DOWNLOADS = "moodle-"
"""The formats of the log download, whose times are local dates written in some order."""
FOLDER = "a folder, not an export file"


@dataclass(frozen=True, slots=True)
class _Task:
    """One file, or one part of a large one, for one process."""

    index: int
    """The file's position among those given."""
    path: Path
    shown: str
    sniffed: exports.Sniffed
    start: int
    end: int
    line: int
    """The line the part starts on."""
    timezone: str
    course: str | None
    """The course measured (other courses' events are left out), if given."""
    date_order: str = "dmy"
    """The setting: how a numeric date is read when the file's first dates do not tell."""


@dataclass
class Read:
    """What reading the exports gave."""

    tally: Tally
    """Every event of every file, an event present in several files once."""
    sources: tuple[Source, ...]
    """Files and rows per format."""
    problems: list[Problem] = field(default_factory=list)
    """Located problems; any error means nothing may be measured."""
    unknown: Counter[str] = field(default_factory=Counter)
    """Events that no person could be read from, by event name or verb."""
    date_orders: dict[str, str] = field(default_factory=dict)
    """File (as named in messages) -> the order its dates were read in, ``dmy``, ``mdy`` or
    ``ymd``: that its first dates told, else the setting (Moodle's downloads only: the other
    formats write Unix or ISO times)."""
    formats: dict[int, tuple[str, str]] = field(default_factory=dict)
    """File index -> (format, file as named)."""

    def format_orders(self) -> dict[str, str]:
        """Format -> the order of its files' dates (``dmy, mdy`` when files differ)."""
        formats = {shown: kind for kind, shown in self.formats.values()}
        orders: dict[str, set[str]] = {}
        for shown, order in self.date_orders.items():
            orders.setdefault(formats[shown], set()).add(order)
        return {kind: ", ".join(sorted(each)) for kind, each in sorted(orders.items())}


def read(
    paths: Sequence[Path],
    timezone: str,
    shown: Callable[[Path], str] = str,
    workers: int | None = None,
    *,
    course: int | None = None,
    date_order: str = "dmy",
) -> Read:
    """Read every export; ``timezone`` is the downloader's (the project's), ``shown`` names a
    file in messages, ``workers`` caps the processes (default: one per processor), ``course``
    the course measured in a site export, ``date_order`` reads a numeric date whose file's first
    dates do not tell the order (``dmy``, ``mdy`` or ``ymd``)."""
    if date_order not in ORDERS:
        raise ValueError(f"date_order: expected one of {', '.join(ORDERS)}, not {date_order!r}")
    problems: list[Problem] = []
    tasks = []
    measured = None if course is None else str(course)
    for index, path in enumerate(paths):
        planned = _plan(index, path, shown(path), (timezone, measured), workers, problems)
        tasks += [replace(task, date_order=date_order) for task in planned]
    results = _run(tasks, workers)
    tallies: dict[int, Tally] = {}
    found: dict[int, Found] = {}
    orders: dict[str, str] = {}
    for task, (tally, part_found, order) in zip(tasks, results, strict=True):
        tallies.setdefault(task.index, Tally()).extend(tally)
        found.setdefault(task.index, Found(task.shown)).extend(part_found)
        if order is not None:
            orders[task.shown] = order
    for each in found.values():
        problems += each.all()
    formats = {t.index: (t.sniffed.format, t.shown) for t in tasks}
    read_whole = {i: t for i, t in tallies.items() if not found[i]}  # else said already
    problems += _courses(tallies, formats, measured) + _empty(read_whole, formats)
    united = Tally.united([tallies[i] for i in sorted(tallies)])
    unknown = Counter(w for _, w in united.unknown)
    sources = _sources(tallies, formats, orders)
    return Read(united, sources, problems, unknown, orders, formats)


def _plan(
    index: int,
    path: Path,
    shown: str,
    where: tuple[str, str | None],
    workers: int | None,
    problems: list[Problem],
) -> list[_Task]:
    """The parts of one file; ``where``: the time zone and the course measured."""
    try:  # a folder, a pipe, a device is refused before it is opened (opening.py)
        size = opening.checked(path)
        head = opening.read(path, exports.SNIFF_BYTES, head=True)
    except opening.Refused as exc:
        problems.append(Problem(shown, str(exc).replace("a folder, not a file", FOLDER)))
        return []
    if cut := opening.cut_utf16(head, size):
        problems.append(Problem(shown, cut, line=1, column=1))
        return []
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        problems.append(
            Problem(shown, "the file is empty: download the log again", line=1, column=1)
        )
        return []
    try:
        sniffed = exports.sniff(path, head)
    except exports.NotAnExport as exc:
        problems.append(Problem(shown, f"not a platform export: {exc}", line=1, column=1))
        return []
    if sniffed.format in ("moodle-csv", "standard-log") and sniffed.encoding != "utf-16":
        count = workers or os.cpu_count() or 1
        cuts = delimited.parts(path, size, count)
    else:
        cuts = [(0, size, 1)]
    return [_Task(index, path, shown, sniffed, a, b, line, *where) for a, b, line in cuts]


def _run(tasks: list[_Task], workers: int | None) -> list[tuple[Tally, Found, str | None]]:
    """Each task's tally, in processes when there are several tasks (and ``fork``: the parts'
    event keys are the parent's string hashes)."""
    count = min(len(tasks), workers or os.cpu_count() or 1)
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_read(task) for task in tasks]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        return list(pool.map(_read, tasks))


def _read(task: _Task) -> tuple[Tally, Found, str | None]:
    """Tally one task's events, and say the order its dates were read in (None: no numeric
    dates). A million events make no cyclic garbage: the collector's walks would only cost
    time (cycles.py)."""
    found = Found(task.shown)
    tally = Tally(course=task.course)
    add = tally.add
    events, order = _events(task, found)
    with cycles.off():
        for event in events:
            add(event)
    return tally, found, order


def _events(task: _Task, found: Found) -> tuple[Iterator[Event], str | None]:
    part = rows.Part(task.path, task.sniffed, task.start, task.end, task.line)
    kind = task.sniffed.format
    if kind in ("standard-log", "standard-log-json"):
        table = rows.table(part, found)
        return standard.events(table, found, dict(task.sniffed.columns)), None
    if kind == "xapi":
        return xapi.events(rows.statements(part, found), found), None
    download = rows.download(part, found)
    if download is None:
        return iter(()), None
    encoding = task.sniffed.encoding if kind == "moodle-csv" else "utf-8"
    order = download.date_order or task.date_order
    clock = Clock(task.timezone, order, told=download.date_order is not None)
    title = exports.title(task.sniffed)
    header = download.header
    cells = moodle.events(
        download.rows, download.columns, header, clock, found, encoding or "utf-8", title
    )
    return cells, order


def _courses(
    tallies: dict[int, Tally], formats: dict[int, tuple[str, str]], measured: str | None
) -> list[Problem]:
    """Exports naming several courses (the site's own events aside) when no course is measured;
    with one, exports without any of its events."""
    if measured is not None:
        return _without(tallies, formats, measured)
    main: dict[int, str] = {
        i: max(t.courses, key=t.courses.__getitem__) for i, t in tallies.items() if t.courses
    }
    if all(len(t.courses) < 2 for t in tallies.values()) and len(set(main.values())) > 1:
        usual = Counter(main.values()).most_common(1)[0][0]
        return [
            Problem(
                formats[i][1],
                f"this export is of course {course}, the others of course {usual} (the course id"
                " in its descriptions): leave it out, measure it under its own scenario, or set"
                " course: in the traces settings",
            )
            for i, course in sorted(main.items())
            if course != usual
        ]
    named: Counter[str] = Counter()
    for tally in tallies.values():
        named.update(tally.courses)
    if len(named) < 2:
        return []
    where = ", ".join(formats[i][1] for i in sorted(tallies) if tallies[i].courses)
    return [
        Problem(
            where,
            f"events of {len(named)} courses: {_listed(named)}; measure one: write its id as"
            " course: in this scenario's traces settings (content/audit/audit.yaml)",
        )
    ]


def _listed(courses: Counter[str]) -> str:
    """``12 (1,234 rows), 13 (56 rows)``: the ids, most events first."""
    return ", ".join(
        f"{course} ({count:,} row{'s' if count > 1 else ''})"
        for course, count in sorted(courses.items(), key=lambda c: (-c[1], _number(c[0])))
    )


def _number(course: str) -> tuple[int, str]:
    return (int(course), "") if course.isdigit() else (0, course)


def _without(
    tallies: dict[int, Tally], formats: dict[int, tuple[str, str]], measured: str
) -> list[Problem]:
    """With a course measured: no event of it at all is an error, a file without any a
    warning."""
    named: Counter[str] = Counter()
    for tally in tallies.values():
        named.update(tally.courses)
    if named and measured not in named:
        where = ", ".join(formats[i][1] for i in sorted(tallies))
        message = f"no event of course {measured}: the exports name {_listed(named)}"
        return [Problem(where, message + "; check course: in the traces settings")]
    problems = []
    for i, tally in sorted(tallies.items()):
        others = Counter({c: n for c, n in tally.courses.items() if c != measured})
        if measured not in tally.courses and others:
            message = f"no event of course {measured} in this export: it names {_listed(others)}"
            problems.append(Problem(formats[i][1], message, severity="warning"))
        elif others and formats[i][0].startswith(DOWNLOADS):
            # Moodle's sentences name the course of a course's own events (a view, an
            # enrolment), never of an activity's: those of other courses cannot be told apart.
            message = (
                f"this download also names course(s) {_listed(others)}: their events in an"
                " activity name no course and are counted as this one's; download the log from"
                f" course {measured}'s own report, or read the standard log"
            )
            problems.append(Problem(formats[i][1], message, severity="warning"))
    return problems


def _empty(tallies: dict[int, Tally], formats: dict[int, tuple[str, str]]) -> list[Problem]:
    if any(t.rows for t in tallies.values()):
        return [
            Problem(formats[i][1], "no event in this export (only its header)", severity="warning")
            for i, t in sorted(tallies.items())
            if not t.rows
        ]
    return [
        Problem(formats[i][1], "no event in this export (only its header)") for i in sorted(tallies)
    ]


def _sources(
    tallies: dict[int, Tally], formats: dict[int, tuple[str, str]], orders: dict[str, str]
) -> tuple[Source, ...]:
    """Files and rows per format and, for the downloads, per order their dates were read in
    (``orders``: file as named -> order): a month-first file beside day-first ones is a source
    of its own, so the sources say how every date was read."""
    files: Counter[tuple[str, str | None]] = Counter()
    rows: Counter[tuple[str, str | None]] = Counter()
    for i, tally in tallies.items():
        kind, shown = formats[i]
        key = (kind, orders.get(shown) if kind.startswith(DOWNLOADS) else None)
        files[key] += 1
        rows[key] += tally.rows
    return tuple(
        Source(format=kind, files=files[kind, order], rows=rows[kind, order], date_order=order)
        for kind, order in sorted(files, key=lambda k: (k[0], k[1] or ""))
    )
