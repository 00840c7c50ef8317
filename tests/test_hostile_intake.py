"""Hostile input to the intake (``tutoral traces``, ``tutoral answers``, ``--pseudonymise``,
``--review``), one table per class of problem: each case is one located message, the exit code
says which (1 bad input, 2 usage), no traceback, no hang, and not one byte of the project
changed (its tree is compared before and after)."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import textwrap
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest
from click.testing import CliRunner, Result

from tutoral_gen.cli import main
from tutoral_gen.pipeline import Paths
from tutoral_gen.source import workbooks

from . import synthetic
from .test_survey import AUDIT, SYSTEM, table
from .test_traces import CHARTER, LOG, SETTINGS

ZONE = "Europe/Paris"
GOOD_LOG = synthetic.moodle_csv(LOG, ZONE)
GOOD_ANSWERS = table([["q-delai", "q-canaux", "q-heures", "q4"], ["Souvent", "Forum", "3", "x"]])
STATEMENT = json.loads(synthetic.xapi_lines(LOG).split(b"\n", 1)[0])

Setup = Callable[[Path], list[str]]
"""Makes the hostile files in the project (its root given) and returns the command's words."""


@pytest.fixture
def project(make_project: Callable[..., Paths]) -> Paths:
    audit = AUDIT + textwrap.dedent(SETTINGS)
    paths = make_project(
        {
            "content/audit/audit.yaml": audit,
            "content/charter.yaml": CHARTER,
            "content/system.yaml": SYSTEM,
        }
    )
    (paths.root / "private").mkdir()
    (paths.root / "private/log.csv").write_bytes(GOOD_LOG)
    (paths.root / "private/answers.csv").write_bytes(GOOD_ANSWERS)
    return paths


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A case that blocks (a FIFO opened for reading) fails after 60 s instead of hanging."""

    def stop(_signal: int, _frame: FrameType | None) -> None:
        raise TimeoutError("the command hung")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every path of the project: a file's bytes, anything else its type (never opened)."""
    out: dict[str, bytes | str] = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder, name)
            meta = os.lstat(path)
            rel = path.relative_to(root).as_posix()
            out[rel] = (
                path.read_bytes() if stat.S_ISREG(meta.st_mode) else stat.filemode(meta.st_mode)
            )
    return out


def refused(project: Paths, setup: Setup, code: int, expected: str) -> Result:
    """Run the case; assert its exit code, one line holding ``expected``, no traceback, and
    no change to the project."""
    words = setup(project.root)
    before = snapshot(project.root)
    result = CliRunner().invoke(main, [*words, "--project", str(project.root)])
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if expected in line]
    assert len(lines) == 1, result.output
    assert all(len(line) < 600 for line in result.output.splitlines()), result.output
    assert snapshot(project.root) == before
    return result


def traces(*names: str) -> list[str]:
    return ["traces", "m1", *(f"private/{n}" if not n.startswith("/") else n for n in names)]


def answers(*names: str) -> list[str]:
    return ["answers", "q", *(f"private/{n}" if not n.startswith("/") else n for n in names)]


def pseudonymise(source: str, target: str = "private/copy.csv") -> list[str]:
    return ["traces", "--pseudonymise", source, target]


def put(root: Path, name: str, data: bytes) -> str:
    (root / "private" / name).write_bytes(data)
    return name


def link(root: Path, target: str, name: str) -> str:
    (root / "private" / name).symlink_to(root / "private" / target)
    return f"private/{name}"


def fifo(root: Path, name: str) -> str:
    os.mkfifo(root / "private" / name)
    return f"private/{name}"


def loop(root: Path, name: str) -> str:
    (root / "private" / name).symlink_to(root / "private" / f"{name}.2")
    (root / "private" / f"{name}.2").symlink_to(root / "private" / name)
    return f"private/{name}"


def sock(root: Path, name: str) -> str:
    with socket.socket(socket.AF_UNIX) as server:  # the socket's file stays once it is closed
        server.bind(os.path.relpath(root / "private" / name))  # short: AF_UNIX limits paths
    return f"private/{name}"


def pipe_fd(_root: Path) -> str:
    read_end, write_end = os.pipe()
    os.write(write_end, GOOD_LOG[:100])
    return f"/dev/fd/{read_end}"


# --- special files: refused from their metadata, never opened -------------------------------

