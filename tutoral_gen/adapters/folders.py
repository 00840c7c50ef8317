"""Whole folders swapped in at once, leftovers of killed builds removed, one build at a time.

``site/`` is always a complete tree: a new site is built beside it and exchanged with it in one
system call (Linux's ``renameat2`` with ``RENAME_EXCHANGE``); elsewhere, or where the kernel
refuses, two renames follow each other and a reader may find no ``site/`` for that instant. A
``site/`` that is a mount point cannot be renamed at all (EBUSY): its content is replaced in
place, entry by entry.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import FaultError

LOCK = ".tutoral.lock"
"""The file a build holds in the project folder while it writes."""
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (the caller falls back)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EXDEV, errno.EBUSY, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(staging: Path, target: Path) -> None:
    """Put the complete tree ``staging`` in place of ``target``, never leaving no ``target``."""
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # the old tree, now at the staging path
        return
    if os.path.ismount(target):
        _replace_content(staging, target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _replace_content(staging: Path, target: Path) -> None:
    """A mount point cannot be renamed: move the new entries in, then drop the old ones."""
    fresh = {entry.name for entry in staging.iterdir()}
    for entry in target.iterdir():
        if entry.name not in fresh:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in staging.iterdir():
        dest = target / entry.name
        if dest.is_dir() and not dest.is_symlink():
            shutil.rmtree(dest)
        elif dest.exists() or dest.is_symlink():
            dest.unlink()
        entry.rename(dest)
    staging.rmdir()


def leftovers(folder: Path) -> None:
    """Remove what killed builds left beside ``folder`` (``.site.tmp-*``, ``.site.old-*``)."""
    for path in folder.parent.glob(f".{folder.name}.*-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def one_build(root: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the project's lock while building: a second build waits for the first."""
    try:
        handle = open(root / LOCK, "a+b")  # noqa: SIM115  # held for the whole block
    except OSError as exc:
        raise FaultError.of(exc, "lock") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()
