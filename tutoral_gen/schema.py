"""JSON Schemas of the content files, generated from the validators' tables (never by hand).

Editors that read ``# yaml-language-server: $schema=...`` (VS Code with Red Hat YAML, and others)
complete keys and flag mistakes while typing. Regenerate the committed schemas with
``python -m tutoral_gen.schema`` (``make schemas``); a test fails when they are out of date.
"""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import fields as f
from .i18n import labels

SCHEMAS = Path(__file__).resolve().parent / "schemas"
"""Where the committed schemas live, inside the package."""


@dataclass(frozen=True)
class Record:
    """A mapping read with a table of fields."""

    spec: Mapping[str, f.Field]


@dataclass(frozen=True)
class Records:
    """A list of such mappings."""

    spec: Mapping[str, f.Field]


@dataclass(frozen=True)
class MapOf:
    """A mapping of free keys (ids) to values of one shape."""

    value: Any
    """A Record, a converter, or another MapOf."""
    keys: list[str] | None = None
    """The keys allowed, when they are known (support plans, views...)."""


_SCALARS: dict[Any, dict[str, Any]] = {
    f.text: {"type": ["string", "number"]},
    f.identifier: {"type": "string", "pattern": f._ID.pattern},
    f.positive_number: {"type": "number", "exclusiveMinimum": 0},
    f.positive_int: {"type": "integer", "minimum": 1},
    f.fraction: {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
    f.non_negative: {"type": "number", "minimum": 0},
    f.boolean: {"type": "boolean"},
    f.date_value: {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    f.time_of_day: {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"},
    f.timezone: {"type": "string", "examples": ["Europe/Paris"]},
    f.span: {
        "anyOf": [
            {"type": "number", "exclusiveMinimum": 0},
            {
                "type": "array",
                "items": {"type": "number", "exclusiveMinimum": 0},
                "minItems": 2,
                "maxItems": 2,
            },
        ]
    },
    f.nested: {},
}

LABELS = {
    "Kind": "kinds",
    "Mode": "modes",
    "Per": "per",
    "SupportPlan": "plans",
    "Synchrony": "synchronies",
    "StepStatus": "statuses",
    "SourceKind": "source_kinds",
    "View": "views",
    "Priority": "priorities",
    "GuideKind": "guide_kinds",
    "Audience": "audiences",
}
"""Which catalogue entry gives an enumeration's labels (shown as descriptions in the editor)."""


def register(convert: Any, fragment: dict[str, Any]) -> None:
    """Describe a validator defined outside fields.py (validate_system's scores...)."""
    _SCALARS[convert] = fragment


def converter(convert: Any, language: str) -> dict[str, Any]:
    if convert in _SCALARS:
        return dict(_SCALARS[convert])
    kind: type[enum.Enum] | None = getattr(convert, "enum", None)
    if kind is not None:
        values = [m.value for m in kind]
        names = labels(language).get(LABELS.get(kind.__name__, ""), {})
        descriptions = [str(names.get(v, v)) for v in values]
        return {
            "enum": values,
            "enumDescriptions": descriptions,
            "markdownEnumDescriptions": descriptions,
        }
    bounds = getattr(convert, "bounds", None)
    if bounds is not None:
        return {"type": "integer", "minimum": bounds[0], "maximum": bounds[1]}
    options = getattr(convert, "options", None)
    if options is not None:
        return {"enum": list(options)}
    item = getattr(convert, "item", None)
    if item is not None:
        items = converter(item, language)
        many = {"type": "array", "items": items}
        return {"anyOf": [items, many]} if getattr(convert, "single_ok", False) else many
    raise ValueError(f"no JSON Schema for the validator {convert!r}")


def shape(value: Any, language: str) -> dict[str, Any]:
    if isinstance(value, Record):
        return record(value.spec, language)
    if isinstance(value, Records):
        return {"type": "array", "items": record(value.spec, language)}
    if isinstance(value, MapOf):
        out: dict[str, Any] = {
            "type": "object",
            "additionalProperties": shape(value.value, language),
        }
        if value.keys is not None:
            out["propertyNames"] = {"enum": value.keys}
        return out
    return converter(value, language)


def field(spec: f.Field, language: str) -> dict[str, Any]:
    out = (
        shape(spec.shape, language) if spec.shape is not None else converter(spec.convert, language)
    )
    return {"description": spec.doc, **out}


def record(spec: Mapping[str, f.Field], language: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {name: field(value, language) for name, value in spec.items()},
        "additionalProperties": False,
    }
    required = [name for name, value in spec.items() if value.required]
    if required:
        out["required"] = required
    return out


def schemas(language: str = "fr") -> dict[str, dict[str, Any]]:
    """Every content file's schema, by name (``scenario`` for ``content/scenarios/*.yaml``)."""
    from . import validate, validate_audit, validate_diffusion, validate_system

    files: dict[str, Any] = {
        "project": validate.PROJECT,
        "roles": {"roles": f.Field(f.nested, "the tutor roles", True, Records(validate.ROLE))},
        "norms": {"norms": f.Field(f.nested, "the norms", True, Records(validate.NORM))},
        "objectives": {
            "objectives": f.Field(
                f.nested, "wording of objectives", True, Records(validate_system.TITLED)
            )
        },
        "scenario": validate.SCENARIO,
        "system": validate_system.SYSTEM,
        "audit": validate_audit.AUDIT,
        "charter": validate_diffusion.CHARTER,
        "training": validate_diffusion.TRAINING,
        "community": validate_diffusion.COMMUNITY,
        "economics": validate_diffusion.ECONOMICS,
    }
    out = {}
    for name, spec in files.items():
        body = record(spec, language)
        out[name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"tutoral_gen/{name}.schema.json",
            "title": f"tutoral_gen: {name}",
            **body,
        }
    return out


def dump(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write(folder: Path, language: str = "fr") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas(language).items():
        path = folder / f"{name}.schema.json"
        path.write_text(dump(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # python -m tutoral_gen.schema [FOLDER]
    # The validators' tables refer to tutoral_gen.schema's classes, not to this __main__ copy.
    from tutoral_gen import schema as module

    for path in module.write(Path(sys.argv[1]) if len(sys.argv) > 1 else module.SCHEMAS):
        print(path)
