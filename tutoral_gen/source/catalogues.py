"""Catalogues of other handbooks: where ``project.yaml`` says they come from, their vendored
copies in ``content/catalogues/`` and the lock that pins them. No network here: ``tutoral
catalogue update`` fetches (``commands.catalogue``), the build reads only what it vendored.

A catalogue is untrusted input, read like content: every value is checked with the format's
tables (:mod:`.catalogue_format`, from which its JSON Schema is generated: ids, lengths, finite
numbers, no control characters), each problem located in the JSON text; its bodies are sanitised
when rendered like any sheet, its page addresses are links only, and nothing in it names a file.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..domain import catalogue as published
from ..domain.reuse import Catalogue, Offered
from ..errors import Path_, Problem
from . import catalogue_format
from .fields import Field, Invalid, Reader, Records, identifier, label, nested
from .files import Content
from .words import show, suggest

FOLDER = "catalogues"
"""Inside ``content/``: ``<name>.json`` and ``lock.yaml``."""
LOCK = f"{FOLDER}/lock.yaml"
SCENARIO_KEYS: tuple[str, ...] = ("title", "kind", "mode", "support_plans", "objectives")
SCENARIO_KEYS += ("objective", "indicators", "minutes", "norm", "per", "share", "count")
SCENARIO_KEYS += ("tool", "synchrony")
"""The fields of an offered item a scenario's intervention takes (and may override)."""


def digest_of(data: bytes) -> str:
    """A whole file's digest, as the lock keeps it."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def parse(name: str, data: bytes, shown: str) -> tuple[Catalogue | None, list[Problem]]:
    """A catalogue read from ``data`` with the format's tables (:mod:`.catalogue_format`), or
    None and every problem, each named ``shown`` (``catalogue tad`` or
    ``content/catalogues/tad.json``) with its line and column in the file."""
    if len(data) > published.MAX_BYTES:
        message = f"too large ({len(data)} bytes, at most {published.MAX_BYTES})"
        return None, [Problem(shown, message)]
    try:
        text = data.decode("utf-8")
        raw = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:  # where the text stops being JSON
        message = f"not a JSON catalogue: {exc.msg[:200]}"
        return None, [Problem(shown, message, line=exc.lineno, column=exc.colno)]
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return None, [Problem(shown, f"not a JSON catalogue: {str(exc)[:200]}")]
    read = Reader(shown)
    top = read.record(raw, (), catalogue_format.CATALOGUE)
    items = _items(read, raw["interventions"]) if top is not None else {}
    if top is None or read.problems:
        return None, located(read.problems, text)
    offered = top["offered"] and top.get("licence") is not None
    return Catalogue(
        name=name,
        title=top["title"],
        site_url=top.get("site_url"),
        version=top.get("version"),
        licence=top.get("licence"),
        authors=top["authors"],
        items=items if offered else {},
    ), []


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a catalogue may hold")


def _items(read: Reader, raw: Any) -> dict[str, Offered]:
    """The offered items, read with the format's table; their digests checked."""
    shape = catalogue_format.CATALOGUE["interventions"].shape
    most = shape.most if isinstance(shape, Records) else None
    if isinstance(raw, list) and most is not None and len(raw) > most:
        read.problem(("interventions",), f"{len(raw)} interventions, at most {most}")
        return {}
    out: dict[str, Offered] = {}
    seen: set[str] = set()
    for index, item in read.records(raw, ("interventions",), catalogue_format.INTERVENTION):
        at: Path_ = ("interventions", index)
        if item["id"].lower() in seen:
            read.problem((*at, "id"), f"duplicate id {item['id']!r}")
        seen.add(item["id"].lower())
        original = raw[index]
        if published.digest(original) != item["digest"]:  # as the build computed it
            message = "does not match the item: it was changed after it was published"
            read.problem((*at, "digest"), message)
        out[item["id"]] = Offered(
            id=item["id"],
            title=item["title"],
            fields=_scenario_fields(item, original),
            body=item["body"],
            page=item["page"],
            digest=item["digest"],
        )
    return out


def _scenario_fields(item: Mapping[str, Any], original: Mapping[str, Any]) -> dict[str, Any]:
    """An item's fields as a scenario writes them (raw, validated again with the scenario)."""
    fields = {k: original[k] for k in SCENARIO_KEYS if original.get(k) is not None}
    if fields.get("per") != "learner":  # a writer gives the default share of 1
        fields.pop("share", None)
    if not fields.get("indicators"):
        fields.pop("indicators", None)
    if item.get("minutes") is not None:
        low, high = item["minutes"]["min"], item["minutes"]["max"]
        fields["minutes"] = low if low == high else [low, high]
    return fields


_SPACE = re.compile(r"[ \t\n\r]*")


class _Positions:
    """Where values sit in a JSON text, found on demand: each container on a path is scanned
    once (its children's keys and starts), so that every problem of a large catalogue is
    located in one pass over it."""

    def __init__(self, text: str) -> None:
        self.text, self.decoder = text, json.JSONDecoder()
        self.children: dict[int, dict[str | int, tuple[int, int]]] = {}
        self.lines = [0] + [found.end() for found in re.finditer("\n", text)]
        """Where each line starts."""

    def of(self, path: Path_, at: str) -> tuple[int, int]:
        """The 1-based (line, column) of ``path`` (``at="key"``: of its key), or of its nearest
        parent found."""
        best = start = self._skip(0)
        for depth, step in enumerate(path):
            found = self._scan(start).get(step)
            if found is None:
                break
            key, start = found
            best = key if at == "key" and depth == len(path) - 1 else start
        line = bisect.bisect_right(self.lines, best)
        return line, best - self.lines[line - 1] + 1

    def _skip(self, position: int) -> int:
        found = _SPACE.match(self.text, position)
        return found.end() if found else position

    def _scan(self, start: int) -> dict[str | int, tuple[int, int]]:
        """The children of the container at ``start``: key or index -> (key start, value
        start); none for a scalar. Where the text is not as expected (it parsed, so only a
        nesting too deep), the children found so far: the others fall back to a parent."""
        if start not in self.children:
            self.children[start] = {}
            with contextlib.suppress(ValueError, IndexError, RecursionError):
                self._children(start, self.children[start])
        return self.children[start]

    def _children(self, start: int, out: dict[str | int, tuple[int, int]]) -> None:
        text, opener = self.text, self.text[start : start + 1]
        if opener not in ("{", "["):
            return
        position = self._skip(start + 1)
        while text[position] not in "]}":
            key: str | int = len(out)
            key_at = position
            if opener == "{":
                key, position = self.decoder.raw_decode(text, position)
                position = self._skip(self._skip(position) + 1)  # past the ':'
            out.setdefault(key, (key_at, position))
            position = self._skip(self.decoder.raw_decode(text, position)[1])
            if text[position] == ",":
                position = self._skip(position + 1)


def located(problems: list[Problem], text: str) -> list[Problem]:
    """The problems of a catalogue, each with its line and column in the JSON ``text``."""
    positions = _Positions(text)
    return [p.located(*positions.of(p.path, p.at)) if p.path else p for p in problems]


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
    "url": Field(catalogue_format.address, "the catalogue's address (https://.../catalogue.json)"),
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
    "version": Field(catalogue_format.version, "the source handbook's version then"),
    "digest": Field(catalogue_format.digest, "sha256 of the vendored file", required=True),
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
