"""Real exports' shapes read right: Moodle's download in any interface language (CSV, JSON,
Excel as Moodle's writer makes it, rows without their trailing empty cells), the standard log
table without its header, and dates written month first. Each gives the tally the plain English
CSV of the same simulated course gives; another table is not taken for an export; a date that
contradicts the order a file is read in is a located error."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tutoral_gen.cli import main
from tutoral_gen.intake import logs
from tutoral_gen.intake.clock import BadTime, Clock
from tutoral_gen.pipeline import Paths
from tutoral_gen.source import exports, shapes

from . import synthetic
from .test_logs import ZONE, summary
from .test_traces import CHARTER, LOG, SETTINGS


@pytest.fixture(scope="module")
def rows() -> list[synthetic.Row]:
    return synthetic.simulate(synthetic.example())


@pytest.fixture(scope="module")
def english(rows: list[synthetic.Row], tmp_path_factory: pytest.TempPathFactory) -> object:
    """The tally of the plain English CSV download: what every shape must give."""
    folder = tmp_path_factory.mktemp("english")
    return summary(read_bytes(folder, "en.csv", synthetic.moodle_csv(rows, ZONE)).tally)


def read_bytes(folder: Path, name: str, data: bytes, date_order: str = "dmy") -> logs.Read:
    path = folder / name
    path.write_bytes(data)
    return logs.read([path], ZONE, str, date_order=date_order)


def excel(rows: list[synthetic.Row], language: str) -> Callable[[Path], None]:
    return lambda path: synthetic.moodle_excel(rows, ZONE, path, language)


SHAPES: list[tuple[str, str, Callable[[list[synthetic.Row]], bytes | Callable[[Path], None]]]] = [
    ("es.csv", "moodle-csv", lambda r: synthetic.moodle_csv(r, ZONE, "es")),
    ("de.csv", "moodle-csv", lambda r: synthetic.moodle_csv(r, ZONE, "de", "dotted")),
    ("us.csv", "moodle-csv", lambda r: synthetic.moodle_csv(r, ZONE, "en", "us")),
    ("es.json", "moodle-json", lambda r: synthetic.moodle_json(r, ZONE, "es")),
    ("de.json", "moodle-json", lambda r: synthetic.moodle_json(r, ZONE, "de")),
    ("en.xlsx", "moodle-xlsx", lambda r: excel(r, "en")),
    ("es.xlsx", "moodle-xlsx", lambda r: excel(r, "es")),
    ("de.xlsx", "moodle-xlsx", lambda r: excel(r, "de")),
]


@pytest.mark.parametrize(("name", "format", "write"), SHAPES, ids=[s[0] for s in SHAPES])
def test_every_shape_of_the_download_gives_the_english_csv_s_tally(
    tmp_path: Path, rows, english, name: str, format: str, write
) -> None:
    made = write(rows)
    if isinstance(made, bytes):
        (tmp_path / name).write_bytes(made)
    else:
        made(tmp_path / name)
    result = logs.read([tmp_path / name], ZONE, str)
    assert [str(p) for p in result.problems] == []
    assert result.sources[0].format == format
    assert result.tally.rows == len(rows)
    assert summary(result.tally) == english
    order = "mdy" if name == "us.csv" else "dmy"
    assert result.date_orders == {str(tmp_path / name): order}
    assert result.format_orders() == {format: order}


def test_moodle_s_excel_rows_lack_their_trailing_empty_cells(tmp_path: Path, rows) -> None:
    """The shape read: what openpyxl gives for Moodle's workbook (no dimension, 8 cells)."""
    import openpyxl

    synthetic.moodle_excel(rows, ZONE, tmp_path / "log.xlsx")
    book = openpyxl.load_workbook(tmp_path / "log.xlsx", read_only=True)
    widths = {len(row) for row in book.worksheets[0].iter_rows(values_only=True)}
    book.close()
    assert widths == {8, 9}


@pytest.mark.parametrize("tool", ["dbeaver", "psql"])
def test_the_standard_log_without_its_header_reads_as_with_it(
    tmp_path: Path, rows, tool: str
) -> None:
    headed = read_bytes(tmp_path, "headed.csv", synthetic.standard_log(rows))
    bare = read_bytes(tmp_path, "bare.csv", synthetic.standard_dump(rows, tool))
    assert [str(p) for p in bare.problems] == []
    assert bare.sources[0].format == "standard-log" and bare.tally.rows == len(rows)
    assert summary(bare.tally, names=False) == summary(headed.tally, names=False)
    assert bare.date_orders == {}  # Unix times: no order to read
    data = synthetic.standard_dump(rows, tool)
    sniffed = exports.sniff(Path("bare.csv"), data[: exports.SNIFF_BYTES])
    assert not sniffed.headed
    assert exports.title(sniffed) == "the standard log table (CSV, no header)"


