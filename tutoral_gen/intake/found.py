"""The problems of one export, located at ``file:row:column``, with a limit per kind: a file that
is wrong on every row says so in a few lines and a count, not a million lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem

SHOWN = 10
"""Problems of one kind shown per file; the others are counted."""
MAX_MESSAGE = 400
"""The longest message kept: readers quote a short prefix of a value; this is the backstop."""


@dataclass
class Found:
    """Collects one file's problems."""

    file: str
    """The file as the user named it."""
    problems: list[tuple[str, Problem]] = field(default_factory=list)
    """(kind, problem) of those kept: at most SHOWN a kind per part of the file."""
    counts: dict[str, int] = field(default_factory=dict)
    """Problems per kind, the shown ones included."""

    def add(self, row: int | None, column: int | None, message: str, kind: str = "") -> None:
        """A problem at ``row`` (the line in the file) and ``column`` (1 for the first)."""
        if len(message) > MAX_MESSAGE:  # a value quoted whole: a line of the file, 4 MB of it
            message = message[: MAX_MESSAGE - 1] + "…"
        kind = kind or message
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.counts[kind] <= SHOWN:
            self.problems.append((kind, Problem(self.file, message, line=row, column=column)))

    def extend(self, other: Found) -> None:
        """Add the problems of another part of the same file."""
        for kind, count in other.counts.items():
            self.counts[kind] = self.counts.get(kind, 0) + count
        self.problems += other.problems

    def all(self) -> list[Problem]:
        """The problems, sorted, and a line per kind for those not shown."""
        shown: dict[str, int] = {}
        out = []
        for kind, problem in sorted(
            self.problems, key=lambda k: (k[1].line or 0, k[1].column or 0)
        ):
            shown[kind] = shown.get(kind, 0) + 1
            if shown[kind] <= SHOWN:
                out.append(problem)
        for kind, count in self.counts.items():
            if count > SHOWN:
                out.append(Problem(self.file, f"{count - SHOWN} more rows like this: {kind}"))
        return out

    def __bool__(self) -> bool:
        return bool(self.counts)
