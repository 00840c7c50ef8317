"""Files to take away: iCalendar per role, CSV of the interventions, follow-up sheets.

Calendars are written with the ``icalendar`` library (RFC 5545, time zones included). CSV files use
``;`` in French (what a French spreadsheet expects) and ``,`` in English, with a UTF-8 BOM so that
spreadsheets read accents right.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
from collections.abc import Mapping, Sequence

import icalendar

from ..domain.calendar import Slot
from ..domain.figures import Figures
from ..domain.project import Project
from ..domain.scenario import Scenario
from ..domain.workload import ScenarioFigures


def _csv(rows: Sequence[Sequence[object]], language: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language == "fr" else ",", lineterminator="\r\n")
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _stamp() -> datetime.datetime:
    """DTSTAMP: the build's SOURCE_DATE_EPOCH when set, so that two builds give the same file."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)


def calendar(project: Project, figures: Figures, role: str) -> bytes | None:
    """One role's dated interventions and virtual classes; None if it has none."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//tutoral_gen//tutoring handbook//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{project.title} — {role}")
    count = 0
    for scenario in project.scenarios:
        f, slots = figures.scenarios[scenario.id], figures.schedule[scenario.id]
        items = [
            (i.id, i.title, i.role, f.interventions[i.id].total) for i in scenario.interventions
        ]
        items += [
            (c.id, c.title or c.id, c.role, f.classes[c.id]) for c in scenario.virtual_classes
        ]
        for item_id, title, owner, minutes in items:
            start = slots[item_id].start if owner == role else None
            if start is None:
                continue
            event = icalendar.Event()
            event.add("uid", f"{scenario.id}-{item_id}@tutoral-gen")
            event.add("dtstamp", _stamp())
            event.add("summary", f"{item_id} — {title}")
            event.add("dtstart", start)
            try:
                end = start + datetime.timedelta(minutes=minutes.min)
            except OverflowError:  # absurd but valid durations still get an event
                end = start
            event.add("dtend", end)
            span = f"{minutes.min:g}" if minutes.exact else f"{minutes.min:g}-{minutes.max:g}"
            event.add("description", f"{scenario.title}: {span} min")
            cal.add_component(event)
            count += 1
    if not count:
        return None
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def interventions_csv(project: Project, figures: Figures) -> bytes:
    """Every intervention with its figures, one row each."""
    rows: list[list[object]] = [
        [
            "scenario",
            "id",
            "title",
            "kind",
            "mode",
            "role",
            "phase",
            "day",
            "date",
            "minutes_min",
            "minutes_max",
            "per",
            "count",
            "channel",
            "tool",
        ]
    ]
    for scenario in project.scenarios:
        for item in scenario.interventions:
            total = figures.durations[item.id]
            slot = figures.schedule[scenario.id][item.id]
            day, start = slot.day, slot.start
            rows.append(
                [
                    scenario.id,
                    item.id,
                    item.title,
                    item.kind.value,
                    item.mode.value,
                    item.role,
                    item.phase or "",
                    day or "",
                    start.date().isoformat() if start else "",
                    f"{total.min:g}",
                    f"{total.max:g}",
                    item.per.value,
                    f"{item.count:g}",
                    item.channel or "",
                    item.tool or "",
                ]
            )
    return _csv(rows, project.language)


def followup_csv(project: Project, scenario: Scenario, learner_label: str) -> bytes:
    """The learner follow-up sheet: one row per learner, one column per intervention, to tick."""
    ids = [i.id for i in scenario.interventions]
    rows: list[list[object]] = [[learner_label, *ids]]
    rows += [[f"{learner_label} {n}", *([""] * len(ids))] for n in range(1, scenario.learners + 1)]
    return _csv(rows, project.language)


def checklist_rows(
    scenario: Scenario, f: ScenarioFigures, schedule: Mapping[str, Slot], role: str
) -> list[list[str]]:
    """A role's interventions week by week: week, day, date, id, title, minutes."""
    rows = []
    for item in scenario.interventions:
        if item.role != role:
            continue
        slot = schedule[item.id]
        total = f.interventions[item.id].total
        rows.append(
            [
                str(slot.week or ""),
                str(slot.day or ""),
                slot.start.date().isoformat() if slot.start else "",
                item.id,
                item.title,
                f"{total.min:g}" if total.exact else f"{total.min:g}-{total.max:g}",
            ]
        )
    return sorted(rows, key=lambda row: (int(row[1] or 0), row[3]))


def checklist_csv(rows: list[list[str]], header: Sequence[str], language: str) -> bytes:
    """A tutor's weekly checklist (:func:`checklist_rows`), with an empty column to tick."""
    return _csv([list(header), *([*r, ""] for r in rows)], language)
