"""Synthetic platform logs: a course's learners and tutors acting on Moodle, written as each export
format writes them. The people are fictional. Used by the tests, the bench (a semester of a
300-learner course, a million rows) and the example's export (``examples/moodle-logs/``).

    python -m tests.synthetic example examples/moodle-logs/logs_module-1.csv

:func:`site` adds what a site-level export holds besides one course: another course with its own
learners and the same first tutor, logins and profile views (site events), the installation's
configuration by a command-line script, notifications sent in the tutor's name (at enrolment, and
by cron for the forums) and private messages.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import random
import re
import sys
import zoneinfo
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

COURSE = 12
FORUMS = {7: "Forum questions-réponses", 8: "Forum du livrable", 9: "Forum de présentation"}
OTHER = {
    11: ("page", "Page", "Ressources du module"),
    13: ("assign", "Assignment", "Dépôt du livrable"),
}


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    ip: str
    email: str = ""


@dataclass(frozen=True)
class Row:
    """One event, before any format."""

    time: int
    """UTC seconds."""
    actor: Person | None
    description: str
    event: str
    context: str
    component: str
    related: Person | None = None
    course: int = COURSE
    """Its course id (0: none, the site's own event)."""
    origin: str = "web"
    """``web``, or ``cli`` for cron and command-line scripts."""
    level: int | None = None
    """Its context level in the standard log: 10 system, 30 user, 50 course, 70 activity (None:
    an activity's when the description names a course module, else the course's)."""
    eventname: str | None = None
    """Its event class in the standard log, where the description does not tell it."""


@dataclass
class Course:
    """A course and who is in it."""

    learners: list[Person]
    tutors: list[Person]
    admin: Person
    start: datetime.datetime
    """The first day, local."""
    days: int
    zone: str = "Europe/Paris"
    seed: int = 1
    sessions_per_week: float = 3.0
    """How often an active learner comes."""
    events_per_session: int = 12
    drop_outs: float = 0.2
    """Share of learners who stop coming halfway."""
    questions: float = 0.08
    """Chance a learner's session asks something in a forum."""
    rows: list[Row] = field(default_factory=list)


def people(count: int, first_id: int, prefix: str = "Apprenant", seed: int = 7) -> list[Person]:
    rng = random.Random(seed)
    names = [
        "Zoé N'Diaye",
        "Amina Benali",
        "Bruno Keller",
        "Chloé Martin",
        "David Okafor",
        "Emma Rossi",
        "Gaëlle Le Goff",
        "Hugo Lefèvre",
        "Jules Moreau",
        "Inès Haddad",
    ]
    out = []
    for n in range(count):
        name = names[n] if prefix == "Apprenant" and n < len(names) else f"{prefix} {n + 1:04d}"
        ip = f"192.0.2.{rng.randrange(1, 250)}" if n % 2 else f"198.51.100.{rng.randrange(1, 250)}"
        email = name.lower().replace(" ", ".").replace("'", "") + "@example.org"
        out.append(Person(first_id + n, name, ip, email))
    return out


def _module(cm: int) -> tuple[str, str, str]:
    if cm in FORUMS:
        return "forum", "Forum", FORUMS[cm]
    return OTHER[cm]


def _view(course: Course, who: Person, time: int, rng: random.Random) -> Row:
    cm = rng.choice([*FORUMS, *OTHER, 0, 0])
    if cm == 0:
        return Row(
            time,
            who,
            f"The user with id '{who.id}' viewed the course with id '{COURSE}'.",
            "Course viewed",
            "Course: Accompagner à distance",
            "System",
        )
    kind, component, name = _module(cm)
    if kind == "forum" and rng.random() < 0.5:
        return Row(
            time,
            who,
            f"The user with id '{who.id}' has viewed the discussion with id"
            f" '{rng.randrange(300, 340)}' in the forum with course module id '{cm}'.",
            "Discussion viewed",
            f"Forum: {name}",
            "Forum",
        )
    return Row(
        time,
        who,
        f"The user with id '{who.id}' viewed the '{kind}' activity with course module id '{cm}'.",
        "Course module viewed",
        f"{component}: {name}",
        component,
    )


class _Ids:
    def __init__(self) -> None:
        self.post = 5000
        self.discussion = 300

    def next_post(self) -> int:
        self.post += 1
        return self.post

    def next_discussion(self) -> int:
        self.discussion += 1
        return self.discussion


def _post(who: Person, time: int, post: int, discussion: int, cm: int) -> Row:
    return Row(
        time,
        who,
        f"The user with id '{who.id}' has created the post with id '{post}' in the"
        f" discussion with id '{discussion}' in the forum with course module id '{cm}'.",
        "Post created",
        f"Forum: {FORUMS[cm]}",
        "Forum",
    )


def _opened(who: Person, time: int, discussion: int, cm: int) -> Row:
    return Row(
        time,
        who,
        f"The user with id '{who.id}' has created the discussion with id"
        f" '{discussion}' in the forum with course module id '{cm}'.",
        "Discussion created",
        f"Forum: {FORUMS[cm]}",
        "Forum",
    )


def simulate(course: Course) -> list[Row]:
    """Every event of the course, oldest first."""
    rng = random.Random(course.seed)
    ids = _Ids()
    zone = zoneinfo.ZoneInfo(course.zone)
    start = int(course.start.replace(tzinfo=zone).timestamp())
    end = start + course.days * 86_400
    rows: list[Row] = []
    questions: list[tuple[int, Person, int, int]] = []
    for learner in course.learners:
        stop = (
            end
            if rng.random() > course.drop_outs
            else start + rng.randrange(course.days // 2 + 1) * 86_400
        )
        time = start + rng.randrange(0, 2 * 86_400)
        if rng.random() < 0.7:  # introduce oneself
            rows.append(_opened(learner, time + 120, ids.next_discussion(), 9))
        while time < stop:
            clock = time
            for _ in range(max(1, int(rng.gauss(course.events_per_session, 3)))):
                rows.append(_view(course, learner, clock, rng))
                clock += rng.randrange(10, 300)
            if rng.random() < course.questions:
                cm = rng.choice([7, 7, 8])
                discussion = ids.next_discussion()
                rows.append(_opened(learner, clock, discussion, cm))
                questions.append((clock, learner, discussion, cm))
            if rng.random() < course.questions / 2 and questions:
                _, _, discussion, cm = rng.choice(questions)
                rows.append(_post(learner, clock + 30, ids.next_post(), discussion, cm))
                questions.append((clock + 30, learner, discussion, cm))
            time += int(rng.expovariate(course.sessions_per_week / 7) * 86_400) + 3600
    for asked, _learner, discussion, cm in questions:
        if rng.random() < 0.9:
            tutor = course.tutors[0]
            delay = int(rng.lognormvariate(9.8, 0.9))  # median about 5 h, a tail past 48 h
            at = asked + delay
            if at < end:
                for n in range(rng.randrange(2, 6)):
                    rows.append(_view(course, tutor, at - 600 + n * 60, rng))
                rows.append(_post(tutor, at, ids.next_post(), discussion, cm))
    for day in range(course.days):  # the first tutor looks in on weekdays, the others at the ends
        weekday = (course.start + datetime.timedelta(days=day)).weekday() < 5
        for n_tutor, tutor in enumerate(course.tutors):
            if (weekday and n_tutor == 0 and rng.random() < 0.6) or (
                n_tutor and day in (0, course.days - 2)
            ):
                at = start + day * 86_400 + 9 * 3600 + rng.randrange(0, 7200)
                for n in range(rng.randrange(2, 8)):
                    rows.append(_view(course, tutor, at + n * rng.randrange(60, 240), rng))
    who = course.learners[0]
    rows.append(
        Row(
            start + 600,
            course.admin,
            f"The user with id '{course.admin.id}' updated the grade with id"
            f" '77' for the user with id '{who.id}' for the grade item with id '4'.",
            "User graded",
            "Course: Accompagner à distance",
            "System",
            who,
        )
    )
    rows.append(
        Row(
            start + 700,
            None,
            f"A message was sent by the system to the user with id '{who.id}'.",
            "Notification sent",
            "System",
            "System",
            who,
        )
    )
    rows.sort(key=lambda r: r.time)
    return rows


HEADERS = {
    "en": [
        "Time",
        "User full name",
        "Affected user",
        "Event context",
        "Component",
        "Event name",
        "Description",
        "Origin",
        "IP address",
    ],
    "fr": [
        "Heure",
        "Nom complet de l’utilisateur",
        "Utilisateur concerné",
        "Contexte de l’événement",
        "Composant",
        "Nom de l’événement",
        "Description",
        "Origine",
        "Adresse IP",
    ],
    "es": [  # Moodle's es pack
        "Hora",
        "Nombre completo del usuario",
        "Usuario afectado",
        "Contexto del evento",
        "Componente",
        "Nombre del evento",
        "Descripción",
        "Origen",
        "Dirección IP",
    ],
    "de": [  # Moodle's de pack
        "Zeit",
        "Vollständiger Name",
        "Betroffene/r Nutzer/in",
        "Ereigniskontext",
        "Komponente",
        "Ereignisname",
        "Beschreibung",
        "Ursprung",
        "IP-Adresse",
    ],
}


def _local(time: int, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(time, zone)


def moodle_cells(rows: Sequence[Row], zone: str, style: str = "moodle") -> Iterator[list[str]]:
    """The download's cells, newest first; ``style`` ``moodle`` (2/03/26, 09:15:07),
    ``spreadsheet`` (02/03/2026 09:15:07), ``us`` (03/2/26, 09:15:07: the en_us pack's
    ``%m/%d/%y, %H:%M:%S``, the day's leading zero dropped as Moodle drops it) or ``dotted``
    (2.03.26, 09:15:07)."""
    tz = zoneinfo.ZoneInfo(zone)
    for row in sorted(rows, key=lambda r: -r.time):
        when = _local(row.time, tz)
        if style == "moodle":
            shown = f"{when.day}/{when:%m/%y, %H:%M:%S}"
        elif style == "us":
            shown = f"{when:%m}/{when.day}/{when:%y, %H:%M:%S}"
        elif style == "dotted":
            shown = f"{when.day}.{when:%m.%y, %H:%M:%S}"
        else:
            shown = f"{when:%d/%m/%Y %H:%M:%S}"
        name = row.actor.name if row.actor else "-"
        related = row.related.name if row.related else "-"
        ip = row.actor.ip if row.actor and row.origin == "web" else ""
        yield [
            shown,
            name,
            related,
            row.context,
            row.component,
            row.event,
            row.description,
            row.origin,
            ip,
        ]


def php_row(cells: Sequence[str], delimiter: str = ",") -> str:
    """A row as PHP's fputcsv writes it for Moodle (OpenSpout): a field is quoted when it holds
    a space, a tab, a line end, the delimiter or a quote, and its quotes are doubled."""
    special = (" ", "\t", "\r", "\n", delimiter, '"')
    return (
        delimiter.join(
            '"' + cell.replace('"', '""') + '"' if any(c in cell for c in special) else cell
            for cell in cells
        )
        + "\n"
    )


def moodle_csv(
    rows: Sequence[Row], zone: str, language: str = "en", style: str = "moodle"
) -> bytes:
    """Moodle's CSV download: UTF-8 with a BOM, commas, newest first, quoted as PHP quotes."""
    cells = moodle_cells(rows, zone, style)
    lines = [php_row(HEADERS[language]), *(php_row(row) for row in cells)]
    return b"\xef\xbb\xbf" + "".join(lines).encode("utf-8")


def spreadsheet_csv(rows: Sequence[Row], zone: str, encoding: str = "cp1252") -> bytes:
    """The download re-saved by a French spreadsheet: semicolons, four-digit years."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS["fr"])
    writer.writerows(moodle_cells(rows, zone, "spreadsheet"))
    return out.getvalue().replace("’", "'").encode(encoding)


def moodle_json(rows: Sequence[Row], zone: str, language: str = "en") -> bytes:
    """Moodle's JSON download: ``[[{...}, ...]]`` keyed by the headers' letters and digits."""
    keys = [
        "".join(c for c in h.lower() if c.isascii() and (c.isalnum() or c in "-_"))
        for h in HEADERS[language]
    ]
    records = [
        json.dumps(dict(zip(keys, cells, strict=True)), ensure_ascii=False, indent=4).replace(
            "/", "\\/"
        )
        for cells in moodle_cells(rows, zone)
    ]
    return ("[[" + ",".join(records) + "]]").encode("utf-8")


def moodle_xlsx(rows: Sequence[Row], zone: str, path: Path, language: str = "en") -> None:
    """Moodle's Excel download: one sheet, every cell text."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    sheet.append(HEADERS[language])
    for cells in moodle_cells(rows, zone):
        sheet.append(cells)
    book.save(path)


def moodle_excel(
    rows: Sequence[Row], zone: str, path: Path, language: str = "en", cut: int | None = None
) -> None:
    """Moodle's Excel download as its writer (OpenSpout) makes it: inline strings, no
    ``dimension``, each row ending at its last cell that is not empty. Events of the system and
    of the administrator have no IP address (as cron's, whose origin tests/test_sites.py
    covers): their rows have 8 cells. ``cut``: a row (its number in the sheet) left with its
    first 3 cells."""
    import zipfile
    from xml.sax.saxutils import escape

    def row_xml(number: int, cells: Sequence[str]) -> str:
        while cells and not cells[-1]:
            cells = cells[:-1]
        xml = "".join(
            f'<c r="{chr(65 + n)}{number}" t="inlineStr"><is><t>{escape(cell)}</t></is></c>'
            for n, cell in enumerate(cells)
            if cell
        )
        return f'<row r="{number}">{xml}</row>'

    body = [row_xml(1, HEADERS[language])]
    for number, (row, cells) in enumerate(
        zip(sorted(rows, key=lambda r: -r.time), moodle_cells(rows, zone), strict=True), start=2
    ):
        if row.actor is None or row.actor.id == 2:
            cells[8:] = [""]
        if number == cut:
            cells = cells[:3]
        body.append(row_xml(number, cells))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006"
    files = {
        "[Content_Types].xml": f'<Types xmlns="{package}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1"'
        f' Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet'
        ' name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{"".join(body)}'
        "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>\n' + text)


def standard_dump(rows: Sequence[Row], tool: str = "dbeaver") -> bytes:
    """The standard log table as a database tool exports it without its header: its 21
    columns in the table's order; ``dbeaver`` quotes every value and writes a bare ``NULL``,
    ``psql`` (``\\copy ... CSV``) quotes only where needed and writes nothing for NULL. The
    same events as :func:`standard_log`."""
    out = []
    for record in csv.DictReader(io.StringIO(standard_log(rows).decode("utf-8"))):
        module = record["contextlevel"] == "70"
        created = record["eventname"].endswith("_created")
        values: list[str | None] = [
            record["id"], record["eventname"], "mod_forum" if module else "core",
            record["action"], record["target"], "forum_posts" if created else None,
            record["objectid"] or None, "c" if created else "r", "2" if created else "0",
            str(int(record["contextinstanceid"]) + 100), record["contextlevel"],
            record["contextinstanceid"], record["userid"], record["courseid"],
            record["relateduserid"] or None, "0", record["other"], record["timecreated"],
            record["origin"], record["ip"] or None, None,
        ]  # fmt: skip
        if tool == "dbeaver":
            cells = ["NULL" if v is None else '"' + v.replace('"', '""') + '"' for v in values]
            out.append(",".join(cells) + "\n")
        else:
            out.append(php_row(["" if v is None else v for v in values]))
    return "".join(out).encode("utf-8")


def standard_log(rows: Sequence[Row]) -> bytes:
    """The administrator's export of logstore_standard_log (CSV)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "eventname",
            "component",
            "action",
            "target",
            "objectid",
            "contextlevel",
            "contextinstanceid",
            "userid",
            "courseid",
            "relateduserid",
            "other",
            "timecreated",
            "origin",
            "ip",
        ]
    )
    for n, row in enumerate(rows, start=1):
        ids = [int(x) for x in row.description.split("'")[1::2] if x.lstrip("-").isdigit()]
        cm = ids[-1] if "course module id" in row.description else 0
        event, objectid, other = "\\core\\event\\course_viewed", "", "null"
        if row.event == "Post created":
            event, objectid, other = (
                "\\mod_forum\\event\\post_created",
                str(ids[1]),
                json.dumps({"discussionid": str(ids[2]), "forumid": "3", "forumtype": "general"}),
            )
        elif row.event == "Discussion created":
            event, objectid, other = (
                "\\mod_forum\\event\\discussion_created",
                str(ids[1]),
                json.dumps({"forumid": "3"}),
            )
        elif cm:
            event = "\\mod_forum\\event\\course_module_viewed"
        level = row.level or (70 if cm else 50)
        writer.writerow(
            [
                n,
                row.eventname or event,
                "core",
                "viewed",
                "course",
                objectid,
                level,
                cm if level == 70 else row.course if level == 50 else 0,
                row.actor.id if row.actor else 0,
                row.course,
                row.related.id if row.related else "",
                other,
                row.time,
                row.origin,
                row.actor.ip if row.actor and row.origin == "web" else "",
            ]
        )
    return out.getvalue().encode("utf-8")


def xapi_lines(rows: Sequence[Row], site: str = "https://moodle.example.org") -> bytes:
    """xAPI statements as JSON lines, as Moodle's xAPI log store sends them."""
    out = []
    for n, row in enumerate(rows):
        if row.actor is None:
            continue
        ids = [x for x in row.description.split("'")[1::2] if x.isdigit()]
        verb, obj = "http://id.tincanapi.com/verb/viewed", f"{site}/course/view.php?id={COURSE}"
        parents: list[dict[str, Any]] = [
            {"id": f"{site}/course/view.php?id={COURSE}", "objectType": "Activity"}
        ]
        if row.event in ("Post created", "Discussion created"):
            cm = ids[-1]
            discussion = ids[2] if row.event == "Post created" else ids[1]
            verb = (
                "http://id.tincanapi.com/verb/replied"
                if row.event == "Post created"
                else "http://activitystrea.ms/create"
            )
            obj = f"{site}/mod/forum/discuss.php?d={discussion}"
            parents.insert(
                0,
                {
                    "id": f"{site}/mod/forum/view.php?id={cm}",
                    "definition": {"name": {"fr": row.context.split(": ", 1)[1]}},
                },
            )
        statement = {
            "id": f"00000000-0000-4000-8000-{n:012d}",
            "actor": {
                "name": row.actor.name,
                "mbox": f"mailto:{row.actor.email}",
                "account": {"homePage": site, "name": str(row.actor.id)},
            },
            "verb": {"id": verb},
            "object": {
                "id": obj,
                "objectType": "Activity",
                "definition": {"type": "http://id.tincanapi.com/activitytype/discussion"},
            },
            "context": {"contextActivities": {"parent": parents}},
            "timestamp": datetime.datetime.fromtimestamp(row.time, datetime.UTC)
            .isoformat()
            .replace("+00:00", ".000Z"),
        }
        out.append(json.dumps(statement, ensure_ascii=False))
    return ("\n".join(out) + "\n").encode("utf-8")


def example() -> Course:
    """The example handbook's module 1: ten fictional learners, 2 to 20 March 2026."""
    return Course(
        learners=people(10, 41),
        tutors=[
            Person(31, "Claire Martin", "203.0.113.7"),
            Person(32, "Paul Leroy", "203.0.113.8"),
        ],
        admin=Person(2, "Admin Moodle", "203.0.113.1"),
        start=datetime.datetime(2026, 3, 2, 8, 0),
        days=19,
        seed=2026,
        questions=0.12,
    )


OTHER_COURSE = 13
_IDS = re.compile(r"(course module id|discussion with id|post with id|course with id) '(\d+)'")


def elsewhere(rows: Sequence[Row], course: int, shift: int) -> list[Row]:
    """Another course's rows: the same kind of life under its own ids (course, activities,
    discussions, posts shifted by ``shift``), as a site export holds it beside the first."""

    def moved(found: re.Match[str]) -> str:
        kind, value = found.group(1), int(found.group(2))
        return f"{kind} '{course if kind == 'course with id' else value + shift}'"

    return [
        replace(
            row,
            description=_IDS.sub(moved, row.description),
            context=row.context.replace("Accompagner à distance", f"Cours {course}"),
            course=course,
        )
        for row in rows
    ]


def _site_event(who: Person, time: int, text: str, event: str, **more: Any) -> Row:
    """A site-level event: the system's context, no course."""
    fields: dict[str, Any] = {"course": 0, "level": 10, "eventname": event, **more}
    return Row(time, who, text, event.rsplit("\\", 1)[1], "System", "System", **fields)


def _site_life(course: Course, outsider: Person, messages: bool) -> list[Row]:
    """What the site logs around one course: logins (the tutors' just before their sessions),
    profile views, the installation's configuration by a script, notifications in the first
    tutor's name, messages with someone outside the course (and, with ``messages``, between
    the course's learners and its tutor)."""
    rng = random.Random(course.seed + 1)
    zone = zoneinfo.ZoneInfo(course.zone)
    start = int(course.start.replace(tzinfo=zone).timestamp())
    tutor, admin = course.tutors[0], course.admin
    rows = [
        _site_event(admin, start - 86_400 + n, f"The user with id '{admin.id}' changed the"
                    f" config setting 'setting{n}'.", "\\core\\event\\config_log_created",
                    origin="cli")
        for n in range(40)
    ]  # fmt: skip
    for day in range(course.days):
        for who in [*course.tutors, *rng.sample(course.learners, 3)]:
            at = start + day * 86_400 + 9 * 3600 - 300 + rng.randrange(0, 600)
            text = f"The user with id '{who.id}' has logged in."
            rows.append(_site_event(who, at, text, "\\core\\event\\user_loggedin"))
    for learner in course.learners:
        rows.append(
            Row(start + 3600, tutor, f"The user with id '{tutor.id}' viewed the profile for the"
                f" user with id '{learner.id}'.", "User profile viewed", f"User: {learner.name}",
                "System", learner, course=0, level=30,
                eventname="\\core\\event\\user_profile_viewed")
        )  # fmt: skip
        for at, origin in ((start + 60, "web"), (start + 5 * 86_400 + 7, "cli")):
            rows.append(
                Row(at, tutor, f"The user with id '{tutor.id}' sent a notification to the user"
                    f" with id '{learner.id}'.", "Notification sent", "Course: Accompagner à"
                    " distance", "System", learner, origin=origin,
                    eventname="\\core\\event\\notification_sent")
            )  # fmt: skip
    pairs = [(tutor, outsider), (outsider, tutor)]
    if messages:
        pairs += [(course.learners[1], tutor), (tutor, course.learners[1])]
    for n, (sender, recipient) in enumerate(pairs):
        text = (
            f"The user with id '{sender.id}' sent a message to the user with id '{recipient.id}'."
        )
        at = start + 2 * 86_400 + n * 1800
        rows.append(_site_event(sender, at, text, "\\core\\event\\message_sent", related=recipient))
    return rows


def site(course: Course, messages: bool = False) -> list[Row]:
    """A site-level export around ``course``: its rows, another course's (its own learners, the
    same first tutor) and the site's (:func:`_site_life`), oldest first."""
    other = replace(course, learners=people(6, 141, "Stagiaire"), rows=[], seed=course.seed + 7)
    rows = [
        *simulate(course),
        *elsewhere(simulate(other), OTHER_COURSE, 100),
        *_site_life(course, other.learners[0], messages),
    ]
    return sorted(rows, key=lambda r: r.time)


def feedback_responses(
    guide: Any, count: int, seed: int = 11, named: bool = False, persons: list[Person] | None = None
) -> bytes:
    """Moodle Feedback's responses download (CSV) for a guide: a column per item headed
    ``(<question id>) <text>``, cells as Moodle writes them (option texts HTML-escaped, several
    options separated by three spaces); anonymous (a response number) unless ``named`` (by
    ``persons``, else made-up people)."""
    import html

    def escape(text: str) -> str:  # as Moodle's s(): &#039; for an apostrophe
        return html.escape(text).replace("&#x27;", "&#039;")

    rng = random.Random(seed)
    header = (
        ["Nom complet de l’utilisateur", "Groupes", "Adresse de courriel", "Date"]
        if named
        else ["Réponse no"]
    )
    header += [f"({q.id}) {q.text}" for q in guide.questions]
    texts = {
        "q-aide": [
            "Les retours sur mon brouillon, précis et rapides.",
            "La classe virtuelle : on a pu poser toutes nos questions.",
            "Le message de relance quand j'avais décroché.",
            "Merci à Claire Martin pour sa patience au téléphone.",
            "Les exemples de livrables des sessions précédentes.",
            "",
        ],
        "q8": [
            "Un point individuel à mi-parcours.",
            "Plus de réponses le week-end, quand je travaille.",
            "Une grille d'évaluation du livrable dès le début.",
            "",
            "",
        ],
    }
    pick = {qid: rng.sample(options, len(options)) for qid, options in texts.items()}
    rows = [header]
    for n in range(count):
        person = (persons or people(count, 900))[n]
        row = (
            [person.name, "Groupe A", person.email, "lundi 16 mars 2026, 10:12"]
            if named
            else [str(n + 1)]
        )
        for q in guide.questions:
            kind = q.kind.value
            if kind == "scale":
                weights = (
                    [1, 2, 4, 3][: len(q.options)] if "motivation" not in q.id else [2, 4, 3, 1]
                )
                row.append(escape(rng.choices(q.options, weights=weights)[0]))
            elif kind == "choice":
                row.append(escape(rng.choice(q.options)))
            elif kind == "choices":
                chosen = [o for o in q.options if rng.random() < 0.45] or [q.options[0]]
                row.append("   ".join(escape(o) for o in chosen))
            elif kind == "number":
                row.append(str(rng.choice([2, 3, 3, 4, 5, 6])) if rng.random() < 0.9 else "")
            else:
                choices = pick.get(q.id, [""])
                row.append(escape(choices[n % len(choices)]))
        rows.append(row)
    return b"\xef\xbb\xbf" + "".join(php_row(r) for r in rows).encode("utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["example"]:
        target = Path(sys.argv[2])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(moodle_csv(simulate(example()), "Europe/Paris"))
    if sys.argv[1:2] == ["answers"]:  # python -m tests.synthetic answers GUIDE OUT
        from tutoral_gen.pipeline import Paths, check

        project = check(Paths.of(Path(".")), templates=False)[0]
        assert project.audit is not None
        guide = next(g for g in project.audit.guides if g.id == sys.argv[2])
        target = Path(sys.argv[3])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(feedback_responses(guide, 9))
