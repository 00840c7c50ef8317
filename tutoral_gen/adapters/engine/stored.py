"""``tutoral build`` after a small change: only the pages it touches are rendered again.

The last build left its record (:mod:`.record`) in ``build/.cache/``. The next build renders
what changed into a staging folder beside ``site/``, which holds only those files; when every
page has rendered, it deletes from ``site/`` the outputs of the removed files and moves the new
files in, each by one ``os.replace``: a failed build leaves ``site/`` as it was. The record is
removed before the first change to ``site/`` and written again after the last, so a build
killed in between leaves none, and the next build is full. A site folder changed since by
something else (``mkdocs build``, a hand) also makes it full.

A full build (the first, or after a change of the configuration or the templates, or without
a record) renders every page into the staging folder and swaps it in whole, as
:func:`.build_site` does; with a plugin other than search, it is ``mkdocs build`` itself.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import material
import mkdocs

from .. import sealed
from ..folders import swap_in
from . import parts
from .live import LiveSite, Update
from .record import Record

RECORD = "site.pickle"
"""The record's name in ``build/.cache/``."""
KEY = ("site", mkdocs.__version__, material.__version__)
"""A record written by other versions of MkDocs or Material is not read."""


def build(config_file: Path, site_dir: Path, cache: Path, whole: dict[str, Path]) -> Update:
    """Bring ``site_dir`` up to date with the docs, page by page when the record in ``cache``
    allows it."""
    record_file = cache / RECORD
    record = sealed.load(record_file, *KEY, str(site_dir.resolve()))
    staging = site_dir.with_name(f".{site_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    site = LiveSite(config_file, staging, whole=whole)
    if isinstance(record, Record):
        site.compiled = record.compiled
    try:
        if not isinstance(record, Record):
            record = None
            update = site.build("no record of the last build")
        elif not site_dir.is_dir() or _stamp(site_dir) != record.site:
            update = site.build("site/ changed since the last build")
        else:
            update = site.resume(record)
        sealed.forget(record_file)
        if update.full or record is None:
            swap_in(staging, site_dir)
        else:
            gone = record.files.keys() - (site.state.stamps if site.state else {}).keys()
            _merge(staging, site_dir, [record.files[uri].dest for uri in gone])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    fresh = site.record()
    if fresh is not None:
        sealed.save(record_file, _stamped(fresh, site_dir), *KEY, str(site_dir.resolve()))
    return update


def _merge(staging: Path, site_dir: Path, gone: list[str]) -> None:
    """Delete the outputs of removed files, then move each new file into ``site_dir``."""
    written = []
    for folder, _dirs, names in os.walk(staging):
        for name in names:
            written.append(os.path.relpath(os.path.join(folder, name), staging))
    for dest in set(gone) - set(written):
        if dest:
            parts.delete_output(site_dir, dest)
    for rel in written:
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, target)


def _stamp(folder: Path) -> tuple[int, int]:
    meta = folder.stat()
    return meta.st_ino, meta.st_mtime_ns


def _stamped(record: Record, site_dir: Path) -> Record:
    return dataclasses.replace(record, site=_stamp(site_dir))
