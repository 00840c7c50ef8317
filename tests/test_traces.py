"""``tutoral traces`` on a small log whose figures were worked out by hand (see LOG), through the
command line, into ``report --json``, the aggregates' file and the follow-up list."""

from __future__ import annotations

import datetime
import json
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tutoral_gen.cli import main
from tutoral_gen.pipeline import Paths

from . import synthetic
from .synthetic import Person, Row

ZONE = zoneinfo.ZoneInfo("Europe/Paris")
TINA = Person(31, "Tina Tutor", "203.0.113.31")
ADMIN = Person(2, "Ad Min", "203.0.113.2")
LEA_1 = Person(41, "Léa Dupont", "192.0.2.41")
LEA_2 = Person(42, "Léa Martin", "192.0.2.42")
LEA_3 = Person(43, "Léa Martin", "192.0.2.43")  # two learners may share a name
NOAH = Person(44, "Noah Petit", "192.0.2.44")  # never acts, but an event concerns him


def at(day: int, clock: str) -> int:
    """Seconds since 1970 of a local time in March 2026."""
    hour, minute = (int(x) for x in clock.split(":"))
    return int(datetime.datetime(2026, 3, day, hour, minute, tzinfo=ZONE).timestamp())


def view(who: Person, day: int, clock: str) -> Row:
    return Row(
        at(day, clock),
        who,
        f"The user with id '{who.id}' viewed the course with id '12'.",
        "Course viewed",
        "Course: Cours",
        "System",
    )


def opened(who: Person, day: int, clock: str, discussion: int, cm: int, forum: str) -> Row:
    return Row(
        at(day, clock),
        who,
        f"The user with id '{who.id}' has created the discussion with id"
        f" '{discussion}' in the forum with course module id '{cm}'.",
        "Discussion created",
        f"Forum: {forum}",
        "Forum",
    )


def posted(who: Person, day: int, clock: str, discussion: int, cm: int, forum: str) -> Row:
    return Row(
        at(day, clock),
        who,
        f"The user with id '{who.id}' has created the post with id"
        f" '{5000 + day}' in the discussion with id '{discussion}' in the forum with course"
        f" module id '{cm}'.",
        "Post created",
        f"Forum: {forum}",
        "Forum",
    )


LOG = [
    view(LEA_1, 2, "09:00"),  # the log's first event
    opened(LEA_1, 2, "09:05", 301, 7, "Forum Q"),  # request 1, channel q (promise 48 h)
    view(TINA, 2, "10:00"),  # session A starts
    view(TINA, 2, "10:20"),
    posted(TINA, 2, "10:30", 301, 7, "Forum Q"),  # answers request 1 after 1 h 25 (5,100 s)
    view(TINA, 2, "11:00"),  # 30 min after: still session A, 10:00 to 11:00 = 60 min
    view(TINA, 2, "11:31"),  # 31 min after: session B, one event, 0 min
    posted(LEA_2, 3, "09:00", 301, 7, "Forum Q"),  # request 2, channel q
    opened(LEA_3, 4, "14:00", 302, 8, "Livrable"),  # request 3, channel l by name: never answered
    posted(TINA, 5, "12:00", 301, 7, "Forum Q"),  # answers request 2 after 51 h: past 48 h
    opened(LEA_1, 6, "08:00", 303, 9, "Café"),  # a forum no channel names
    Row(
        at(2, "09:30"),
        ADMIN,
        "The user with id '2' updated the grade with id '9' for the user"
        " with id '44' for the grade item with id '4'.",
        "User graded",
        "Course: Cours",
        "System",
        NOAH,
    ),
    Row(
        at(2, "09:40"),
        None,
        "A message was sent by the system to the user with id '41'.",
        "Notification sent",
        "System",
        "System",
        LEA_1,
    ),
    view(LEA_2, 20, "18:00"),  # the log's last event
]
"""Worked by hand:

- tutor time: session A 60 min, sessions B and C (the 5 March post) 0 min: 60 min, 3 sessions;
- learners: 41, 42, 43, and 44 (affected by the admin's grading): 4; the admin is ignored;
- channel q: 2 requests, delays 5,100 s (1.4167 h) and 183,600 s (51 h): 1 within 48 h, median
  26.2083 h, 90th percentile the 2nd of 2 (ceil 1.8): 51 h; channel l: 1 request, unanswered;
- inactivity (7 days, log from 2 March 09:00 to 20 March 18:00): 41 (6 to 20 March), 42 (3 to 20
  March), 43 (4 to 20 March), 44 (never acts): 4 learners, 4 episodes;
- weeks: of 2 March 3 active learners and 3 requests, of 9 March none, of 16 March 1 and 0;
- 13 events of persons; the system's notification is not attributed to anyone.
"""