SPECIAL: list[tuple[str, Setup, str]] = [
    (
        "traces: a FIFO",
        lambda r: traces(fifo(r, "log.fifo")[8:]),
        "private/log.fifo: a pipe, not a file",
    ),
    ("traces: a pipe as /dev/fd/N", lambda r: traces(pipe_fd(r)), "/dev/fd/"),
    ("traces: /dev/zero", lambda _: traces("/dev/zero"), "/dev/zero: a device, not a file"),
    ("traces: a socket", lambda r: traces(sock(r, "s")[8:]), "private/s: a socket, not a file"),
    (
        "traces: a symlink loop",
        lambda r: traces(loop(r, "loop.csv")[8:]),
        "loop.csv: cannot be read: Too many levels of symbolic links",
    ),
    (
        "answers: a FIFO",
        lambda r: answers(fifo(r, "a.fifo")[8:]),
        "private/a.fifo: a pipe, not a file",
    ),
    ("answers: /dev/zero", lambda _: answers("/dev/zero"), "/dev/zero: a device, not a file"),
    (
        "answers: /dev/urandom",
        lambda _: answers("/dev/urandom"),
        "/dev/urandom: a device, not a file",
    ),
    ("answers: a pipe as /dev/fd/N", lambda r: answers(pipe_fd(r)), ": a pipe, not a file"),
    ("answers: a folder", lambda r: answers("../content"), "content: a folder, not a file"),
    (
        "answers: a symlink loop",
        lambda r: answers(loop(r, "loop.csv")[8:]),
        "loop.csv: cannot be read: Too many levels of symbolic links",
    ),
    (
        "pseudonymise: a FIFO",
        lambda r: pseudonymise(fifo(r, "p.fifo")),
        "private/p.fifo: a pipe, not a file",
    ),
    ("pseudonymise: /dev/zero", lambda _: pseudonymise("/dev/zero"), "/dev/zero: a device"),
    (
        "pseudonymise: a symlink loop",
        lambda r: pseudonymise(loop(r, "l.csv")),
        "cannot be read: Too many levels of symbolic links",
    ),
    (
        "review: a FIFO as the review file",
        lambda r: [*answers("answers.csv"), "--review", fifo(r, "review.fifo")],
        "private/review.fifo: a pipe, not a file",
    ),
    (
        "the key: a FIFO",
        lambda r: pseudonymise(fifo(r, "pseudonyms.key").replace("pseudonyms.key", "log.csv")),
        "private/pseudonyms.key: a pipe, not a file",
    ),
]


# --- text that is not text: encodings, surrogates, cut UTF-16 --------------------------------

UTF16 = "\ufeffq-delai;q4\nSouvent;x\n".encode("utf-16-le")
LOG16 = "\ufeff".encode("utf-16-le") + GOOD_LOG.decode("utf-8-sig").encode("utf-16-le")

DECODING: list[tuple[str, Setup, str]] = [
    (
        "answers: UTF-16 of an odd number of bytes",
        lambda r: (put(r, "a.csv", b"\xff\xfe" + UTF16[2:] + b"A"), answers("a.csv"))[1],
        "private/a.csv:1:1: UTF-16 text of an odd number of bytes",
    ),
    (
        "traces: UTF-16 of an odd number of bytes",
        lambda r: (put(r, "l.csv", LOG16 + b"\n"), traces("l.csv"))[1],
        "private/l.csv:1:1: UTF-16 text of an odd number of bytes",
    ),
    (
        "traces: UTF-16 with half of a pair",
        lambda r: (
            put(r, "l.csv", LOG16.replace("Léa".encode("utf-16-le"), b"\x00\xd8A\x00", 1)),
            traces("l.csv"),
        )[1],
        "is not UTF-16",
    ),
    (
        "answers: UTF-16 with half of a pair",
        lambda r: (
            put(r, "a.csv", UTF16.replace("x".encode("utf-16-le"), b"\x00\xd8")),
            answers("a.csv"),
        )[1],
        "private/a.csv:2:2: byte 0x00 is not UTF-16",
    ),
    (
        "answers: a Windows-1252 byte after 64 KB of UTF-8",
        lambda r: (
            put(
                r,
                "a.csv",
                GOOD_ANSWERS + "Souvent;Forum;3;é\n".encode() * 4000 + b"Souvent;Forum;3;\xe9\n",
            ),
            answers("a.csv"),
        )[1],
        ":4003:4: byte 0xE9 is not UTF-8",
    ),
    (
        "answers: a lone surrogate written in JSON",
        lambda r: (
            put(r, "a.json", b'[[{"q-delai": "Souvent", "q4": "\\ud800 x"}]]'),
            answers("a.json"),
        )[1],
        "private/a.json:1:2: U+D800, half of a UTF-16 pair, is no character",
    ),
    (
        "traces: a lone surrogate written in Moodle's JSON",
        lambda r: (
            put(
                r,
                "l.json",
                synthetic.moodle_json(LOG, ZONE).replace(b"Tina Tutor", b"Tina \\ud800", 1),
            ),
            traces("l.json"),
        )[1],
        "half of a UTF-16 pair",
    ),
    (
        "review: a file not in UTF-8",
        lambda r: (
            put(r, "review-q.yaml", b'q4:\n  - {publish: true, text: "caf\xe9"}\n'),
            answers("answers.csv"),
        )[1],
        "private/review-q.yaml:2:31: byte 0xE9 is not UTF-8",
    ),
    (
        "answers: binary data",
        lambda r: (put(r, "a.csv", b"\x00\x01\x02" * 100), answers("a.csv"))[1],
        "private/a.csv:1:1: binary data",
    ),
]


