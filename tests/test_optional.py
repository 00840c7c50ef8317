"""Every optional part is optional: the example still builds without any one of them.

The optional keys are read from the committed JSON Schemas (a key not ``required`` there), so a
field added later is covered without editing this test. Each is removed in turn, once per kind
of record; the result must build, or (when something else names what was removed) be reported
as located content problems, never a traceback.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tutoral_gen.errors import ContentError
from tutoral_gen.pipeline import Paths, generate
from tutoral_gen.source import schema, yamlio

from .conftest import REPO, copy_example
from .test_schema import kind_of

Where = tuple[str | int, ...]


def optional_keys(data: Any, spec: dict[str, Any], at: Where = ()) -> Iterator[Where]:
    """The paths of the optional keys in ``data``, first list item and map value only."""
    if isinstance(data, dict) and "properties" in spec:
        required = set(spec.get("required", ()))
        for key, value in data.items():
            sub = spec["properties"].get(key, {})
            if key not in required:
                yield (*at, key)
            yield from optional_keys(value, _resolved(sub), (*at, key))
    elif isinstance(data, dict) and isinstance(spec.get("additionalProperties"), dict) and data:
        key = next(iter(data))
        yield from optional_keys(data[key], spec["additionalProperties"], (*at, key))
    elif isinstance(data, list) and data and isinstance(spec.get("items"), dict):
        yield from optional_keys(data[0], _resolved(spec["items"]), (*at, 0))


def _resolved(spec: dict[str, Any]) -> dict[str, Any]:
    """A field's schema, through the anyOf of values that may be one item or a list."""
    for option in spec.get("anyOf", ()):
        items = option.get("items")
        if option.get("type") == "array" and isinstance(items, dict):
            return items
    return spec


def without(data: Any, where: Where) -> Any:
    copy = json.loads(json.dumps(data, default=str))
    node = copy
    for part in where[:-1]:
        node = node[part]
    del node[where[-1]]
    return copy


def cases() -> list[tuple[str, Where]]:
    out, seen = [], set()
    for path in sorted((REPO / "content").rglob("*.y*ml")):
        rel = path.relative_to(REPO).as_posix()
        kind = kind_of(rel)
        if kind is None:
            continue
        spec = json.loads((schema.SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
        for where in optional_keys(yamlio.parse(path.read_text(encoding="utf-8")), spec):
            shape = (kind, tuple(p for p in where if isinstance(p, str)))
            if shape not in seen:  # once per kind of record: the first scenario's, first item's
                seen.add(shape)
                out.append((rel, where))
    return out


CASES = cases()
OPTIONAL_FILES = [
    "content/system.yaml",
    "content/audit",
    "content/charter.yaml",
    "content/charter",
    "content/training.yaml",
    "content/training",
    "content/economics.yaml",
    "content/communities",
    "content/pages",
]


def builds_or_reports(paths: Paths) -> bool:
    """True if it builds; False if it reports located content problems; a traceback fails."""
    try:
        generate(paths)
    except ContentError as exc:
        assert exc.problems and all(p.file.startswith("content/") for p in exc.problems)
        return False
    return True


def test_the_walk_finds_the_optional_keys() -> None:
    found = {(rel, where[-1]) for rel, where in CASES}
    for expected in [
        ("content/system.yaml", "constraints"),
        ("content/system.yaml", "needs"),
        ("content/system.yaml", "priorities"),
        ("content/scenarios/module-1.yaml", "phases"),
        ("content/scenarios/module-1.yaml", "start"),
        ("content/audit/audit.yaml", "guides"),
    ]:
        assert expected in found
    assert len(CASES) > 60


@pytest.mark.parametrize(("rel", "where"), CASES, ids=[f"{r}:{w}" for r, w in CASES])
def test_each_optional_key_may_be_absent(tmp_path: Path, rel: str, where: Where) -> None:
    paths = copy_example(tmp_path)
    path = tmp_path / rel
    data = without(yamlio.parse(path.read_text(encoding="utf-8")), where)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    builds_or_reports(paths)


@pytest.mark.parametrize("rel", OPTIONAL_FILES)
def test_each_optional_file_may_be_absent(tmp_path: Path, rel: str) -> None:
    paths = copy_example(tmp_path)
    target = tmp_path / rel
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    assert builds_or_reports(paths), f"the example does not build without {rel}"


SECTIONS = [
    ("content/system.yaml", ("constraints",)),
    ("content/system.yaml", ("needs",)),
    ("content/system.yaml", ("priorities",)),
    ("content/system.yaml", ("analysis",)),
    ("content/project.yaml", ("deliverables",)),
]


@pytest.mark.parametrize(("rel", "where"), SECTIONS, ids=[f"{r}:{w[0]}" for r, w in SECTIONS])
def test_each_optional_section_may_be_absent_and_the_example_still_builds(
    tmp_path: Path, rel: str, where: Where
) -> None:
    paths = copy_example(tmp_path)
    path = tmp_path / rel
    data = yamlio.parse(path.read_text(encoding="utf-8"))
    if where[0] in data:
        data = without(data, where)
    path.write_text(json.dumps(data, ensure_ascii=False) if data else "{}", encoding="utf-8")
    if where == ("needs",):  # what refers to a need goes with them, else it is reported
        assert not builds_or_reports(paths)
        audit = tmp_path / "content/audit/audit.yaml"
        text = audit.read_text(encoding="utf-8")
        audit.write_text(re.sub(r"\n *measures: \{need: [^}]*\}", "", text), encoding="utf-8")
    assert builds_or_reports(paths)


def test_phases_and_dates_may_be_absent_everywhere(tmp_path: Path) -> None:
    """No phases, no start, no days: the timeline has one column, the calendar no events."""
    paths = copy_example(tmp_path)
    for path in (tmp_path / "content/scenarios").glob("*.yaml"):
        data = yamlio.parse(path.read_text(encoding="utf-8"))
        for key in ("phases", "start"):
            data.pop(key, None)
        for item in [*data["interventions"], *data.get("virtual_classes", [])]:
            for key in ("phase", "day", "time", "interval_days"):
                item.pop(key, None)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert builds_or_reports(paths)
