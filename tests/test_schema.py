"""JSON Schemas: generated from the validators, committed, in sync, and as strict as they can be."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from tutoral_gen import i18n
from tutoral_gen.source import schema, yamlio

from .conftest import REPO, SCENARIO
from .test_diffusion import CASES as DIFFUSION_CASES
from .test_errors import CASES, SYSTEM_CASES

LABELS = REPO / "tutoral_gen" / "data" / "labels"
KINDS = {
    "project.yaml": "project",
    "roles.yaml": "roles",
    "system.yaml": "system",
    "charter.yaml": "charter",
    "training.yaml": "training",
    "economics.yaml": "economics",
    "norms.yaml": "norms",
    "objectives.yaml": "objectives",
    "audit/audit.yaml": "audit",
}


def kind_of(rel: str) -> str | None:
    """Which schema a content file follows (None for files without one)."""
    rel = rel.removeprefix("content/")
    if rel in KINDS:
        return KINDS[rel]
    if rel.startswith("scenarios/") and rel.endswith(".yaml"):
        return "scenario"
    if rel.startswith("communities/") and rel.count("/") == 1:
        return "community"
    return None


def validator(kind: str) -> jsonschema.Draft202012Validator:
    path = schema.SCHEMAS / f"{kind}.schema.json"
    return jsonschema.Draft202012Validator(yamlio.parse(path.read_text(encoding="utf-8")))


def test_committed_schemas_are_generated_from_the_model() -> None:
    for name, generated in schema.schemas().items():
        path = schema.SCHEMAS / f"{name}.schema.json"
        assert path.read_text(encoding="utf-8") == schema.dump(generated), (
            f"{path} is out of date: run `make schemas`"
        )
        jsonschema.Draft202012Validator.check_schema(generated)


def example_files() -> list[Path]:
    return sorted(
        p for p in (REPO / "content").rglob("*.yaml") if kind_of(p.relative_to(REPO).as_posix())
    )


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_every_example_file_follows_its_schema_and_names_it(path: Path) -> None:
    rel = path.relative_to(REPO).as_posix()
    kind = kind_of(rel)
    assert kind is not None
    text = path.read_text(encoding="utf-8")
    errors = list(validator(kind).iter_errors(yamlio.parse(text)))
    assert not errors, [e.message for e in errors]
    modeline = text.splitlines()[0]
    assert modeline.startswith("# yaml-language-server: $schema=")
    target = (path.parent / modeline.split("=", 1)[1]).resolve()
    assert target == (schema.SCHEMAS / f"{kind}.schema.json").resolve()


@pytest.mark.parametrize("path", sorted(LABELS.glob("*.yaml")), ids=lambda p: p.name)
def test_label_catalogues_read_alike_by_libyaml_and_yaml_1_2(path: Path) -> None:
    """i18n reads the catalogues with libyaml (YAML 1.1) for speed: a key such as ``no:``
    would silently become False there. Each catalogue must read as the content files do."""
    text = path.read_text(encoding="utf-8")
    assert i18n.labels(path.stem) == yamlio.parse(text)
    assert i18n.labels(path.stem)["no"] and i18n.labels(path.stem)["yes"]


def test_enumerations_carry_their_labels() -> None:
    kind = schema.schemas("fr")["scenario"]["properties"]["interventions"]["items"]
    field = kind["properties"]["kind"]
    assert field["enum"] == ["structural", "conjunctural"]
    assert field["enumDescriptions"] == ["Structurelle", "Conjoncturelle"]


NOT_EXPRESSIBLE = {
    # Cross-references, file-level and semantic checks that a schema of one file cannot state.
    "duplicate key",
    "duplicate id",
    "range min > max",
    "unknown norm",
    "unknown role",
    "unknown phase",
    "minutes and norm",
    "neither minutes nor norm",
    "per group without groups",
    "share without per learner",
    "empty file",
    "invalid YAML",
    "alias",
    "tab indentation",
    "unknown top file",
    "stray body",
    "body without scenario",
    "missing roles file",
    "not UTF-8",
    "duplicate id across scenarios",
    "scenario file name",
    "reserved page name",
    "virtual class role",
    "unknown factor",
    "unknown scored intervention",
    "unknown answer",
    "unknown plan",
    "two factors",
    "unknown objective",
    "unknown function",
    "bad date",
    "unknown logged intervention",
    "negative minutes",
    "missing column",
    "unknown logged role",
    "unplanned without scenario",
    "bad header",
    "finding criterion",
    "finding figure",
    "unknown channel",
    "end before start",
    "unknown trained role",
    "meeting file name",
    "scaling to < from",
    "bad start date",
    "not a mapping",
    "too many scaling rows",
    "meetings without their community",
    "page in the folder a generated page is served from",
    "reserved folder in another case",
    "a value nested ten thousand levels deep",  # JSON Schema has no depth limit
}


@pytest.mark.parametrize(
    ("name", "files"),
    [
        (c[0], c[1])
        for c in [*CASES, *SYSTEM_CASES, *DIFFUSION_CASES]
        if c[0] not in NOT_EXPRESSIBLE
    ],
)
def test_schema_rejects_what_the_model_rejects(name: str, files: dict[str, str | bytes]) -> None:
    checked = 0
    for rel, text in files.items():
        kind = kind_of(rel)
        if kind is None or not isinstance(text, str):
            continue
        data = yamlio.parse(text)
        assert not validator(kind).is_valid(data), f"{name}: the schema accepts {rel}"
        checked += 1
    assert checked, f"{name}: no file of this case has a schema"


def test_the_valid_scenario_is_valid() -> None:
    assert validator("scenario").is_valid(yamlio.parse(SCENARIO))