def test_the_build_refuses_a_download_in_another_language_found_in_content(
    tmp_path: Path, rows
) -> None:
    spanish = synthetic.moodle_csv(rows[:80], ZONE, "es")
    assert exports.export_in(spanish[: exports.SNIFF_BYTES]) == "moodle-csv"
    synthetic.moodle_excel(rows[:80], ZONE, tmp_path / "de.xlsx", "de")
    data = (tmp_path / "de.xlsx").read_bytes()
    assert exports.export_in(data[:4096], data) == "moodle-xlsx"
    dump = synthetic.standard_dump(rows[:80])
    assert exports.export_in(dump) == "standard-log"


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _spanish(rows: list[synthetic.Row], edit: Callable[[list[str]], list[str]]) -> bytes:
    """The Spanish download with each data row's cells changed by ``edit``."""
    lines = [synthetic.php_row(synthetic.HEADERS["es"])]
    lines += [synthetic.php_row(edit(cells)) for cells in synthetic.moodle_cells(rows, ZONE)]
    return "".join(lines).encode("utf-8")


def _dump(edit: Callable[[list[bytes]], list[bytes]]) -> bytes:
    """The table's header-less dump with its first row's cells changed by ``edit``."""
    first, rest = synthetic.standard_dump(synthetic.simulate(synthetic.example())[:60]).split(
        b"\n", 1
    )
    return b",".join(edit(first.split(b","))) + b"\n" + rest


def _numbers(rows: list[synthetic.Row]) -> bytes:
    return b"".join(b",".join(b"%d" % (n * k) for k in range(21)) + b"\n" for n in range(1, 30))


NOT_EXPORTS: list[tuple[str, Callable[[list[synthetic.Row]], bytes]]] = [
    ("a table of 21 numbers a row", _numbers),
    ("the dump with a crud that is none", lambda r: _dump(lambda c: [*c[:7], b'"x"', *c[8:]])),
    ("the dump with a column left out", lambda r: _dump(lambda c: c[:20])),
    ("the dump with no Unix time", lambda r: _dump(lambda c: [*c[:17], b'"2026"', *c[18:]])),
    (
        "nine Spanish columns that hold no Moodle sentences",
        lambda r: _spanish(r[:40], lambda c: [*c[:6], "Entregado", *c[7:]]),
    ),
    (
        "nine Spanish columns whose origin is no origin",
        lambda r: _spanish(r[:40], lambda c: [*c[:7], "Navegador Firefox", c[8]]),
    ),
    (
        "nine Spanish columns whose time is no time",
        lambda r: _spanish(r[:40], lambda c: ["ayer", *c[1:]]),
    ),
    ("ten Spanish columns", lambda r: _spanish(r[:40], lambda c: [*c, "x"])),
]


@pytest.mark.parametrize(("case", "write"), NOT_EXPORTS, ids=[c[0] for c in NOT_EXPORTS])
def test_another_table_is_not_taken_for_an_export(
    tmp_path: Path, rows, case: str, write: Callable[[list[synthetic.Row]], bytes]
) -> None:
    path = tmp_path / "other.csv"
    path.write_bytes(write(rows))
    problems = [str(p) for p in logs.read([path], ZONE, str).problems]
    assert (
        len(problems) == 1
        and f"{path}:1:1: not a platform export: an unknown header" in (problems[0])
    ), problems


def test_a_download_in_another_language_without_rows_says_why_it_is_not_recognised(
    tmp_path: Path,
) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(synthetic.php_row(synthetic.HEADERS["es"]).encode("utf-8"))
    (problem,) = logs.read([path], ZONE, str).problems
    assert "recognised by the rows under it, and this file has none" in str(problem)


