"""The catalogue's format (``tutoral-catalogue/1``) as tables of fields: the one description from
which ``catalogue.schema.json`` is generated (:mod:`.schema`), and with which a reader checks
another handbook's catalogue like content (:meth:`.fields.Reader.record`, in
:func:`.catalogues.parse`): a value the schema accepts is one the reader reads, and the reverse
(``tests/test_catalogue_format.py``). Only what relates values is the reader's alone, as JSON
Schema cannot say it: ``min <= max``, an item's digest, ids unique.

The build writes the catalogue from the model (:mod:`..domain.catalogue`), within these bounds:
validation refuses, in a handbook that offers its interventions, what would exceed them.
"""

from __future__ import annotations

import re
from typing import Any

from ..domain import catalogue
from ..domain.reuse import address_refusal
from ..domain.scenario import Kind, Mode, Per, SupportPlan, Synchrony
from ..errors import Path_
from . import settings
from .fields import (
    MAX_LABEL,
    MAX_NUMBER,
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
    positive_number,
)


def nullable(item: Convert) -> Convert:
    """A value that may also be ``null``: a file written by a program (a catalogue) says
    "none" explicitly where content leaves the key out."""

    def convert(value: Any, reader: Reader, path: Path_) -> Any:
        return None if value is None else item(value, reader, path)

    convert.nullable = item  # type: ignore[attr-defined]  # read by schema.py
    return convert


# --- texts and addresses: a catalogue is untrusted, and its texts reach terminals and pages ---

_ONE_LINE = "^[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff]*$"
"""No control character, no line end, no tab (JSON Schema, as :func:`one_line` checks)."""
_BREAK = re.compile(r"[\t\n\r]")
_LINES = "^[^\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff]*$"
"""No control character but ``\\n`` and tabs (JSON Schema, as :func:`multiline` checks)."""


def one_line(limit: int, expected: str = "a text") -> Convert:
    """A label of at most ``limit`` characters on one line: a title, a version, an author's name
    (a line end or a control character could hide text or rewrite a terminal's output)."""
    short = label(limit, numbers=False, expected=expected)

    def convert(value: Any, reader: Reader, path: Path_) -> str:
        out: str = short(value, reader, path)
        if catalogue.control_character(value) is not None or _BREAK.search(value):
            fail(f"{expected} on one line, without control characters", value)
        return out

    convert.schema = {**short.schema, "pattern": _ONE_LINE}  # type: ignore[attr-defined]
    return convert