# --- JSON past what Python reads -------------------------------------------------------------

DEEP = b"[" * 200_000 + b"]" * 200_000
BIG = b"1" * 5000


def statements(*extra: bytes) -> bytes:
    return b"[" + json.dumps(STATEMENT).encode() + b"".join(b"," + e for e in extra) + b"]"


JSON_CASES: list[tuple[str, Setup, str]] = [
    (
        "review: YAML nested 100,000 deep (libyaml's composer crashed the process)",
        lambda r: (put(r, "review-q.yaml", b"[" * 100_000), answers("answers.csv"))[1],
        "private/review-q.yaml:1:1: nested too deeply",
    ),
    (
        "review: YAML mappings nested 5,000 deep",
        lambda r: (put(r, "review-q.yaml", b"q4: " + b"{a: " * 5000), answers("answers.csv"))[1],
        "private/review-q.yaml:1:1: nested too deeply",
    ),
    (
        "answers: a workbook that is no zip",
        lambda r: answers(put(r, "a.xlsx", b"PK\x03\x04garbage")),
        "private/a.xlsx: an Excel workbook that cannot be read: a damaged workbook",
    ),
    (
        "traces: nested 200,000 deep",
        lambda r: (put(r, "l.json", DEEP), traces("l.json"))[1],
        "private/l.json:1:1: not a platform export: JSON whose first item is too long",
    ),
    (
        "traces: nested deep after a good statement",
        lambda r: (put(r, "l.json", statements(DEEP)), traces("l.json"))[1],
        "JSON nested deeper than a thousand levels",
    ),
    (
        "traces: an integer of 5,000 digits in the first statement",
        lambda r: (
            put(r, "l.json", statements().replace(b'"id": "', b'"n": ' + BIG + b', "id": "')),
            traces("l.json"),
        )[1],
        "private/l.json:1:1: not a platform export: JSON that does not parse: a number of more",
    ),
    (
        "traces: an integer of 5,000 digits in a later statement",
        lambda r: (put(r, "l.json", statements(b'{"id": ' + BIG + b"}")), traces("l.json"))[1],
        "a number of more than 4,300 digits",
    ),
    (
        "answers: nested 200,000 deep",
        lambda r: (put(r, "a.json", DEEP), answers("a.json"))[1],
        "JSON nested deeper than a thousand levels",
    ),
    (
        "answers: an integer of 5,000 digits",
        lambda r: (put(r, "a.json", b'[[{"q-delai": ' + BIG + b"}]]"), answers("a.json"))[1],
        "a number of more than 4,300 digits",
    ),
    (
        "pseudonymise: nested deep after a good statement",
        lambda r: (put(r, "l.json", statements(DEEP)), pseudonymise("private/l.json"))[1],
        "JSON nested deeper than a thousand levels",
    ),
]


# --- times no date holds -------------------------------------------------------------------


def at(timestamp: str) -> bytes:
    return json.dumps({**STATEMENT, "timestamp": timestamp}).encode() + b"\n"


def moodle_time(when: bytes) -> bytes:
    """The good log with its first event's time replaced."""
    lines = GOOD_LOG.split(b"\n")
    lines[1] = lines[1].replace(b",".join(lines[1].split(b",")[:2]), b'"' + when + b'"', 1)
    return b"\n".join(lines)


