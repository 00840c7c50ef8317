"""A site-level export (several courses, the site's own events, what the platform made itself)
measured for one course gives that course's own figures; without ``course:`` it is refused with
the courses it holds. Issue #25: a real site dump read as one course tripled the tutor's time."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tutoral_gen.cli import main
from tutoral_gen.intake import logs
from tutoral_gen.pipeline import Paths

from . import synthetic
from .conftest import copy_example

ZONE = "Europe/Paris"
BY_ID = {"Claire Martin:": "'#31':", "Paul Leroy:": "'#32':", "[Admin Moodle]": "['#2']"}
"""The example's settings name tutors as the download writes them; the standard log has ids."""
LEFT = ("other_courses", "site_events", "platform_events")
"""What differs between a course's export and a site's: the events left out, and counted."""


@pytest.fixture(scope="module")
def site_rows() -> list[synthetic.Row]:
    return synthetic.site(synthetic.example())


def expected_left(rows: list[synthetic.Row]) -> dict[str, int]:
    """What a course-12 measurement must leave out of ``rows``, worked from how they were made."""
    ours = [r for r in rows if r.course != synthetic.OTHER_COURSE]
    made = [r for r in ours if r.origin == "cli" or "notification" in (r.eventname or "")]
    return {
        "other_courses": len(rows) - len(ours),
        "site_events": sum(r.course == 0 for r in ours) - sum(r.course == 0 for r in made),
        "platform_events": len(made),
    }


@pytest.fixture
def example(tmp_path: Path) -> Iterator[Paths]:
    paths = copy_example(tmp_path)
    (tmp_path / "private").mkdir()
    yield paths


def settings(paths: Paths, ids: bool, course: int | None) -> None:
    audit = paths.content / "audit/audit.yaml"
    text = audit.read_text(encoding="utf-8")
    for name, user in BY_ID.items() if ids else ():
        text = text.replace(name, user)
    if course is not None:
        text = text.replace(
            "    inactive_days: 7\n", f"    inactive_days: 7\n    course: {course}\n"
        )
    audit.write_text(text, encoding="utf-8")


def traces(paths: Paths, name: str, data: bytes) -> Result:
    export = paths.root / "private" / name
    export.write_bytes(data)
    return CliRunner().invoke(main, ["traces", "module-1", str(export), "-p", str(paths.root)])


def figures(paths: Paths) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["report", "--json", str(paths.content)])
    assert result.exit_code == 0, result.output
    scenario = json.loads(result.output)["scenarios"][0]
    data: dict[str, Any] = scenario["traces"]
    return data


def test_a_site_dump_measured_for_one_course_gives_that_course_s_figures(
    example: Paths, site_rows: list[synthetic.Row]
) -> None:
    settings(example, ids=True, course=None)
    course_only = synthetic.standard_log(synthetic.simulate(synthetic.example()))
    assert traces(example, "course.csv", course_only).exit_code == 0
    alone = figures(example)
    settings(example, ids=False, course=12)
    result = traces(example, "site.csv", synthetic.standard_log(site_rows))
    assert result.exit_code == 0, result.output
    left = expected_left(site_rows)
    assert (
        f"left out, no activity of course 12: {left['other_courses']} events of other courses,"
        f" {left['site_events']} of the site, {left['platform_events']} made by the platform"
    ) in result.output
    measured = figures(example)
    assert {k: measured[k] for k in LEFT} == left
    assert all(measured[k] > 0 for k in LEFT)
    assert (measured["course"], alone["course"]) == ("12", "12")
    ignored = {*LEFT, "sources", "stale"}
    assert {k: v for k, v in measured.items() if k not in ignored} == {
        k: v for k, v in alone.items() if k not in ignored
    }
    assert measured["tutor_minutes"] == alone["tutor_minutes"]  # the logins left out
    aggregate = (example.content / "audit/traces/module-1.yaml").read_text(encoding="utf-8")
    assert "course: 12\n" in aggregate and "  platform: 60\n" in aggregate


