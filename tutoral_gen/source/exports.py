"""Which export a file is, from its first bytes and its header: never asked of the user.

- Moodle's course log download (course > Reports > Logs > Download), as CSV (UTF-8 with a BOM,
  commas), as that CSV re-saved by a spreadsheet (semicolons or tabs, Windows-1252, UTF-16),
  as Excel (.xlsx) or as JSON; its header is English or French (straight or curly apostrophes);
- the administrator's export of the standard log table (``logstore_standard_log``), as CSV;
- xAPI statements, as a JSON array, an LRS answer (``{"statements": [...]}``) or JSON lines.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

SNIFF_BYTES = 64 * 1024
"""How much of a file is read to tell its format and encoding."""

MOODLE = {
    "time": ("time", "heure"),
    "name": ("user full name", "nom complet de l'utilisateur"),
    "affected": ("affected user", "utilisateur touché", "utilisateur concerné"),
    "context": ("event context", "contexte de l'événement"),
    "component": ("component", "composant"),
    "event": ("event name", "nom de l'événement"),
    "description": ("description",),
    "origin": ("origin", "origine"),
    "ip": ("ip address", "adresse ip"),
    "course": ("course", "cours"),
}
"""Moodle's log download: column -> its header in English and in French (the French keys of its
JSON download are these with everything but letters and digits removed: ``nomdelvnement``)."""
MOODLE_REQUIRED = ("time", "name", "description")

STANDARD = (
    "id", "eventname", "component", "action", "target", "objecttable", "objectid", "crud",
    "edulevel", "contextid", "contextlevel", "contextinstanceid", "userid", "courseid",
    "relateduserid", "anonymous", "other", "timecreated", "origin", "ip", "realuserid",
)  # fmt: skip
"""The columns of ``logstore_standard_log``."""
STANDARD_REQUIRED = ("eventname", "userid", "timecreated")

MOODLE_HEADER = (
    "Time, User full name, Affected user, Event context, Component, Event name, Description,"
    " Origin, IP address"
)


class NotAnExport(ValueError):
    """A file that is none of the exports read here; the message says what was found."""


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What a file is."""

    format: str
    """``moodle-csv``, ``moodle-xlsx``, ``moodle-json``, ``standard-log`` (CSV),
    ``standard-log-json`` or ``xapi``."""
    encoding: str | None = None
    """For text: ``utf-8-sig``, ``utf-8``, ``cp1252`` or ``utf-16``."""
    delimiter: str | None = None
    """For CSV: ``,``, ``;`` or a tab."""
    columns: tuple[tuple[str, int], ...] = ()
    """For CSV: (column, position) of the columns read."""


def label(text: str) -> str:
    """A header cell as compared: trimmed, lower case, straight apostrophes, no formula quote."""
    text = text.strip().lstrip("\ufeff").replace("\u2019", "'").casefold()
    return text[1:] if text.startswith("'") else text


def json_key(text: str) -> str:
    """A header as Moodle's JSON download keys it: only ASCII letters, digits, - and _."""
    return "".join(c for c in text.casefold() if c.isascii() and (c.isalnum() or c in "-_"))


def moodle_columns(header: list[str], keyed: bool = False) -> dict[str, int] | None:
    """Position of each column Moodle's download has, or None if this is not its header."""
    names = [json_key(h) if keyed else label(h) for h in header]
    found = {}
    for column, labels in MOODLE.items():
        wanted = [json_key(x) for x in labels] if keyed else labels
        at = next((n for n, name in enumerate(names) if name in wanted), None)
        if at is not None:
            found[column] = at
    return found if all(c in found for c in MOODLE_REQUIRED) else None


def standard_columns(header: list[str]) -> dict[str, int] | None:
    names = [label(h) for h in header]
    found = {c: names.index(c) for c in STANDARD if c in names}
    return found if all(c in found for c in STANDARD_REQUIRED) else None


