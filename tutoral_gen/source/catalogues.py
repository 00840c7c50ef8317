"""Catalogues of other handbooks: where ``project.yaml`` says they come from, their vendored
copies in ``content/catalogues/`` and the lock that pins them. No network here: ``tutoral
catalogue update`` fetches (``commands.catalogue``), the build reads only what it vendored.

A catalogue is untrusted input, read like content: every value is checked against the limits of
the format (ids, lengths, finite numbers, no control characters), its bodies are sanitised when
rendered like any sheet, its page addresses are links only, and nothing in it names a file.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..domain import catalogue as published
from ..domain.reuse import Catalogue, Offered, address_refusal
from ..domain.scenario import Kind, Mode, Per, SupportPlan, Synchrony
from ..errors import Path_, Problem
from .fields import (
    Field,
    Invalid,
    Reader,
    Records,
    boolean,
    choice,
    fail,
    fraction,
    identifier,
    label,
    listed,
    nested,
    non_negative,
    one_of,
    positive_number,
    title,
)
from .files import Content
from .settings import licence as licence_id
from .words import show, suggest

FORMAT = "tutoral-catalogue/1"
MAX_BYTES = 20_000_000
"""The largest catalogue read or fetched (20 MB)."""
MAX_ITEMS = 5_000
MAX_BODY = 100_000
FOLDER = "catalogues"
"""Inside ``content/``: ``<name>.json`` and ``lock.yaml``."""
LOCK = f"{FOLDER}/lock.yaml"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


def address(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """An ``https://`` address (``http://`` to this machine only), shown or fetched."""
    if not isinstance(value, str) or len(value) > 2000 or _CONTROL.search(value):
        fail("an https:// address", value)
    refusal = address_refusal(value)
    if refusal is not None:
        fail("an https:// address (plain http:// only to 127.0.0.1 or localhost)", value)
    return value


address.schema = {"type": "string", "pattern": "^https?://"}  # type: ignore[attr-defined]


