"""Excel workbooks (.xlsx) read row by row (openpyxl's read-only mode streams the sheet).

Moodle writes every cell of its log download as text, the time included; a spreadsheet that
saved the file again may have turned the time into a date cell, which is written back here year
first (``2026-03-02 09:15:07``, local time): a date cell has no day/month order to guess.
"""

from __future__ import annotations

import datetime
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .found import Found


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows(path: Path, found: Found) -> Iterator[tuple[int, list[str]]]:
    """Each row of the workbook's first sheet with its number (1 for the header)."""
    import openpyxl  # imported when a workbook is read: it costs 0.2 s at start

    try:
        with warnings.catch_warnings():  # "no default style": Moodle's files have none
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        found.add(None, None, f"an Excel workbook that cannot be read ({exc})", "xlsx")
        return
    try:
        sheet = book.worksheets[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell(value) for value in values]
    finally:
        book.close()
