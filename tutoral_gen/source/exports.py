"""Which export a file is, from its first bytes and its first rows: never asked of the user.

- Moodle's course log download (course > Reports > Logs > Download), as CSV (UTF-8 with a BOM,
  commas), as that CSV re-saved by a spreadsheet (semicolons or tabs, Windows-1252, UTF-16),
  as Excel (.xlsx) or as JSON; its header is English or French (straight or curly apostrophes),
  or in any other language, recognised then by what its columns hold (:mod:`.shapes`);
- the administrator's export of the standard log table (``logstore_standard_log``), as CSV with
  its header or without it (a database tool's dump), or as JSON;
- xAPI statements, as a JSON array, an LRS answer (``{"statements": [...]}``) or JSON lines.

A download's first dates also tell, when one of them can only be read one way, whether its
dates are written day or month first (:func:`.shapes.date_order`).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .shapes import MOODLE_ORDER, SAMPLE_ROWS, STANDARD, date_order, moodle_download, standard_table
from .workbooks import workbook_problem

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

STANDARD_REQUIRED = ("eventname", "userid", "timecreated")

MOODLE_HEADER = (
    "Time, User full name, Affected user, Event context, Component, Event name, Description,"
    " Origin, IP address"
)


SHEET_ROWS = 300
"""A workbook's first rows read to tell what it is and its dates' order (as many as 64 KB of
CSV hold), by its reader."""


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
    """(column, position) of the columns read: for CSV, and for Moodle's Excel and JSON
    downloads (none for an empty JSON download)."""
    headed: bool = True
    """Whether the first row is a header (not in a database tool's dump of the table)."""
    date_order: str | None = None
    """For Moodle's downloads: ``dmy``, ``mdy`` or ``ymd`` when the first dates tell it."""


TITLES = {
    "moodle-csv": "Moodle's log download (CSV)",
    "moodle-xlsx": "Moodle's log download (Excel)",
    "moodle-json": "Moodle's log download (JSON)",
    "standard-log": "the standard log table (CSV)",
    "standard-log-json": "the standard log table (JSON)",
    "xapi": "xAPI statements",
}
"""Each format as messages name it."""


def title(sniffed: Sniffed) -> str:
    """The format read, as messages name it: ``the standard log table (CSV, no header)``."""
    name = TITLES.get(sniffed.format, sniffed.format)
    return name if sniffed.headed else name.replace(")", ", no header)")


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
        return _json(text, encoding)
    return _table(text, encoding, whole=len(head) < SNIFF_BYTES)


def recognise(
    header: list[str], rows: list[list[str]], keyed: bool = False
) -> tuple[dict[str, int], str | None] | None:
    """Where each column of Moodle's download is, when its header's labels (``keyed``: its JSON
    keys) or, in another language, its first ``rows`` say it is one, and the order of its
    dates when those rows tell it; else None."""
    columns = moodle_columns(header, keyed) or moodle_download(header, rows)
    if columns is None:
        return None
    at = columns["time"]
    return columns, date_order(row[at] for row in rows if len(row) > at)


def _download(
    format: str, header: list[str], rows: list[list[str]], keyed: bool = False, **how: Any
) -> Sniffed | None:
    """Moodle's download, as :func:`recognise` tells it."""
    known = recognise(header, rows, keyed)
    if known is None:
        return None
    return Sniffed(format, columns=tuple(known[0].items()), date_order=known[1], **how)


def _text(value: object) -> str:
    """A cell of a JSON item or a workbook as text (a date cell unambiguous: year first)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def _json(text: str, encoding: str) -> Sniffed:
    """Which JSON export, from its first items (an empty array: Moodle's empty download)."""
    try:
        items = _first_items(text)
    except (ValueError, RecursionError) as exc:
        if len(text) >= SNIFF_BYTES // 2:  # the first item is longer than the sample (an LRS page)
            return Sniffed(_json_by_keys(text), encoding)
        reason = (
            exc.msg
            if isinstance(exc, json.JSONDecodeError)
            else "nested too deep"
            if isinstance(exc, RecursionError)
            else "a number of more than 4,300 digits"
        )
        raise NotAnExport(f"JSON that does not parse: {reason}") from None
    item = items[0] if items else None
    if item is None:
        return Sniffed("moodle-json", encoding)
    if isinstance(item, dict) and "eventname" in item and "timecreated" in item:
        return Sniffed("standard-log-json", encoding)
    if isinstance(item, dict) and ("verb" in item or "statement" in item):
        return Sniffed("xapi", encoding)
    found = None
    if isinstance(item, list):  # older versions: arrays, in the English header's order
        rows = [[_text(c) for c in i] for i in items if isinstance(i, list)]
        found = _download("moodle-json", MOODLE_HEADER.split(", "), rows, encoding=encoding)
    elif isinstance(item, dict):
        rows = [[_text(v) for v in i.values()] for i in items if isinstance(i, dict)]
        found = _download("moodle-json", list(item), rows, keyed=True, encoding=encoding)
    if found is not None:
        return found
    keys = ", ".join(list(item)[:8]) if isinstance(item, dict) else type(item).__name__
    raise NotAnExport(
        f"JSON whose items are not log events (found {keys}); expected Moodle's JSON log"
        " download, the standard log table or xAPI statements"
    )


def _first_items(text: str) -> list[Any]:
    """The first items of a JSON export's beginning: of its array (or of its first inner
    array, Moodle's download), of an LRS answer's statements, or its first values (JSON
    lines). Raises ValueError when the first does not parse; the others stop at the sample's
    end."""
    at = len(text) - len(text.lstrip("\ufeff \t\r\n"))
    decoder = json.JSONDecoder()
    for _ in range(2):  # ``[`` then, for Moodle's download, ``[[``
        if text[at : at + 1] != "[":
            break
        at = _space(text, at + 1)
        if text[at : at + 1] == "]":
            return []
    value, at = decoder.raw_decode(text, at)
    if isinstance(value, dict) and isinstance(value.get("statements"), list):
        return list(value["statements"][: SAMPLE_ROWS + 1])
    items = [value]
    while True:
        at = _space(text, at)
        at = _space(text, at + 1) if text[at : at + 1] == "," else at
        try:
            value, at = decoder.raw_decode(text, at)
        except (ValueError, RecursionError):
            break
        items.append(value)
    return items


def _space(text: str, at: int) -> int:
    while text[at : at + 1] in (" ", "\t", "\r", "\n") and at < len(text):
        at += 1
    return at


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
    # Its rows are told apart by its reader, which opens it anyway: opening a workbook without
    # a ``dimension`` (Moodle's) costs openpyxl a parse of the whole sheet.
    return Sniffed("moodle-xlsx")


def _sheet(source: Path | io.BytesIO) -> list[list[str]] | None:
    """The first rows of a workbook's first sheet (a row of Moodle's ends at its last cell
    that is not empty); None when it cannot be read."""
    import openpyxl  # only for a workbook

    if workbook_problem(source) is not None:
        return None  # its reader reports it, located
    try:
        with warnings.catch_warnings():  # "no default style": Moodle's files have none
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(source, read_only=True, data_only=True)
            try:
                rows = book.worksheets[0].iter_rows(max_row=SHEET_ROWS, values_only=True)
                return [[_text(value) for value in row] for row in rows]
            finally:
                book.close()
    except Exception:  # a broken workbook: its reader reports it, located
        return None


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


def _table(text: str, encoding: str, whole: bool) -> Sniffed:
    """A delimited export, from its first rows (a row cut by the sample's end left out)."""
    body = text.lstrip("\ufeff")
    if not whole:
        body = body[: body.rfind("\n") + 1] or body
    first = body.split("\n", 1)[0].rstrip("\r")
    tried = []
    for delimiter in sorted(",;\t|", key=lambda d: -first.count(d)):
        rows = _rows(body, delimiter)
        if rows:
            tried.append(rows)
            found = _tabled(rows, encoding, delimiter)
            if found is not None:
                return found
    rows = tried[0] if tried else [[first]]
    raise NotAnExport(_unknown(first, rows[0], rows[1:]))


def _rows(body: str, delimiter: str) -> list[list[str]]:
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)  # the whole sample: the shape is judged on its first rows, the
            # order of the dates on all of them
    except csv.Error:  # a quoted line end cut by the sample's end
        pass
    return rows


def _tabled(rows: list[list[str]], encoding: str, delimiter: str) -> Sniffed | None:
    header, data = rows[0], rows[1:]
    found = _download("moodle-csv", header, data, encoding=encoding, delimiter=delimiter)
    if found is not None:
        return found
    standard = standard_columns(header)
    if standard is not None:
        return Sniffed("standard-log", encoding, delimiter, tuple(standard.items()))
    headless = standard_table(rows)
    if headless is not None:
        return Sniffed("standard-log", encoding, delimiter, tuple(headless.items()), headed=False)
    return None


def _unknown(shown: str, header: list[str], rows: list[list[str]]) -> str:
    """Why a table whose first row is ``shown`` is none of the exports."""
    shown = shown[:120] + ("…" if len(shown) > 120 else "")
    hint = ""
    if len(header) == len(MOODLE_ORDER) and not any(c.strip() for row in rows for c in row):
        hint = (
            " (a header in another language than English or French is recognised by the rows"
            " under it, and this file has none)"
        )
    return (
        f"an unknown header {shown!r}{hint}; expected Moodle's log download ({MOODLE_HEADER}, in"
        " any language), the standard log table's columns (eventname, userid, timecreated...;"
        " or its 21 columns in the table's order, without a header) or xAPI statements"
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
    """Whether a workbook's first rows are Moodle's log download."""
    rows = _sheet(io.BytesIO(data))
    found = _download("moodle-xlsx", rows[0], rows[1:]) if rows else None
    return found.format if found is not None else None
