"""Charter, the tutors' handbook per role, the diffusion plan and the exports."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zoneinfo
from collections.abc import Callable

import icalendar
import pytest
from click.testing import CliRunner

from tutoral_gen.cli import main
from tutoral_gen.domain.economics import economics, scale
from tutoral_gen.domain.figures import compute
from tutoral_gen.domain.quantity import Range
from tutoral_gen.pipeline import Paths, check, generate

from .conftest import REPO, SCENARIO, html
from .test_errors import scenario, test_bad_input_is_reported_with_its_place
from .test_lifecycle import read
from .test_site import text_of

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def events(paths: Paths, role: str) -> dict[str, icalendar.Event]:
    data = (paths.site / "telechargements" / f"{role}.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["summary"]).split(" — ")[0]: e for e in calendar.events}


def test_calendar_per_role_parses_back_with_times_and_time_zone(built_example: Paths) -> None:
    tutor = events(built_example, "formateur-tuteur")
    module_1 = ["CV1", "ITC01", "ITC02", "ITC03", "ITC04", "ITC05", "ITS02", "ITS03"]
    module_2 = ["CVG", "ITC11", "ITC12", "ITS11", "ITS12", "ITS13"]
    assert sorted(tutor) == sorted(module_1 + module_2)
    # A class's event lasts the class itself, not the tutor's time with its preparation.
    cv1, cvg = tutor["CV1"], tutor["CVG"]
    assert cv1.decoded("dtend") - cv1.decoded("dtstart") == datetime.timedelta(minutes=135)
    assert cvg.decoded("dtend") - cvg.decoded("dtstart") == datetime.timedelta(minutes=75)
    its02 = tutor["ITS02"]
    assert its02.decoded("dtstart") == datetime.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
    assert its02.decoded("dtend") - its02.decoded("dtstart") == datetime.timedelta(minutes=15)
    assert tutor["CV1"].decoded("dtstart") == datetime.datetime(2026, 3, 11, 14, 0, tzinfo=PARIS)
    assert tutor["ITC04"].decoded("dtstart").date() == datetime.date(2026, 3, 13)  # phase day 12
    assert str(its02["dtstart"].params["TZID"]) == "Europe/Paris"
    raw = (built_example.site / "telechargements/formateur-tuteur.ics").read_bytes()
    assert b"BEGIN:VTIMEZONE" in raw and b"TZID:Europe/Paris" in raw
    assert sorted(events(built_example, "tuteur-administratif")) == ["ITS01", "ITS04"]
    assert not (built_example.site / "telechargements/tuteur-technique.ics").exists()


def read_csv(paths: Paths, name: str) -> list[list[str]]:
    text = (paths.site / "telechargements" / name).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_exports_parse_back(built_example: Paths) -> None:
    rows = read_csv(built_example, "interventions.csv")
    header, body = rows[0], {r[1]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    # A French handbook's CSV speaks French; the virtual class has its row beside the interventions.
    assert header[:3] == ["scénario", "réf", "intitulé"] and len(body) == (9 + 1) + (5 + 1)
    assert body["ITC04"]["minutes_min"] == "70" and body["ITC04"]["par"] == "Apprenant"
    assert body["ITC03"]["date"] == "2026-03-06" and body["ITC03"]["canal"] == "messagerie"
    assert body["CV1"]["type"] == "Classe virtuelle" and body["CV1"]["minutes_min"] == "202,5"
    sheet = read_csv(built_example, "suivi-module-1.csv")
    assert len(sheet) == 11 and sheet[0][1:] == [
        "ITS01",
        "ITS02",
        "ITS03",
        "ITS04",
        "ITC01",
        "ITC02",
        "ITC03",
        "ITC04",
        "ITC05",
    ]
    checklist = read_csv(built_example, "liste-module-1-formateur-tuteur.csv")
    assert checklist[0] == [
        "semaine",
        "jour",
        "date",
        "intervention",
        "intitulé",
        "minutes",
        "fait",
    ]
    assert [row[3] for row in checklist[1:]] == [
        "ITS02",
        "ITC02",
        "ITC03",
        "ITC05",
        "CV1",
        "ITC01",
        "ITC04",
        "ITS03",
    ]
    assert [row[0] for row in checklist[1:]] == ["1", "1", "1", "2", "2", "2", "2", "3"]
    assert checklist[5][5] == "202,5"  # the class's tutor time, a number to a French spreadsheet


def test_economic_figures_hand_computed() -> None:
    project, _, _ = check(Paths.of(REPO))
    figures = compute(project).scenarios
    roles = {r.id: r for r in project.roles}
    scenario = project.scenarios[0]
    e = economics(scenario, figures["module-1"], roles)
    assert e.role_costs["formateur-tuteur"] == Range(282, 282)  # 352.5 min x 48 €/h
    assert e.role_costs["tuteur-administratif"].min == pytest.approx(10 * 32 / 60)
    assert e.total.min == pytest.approx(282 + 16 / 3)
    assert e.per_learner.min == pytest.approx((282 + 16 / 3) / 10)
    assert e.per_course_hour.min == pytest.approx((282 + 16 / 3) / 4)
    norms = {n.id: n for n in project.norms}
    rows = {r.learners: r for r in scale(scenario, range(10, 21, 10), norms, roles)}
    # 20 learners: ITC02 2 x 20, ITC03 4 x 20 x 0.25, ITC04 7 x 20; the rest stays flat.
    # Time counts what the cost counts: every role's interventions and virtual classes.
    tutoring = 40 + 15 + 5 + 40 + 20 + 140
    assert rows[20].minutes == Range(tutoring + 202.5, tutoring + 202.5)
    assert rows[20].cost.min == pytest.approx((260 - 10 + 202.5) * 48 / 60 + 10 * 32 / 60)
    # Busiest week of the trainer-tutor: week 2 = ITC05 5 + CV1 202.5 + ITC01 15 + ITC04.
    assert rows[10].tutors["formateur-tuteur"] == 1  # 292.5 min = 4.9 h <= 6 h
    assert rows[20].tutors["formateur-tuteur"] == 2  # 362.5 min = 6.04 h > 6 h
    assert rows[20].tutors["tuteur-administratif"] == 1


def test_json_report_has_costs(example: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example.root)
    data = json.loads(CliRunner().invoke(main, ["report", "--json"]).output)["scenarios"][0]
    assert data["cost"]["min"] == pytest.approx(282 + 16 / 3)
    assert data["role_costs"]["formateur-tuteur"] == {"min": 282.0, "max": 282.0}


def test_charter_in_two_versions(built_example: Paths) -> None:
    tutors = text_of(html(built_example, "charte/tuteurs"))
    learners = text_of(html(built_example, "charte/apprenants"))
    for text in (tutors, learners):
        # The sentence spans the table's promises: the telephone's 4 h to the default's 72 h,
        # which covers the channels no request names (a row of its own).
        assert "en 4 à 72 heures, selon la demande et le canal" in text
        assert "Tout autre message Forum de présentation, Forum des annonces 24 à 72 heures" in text
        assert "Question sur le contenu du module Forum questions-réponses 24 à 48 heures" in text
    assert "Vos obligations de compte rendu" in tutors and "Votre posture" in tutors
    assert "Vos obligations de compte rendu" not in learners and "Bienvenue" in learners
    assert "ITC03 — Relancer les inactifs" in tutors
    assert 'href="../../scenarios/module-1/ITC03/"' in html(built_example, "charte/tuteurs")


def test_role_page_in_timeline_order_with_templates(built_example: Paths) -> None:
    page = html(built_example, "roles/formateur-tuteur")
    text = text_of(page).split("avec leur moment, leur durée")[-1]
    order = [
        text.index(f" {x} ")
        for x in ("ITS02", "ITC02", "ITC03", "ITC05", "ITC01", "ITC04", "ITS03")
    ]
    assert order == sorted(order)
    assert "6 mars, 17 h Étude du module ITC03 Relancer les inactifs 10 min" in text
    assert "Objet : Où en êtes-vous dans le module 1 ?" in text  # message template
    assert "Fixons ensemble une prochaine étape et une date." in text  # interview guide
    # Module 1's two templates and one guide, and the template of module 2's reused ITC12.
    assert page.count('<div class="highlight">') == 4
    assert 'href="../../telechargements/formateur-tuteur.ics"' in page
    bars = page.split('<svg class="tg-bars"')[1]
    assert "Semaine du 2\u00a0mars" in bars and "Semaine du 16\u00a0mars" in bars


def test_training_communities_followup_and_print(built_example: Paths) -> None:
    training = text_of(html(built_example, "diffusion/formation"))
    assert "La posture du tuteur à distance 3 h" in training and "Total 9 h" in training
    module = text_of(html(built_example, "diffusion/formation/posture"))
    assert "Rompre l’isolement de l’apprenant" in module and "Tour de table" in module
    community = text_of(html(built_example, "diffusion/communautes/tuteurs-parcours"))
    assert community.index("6 mars 2026") < community.index("20 mars 2026")
    meeting = text_of(html(built_example, "diffusion/communautes/tuteurs-parcours/2026-03-20"))
    assert "Bilan de la production du livrable" in meeting and "Ordre du jour" in meeting
    followup = html(built_example, "diffusion/suivi")
    # learners x interventions + checklist rows (classes too), for module 1 then module 2
    assert followup.count("☐") == (10 * 9 + 8 + 2) + (16 * 5 + 6)
    printed = html(built_example, "impression")
    assert printed.count("<h1") >= 20
    assert 'href="../scenarios/module-1/ITC03/"' in printed  # links rebased to the root


def test_channel_outside_the_charter_is_a_warning(make_project: Callable[..., Paths]) -> None:
    paths = make_project(
        {
            "content/charter.yaml": "title: Charte\nchannels: [{id: forum, title: Forum}]\n",
            "content/scenarios/m1.yaml": SCENARIO.replace("mode: proactive", "mode: reactive")
            + "    channel: mail\n",
        }
    )
    _, problems, _ = check(paths)
    assert [str(p) for p in problems] == [
        "content/scenarios/m1.yaml:13:14: warning: interventions[0].channel: the reactive"
        " intervention uses channel 'mail', which the charter does not list"
    ]
    generate(paths)


def test_absurd_but_valid_durations_still_build(make_project: Callable[..., Paths]) -> None:
    text = SCENARIO.replace("learners: 10", "learners: 10\nstart: 2026-03-02").replace(
        "minutes: 5",
        "minutes: 1000000000\n    day: 3660",  # the largest minutes allowed
    )
    paths = make_project({"content/scenarios/m1.yaml": text})
    generate(paths)  # an event past year 9999 ends where the calendar does, nothing crashes
    assert (paths.out / "docs/telechargements/tuteur.ics").is_file()


CASES = [
    (
        "unknown channel",
        {
            "content/charter.yaml": "title: C\nchannels: [{id: forum, title: F}]\n"
            "requests: [{kind: Q, channel: forom}]\n"
        },
        "content/charter.yaml:3:31: requests[0].channel: ",
        "unknown channel 'forom'; did you mean 'forum'?",
    ),
    (
        "end before start",
        scenario(
            "  - {id: debut, title: Début}",
            "  - {id: debut, title: Début, start_day: 5, end_day: 2}",
        ),
        "content/scenarios/m1.yaml:5:54: phases[0].end_day: ",
        "the phase ends (day 2) before it starts (day 5)",
    ),
    (
        "negative cost",
        {"content/roles.yaml": "roles:\n  - {id: tuteur, title: T, hourly_cost: -40}\n"},
        "content/roles.yaml:2:41: roles[0].hourly_cost: ",
        "expected a number of 0 or more, found -40",
    ),
    (
        "zero hours a week",
        {"content/roles.yaml": "roles:\n  - {id: tuteur, title: T, max_hours_per_week: 0}\n"},
        "content/roles.yaml:2:48: roles[0].max_hours_per_week: ",
        "expected a number greater than 0, found 0",
    ),
    (
        "bad start date",
        scenario("learners: 10", "learners: 10\nstart: 2026-02-30"),
        "content/scenarios/m1.yaml:4:8: start: ",
        "expected a date as YYYY-MM-DD",
    ),
    (
        "bad time",
        scenario(extra="    time: 9h30\n"),
        "content/scenarios/m1.yaml:13:11: interventions[0].time: ",
        "expected a time as HH:MM",
    ),
    (
        "unknown trained role",
        {"content/training.yaml": "modules:\n  - {id: m, title: M, minutes: 60, roles: [tutor]}\n"},
        "content/training.yaml:2:44: modules[0].roles[0]: ",
        "unknown role 'tutor'; did you mean 'tuteur'?",
    ),
    (
        "meeting file name",
        {
            "content/communities/cop.yaml": "title: CoP\n",
            "content/communities/cop/mars.md": "---\ntitle: M\n---\nx\n",
        },
        "content/communities/cop/mars.md: ",
        "the file name 'mars' must be the meeting's date",
    ),
    (
        "meetings without their community",
        {"content/communities/cop/2026-01-05.md": "---\ntitle: M\n---\nx\n"},
        "content/communities/cop/: ",
        "no communities/cop.yaml describes this community",
    ),
    (
        "too many scaling rows",
        {"content/economics.yaml": "learners: {from: 1, to: 100000, step: 1}\n"},
        "content/economics.yaml:1:39: learners.step: ",
        "expected at most 100 rows",
    ),
    (
        "scaling to < from",
        {"content/economics.yaml": "learners: {from: 50, to: 10, step: 10}\n"},
        "content/economics.yaml:1:26: learners.to: ",
        "expected 'to' of at least 'from' (50)",
    ),
]


@pytest.mark.parametrize(
    ("files", "where", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_diffusion_input_is_reported_with_its_place(
    make_project: Callable[..., Paths], files: dict[str, str | bytes], where: str, message: str
) -> None:
    test_bad_input_is_reported_with_its_place(make_project, files, where, message)


def french_cell(cell: str) -> float | str:
    """A cell as a French spreadsheet (LibreOffice Calc, fr-FR) reads it: a decimal comma makes
    a number; a decimal point leaves text (``7.5`` is not a number there)."""
    if re.fullmatch(r"-?\d+(,\d+)?", cell):
        return float(cell.replace(",", "."))
    return cell


def test_french_csv_exports_read_as_numbers(built_example: Paths) -> None:
    names = sorted(p.name for p in (built_example.site / "telechargements").glob("*.csv"))
    assert len(names) >= 5
    for name in names:
        for row in read_csv(built_example, name)[1:]:
            points = [cell for cell in row if re.fullmatch(r"-?\d+\.\d+", cell)]
            assert points == [], f"{name}: {points} would be text to a French spreadsheet"
    # Read back the French way, the trainer-tutor's checklist adds up to the role's time.
    checklist = read_csv(built_example, "liste-module-1-formateur-tuteur.csv")
    total = sum(float(french_cell(row[5])) for row in checklist[1:])
    module = next(s for s in read(built_example)["scenarios"] if s["id"] == "module-1")
    assert total == module["roles"]["formateur-tuteur"]["max"]
