"""``tutoral catalogue update``: fetch the catalogues ``project.yaml`` names, check them, show
what changed upstream for the items the handbook reuses and what it does to the figures, then
vendor them in ``content/catalogues/`` with the lock that pins them.

Nothing is written unless every catalogue asked for is valid and the handbook stays valid with
them; ``--dry-run`` only prints. The build never comes here: it reads the vendored copies.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .. import pipeline
from ..adapters import fetch, write
from ..clock import today
from ..domain.catalogue import MAX_BYTES
from ..domain.figures import Figures, compute
from ..domain.project import Project
from ..domain.reuse import Catalogue, Offered
from ..errors import ContentError, Problem, UsageError
from ..render import urls
from ..source import catalogues, validate, yamlio
from ..source.catalogues import LOCK, Source, digest_of
from ..source.fields import Reader
from ..source.files import Content, Document, Loader
from ..source.words import suggest
from . import diff

Fetcher = Callable[[str], bytes]
"""Reads an address (``adapters.fetch.get``; tests give their own server's)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Fetched:
    """A catalogue fetched and found valid, not yet vendored."""

    source: Source
    data: bytes
    catalogue: Catalogue


def update(
    paths: pipeline.Paths,
    name: str | None,
    today: datetime.date,
    *,
    dry_run: bool = False,
    fetcher: Fetcher = fetch.get,
) -> list[str]:
    """Fetch, check, compare and (unless ``dry_run``) vendor; the lines to print."""
    content = Loader().read(paths.content, paths.root)
    chosen = _chosen(content, name)
    fetched = [_fetch(paths.root, source, fetcher) for source in chosen]
    before = _validated(content)
    after_content = _with(content, fetched, today)
    after = _validated(after_content)
    if isinstance(after, list):
        lead = Problem(
            f"{content.prefix}{LOCK}", "with the catalogues fetched, the handbook has errors"
        )
        raise ContentError([lead, *after])
    lines = []
    for item in fetched:
        lines += _changes(content, item)
    if not isinstance(before, list):
        old, new = _unpinned(before[0]), _unpinned(after[0])
        lines.append(diff.as_table(diff.compare(old, before[1], new, after[1]), old, new))
    if dry_run:
        lines.append("dry run: nothing was written")
        return lines
    for item in fetched:
        target = paths.content / catalogues.FOLDER / f"{item.source.name}.json"
        write.replace_file(target, item.data)
    write.replace_file(paths.content / LOCK, after_content.yaml[LOCK].text.encode())
    lines.append(f"vendored {len(fetched)} catalogue(s) in {content.prefix}{catalogues.FOLDER}/")
    return lines


def _chosen(content: Content, name: str | None) -> list[Source]:
    """The sources of ``project.yaml`` to update: all, or the one named."""
    doc = content.yaml.get("project.yaml")
    read = Reader(doc.rel if doc is not None else f"{content.prefix}project.yaml")
    raw = doc.data.get("catalogues") if doc is not None and isinstance(doc.data, dict) else None
    named = catalogues.sources(read, raw)
    if read.problems:
        raise ContentError(pipeline.locate(read.problems, content))
    if not named:
        raise UsageError("project.yaml names no catalogue: add catalogues: {NAME: {url: ...}}")
    if name is None:
        return list(named.values())
    if name not in named:
        raise UsageError(f"no catalogue {name!r} in project.yaml{suggest(name, named)}")
    return [named[name]]


def _fetch(root: Path, source: Source, fetcher: Fetcher) -> Fetched:
    shown = f"catalogue {source.name}"
    try:
        data = fetcher(source.url) if source.url else _read(root, source.path or "")
    except fetch.Refused as exc:
        raise ContentError([Problem(shown, f"{source.shown[:80]}: {exc}")]) from None
    catalogue, problems = catalogues.parse(source.name, data, shown)
    if catalogue is None:
        raise ContentError(problems)
    return Fetched(source, data, catalogue)


def _read(root: Path, path: str) -> bytes:
    """A catalogue file named by ``path:`` (relative to the project), bounded in size."""
    target = root / path
    try:
        if not target.is_file():
            raise fetch.Refused("no such file (build the other handbook first?)")
        if target.stat().st_size > MAX_BYTES:
            raise fetch.Refused(f"too large (at most {MAX_BYTES} bytes)")
        return target.read_bytes()
    except OSError as exc:
        raise fetch.Refused(f"cannot read it: {exc.strerror or exc}") from None


def _with(content: Content, fetched: list[Fetched], today: datetime.date) -> Content:
    """``content`` as it will be once the catalogues are vendored: their files and the lock."""
    old = content.yaml.get(LOCK)
    entries: dict[str, Any] = dict(catalogues.lock(content, Reader(""))) if old else {}
    for item in fetched:
        entries[item.source.name] = {
            "source": item.source.shown,
            "version": item.catalogue.version,
            "digest": digest_of(item.data),
            "date": today.isoformat(),
        }
    text = lock_text(entries)
    shown = f"{content.prefix}{LOCK}"
    files = dict(content.catalogues) | {f"{i.source.name}.json": i.data for i in fetched}
    yaml = dict(content.yaml) | {LOCK: Document(shown, text, yamlio.parse(text))}
    return dataclasses.replace(
        content, catalogues=files, yaml=yaml, problems=list(content.problems)
    )


def lock_text(entries: Mapping[str, Mapping[str, Any]]) -> str:
    """``lock.yaml``: one entry per catalogue, its values as JSON strings (valid YAML)."""
    lines = [
        "# Written by tutoral catalogue update: what each vendored catalogue is pinned to.",
        "catalogues:",
    ]
    for name in sorted(entries):
        lines.append(f"  {name}:")
        for key in ("source", "version", "digest", "date"):
            value = entries[name].get(key)
            if value is not None:
                lines.append(f"    {key}: {json.dumps(str(value), ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _unpinned(project: Project) -> Project:
    """The project without its items' provenance: a new version upstream is no change of the
    handbook's own (the lines above say what changed there)."""
    scenarios = tuple(
        dataclasses.replace(
            s,
            interventions=tuple(dataclasses.replace(i, provenance=None) for i in s.interventions),
        )
        for s in project.scenarios
    )
    return dataclasses.replace(project, scenarios=scenarios)


def _validated(content: Content) -> tuple[Project, Figures] | list[Problem]:
    """The project and its figures, or its errors."""
    project, problems = validate.project(content, urls.reserved(), today())
    errors = [p for p in problems if p.severity == "error"]
    if project is None or errors:
        return pipeline.locate(errors, content)
    return project, compute(project)


def used(content: Content, name: str) -> list[str]:
    """The ids of catalogue ``name`` that the scenarios' ``from:`` name, as written."""
    found = set()
    for rel, doc in content.yaml.items():
        data = doc.data if rel.startswith("scenarios/") and isinstance(doc.data, dict) else {}
        items = data.get("interventions")
        for item in items if isinstance(items, list) else []:
            ref = item.get("from") if isinstance(item, dict) else None
            if isinstance(ref, str) and ref.startswith(f"{name}:"):
                found.add(ref.split(":", 1)[1])
    return sorted(found)


def _changes(content: Content, fetched: Fetched) -> list[str]:
    """What changed upstream, since the vendored copy, in the items the handbook reuses."""
    name, new = fetched.source.name, fetched.catalogue
    old_data = content.catalogues.get(f"{name}.json")
    old = catalogues.parse(name, old_data, name)[0] if old_data is not None else None
    versions = f"{old.version if old else 'not vendored'} -> {new.version or 'no version'}"
    lines = [f"catalogue {name} ({fetched.source.shown}): {versions}"]
    for item_id in used(content, name):
        change = _item_change(old.items.get(item_id) if old else None, new.items.get(item_id))
        lines.append(f"  {item_id}: {change}")
    return lines


def _item_change(old: Offered | None, new: Offered | None) -> str:
    if new is None:
        return "removed upstream"
    if old is None:
        return "new"
    if old.digest == new.digest:
        return "unchanged"
    changes = []
    if old.title != new.title:
        changes.append(f"title: {old.title!r} -> {new.title!r}")
    for key in sorted(set(old.fields) | set(new.fields)):
        if key != "title" and old.fields.get(key) != new.fields.get(key):
            changes.append(f"{key}: {_shown(old.fields.get(key))} -> {_shown(new.fields.get(key))}")
    if old.body != new.body:
        changes.append("body changed")
    if old.page != new.page:
        changes.append("page moved")
    return "; ".join(changes) or "changed"


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:80]
