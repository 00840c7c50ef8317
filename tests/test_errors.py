"""Every mistake a user can make in content/: one located line each, all reported at once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner

from tutoral_gen.cli import main
from tutoral_gen.errors import ContentError
from tutoral_gen.pipeline import Paths, check, generate

from .conftest import SCENARIO

M1 = "content/scenarios/m1.yaml"


def scenario(old: str = "", new: str = "", extra: str = "") -> dict[str, str | bytes]:
    assert old in SCENARIO
    return {M1: SCENARIO.replace(old, new, 1) + extra}


CASES = [
    # (case id, files, expected "file:line:column: field: " prefix, expected words of the message)
    (
        "unknown key",
        scenario("minutes: 5", "minuts: 5"),
        f"{M1}:12:5: interventions[0].minuts: ",
        "unknown field 'minuts'; did you mean 'minutes'?",
    ),
    (
        "duplicate key",
        scenario(extra="    minutes: 6\n"),
        f"{M1}:13:5: ",
        "duplicate key 'minutes'",
    ),
    (
        "duplicate id",
        scenario(
            extra="  - {id: I1, title: B, kind: structural, mode: reactive,"
            " role: tuteur, minutes: 3}\n"
        ),
        f"{M1}:13:10: interventions[1].id: ",
        "duplicate intervention id 'I1'",
    ),
    (
        "wrong type",
        scenario("learners: 10", "learners: dix"),
        f"{M1}:3:11: learners: ",
        "expected a whole number from 1 to 1 000 000, found 'dix'",
    ),
    (
        "absurd learners",
        scenario("learners: 10", "learners: 99999999999"),
        f"{M1}:3:11: learners: ",
        "expected a whole number from 1 to 1 000 000, found 99999999999",
    ),
    (
        "float learners",
        scenario("learners: 10", "learners: 10.5"),
        f"{M1}:3:11: learners: ",
        "expected a whole number from 1 to 1 000 000, found 10.5",
    ),
    (
        "negative",
        scenario("minutes: 5", "minutes: -5"),
        f"{M1}:12:14: interventions[0].minutes: ",
        "expected a number greater than 0, found -5",
    ),
    (
        "zero",
        scenario("course_minutes: 240", "course_minutes: 0"),
        f"{M1}:2:17: course_minutes: ",
        "expected a number greater than 0, found 0",
    ),
    (
        "boolean as number",
        scenario("minutes: 5", "minutes: true"),
        f"{M1}:12:14: interventions[0].minutes: ",
        "expected a number, found true",
    ),
    (
        "range min > max",
        scenario("minutes: 5", "minutes: [10, 5]"),
        f"{M1}:12:14: interventions[0].minutes: ",
        "expected a range [min, max] with min <= max",
    ),
    (
        "range of three",
        scenario("minutes: 5", "minutes: [1, 2, 3]"),
        f"{M1}:12:14: interventions[0].minutes: ",
        "expected a range of two numbers",
    ),
    (
        "unknown norm",
        scenario("minutes: 5", "norm: proactiv-message"),
        f"{M1}:12:11: interventions[0].norm: ",
        "unknown norm 'proactiv-message'; did you mean 'proactive-message'?",
    ),
    (
        "unknown role",
        scenario("role: tuteur", "role: tuteurr"),
        f"{M1}:11:11: interventions[0].role: ",
        "unknown role 'tuteurr'; did you mean 'tuteur'?; expected one of: tuteur, admin",
    ),
    (
        "unknown phase",
        scenario(extra="    phase: debu\n"),
        f"{M1}:13:12: interventions[0].phase: ",
        "unknown phase 'debu'; did you mean 'debut'?",
    ),
    (
        "misspelt kind",
        scenario("kind: structural", "kind: structurel"),
        f"{M1}:9:11: interventions[0].kind: ",
        "expected one of structural, conjunctural, found 'structurel'; did you mean 'structural'?",
    ),
    (
        "kind in French",
        scenario("kind: structural", "kind: Structurelle"),
        f"{M1}:9:11: interventions[0].kind: ",
        "found 'Structurelle'; did you mean 'structural'?",
    ),
    (
        "per in French",
        scenario(extra="    per: apprenants\n"),
        f"{M1}:13:10: interventions[0].per: ",
        "found 'apprenants'; did you mean 'learner'?",
    ),
    (
        "mode in French",
        scenario("mode: proactive", "mode: réactive"),
        f"{M1}:10:11: interventions[0].mode: ",
        "found 'réactive'; did you mean 'reactive'?",
    ),
    (
        "course minutes of 400 digits",
        scenario("course_minutes: 240", "course_minutes: " + "9" * 400),
        f"{M1}:2:17: course_minutes: ",
        "expected a number, found '999",
    ),
    (
        "an integer of 5000 digits",
        scenario("learners: 10", "learners: " + "7" * 5000),
        f"{M1}:3:11: learners: ",
        "expected a whole number from 1 to 1 000 000, found '777",
    ),
    (
        "minutes beyond any course",
        scenario("minutes: 5", "minutes: 1e308\n    count: 1e308"),
        f"{M1}:12:14: interventions[0].minutes: ",
        "expected a number of at most 1 000 000 000, found 1e+308",
    ),
    (
        "course minutes too small to divide by",
        scenario("course_minutes: 240", "course_minutes: 5e-324"),
        f"{M1}:2:17: course_minutes: ",
        "expected a number of at least 0.000001, found 5e-324",
    ),
    (
        "a title of a million characters",
        scenario("title: M1", "title: " + "x" * 1_000_000),
        f"{M1}:1:8: title: ",
        "expected a text of at most 300 characters, found 'xxx",
    ),
    (
        "a value nested ten thousand levels deep",
        scenario("title: M1", "title: " + "[" * 10_000 + "]" * 10_000),
        f"{M1}",
        "nested too deeply",
    ),
    (
        "minutes and norm",
        scenario(extra="    norm: reading\n"),
        f"{M1}:7:5: interventions[0]: ",
        "expected either 'minutes' or 'norm' (one of the two), found both",
    ),
    (
        "neither minutes nor norm",
        scenario("    minutes: 5\n", ""),
        f"{M1}:7:5: interventions[0]: ",
        "found neither",
    ),
    (
        "per group without groups",
        scenario(extra="    per: group\n"),
        f"{M1}:13:10: interventions[0].per: ",
        "'per: group' needs the scenario's 'groups'",
    ),
    (
        "share without per learner",
        scenario(extra="    share: 0.5\n"),
        f"{M1}:13:12: interventions[0].share: ",
        "'share' applies only with 'per: learner'",
    ),
    (
        "share above 1",
        scenario(extra="    per: learner\n    share: 1.5\n"),
        f"{M1}:14:12: interventions[0].share: ",
        "expected a fraction greater than 0 and at most 1",
    ),
    (
        "missing field",
        scenario("    title: Accueillir\n", ""),
        f"{M1}:7:5: interventions[0].title: ",
        "required field is missing",
    ),
    (
        "bad id",
        scenario("id: I1", "id: I 1"),
        f"{M1}:7:9: interventions[0].id: ",
        "expected an id made of letters, digits, '-' or '_'",
    ),
    ("empty file", {M1: "# nothing yet\n"}, f"{M1}:1:1: ", "the file is empty"),
    ("invalid YAML", {M1: "title: [M1\n"}, f"{M1}:2:1: ", "invalid YAML"),
    ("not a mapping", {M1: "- a\n- b\n"}, f"{M1}: ", "expected a mapping of 'key: value' lines"),
    (
        "alias",
        scenario("learners: 10", "learners: &n 10", "groups: *n\n"),
        f"{M1}:3:11: ",
        "anchors and aliases (&name, *name, <<) are not allowed",
    ),
    ("tab indentation", {M1: "title: M1\n\tlearners: 3\n"}, f"{M1}:2:1: ", "invalid YAML"),
    (
        "unknown top file",
        {"content/role.yaml": "roles: []\n"},
        "content/role.yaml: ",
        "unknown file; did you mean 'roles.yaml'?",
    ),
    (
        "stray body",
        {"content/scenarios/m1/I2.md": "x\n"},
        f"{M1}: ",
        "the body file I2.md matches no intervention",
    ),
    (
        "body without scenario",
        {"content/scenarios/m2/I1.md": "x\n"},
        "content/scenarios/m2/I1.md: ",
        "no scenario file matches this folder",
    ),
    (
        "missing roles file",
        {"content/roles.yaml": b""},
        "content/roles.yaml:1:1: ",
        "the file is empty",
    ),
    (
        "unknown role field",
        {"content/roles.yaml": "roles:\n  - {id: tuteur, titre: T}\n"},
        "content/roles.yaml:2:18: roles[0].titre: ",
        "unknown field 'titre'",
    ),
    ("not UTF-8", {M1: "title: caf\xe9\n".encode("latin-1")}, f"{M1}: ", "not UTF-8 text"),
    (
        "bad language",
        {"content/project.yaml": "title: T\nlanguage: de\n"},
        "content/project.yaml:2:11: language: ",
        "expected one of fr, en, found 'de'",
    ),
    (
        "a currency that is a number",
        {"content/project.yaml": "title: T\ncurrency: 978\n"},
        "content/project.yaml:2:11: currency: ",
        "expected a currency symbol or code (€, EUR, CHF), found 978",
    ),
    (
        "a currency of thousands of digits (YAML reads them as text)",
        {"content/project.yaml": "title: T\ncurrency: " + "9" * 5000 + "\n"},
        "content/project.yaml:2:11: currency: ",
        "expected a currency symbol or code (€, EUR, CHF) of at most 8 characters, found '999",
    ),
    (
        "a title of thousands of digits",
        scenario("title: M1", "title: " + "9" * 5000),
        f"{M1}:1:8: title: ",
        "expected a text of at most 300 characters, found '999",
    ),
    (
        "duplicate id across scenarios",
        {"content/scenarios/m2.yaml": SCENARIO.replace("title: M1", "title: M2")},
        "content/scenarios/m2.yaml:7:9: interventions[0].id: ",
        "duplicate intervention id 'I1' (also in content/scenarios/m1.yaml)",
    ),
    (
        "scenario file name",
        {"content/scenarios/mod 2.yaml": SCENARIO},
        "content/scenarios/mod 2.yaml: ",
        "the file name 'mod 2' must be an id",
    ),
    (
        "reserved page name",
        {"content/pages/index.md": "# Home\n"},
        "content/pages/index.md: ",
        "'index.md' is a path the generated handbook uses",
    ),
    (
        "page in the folder a generated page is served from",
        {"content/pages/normes/index.md": "# Normes\n"},
        "content/pages/normes/index.md: ",
        "'normes' is a path the generated handbook uses",
    ),
    (
        "reserved folder in another case",
        {"content/pages/Scenarios/a.md": "# A\n"},
        "content/pages/Scenarios/a.md: ",
        "'scenarios' is a path the generated handbook uses",
    ),
    (
        "id with a trailing newline",
        {"content/roles.yaml": 'roles:\n  - {id: "tuteur\\n", title: Tuteur}\n'},
        "content/roles.yaml:2:",
        "expected an id made of letters",
    ),
    (
        "virtual class role",
        scenario(extra="virtual_classes:\n  - {id: CV1, minutes: 60, role: prof}\n"),
        f"{M1}:14:34: virtual_classes[0].role: ",
        "unknown role 'prof'",
    ),
]


@pytest.mark.parametrize(
    ("files", "where", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_reported_with_its_place(
    make_project: Callable[..., Paths], files: dict[str, str | bytes], where: str, message: str
) -> None:
    assert_located(make_project(files), where, message)


def assert_located(paths: Paths, where: str, message: str) -> None:
    """``check`` fails, and one of its lines starts with ``where`` and holds ``message``."""
    with pytest.raises(ContentError) as caught:
        check(paths)
    lines = [str(p) for p in caught.value.problems]
    assert any(line.startswith(where) and message in line for line in lines), "\n".join(lines)


def test_every_problem_is_reported_at_once(make_project: Callable[..., Paths]) -> None:
    text = SCENARIO.replace("learners: 10", "learners: 0").replace("role: tuteur", "role: x")
    text += "    phase: nowhere\n    title: twice\n"
    paths = make_project({M1: text, "content/role.yaml": "a: 1\n"})
    with pytest.raises(ContentError) as caught:
        check(paths)
    fields = {p.field for p in caught.value.problems}
    assert {"learners", "interventions[0].role", "interventions[0].phase"} <= fields
    assert any(p.file == "content/role.yaml" for p in caught.value.problems)
    assert any(p.message == "duplicate key 'title'" and p.line == 14 for p in caught.value.problems)


def test_check_exits_1_with_one_line_per_problem_and_no_traceback(
    make_project: Callable[..., Paths], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = make_project(scenario("minutes: 5", "minutes: -1"))
    monkeypatch.chdir(paths.root)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        f"{M1}:12:14: interventions[0].minutes: expected a number greater than 0" in result.output
    )


def test_usage_error_exits_2(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(str(tmp_path))
    assert CliRunner().invoke(main, ["check", "nowhere"]).exit_code == 2
    assert CliRunner().invoke(main, ["build"]).exit_code == 2
    assert CliRunner().invoke(main, ["report", "--jsn"]).exit_code == 2


def test_alias_bomb_fails_fast(make_project: Callable[..., Paths]) -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for n in range(ord("b"), ord("k")):
        previous = chr(n - 1)
        bomb += f"{chr(n)}: &{chr(n)} [" + ",".join([f"*{previous}"] * 9) + "]\n"
    paths = make_project({M1: bomb})
    # Walked, this bomb is 9**10 strings: the test finishing at all is the proof it was refused.
    with pytest.raises(ContentError) as caught:
        generate(paths)
    assert "anchors and aliases" in str(caught.value.problems[0])
    assert not paths.out.exists()


SYSTEM = """\
priorities:
  plans: {cognitive: high}
