"""The learning platform's exports (*données convoquées*), read into one tally of events.

Each format has its reader, all yielding :class:`~tutoral_gen.domain.traces.Event`:
:mod:`.moodle` (the course log download, from CSV, Excel or JSON), :mod:`.standard` (the
``logstore_standard_log`` table), :mod:`.xapi` (statements). :mod:`.detect` tells the format
from the file itself. A large CSV file is read in parts by as many processes as there are
processors; the parts' tallies add up, and the files' tallies are united so that an event in
two overlapping downloads counts once.

Every problem is located (``file:row:column``); a file from another course than the others, an
empty export and an unknown header are problems of their own.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ... import cycles
from ...domain.traces import Source
from ...errors import Problem
from ...source import exports
from .. import delimited, opening
from ..clock import Clock
from ..found import Found
from ..people.tally import Tally
from . import moodle, rows, standard, xapi
from .events import Event

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


def read(
    paths: Sequence[Path],
    timezone: str,
    shown: Callable[[Path], str] = str,
    workers: int | None = None,
) -> Read:
    """Read every export; ``timezone`` is the downloader's (the project's), ``shown`` names a
    file in messages, ``workers`` caps the processes (default: one per processor)."""
    problems: list[Problem] = []
    tasks = []
    for index, path in enumerate(paths):
        planned = _plan(index, path, shown(path), timezone, workers, problems)
        tasks += planned
    results = _run(tasks, workers)
    tallies: dict[int, Tally] = {}
    found: dict[int, Found] = {}
    for task, (tally, part_found) in zip(tasks, results, strict=True):
        tallies.setdefault(task.index, Tally()).extend(tally)
        found.setdefault(task.index, Found(task.shown)).extend(part_found)
    for each in found.values():
        problems += each.all()
    formats = {t.index: (t.sniffed.format, t.shown) for t in tasks}
    read_whole = {i: t for i, t in tallies.items() if not found[i]}  # else said already
    problems += _courses(tallies, formats) + _empty(read_whole, formats)
    united = Tally.united([tallies[i] for i in sorted(tallies)])
    return Read(united, _sources(tallies, formats), problems, Counter(w for _, w in united.unknown))


def _plan(
    index: int,
    path: Path,
    shown: str,
    timezone: str,
    workers: int | None,
    problems: list[Problem],
) -> list[_Task]:
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
    return [_Task(index, path, shown, sniffed, a, b, line, timezone) for a, b, line in cuts]


def _run(tasks: list[_Task], workers: int | None) -> list[tuple[Tally, Found]]:
    """Each task's tally, in processes when there are several tasks (and ``fork``: the parts'
    event keys are the parent's string hashes)."""
    count = min(len(tasks), workers or os.cpu_count() or 1)
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_read(task) for task in tasks]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        return list(pool.map(_read, tasks))


def _read(task: _Task) -> tuple[Tally, Found]:
    """Tally one task's events. A million events make no cyclic garbage: the collector's walks
    would only cost time (cycles.py)."""
    found = Found(task.shown)
    tally = Tally()
    add = tally.add
    with cycles.off():
        for event in _events(task, found):
            add(event)
    return tally, found


def _events(task: _Task, found: Found) -> Iterator[Event]:
    part = rows.Part(task.path, task.sniffed, task.start, task.end, task.line)
    kind = task.sniffed.format
    if kind in ("standard-log", "standard-log-json"):
        return standard.events(rows.table(part, found), found, dict(task.sniffed.columns))
    if kind == "xapi":
        return xapi.events(rows.statements(part, found), found)
    download = rows.download(part, found)
    if download is None:
        return iter(())
    header, cells = download
    encoding = task.sniffed.encoding if kind == "moodle-csv" else "utf-8"
    clock = Clock(task.timezone)
    return moodle.events(cells, rows.columns(header), header, clock, found, encoding or "utf-8")


def _courses(tallies: dict[int, Tally], formats: dict[int, tuple[str, str]]) -> list[Problem]:
    """A file whose events name another course than the other files'."""
    main: dict[int, str] = {
        i: max(t.courses, key=t.courses.__getitem__) for i, t in tallies.items() if t.courses
    }
    if len(set(main.values())) < 2:
        return []
    usual = Counter(main.values()).most_common(1)[0][0]
    return [
        Problem(
            formats[i][1],
            f"this export is of course {course}, the others of course {usual} (the course id in"
            " its descriptions): leave it out, or measure it under its own scenario",
        )
        for i, course in sorted(main.items())
        if course != usual
    ]


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


def _sources(tallies: dict[int, Tally], formats: dict[int, tuple[str, str]]) -> tuple[Source, ...]:
    files: Counter[str] = Counter()
    rows: Counter[str] = Counter()
    for i, tally in tallies.items():
        files[formats[i][0]] += 1
        rows[formats[i][0]] += tally.rows
    return tuple(Source(format=f, files=files[f], rows=rows[f]) for f in sorted(files))
