"""Privacy by construction: a log full of distinctive names, user ids, e-mail and IP addresses is
measured, a named questionnaire download read (one free answer naming a learner), and the whole
handbook built with its documents; no output file (the committed aggregates, build/, site/
with its search index and downloads, report --json) holds any of them, nor any document (PDF)
in its text, bookmarks, links or metadata (information dictionary and XMP), which are read
back, since a PDF's bytes are compressed. Only the follow-up list and the free answers to
review, in private/, name people, which the test checks too, and a canary written as the
organisation must be found in every document's text and metadata, so that it can fail."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pypdf
from click.testing import CliRunner

from tutoral_gen.cli import main
from tutoral_gen.pipeline import check

from . import synthetic
from .conftest import copy_example


def distinctive(count: int) -> list[synthetic.Person]:
    """Learners no output could name by chance: odd names, seven-digit ids, rare addresses."""
    syllables = ["zor", "qua", "vex", "blim", "thra", "oxu", "pyl", "grend"]
    out = []
    for n in range(count):
        first = (syllables[n % 8] + syllables[(n * 3 + 1) % 8]).capitalize()
        last = (syllables[(n * 5 + 2) % 8] + syllables[(n + 4) % 8] + "ix").capitalize()
        ident = 9_736_401 + n * 7
        out.append(
            synthetic.Person(
                ident,
                f"{first} {last}-{n}",
                f"10.213.{77 + n}.{190 - n}",
                f"{first}.{last}{n}@mail.test".lower(),
            )
        )
    return out


CANARY = "Organisme Qwyxz-Canari"
"""Written as the organisation: on each document's cover and in its metadata (author)."""


def pdf_strings(path: Path) -> dict[str, str]:
    """What a reader of a document can see or read out of it, by where: its pages' text (spaces
    folded, so that a name broken over two lines reads whole), bookmarks, link targets, its
    information dictionary (title, author, subject, keywords...) and its XMP metadata."""
    reader = pypdf.PdfReader(path)
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    links = [
        str(annotation.get_object().get("/A", {}).get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots") or []
    ]
    titles: list[str] = []

    def walk(items: Sequence[object]) -> None:
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(str(getattr(item, "title", "")))

    walk(reader.outline)
    info = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
    root: Any = reader.trailer["/Root"]
    xmp = root.get("/Metadata")
    return {
        "text": text,
        "bookmarks": "\n".join(titles),
        "links": "\n".join(links),
        "metadata": json.dumps(info, ensure_ascii=False),
        "xmp": xmp.get_object().get_data().decode("utf-8", "replace") if xmp else "",
    }


def test_no_output_holds_a_name_an_id_or_an_address(tmp_path: Path) -> None:
    learners = distinctive(12)
    course = synthetic.Course(
        learners=learners,
        tutors=[
            synthetic.Person(31, "Claire Martin", "10.99.0.31"),
            synthetic.Person(32, "Paul Leroy", "10.99.0.32"),
        ],
        admin=synthetic.Person(2, "Admin Moodle", "10.99.0.2"),
        start=datetime.datetime(2026, 3, 2, 8, 0),
        days=19,
        seed=5,
        questions=0.2,
    )
    rows = synthetic.simulate(course)
    # An e-mail address where a site shows it as the name, and a person named in a context.
    rows.append(
        synthetic.Row(
            rows[-1].time,
            learners[0],
            f"The user with id '{learners[0].id}' viewed the profile for"
            f" the user with id '{learners[1].id}'.",
            "User profile viewed",
            f"User: {learners[1].name}",
            "System",
            learners[1],
        )
    )
    paths = copy_example(tmp_path)
    private = tmp_path / "private"
    private.mkdir()
    (private / "logs.csv").write_bytes(synthetic.moodle_csv(rows, "Europe/Paris", "fr"))
    (private / "xapi.jsonl").write_bytes(synthetic.xapi_lines(rows))
    runner = CliRunner()
    for export in ("logs.csv", "xapi.jsonl"):
        result = runner.invoke(
            main, ["traces", "module-1", str(private / export), "-p", str(tmp_path)]
        )
        assert result.exit_code == 0, result.output
    # The learners' questionnaire, as Moodle's named download, one answer naming a learner.
    guide = check(paths, templates=False)[0].audit.guides[0]  # type: ignore[union-attr]
    download = synthetic.feedback_responses(guide, 9, named=True, persons=learners[3:])
    (private / "answers.csv").write_bytes(
        download.replace(b"Claire Martin", learners[2].name.encode())
    )
    result = runner.invoke(
        main, ["answers", guide.id, str(private / "answers.csv"), "-p", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    project = paths.content / "project.yaml"
    text = project.read_text(encoding="utf-8")
    start = text.index("\norganisation:") + 1
    end = text.index("\n", start)
    project.write_text(f"{text[:start]}organisation: {CANARY}{text[end:]}", encoding="utf-8")
    result = runner.invoke(main, ["build", "--pdf", "-q", "-p", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = runner.invoke(main, ["report", "--json", str(paths.content)])
    assert report.exit_code == 0
    assert json.loads(report.output)["scenarios"][0]["traces"]["learners_seen"] == 12

    secrets = set()
    for person in learners:
        secrets |= {
            person.name,
            person.name.split()[0],
            person.name.split()[1],
            str(person.id),
            person.ip,
            person.email,
        }
    outputs = {"report --json": report.output}
    documents = 0
    for folder in (paths.content / "audit", paths.out, paths.site):
        for path in folder.rglob("*"):
            if not path.is_file():
                continue
            shown = str(path.relative_to(tmp_path))
            outputs[shown] = path.read_bytes().decode("utf-8", "replace")
            if path.suffix == ".pdf":
                documents += 1
                read = pdf_strings(path)
                assert all(CANARY in read[where] for where in ("text", "metadata", "xmp")), shown
                outputs |= {f"{shown} ({where})": value for where, value in read.items()}
    assert documents >= 7  # the handbook, two charters, three booklets, the audit report
    assert any("search_index.json" in name for name in outputs)
    assert any("telechargements" in name for name in outputs)
    leaks = sorted(
        (name, secret) for name, text in outputs.items() for secret in secrets if secret in text
    )
    assert leaks == []
    followup = (private / "followup-module-1.csv").read_text(encoding="utf-8-sig")
    assert any(person.name in followup for person in learners)  # the places names go
    review = (private / f"review-{guide.id}.yaml").read_text(encoding="utf-8")
    assert learners[2].name in review