TIMES: list[tuple[str, Setup, str]] = [
    *(
        (
            f"xAPI: {when}",
            (lambda w: lambda r: (put(r, "l.jsonl", at(w)), traces("l.jsonl"))[1])(when),
            "private/l.jsonl:1:1: a statement without a valid ISO 8601 timestamp",
        )
        for when in (
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
            "9999-12-31T23:59:59",
            "1969-12-31T23:59:59Z",
            "2026-03-02T10:00:00+99:00",
            "2026-03-02T10:00:00" + "0" * 5000,
        )
    ),
    *(
        (
            f"Moodle's CSV: {when.decode()}",
            (lambda w: lambda r: traces(put(r, "l.csv", moodle_time(w))))(when),
            "private/l.csv:2:1: Time: a date from 1970 to 2513 expected",
        )
        for when in (b"31/12/9999, 23:59:59", b"01/01/1900, 00:30:00", b"1/1/2600, 10:00:00")
    ),
    (
        "standard log: a time of 5,000 digits",
        lambda r: (
            put(r, "l.csv", b"id,eventname,userid,timecreated\n1,x,5," + BIG + b"\n"),
            traces("l.csv"),
        )[1],
        "private/l.csv:2:4: timecreated: expected a Unix time",
    ),
]


# --- workbooks: judged from their zip directory before openpyxl reads them ------------------


TYPES = "[Content_Types].xml"
SHARED_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def workbook(root: Path, name: str, parts: dict[str, bytes]) -> str:
    """A workbook made of a real one's parts, some replaced."""
    real = root / "private" / f"{name}.real"
    synthetic.moodle_xlsx(LOG[:3], ZONE, real)
    with zipfile.ZipFile(real) as source:
        members = {m: source.read(m) for m in source.namelist()}
    real.unlink()
    if "xl/sharedStrings.xml" in parts:  # declared, so that openpyxl reads them
        members[TYPES] = members[TYPES].replace(b"</Types>", SHARED_TYPE + b"</Types>")
    members.update(parts)
    with zipfile.ZipFile(root / "private" / name, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return name


SST = b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b"<sst><si><t>&lol2;</t></si></sst>"
)
SHEET = "xl/worksheets/sheet1.xml"

WORKBOOKS: list[tuple[str, Setup, str]] = [
    (
        "traces: a sheet that unzips a thousand times",
        lambda r: traces(workbook(r, "bomb.xlsx", {SHEET: b" " * 50_000_000})),
        "xl/worksheets/sheet1.xml unzips",
    ),
    (
        "traces: millions of empty shared strings",
        lambda r: traces(
            workbook(
                r, "sst.xlsx", {"xl/sharedStrings.xml": SST + b"<si/>" * 3_000_000 + b"</sst>"}
            )
        ),
        "xl/sharedStrings.xml unzips",
    ),
    (
        "traces: a DTD with entities",
        lambda r: traces(workbook(r, "dtd.xlsx", {"xl/sharedStrings.xml": LAUGHS})),
        "declares a DTD",
    ),
    (
        "traces: a DTD after a long comment",
        lambda r: traces(
            workbook(r, "dtd2.xlsx", {SHEET: b"<!--" + b"x" * 70_000 + b"-->" + LAUGHS})
        ),
        "xl/worksheets/sheet1.xml has no element in its first 64 KB",
    ),
    (
        "traces: UTF-16 XML",
        lambda r: traces(
            workbook(r, "u16.xlsx", {"xl/sharedStrings.xml": LAUGHS.decode().encode("utf-16")})
        ),
        "is not UTF-8 XML",
    ),
    (
        "traces: a sheet cut in the middle",
        lambda r: traces(
            workbook(r, "cut.xlsx", {SHEET: b'<worksheet><sheetData><row r="1"><c t="s"><v>0'})
        ),
        "an Excel workbook that cannot be read",
    ),
    (
        "traces: a sheet that is not XML",
        lambda r: traces(workbook(r, "bad.xlsx", {SHEET: b"<worksheet><<<>>>"})),
        "an Excel workbook that cannot be read",
    ),
    (
        "answers: a sheet that unzips a thousand times",
        lambda r: answers(workbook(r, "bomb.xlsx", {SHEET: b" " * 50_000_000})),
        "xl/worksheets/sheet1.xml unzips",
    ),
    (
        "answers: a DTD with entities",
        lambda r: answers(workbook(r, "dtd.xlsx", {"xl/sharedStrings.xml": LAUGHS})),
        "declares a DTD",
    ),
    (
        "pseudonymise: a DTD with entities",
        lambda r: pseudonymise(
            "private/" + workbook(r, "dtd.xlsx", {"xl/sharedStrings.xml": LAUGHS})
        ),
        "declares a DTD",
    ),
]


