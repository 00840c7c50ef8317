"""Find and read the files of ``content/``: YAML parsed fast, Markdown as text. No validation.

Layout read here::

    content/project.yaml             the handbook: title, language...
    content/roles.yaml               the tutor roles
    content/norms.yaml               optional: norms added to or overriding the shipped ones
    content/scenarios/<id>.yaml      one scenario per file (or in one level of sub-folders)
    content/scenarios/<id>/<ID>.md   the body of intervention <ID>'s sheet
    content/pages/**                 hand-written pages and their images, carried as they are
    content/objectives.yaml          optional: the wording of some of the 28 objectives
    content/system.yaml              the tutoring system: priorities, needs, constraints
    content/audit/audit.yaml         the audit plan: questions, guides, analysis grid
    content/audit/log.csv            what tutors really did
    content/audit/findings/<id>.md   findings and recommendations (front matter + Markdown)
    content/audit/traces/<id>.yaml   a scenario's platform traces, aggregated (tutoral traces)
    content/audit/answers/<id>.yaml  a guide's answers, aggregated (tutoral answers)
    content/charter.yaml             the tutoring charter; charter/tutors.md, charter/learners.md
    content/training.yaml            the tutors' training programme; training/<module id>.md
    content/communities/<id>.yaml    a community of practice; communities/<id>/<date>.md meetings
    content/economics.yaml           for how many learners the economic model is worked out
    content/catalogues/<name>.json   another handbook's catalogue, vendored (tutoral catalogue)
    content/catalogues/lock.yaml     what pins each: source, version, digest, date

:class:`Loader` keeps what it read and re-reads only files whose size or modification time changed,
which is what keeps ``tutoral serve`` fast on large projects.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.catalogue import MAX_BYTES as CATALOGUE_BYTES  # the largest vendored catalogue
from ..errors import FaultError, Problem
from . import exports, yamlio
from .known import Known
from .words import control, suggest

TOP_FILES = (
    "project.yaml",
    "roles.yaml",
    "norms.yaml",
    "objectives.yaml",
    "system.yaml",
    "charter.yaml",
    "training.yaml",
    "economics.yaml",
)
"""The YAML files a project may have at the top of ``content/``."""

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML file, parsed."""

    rel: str
    """Its path relative to the project root, with ``/``."""
    text: str
    """The file's text, kept to locate problems."""
    data: Any
    """The parsed data, or None when the file could not be parsed (see ``error``)."""
    error: Problem | None = None
    """Why it could not be parsed."""
    notes: tuple[Problem, ...] = ()
    """Problems found while parsing that did not stop it (duplicate keys)."""


@dataclass(frozen=True, slots=True)
class Content:
    """Everything read from ``content/``."""

    yaml: dict[str, Document]
    """YAML documents by path relative to ``content/`` (``scenarios/m1.yaml``)."""
    markdown: dict[str, str]
    """Sheet bodies by path relative to ``content/`` (``scenarios/m1/ITC03.md``)."""
    pages: dict[str, bytes]
    """Files of ``content/pages/`` by path relative to that folder."""
    tables: dict[str, str] = field(default_factory=dict)
    """CSV files of ``content/audit/`` by path relative to ``content/``."""
    catalogues: dict[str, bytes] = field(default_factory=dict)
    """Vendored catalogues (JSON, read as bytes) by file name in ``content/catalogues/``."""
    prefix: str = "content/"
    """``content/`` as shown in messages: its path relative to the project root."""
    problems: list[Problem] = field(default_factory=list)
    """Files that could not be read or have no place in the layout."""
    fingerprints: dict[str, bytes] = field(default_factory=dict)
    """Per scenario file as shown, the digest of what it was read from (its path and text, its
    sheet bodies), set as scenarios are validated: a render keys each scenario by it."""
    known: Known = field(default_factory=Known)
    """Scenarios validated by an earlier read, to reuse while their files hold (the loader
    keeps them between reads)."""


Stamp = tuple[int, int]