SETTINGS = """\
    traces:
      m1:
        tutors: {Tina Tutor: tuteur}
        ignore: [Ad Min]
        channels: {q: 7, l: Livrable}
        session_gap_minutes: 30
        inactive_days: 7
"""
CHARTER = """\
    title: Charte
    response_hours: [24, 72]
    channels:
      - {id: q, title: Forum Q}
      - {id: l, title: Forum du livrable}
    requests:
      - {kind: Question, channel: q, response_hours: [24, 48]}
"""


@pytest.fixture
def project(make_project: Callable[..., Paths], tmp_path: Path) -> Paths:
    paths = make_project({"content/audit/audit.yaml": SETTINGS, "content/charter.yaml": CHARTER})
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "log.csv").write_bytes(synthetic.moodle_csv(LOG, "Europe/Paris"))
    return paths


def traces(paths: Paths, *args: str) -> Any:
    return CliRunner().invoke(main, ["traces", *args, "--project", str(paths.root)])


def report(paths: Paths) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["report", "--json", str(paths.content)])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)["scenarios"][0]["traces"]
    return data


def test_the_figures_are_those_worked_by_hand(project: Paths) -> None:
    result = traces(project, "m1", str(project.root / "private/log.csv"))
    assert result.exit_code == 0, result.output
    f = report(project)
    assert f["tutor_minutes"] == {"tuteur": 60}
    assert f["tutoring_minutes"] == 60
    assert f["actual_rate"] == pytest.approx(60 / (240 * 10))
    assert f["learners_seen"] == 4
    q, lq, every = f["responses"]["q"], f["responses"]["l"], f["responses"]["all"]
    assert q == {
        "posts": 2,
        "answered_within": 1,
        "unanswered": 0,
        "median_hours": pytest.approx((5100 + 183600) / 2 / 3600),
        "p90_hours": 51,
        "promise_hours": 48,
    }
    assert lq == {
        "posts": 1,
        "answered_within": 0,
        "unanswered": 1,
        "median_hours": None,
        "p90_hours": None,
        "promise_hours": 72,
    }
    assert (every["posts"], every["answered_within"], every["unanswered"]) == (3, 1, 1)
    assert every["p90_hours"] == 51
    assert f["inactive"] == {"learners": 4, "episodes": 4}
    assert [(w["start"], w["learners"], w["posts"]) for w in f["weeks"]] == [
        ("2026-03-02", 3, 3),
        ("2026-03-09", 0, 0),
        ("2026-03-16", 1, 0),
    ]
    assert f["forums"] == [{"activity": "9", "name": "Café", "posts": 1}]
    assert (f["events"], f["unknown"], f["duplicates"]) == (13, 1, 0)
    assert f["sessions"] == {"tuteur": 3} and f["stale"] is False


def test_the_follow_up_names_learners_in_private_only(project: Paths) -> None:
    result = traces(project, "m1", str(project.root / "private/log.csv"))
    assert result.exit_code == 0, result.output
    followup = (project.root / "private/followup-m1.csv").read_text(encoding="utf-8-sig")
    lines = followup.splitlines()[1:]
    assert sorted(line.split(";")[1] for line in lines if ";Inactif;" in line) == [
        "Léa Dupont",
        "Léa Martin (#43)",
    ]
    # Noah never acts (an event concerns him): no last activity to give, the log's span instead.
    assert [line.split(";")[1:3] for line in lines if ";Aucune activité;" in line] == [
        ["Noah Petit", "Aucune activité"]
    ]
    assert (
        "Noah Petit: aucune activité dans le journal (du 2026-03-02 09:00 au 2026-03-20 18:00)"
        in result.output
    )
    assert [line.split(";")[3] for line in lines if "sans réponse" in line] == ["Livrable"]
    assert "Léa Dupont" in result.output  # printed for the tutors, role by role
    aggregate = (project.content / "audit/traces/m1.yaml").read_text(encoding="utf-8")
    for person in (LEA_1, LEA_2, NOAH, TINA):
        assert person.name not in aggregate and f"'{person.id}'" not in aggregate


def test_changed_settings_make_the_aggregates_stale(project: Paths) -> None:
    assert traces(project, "m1", str(project.root / "private/log.csv")).exit_code == 0
    audit = project.content / "audit/audit.yaml"
    audit.write_text(audit.read_text().replace("inactive_days: 7", "inactive_days: 5"))
    result = CliRunner().invoke(main, ["check", str(project.content)])
    assert result.exit_code == 0
    assert "audit/traces/m1.yaml" in result.output and "tutoral traces m1" in result.output
    assert report(project)["stale"] is True


def test_the_aggregates_file_reads_back_as_measured(project: Paths) -> None:
    from tutoral_gen.intake import traces_command as tracer
    from tutoral_gen.pipeline import check

    log = project.root / "private/log.csv"  # sessions of odd lengths: minutes of many decimals
    log.write_bytes(synthetic.moodle_csv([*LOG, view(TINA, 2, "11:41")], "Europe/Paris"))
    outcome = tracer.run(project, "m1", [log])
    validated, _, _ = check(project)
    assert validated.audit is not None
    assert validated.audit.traces == (outcome.measured.traces,)


