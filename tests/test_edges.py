"""Values at the edge of their type, for every field and every environment value: derived from
the JSON Schemas and from ``mkdocs.yml``, so that a field or a variable added later is covered
without editing this file.

- Every text field of every schema is given a number and a number of thousands of digits (which
  YAML reads as text): the build accepts it exactly when the field's schema does, and refuses
  it otherwise with a located message on that field.
- Every value the build reads from the environment is given values it cannot be used for: a
  usage error of one line (exit code 2), never a traceback.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from tutoral_gen.adapters.engine import environment
from tutoral_gen.cli import main
from tutoral_gen.errors import ContentError
from tutoral_gen.pipeline import Paths, check
from tutoral_gen.source import schema
from tutoral_gen.source.files import Loader

from .conftest import REPO, copy_example

FILES = {
    "project": "project.yaml",
    "roles": "roles.yaml",
    "norms": "norms.yaml",
    "objectives": "objectives.yaml",
    "scenario": "scenarios/module-1.yaml",
    "system": "system.yaml",
    "audit": "audit/audit.yaml",
    "traces": "audit/traces/module-1.yaml",
    "answers": "audit/answers/questionnaire-apprenants.yaml",
    "charter": "charter.yaml",
    "training": "training.yaml",
    "community": "communities/tuteurs-parcours.yaml",
    "economics": "economics.yaml",
}
"""Each schema's file in the example project (content/)."""
MISSING: dict[str, dict[str, Any]] = {
    "norms.yaml": {
        "norms": [{"id": "relance", "title": "Relance", "minutes": 5, "unit": "message"}]
    },
    "objectives.yaml": {"objectives": [{"id": "cognitive-welcome", "title": "Informer"}]},
}
"""Files the example does not have, made for the fields they hold."""
PARTS: dict[str, dict[str, Any]] = {
    "project.yaml": {"rate_scale": [{"label": "Léger", "max": 0.05}, {"label": "Intensif"}]}
}
"""Optional parts the example leaves out, added so that their fields are reached."""
HUGE = "7" * 12_000
"""A number of thousands of digits, more than any text field holds: YAML reads it as text
(tutoral_gen.source.yamlio)."""