class Loader:
    """Reads a content folder; a second call re-reads only what changed since the first."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[Stamp, Any]] = {}
        self._known = Known()
        self._prefix: str | None = None

    def read(self, content_dir: Path, root: Path) -> Content:
        base = content_dir.resolve()
        prefix = _relative(base, root)
        if prefix != self._prefix:  # its documents name files as shown from elsewhere
            self._cache, self._known = {}, Known()
        self._prefix = prefix
        content = Content({}, {}, {}, prefix=prefix, known=self._known)
        cache: dict[str, tuple[Stamp, Any]] = {}
        for rel, path, meta in _walk(base, content, prefix):
            stamp = (meta.st_mtime_ns, meta.st_size)
            cached = self._cache.get(rel)
            if cached is None or cached[0] != stamp:
                cached = (stamp, self._read_one(rel, path, f"{prefix}{rel}", meta.st_size))
            cache[rel] = cached
            _place(content, rel, cached[1], f"{prefix}{rel}")
        self._cache = cache  # files that are gone are forgotten
        return content

    @staticmethod
    def _read_one(rel: str, path: Path, shown: str, size: int) -> Any:
        try:
            if _vendored(rel):  # checked against the lock and parsed by source.catalogues
                return _vendored_bytes(path, shown, size)
            if size > yamlio.MAX_FILE_BYTES:
                with open(path, "rb") as handle:
                    export = _export(rel, shown, handle.read(exports.SNIFF_BYTES), None)
                too_large = f"file too large ({size} bytes, at most {yamlio.MAX_FILE_BYTES})"
                return export or Problem(shown, too_large)
            data = path.read_bytes()
        except OSError as exc:
            raise FaultError.of(exc, "read") from None
        export = _export(rel, shown, data[: exports.SNIFF_BYTES], data)
        if export is not None:
            return export
        if rel.endswith(".md") and (bad := _control(shown, data)) is not None:
            return bad
        if rel.startswith("pages/"):
            return data
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return Problem(shown, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")
        if rel.endswith(".md") and (
            rel.startswith("audit/findings/")
            or (rel.count("/") == 2 and rel.startswith("communities/"))
        ):
            return _front_matter(shown, text)
        if not rel.endswith(YAML_SUFFIXES):
            return text
        try:
            parsed, duplicates = yamlio.parse_noting(text)
        except yamlio.YamlSyntaxError as exc:
            problem = Problem(shown, exc.message, line=exc.line, column=exc.column)
            return Document(shown, text, None, problem)
        if parsed is None:
            empty = Problem(shown, "the file is empty", line=1, column=1)
            return Document(shown, text, None, empty)
        notes = tuple(Problem(shown, m, line=line, column=col) for m, line, col in duplicates)
        return Document(shown, text, parsed, notes=notes)


def _vendored(rel: str) -> bool:
    """``catalogues/<name>.json``: a catalogue ``tutoral catalogue update`` vendored."""
    return rel.startswith("catalogues/") and rel.count("/") == 1 and rel.endswith(".json")


def _vendored_bytes(path: Path, shown: str, size: int) -> bytes | Problem:
    if size > CATALOGUE_BYTES:
        return Problem(shown, f"file too large ({size} bytes, at most {CATALOGUE_BYTES})")
    return path.read_bytes()


def _export(rel: str, shown: str, head: bytes, data: bytes | None) -> Problem | None:
    """A platform export found in ``content/``: it names learners, and content is published."""
    if rel.endswith((*YAML_SUFFIXES, ".md")):
        return None
    found = exports.export_in(head, data)
    if found is None:
        return None
    return Problem(
        shown,
        f"a platform export ({found}) in content/: it names learners, and content/ is committed"
        " and published; move it to private/ (which Git ignores) and measure it with"
        " tutoral traces SCENARIO private/<file>",
    )


def _front_matter(shown: str, text: str) -> tuple[Document, str]:
    """A Markdown file's YAML front matter (between ``---`` lines) and its body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problem = Problem(shown, "expected YAML front matter between '---' lines", line=1, column=1)
        return Document(shown, text, None, problem), text
    end = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), None)
    if end is None:
        problem = Problem(shown, "the front matter has no closing '---' line", line=1, column=1)
        return Document(shown, text, None, problem), text
    # One leading newline per line before the front matter keeps YAML line numbers = file's.
    header = "\n" + "".join(lines[1:end])
    body = "".join(lines[end + 1 :])
    try:
        data, duplicates = yamlio.parse_noting(header)
    except yamlio.YamlSyntaxError as exc:
        problem = Problem(shown, exc.message, line=exc.line, column=exc.column)
        return Document(shown, header, None, problem), body
    notes = tuple(Problem(shown, m, line=line, column=col) for m, line, col in duplicates)
    return Document(shown, header, data if data is not None else {}, notes=notes), body


def _relative(base: Path, root: Path) -> str:
    try:
        return base.relative_to(root.resolve()).as_posix() + "/"
    except ValueError:
        return str(base) + "/"


