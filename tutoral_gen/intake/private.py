"""What the commands that read personal exports share (``tutoral traces``, ``tutoral answers``):
the ``private/`` folder they keep names in, how they name a file in a message, and how they
write the aggregates they commit."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..adapters import git
from ..errors import Problem, UsageError
from .opening import real

if TYPE_CHECKING:
    from ..pipeline import Paths

PRIVATE = "private"
"""The folder for personal data: exports, the follow-up list, free answers to review
(git-ignored)."""
KEY = "pseudonyms.key"
"""The project's key for stable pseudonyms, in ``private/``: without it, no one can tell who a
pseudonym is; with another key, the pseudonyms change."""


def shown(path: Path, root: Path) -> str:
    """A file as a message names it: relative to the project when it is inside (a link loop:
    the link as given; a pipe: as given)."""
    where = real(path)
    if os.path.islink(where):  # a loop: realpath stopped at a link
        where = Path(os.path.abspath(path))
    try:
        return where.relative_to(root).as_posix()
    except ValueError:
        return str(path)


_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
"""What JSON leaves as it is but a YAML reader refuses or reads otherwise: DEL and the C1
controls (NEL, U+0085, is a YAML line break), the Unicode line separators, the BOM, the
non-characters and the surrogates."""


def quoted(text: str) -> str:
    """A YAML scalar for any text, read back as written: a JSON string is a YAML double-quoted
    scalar once what YAML reads otherwise is escaped too (``\\u0085``)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(text, ensure_ascii=False))


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udfff]")


def cleaned(text: str, limit: int, *, lines: bool = False) -> str:
    """A text from an export as the build accepts it: control characters (NUL, ESC...) and
    lone surrogates removed, tabs and, unless ``lines``, line ends made spaces, cut to
    ``limit`` characters (an ellipsis says so)."""
    text = _CONTROL.sub("", text.replace("\t", " "))
    if not lines:
        text = " ".join(text.split())
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def number(value: float, digits: int | None = None) -> str:
    """A whole number without ``.0``; another rounded to ``digits`` when given."""
    if float(value).is_integer():
        return str(int(value))
    return repr(round(value, digits) if digits is not None else value)


def unignored(root: Path, rel: str, holding: str) -> Problem | None:
    """A warning when Git would commit ``rel`` (in ``private/``), which holds ``holding``."""
    if not git.tracked_risk(root, rel):
        return None
    message = f"Git does not ignore private/, where {holding}: add a line /private/ to .gitignore"
    return Problem(".gitignore", message, severity="warning")


def destination(target: Path, paths: Paths, inputs: Sequence[Path], what: str) -> None:
    """Refuse (exit 2) to write ``what`` onto ``target`` when it is a folder, one of the
    ``inputs``, the pseudonyms' key, or inside ``content/``, ``build/`` or ``site/`` (published,
    or overwritten by the next build)."""
    where = real(target)
    if target.is_dir():
        raise UsageError(f"{target} is a folder: give the file to write {what} to")
    for folder in (paths.content, paths.out, paths.site):
        if where.is_relative_to(real(folder)):
            raise UsageError(
                f"{target} is inside {folder.name}/, which is published or rebuilt: write"
                f" {what} elsewhere (in {PRIVATE}/)"
            )
    if where == real(paths.root / PRIVATE / KEY):
        raise UsageError(f"{target} is the pseudonyms' key: write {what} elsewhere")
    if any(where == real(path) for path in inputs):
        raise UsageError(f"{target} is also read by this command: write {what} elsewhere")
