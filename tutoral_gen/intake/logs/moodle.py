"""Moodle's course log download (course > Reports > Logs > Download), whatever its file format.

Its rows have the same columns in CSV, Excel and JSON: Time, User full name, Affected user,
Event context, Component, Event name, Description, Origin, IP address (labelled in the site's
language; :mod:`tutoral_gen.source.exports` finds where each is). What is read:

- Time: the downloader's local time (:mod:`..clock`);
- Description: who acted and on what, by user and course-module ids (:mod:`.descriptions`), the
  only column that is the same in every language;
- User full name: to find the tutors the settings name; a person is still their user id;
- Event context: ``Forum: Forum du livrable``, the activity's name after its type;
- Event name: only to list the events that could not be read;
- Origin: ``cli`` (cron and command-line scripts), ``cron`` or ``restore`` mark an event the
  platform made itself (:data:`~.events.PLATFORM`), whoever it names;
- Event context: ``System`` (or a user's, a category's, the site home's) marks a site event
  (:data:`~.events.SITE`), no course's activity.

The IP address is never read, so a row may lack it: Moodle's Excel writer leaves out a row's
trailing empty cells (no IP address, and no origin for some events), and a row is padded when
the columns read up to Description are there. Moodle writes ``-`` for no user and, since 4.5,
puts a ``'`` before a cell a spreadsheet would take for a formula; both are undone here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ..clock import BadTime, Clock
from ..delimited import undecoded
from ..found import Found
from .descriptions import describe
from .events import ACTION, PLATFORM, POST, SITE, Event

MAX_SENTENCES = 200_000
"""Event descriptions remembered, at most: those of views repeat, by person and page."""
MISSING = ""
"""Not yet in a cache (a name is None or a non-empty text)."""

READ = ("time", "name", "affected", "context", "event", "description", "origin")
"""The columns read (IP address and Component never are)."""
MADE = frozenset({"cli", "cron", "restore"})
"""Origins of the events the platform makes itself (Moodle logs cron's as ``cli``)."""
SITE_CONTEXTS = ("System", "Système", "Site home", "Front page", "Page d'accueil du site")
"""Event contexts of the site itself, English and French."""
SITE_PREFIXES = ("User:", "Utilisateur:", "Utilisateur :", "Category:", "Catégorie:", "Catégorie :")
"""The contexts of a user's profile and of a course category: the site's, not a course's."""

FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What Moodle puts a ``'`` before (never before a lone ``-``, its no-user mark)."""


def unquoted(cell: str) -> str:
    """A cell without the quote Moodle put before a formula-like text."""
    if (cell[:1] == "'" and cell[1:2] in FORMULA) or (cell[:2] == "' " and cell[2:3] in FORMULA):
        return cell[1:]
    return cell


def site(cell: str) -> bool:
    """Whether an Event context cell is the site's (the system, a user, a category)."""
    context = unquoted(cell.strip()).replace("\u2019", "'")
    return context in SITE_CONTEXTS or context.startswith(SITE_PREFIXES)


def person(cell: str) -> str | None:
    """A name cell: None for ``-`` (no user)."""
    cell = unquoted(cell.strip())
    return None if cell in ("-", "") else cell


class _Cells:
    """Reads the cells that need more than a lookup, reporting what is wrong with them."""

    def __init__(self, header: list[str], found: Found, encoding: str) -> None:
        self.header, self.found, self.encoding = header, found, encoding
        self.sites: dict[str, bool] = {}
        """Event context cell -> whether it is the site's (a course has a few hundred)."""
        self.names: dict[str, str | None] = {}
        """Name cell -> the name (a course has a few hundred people: each cleaned once)."""

    def name(self, cell: str, line: int, column: int) -> str | None:
        name = self.names.get(cell, MISSING)
        if name is MISSING:
            name = self.names[cell] = person(cell)
            self.check(cell, line, column)
        return name

    def site(self, cell: str) -> bool:
        """Whether an Event context cell is the site's, each cell judged once."""
        judged = self.sites.get(cell)
        if judged is None:
            judged = self.sites[cell] = site(cell)
        return judged

    def place(self, cell: str, line: int, column: int) -> str:
        """The activity's name in ``Forum: Forum du livrable`` (what follows its type)."""
        context = unquoted(cell)
        self.check(cell, line, column)
        return context.partition(": ")[2] or context

    def check(self, cell: str, line: int, column: int) -> None:
        wrong = undecoded(cell, self.encoding)
        if wrong is not None:
            self.found.add(line, column + 1, f"{self.header[column]}: {wrong}", "encoding")

    def short(self, row: list[str], line: int, need: int, title: str) -> None:
        """A row that lacks a column that is read (blank lines are skipped)."""
        if any(cell.strip() for cell in row):
            read = ", ".join(self.header[:need])
            cause = "a broken quote or a cut line?" if "CSV" in title else "a cut row?"
            self.found.add(
                line,
                len(row) or 1,
                f"{title}: expected at least {need} columns ({read}), found {len(row)}: {cause}",
                "columns",
            )


def events(
    rows: Iterable[tuple[int, list[str]]],
    columns: Mapping[str, int],
    header: list[str],
    clock: Clock,
    found: Found,
    encoding: str,
    title: str = "Moodle's log download",
) -> Iterator[Event]:
    """The events of the download's rows (``columns``: position of each column read;
    ``title``: the format read, for messages). A row may lack trailing cells that are not read
    or are empty: only the columns up to Description are required."""
    at_time, at_name, at_text = columns["time"], columns["name"], columns["description"]
    at_context, at_event = columns.get("context"), columns.get("event")
    at_affected, at_origin = columns.get("affected"), columns.get("origin")
    width = max(p for c, p in columns.items() if c in READ) + 1
    need = max(at_time, at_name, at_text) + 1
    cells = _Cells(header, found, encoding)
    names = cells.names
    # A view repeats its sentence for each person and page (300 learners x 50 pages), so each
    # sentence is read once; posts, which are all different, are not remembered.
    said: dict[str, tuple[str, str | None, str | None, str | None, str | None, str | None]] = {}
    new = tuple.__new__
    for line, row in rows:
        if len(row) < width:
            if len(row) < need:
                cells.short(row, line, need, title)
                continue
            row = row + [""] * (width - len(row))
        try:
            time = clock.epoch(row[at_time])
        except BadTime as exc:
            found.add(line, at_time + 1, f"{header[at_time]}: {exc}", f"time {exc.args[0][:20]}")
            continue
        text = row[at_text]
        read = said.get(text)
        if read is None:
            read = describe(text)
            if read[0] == ACTION and len(said) < MAX_SENTENCES:
                said[text] = read
        kind, actor, related, activity, thread, course = read
        if at_origin is not None and len(row) > at_origin and row[at_origin] in MADE:
            kind = PLATFORM
        if course is None and at_context is not None:
            course = SITE if cells.site(row[at_context]) else None
        name = names.get(cell := row[at_name], MISSING)
        if name is MISSING:
            name = cells.name(cell, line, at_name)
        place = affected = None
        if kind == POST and at_context is not None:
            place = cells.place(row[at_context], line, at_context)
        if related is not None and at_affected is not None:
            affected = cells.name(row[at_affected], line, at_affected)
        what = row[at_event] if at_event is not None else ""
        # tuple.__new__ builds the named tuple without its Python-level __new__ (0.2 µs a row).
        yield new(
            Event,
            (time, kind, actor, name, related, affected, activity, place, thread, course, what,
             hash(text)),
        )  # fmt: skip
