"""Bad exports and bad settings, one class per row: each is a located message (``file:row:column``,
what was expected, what was found), the exit code says so, and nothing is written."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result

from tutoral_gen.cli import main
from tutoral_gen.pipeline import Paths

from . import synthetic
from .test_errors import assert_located
from .test_traces import CHARTER, LEA_2, LEA_3, LOG, SETTINGS

ZONE = "Europe/Paris"
GOOD = synthetic.moodle_csv(LOG, ZONE)
HEADER = GOOD.split(b"\n", 1)[0] + b"\n"
LINES = GOOD.split(b"\n")


def replace_line(number: int, new: bytes) -> bytes:
    """The good export with its line ``number`` (1 = the header) replaced."""
    lines = list(LINES)
    lines[number - 1] = new
    return b"\n".join(lines)


def other_course(data: bytes) -> bytes:
    return data.replace(b"course with id '12'", b"course with id '13'")


CASES: list[tuple[str, dict[str, bytes], list[str]]] = [
    (
        "a row with a broken quote",
        {
            "log.csv": replace_line(
                3, b'"20/03/26, 18:00:00,Ana,-,Course: C,System,Course viewed,x,web,'
            )
        },
        ["private/log.csv:3:1: broken CSV row (a quote never closed?)"],
    ),
    (
        "an unknown header",
        {"log.csv": b"Date;Who;What\n1/2/26;Ana;view\n"},
        [
            "private/log.csv:1:1: not a platform export: an unknown header 'Date;Who;What'",
            "expected Moodle's log download (Time, User full name",
        ],
    ),
    (
        "a byte in another encoding in the middle of a UTF-8 file",
        {"log.csv": GOOD.replace("Léa Dupont".encode(), "L\xe9a Dupont".encode("cp1252"), 1)},
        [":2: User full name: byte 0xE9 is not UTF-8", "save it again as CSV UTF-8"],
    ),
    (
        "a time the clocks skipped (the export was made in another time zone)",
        {
            "log.csv": replace_line(
                2, LINES[1].replace(b"20/03/26, 18:00:00", b"29/03/26, 02:30:00")
            )
        },
        [
            "private/log.csv:2:1: Time: '29/03/26, 02:30:00' does not exist in the time zone"
            " Europe/Paris"
        ],
    ),
    (
        "a time that is no date",
        {
            "log.csv": replace_line(
                2, LINES[1].replace(b"20/03/26, 18:00:00", b"31/02/26, 18:00:00")
            )
        },
        ["private/log.csv:2:1: Time: no such date: '31/02/26, 18:00:00'"],
    ),
    (
        "an export of another course than the others",
        {"log.csv": GOOD, "other.csv": other_course(GOOD)},
        ["private/other.csv: this export is of course 13, the others of course 12"],
    ),
    (
        "an export with its header only",
        {"log.csv": HEADER},
        ["private/log.csv: no event in this export (only its header)"],
    ),
    (
        "an empty file",
        {"log.csv": b""},
        ["private/log.csv:1:1: the file is empty"],
    ),
    (
        "a spreadsheet's other file (a workbook that is not Excel's)",
        {"log.xlsx": b"PK\x03\x04 not really a zip"},
        ["private/log.xlsx:1:1: not a platform export: a damaged zip archive"],
    ),
    (
        "JSON cut in the middle",
        {"log.json": synthetic.moodle_json(LOG, ZONE)[:700]},
        ["private/log.json:", "broken JSON"],
    ),
    (
        "JSON that holds no log events",
        {"log.json": b'[{"name": "x", "size": 3}]'},
        ["private/log.json:1:1: not a platform export: JSON whose items are not log events"],
    ),
    (
        "a statement without its time",
        {
            "log.jsonl": (
                b'{"actor": {"account": {"name": "5"}}, "object": {"id": "x"},'
                b' "verb": {"id": "http://id.tincanapi.com/verb/viewed"}}\n'
            )
        },
        ["private/log.jsonl:1:1: a statement without a valid ISO 8601 timestamp"],
    ),
    (
        "a standard-log row without its time",
        {
            "log.csv": b"id,eventname,userid,timecreated\n"
            b"1,\\core\\event\\course_viewed,5,yesterday\n"
        },
        ["private/log.csv:2:4: timecreated: expected a Unix time (seconds), found 'yesterday'"],
    ),
]


def run(paths: Paths, names: list[str]) -> Result:
    files = [str(paths.root / "private" / name) for name in names]
    return CliRunner().invoke(main, ["traces", "m1", *files, "--project", str(paths.root)])


@pytest.fixture
def project(make_project: Callable[..., Paths]) -> Paths:
    paths = make_project({"content/audit/audit.yaml": SETTINGS, "content/charter.yaml": CHARTER})
    (paths.root / "private").mkdir()
    return paths


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_export_is_a_located_problem_and_nothing_is_written(
    project: Paths, files: dict[str, bytes], expected: list[str]
) -> None:
    for name, data in files.items():
        (project.root / "private" / name).write_bytes(data)
    os.chdir(project.root)  # files shown relative to the project
    result = run(project, list(files))
    assert result.exit_code == 1, result.output
    output = result.output
    for part in expected:
        assert part in output, output
    assert "Traceback" not in output
    assert not (project.content / "audit/traces/m1.yaml").exists()
    assert not (project.root / "private/followup-m1.csv").exists()


def test_a_huge_file_of_no_log_is_refused_at_once(project: Paths) -> None:
    huge = project.root / "private/huge.csv"
    with open(huge, "wb") as handle:  # 2 GB, sparse: no disk used
        handle.truncate(2 * 1024**3)
    result = run(project, ["huge.csv"])
    assert result.exit_code == 1
    assert "binary data" in result.output
    long_line = project.root / "private/long.csv"
    with open(long_line, "wb") as handle:
        handle.write(HEADER)
        handle.write(b"x" * (6 * 1024**2))
    result = run(project, ["long.csv"])
    assert "private/long.csv:2:1: a line longer than 4 MB" in result.output


def test_an_event_no_one_did_is_counted_and_listed_not_an_error(project: Paths) -> None:
    (project.root / "private/log.csv").write_bytes(GOOD)
    result = run(project, ["log.csv"])
    assert result.exit_code == 0
    assert "not attributed to a person: 1 × Notification sent" in result.output


def test_a_learner_named_like_a_formula_stays_text_in_the_follow_up(project: Paths) -> None:
    data = GOOD.replace(b'"Noah Petit"', b'"=HYPERLINK(""http://x"")"')
    (project.root / "private/log.csv").write_bytes(data)
    assert run(project, ["log.csv"]).exit_code == 0
    followup = (project.root / "private/followup-m1.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in followup and ";=HYPERLINK" not in followup


SETTING_CASES: list[tuple[str, str, str, str]] = [
    (
        "a tutor named by a user id that is not one",
        SETTINGS.replace("Tina Tutor: tuteur", "'#abc': tuteur"),
        "content/audit/audit.yaml:3:",
        "expected '#' followed by a user id ('#31')",
    ),
    (
        "a tutor of an unknown role",
        SETTINGS.replace("Tina Tutor: tuteur", "Tina Tutor: tuteurs"),
        "content/audit/audit.yaml:3:",
        "unknown role 'tuteurs'; did you mean 'tuteur'?",
    ),
    (
        "a channel the charter does not have",
        SETTINGS.replace("q: 7", "qq: 7"),
        "content/audit/audit.yaml:5:",
        "unknown channel of the charter 'qq'",
    ),
    (
        "a scenario that does not exist",
        SETTINGS.replace("  m1:", "  m11:"),
        "content/audit/audit.yaml:2:",
        "unknown scenario 'm11'; did you mean 'm1'?",
    ),
    (
        "an inactivity of no day",
        SETTINGS.replace("inactive_days: 7", "inactive_days: 0"),
        "content/audit/audit.yaml:7:",
        "expected a whole number from 1 to 366, found 0",
    ),
    (
        "a course id that is no number",
        SETTINGS.replace("inactive_days: 7", "inactive_days: 7\n        course: Module 1"),
        "content/audit/audit.yaml:8:",
        "expected a course id: the number after id= in the course's address",
    ),
    (
        "the site's front page as the course",
        SETTINGS.replace("inactive_days: 7", "inactive_days: 7\n        course: 1"),
        "content/audit/audit.yaml:8:",
        "1 is the site's front page, no course",
    ),
    (
        "a date order no one writes",
        SETTINGS.replace("inactive_days: 7", "inactive_days: 7\n        date_order: dym"),
        "content/audit/audit.yaml:8:",
        "expected one of dmy, mdy, ymd",
    ),
    (
        "no tutor at all",
        SETTINGS.replace("tutors: {Tina Tutor: tuteur}", "tutors: {}"),
        "content/audit/audit.yaml:3:",
        "with at least one tutor",
    ),
]


@pytest.mark.parametrize(
    ("settings", "where", "message"),
    [c[1:] for c in SETTING_CASES],
    ids=[c[0] for c in SETTING_CASES],
)
def test_bad_settings_are_located_in_audit_yaml(
    make_project: Callable[..., Paths], settings: str, where: str, message: str
) -> None:
    paths = make_project({"content/audit/audit.yaml": settings, "content/charter.yaml": CHARTER})
    assert_located(paths, where, message)


def test_a_tutor_whose_name_two_accounts_share_is_refused(project: Paths) -> None:
    audit = project.content / "audit/audit.yaml"
    audit.write_text(audit.read_text().replace("Tina Tutor: tuteur", f"{LEA_2.name}: tuteur"))
    (project.root / "private/log.csv").write_bytes(GOOD)
    result = run(project, ["log.csv"])
    assert result.exit_code == 1
    assert (
        f"content/audit/audit.yaml:3:14: traces.m1.tutors.{LEA_2.name}: '{LEA_2.name}' names 2"
        f" accounts: write one of '#{LEA_2.id}', '#{LEA_3.id}'"
    ) in result.output


def test_an_export_without_names_needs_tutors_by_id(project: Paths) -> None:
    (project.root / "private/log.csv").write_bytes(synthetic.standard_log(LOG))
    result = run(project, ["log.csv"])
    assert result.exit_code == 1
    assert (
        "the exports give no names: write the account 'Tina Tutor' as '#<user id>'" in result.output
    )
    audit = project.content / "audit/audit.yaml"
    audit.write_text(
        audit.read_text().replace("Tina Tutor:", "'#31':").replace("[Ad Min]", "['#2']")
    )
    assert run(project, ["log.csv"]).exit_code == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["traces"], "give a scenario and at least one export"),
        (["traces", "m1"], "give a scenario and at least one export"),
        (["traces", "m11", "x.csv"], "unknown scenario 'm11'; did you mean 'm1'?"),
    ],
)
def test_usage_errors(project: Paths, arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(main, [*arguments, "--project", str(project.root)])
    assert result.exit_code == 2 and message in result.output


def test_a_scenario_without_settings_says_what_to_write(make_project: Callable[..., Paths]) -> None:
    paths = make_project()
    result = CliRunner().invoke(main, ["traces", "m1", "x.csv", "--project", str(paths.root)])
    assert result.exit_code == 2
    assert "has no traces settings for 'm1': add traces:" in result.output


def test_a_missing_export_and_a_folder(project: Paths) -> None:
    (project.root / "private/folder").mkdir()
    result = run(project, ["nothing.csv", "folder"])
    assert result.exit_code == 1
    assert "private/nothing.csv: cannot be read: No such file or directory" in result.output
    assert "private/folder: a folder, not an export file" in result.output
