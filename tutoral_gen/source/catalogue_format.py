"""The catalogue's format (``tutoral-catalogue/1``) as tables of fields: the one description from
which ``catalogue.schema.json`` is generated (:mod:`.schema`), and with which a reader checks
another handbook's catalogue like content (:meth:`.fields.Reader.record`).

The build writes the catalogue from the model (:mod:`..domain.catalogue`), within these bounds:
validation refuses, in a handbook that offers its interventions, what would exceed them.
"""

from __future__ import annotations

import re
from typing import Any

from ..domain import catalogue
from ..domain.scenario import Kind, Mode, Per, SupportPlan, Synchrony
from ..errors import Path_
from . import settings, validate
from .fields import (
    Convert,
    Field,
    Reader,
    Records,
    boolean,
    choice,
    described,
    fail,
    fraction,
    identifier,
    label,
    listed,
    nested,
    non_negative,
    one_of,
    title,
)


def nullable(item: Convert) -> Convert:
    """A value that may also be ``null``: a file written by a program (a catalogue) says
    "none" explicitly where content leaves the key out."""

    def convert(value: Any, reader: Reader, path: Path_) -> Any:
        return None if value is None else item(value, reader, path)

    convert.nullable = item  # type: ignore[attr-defined]  # read by schema.py
    return convert


MAX_ADDRESS = 2_000
"""The longest address (``site_url``, an item's ``page``)."""
address = label(MAX_ADDRESS, numbers=False, expected="an address (URL or site path)")
version = label(200, expected="a version such as v1.2")


@described(
    {
        "anyOf": [
            {
                "type": "object",
                "properties": {
                    "min": {"type": "number", "minimum": 0},
                    "max": {"type": "number", "minimum": 0},
                },
                "required": ["min", "max"],
                "additionalProperties": False,
            },
            {"type": "null"},
        ]
    }
)
def bounds(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> dict[str, float] | None:
    """Minutes as ``{min, max}``, two finite numbers >= 0 with min <= max, or null."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"min", "max"}:
        fail("{min, max} or null", value)
    low, high = (non_negative(value[k]) for k in ("min", "max"))
    if low > high:
        fail("min <= max", value)
    return {"min": low, "max": high}


@described(
    {
        "type": "string",
        "maxLength": catalogue.MAX_BODY,
        "pattern": "^[^\\x00-\\x08\\x0b-\\x1f\\x7f]*$",
    }
)
def body(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """A sheet's Markdown body: at most :data:`catalogue.MAX_BODY` characters, no control
    character but line ends and tabs."""
    if not isinstance(value, str):
        fail("a text", value)
    if len(value) > catalogue.MAX_BODY:
        fail(f"a text of at most {catalogue.MAX_BODY} characters", value[:40])
    if "\r" in value or catalogue.control_character(value) is not None:
        fail("text without control characters (but line ends \\n and tabs)", value[:40])
    return value


_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


@described({"type": "string", "pattern": f"^{_DIGEST.pattern}$"})
def digest(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    if isinstance(value, str) and _DIGEST.fullmatch(value):
        return value
    fail("sha256: and 64 lower-case hex digits", value)


INTERVENTION = {
    "id": Field(identifier, "the intervention's id in its handbook", required=True),
    "title": Field(title, "what the tutor does", required=True),
    "kind": Field(choice(Kind), "structural or conjunctural", required=True),
    "mode": Field(choice(Mode), "proactive, reactive or both", required=True),
    "support_plans": Field(listed(choice(SupportPlan)), "the support plans it invests"),
    "objectives": Field(listed(identifier), "the generic objectives it serves, by id"),
    "minutes": Field(bounds, "minutes per unit {min, max}; null when a norm gives them"),
    "norm": Field(nullable(identifier), "the id of the norm giving the minutes, or null"),
    "per": Field(choice(Per), "session, learner or group", required=True),
    "share": Field(fraction, "with per: learner, the fraction of learners", required=True),
    "count": Field(non_negative, "how many times, or of the norm's units", required=True),
    "channel_kind": Field(
        nullable(one_of(*catalogue.CHANNEL_KINDS)),
        "what carries its channel on the platform: messages, forum, or null",
    ),
    "tool": Field(nullable(title), "the communication tool, or null"),
    "synchrony": Field(nullable(choice(Synchrony)), "synchronous, asynchronous, or null"),
    "body": Field(body, "the sheet's Markdown body, message templates included", required=True),
    "page": Field(address, "the address of its sheet in its handbook", required=True),
    "digest": Field(digest, "sha256 of the item's canonical JSON without digest", required=True),
}
"""One intervention offered."""

CATALOGUE = {
    "format": Field(one_of(catalogue.FORMAT), "the format and its version", required=True),
    "title": Field(title, "the handbook's title", required=True),
    "site_url": Field(nullable(address), "where the handbook is published, or null"),
    "version": Field(nullable(version), "the handbook's version (git describe), or null"),
    "language": Field(one_of(*validate.LANGUAGES), "the handbook's language", required=True),
    "licence": Field(nullable(settings.licence), "its SPDX licence id; null: nothing offered"),
    "authors": Field(settings.authors, "who wrote the handbook", required=True),
    "offered": Field(boolean, "whether anything is offered: only under a licence", required=True),
    "interventions": Field(
        nested,
        "the interventions offered (none when nothing is)",
        required=True,
        shape=Records(INTERVENTION, most=catalogue.MAX_INTERVENTIONS),
    ),
}
"""A whole catalogue (``site/catalogue.json``)."""
