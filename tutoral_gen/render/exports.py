"""Files to take away: iCalendar per role, CSV of the interventions, follow-up sheets.

Calendars are written with the ``icalendar`` library (RFC 5545, time zones included). CSV files use
``;`` in French (what a French spreadsheet expects) and ``,`` in English, with a UTF-8 BOM so that
spreadsheets read accents right. Every cell goes through :func:`cell`: numbers take the
language's decimal separator (a French spreadsheet reads ``7,5`` as a number, ``7.5`` as text),
and a text that a spreadsheet would run as a formula is neutralised (OWASP's rule).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..clock import stamp
from ..domain.calendar import Slot
from ..domain.figures import Figures
from ..domain.project import Project
from ..domain.quantity import Range
from ..domain.scenario import Scenario, VirtualClass
from ..domain.workload import ScenarioFigures

if TYPE_CHECKING:
    import icalendar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def cell(value: object, language: str) -> str:
    """One CSV cell: a number in the language's notation, a text that cannot run."""
    if type(value) is str:  # most cells: the fast way
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return text.replace(".", ",") if language == "fr" else text
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table(rows: Sequence[Sequence[object]], language: str, more: str = "") -> bytes:
    """The file: a BOM, ``rows``, then ``more`` rows already written."""
    return ("\ufeff" + _text(rows, language) + more).encode("utf-8")


def _text(rows: Sequence[Sequence[object]], language: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language == "fr" else ",", lineterminator="\r\n")
    writer.writerows([cell(value, language) for value in row] for row in rows)
    return out.getvalue()


def calendar(project: Project, figures: Figures, role: str) -> bytes | None:
    """One role's dated interventions and virtual classes; None if it has none.

    An intervention's event lasts its duration; a virtual class's lasts the class itself (its
    tutor time, with preparation and publishing, is in the description).
    """
    events = [e for s in project.scenarios for e in _events(s, figures, role)]
    if not events:
        return None
    import icalendar  # imported once an event exists: it is 25 ms of every start otherwise

    cal = icalendar.Calendar()
    cal.add("prodid", "-//tutoral_gen//tutoring handbook//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{project.title} — {role}")
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _events(scenario: Scenario, figures: Figures, role: str) -> list[icalendar.Event]:
    f, slots = figures.scenarios[scenario.id], figures.schedule[scenario.id]
    items: list[tuple[str, str, str, Range, float]] = [
        (i.id, i.title, i.role, f.interventions[i.id].total, f.interventions[i.id].total.min)
        for i in scenario.interventions
    ]
    items += [
        (c.id, c.title or c.id, c.role, f.classes[c.id], c.minutes)
        for c in scenario.virtual_classes
    ]
    events = []
    for item_id, title, owner, minutes, length in items:
        starts = slots[item_id].starts if owner == role else ()
        each = minutes / len(starts) if starts else minutes  # the tutor time of one session day
        for n, start in enumerate(starts):
            uid = f"{scenario.id}-{item_id}" + (f"-{n + 1}" if n else "")
            events.append(_event(uid, f"{item_id} — {title}", start, length, each, scenario))
    return events


def _event(
    uid: str, summary: str, start: datetime.datetime, length: float, minutes: Range, s: Scenario
) -> icalendar.Event:
    """One session: ``length`` minutes from ``start``; the tutor time in the description."""
    import icalendar

    event = icalendar.Event()
    event.add("uid", f"{uid}@tutoral-gen")
    event.add("dtstamp", stamp())
    event.add("summary", summary)
    event.add("dtstart", start)
    try:
        end = start + datetime.timedelta(minutes=length)
    except OverflowError:  # absurd but valid durations still get an event
        end = start
    event.add("dtend", end)
    span = f"{minutes.min:g}" if minutes.exact else f"{minutes.min:g}-{minutes.max:g}"
    event.add("description", f"{s.title}: {span} min")
    return event


def interventions_csv(
    project: Project,
    figures: Figures,
    t: Mapping[str, Any],
    share: Callable[[Scenario, Callable[[], str]], str] | None = None,
) -> bytes:
    """Every intervention and virtual class with its figures, one row each, in the handbook's
    language (its headers are ``t["csv_columns"]``). ``share(scenario, make)`` may give a
    scenario's rows as ``make`` made them before (CSV rows stand alone: they join as they are).
    """
    language = project.language
    body = [
        (share or _fresh)(s, lambda s=s: _text(_rows(s, figures, t), language))  # type: ignore[misc]
        for s in project.scenarios
    ]
    return table([list(t["csv_columns"])], language, "".join(body))


def _fresh(_s: Scenario, make: Callable[[], str]) -> str:
    """No share kept: make the rows now."""
    return make()


def _rows(scenario: Scenario, figures: Figures, t: Mapping[str, Any]) -> list[list[object]]:
    """A scenario's rows of the CSV of interventions."""
    rows: list[list[object]] = []
    slots = figures.schedule[scenario.id]
    f = figures.scenarios[scenario.id]
    for item in scenario.activities:
        slot = slots[item.id]
        channel: str | None
        if isinstance(item, VirtualClass):
            total, kind, mode = f.classes[item.id], t["virtual_class"], ""
            channel, tool = "", t["virtual_class"]
        else:
            total, kind = f.interventions[item.id].total, t["kinds"][item.kind.value]
            mode, channel, tool = t["modes"][item.mode.value], item.channel, item.tool
        rows.append(
            [
                scenario.id,
                item.id,
                item.title or "",
                kind,
                mode,
                item.role,
                item.phase or "",
                slot.day or "",
                slot.start.date().isoformat() if slot.start else "",
                total.min,
                total.max,
                t["per"][item.per.value],
                item.count,
                channel or "",
                tool or "",
            ]
        )
    return rows


def followup_csv(project: Project, scenario: Scenario, learner_label: str) -> bytes:
    """The learner follow-up sheet: one row per learner, one column per intervention, to tick."""
    ids = [i.id for i in scenario.interventions]
    rows: list[list[object]] = [[learner_label, *ids]]
    rows += [[f"{learner_label} {n}", *([""] * len(ids))] for n in range(1, scenario.learners + 1)]
    return table(rows, project.language)


def checklist_rows(
    scenario: Scenario, f: ScenarioFigures, schedule: Mapping[str, Slot], role: str
) -> list[list[str]]:
    """A role's interventions and virtual classes week by week: week, day, date, id, title,
    minutes."""
    rows = []
    for item in scenario.activities:
        if item.role != role:
            continue
        slot = schedule[item.id]
        is_class = isinstance(item, VirtualClass)
        total = f.classes[item.id] if is_class else f.interventions[item.id].total
        rows.append(
            [
                str(slot.week or ""),
                str(slot.day or ""),
                slot.start.date().isoformat() if slot.start else "",
                item.id,
                item.title or "",
                f"{total.min:g}" if total.exact else f"{total.min:g}-{total.max:g}",
            ]
        )
    return sorted(rows, key=lambda row: (int(row[1] or 0), row[3]))


def checklist_csv(rows: list[list[str]], header: Sequence[str], language: str) -> bytes:
    """A tutor's weekly checklist (:func:`checklist_rows`), with an empty column to tick."""

    def minutes(text: str) -> object:  # a number where it is one, so that spreadsheets sum it
        try:
            return float(text)
        except ValueError:
            return text

    return table([list(header), *([*r[:-1], minutes(r[-1]), ""] for r in rows)], language)
