"""Excel workbooks (.xlsx) read row by row (openpyxl's read-only mode streams the sheet).

Moodle writes every cell of its log download as text, the time included; a spreadsheet that
saved the file again may have turned the time into a date cell, which is written back here year
first (``2026-03-02 09:15:07``, local time): a date cell has no day/month order to guess.
"""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Iterator
from pathlib import Path

from ..source import workbooks
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
    """Each row of the workbook's first sheet with its number (1 for the header). The workbook
    is judged from its zip directory first (:mod:`tutoral_gen.source.workbooks`): openpyxl is
    never given a zip bomb, a DTD or millions of shared strings."""
    import openpyxl  # imported when a workbook is read: it costs 0.2 s at start

    problem = workbooks.workbook_problem(path)
    if problem is not None:
        found.add(None, None, f"an Excel workbook that cannot be read: {problem}", "xlsx")
        return
    number = 0
    try:
        # The file opened here, not by openpyxl: it is closed when openpyxl fails.
        with open(path, "rb") as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style": Moodle's files have none
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
                    yield number, [_cell(value) for value in values]
            finally:
                book.close()
    except Exception as exc:  # openpyxl on hostile XML raises any class
        reason = f"{type(exc).__name__}: {exc}"[:200]
        found.add(number + 1, 1, f"an Excel workbook that cannot be read ({reason})", "xlsx")