def multiline(limit: int, expected: str, *, empty: bool = False) -> Convert:
    """A text of at most ``limit`` characters whose lines end with ``\\n`` (as the writer gives
    them), no control character but line ends and tabs; ``empty``: it may be ``""``."""

    def convert(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
        if not isinstance(value, str) or not (empty or value.strip()):
            fail(expected, value)
        if len(value) > limit:
            fail(f"{expected} of at most {limit} characters", value[:40])
        if "\r" in value or catalogue.control_character(value) is not None:
            fail(f"{expected} without control characters (but line ends \\n and tabs)", value[:40])
        return value

    schema = {"type": "string", "minLength": 0 if empty else 1, "maxLength": limit}
    convert.schema = {**schema, "pattern": _LINES}  # type: ignore[attr-defined]
    return convert


def at_most(most: int, item: Convert) -> Convert:
    """A list of at most ``most`` items, each through ``item``."""
    each = listed(item)

    def convert(value: Any, reader: Reader, path: Path_) -> tuple[Any, ...]:
        if isinstance(value, list) and len(value) > most:
            fail(f"a list of at most {most} items", f"{len(value)} items")
        result: tuple[Any, ...] = each(value, reader, path)
        return result

    convert.item, convert.most = item, most  # type: ignore[attr-defined]  # read by schema.py
    return convert
    return convert


MAX_ADDRESS = 2_000
"""The longest address (``site_url``, an item's ``page``)."""
_WEB = "^(https://[^/?#]|http://(localhost|127\\.[0-9.]+|\\[::1\\])([:/?#]|$))"
"""https, or plain http to this machine only (JSON Schema, as :func:`address` checks)."""


@described(
    {
        "type": "string",
        "maxLength": MAX_ADDRESS,
        "allOf": [{"pattern": _WEB}, {"pattern": _ONE_LINE}],
    }
)
def address(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """An ``https://`` address (``http://`` to this machine only): a link, or where a catalogue
    is fetched from."""
    expected = "an https:// address"
    if not isinstance(value, str) or len(value) > MAX_ADDRESS or _BREAK.search(value):
        fail(expected, value)
    if catalogue.control_character(value) is not None or address_refusal(value) is not None:
        fail(f"{expected} (plain http:// only to 127.0.0.1 or localhost)", value)
    return value


_SITE_PATH = re.compile(r"[A-Za-z0-9_./#-]{1,500}")


@described(
    {
        "anyOf": [
            address.schema,  # type: ignore[attr-defined]
            {"type": "string", "pattern": f"^(?!/)(?!(.*/)?\\.\\.(/|$)){_SITE_PATH.pattern}$"},
        ]
    }
)
def page(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """A link: an absolute https address, or a path inside the source site (no ``..``)."""
    if isinstance(value, str) and "://" in value:
        return address(value)
    if not isinstance(value, str) or not _SITE_PATH.fullmatch(value):
        fail("an https:// address or a path of the source site", value)
    if ".." in value.split("/") or value.startswith("/"):
        fail("a path inside the source site (no '..', no leading '/')", value)
    return value


line = one_line(MAX_LABEL)
"""A title or a name, on one line."""
version = one_line(200, "a version such as v1.2")
"""A handbook's version (``git describe``)."""


@described(
    {
        "anyOf": [
            {
                "type": "object",
                "properties": {
                    "min": {"type": "number", "minimum": 0, "maximum": MAX_NUMBER},
                    "max": {"type": "number", "minimum": 0, "maximum": MAX_NUMBER},
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


body = multiline(catalogue.MAX_BODY, "a Markdown text", empty=True)
"""A sheet's Markdown body (its message templates and interview guides)."""
paragraph = multiline(catalogue.MAX_TEXT, "a text")
"""An intervention's objective or one of its success indicators."""


_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


@described({"type": "string", "pattern": f"^{_DIGEST.pattern}$"})
def digest(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    if isinstance(value, str) and _DIGEST.fullmatch(value):
        return value
    fail("sha256: and 64 lower-case hex digits", value)


INTERVENTION = {
    "id": Field(identifier, "the intervention's id in its handbook", required=True),
    "title": Field(line, "what the tutor does", required=True),
    "kind": Field(choice(Kind), "structural or conjunctural", required=True),
    "mode": Field(choice(Mode), "proactive, reactive or both", required=True),
    "support_plans": Field(listed(choice(SupportPlan)), "the support plans it invests"),
    "objectives": Field(listed(identifier), "the generic objectives it serves, by id"),
    "objective": Field(
        nullable(paragraph),
        "what it aims at, or null (absent from catalogues published before it)",
    ),
    "indicators": Field(
        at_most(catalogue.MAX_INDICATORS, paragraph),
        "how its success is seen (absent from catalogues published before them)",
    ),
    "minutes": Field(bounds, "minutes per unit {min, max}; null when a norm gives them"),
    "norm": Field(nullable(identifier), "the id of the norm giving the minutes, or null"),
    "per": Field(choice(Per), "session, learner or group", required=True),
    "share": Field(fraction, "with per: learner, the fraction of learners", required=True),
    "count": Field(positive_number, "how many times, or of the norm's units", required=True),
    "channel_kind": Field(
        nullable(one_of(*catalogue.CHANNEL_KINDS)),
        "what carries its channel on the platform: messages, forum, or null",
    ),
    "tool": Field(nullable(line), "the communication tool, or null"),
    "synchrony": Field(nullable(choice(Synchrony)), "synchronous, asynchronous, or null"),
    "body": Field(body, "the sheet's Markdown body, message templates included", required=True),
    "page": Field(page, "its sheet: an https:// address or a path of its site", required=True),
    "digest": Field(digest, "sha256 of the item's canonical JSON without digest", required=True),
}
"""One intervention offered."""

CATALOGUE = {
    "format": Field(one_of(catalogue.FORMAT), "the format and its version", required=True),
    "title": Field(line, "the handbook's title", required=True),
    "site_url": Field(nullable(address), "where the handbook is published, or null"),
    "version": Field(
        nullable(version),
        "the handbook's version (git describe), or null",
    ),
    "language": Field(one_of(*settings.LANGUAGES), "the handbook's language", required=True),
    "licence": Field(nullable(settings.licence), "its SPDX licence id; null: nothing offered"),
    "authors": Field(at_most(settings.MAX_AUTHORS, line), "who wrote the handbook", required=True),
    "offered": Field(boolean, "whether anything is offered: only under a licence", required=True),
    "interventions": Field(
        nested,
        "the interventions offered (none when nothing is)",
        required=True,
        shape=Records(INTERVENTION, most=catalogue.MAX_INTERVENTIONS),
    ),
}
"""A whole catalogue (``site/catalogue.json``)."""
