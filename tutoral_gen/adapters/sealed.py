"""Caches kept between runs in ``build/.cache/``, sealed: pickles signed with a secret of this
machine's user.

They let the next ``tutoral build`` redo only what changed. A pickle can run code when it is
loaded, and ``build/`` lies in a project many contributors push to: a cache is loaded only when
its signature holds (HMAC-SHA256 with a secret made here, in the user's own cache folder, that
no repository carries) over its data and its key, and the key names the code that wrote it (a
digest of tutoral_gen's sources). Anything else (absent, forged, written by other code,
truncated) reads as no cache: the build is then full, never wrong.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from stat import S_ISREG
from typing import Any

from .. import cycles
from ..errors import FaultError

FOLDER = ".cache"
"""The caches' folder inside ``build/`` (spared when the generated files are synchronised)."""
MAGIC = b"tutoral1"


def load(path: Path, *key: object) -> Any | None:
    """The value saved at ``path`` under the same ``key``, or None."""
    secret = _secret()
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if secret is None or not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + 32:
        return None
    mac, data = raw[len(MAGIC) : len(MAGIC) + 32], raw[len(MAGIC) + 32 :]
    if not hmac.compare_digest(mac, _mac(secret, key, data)):
        return None
    try:
        with cycles.off():  # half a million objects, no cycle among them
            value = pickle.loads(data)
    except Exception:  # signed by us, yet unreadable (a class renamed): no cache
        return None
    cycles.settled()
    return value


def save(path: Path, value: Any, *key: object) -> None:
    """Write ``value`` at ``path`` under ``key``, atomically; without a secret, nothing."""
    secret = _secret()
    if secret is None:
        return
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(MAGIC + _mac(secret, key, data) + data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FaultError.of(exc, "write") from None


def save_aside(path: Path, value: Any, *key: object) -> Callable[[], None]:
    """:func:`save` in a child process while the caller goes on (the site is built on the
    other core); return the function that waits for it. A child that fails leaves no cache."""
    if not hasattr(os, "fork"):
        save(path, value, *key)
        return lambda: None
    pid = os.fork()
    if pid == 0:  # the child: save, and leave without running the parent's exit handlers
        code = 1
        try:
            save(path, value, *key)
            code = 0
        finally:
            os._exit(code)

    def wait() -> None:
        _pid, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            forget(path)

    return wait


def forget(path: Path) -> None:
    """Remove the cache at ``path`` before changing what it describes: a run killed before it
    saves again leaves no cache, and the next run does everything."""
    try:
        path.unlink()
    except (FileNotFoundError, NotADirectoryError):
        pass  # no cache there, nor can one be
    except OSError as exc:
        raise FaultError.of(exc, "remove") from None


def _mac(secret: bytes, key: tuple[object, ...], data: bytes) -> bytes:
    head = repr((_code(), sys.version, key)).encode()
    mac = hmac.new(secret, hashlib.sha256(head).digest(), hashlib.sha256)
    mac.update(data)
    return mac.digest()


@cache
def _code() -> str:
    """A digest of tutoral_gen's sources: a cache written by other code is not read."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def _secret() -> bytes | None:
    """This user's secret (made once, readable by them alone), or None where none can be
    kept: caches are then neither read nor written."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base, "tutoral_gen", "secret")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
        meta = path.lstat()
        if meta.st_uid != os.getuid() or meta.st_mode & 0o077 or not S_ISREG(meta.st_mode):
            return None  # someone else's, or readable by others: not a secret
        secret = path.read_bytes()
    except OSError:
        return None
    return secret if len(secret) == 32 else None
