"""Every export format gives the same tally: the course log download as CSV (English, French,
re-saved by a spreadsheet in Windows-1252 or UTF-8), Excel and JSON, the standard log table,
xAPI statements; overlapping exports count each event once; a large file read in parallel parts
gives what a sequential read gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutoral_gen.intake import delimited, logs
from tutoral_gen.intake.clock import BadTime, Clock
from tutoral_gen.intake.logs.descriptions import describe
from tutoral_gen.intake.people.tally import Tally

from . import synthetic

ZONE = "Europe/Paris"


@pytest.fixture(scope="module")
def rows() -> list[synthetic.Row]:
    return synthetic.simulate(synthetic.example())


def summary(tally: Tally, names: bool = True) -> dict[str, object]:
    """What every format must agree on (names only where the format has them)."""
    out: dict[str, object] = {
        "acts": {user: sorted(s >> 20 for s in stamps) for user, stamps in tally.acts.items()},
        "posts": sorted((s >> 20, a, f, t) for s, a, f, t in tally.posts),
        "related": sorted(tally.related),
        "unknown": len(tally.unknown),
    }
    if names:
        out["names"] = {u: sorted(n) for u, n in tally.names.items() if n}
    return out


def read(tmp_path: Path, name: str, data: bytes) -> logs.Read:
    path = tmp_path / name
    path.write_bytes(data)
    result = logs.read([path], ZONE)
    assert [str(p) for p in result.problems] == []
    return result


def test_every_moodle_download_format_reads_alike(tmp_path: Path, rows) -> None:
    reference = read(tmp_path, "en.csv", synthetic.moodle_csv(rows, ZONE))
    assert reference.sources[0].format == "moodle-csv"
    assert reference.tally.rows == len(rows)
    expected = summary(reference.tally)
    exports = {
        "fr.csv": synthetic.moodle_csv(rows, ZONE, "fr"),
        "resaved-cp1252.csv": synthetic.spreadsheet_csv(rows, ZONE, "cp1252"),
        "resaved-utf8.csv": synthetic.spreadsheet_csv(rows, ZONE, "utf-8"),
        "en.json": synthetic.moodle_json(rows, ZONE),
        "fr.json": synthetic.moodle_json(rows, ZONE, "fr"),
    }
    for name, data in exports.items():
        assert summary(read(tmp_path, name, data).tally) == expected, name
    synthetic.moodle_xlsx(rows, ZONE, tmp_path / "en.xlsx")
    workbook = logs.read([tmp_path / "en.xlsx"], ZONE)
    assert workbook.problems == [] and summary(workbook.tally) == expected
    assert workbook.sources[0].format == "moodle-xlsx"


def test_the_standard_log_and_xapi_give_the_same_events(tmp_path: Path, rows) -> None:
    expected = summary(
        read(tmp_path, "en.csv", synthetic.moodle_csv(rows, ZONE)).tally, names=False
    )
    standard = read(tmp_path, "standard.csv", synthetic.standard_log(rows))
    assert standard.sources[0].format == "standard-log"
    got = summary(standard.tally, names=False)
    assert got["acts"] == expected["acts"] and got["posts"] == expected["posts"]
    statements = read(tmp_path, "xapi.jsonl", synthetic.xapi_lines(rows))
    assert statements.sources[0].format == "xapi"
    got = summary(statements.tally, names=False)
    people = {k: v for k, v in expected["acts"].items()}  # type: ignore[attr-defined]
    assert got["acts"] == people
    assert [p[:2] + p[3:] for p in got["posts"]] == [p[:2] + p[3:] for p in expected["posts"]]  # type: ignore[attr-defined]
    array = b"[" + b",".join(synthetic.xapi_lines(rows).splitlines()) + b"]"
    assert summary(read(tmp_path, "xapi.json", array).tally, names=False)["acts"] == people
    answer = b'{"statements": ' + array + b', "more": ""}'
    assert summary(read(tmp_path, "lrs.json", answer).tally, names=False)["acts"] == people


def test_overlapping_downloads_count_each_event_once(tmp_path: Path, rows) -> None:
    whole = read(tmp_path, "whole.csv", synthetic.moodle_csv(rows, ZONE))
    half = len(rows) // 2
    first = tmp_path / "week1.csv"
    second = tmp_path / "week2.csv"
    first.write_bytes(synthetic.moodle_csv(rows[: half + 100], ZONE))
    second.write_bytes(synthetic.moodle_csv(rows[half - 100 :], ZONE))
    both = logs.read([first, second], ZONE)
    assert both.problems == []
    assert summary(both.tally) == summary(whole.tally)
    assert both.tally.duplicates == 200
    assert both.sources[0].files == 2 and both.sources[0].rows == len(rows) + 200


def test_a_large_file_read_in_parts_gives_what_one_read_gives(
    tmp_path: Path, rows, monkeypatch
) -> None:
    data = synthetic.moodle_csv(rows * 3, ZONE)
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    sequential = logs.read([path], ZONE, workers=1)
    monkeypatch.setattr(delimited, "PART_BYTES", 1000)
    cuts = delimited.parts(path, len(data), 3)
    assert len(cuts) == 3 and cuts[0][0] == 0 and cuts[-1][1] == len(data)
    parallel = logs.read([path], ZONE, workers=3)
    assert summary(parallel.tally) == summary(sequential.tally)


def test_parts_are_cut_outside_quoted_line_ends(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(delimited, "PART_BYTES", 100)
    header = b"Time,User full name,Description\n"
    row = b"\"2/03/26, 09:15:07\",\"A\nB\",The user with id '5' viewed the course with id '1'.\n"
    path = tmp_path / "multiline.csv"
    path.write_bytes(header + row * 400)
    for count in (2, 3, 7):
        for start, _end, line in delimited.parts(path, path.stat().st_size, count):
            if start:
                chunk = path.read_bytes()[:start]
                assert chunk.count(b'"') % 2 == 0 and chunk.endswith(b"\n")
                assert line == chunk.count(b"\n") + 1


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2/03/26, 09:15:07", "2026-03-02T09:15:07+01:00"),
        ("12/03/26, 09:15:07", "2026-03-12T09:15:07+01:00"),
        ("2/03/26, 09:15", "2026-03-02T09:15:00+01:00"),  # older versions: no seconds
        ("02/03/2026 09:15:07", "2026-03-02T09:15:07+01:00"),  # re-saved by a spreadsheet
        ("02/03/2026 09:15", "2026-03-02T09:15:00+01:00"),
        ("5 mars 26, 14:03:07", "2026-03-05T14:03:07+01:00"),  # the French download
        ("5 avr. 26, 14:03:07", "2026-04-05T14:03:07+02:00"),
        ("2026-03-02 09:15:07", "2026-03-02T09:15:07+01:00"),
        ("26/10/25, 02:30:00", "2025-10-26T02:30:00+02:00"),  # twice that night: the first
    ],
)
def test_times_as_moodle_and_spreadsheets_write_them(written: str, expected: str) -> None:
    import datetime

    clock = Clock(ZONE)
    moment = datetime.datetime.fromtimestamp(clock.epoch(written), clock.zone)
    assert moment.isoformat() == expected


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("29/03/26, 02:30:00", "does not exist in the time zone Europe/Paris"),
        ("31/02/26, 09:00:00", "no such date"),
        ("2/03/26, 25:00:00", "expected a date and time"),
        ("2/03/26, 09:61:00", "expected a date and time"),
        ("yesterday", "expected a date and time"),
        ("5 brumaire 26, 14:03:07", "unknown month"),
    ],
)
def test_a_time_that_cannot_be_read_says_why(written: str, message: str) -> None:
    with pytest.raises(BadTime, match=message):
        Clock(ZONE).epoch(written)


@pytest.mark.parametrize(
    ("description", "kind", "actor", "related", "activity", "thread"),
    [
        (
            "The user with id '31' has created the post with id '5012' in the discussion with id"
            " '301' in the forum with course module id '7'.",
            "post",
            "31",
            None,
            "7",
            "301",
        ),
        (
            "The user with id '57' has created the discussion with id '144' in the forum with the"
            " course module id '2301'.",
            "post",
            "57",
            None,
            "2301",
            "144",
        ),
        (
            "The user with id '2' updated the grade with id '9' for the user with id '45' for the"
            " grade item with id '4'.",
            "action",
            "2",
            "45",
            None,
            None,
        ),
        (
            "The user with id '31' sent a message to the user with id '45'.",
            "message",
            "31",
            "45",
            None,
            None,
        ),
        (
            "A message was sent by the system to the user with id '45'.",
            "unknown",
            None,
            "45",
            None,
            None,
        ),
        (  # the enrolment welcome, or a forum notification cron sends, in the tutor's name
            "The user with id '31' sent a notification to the user with id '45'.",
            "platform",
            "31",
            "45",
            None,
            None,
        ),
        (
            "A notification was sent by the system to the user with id '45'.",
            "platform",
            None,
            "45",
            None,
            None,
        ),
        ("Something else entirely.", "unknown", None, None, None, None),
    ],
)
def test_descriptions(description, kind, actor, related, activity, thread) -> None:
    said = describe(description)
    assert (said.kind, said.actor, said.related, said.activity, said.thread) == (
        kind,
        actor,
        related,
        activity,
        thread,
    )


@pytest.mark.parametrize(
    ("description", "course"),
    [
        ("The user with id '31' viewed the course with id '12'.", "12"),
        ("The user with id '31' viewed the course with id '1'.", "site"),  # the front page
        ("The user with id '31' viewed the 'forum' activity with course module id '7'.", None),
    ],
)
def test_the_course_a_description_names(description: str, course: str | None) -> None:
    assert describe(description).course == course


def test_cells_moodle_quoted_as_formulas_are_read_back(tmp_path: Path) -> None:
    rows = [
        synthetic.Row(
            1_772_438_400 + n,
            synthetic.Person(40 + n, f"'={name}", "192.0.2.1"),
            f"The user with id '{40 + n}' viewed the course with id '12'.",
            "Course viewed",
            "Course: C",
            "System",
        )
        for n, name in enumerate(["HYPERLINK(1)", "Zoé"])
    ]
    tally = read(tmp_path, "quoted.csv", synthetic.moodle_csv(rows, ZONE)).tally
    assert tally.names["40"] == {"=HYPERLINK(1)"} and tally.names["41"] == {"=Zoé"}


def test_curly_and_straight_apostrophes_in_french_headers(tmp_path: Path, rows) -> None:
    curly = synthetic.moodle_csv(rows[:50], ZONE, "fr")
    straight = curly.decode("utf-8-sig").replace("’", "'").encode("utf-8-sig")
    assert summary(read(tmp_path, "a.csv", curly).tally) == summary(
        read(tmp_path, "b.csv", straight).tally
    )


def test_the_json_download_of_older_versions_arrays(tmp_path: Path, rows) -> None:
    keyed = json.loads(synthetic.moodle_json(rows[:40], ZONE))
    arrays = [[list(record.values()) for record in keyed[0]]]
    old = read(tmp_path, "old.json", json.dumps(arrays).encode())
    assert summary(old.tally) == summary(
        read(tmp_path, "new.json", synthetic.moodle_json(rows[:40], ZONE)).tally
    )
