"""``tutoral traces --pseudonymise IN OUT``: a copy without anyone recognisable, whose figures are
those of the original, with the same pseudonyms every time."""

from __future__ import annotations

import csv
import io
import json
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


Places = tuple[list[list[str]], list[list[str]], list[list[str]]]
"""Per row of an export or its copy: the user ids, the names, the IP and e-mail addresses."""


def download_places(text: str) -> Places:
    """Moodle's download (the copy of any of its forms is its CSV): the ids the Description
    sentences carry, the name columns, the IP address column."""
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]
    ids = [[part.split("'")[0] for part in row[6].split("user with id '")[1:]] for row in table]
    return ids, [[row[1], row[2]] for row in table], [[row[8]] for row in table]


ID_COLUMNS = ("userid", "relateduserid", "realuserid")


def standard_places(text: str) -> Places:
    """The standard log table as CSV: its three id columns and its IP address column."""
    table = list(csv.DictReader(io.StringIO(text)))
    return [[row[c] for c in ID_COLUMNS] for row in table], [], [[row["ip"]] for row in table]


def xapi_places(text: str) -> Places:
    """xAPI statements: the actor's account name, name and mailbox."""
    actors = [json.loads(line)["actor"] for line in text.splitlines() if line.strip()]
    ids = [[actor["account"]["name"]] for actor in actors]
    names = [[actor.get("name", "")] for actor in actors]
    contacts = [
        [actor.get(key, "") for key in ("mbox", "mbox_sha1sum", "openid")] for actor in actors
    ]
    return ids, names, contacts


def standard_table(rows: list[synthetic.Row]) -> list[dict[str, str]]:
    """The standard log table with ``realuserid`` too: a learner's id where someone acted as
    them (\"log in as\")."""
    table = list(csv.DictReader(io.StringIO(synthetic.standard_log(rows).decode("utf-8"))))
    for n, row in enumerate(table):
        row["realuserid"] = row["userid"] if n % 5 == 0 else ""
    return table


def standard_csv(rows: list[synthetic.Row], path: Path) -> None:
    table = standard_table(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def standard_json(rows: list[synthetic.Row], path: Path) -> None:
    """The table as a database tool exports it to JSON: numbers as numbers, NULL as null."""
    numeric = (*ID_COLUMNS, "id", "timecreated", "contextinstanceid", "courseid")
    table = [
        {k: (int(v) if v else None) if k in numeric else v for k, v in row.items()}
        for row in standard_table(rows)
    ]
    path.write_text(json.dumps(table), encoding="utf-8")


def _bytes(
    write: Callable[[list[synthetic.Row]], bytes],
) -> Callable[[list[synthetic.Row], Path], object]:
    return lambda rows, path: path.write_bytes(write(rows))


FORMATS = {
    "logs.csv": (_bytes(lambda r: synthetic.moodle_csv(r, "Europe/Paris", "fr")), download_places),
    "logs.xlsx": (lambda r, p: synthetic.moodle_xlsx(r, "Europe/Paris", p), download_places),
    "logs.json": (_bytes(lambda r: synthetic.moodle_json(r, "Europe/Paris")), download_places),
    "standard.csv": (standard_csv, standard_places),
    "standard.json": (standard_json, standard_places),
    "statements.jsonl": (_bytes(synthetic.xapi_lines), xapi_places),
}
"""Each form of export, how the test writes it, and where its copy keeps people."""


def original_places(name: str, rows: list[synthetic.Row]) -> Places:
    """The places of the export as written (the download's forms hold the same cells)."""
    if name.startswith("logs."):
        return download_places(synthetic.moodle_csv(rows, "Europe/Paris").decode("utf-8"))
    if name.startswith("standard."):
        out = io.StringIO()
        table = standard_table(rows)
        writer = csv.DictWriter(out, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
        return standard_places(out.getvalue())
    return xapi_places(synthetic.xapi_lines(rows).decode("utf-8"))


def assert_renamed(before: list[list[str]], after: list[list[str]]) -> None:
    """Each learner's id became one new id, the same everywhere, no one's original id; the
    declared tutor kept theirs, and what is no one (0, empty) stayed."""
    assert [len(row) for row in before] == [len(row) for row in after]
    became: dict[str, set[str]] = {}
    for old_row, new_row in zip(before, after, strict=True):
        for old, new in zip(old_row, new_row, strict=True):
            became.setdefault(old, set()).add(new)
    learners = {str(p.id) for p in LEARNERS}
    assert learners <= became.keys()  # every learner is in the export: the test can fail
    assert all(len(new) == 1 for new in became.values()), "one id, several pseudonyms"
    new_ids = {next(iter(became[old])) for old in learners}
    assert len(new_ids) == len(learners), "two learners, one pseudonym"
    assert not new_ids & became.keys(), sorted(new_ids & became.keys())  # no original id kept
    assert became[str(TINA.id)] == {str(TINA.id)}
    assert all(became[old] == {old} for old in ("", "0") if old in became)


@pytest.mark.parametrize("name", list(FORMATS))
def test_the_copy_names_no_one_and_measures_the_same(project: Paths, name: str) -> None:
    """The copy is read as its format, not searched as text: its id places (the Description
    sentences, the standard log's userid, relateduserid and realuserid, the statements'
    accounts) hold new ids, its name places pseudonyms, its address places nothing."""
    if name.startswith("standard."):  # no names in the table: the settings name accounts by id
        audit = project.content / "audit/audit.yaml"
        audit.write_text(
            audit.read_text().replace("Tina Tutor:", "'#31':").replace("[Ad Min]", "['#2']")
        )
    write, places = FORMATS[name]
    rows = course()
    source = project.root / "private" / name
    write(rows, source)
    original = measured(project, source)
    copy = pseudonymise(project, source, project.root / "private" / f"copy-{name}")
    ids, names, contacts = places(copy)
    old_ids, old_names, _ = original_places(name, rows)
    assert_renamed(old_ids, ids)
    learner_names = {p.name for p in LEARNERS}
    for old_row, new_row in zip(old_names, names, strict=True):
        for old, new in zip(old_row, new_row, strict=True):
            assert new not in learner_names
            kept = old in (TINA.name, "Ad Min", "-", "")  # declared accounts, no one
            assert new == old if kept else new.startswith("Personne "), (old, new)
    assert {cell for row in contacts for cell in row} <= {""}
    for person in LEARNERS:  # and nowhere else either
        for secret in (person.name, person.ip, person.email):
            assert secret not in copy, secret
    again = measured(project, project.root / "private" / f"copy-{name}")
    assert _figures(again) == _figures(original)


def _figures(aggregate: str) -> str:
    """The aggregates without the export's format, which the copy may change (an Excel or JSON
    download is copied as CSV, the standard log table as CSV)."""
    return "\n".join(line for line in aggregate.splitlines() if "{format: " not in line)


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