def test_rows_shorter_than_the_header_are_padded_when_what_is_read_is_there(
    tmp_path: Path, rows
) -> None:
    def cut(cells: list[str]) -> list[str]:  # as a tool that drops trailing empty fields
        return cells[:7] if cells[1] == "-" else cells

    full = read_bytes(tmp_path, "full.csv", _spanish(rows, lambda c: c))
    short = read_bytes(tmp_path, "short.csv", _spanish(rows, cut))
    assert summary(short.tally) == summary(full.tally)
    old = json.loads(synthetic.moodle_json(rows[:40], ZONE))
    arrays = [[list(record.values())[:7] for record in old[0]]]  # older versions' arrays
    assert summary(read_bytes(tmp_path, "old.json", json.dumps(arrays).encode()).tally) == (
        summary(read_bytes(tmp_path, "new.json", synthetic.moodle_json(rows[:40], ZONE)).tally)
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "cut.csv",
            "cut.csv:4:3: Moodle's log download (CSV): expected at least 7 columns (Hora, Nombre"
            " completo del usuario, Usuario afectado, Contexto del evento, Componente, Nombre del"
            " evento, Descripción), found 3: a broken quote or a cut line?",
        ),
        (
            "cut.xlsx",
            "cut.xlsx:4:3: Moodle's log download (Excel): expected at least 7 columns (Hora,",
        ),
    ],
)
def test_a_row_without_a_column_that_is_read_names_the_format_read(
    tmp_path: Path, rows, name: str, expected: str
) -> None:
    if name.endswith(".csv"):
        data = _spanish(rows, lambda c: c).split(b"\n")
        third = list(synthetic.moodle_cells(rows, ZONE))[2]
        data[3] = synthetic.php_row(third[:3]).rstrip("\n").encode("utf-8")
        (tmp_path / name).write_bytes(b"\n".join(data))
    else:
        synthetic.moodle_excel(rows, ZONE, tmp_path / name, "es", cut=4)
    problems = [str(p) for p in logs.read([tmp_path / name], ZONE, str).problems]
    assert any(p.startswith(f"{tmp_path / expected}") for p in problems), problems


@pytest.mark.parametrize(
    ("written", "order", "told", "expected"),
    [
        ("03/2/26, 09:15:07", "mdy", True, "2026-03-02T09:15:07+01:00"),
        ("3/12/26, 09:15:07", "mdy", False, "2026-03-12T09:15:07+01:00"),
        ("12/3/26, 09:15:07", "dmy", False, "2026-03-12T09:15:07+01:00"),
        ("2.03.26, 09:15:07", "dmy", False, "2026-03-02T09:15:07+01:00"),
        ("2026-03-02 09:15:07", "mdy", True, "2026-03-02T09:15:07+01:00"),  # year first: always
        ("26/03/02, 09:15:07", "ymd", False, "2026-03-02T09:15:07+01:00"),
        ("5 mars 26, 14:03:07", "mdy", True, "2026-03-05T14:03:07+01:00"),  # a month by name
    ],
)
def test_numeric_dates_are_read_in_the_order_given(
    written: str, order: str, told: bool, expected: str
) -> None:
    import datetime

    clock = Clock(ZONE, order, told)
    moment = datetime.datetime.fromtimestamp(clock.epoch(written), clock.zone)
    assert moment.isoformat() == expected


@pytest.mark.parametrize(
    ("written", "order", "told", "message"),
    [
        ("03/25/26, 09:15:07", "dmy", False, "a date written month first: '03/25/26, 09:15:07'"
         " (25 is no month), where this file's dates are read day first (by the setting"
         " date_order: dmy"),
        ("03/25/26, 09:15:07", "dmy", True, "read day first (as its first dates are)"),
        ("25/03/26, 09:15:07", "mdy", True, "a date written day first: '25/03/26, 09:15:07'"
         " (25 is no month), where this file's dates are read month first"),
        ("25/13/26, 09:15:07", "dmy", False, "no such date"),
    ],
)  # fmt: skip
def test_a_date_that_contradicts_the_order_is_refused(
    written: str, order: str, told: bool, message: str
) -> None:
    with pytest.raises(BadTime, match=re.escape(message)):
        Clock(ZONE, order, told).epoch(written)


def test_the_order_is_the_one_the_first_dates_tell() -> None:
    assert shapes.date_order(["2/03/26, 09:00", "13/03/26, 09:00"]) == "dmy"
    assert shapes.date_order(["03/2/26, 09:00", "03/13/26, 09:00"]) == "mdy"
    assert shapes.date_order(["2026-03-13 09:00"]) == "ymd"
    assert shapes.date_order(["3/2/26, 09:00", "5 mars 26, 14:03:07"]) is None


def _oldest_first(data: bytes) -> bytes:
    header, *lines = data.rstrip(b"\n").split(b"\n")
    return b"\n".join([header, *reversed(lines)]) + b"\n"


