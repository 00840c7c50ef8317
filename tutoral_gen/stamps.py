"""What a folder holds, cheaply: each file's modification time and size, by relative path.

Kept results are compared with a fresh look to know what changed without reading any file
(the render memo's templates, the site engine's docs and templates).
"""

from __future__ import annotations

import os
from pathlib import Path

Stamp = tuple[int, int]
"""A file's modification time (ns) and size."""


def stamps(folder: str | Path) -> dict[str, Stamp]:
    """Each file under ``folder`` (none when it does not exist), by POSIX path relative to it."""
    found = {}
    top = os.fspath(folder)
    for parent, _dirs, names in os.walk(top):
        base = prefix(parent, top)
        for name in names:
            stat = os.stat(os.path.join(parent, name))
            found[base + name] = (stat.st_mtime_ns, stat.st_size)
    return found


def prefix(folder: str, top: str) -> str:
    """``folder``'s POSIX path relative to ``top``, ending in ``/`` ("" for ``top`` itself):
    what goes before a file name found by ``os.walk(top)``."""
    rel = os.path.relpath(folder, top)
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"