needs:
  - id: B1
    title: Besoin
    scores:
      institution: {gravity: 3, occurrence: 3}
    answered_by: [I1]
constraints:
  factors:
    - {id: temps, title: Temps}
    - {id: outils, title: Outils}
    - {id: comp, title: Compétences}
  scores:
    I1: {temps: 1, outils: 2, comp: 1}
"""
"""Line 15 holds the scores of I1; line 7 the institution's view of B1."""

S = "content/system.yaml"
LOG = "content/audit/log.csv"
HEADER = "date,scenario,role,intervention,learner,minutes\n"


def system(old: str = "", new: str = "") -> dict[str, str | bytes]:
    assert old in SYSTEM
    return {S: SYSTEM.replace(old, new, 1)}


def log(row: str, audit: str = "grid: [{id: C1, title: Critère}]\n") -> dict[str, str | bytes]:
    return {"content/audit/audit.yaml": audit, LOG: HEADER + row + "\n"}


SYSTEM_CASES = [
    (
        "score 0",
        system("temps: 1, outils", "temps: 0, outils"),
        f"{S}:15:17: constraints.scores.I1.temps: ",
        "expected a whole number from 1 to 4, found 0",
    ),
    (
        "score 5",
        system("gravity: 3", "gravity: 5"),
        f"{S}:7:30: needs[0].scores.institution.gravity: ",
        "expected a whole number from 1 to 4",
    ),
    (
        "unknown factor",
        system("temps: 1, outils", "tmps: 1, outils"),
        f"{S}:15:10: constraints.scores.I1.tmps: ",
        "unknown field 'tmps'; did you mean 'temps'?",
    ),
    (
        "unknown scored intervention",
        system("    I1: {", "    I9: {"),
        f"{S}:15:5: constraints.scores.I9: ",
        "unknown intervention 'I9'",
    ),
    (
        "unknown answer",
        system("answered_by: [I1]", "answered_by: [I2]"),
        f"{S}:8:19: needs[0].answered_by[0]: ",
        "unknown intervention or objective 'I2'",
    ),
    (
        "unknown view",
        system("institution:", "institutoin:"),
        f"{S}:7:7: needs[0].scores.institutoin: ",
        "unknown view 'institutoin'; did you mean 'institution'?",
    ),
    (
        "unknown plan",
        system("{cognitive: high}", "{cognitiv: high}"),
        f"{S}:2:11: priorities.plans.cognitiv: ",
        "unknown support plan 'cognitiv'; did you mean 'cognitive'?",
    ),
    (
        "bad priority",
        system("{cognitive: high}", "{cognitive: haute}"),
        f"{S}:2:22: priorities.plans.cognitive: ",
        "expected one of high, medium, low, none, found 'haute'",
    ),
    (
        "two factors",
        system("    - {id: comp, title: Compétences}\n", ""),
        f"{S}:11:5: constraints.factors: ",
        "expected 3 factors or more, found 2",
    ),
    (
        "unknown objective",
        scenario(extra="    objectives: [cognitive-welcom]\n"),
        f"{M1}:13:18: interventions[0].objectives[0]: ",
        "unknown objective 'cognitive-welcom'; did you mean 'cognitive-welcome'?",
    ),
    (
        "unknown function",
        {"content/roles.yaml": "roles:\n  - {id: tuteur, title: T, functions: [pedagogie]}\n"},
        "content/roles.yaml:2:40: roles[0].functions[0]: ",
        "unknown function 'pedagogie'; did you mean 'pedagogy'?",
    ),
    (
        "bad date",
        log("2026-02-30,,tuteur,I1,,5"),
        f"{LOG}:2:1: date: ",
        "expected a date as YYYY-MM-DD, found '2026-02-30'",
    ),
    (
        "unknown logged intervention",
        log("2026-03-02,,tuteur,I7,,5"),
        f"{LOG}:2:20: intervention: ",
        "unknown intervention or virtual class 'I7'",
    ),
    (
        "negative minutes",
        log("2026-03-02,,tuteur,I1,,-5"),
        f"{LOG}:2:24: minutes: ",
        "expected a number of minutes greater than 0, found '-5'",
    ),
    ("missing column", log("2026-03-02,,tuteur,I1,5"), f"{LOG}:2:1: ", "expected 6 columns"),
    (
        "unknown logged role",
        log("2026-03-02,,tutuer,I1,,5"),
        f"{LOG}:2:13: role: ",
        "unknown role 'tutuer'; did you mean 'tuteur'?",
    ),
    (
        "unplanned without scenario",
        log("2026-03-02,,tuteur,,,5"),
        f"{LOG}:2:12: scenario: ",
        "unplanned work (no intervention) needs its scenario",
    ),
    (
        "bad header",
        {"content/audit/audit.yaml": "questions: [Q]\n", LOG: "date,role,minutes\n"},
        f"{LOG}:1:1: ",
        "expected the header",
    ),
    (
        "finding criterion",
        {
            "content/audit/audit.yaml": "grid: [{id: C1, title: C}]\n",
            "content/audit/findings/f1.md": "---\ntitle: F\ncriteria: [C2]\n---\nX\n",
        },
        "content/audit/findings/f1.md:3:12: criteria[0]: ",
        "unknown criterion 'C2'",
    ),
    (
        "finding figure",
        {
            "content/audit/audit.yaml": "grid: [{id: C1, title: C}]\n",
            "content/audit/findings/f1.md": "---\ntitle: F\nfigures: [m1:ratee]\n---\n",
        },
        "content/audit/findings/f1.md:3:11: figures[0]: ",
        "unknown figure 'm1:ratee'",
    ),
]


