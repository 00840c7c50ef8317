"""One description of ``tutoral-catalogue/1``: the tables of ``source/catalogue_format.py``
generate the published JSON Schema and are what the reader checks a catalogue with, so that a
catalogue the schema accepts is one the reader reads, and the reverse (issue 27, point 5)."""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from tutoral_gen.cli import main
from tutoral_gen.commands.catalogue import lock_text
from tutoral_gen.domain.catalogue import MAX_INDICATORS, MAX_TEXT, digest
from tutoral_gen.pipeline import Paths
from tutoral_gen.source import catalogue_format, catalogues, schema

from .conftest import REPO

VENDORED = REPO / "content/catalogues/tad.json"
"""What examples/reseau-tad publishes, as the example vendored it."""


def published() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(VENDORED.read_bytes())
    return data


def validator() -> jsonschema.Draft202012Validator:
    """The schema as generated now from the tables (the committed one is checked equal to it
    by tests/test_schema.py)."""
    return jsonschema.Draft202012Validator(schema.catalogue())


def test_every_field_of_the_tables_is_in_the_schema_and_no_other() -> None:
    top = schema.catalogue()
    item = top["properties"]["interventions"]["items"]
    for table, part in ((catalogue_format.CATALOGUE, top), (catalogue_format.INTERVENTION, item)):
        assert list(part["properties"]) == list(table)
        assert part["required"] == [name for name, f in table.items() if f.required]
        assert part["additionalProperties"] is False
    assert top["properties"]["interventions"]["maxItems"] == 5_000
    assert item["properties"]["indicators"]["maxItems"] == MAX_INDICATORS
    assert item["properties"]["objective"]["anyOf"][0]["maxLength"] == MAX_TEXT


def test_the_schema_accepts_the_example_s_catalogues_and_the_reader_reads_them() -> None:
    data = published()
    validator().validate(data)
    found, problems = catalogues.parse("tad", VENDORED.read_bytes(), "tad.json")
    assert problems == [] and found is not None
    assert list(found.items) == [i["id"] for i in data["interventions"]]
    assert found.items["ITC03"].fields["indicators"] == [
        "L'apprenant relancé se reconnecte dans les trois jours.",
        "Aucun apprenant ne reste plus de deux semaines sans activité.",
    ]
    assert found.items["ITC03"].fields["objective"] == (
        "Ramener vers le parcours l'apprenant qui s'en éloigne, avant qu'il ne décroche."
    )


DELETE = object()
"""A case's value that removes the field."""

CASES: list[tuple[str, tuple[str | int, ...], Any, bool]] = [
    # (case, where, value, whether both accept it)
    ("as published", ("title",), "Manuel t@d", True),
    ("before indicators", ("interventions", 0, "indicators"), DELETE, True),
    ("before objective", ("interventions", 0, "objective"), DELETE, True),
    ("no objective", ("interventions", 0, "objective"), None, True),
    ("an objective on lines", ("interventions", 0, "objective"), "Un.\n\tDeux.", True),
    ("no address", ("site_url",), None, True),
    ("a local server", ("site_url",), "http://127.0.0.1:8000/manuel/", True),
    ("no version", ("version",), None, True),
    ("no authors", ("authors",), [], True),
    ("an absolute page", ("interventions", 0, "page"), "https://tad.example/a b)", True),
    ("a tab in a body", ("interventions", 0, "body"), "## A\n\n\tcode\n", True),
    ("an empty body", ("interventions", 0, "body"), "", True),
    ("a norm", ("interventions", 0, "minutes"), None, True),
    ("a title as number", ("title",), 42, False),
    ("a long title", ("title",), "x" * 301, False),
    ("a title on two lines", ("title",), "A\n# B", False),
    ("a line separator", ("interventions", 0, "title"), "A\u2028B", False),
    ("an escape", ("interventions", 0, "tool"), "\x1b[2J", False),
    ("plain http", ("site_url",), "http://example.com/", False),
    ("a script address", ("site_url",), "javascript:alert(1)", False),
    ("a version on two lines", ("version",), "v1\nv2", False),
    ("a language", ("language",), "de", False),
    ("one author as a text", ("authors",), "Réseau t@d", False),
    ("101 authors", ("authors",), ["A"] * 101, False),
    ("offered as a text", ("offered",), "yes", False),
    ("no language", ("language",), DELETE, False),
    ("an unknown field", ("extra",), 1, False),
    ("an id with ../", ("interventions", 0, "id"), "../x", False),
    ("too many indicators", ("interventions", 0, "indicators"), ["i"] * 51, False),
    ("an empty indicator", ("interventions", 0, "indicators"), [""], False),
    ("a bell in an indicator", ("interventions", 0, "indicators"), ["a\x07"], False),
    ("a lone surrogate", ("interventions", 0, "body"), "a\udc00", False),
    ("indicators as a text", ("interventions", 0, "indicators"), "i", False),
    ("an empty objective", ("interventions", 0, "objective"), "", False),
    ("a long objective", ("interventions", 0, "objective"), "x" * (MAX_TEXT + 1), False),
    ("an escape in an objective", ("interventions", 0, "objective"), "a\x1b[2J", False),
    ("a separator in an objective", ("interventions", 0, "objective"), "a\u2029b", False),
    ("objectives as an objective", ("interventions", 0, "objective"), ["a"], False),
    ("negative minutes", ("interventions", 0, "minutes"), {"min": -1, "max": 3}, False),
    ("minutes as a list", ("interventions", 0, "minutes"), [1, 2], False),
    ("no count", ("interventions", 0, "count"), 0, False),
    ("a share over 1", ("interventions", 0, "share"), 2, False),
    ("per week", ("interventions", 0, "per"), "week", False),
    ("a mail channel", ("interventions", 0, "channel_kind"), "mail", False),
    ("a root page", ("interventions", 0, "page"), "/etc/passwd", False),
    ("a page outside", ("interventions", 0, "page"), "a/../../b", False),
    ("a script page", ("interventions", 0, "page"), "javascript:alert(1)", False),
    ("a carriage return", ("interventions", 0, "body"), "a\rb", False),
    ("a body as number", ("interventions", 0, "body"), 5, False),
    ("no page", ("interventions", 0, "page"), DELETE, False),
    ("another digest", ("interventions", 0, "digest"), "sha1:00", False),
    ("an unknown item field", ("interventions", 0, "extra"), 1, False),
]


