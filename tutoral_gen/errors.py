"""Located problems and the exceptions that carry them out of the pipeline.

Who raises what:
- ``validate`` and ``load`` never raise for a content mistake: they collect :class:`Problem`.
- ``build.generate`` raises :class:`ContentError` once, with every problem, before writing.
- ``engine`` raises :class:`EngineError` when the site engine (MkDocs) fails.
- the adapters raise :class:`FaultError` when the operating system refuses a read or a write.
The CLI turns these into exit codes; a user never sees a traceback for a content mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import ClassVar, Literal

Path_ = tuple[str | int, ...]
"""Where a value sits inside a YAML document: keys and list indexes from the root."""

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake (or warning) in one content file."""

    file: str
    """The file, relative to the project root (``content/scenarios/m1.yaml``)."""
    message: str
    """What is wrong: quotes the bad value and says what was expected."""
    path: Path_ = ()
    """Where in the YAML document; empty for the whole file."""
    at: Literal["key", "value"] = "value"
    """Whether the key itself is wrong (unknown key) or its value."""
    line: int | None = None
    """1-based line, once located."""
    column: int | None = None
    """1-based column, once located."""
    severity: Severity = "error"
    """Errors stop the build; warnings are printed and the build goes on."""

    @property
    def field(self) -> str:
        """The dotted field name a user reads: ``interventions[2].role``."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out

    def located(self, line: int, column: int) -> Problem:
        return replace(self, line=line, column=column)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        label = "warning: " if self.severity == "warning" else ""
        name = f"{self.field}: " if self.path else ""
        return f"{where}: {label}{name}{self.message}"


_QUOTED = re.compile(r"'[^']*'|\([^)]*\)|\b\d+(\.\d+)?\b")


def summary(problems: list[Problem]) -> list[str]:
    """The lines to print: every error, and the warnings one line per file and kind (the same
    message but for its quoted values) with their count and lines, so that a handful of known
    warnings does not bury the rest. ``--verbose`` prints them all instead."""
    groups: dict[tuple[str, str], list[Problem]] = {}
    out: list[str | tuple[str, str]] = []
    for problem in problems:
        if problem.severity == "error":
            out.append(str(problem))
            continue
        key = (problem.file, re.sub(r"…( …)+", "…", _QUOTED.sub("…", problem.message)))
        if key not in groups:
            groups[key] = []
            out.append(key)
        groups[key].append(problem)
    lines = []
    for entry in out:
        if isinstance(entry, str):
            lines.append(entry)
            continue
        same = groups[entry]
        if len(same) == 1:
            lines.append(str(same[0]))
            continue
        at = ", ".join(str(n) for n in sorted({p.line for p in same if p.line is not None}))
        where = f" (line{'s' if ',' in at else ''} {at})" if at else ""
        lines.append(
            f"{entry[0]}: warning: {len(same)} × {entry[1]}{where}; --verbose lists each one"
        )
    return lines


class TutoralError(Exception):
    """Base of the errors the CLI reports without a traceback."""

    exit_code: ClassVar[int] = 1


@dataclass
class ContentError(TutoralError):
    """Raised by the pipeline when ``content/`` has errors; nothing was written."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        return f"{len(errors)} problem(s) in content/; nothing was written."


class EngineError(TutoralError):
    """Raised when MkDocs fails to build the generated docs; ``site/`` is left as it was."""

    exit_code: ClassVar[int] = 1


class FaultError(TutoralError):
    """Raised when the operating system refuses a read, a write or a swap (read-only, disk full,
    busy, no permission): one line naming the path and the cause; ``site/`` is left complete."""

    exit_code: ClassVar[int] = 3

    @classmethod
    def of(cls, exc: OSError, doing: str) -> FaultError:
        """``cannot write build/docs/x.md: No space left on device``."""
        where = exc.filename or "?"
        return cls(f"cannot {doing} {where}: {exc.strerror or exc}")


class UsageError(TutoralError):
    """Raised for a wrong command line (missing folder, not a project)."""

    exit_code: ClassVar[int] = 2