def test_without_course_a_site_dump_is_refused_with_the_courses_it_holds(
    example: Paths, site_rows: list[synthetic.Row]
) -> None:
    settings(example, ids=True, course=None)
    result = traces(example, "site.csv", synthetic.standard_log(site_rows))
    assert result.exit_code == 1
    ours = sum(r.course == synthetic.COURSE for r in site_rows)
    theirs = sum(r.course == synthetic.OTHER_COURSE for r in site_rows)
    assert (
        f"private/site.csv: events of 2 courses: 12 ({ours} rows), 13 ({theirs} rows);"
        " measure one: write its id as course:"
    ) in result.output
    assert "Traceback" not in result.output
    assert not (example.root / "private/followup-module-1.csv").exists()


def test_a_course_the_exports_do_not_hold_is_an_error(
    example: Paths, site_rows: list[synthetic.Row]
) -> None:
    settings(example, ids=True, course=14)
    result = traces(example, "site.csv", synthetic.standard_log(site_rows))
    assert result.exit_code == 1
    assert "no event of course 14: the exports name 12 (" in result.output


def test_a_site_download_leaves_out_the_site_s_and_the_platform_s_events(
    example: Paths, site_rows: list[synthetic.Row]
) -> None:
    """The download names the course of a course's own events only (a view, an enrolment):
    another course's activities are not told apart, which a warning says."""
    settings(example, ids=False, course=12)
    result = traces(example, "site.csv", synthetic.moodle_csv(site_rows, ZONE))
    assert result.exit_code == 0, result.output
    assert "this download also names course(s) 13" in result.output
    measured = figures(example)
    assert measured["platform_events"] == expected_left(site_rows)["platform_events"]
    logins = sum(r.event == "user_loggedin" for r in site_rows)
    assert measured["site_events"] >= logins + len(synthetic.example().learners)
    views = sum(
        r.course == synthetic.OTHER_COURSE and "course with id" in r.description for r in site_rows
    )
    assert measured["other_courses"] == views


@pytest.mark.parametrize(
    ("cells", "left"),
    [
        (("Course: C", "web", "viewed the course with id '12'"), {}),
        (("Course: C", "cli", "viewed the course with id '12'"), {"platform": 1}),
        (("Course: C", "restore", "viewed the course with id '12'"), {"platform": 1}),
        (("Course: C", "web", "sent a notification to the user with id '41'"), {"platform": 1}),
        (("System", "web", "has logged in"), {"site": 1}),
        (("Système", "web", "has logged in"), {"site": 1}),
        (("User: Léa Dupont", "web", "viewed the profile for the user with id '41'"), {"site": 1}),
        (("Utilisateur: Léa", "web", "viewed the profile for the user with id '41'"), {"site": 1}),
        (("Course: C", "web", "viewed the course with id '1'"), {"site": 1}),
        (("Course: C", "web", "viewed the course with id '13'"), {"other_courses": 1}),
    ],
)
def test_what_a_download_row_counts_for(
    tmp_path: Path, cells: tuple[str, str, str], left: dict[str, int]
) -> None:
    context, origin, said = cells
    header = synthetic.HEADERS["en"]
    row = [
        "2/03/26, 09:15:07",
        "Tina",
        "-",
        context,
        "System",
        "x",
        f"The user with id '31' {said}.",
    ]
    lines = [synthetic.php_row(header), synthetic.php_row([*row, origin, ""])]
    lines.append(synthetic.php_row(["2/03/26, 09:00:00", "Tina", "-", "Course: C", "System", "x",
                 "The user with id '31' viewed the course with id '12'.", "web", ""]))  # fmt: skip
    export = tmp_path / "log.csv"
    export.write_bytes("".join(lines).encode())
    read = logs.read([export], ZONE, course=12)
    assert [p for p in read.problems if p.severity == "error"] == []
    counts = {"other_courses": 0, "site": 0, "platform": 0, **left}
    assert read.tally.left_out() == counts
    assert len(read.tally.acts.get("31", ())) == 2 - sum(left.values())