@pytest.mark.parametrize(
    ("files", "where", "message"), [c[1:] for c in SYSTEM_CASES], ids=[c[0] for c in SYSTEM_CASES]
)
def test_bad_system_and_audit_input_is_reported_with_its_place(
    make_project: Callable[..., Paths], files: dict[str, str | bytes], where: str, message: str
) -> None:
    test_bad_input_is_reported_with_its_place(make_project, files, where, message)


def test_bad_log_rows_are_skipped_only_when_asked(
    make_project: Callable[..., Paths], monkeypatch: pytest.MonkeyPatch
) -> None:
    audit = "log: {skip_bad_rows: true}\n"
    paths = make_project(log("2026-02-30,,tuteur,I1,,5\n2026-03-02,,tuteur,I1,,5", audit))
    project, problems, _ = check(paths)
    assert [str(p) for p in problems] == [
        f"{LOG}:2:1: warning: date: expected a date as YYYY-MM-DD, found '2026-02-30'"
        " (row skipped: skip_bad_rows is true)"
    ]
    assert project.audit is not None and [e.line for e in project.audit.log] == [3]


def test_check_warns_about_open_objectives_and_critical_needs(
    make_project: Callable[..., Paths], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = SYSTEM.replace("    answered_by: [I1]\n", "").replace("gravity: 3", "gravity: 4")
    paths = make_project({S: text})
    monkeypatch.chdir(paths.root)
    summarised = CliRunner().invoke(main, ["check"])
    assert summarised.exit_code == 0, summarised.output
    # Alike warnings share one line by default, with their count; --verbose lists each.
    assert (
        f"{S}: warning: 7 × prioritised objective … is served by no intervention (line 2);"
        " --verbose lists each one"
    ) in summarised.output
    result = CliRunner().invoke(main, ["check", "--verbose"])
    assert result.exit_code == 0, result.output
    assert (
        f"{S}:2:22: warning: priorities.plans.cognitive: prioritised objective"
        " 'cognitive-welcome' (Informer sur le dispositif de formation) is served by no"
        " intervention"
    ) in result.output
    assert (
        f"{S}:4:5: warning: needs[0]: need 'B1' has criticality 12 (>= 9) and nothing answers it"
    ) in result.output