def test_the_example_s_aggregates_are_those_of_its_synthetic_export(tmp_path: Path) -> None:
    """The committed content/audit/traces/module-1.yaml is what `make site` measures from
    examples/moodle-logs/ (fictional people): they cannot drift apart."""
    from .conftest import REPO, copy_example

    paths = copy_example(tmp_path)
    export = REPO / "examples/moodle-logs/logs_module-1.csv"
    assert export.read_bytes() == synthetic.moodle_csv(
        synthetic.simulate(synthetic.example()), "Europe/Paris"
    )
    committed = (paths.content / "audit/traces/module-1.yaml").read_text(encoding="utf-8")
    result = CliRunner().invoke(
        main, ["traces", "module-1", str(export), "-q", "-p", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert (paths.content / "audit/traces/module-1.yaml").read_text(encoding="utf-8") == committed


def test_a_new_project_keeps_private_out_of_git(tmp_path: Path) -> None:
    import shutil
    import subprocess

    result = CliRunner().invoke(main, ["new", str(tmp_path / "manuel")])
    assert result.exit_code == 0, result.output
    project = tmp_path / "manuel"
    assert "/private/" in (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(project)], check=True)
        ignored = subprocess.run(
            ["git", "-C", str(project), "check-ignore", "-q", "private/logs.csv"], check=False
        )
        assert ignored.returncode == 0


def test_private_messages_to_a_tutor_are_requests_answered_by_the_tutor_s_next_message(
    make_project: Callable[..., Paths],
) -> None:
    settings = "traces:\n  m1:\n    tutors: {'#31': tuteur}\n    channels: {mp: messages}\n"
    charter = "title: C\nchannels: [{id: mp, title: Messagerie}]\nresponse_hours: 24\n"
    paths = make_project({"content/audit/audit.yaml": settings, "content/charter.yaml": charter})
    t0 = at(2, "09:00")
    sent = "\\core\\event\\message_sent"
    table = [
        "id,eventname,userid,relateduserid,contextlevel,contextinstanceid,courseid,other,timecreated",
        f"1,\\core\\event\\course_viewed,41,,50,12,12,,{t0}",
        f"7,\\core\\event\\course_viewed,42,,50,12,12,,{t0 + 50}",  # 42 is the course's too
        f"2,{sent},41,31,10,0,0,{{}},{t0 + 100}",  # a request to the tutor
        f"3,{sent},31,42,10,0,0,{{}},{t0 + 150}",  # the tutor writes to another learner first
        f"4,{sent},31,41,10,0,0,{{}},{t0 + 3700}",  # the answer: one hour after
        f"5,{sent},42,31,10,0,0,{{}},{t0 + 200}",  # a request never answered
        f"6,{sent},41,42,10,0,0,{{}},{t0 + 300}",  # between learners: no request
        f"8,{sent},99,31,10,0,0,{{}},{t0 + 400}",  # from someone outside the course: left out
    ]
    export = paths.root / "standard.csv"
    export.write_text("\n".join(table) + "\n", encoding="utf-8")
    result = traces(paths, "m1", str(export))
    assert result.exit_code == 0, result.output
    figures = report(paths)
    assert (figures["site_events"], figures["learners_seen"]) == (1, 2)
    mp = figures["responses"]["mp"]
    assert mp == {
        "posts": 2,
        "answered_within": 1,
        "unanswered": 1,
        "median_hours": 1.0,
        "p90_hours": 1.0,
        "promise_hours": 24,
    }


def test_a_project_whose_git_does_not_ignore_private_is_warned(project: Paths) -> None:
    import shutil
    import subprocess

    if not shutil.which("git"):
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(project.root)], check=True)
    result = traces(project, "m1", str(project.root / "private/log.csv"))
    assert result.exit_code == 0
    assert ".gitignore: warning: Git does not ignore private/" in result.output
    (project.root / ".gitignore").write_text("/private/\n")
    assert (
        "Git does not ignore"
        not in traces(project, "m1", str(project.root / "private/log.csv")).output
    )


def test_the_dashboard_says_traces_are_set_up_but_not_measured_then_stale(project: Paths) -> None:
    from tutoral_gen.domain.figures import compute
    from tutoral_gen.pipeline import check

    def signals() -> dict[str, tuple[str, ...]]:
        validated, _, _ = check(project)
        audit = next(d for d in compute(validated).deliverables if d.key == "audit")
        return {s.kind: s.ids for s in audit.signals}

    assert signals()["untraced"] == ("m1",)
    assert traces(project, "m1", str(project.root / "private/log.csv")).exit_code == 0
    assert "untraced" not in signals() and "no-log" not in signals()
    audit = project.content / "audit/audit.yaml"
    audit.write_text(
        audit.read_text().replace("session_gap_minutes: 30", "session_gap_minutes: 20")
    )
    assert signals()["stale-traces"] == ("m1",)
