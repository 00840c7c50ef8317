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
from pathlib import Path
from typing import Any

from ..i18n import labels
from . import (
    answer_aggregates,
    audit,
    catalogue_format,
    diffusion,
    scenarios,
    system,
    trace_aggregates,
    validate,
    words,
)
from . import fields as f

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
"""Where the committed schemas live, inside the package."""


def vocabulary(name: str, language: str) -> tuple[list[str], list[str]]:
    """The ids of a shipped vocabulary (``objectives``) and their wording in ``language``."""
    data = validate.shipped(name, language).data
    return [o["id"] for o in data[name]], [o["title"] for o in data[name]]


def converter(convert: Any, language: str) -> dict[str, Any]:
    fragment: dict[str, Any] | None = getattr(convert, "schema", None)
    if fragment is not None:
        return dict(fragment)
    kind: type[enum.Enum] | None = getattr(convert, "enum", None)
    if kind is not None:
        values = [m.value for m in kind]
        names = labels(language).get(words.CATALOGUE.get(kind.__name__, ""), {})
        descriptions = [str(names.get(v, v)) for v in values]
        return {
            "enum": values,
            "enumDescriptions": descriptions,
            "markdownEnumDescriptions": descriptions,
        }
    options = getattr(convert, "options", None)
    if options is not None:
        return {"enum": list(options)}
    vocab = getattr(convert, "vocabulary", None)
    if vocab is not None:
        ids, titles = vocabulary(vocab, language)
        return {"enum": ids, "enumDescriptions": titles, "markdownEnumDescriptions": titles}
    either = getattr(convert, "either", None)
    if either is not None:  # a text, or a mapping (a question)
        return {"anyOf": [shape(option, language) for option in either]}
    inner = getattr(convert, "nullable", None)
    if inner is not None:
        return {"anyOf": [converter(inner, language), {"type": "null"}]}
    item = getattr(convert, "item", None)
    if item is not None:
        items = converter(item, language)
        many = {"type": "array", "items": items}
        most = getattr(convert, "most", None)  # a bounded list (catalogue_format.at_most)
        many = many if most is None else {**many, "maxItems": most}
        return {"anyOf": [items, many]} if getattr(convert, "single_ok", False) else many
    raise ValueError(f"no JSON Schema for the validator {convert!r}")


def shape(value: Any, language: str) -> dict[str, Any]:
    if isinstance(value, f.Record):
        return record(value.spec, language)
    if isinstance(value, f.Records):
        many = {"type": "array", "items": record(value.spec, language)}
        return many if value.most is None else {**many, "maxItems": value.most}
    if isinstance(value, f.MapOf):
        out: dict[str, Any] = {
            "type": "object",
            "additionalProperties": shape(value.value, language),
        }
        if value.keys is not None:
            out["propertyNames"] = {"enum": value.keys}
        if value.vocabulary is not None:
            ids, titles = vocabulary(value.vocabulary, language)
            # Keys as properties, so that an editor completes them and shows their wording.
            each = out["additionalProperties"]
            out["properties"] = {
                i: {"description": t, **each} for i, t in zip(ids, titles, strict=True)
            }
            out["propertyNames"] = {"enum": ids}
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
    if required and "from" in spec:  # a reused intervention takes the rest from its source
        out["if"] = {"required": ["from"]}
        out["then"] = {"required": [name for name in required if name == "role"]}
        out["else"] = {"required": required}
    elif required:
        out["required"] = required
    return out


def schemas(language: str = "fr") -> dict[str, dict[str, Any]]:
    """Every content file's schema, by name (``scenario`` for ``content/scenarios/*.yaml``)."""

    files: dict[str, Any] = {
        "project": validate.PROJECT,
        "roles": {"roles": f.Field(f.nested, "the tutor roles", True, f.Records(validate.ROLE))},
        "norms": {"norms": f.Field(f.nested, "the norms", True, f.Records(validate.NORM))},
        "objectives": {
            "objectives": f.Field(f.nested, "wording of objectives", True, f.Records(system.TITLED))
        },
        "scenario": scenarios.SCENARIO,
        "system": system.SYSTEM,
        "audit": audit.AUDIT,
        "traces": trace_aggregates.AGGREGATE,
        "answers": answer_aggregates.AGGREGATE,
        "charter": diffusion.CHARTER,
        "training": diffusion.TRAINING,
        "community": diffusion.COMMUNITY,
        "economics": diffusion.ECONOMICS,
    }
    return {name: document(name, spec, language) for name, spec in files.items()}


def document(name: str, spec: Mapping[str, f.Field], language: str) -> dict[str, Any]:
    """One file's schema, as published."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"tutoral_gen/{name}.schema.json",
        "title": f"tutoral_gen: {name}",
        **record(spec, language),
    }


def catalogue(language: str = "fr") -> dict[str, Any]:
    """The schema of the catalogue a handbook publishes (``site/catalogue.json``): published
    beside it, and with the content files' schemas."""
    return document("catalogue", catalogue_format.CATALOGUE, language)


def dump(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write(folder: Path, language: str = "fr") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    # The content files' schemas, and the catalogue's (a file the build writes, not content).
    for name, schema in {**schemas(language), "catalogue": catalogue(language)}.items():
        path = folder / f"{name}.schema.json"
        path.write_text(dump(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # python -m tutoral_gen.schema [FOLDER]
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMAS):
        print(path)
