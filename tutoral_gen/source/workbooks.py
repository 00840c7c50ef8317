"""Workbooks (.xlsx) judged before openpyxl reads them: a zip of XML parts whose sizes, DTDs and
shared strings are checked from the central directory and the parts' first bytes, so that a zip
bomb or a workbook of millions of shared strings is refused in milliseconds instead of costing
gigabytes. Shared by the build (a workbook found in ``content/``) and the intake (the exports and
answers it reads)."""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from pathlib import Path
from typing import IO

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