def changed(where: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """The example's vendored catalogue with one value changed, its item's digest computed
    again (a digest is the reader's check, not the schema's)."""
    data = published()
    *parents, last = where
    parent: Any = data
    for step in parents:
        parent = parent[step]
    if value is DELETE:
        del parent[last]
    else:
        parent[last] = copy.deepcopy(value)
    if where[:1] == ("interventions",) and last != "digest":
        with contextlib.suppress(UnicodeEncodeError):  # a lone surrogate has no digest
            parent["digest"] = digest(parent)
    return data


@pytest.mark.parametrize(
    ("where", "value", "valid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_schema_and_the_reader_accept_and_refuse_alike(
    where: tuple[str | int, ...], value: Any, valid: bool
) -> None:
    data = changed(where, value)
    text = json.dumps(data, indent=1).encode()  # escaped: a lone surrogate has no UTF-8
    found, problems = catalogues.parse("tad", text, "tad.json")
    assert validator().is_valid(data) is valid
    assert (found is not None and problems == []) is valid, problems
    if not valid:  # refused where the value is, and located there
        fields = {p.field for p in problems}
        shown = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in where).lstrip(".")
        parent = shown.rsplit(".", 1)[0]  # a missing or unknown field: its record
        assert any(f in (shown, parent) or f.startswith(f"{shown}[") for f in fields), fields
        assert all(p.line is not None for p in problems if p.path)


def test_a_vendored_catalogue_s_problems_are_located_in_its_file(
    make_project: Callable[..., Paths],
) -> None:
    data = changed(("interventions", 1, "title"), "x" * 301)
    text = json.dumps(data, ensure_ascii=False, indent=2).encode()
    lock = {"tad": {"source": "https://tad.example/catalogue.json", "digest": "sha256:" + "0" * 64}}
    lock["tad"]["digest"] = catalogues.digest_of(text)
    paths = make_project(
        {
            "content/project.yaml": "title: T\nlicence: CC-BY-SA-4.0\ncatalogues:\n"
            "  tad: {url: 'https://tad.example/catalogue.json'}\n",
            "content/catalogues/tad.json": text,
            "content/catalogues/lock.yaml": lock_text(lock),
        }
    )
    result = CliRunner().invoke(main, ["check", str(paths.content)])
    assert result.exit_code == 1
    lines = text.decode().splitlines()
    line = next(n for n, t in enumerate(lines, 1) if t.strip().startswith('"title": "xxx'))
    column = lines[line - 1].index('"xxx') + 1
    assert (
        f"content/catalogues/tad.json:{line}:{column}: interventions[1].title: expected a text"
        " of at most 300 characters"
    ) in result.output