def sniff(path: Path, head: bytes) -> Sniffed:
    """The format of the file whose first bytes are ``head``; raises :class:`NotAnExport`."""
    if head.startswith(b"PK\x03\x04"):
        return _zip(path)
    encoding = text_encoding(head)
    text = head.decode(encoding, errors="replace")
    start = text.lstrip("\ufeff \t\r\n")[:1]
    if start in "[{" and start:
        return Sniffed(_json(text), encoding)
    return _table(text, encoding)


def _json(text: str) -> str:
    """Which JSON export, from its first item (an empty array: Moodle's empty download)."""
    try:
        first = _first_item(text)
    except (ValueError, RecursionError) as exc:
        if len(text) >= SNIFF_BYTES // 2:
            return _json_by_keys(text)  # the first item is longer than the sample (an LRS page)
        reason = (
            exc.msg
            if isinstance(exc, json.JSONDecodeError)
            else "nested too deep"
            if isinstance(exc, RecursionError)
            else "a number of more than 4,300 digits"
        )
        raise NotAnExport(f"JSON that does not parse: {reason}") from None
    if first is _NONE:
        return "moodle-json"
    item = first
    if isinstance(item, dict) and "eventname" in item and "timecreated" in item:
        return "standard-log-json"
    if isinstance(item, dict) and ("verb" in item or "statement" in item):
        return "xapi"
    if isinstance(item, list) or (
        isinstance(item, dict) and moodle_columns(list(item), keyed=True)
    ):
        return "moodle-json"
    keys = ", ".join(list(item)[:8]) if isinstance(item, dict) else type(item).__name__
    raise NotAnExport(
        f"JSON whose items are not log events (found {keys}); expected Moodle's JSON log"
        " download, the standard log table or xAPI statements"
    )


_NONE = object()
"""No item: an empty array."""


def _first_item(text: str) -> object:
    """The first item of a JSON export's beginning: of its array (or of its first inner array,
    Moodle's download), of an LRS answer's statements, or its first value (JSON lines). Raises
    ValueError when the sample does not parse."""
    at = len(text) - len(text.lstrip("\ufeff \t\r\n"))
    decoder = json.JSONDecoder()
    for _ in range(2):  # ``[`` then, for Moodle's download, ``[[``
        if text[at : at + 1] != "[":
            break
        at += 1
        while text[at : at + 1] in (" ", "\t", "\r", "\n") and at < len(text):
            at += 1
        if text[at : at + 1] == "]":
            return _NONE
    value, _ = decoder.raw_decode(text, at)
    if isinstance(value, dict) and isinstance(value.get("statements"), list):
        return value["statements"][0] if value["statements"] else _NONE
    return value


def _json_by_keys(text: str) -> str:
    """Which JSON export, from the keys its beginning holds."""
    if '"verb"' in text and '"actor"' in text:
        return "xapi"
    if '"eventname"' in text and '"timecreated"' in text:
        return "standard-log-json"
    if '"description"' in text:
        return "moodle-json"
    raise NotAnExport("JSON whose first item is too long to be a log event")


def _zip(path: Path) -> Sniffed:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAnExport(f"a damaged zip archive ({exc})") from None
    if "xl/workbook.xml" not in names:
        raise NotAnExport("a zip archive that is not an Excel workbook (.xlsx)")
    return Sniffed("moodle-xlsx")