def _walk(base: Path, content: Content, prefix: str) -> list[tuple[str, Path, os.stat_result]]:
    """Every regular file under ``base`` (hidden ones skipped).

    A link to a file is followed only when it stays inside ``content/``; a link to a folder is
    refused (os.walk would skip it without a word); anything but a regular file (a FIFO, a
    device, a socket) is refused from its metadata alone, without being opened.
    """
    found = []
    for folder, dirs, files in os.walk(base):
        for name in sorted(d for d in dirs if not d.startswith(".")):
            if Path(folder, name).is_symlink():
                rel = Path(folder, name).relative_to(base).as_posix()
                message = "a link to a folder is refused; copy the folder into content/ instead"
                content.problems.append(Problem(f"{prefix}{rel}", message))
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not Path(folder, d).is_symlink()
        )
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder, name)
            rel = path.relative_to(base).as_posix()
            problem = _refused(path, base)
            if problem is not None:
                content.problems.append(Problem(f"{prefix}{rel}", problem))
                continue
            found.append((rel, path, path.stat()))
    return found


def _refused(path: Path, base: Path) -> str | None:
    """Why a file of content/ is not read, or None."""
    if path.is_symlink() and not path.resolve().is_relative_to(base):
        return "links to a file outside content/; copy it instead"
    try:
        mode = path.stat().st_mode
    except OSError:
        return "a link to nothing (its target does not exist)"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, a device or a socket); it is not read"
    return None


def _aggregate(parts: list[str]) -> bool:
    """``audit/traces/<scenario>.yaml`` and ``audit/answers/<guide>.yaml``: aggregates written by
    ``tutoral traces`` and ``tutoral answers``."""
    return (
        len(parts) == 3
        and parts[:2] in (["audit", "traces"], ["audit", "answers"])
        and parts[2].endswith(YAML_SUFFIXES)
    )


def _place(content: Content, rel: str, value: Any, shown: str) -> None:
    """File a read value where the layout says it belongs, or report it as out of place."""
    if isinstance(value, Problem):
        content.problems.append(value)
        return
    parts = rel.split("/")
    if parts[0] == "pages" and len(parts) > 1:
        content.pages["/".join(parts[1:])] = value
    elif len(parts) == 1:
        if rel in TOP_FILES:
            content.yaml[rel] = value
        elif rel.endswith(YAML_SUFFIXES):
            hint = suggest(rel, TOP_FILES)
            message = f"unknown file{hint}; expected {', '.join(TOP_FILES)}, scenarios/ or pages/"
            content.problems.append(Problem(shown, message))
    elif _vendored(rel):
        content.catalogues[parts[1]] = value
    elif rel == "catalogues/lock.yaml" or rel == "audit/audit.yaml" or _aggregate(parts):
        content.yaml[rel] = value
    elif parts[0] == "audit" and len(parts) == 2 and rel.endswith(".csv"):
        content.tables[rel] = value
    elif parts[:2] == ["audit", "findings"] and len(parts) == 3 and rel.endswith(".md"):
        content.yaml[rel], content.markdown[rel] = value
    elif parts[0] in ("charter", "training") and len(parts) == 2 and rel.endswith(".md"):
        content.markdown[rel] = value
    elif parts[0] == "communities" and len(parts) == 2 and rel.endswith(YAML_SUFFIXES):
        content.yaml[rel] = value
    elif parts[0] == "communities" and len(parts) == 3 and rel.endswith(".md"):
        content.yaml[rel], content.markdown[rel] = value
    elif parts[0] == "scenarios" and rel.endswith(YAML_SUFFIXES) and len(parts) <= 3:
        content.yaml[rel] = value
    elif parts[0] == "scenarios" and rel.endswith(".md") and len(parts) <= 4:
        content.markdown[rel] = value
    else:
        message = (
            "no place for this file: scenarios are scenarios/<id>.yaml (one folder level at most),"
            " sheet bodies scenarios/<id>/<intervention id>.md, the audit audit/audit.yaml,"
            " audit/log.csv, audit/findings/<id>.md, audit/traces/<scenario>.yaml and"
            " audit/answers/<guide>.yaml (written by tutoral traces and tutoral answers),"
            " charter/tutors.md, charter/learners.md,"
            " catalogues/<name>.json and catalogues/lock.yaml (by tutoral catalogue update),"
            " training/<module>.md, communities/<id>.yaml and communities/<id>/<date>.md,"
            " other pages go in pages/"
        )
        content.problems.append(Problem(shown, message))


def _control(shown: str, data: bytes) -> Problem | None:
    """A control character in a Markdown file (ESC, NUL...): the page would carry it to the
    site, a terminal or an XML file; located at its line and column."""
    text = data.decode("utf-8-sig", errors="replace")
    found = control(text)
    if found is None:
        return None
    at = text.index(found)
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    message = f"a control character (U+{ord(found):04X}) in the text: remove it"
    return Problem(shown, message, line=line, column=column)