def test_the_shared_strings_are_counted_before_they_are_read(
    project: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many shared strings that compress as real text does: refused by their count (the limit
    lowered here, to keep the file small)."""
    monkeypatch.chdir(project.root)
    monkeypatch.setattr(workbooks, "MAX_STRINGS", 1000)
    strings = b"".join(b"<si><t>%d</t></si>" % (n * 7919 % 100_003) for n in range(2000))
    sst = {"xl/sharedStrings.xml": SST + strings + b"</sst>"}
    refused(
        project,
        lambda r: traces(workbook(r, "many.xlsx", sst)),
        1,
        "more than 1 000 shared strings",
    )
    monkeypatch.setattr(workbooks, "MAX_UNZIPPED", 1000)
    refused(
        project, lambda r: answers(workbook(r, "big.xlsx", {})), 1, "more than 0 MB once unzipped"
    )


MEASURED = """
import atexit, sys
from tutoral_gen.cli import main
def peak():
    status = open("/proc/self/status").read()
    print("peak", status.split("VmHWM:")[1].split()[0], file=sys.stderr)
atexit.register(peak)
main(sys.argv[1:])
"""
"""The command, printing its own peak memory (kB) as it exits: VmHWM, which starts anew with
the program (ru_maxrss would count the test process it was forked from)."""


def measured(root: Path, file: str) -> tuple[float, int, str]:
    """Seconds, peak bytes and messages of ``tutoral traces m1 private/<file>``, run alone."""
    import subprocess
    import sys
    import time

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, "traces", "m1", f"private/{file}"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    peak = int(done.stderr.rsplit("peak ", 1)[1]) * 1024
    return time.monotonic() - started, peak, done.stderr


def test_a_shared_strings_bomb_costs_neither_memory_nor_time(project: Paths) -> None:
    """The reviewer's case: a small workbook of millions of shared strings (each a new object
    to openpyxl), read by the command in its own process, against the command's own cost on a
    good export. Unguarded, it took 370 s and 600 MB more."""
    base_time, base_peak, _ = measured(project.root, "log.csv")
    sst = {"xl/sharedStrings.xml": SST + b"<si><t>ab</t></si>" * 5_000_000 + b"</sst>"}
    name = workbook(project.root, "sst.xlsx", sst)
    assert (project.root / "private" / name).stat().st_size < 2_000_000
    before = snapshot(project.root)
    elapsed, peak, messages = measured(project.root, name)
    assert "sst.xlsx: an Excel workbook that cannot be read: xl/sharedStrings.xml" in messages
    assert "Traceback" not in messages
    assert elapsed < base_time + 20 and peak < base_peak + 100 * 1024**2, (elapsed, peak)
    assert snapshot(project.root) == before


# --- sizes: refused before they are read ---------------------------------------------------


def sparse(root: Path, name: str, size: int) -> str:
    with open(root / "private" / name, "wb") as handle:
        handle.truncate(size)
    return name


SIZES: list[tuple[str, Setup, str]] = [
    (
        "answers: a file of 2 GB",
        lambda r: answers(sparse(r, "big.csv", 2 * 1024**3)),
        "private/big.csv: a file of more than 50 MB is no answers file",
    ),
    (
        "answers: a cell over 128 KB",
        lambda r: (
            put(r, "a.csv", GOOD_ANSWERS + b"Souvent;Forum;3;" + b"x" * 140_000 + b"\n"),
            answers("a.csv"),
        )[1],
        "private/a.csv:3:1: a cell longer than 128 KB",
    ),
    (
        "answers: a line over 4 MB",
        lambda r: (put(r, "a.csv", GOOD_ANSWERS + b'"' + b"x" * 5_000_000), answers("a.csv"))[1],
        "a line longer than 4 MB",
    ),
    (
        "traces: a cell over 128 KB",
        lambda r: (put(r, "l.csv", GOOD_LOG + b'x,"' + b"y" * 140_000 + b'"\n'), traces("l.csv"))[
            1
        ],
        "a cell longer than 128 KB",
    ),
    (
        "review: a review file of 100 MB",
        lambda r: (sparse(r, "review-q.yaml", 100 * 1024**2), answers("answers.csv"))[1],
        "private/review-q.yaml: a file of more than 64 MB is no review file",
    ),
]


# --- destinations: never the input, the key, a folder, or what the build publishes ---------

DESTINATIONS: list[tuple[str, Setup, str]] = [
    *(
        (
            f"review: {target}",
            (lambda t: lambda _: [*answers("answers.csv"), "--review", t])(target),
            expected,
        )
        for target, expected in (
            ("content/pages/x.md", "is inside content/"),
            ("content/project.yaml", "is inside content/"),
            ("build/review.yaml", "is inside build/"),
            ("site/review.yaml", "is inside site/"),
            ("private/answers.csv", "is also read by this command"),
            ("private/pseudonyms.key", "is the pseudonyms' key"),
            ("private", "is a directory"),
        )
    ),
    *(
        (
            f"pseudonymise: {target}",
            (lambda t: lambda _: pseudonymise("private/log.csv", t))(target),
            expected,
        )
        for target, expected in (
            ("private/log.csv", "is also read by this command"),
            ("./private/../private/log.csv", "is also read by this command"),
            ("private/pseudonyms.key", "is the pseudonyms' key"),
            ("content/log.csv", "is inside content/"),
            ("build/log.csv", "is inside build/"),
            ("site/log.csv", "is inside site/"),
            ("private", "is a folder"),
        )
    ),
    (
        "pseudonymise: a link to the input",
        lambda r: pseudonymise("private/log.csv", link(r, "log.csv", "link.csv")),
        "is also read by this command",
    ),
]


def published(setup: Setup) -> Setup:
    """The case, in a project that has its build/, site/ and key."""

    def made(root: Path) -> list[str]:
        for folder in ("build", "site"):
            (root / folder).mkdir(exist_ok=True)
        (root / "private/pseudonyms.key").write_bytes(b"k" * 32)
        return setup(root)

    return made


CLASSES: dict[str, tuple[list[tuple[str, Setup, str]], int]] = {
    "special file": (SPECIAL, 1),
    "not text": (DECODING, 1),
    "nesting and structure": (JSON_CASES, 1),
    "time": (TIMES, 1),
    "workbook": (WORKBOOKS, 1),
    "size": (SIZES, 1),
    "destination": ([(n, published(s), e) for n, s, e in DESTINATIONS], 2),
}
"""Each class of hostile input: its cases, and the exit code they all give."""
ALL = [
    (f"{kind}: {name}", setup, code, expected)
    for kind, (cases, code) in CLASSES.items()
    for name, setup, expected in cases
]


@pytest.mark.parametrize(
    ("setup", "code", "expected"), [c[1:] for c in ALL], ids=[c[0] for c in ALL]
)
def test_hostile_input_is_one_located_message_and_changes_nothing(
    project: Paths, setup: Setup, code: int, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root)
    refused(project, setup, code, expected)


def test_the_key_is_written_only_with_a_whole_copy_and_a_bad_key_is_never_replaced(
    project: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root)
    bad = GOOD_LOG + b'"never closed\n'
    refused(
        project,
        lambda r: (put(r, "bad.csv", bad), pseudonymise("private/bad.csv"))[1],
        1,
        "broken CSV row",
    )
    assert not (project.root / "private/pseudonyms.key").exists()
    (project.root / "private/pseudonyms.key").write_bytes(b"short")
    refused(
        project, lambda _: pseudonymise("private/log.csv"), 1, "a key of 32 bytes expected, found 5"
    )
    (project.root / "private/pseudonyms.key").unlink()
    result = CliRunner().invoke(main, [*pseudonymise("private/log.csv"), "-p", str(project.root)])
    assert result.exit_code == 0, result.output
    assert len((project.root / "private/pseudonyms.key").read_bytes()) == 32


# --- what the intake writes reads back, and the build accepts it ----------------------------

HOSTILE_TEXTS = [
    "delete \x7f here",
    "next\x85line",
    "line\u2028separator",
    "a \x1b[31mred\x1b[0m answer",
    "nul \x00 inside",
    'quotes " and \\ backslash',
    "]]> and <script>",
    "long " + "x" * 12_000,
    "bom \ufeff inside",
]


def test_the_review_file_round_trips_any_answer_and_the_build_accepts_the_aggregate(
    project: Paths,
) -> None:
    rows = [["q-delai", "q-canaux", "q-heures", "q4"]] + [["", "", "", t] for t in HOSTILE_TEXTS]
    data = "\ufeff" + "".join(";".join(row) + "\n" for row in rows)  # no quote: ; ends a cell
    (project.root / "private/answers.csv").write_bytes(data.encode("utf-8"))
    run = ["answers", "q", str(project.root / "private/answers.csv"), "-p", str(project.root)]
    first = CliRunner().invoke(main, run)
    assert first.exit_code == 0, first.output
    review = project.root / "private/review-q.yaml"
    written = review.read_bytes()
    assert written.count(b"publish: false") == len(HOSTILE_TEXTS)
    review.write_bytes(written.replace(b"publish: false", b"publish: true"))
    second = CliRunner().invoke(main, run)
    assert second.exit_code == 0, second.output  # read back: every mark found its answer
    assert review.read_bytes() == written.replace(b"publish: false", b"publish: true")
    aggregate = (project.content / "audit/answers/q.yaml").read_text(encoding="utf-8")
    assert "pending: " not in aggregate and "red" in aggregate
    assert not any(c in aggregate for c in "\x00\x1b\x7f\x85\u2028")
    result = CliRunner().invoke(main, ["check", str(project.content)])
    assert result.exit_code == 0, result.output


def forum_log(name: str) -> bytes:
    """The log with learners' posts in a forum no channel names, called ``name``."""
    from .test_traces import LEA_1, opened

    rows = [*LOG, opened(LEA_1, 3, "09:00", 999, 99, name)]
    return synthetic.moodle_json(sorted(rows, key=lambda r: r.time), ZONE)


