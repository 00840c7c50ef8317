"""``tutoral traces --pseudonymise IN OUT``: a copy without anyone recognisable, whose figures are
those of the original, with the same pseudonyms every time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tutoral_gen.cli import main
from tutoral_gen.pipeline import Paths

from . import synthetic
from .test_privacy import distinctive
from .test_traces import CHARTER, SETTINGS, TINA

LEARNERS = distinctive(6)


@pytest.fixture
def project(make_project: Callable[..., Paths]) -> Paths:
    paths = make_project({"content/audit/audit.yaml": SETTINGS, "content/charter.yaml": CHARTER})
    (paths.root / "private").mkdir()
    return paths


def course() -> list[synthetic.Row]:
    import datetime

    return synthetic.simulate(
        synthetic.Course(
            learners=LEARNERS,
            tutors=[TINA],
            admin=synthetic.Person(2, "Ad Min", "10.0.0.2"),
            start=datetime.datetime(2026, 3, 2, 8, 0),
            days=12,
            seed=3,
            questions=0.3,
        )
    )


def measured(paths: Paths, export: Path) -> str:
    result = CliRunner().invoke(main, ["traces", "m1", str(export), "-q", "-p", str(paths.root)])
    assert result.exit_code == 0, result.output
    return (paths.content / "audit/traces/m1.yaml").read_text(encoding="utf-8")


def pseudonymise(paths: Paths, source: Path, target: Path) -> str:
    result = CliRunner().invoke(
        main, ["traces", "--pseudonymise", str(source), str(target), "-p", str(paths.root)]
    )
    assert result.exit_code == 0, result.output
    return target.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("name", "write"),
    [
        ("logs.csv", lambda rows: synthetic.moodle_csv(rows, "Europe/Paris", "fr")),
        ("standard.csv", synthetic.standard_log),
        ("statements.jsonl", synthetic.xapi_lines),
    ],
)
def test_the_copy_names_no_one_and_measures_the_same(
    project: Paths, name: str, write: Callable[[list[synthetic.Row]], bytes]
) -> None:
    if name == "standard.csv":  # no names in the table: the settings name accounts by id
        audit = project.content / "audit/audit.yaml"
        audit.write_text(
            audit.read_text().replace("Tina Tutor:", "'#31':").replace("[Ad Min]", "['#2']")
        )
    source = project.root / "private" / name
    source.write_bytes(write(course()))
    original = measured(project, source)
    copy = pseudonymise(project, source, project.root / "private" / f"copy-{name}")
    for person in LEARNERS:
        for secret in (person.name, f"'{person.id}'", f'"{person.id}"', person.ip, person.email):
            assert secret not in copy, secret
    assert str(TINA.id) in copy  # a declared tutor keeps their id
    assert measured(project, project.root / "private" / f"copy-{name}") == original


def test_pseudonyms_are_stable_and_shared_across_files(project: Paths) -> None:
    rows = course()
    whole = project.root / "private/whole.csv"
    part = project.root / "private/part.csv"
    whole.write_bytes(synthetic.moodle_csv(rows, "Europe/Paris"))
    part.write_bytes(synthetic.moodle_csv(rows[: len(rows) // 3], "Europe/Paris"))
    first = pseudonymise(project, whole, project.root / "private/a.csv")
    again = pseudonymise(project, whole, project.root / "private/b.csv")
    assert first == again
    other = pseudonymise(project, part, project.root / "private/c.csv")
    assert set(other.splitlines()[1:]) <= set(first.splitlines()[1:])  # the same rows, alike
    assert "Tina Tutor" in first and "Personne " in first


def test_the_names_in_an_event_s_context_go_too(project: Paths) -> None:
    rows = course()
    viewer, viewed = LEARNERS[0], LEARNERS[1]
    rows.append(
        synthetic.Row(
            rows[-1].time,
            viewer,
            f"The user with id '{viewer.id}' viewed the profile for the user with id"
            f" '{viewed.id}'.",
            "User profile viewed",
            f"User: {viewed.name}",
            "System",
            viewed,
        )
    )
    source = project.root / "private/logs.csv"
    source.write_bytes(synthetic.moodle_csv(rows, "Europe/Paris"))
    copy = pseudonymise(project, source, project.root / "private/copy.csv")
    assert viewed.name not in copy and "User: Personne " in copy


def test_the_copy_may_not_go_into_content(project: Paths) -> None:
    source = project.root / "private/logs.csv"
    source.write_bytes(synthetic.moodle_csv(course(), "Europe/Paris"))
    result = CliRunner().invoke(
        main,
        [
            "traces",
            "--pseudonymise",
            str(source),
            str(project.content / "pages/x.csv"),
            "-p",
            str(project.root),
        ],
    )
    assert result.exit_code == 2 and "inside content/" in result.output
