"""Answers as they come back from a survey tool, read into one guide's tally.

Two forms, told by their header, as CSV (any delimiter, UTF-8 or Windows-1252), Excel or JSON:

- the blank CSV the handbook offers for any tool (``<guide>.csv``): one column per question id,
  a cell holding a level's or an option's label, or its number (1 for the first); several
  options of a ``choices`` question separated by ``|`` or ``;``;
- Moodle Feedback's responses download (Responses > Download), whose items are the template's:
  a column per item headed ``(<question id>) <question text>``, after columns that name the
  respondent (full name, groups, e-mail, date) or number it: those are skipped, never kept.
  Moodle writes an option's text (HTML-escaped), several options separated by three spaces.

Every problem is located at ``file:row:column``; a file that answers another guide says so.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...domain.audit import Guide
from ...domain.survey import Question, QuestionKind, Tallied
from ...source import exports
from ...source.words import show, suggest
from .. import delimited, jsonstream, opening, sheets
from ..found import Found
from . import reviews

MAX_BYTES = 50 * 1024 * 1024
"""The largest answers file read (a questionnaire's answers are kilobytes)."""
SEPARATORS = ("   ", "|", ";")
"""What separates the options of a multiple answer: Moodle's three spaces, or ``|``, ``;``."""
RESPONDENT = {
    "user full name", "nom complet de l'utilisateur", "groups", "groupes", "email address",
    "adresse de courriel", "course", "cours", "date", "response number", "réponse no",
    "username", "nom d'utilisateur", "id number", "numéro d'identification",
}  # fmt: skip
"""Moodle Feedback's columns about the respondent: skipped."""


@dataclass
class Tally:
    """The answers of one guide, while they are read."""

    guide: Guide
    responses: int = 0
    respondents: dict[str, int] = field(default_factory=dict)
    counts: dict[str, list[int]] = field(default_factory=dict)
    values: dict[str, list[float]] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    """Format -> rows read."""

    def tallied(self, approved: Mapping[str, list[str]]) -> dict[str, Tallied]:
        """Per question of the guide, in its order; ``approved``: the free answers the
        coordinator marked for publication (intake/survey/reviews.py), the only ones kept."""
        out = {}
        for q in self.guide.questions:
            texts = self.texts.get(q.id, []) if self.guide.publish_text else []
            marked = reviews.marked(texts, approved.get(q.id, []))
            out[q.id] = Tallied(
                respondents=self.respondents.get(q.id, 0),
                counts=tuple(self.counts.get(q.id, [0] * len(q.options))) if q.options else (),
                values=tuple(sorted(self.values.get(q.id, []))),
                texts=tuple(text for text, publish in marked if publish),
                pending=sum(1 for _, publish in marked if not publish),
            )
        return out


def _norm(text: str) -> str:
    return " ".join(html.unescape(text).replace("\u2019", "'").split()).casefold()


def _option(cell: str, q: Question) -> int | None:
    """The place (0 for the first) of a level or an option, written as its label or number."""
    wanted = _norm(cell)
    for n, option in enumerate(q.options):
        if _norm(option) == wanted:
            return n
    if wanted.isdigit() and 1 <= int(wanted) <= len(q.options):
        return int(wanted) - 1
    return None


def answer(tally: Tally, q: Question, cell: str, where: tuple[int, int], found: Found) -> None:
    """Count one cell of one question (a blank is no answer)."""
    cell = html.unescape(cell).strip()
    if not cell:
        return
    if q.kind is QuestionKind.NUMBER:
        if not _number(tally, q, cell, where, found):
            return
    elif q.options:
        if not _options(tally, q, cell, where, found):
            return
    else:
        tally.texts.setdefault(q.id, []).append(cell)
    tally.respondents[q.id] = tally.respondents.get(q.id, 0) + 1


def _options(tally: Tally, q: Question, cell: str, where: tuple[int, int], found: Found) -> bool:
    parts = [cell]
    if q.kind is QuestionKind.CHOICES and _option(cell, q) is None:
        for separator in SEPARATORS:
            parts = [p.strip() for part in parts for p in part.split(separator) if p.strip()]
    places = [_option(p, q) for p in parts]
    if None in places or (q.kind is not QuestionKind.CHOICES and len(places) > 1):
        bad = next((p for p, at in zip(parts, places, strict=True) if at is None), cell)
        kind = "level" if q.kind is QuestionKind.SCALE else "option"
        expected = f"one of {', '.join(q.options)}, or 1 to {len(q.options)}"
        message = (
            f"{q.id}: not a {kind} of the question: expected {expected}, found {show(bad)}"
            f"{suggest(bad, q.options)}"
        )
        found.add(*where, message, f"option {q.id}")
        return False
    counts = tally.counts.setdefault(q.id, [0] * len(q.options))
    for place in {p for p in places if p is not None}:
        counts[place] += 1
    return True


def _number(tally: Tally, q: Question, cell: str, where: tuple[int, int], found: Found) -> bool:
    try:
        value = float(cell.replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except ValueError:
        value = math.nan
    low = -math.inf if q.minimum is None else q.minimum
    high = math.inf if q.maximum is None else q.maximum
    if not (math.isfinite(value) and low <= value <= high):
        bounds = f" from {q.minimum:g}" if q.minimum is not None else ""
        bounds += f" to {q.maximum:g}" if q.maximum is not None else ""
        found.add(
            *where, f"{q.id}: expected a number{bounds}, found {show(cell)}", f"number {q.id}"
        )
        return False
    tally.values.setdefault(q.id, []).append(value)
    return True


def _key(text: str) -> str:
    """A header as Moodle's JSON download keys it."""
    return exports.json_key(html.unescape(text))


def columns(
    header: Sequence[str], guide: Guide, guides: Sequence[Guide], found: Found
) -> dict[int, Question] | None:
    """Column -> question, from a header of question ids, of ``(id) text`` (Moodle), or of
    Moodle's JSON keys; every other column is a problem, but the respondent's, which are
    skipped. None, with a problem, when no column is one of the guide's questions."""
    ids = {q.id.casefold(): q for q in guide.questions}
    keys = {_key(f"({q.id}) {q.text}"): q for q in guide.questions}
    out: dict[int, Question] = {}
    for n, cell in enumerate(header):
        name = _id_of(cell)
        question = ids.get(name.casefold()) or keys.get(_key(cell))
        if question is not None:
            out[n] = question
        elif _norm(cell) not in RESPONDENT and _key(cell) not in {_key(r) for r in RESPONDENT}:
            hint = suggest(name, [q.id for q in guide.questions])
            message = (
                f"a column for a question the guide {guide.id!r} does not have: {show(name)}{hint}"
            )
            found.add(1, n + 1, message, "column")
    if not out:
        _not_this_guide(header, guide, guides, found)
        return None
    for q in guide.questions:
        if q not in out.values():
            found.add(1, 1, f"no column for the question {q.id!r} ({q.text[:60]})", "missing")
    return out


def _not_this_guide(
    header: Sequence[str], guide: Guide, guides: Sequence[Guide], found: Found
) -> None:
    mine = {_id_of(c).casefold() for c in header} | {_key(c) for c in header}
    for other in guides:
        theirs = {q.id.casefold() for q in other.questions}
        theirs |= {_key(f"({q.id}) {q.text}") for q in other.questions}
        if other.id != guide.id and mine & theirs:
            found.add(1, 1, f"this file answers the guide {other.id!r}, not {guide.id!r}", "guide")
            return
    ids = ", ".join(q.id for q in guide.questions)
    found.add(1, 1, f"no column is a question of the guide {guide.id!r}: expected {ids}", "guide")


def _id_of(cell: str) -> str:
    """A header cell's question id: ``q-delai``, or the label of ``(q-delai) Avez-vous...``."""
    cell = html.unescape(cell).strip().lstrip("\ufeff")
    if cell.startswith("(") and ")" in cell:
        return cell[1 : cell.index(")")].strip()
    return cell


def rows(path: Path, found: Found) -> tuple[str, Iterator[tuple[int, list[str]]]] | None:
    """The file's format and rows (the header first); None, with a problem, if unreadable.
    Opened, told and read as the platform's exports are (opening.py, delimited.py, sheets.py,
    jsonstream.py): streamed, never whole, every cell checked for bytes not in the encoding."""
    try:
        size = opening.checked(path, MAX_BYTES, "answers file")
        head = opening.read(path, exports.SNIFF_BYTES, head=True)
    except opening.Refused as exc:
        found.add(None, None, str(exc), "open")
        return None
    if head.startswith(b"PK\x03\x04"):
        return "xlsx", sheets.rows(path, found)
    try:
        encoding = exports.text_encoding(head)
    except exports.NotAnExport as exc:
        found.add(1, 1, str(exc).replace("the log", "the answers"), "encoding")
        return None
    if cut := opening.cut_utf16(head, size):
        found.add(1, 1, cut, "encoding")
        return None
    text = head.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n")
    if text[:1] in ("[", "{"):
        return "json", _checked(_json(path, encoding, found), encoding, found)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    return "csv", _checked(_csv(path, encoding, size, delimiter, found), encoding, found)


def _csv(
    path: Path, encoding: str, size: int, delimiter: str, found: Found
) -> Iterator[tuple[int, list[str]]]:
    with delimited.lines(path, encoding, 0, size) as handle:
        yield from delimited.rows(handle, delimiter, 1, found)


def _checked(
    rows: Iterator[tuple[int, list[str]]], encoding: str, found: Found
) -> Iterator[tuple[int, list[str]]]:
    """The rows, a cell that is not text (a byte not in the encoding) reported and blanked."""
    for line, row in rows:
        for n, cell in enumerate(row):
            problem = delimited.undecoded(cell, encoding)
            if problem is not None:
                found.add(line, n + 1, problem, "undecoded")
                row[n] = ""
        yield line, row


def _json(path: Path, encoding: str, found: Found) -> Iterator[tuple[int, list[str]]]:
    """Moodle's JSON download, ``[[{key: value}...]]``, as rows (its keys as the header)."""
    header: list[str] | None = None
    with open(path, encoding=encoding, errors=opening.ESCAPE) as handle:
        for line, item in jsonstream.items(handle, found):
            if not isinstance(item, dict):
                message = "expected Moodle's JSON download: objects keyed by column"
                found.add(line, 1, message, "json")
                return
            if header is None:
                header = [str(key) for key in item]
                yield line, header
            yield line, [_text(item.get(key, "")) for key in header]


def _text(value: object) -> str:
    """A JSON value as a cell: a text as it is, anything else as JSON writes it (a number, or
    a nested value cut short: no answer is one)."""
    return value if isinstance(value, str) else json.dumps(value)[:1000]


def read(path: Path, shown: str, tally: Tally, guides: Sequence[Guide]) -> Found:
    """Add one file's answers to ``tally`` (of one guide); return the file's problems."""
    found = Found(shown)
    guide = tally.guide
    read_rows = rows(path, found)
    if read_rows is None:
        return found
    kind, lines = read_rows
    first = next(lines, None)
    if found:  # a header that could not be read: its columns would only repeat it
        return found
    if first is None:
        found.add(1, 1, "the file is empty", "empty")
        return found
    places = columns(first[1], guide, guides, found)
    if not places:
        return found
    moodle = any(
        _id_of(c) != c.strip().lstrip("\ufeff") or _norm(c) in RESPONDENT for c in first[1]
    )
    count = 0
    for line, row in lines:
        if not any(cell.strip() for cell in row):
            continue
        count += 1
        tally.responses += 1
        for n, q in places.items():
            answer(tally, q, row[n] if n < len(row) else "", (line, n + 1), found)
    source = f"moodle-feedback-{kind}" if moodle else kind
    tally.sources[source] = tally.sources.get(source, 0) + count
    return found
