"""Incremental, atomic writing of the generated folder.

Only files whose bytes changed are rewritten (each through a temporary file and ``os.replace``, so
a reader never sees half a page), files that are no longer generated are removed, and nothing
outside the output folder is ever touched.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import FaultError
from ..stamps import prefix
from . import sealed
from .folders import leftovers


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a sync changed."""

    written: tuple[str, ...]
    """Files created or rewritten."""
    removed: tuple[str, ...]
    """Files deleted because they are no longer generated."""
    unchanged: int
    """Files left as they were."""


def _safe(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    return path


def sync(
    out_dir: Path, files: Mapping[str, bytes], *, kept: frozenset[str] = frozenset()
) -> WriteReport:
    """Make ``out_dir`` hold exactly ``files`` (relative path -> bytes) and the ``kept`` files
    already there, untouched; an operating-system refusal (read-only, disk full...) is a
    :class:`FaultError` naming the path."""
    try:
        leftovers(out_dir)
        return _sync(out_dir, files, kept)
    except OSError as exc:
        raise FaultError.of(exc, "write") from None


def _sync(out_dir: Path, files: Mapping[str, bytes], kept: frozenset[str]) -> WriteReport:
    if not out_dir.exists():
        return _create(out_dir, files)
    out_dir.mkdir(parents=True, exist_ok=True)
    root = out_dir.resolve()
    checked: set[Path] = set()  # folders made and checked once, not once per file
    written, unchanged = [], 0
    for rel, data in sorted(files.items()):
        target = out_dir / _safe(rel)
        folder = target.parent
        if folder not in checked:
            folder.mkdir(parents=True, exist_ok=True)
            # A link planted inside the output folder must not lead a write outside it.
            if not folder.resolve().is_relative_to(root):
                raise ValueError(f"refusing to write through a link: {rel!r}")
            checked.add(folder)
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                unchanged += 1
                continue
        except FileNotFoundError:
            pass
        _replace(target, data)
        written.append(rel)
    removed = _prune(out_dir, set(files) | kept)
    return WriteReport(tuple(written), tuple(removed), unchanged + len(kept))


def _create(out_dir: Path, files: Mapping[str, bytes]) -> WriteReport:
    """A first generation: plain writes into a staging folder renamed into place at the end.

    The rename makes the whole folder appear at once, which spares a rename per file (the
    costliest part of writing 10,000 small files).
    """
    staging = out_dir.with_name(f".{out_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        folders: set[Path] = set()
        for rel, data in sorted(files.items()):
            target = staging / _safe(rel)
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            target.write_bytes(data)
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteReport(tuple(sorted(files)), (), 0)


def replace_file(target: Path, data: bytes) -> None:
    """Write one file all or nothing (its folder made if need be); a refusal of the system is
    a :class:`FaultError` naming the path."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target, data)
    except OSError as exc:
        raise FaultError.of(exc, "write") from None


def replace_stream(target: Path, chunks: Iterable[str], encoding: str = "utf-8") -> int:
    """Write a file from pieces of text, all or nothing: a failure midway (an exception from
    ``chunks`` included) leaves ``target`` as it was. Returns the bytes written."""
    tmp = target.with_name(f".tmp-{os.getpid()}-{target.name}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        with open(tmp, "w", encoding=encoding, newline="") as handle:
            for chunk in chunks:
                size += handle.write(chunk)
        os.replace(tmp, target)
        return size
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FaultError.of(exc, "write") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def secret(path: Path, new: bytes | None = None) -> bytes:
    """The key kept in ``path`` (made, readable by its owner alone, when there is none: ``new``
    if given, else random bytes)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise FaultError.of(exc, "read") from None
    key = new or os.urandom(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
    except FileExistsError:  # another run made it meanwhile
        return path.read_bytes()
    except OSError as exc:
        raise FaultError.of(exc, "write") from None
    return key


def _replace(target: Path, data: bytes) -> None:
    """Write a temporary file beside ``target``, then rename it over: all or nothing."""
    tmp = target.with_name(f".tmp-{os.getpid()}-{target.name}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _prune(out_dir: Path, keep: set[str]) -> list[str]:
    """Remove the files not in ``keep``, and the folders left empty; the caches' folder
    (``build/.cache/``) is not the generator's to prune."""
    removed = []
    top = os.fspath(out_dir)
    for folder, dirs, names in os.walk(top, topdown=False):
        base = prefix(folder, top)
        if base.startswith(f"{sealed.FOLDER}/"):
            continue
        for name in names:
            if base + name not in keep:
                os.unlink(os.path.join(folder, name))
                removed.append(base + name)
        for name in dirs:
            child = os.path.join(folder, name)
            if base + name != sealed.FOLDER and not os.path.islink(child) and not os.listdir(child):
                os.rmdir(child)
    return sorted(removed)
