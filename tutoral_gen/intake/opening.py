"""Opening a file the intake is given (an export, an answers file, a review file, the key):
the one place that decides what may be read, and how much of it.

- A path is judged from its metadata (``os.stat``) before it is opened: a folder, a pipe (a
  FIFO, or ``/dev/fd/63`` from ``<(unzip -p logs.zip)``), a device (``/dev/zero``) or a socket is
  refused in one line that names it. A pipe is refused rather than read as a stream: an export
  is read several times (its format first, then its rows, a large one in parallel parts), which
  a pipe cannot give; ``unzip -p logs.zip > private/logs.csv`` makes it a file.
- The file is then opened without blocking (a FIFO swapped in meanwhile cannot hang the
  command) and checked again from its descriptor.
- What is read is capped by the caller's limit, checked on the size before a byte is read.
- A workbook (.xlsx, a zip) is judged from its central directory before openpyxl reads it
  (:func:`~tutoral_gen.source.workbooks.workbook_problem`, shared with the build).
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

ESCAPE = "tutoral-escape"
"""The decoding error handler of every text the intake reads: a byte that is not in the
encoding becomes a lone surrogate ``\\udcXX`` (as ``surrogateescape`` does, but for every byte,
0x00-0x7F included: a cut UTF-16 character or an unpaired UTF-16 surrogate), which the cells
read check for (:func:`~tutoral_gen.intake.delimited.undecoded`), so that the row is reported."""


def _escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(chr(0xDC00 + byte) for byte in bad), error.end


codecs.register_error(ESCAPE, _escape)


class Refused(ValueError):
    """A file the intake does not read; the message says why (without the file's name)."""


def _kind(mode: int) -> str | None:
    """What a path is when it is no regular file, as a message says it."""
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return (
            "a pipe, not a file: it can be read only once, and an export is read several times;"
            " save it to a file first (unzip -p logs.zip > private/logs.csv)"
        )
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return None


def checked(path: Path, limit: int | None = None, what: str = "file") -> int:
    """The size of ``path``, a regular file of at most ``limit`` bytes; raises :class:`Refused`."""
    try:
        meta = os.stat(path)
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror or exc}") from None
    except ValueError as exc:  # a NUL in the path
        raise Refused(f"cannot be read: {exc}") from None
    kind = _kind(meta.st_mode)
    if kind is not None:
        raise Refused(kind)
    if limit is not None and meta.st_size > limit:
        raise Refused(f"a file of more than {_size(limit)} is no {what}")
    return meta.st_size


def read(path: Path, limit: int, what: str = "file", *, head: bool = False) -> bytes:
    """The bytes of ``path`` (with ``head``, its first ``limit`` bytes only, whatever its size);
    raises :class:`Refused` when it is no regular file or, without ``head``, larger than
    ``limit``."""
    checked(path, None if head else limit, what)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        kind = _kind(os.fstat(fd).st_mode)  # swapped for a FIFO between stat and open?
        if kind is not None:
            raise Refused(kind)
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise Refused(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit and not head:
        raise Refused(f"a file of more than {_size(limit)} is no {what}")
    return data[:limit]


def _size(limit: int) -> str:
    return f"{limit // 1024 // 1024} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def cut_utf16(head: bytes, size: int) -> str | None:
    """Why a UTF-16 text (told by its byte-order mark) cannot be whole: an odd number of bytes."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and size % 2:
        return (
            "UTF-16 text of an odd number of bytes: the file was cut; download it again, or save"
            " it as CSV UTF-8"
        )
    return None


def real(path: Path) -> Path:
    """The path with its links followed, never an error (a link loop is left as it is): the
    file a message or a destination check compares."""
    return Path(os.path.realpath(path))