def test_messages_between_the_course_s_people_count_others_are_site_events(
    example: Paths,
) -> None:
    rows = synthetic.site(synthetic.example(), messages=True)
    settings(example, ids=True, course=12)
    audit = example.content / "audit/audit.yaml"
    charter = example.content / "charter.yaml"
    charter.write_text(
        charter.read_text(encoding="utf-8").replace(
            "channels:\n", "channels:\n  - {id: messagerie, title: Messagerie}\n", 1
        ),
        encoding="utf-8",
    )
    audit.write_text(
        audit.read_text(encoding="utf-8").replace(
            "      forum-qr: 7", "      messagerie: messages\n      forum-qr: 7"
        ),
        encoding="utf-8",
    )
    result = traces(example, "site.csv", synthetic.standard_log(rows))
    assert result.exit_code == 0, result.output
    measured = figures(example)
    messagerie = measured["responses"]["messagerie"]
    assert (messagerie["posts"], messagerie["unanswered"]) == (1, 0)
    # The two messages with a learner of the other course are the site's, not this course's.
    assert measured["site_events"] == expected_left(rows)["site_events"] - 2


def test_the_traces_page_says_which_course_and_what_was_left_out(
    example: Paths, site_rows: list[synthetic.Row]
) -> None:
    from tutoral_gen.pipeline import generate

    settings(example, ids=True, course=12)
    assert traces(example, "site.csv", synthetic.standard_log(site_rows)).exit_code == 0
    generate(example)
    page = (example.out / "docs/audit/traces.md").read_text(encoding="utf-8")
    left = expected_left(site_rows)
    for line in (
        "| Cours mesuré | le cours n° 12 de la plateforme |",
        f"| Événements d’autres cours, écartés | {left['other_courses']} |",
        f"| Événements du site (connexions, profils, réglages, messages hors du cours), écartés"
        f" | {left['site_events']} |",
        "| Événements faits par la plateforme (tâches planifiées, scripts, restaurations,"
        f" notifications au nom d’une personne), écartés | {left['platform_events']} |",
    ):
        assert line in page
    # The standard log's times are Unix times: no date order to tell; in the reader's words,
    # never a file's name or a YAML key.
    assert "Dates lues comme" not in page
    for word in ("site.csv", "other_courses", "left_out", "date_order", "platform_events"):
        assert word not in page


def test_aggregates_measured_before_sites_were_told_apart_still_read(example: Paths) -> None:
    """A file written before ``course`` and ``left_out`` existed is valid: nothing was left out
    then, and it is stale (the settings' digest now holds the course and the date order)."""
    from tutoral_gen.pipeline import check

    aggregate = example.content / "audit/traces/module-1.yaml"
    text = aggregate.read_text(encoding="utf-8")
    for new in (", date_order: dmy", "course: 12\n", "left_out:", "  other_courses: 0\n",
                "  site: 0\n", "  platform: 0\n"):  # fmt: skip
        assert new in text
        text = text.replace(new, "") if new != "left_out:" else re.sub(r"left_out:.*\n", "", text)
    old_digest = 'settings: "ab35bd35447446b1"'  # the example's, before course and date_order
    text = re.sub(r'settings: "[0-9a-f]+"', old_digest, text)
    aggregate.write_text(text, encoding="utf-8")
    project, warnings, _ = check(example)
    assert any("tutoral traces module-1" in str(w) for w in warnings), warnings
    assert project.audit is not None
    traces = project.audit.traces[0]
    assert (traces.course, traces.other_courses, traces.site_events, traces.platform_events) == (
        None,
        0,
        0,
        0,
    )