def _texts(
    spec: dict[str, Any], path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every text field of a schema: its path (``[]`` an item, ``*`` a key) and its schema."""
    kinds = spec.get("type")
    if (kinds == "string" or (isinstance(kinds, list) and "string" in kinds)) and not {
        "pattern",
        "enum",
        "format",
    } & spec.keys():
        yield path, spec
    for key, sub in spec.get("properties", {}).items():
        yield from _texts(sub, (*path, key))
    if isinstance(spec.get("additionalProperties"), dict):
        yield from _texts(spec["additionalProperties"], (*path, "*"))
    if isinstance(spec.get("items"), dict):
        yield from _texts(spec["items"], (*path, "[]"))
    for option in spec.get("anyOf", []):
        yield from _texts(option, path)


CASES = sorted(
    {
        (name, path): spec
        for name, whole in schema.schemas().items()
        for path, spec in _texts(whole, ())
    }.items()
)


def _place(data: Any, path: tuple[str, ...], value: Any) -> tuple[str | int, ...] | None:
    """Put ``value`` at ``path`` in ``data``; the path as a problem names it, or None if the data
    has no such place."""
    *parents, last = path
    node = data
    where: list[str | int] = []
    for n, part in enumerate(parents):
        if isinstance(node, dict) and part not in node and n == len(parents) - 1 and last == "[]":
            node[part] = []  # an optional list the first record leaves out
        if part == "[]":
            if not isinstance(node, list) or not node:
                return None
            index = _key(dict(enumerate(node)), (*parents, last)[n + 1])
            node, where = node[index], [*where, index]
        elif part == "*":
            if not isinstance(node, dict) or not node:
                return None
            key = _key(node, (*parents, last)[n + 1])
            node, where = node[key], [*where, key]
        elif isinstance(node, dict) and part in node:
            node, where = node[part], [*where, part]
        else:
            return None
    if last == "[]":
        if not isinstance(node, list):
            return None
        if node and isinstance(node[0], dict):
            node.append(value)  # beside the records, so that no reference to one breaks
            return (*where, len(node) - 1)
        node[:] = [value, *node[1:]]  # in place of a text, so that the count stays
        return (*where, 0)
    if not isinstance(node, dict):
        return None
    node[last] = value
    return (*where, last)


def _key(node: dict[Any, Any], following: str) -> Any:
    """The first key of a map (or index of a list) whose value has the path's next part (an
    optional field that some entries leave out), else the first."""
    having = [k for k, v in node.items() if isinstance(v, dict) and following in v]
    return (having or list(node))[0]


def _field(where: tuple[str | int, ...]) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, Loader, dict[str, Any]]:
    root = tmp_path_factory.mktemp("edges")
    paths = copy_example(root)
    bases = {}
    for rel in FILES.values():
        file = paths.content / rel
        data: dict[str, Any] = MISSING.get(rel) or yaml.safe_load(file.read_text("utf-8"))
        data = {**data, **PARTS.get(rel, {})}
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        bases[rel] = data
    return paths, Loader(), bases


@pytest.mark.parametrize(
    ("probe", "as_read"), [("12345", 12345), (HUGE, HUGE)], ids=["number", "huge"]
)
@pytest.mark.parametrize(
    ("name", "path", "spec"),
    [(n, p, s) for (n, p), s in CASES],
    ids=[f"{n}:{'.'.join(p)}" for (n, p), _ in CASES],
)
def test_a_text_field_takes_a_number_exactly_when_its_schema_says_so(
    example: tuple[Paths, Loader, dict[str, Any]],
    name: str,
    path: tuple[str, ...],
    spec: dict[str, Any],
    probe: str,
    as_read: Any,
) -> None:
    paths, loader, bases = example
    rel = FILES[name]
    data = copy.deepcopy(bases[rel])
    where = _place(data, path, "@PROBE@")
    assert where is not None, (
        f"the example has no {'.'.join(path)} in content/{rel}: add one to PARTS"
    )
    text = (
        yaml.safe_dump(data, allow_unicode=True, width=10**6)
        .replace("'@PROBE@'", probe)
        .replace("@PROBE@", probe)
    )
    file = paths.content / rel
    original = file.read_bytes()
    file.write_text(text, encoding="utf-8")
    try:
        try:
            check(paths, loader, templates=False)
            problems = []
        except ContentError as exc:
            problems = [p for p in exc.problems if p.severity == "error"]
    finally:
        file.write_bytes(original)
    allowed = jsonschema.Draft202012Validator(spec).is_valid(as_read)
    shown = f"content/{rel}"
    field = _field(where)  # a single value where a list may stand is read as its item [0]
    mine = [p for p in problems if p.file == shown and p.field in (field, f"{field}[0]")]
    if allowed:
        assert problems == [], [str(p) for p in problems]
    else:
        assert mine, [str(p) for p in problems] or "accepted, though its schema refuses it"
        assert all(p.line and p.column for p in mine), [str(p) for p in mine]


def _variables() -> list[str]:
    """Every environment variable the build reads: those mkdocs.yml names (the repository's and
    a new project's), and the build's date."""
    configs = [
        REPO / "mkdocs.yml",
        *sorted((REPO / "tutoral_gen/data/scaffold").glob("*/mkdocs.yml")),
    ]
    named = {variable for config in configs for _, variable in environment.named(config)}
    return ["SOURCE_DATE_EPOCH", *sorted(named)]


BAD = {
    "SOURCE_DATE_EPOCH": [
        "4294967296",
        "253402300800",
        "99999999999999",
        "-1",
        "1e9",
        "12.5",
        "now",
    ],
}
"""Values each variable cannot be used for (the date of the build: past what its files can hold,
before 1970, not a whole number)."""
BAD_OTHERWISE = [
    "not an address",
    "javascript:alert(1)",
    "ftp://files.example.org/",
    "https://example.org/a b/",
    "https://example.org/\n",
    "https://example.org/" + "x" * 3000,
]
"""What a variable that fills a setting of mkdocs.yml is given (the ones there are addresses)."""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    return copy_example(tmp_path_factory.mktemp("environment"))


@pytest.mark.parametrize("variable", _variables())
def test_an_environment_value_that_cannot_be_used_is_a_one_line_usage_error(
    project: Paths, variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in _variables():
        monkeypatch.delenv(name, raising=False)
    for value in BAD.get(variable, BAD_OTHERWISE):
        monkeypatch.setenv(variable, value)
        result = CliRunner().invoke(main, ["build", "-q", "-p", str(project.root)])
        lines = result.output.strip().splitlines()
        assert result.exit_code == 2, (value, result.output)
        assert len(lines) == 1 and lines[0].startswith(f"tutoral: {variable} "), (value, lines)
        assert "Traceback" not in result.output
    assert not project.site.exists()  # refused before anything was built


def test_the_last_date_a_build_can_hold_builds(
    project: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4294967295")
    result = CliRunner().invoke(main, ["build", "-q", "-p", str(project.root)])
    assert result.exit_code == 0, result.output
    shutil.rmtree(project.site)


def test_every_variable_mkdocs_yml_names_is_found() -> None:
    assert {"TUTORAL_SITE_URL", "CI_PAGES_URL"} <= set(_variables())
    assert json.dumps(environment.named(REPO / "mkdocs.yml")) == json.dumps(
        [["site_url", "TUTORAL_SITE_URL"], ["site_url", "CI_PAGES_URL"]]
    )