def _body(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    if not isinstance(value, str) or len(value) > MAX_BODY:
        fail(f"a Markdown text of at most {MAX_BODY} characters", value)
    return value


def _page(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """A link: an absolute https address, or a path inside the source site (no ``..``)."""
    if isinstance(value, str) and "://" in value:
        return address(value)
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_./#-]{1,500}", value):
        fail("an https:// address or a path of the source site", value)
    if ".." in value.split("/") or value.startswith("/"):
        fail("a path inside the source site (no '..', no leading '/')", value)
    return value


def _minutes(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> list[float]:
    if not isinstance(value, dict) or set(value) != {"min", "max"}:
        fail("{min: <minutes>, max: <minutes>}", value)
    low, high = non_negative(value["min"]), non_negative(value["max"])
    if low > high:
        fail("min <= max", value)
    return [low, high]


def _digest(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    if isinstance(value, str) and _DIGEST.fullmatch(value):
        return value
    fail("sha256:<64 hexadecimal digits>", value)


ITEM = {
    "id": Field(identifier, "the intervention's id in the source", required=True),
    "title": Field(title, "its title", required=True),
    "kind": Field(choice(Kind), "structural or conjunctural", required=True),
    "mode": Field(choice(Mode), "proactive, reactive or both", required=True),
    "support_plans": Field(listed(choice(SupportPlan)), "the support plans"),
    "objectives": Field(listed(identifier), "the generic objectives it serves"),
    "minutes": Field(_minutes, "minutes per unit, or null with a norm"),
    "norm": Field(identifier, "a norm's id"),
    "per": Field(choice(Per), "session, learner or group"),
    "share": Field(fraction, "the fraction of learners concerned"),
    "count": Field(positive_number, "how many times"),
    "channel_kind": Field(identifier, "the kind of its channel"),
    "tool": Field(title, "the communication tool"),
    "synchrony": Field(choice(Synchrony), "synchronous or asynchronous"),
    "body": Field(_body, "the sheet's Markdown body"),
    "page": Field(_page, "where its sheet is published"),
    "digest": Field(_digest, "sha256 of its canonical JSON", required=True),
}
TOP = {
    "format": Field(one_of(FORMAT), "the format's name and version", required=True),
    "title": Field(title, "the source handbook's title", required=True),
    "site_url": Field(address, "its address"),
    "version": Field(label(100), "its version (git describe)"),
    "language": Field(one_of("fr", "en"), "its language"),
    "licence": Field(licence_id, "its licence (SPDX id); null: nothing offered"),
    "authors": Field(listed(title), "who wrote it"),
    "offered": Field(boolean, "whether it offers its interventions for reuse"),
    "interventions": Field(nested, "what it offers", shape=Records(ITEM)),
}
SCENARIO_KEYS: tuple[str, ...] = ("title", "kind", "mode", "support_plans", "objectives")
SCENARIO_KEYS += ("minutes", "norm", "per", "share", "count", "tool", "synchrony")
"""The fields of an offered item a scenario's intervention takes (and may override)."""


def digest_of(data: bytes) -> str:
    """A whole file's digest, as the lock keeps it."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def item_digest(item: Mapping[str, Any]) -> str:
    """An item's digest, computed as the publishing build computes it (one canonical JSON:
    :func:`tutoral_gen.domain.catalogue.canonical`)."""
    return published.digest(item)


def parse(name: str, data: bytes, shown: str) -> tuple[Catalogue | None, list[Problem]]:
    """A catalogue read from ``data``, or None and every problem, each named ``shown``
    (``catalogue tad`` or ``content/catalogues/tad.json``) with where it is in the file."""
    if len(data) > MAX_BYTES:
        return None, [Problem(shown, f"too large ({len(data)} bytes, at most {MAX_BYTES})")]
    try:
        raw = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return None, [Problem(shown, f"not a JSON catalogue: {str(exc)[:200]}")]
    read = Reader(shown)
    try:
        _controls(raw, (), read)
    except RecursionError:  # JSON nested as deep as the parser allows: no catalogue is
        return None, [Problem(shown, "not a JSON catalogue: nested too deeply")]
    top = read.record(raw, (), TOP)
    if top is None or read.problems:
        return None, read.problems
    items = _items(read, top.get("interventions"))
    if read.problems:
        return None, read.problems
    offered = top.get("offered", False) and top.get("licence") is not None
    return Catalogue(
        name=name,
        title=top["title"],
        site_url=top.get("site_url"),
        version=top.get("version"),
        licence=top.get("licence"),
        authors=tuple(top.get("authors", ())),
        items=items if offered else {},
    ), []


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a catalogue may hold")


def _controls(value: Any, path: Path_, read: Reader) -> None:
    """Control characters anywhere (but a body's newlines and tabs): they could rewrite a
    terminal's output or hide text."""
    if isinstance(value, str):
        found = _CONTROL.search(value)
        if found is not None or (("\n" in value or "\t" in value) and path[-1:] != ("body",)):
            read.problem(path, f"control characters are not allowed, found {show(value)}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _controls(key, path, read)
            _controls(item, (*path, key), read)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            _controls(item, (*path, n), read)
    elif isinstance(value, float) and not math.isfinite(value):
        read.problem(path, "expected a finite number")


def _items(read: Reader, raw: Any) -> dict[str, Offered]:
    if isinstance(raw, list) and len(raw) > MAX_ITEMS:
        read.problem(("interventions",), f"{len(raw)} interventions, at most {MAX_ITEMS}")
        return {}
    out: dict[str, Offered] = {}
    seen: set[str] = set()
    for index, item in read.records(raw, ("interventions",), ITEM):
        at: Path_ = ("interventions", index)
        if item["id"].lower() in seen:
            read.problem((*at, "id"), f"duplicate id {item['id']!r}")
        seen.add(item["id"].lower())
        original = raw[index]
        if item_digest(original) != item["digest"]:
            message = "does not match the item: it was changed after it was published"
            read.problem((*at, "digest"), message)
        fields = {k: original[k] for k in SCENARIO_KEYS if original.get(k) is not None}
        if fields.get("per") != "learner":  # a writer may give the default share of 1
            fields.pop("share", None)
        if "minutes" in item:
            low, high = item["minutes"]
            fields["minutes"] = low if low == high else [low, high]
        out[item["id"]] = Offered(
            id=item["id"],
            title=item["title"],
            fields=fields,
            body=item.get("body"),
            page=item.get("page"),
            digest=item["digest"],
        )
    return out


@dataclass(frozen=True, slots=True)
class Source:
    """Where ``project.yaml`` says a catalogue comes from: an address or a path."""

    name: str
    url: str | None = None
    """``https://...`` (``http://`` to this machine only)."""
    path: str | None = None
    """A file, relative to the project folder."""

    @property
    def shown(self) -> str:
        return self.url or self.path or ""


SOURCE = {
    "url": Field(address, "the catalogue's address (https://.../catalogue.json)"),
    "path": Field(label(1000), "or its file, relative to the project folder"),
}


def sources(read: Reader, raw: Any) -> dict[str, Source]:
    """The ``catalogues:`` of ``project.yaml``: a name -> {url: ...} or {path: ...}."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        read.problem(("catalogues",), f"expected a mapping of names to sources, found {show(raw)}")
        return {}
    out = {}
    for name, value in raw.items():
        at: Path_ = ("catalogues", name)
        try:
            identifier(name)
        except Invalid as exc:
            read.problem(at, exc.message, at="key")
            continue
        record = read.record(value, at, SOURCE)
        if record is None:
            continue
        if len(record) != 1:
            read.problem(at, "expected either 'url' or 'path' (one of the two)")
            continue
        out[name] = Source(name, record.get("url"), record.get("path"))
    return out


LOCK_ENTRY = {
    "source": Field(label(1000), "where it was fetched from", required=True),
    "version": Field(label(100), "the source handbook's version then"),
    "digest": Field(_digest, "sha256 of the vendored file", required=True),
    "date": Field(label(40), "when it was fetched (YYYY-MM-DD)"),
}


def lock(content: Content, read: Reader) -> dict[str, dict[str, Any]]:
    """The entries of ``content/catalogues/lock.yaml`` by catalogue name (none: no file)."""
    doc = content.yaml.get(LOCK)
    if doc is None or doc.data is None:
        return {}
    top = read.record(doc.data, (), {"catalogues": Field(nested, "the vendored catalogues")})
    raw = (top or {}).get("catalogues") or {}
    if not isinstance(raw, dict):
        read.problem(("catalogues",), f"expected a mapping of names, found {show(raw)}")
        return {}
    entries = {
        str(name): read.record(entry, ("catalogues", name), LOCK_ENTRY)
        for name, entry in raw.items()
    }
    return {name: entry for name, entry in entries.items() if entry is not None}


def vendored(
    content: Content, named: Mapping[str, Source], read_lock: Reader
) -> tuple[dict[str, Catalogue], list[Problem]]:
    """The vendored catalogues that hold: each named in ``project.yaml``, pinned by the lock
    with the digest of its file (a file edited by hand is an error), and valid."""
    entries, problems, out = lock(content, read_lock), [], {}
    for rel, data in sorted(content.catalogues.items()):
        name, shown = rel[:-5], f"{content.prefix}{FOLDER}/{rel}"
        entry = entries.get(name)
        if name not in named:
            hint = suggest(name, named)
            message = f"no catalogue {name!r} in project.yaml's catalogues{hint}; remove the file"
            problems.append(Problem(shown, message))
        elif entry is None:
            message = f"not in {LOCK}: run tutoral catalogue update {name}"
            problems.append(Problem(shown, message))
        elif digest_of(data) != entry["digest"]:
            message = (
                f"its digest {digest_of(data)[:19]}… is not the lock's {entry['digest'][:19]}…:"
                f" the file was changed by hand; run tutoral catalogue update {name}"
            )
            problems.append(Problem(shown, message))
        else:
            catalogue, found = parse(name, data, shown)
            problems += found
            if catalogue is not None:
                out[name] = catalogue
    return out, problems