def text_encoding(head: bytes) -> str:
    """The encoding of a text whose first bytes are ``head``; raises :class:`NotAnExport` for
    binary data. The intake reads answers files with it too (intake/survey/responses.py)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise NotAnExport(
            "binary data, or text in an encoding read neither as UTF-8, Windows-1252 nor UTF-16"
            " with its byte-order mark: download the log again, or save it as CSV UTF-8"
        )
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            return "cp1252"
    return "utf-8"


def _table(text: str, encoding: str) -> Sniffed:
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    for delimiter in sorted(",;\t|", key=lambda d: -first.count(d)):
        try:
            header = next(csv.reader(io.StringIO(first), delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        moodle = moodle_columns(header)
        if moodle is not None:
            return Sniffed("moodle-csv", encoding, delimiter, tuple(moodle.items()))
        standard = standard_columns(header)
        if standard is not None:
            return Sniffed("standard-log", encoding, delimiter, tuple(standard.items()))
    shown = first[:120] + ("…" if len(first) > 120 else "")
    raise NotAnExport(
        f"an unknown header {shown!r}; expected Moodle's log download ({MOODLE_HEADER}, or in"
        " French), the standard log table's columns (eventname, userid, timecreated...) or xAPI"
        " statements"
    )


def export_in(head: bytes, data: bytes | None = None) -> str | None:
    """The format of a platform export whose first bytes are ``head`` (``data``: the whole
    file, when it is at hand, for a workbook), or None if it is none."""
    if head.startswith(b"PK\x03\x04"):
        return _workbook_export(data) if data is not None else None
    try:
        return sniff(Path(""), head).format
    except (NotAnExport, ValueError):
        return None


def _workbook_export(data: bytes) -> str | None:
    """Whether a workbook's first row is Moodle's log header (a workbook openpyxl should not
    read is no export: the page carries it as it is)."""
    import openpyxl  # only for a workbook found where content is published

    if workbook_problem(io.BytesIO(data)) is not None:
        return None

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            first = next(book.worksheets[0].iter_rows(max_row=1, values_only=True), ())
            book.close()
    except Exception:  # a broken workbook is no export: the page carries it
        return None
    return "moodle-xlsx" if moodle_columns([str(c or "") for c in first]) else None


# --- workbooks: judged before openpyxl reads them ---------------------------------------------

MAX_UNZIPPED = 1024 * 1024 * 1024
"""The most a workbook may hold once unzipped (Excel's 1,048,576 rows of a log: ~600 MB)."""
MAX_RATIO = 100
"""How much larger than its compressed bytes a part may be: XML compresses 5 to 20 times, a
zip bomb a thousand."""
MAX_SHARED = 256 * 1024 * 1024
"""The largest shared strings' part, unzipped: openpyxl holds every shared string in memory."""
MAX_STRINGS = 2_000_000
"""The most shared strings: each costs openpyxl a Python object (~60 bytes) however short."""
_PROLOG = 64 * 1024
"""How much of an XML part is read to find its first element (and any DTD before it)."""
_ELEMENT = re.compile(rb"<[A-Za-z_]")


def workbook_problem(source: Path | IO[bytes]) -> str | None:
    """Why a workbook must not be given to openpyxl, from its central directory and the start
    of its parts, before any of it is read: sizes past the limits, XML that is not UTF-8 or
    declares a DTD (``<!DOCTYPE``, ``<!ENTITY``: entity expansion), too many shared strings.
    None when it may be read. A 224 KB workbook of 5 million shared strings cost openpyxl
    840 MB and six minutes."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > MAX_UNZIPPED:
                return f"a workbook of more than {MAX_UNZIPPED // 1024**2} MB once unzipped"
            for member in members:
                problem = _member_problem(archive, member)
                if problem is not None:
                    return problem
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        return f"a damaged workbook ({exc})"
    return None


def _member_problem(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> str | None:
    name = member.filename
    if member.file_size > max(MAX_RATIO * member.compress_size, 1024 * 1024):
        return f"{name} unzips {member.file_size // max(member.compress_size, 1)} times"
    with archive.open(member) as part:
        start = part.read(_PROLOG)
        head = start[:4]
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00<" in head:
            return f"{name} is not UTF-8 XML (Excel writes UTF-8)"
        if not start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return None  # no XML: an image, a binary part
        if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
            return f"{name} declares a DTD (<!DOCTYPE): no workbook Excel saves does"
        first = _ELEMENT.search(start)
        if first is None and len(start) == _PROLOG:
            return f"{name} has no element in its first {_PROLOG // 1024} KB"
        if first is None or not start.startswith(b"<sst", first.start()):
            return None
        if member.file_size > MAX_SHARED:
            return f"shared strings of more than {MAX_SHARED // 1024**2} MB"
        count = start.count(b"<si")
        while count <= MAX_STRINGS and (block := part.read(1024 * 1024)):
            count += block.count(b"<si")  # a tag cut between two blocks: counted once less
    if count > MAX_STRINGS:
        return f"more than {MAX_STRINGS:,} shared strings".replace(",", " ")
    return None