@pytest.mark.parametrize(
    "name",
    ["F" * 5000, "nul \x00 esc \x1b[2J bell \x07", "\x00\x1b", "next\x85line \u2028 \x9b"],
    ids=["5,000 characters", "control characters", "only controls", "C1 and separators"],
)
def test_the_aggregates_hold_names_the_build_accepts(project: Paths, name: str) -> None:
    (project.root / "private/log.json").write_bytes(forum_log(name))
    result = CliRunner().invoke(
        main, ["traces", "m1", str(project.root / "private/log.json"), "-p", str(project.root)]
    )
    assert result.exit_code == 0, result.output
    aggregate = (project.content / "audit/traces/m1.yaml").read_text(encoding="utf-8")
    assert "posts: 1" in aggregate
    assert not any(c in aggregate for c in "\x00\x1b\x07\x85\x9b")
    built = CliRunner().invoke(main, ["build", "-q", "-p", str(project.root)])
    assert built.exit_code == 0, built.output
    for path in [*project.site.rglob("*"), *project.out.rglob("*")]:
        if path.is_file() and path.suffix in (".html", ".md", ".yml", ".yaml", ".json", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not any(c in text for c in "\x00\x1b\x07"), path


def test_a_name_that_is_no_text_in_xapi_reaches_no_file_and_no_terminal(project: Paths) -> None:
    """A lone surrogate in a statement's name once replaced the aggregates, then failed on the
    follow-up list: both are made before either is written, names cleaned."""
    lines = synthetic.xapi_lines(LOG).replace(b'"L\\u00e9a Dupont"', b'"L\\udc80a"')
    lines = lines.replace("Léa Dupont".encode(), b"L\\ud800a")
    (project.root / "private/log.jsonl").write_bytes(lines)
    result = CliRunner().invoke(
        main, ["traces", "m1", str(project.root / "private/log.jsonl"), "-p", str(project.root)]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    followup = (project.root / "private/followup-m1.csv").read_bytes().decode("utf-8")
    assert "La" in followup or "Léa" not in followup
    checked = CliRunner().invoke(main, ["check", str(project.content)])
    assert checked.exit_code == 0, checked.output


# --- the Feedback template: well-formed XML whatever a question holds ----------------------


def moodle_options(presentation: str) -> list[str]:
    """The options Moodle reads from a PRESENTATION string (mod/feedback's explode calls)."""
    parts = presentation.split(">>>>>")
    assert len(parts) == 2, presentation  # a second separator would cut the options
    labels = [o.split("####") for o in parts[1].split("|")]
    assert all(len(o) <= 2 for o in labels), presentation  # weight####label, nothing more
    return [o[-1] for o in labels]


@pytest.mark.parametrize(
    "text",
    ["bell \x07 and nul \x00", "esc \x1b[0m", "\ufffe\uffff", "lone \udc80", "a ]]> b", "\x0b\x0c"],
)
@pytest.mark.parametrize(
    "options",
    [["a####b", "c"], ["x>>>>>y", "z"], ["p|q", "r"], ["#####", ">>>>>>"], ["ok\x00", "fine"]],
)
def test_the_feedback_template_is_well_formed_and_its_options_unforged(
    project: Paths, text: str, options: list[str]
) -> None:
    import dataclasses
    import xml.etree.ElementTree as ElementTree

    from tutoral_gen.pipeline import check
    from tutoral_gen.render import feedback

    validated, _, _ = check(project)
    assert validated.audit is not None
    guide = validated.audit.guides[0]
    scale = dataclasses.replace(guide.questions[0], text=text, options=tuple(options))
    choices = dataclasses.replace(guide.questions[1], text=text, options=tuple(options))
    hostile = dataclasses.replace(guide, intro=text, questions=(scale, choices))
    root = ElementTree.fromstring(feedback.template(hostile))  # parses: well-formed
    items = [i for i in root.findall("./ITEMS/ITEM") if i.get("TYPE") != "label"]
    for item in items:
        assert len(moodle_options(item.findtext("PRESENTATION") or "")) == len(options)


# --- content: no control character reaches build/ or site/ ---------------------------------

CONTROLS: list[tuple[str, dict[str, str | bytes], str]] = [
    (
        "an ESC written as a YAML escape in a title",
        {"content/roles.yaml": 'roles:\n  - {id: tuteur, title: "Tu\\eteur"}\n'},
        "content/roles.yaml:2:25: roles[0].title: expected a text without control characters",
    ),
    (
        "a NUL written as a YAML escape in the handbook's title",
        {"content/project.yaml": 'title: "Te\\0st"\n'},
        "content/project.yaml:1:8: title: expected a text without control characters (U+0000)",
    ),
    (
        "a C1 control (CSI) written as a YAML escape",
        {"content/project.yaml": 'title: "Te\\x9bst"\n'},
        "content/project.yaml:1:8: title: expected a text without control characters (U+009B)",
    ),
    (
        "a raw ESC in a hand-written page",
        {"content/pages/x.md": b"# Page\n\nclear \x1b[2J screen\n"},
        "content/pages/x.md:3:7: a control character (U+001B)",
    ),
    (
        "a raw bell in a hand-written page",
        {"content/pages/y.md": b"\x07\n"},
        "content/pages/y.md:1:1: a control character (U+0007)",
    ),
]


@pytest.mark.parametrize(
    ("files", "expected"), [c[1:] for c in CONTROLS], ids=[c[0] for c in CONTROLS]
)
def test_a_control_character_in_content_is_located(
    make_project: Callable[..., Paths], files: dict[str, str | bytes], expected: str
) -> None:
    paths = make_project(files)
    result = CliRunner().invoke(main, ["check", str(paths.content)])
    assert result.exit_code == 1, result.output
    assert [line for line in result.output.splitlines() if expected in line], result.output
    assert "Traceback" not in result.output


def test_content_nested_past_libyaml_s_composer_is_located(
    make_project: Callable[..., Paths],
) -> None:
    """100,000 ``[`` (100 KB, under the 2 MB a content file may hold) crashed the process."""
    import subprocess
    import sys

    paths = make_project({"content/roles.yaml": "roles: " + "[" * 100_000})
    command = [sys.executable, "-m", "tutoral_gen", "check", str(paths.content)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)  # a crash: -11
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "content/roles.yaml:1:1: nested too deeply (more than 100 levels)" in done.stderr


def test_a_workbook_bomb_in_content_costs_the_build_nothing(
    make_project: Callable[..., Paths], tmp_path: Path
) -> None:
    """The build looks for exports in content/ (a workbook's first row): it shares the intake's
    judgement, so a bomb is no export, copied as it is, never unzipped (no_hang: 60 s)."""
    (tmp_path / "private").mkdir()
    sst = {"xl/sharedStrings.xml": SST + b"<si><t>ab</t></si>" * 5_000_000 + b"</sst>"}
    data = (tmp_path / "private" / workbook(tmp_path, "bomb.xlsx", sst)).read_bytes()
    paths = make_project({"content/pages/data.xlsx": data})
    result = CliRunner().invoke(main, ["check", str(paths.content)])
    assert result.exit_code == 0, result.output
