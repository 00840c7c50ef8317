"""What the commands that read personal exports share (``tutoral traces``, ``tutoral answers``):
the ``private/`` folder they keep names in, how they name a file in a message, and how they
write the aggregates they commit."""

from __future__ import annotations

import json
from pathlib import Path

from ..adapters import git
from ..errors import Problem

PRIVATE = "private"
"""The folder for personal data: exports, the follow-up list, free answers to review
(git-ignored)."""


def shown(path: Path, root: Path) -> str:
    """A file as a message names it: relative to the project when it is inside."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def quoted(text: str) -> str:
    """A YAML scalar for any text: a JSON string is a YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


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