def test_a_month_first_file_is_never_read_day_first(tmp_path: Path, rows, english) -> None:
    """Oldest first (re-sorted), its first dates (2 to 12 March) can be read either way: with
    the default order, the first date past the 12th is a located error; with ``date_order:
    mdy`` every date, the 2nd to the 12th included, is read month first."""
    data = _oldest_first(synthetic.moodle_csv(rows, ZONE, "en", "us"))
    wrong = read_bytes(tmp_path, "us.csv", data)
    first = next(
        n for n, line in enumerate(data.split(b"\n"), start=1) if line.startswith(b'"03/13/26')
    )
    problems = [str(p) for p in wrong.problems]
    assert problems[0].startswith(f"{tmp_path}/us.csv:{first}:1: Time: a date written month first")
    assert "set date_order: mdy" in problems[0]
    right = read_bytes(tmp_path, "us.csv", data, date_order="mdy")
    assert [str(p) for p in right.problems] == []
    assert summary(right.tally) == english
    assert right.date_orders == {f"{tmp_path}/us.csv": "mdy"}


def test_a_day_first_file_with_a_month_first_date_is_a_located_error(tmp_path: Path, rows) -> None:
    lines = synthetic.moodle_csv(rows, ZONE).split(b"\n")
    lines[400] = re.sub(rb"^\"?\d+/03/26", b'"03/25/26', lines[400])
    result = read_bytes(tmp_path, "en.csv", b"\n".join(lines))
    (problem,) = [str(p) for p in result.problems]
    assert problem.startswith(f"{tmp_path}/en.csv:401:1: Time: a date written month first")
    assert "(as its first dates are)" in problem


def test_the_order_setting_must_be_one_of_three(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="date_order: expected one of dmy, mdy, ymd"):
        logs.read([], ZONE, date_order="mdY")


@pytest.fixture
def project(make_project: Callable[..., Paths]) -> Paths:
    paths = make_project({"content/audit/audit.yaml": SETTINGS, "content/charter.yaml": CHARTER})
    (paths.root / "private").mkdir()
    return paths


def _measured(paths: Paths, export: Path) -> str:
    result = CliRunner().invoke(main, ["traces", "m1", str(export), "-q", "-p", str(paths.root)])
    assert result.exit_code == 0, result.output
    text = (paths.content / "audit/traces/m1.yaml").read_text(encoding="utf-8")
    return re.sub(r"sources:\n(  - .*\n)+", "", text)


def test_tutoral_traces_measures_moodle_s_spanish_excel_as_the_english_csv(
    project: Paths,
) -> None:
    csv = project.root / "private/log.csv"
    csv.write_bytes(synthetic.moodle_csv(LOG, ZONE))
    workbook = project.root / "private/log.xlsx"
    synthetic.moodle_excel(LOG, ZONE, workbook, "es")
    assert _measured(project, workbook) == _measured(project, csv)


@pytest.mark.parametrize("language", ["es", "de"])
def test_the_auditor_s_copy_of_a_download_in_another_language_names_no_one(
    project: Paths, language: str
) -> None:
    from .test_pseudonymise import LEARNERS, course, pseudonymise

    source = project.root / "private/log.xlsx"
    synthetic.moodle_excel(course(), ZONE, source, language)
    copy = pseudonymise(project, source, project.root / "private/copy.csv")
    assert copy.lstrip("\ufeff").startswith(synthetic.HEADERS[language][0])
    for person in LEARNERS:
        for secret in (person.name, f"'{person.id}'", person.ip, person.email):
            assert secret not in copy, secret
    assert _measured(project, project.root / "private/copy.csv") == _measured(project, source)


def test_a_workbook_that_is_no_download_in_any_language_is_a_located_problem(
    tmp_path: Path, rows
) -> None:
    import dataclasses

    grades = [dataclasses.replace(row, description="Entregado") for row in rows[:40]]
    synthetic.moodle_excel(grades, ZONE, tmp_path / "notas.xlsx", "es")
    problems = [str(p) for p in logs.read([tmp_path / "notas.xlsx"], ZONE, str).problems]
    assert problems[0] == (
        f"{tmp_path}/notas.xlsx:1:1: not Moodle's log download: an unknown header ['Hora',"
        " 'Nombre completo del usuario', 'Usuario afectado', 'Contexto del evento', 'Componente',"
        " 'Nombre del evento', 'Descripción', 'Origen', 'Dirección IP']"
    )
