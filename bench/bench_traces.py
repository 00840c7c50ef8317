"""Time `tutoral traces` on a semester's Moodle log download, side by side with pandas.

    python bench/bench_traces.py                # a million rows (~190 MB), 3 runs of each
    python bench/bench_traces.py --runs 1       # one run of each
    python bench/bench_traces.py --rows 100000  # a smaller export
    python bench/bench_traces.py --keep         # keep the project the aggregates went into

Generates (once: cached under bench/out/, keyed by its parameters and tests/synthetic.py) the
course log download of a 300-learner course over 15 weeks, as Moodle writes it (UTF-8 with a
BOM, commas, newest first), then runs, each in a new process and alternately:
`tutoral traces module-1 FILE -q` on a copy of the example project, and pandas reading the same
file and parsing its time column (`read_csv` + `to_datetime`). Prints, for each, the median and
worst wall time (interpreter start and imports in) and peak resident memory; the last line
compares them (the aim: no longer than pandas, under 300 MB). Figures only: nothing asserts.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests import synthetic  # noqa: E402

ZONE = "Europe/Paris"  # the example project's time zone, the downloader's
LEARNERS = 300
START = datetime.datetime(2026, 2, 2, 8, 0)  # a Monday
DAYS = 105  # 15 weeks
EVENTS_PER_SESSION = 20
ROWS_PER_RATE = 540_000
"""Rows of this course per session a day of each active learner (measured: sessions come
every ``7 / sessions_per_week`` days plus an hour, see ``synthetic.simulate``)."""
LIMIT_MB = 300
POLL = 0.01
"""Seconds between two samples of the process tree's resident memory."""

# The peak resident memory of a process is its VmHWM (/proc/self/status, in kB), which starts
# afresh at exec. RUSAGE_SELF's ru_maxrss would not do: Linux carries it over exec, so that a
# process started by a large one (subprocess forks, then execs) reports at least the size of the
# one that started it.
HWM = """\
def hwm():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
"""

# The measured command runs inside this wrapper, in the same process (runpy runs the console
# script .venv/bin/tutoral as `python .venv/bin/tutoral` would): when it ends, hwm() is the peak
# resident memory of tutoral's main process alone, and RUSAGE_CHILDREN's ru_maxrss that of its
# largest worker (the workers are forked by the main process, without exec, and reaped by it:
# the kernel keeps the largest of the children's peaks, not their sum). The workers leave
# through os._exit and never run the `finally`.
WRAPPER = (
    HWM
    + """\
import json, resource, runpy, sys
report, sys.argv = sys.argv[1], sys.argv[2:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    with open(report, "w") as out:
        json.dump({"main": hwm(),
                   "worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}, out)
"""
)

# pandas in its own process: hwm() is its peak (no worker), and it times its own steps.
PANDAS = (
    HWM
    + """\
import json, sys, time
report, path = sys.argv[1:3]
start = time.perf_counter()
import pandas as pd
imported = time.perf_counter()
frame = pd.read_csv(path, encoding="utf-8-sig")
read = time.perf_counter()
times = pd.to_datetime(frame["Time"], format="%d/%m/%y, %H:%M:%S")
parsed = time.perf_counter()
with open(report, "w") as out:
    json.dump({"main": hwm(), "worker": 0,
               "import": imported - start, "read_csv": read - imported,
               "to_datetime": parsed - read, "rows": len(frame),
               "unparsed": int(times.isna().sum())}, out)
"""
)


def course(rows: int) -> synthetic.Course:
    """The semester, its learners coming often enough to make about ``rows`` rows."""
    per_day = rows / ROWS_PER_RATE  # sessions a day of an active learner
    gap = 1 / per_day - 1 / 24  # days between two sessions, less the simulator's extra hour
    if gap <= 0:
        raise SystemExit(f"--rows {rows:,}: at most {int(ROWS_PER_RATE * 24 * 0.9):,} rows")
    return synthetic.Course(
        learners=synthetic.people(LEARNERS, 1000),
        tutors=[
            synthetic.Person(31, "Claire Martin", "203.0.113.7"),
            synthetic.Person(32, "Paul Leroy", "203.0.113.8"),
        ],
        admin=synthetic.Person(2, "Admin Moodle", "203.0.113.1"),
        start=START,
        days=DAYS,
        zone=ZONE,
        seed=1,
        sessions_per_week=round(7 / gap, 4),
        events_per_session=EVENTS_PER_SESSION,
    )


def export(rows: int, out: Path) -> Path:
    """The download's path under ``out``, generated unless a previous run left it there."""
    semester = course(rows)
    key = hashlib.sha256(repr(semester).encode() + Path(synthetic.__file__).read_bytes())
    target = out / f"moodle-{rows}-{key.hexdigest()[:12]}.csv"
    if target.exists():
        print(f"export: {target.relative_to(REPO)} (cached)")
        return target
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    part = target.with_suffix(".part")
    # In a process of its own: this one, which starts the measured ones, stays small.
    subprocess.run(
        [sys.executable, __file__, "--rows", str(rows), "--write", str(part)], check=True
    )
    part.replace(target)
    print(
        f"export: {target.relative_to(REPO)} generated in {time.perf_counter() - start:.1f} s"
        f" ({semester.sessions_per_week} sessions a week, {EVENTS_PER_SESSION} events each)"
    )
    return target


def write(semester: synthetic.Course, path: Path) -> None:
    """``synthetic.moodle_csv`` written as it goes: the same bytes, without holding the text.
    The events themselves are simulated at once (about 450 MB for a million rows, in the
    generator's process)."""
    events = synthetic.simulate(semester)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # utf-8-sig: the BOM
        handle.write(synthetic.php_row(synthetic.HEADERS["en"]))
        handle.writelines(
            synthetic.php_row(c) for c in synthetic.moodle_cells(events, semester.zone)
        )


def count_rows(path: Path) -> int:
    """Rows below the header (no cell of the download holds a line break)."""
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            lines += chunk.count(b"\n")
    return lines - 1


def copy_example(root: Path) -> Path:
    """The repo's example project (its audit maps the course's tutors to roles)."""
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@dataclass
class Run:
    seconds: float
    main_mb: float
    """Peak resident memory of the main process (kernel's figure)."""
    worker_mb: float
    """Peak of the largest worker (kernel's figure), 0 without workers."""
    workers: int
    """Processes seen under the main one."""
    sampled_mb: float
    """The largest sum of the resident memory of the main process and its workers at one
    moment, sampled every POLL seconds."""
    detail: dict[str, float] = field(default_factory=dict)
    cpu: float = 0.0
    """Processor time of the main process and its workers (user + system): over the wall
    time, how many processors were busy on average."""

    @property
    def bound_mb(self) -> float:
        """At most this much together: each worker's peak is at most the largest's."""
        return self.main_mb + self.workers * self.worker_mb


def measure(command: list[str], report: Path) -> Run:
    """Run ``command`` (which writes its rusage figures as JSON into ``report``) to its end."""
    report.unlink(missing_ok=True)
    sampled = [0.0]
    seen: set[int] = set()
    stop = threading.Event()
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)

        def sample() -> None:
            while not stop.is_set():
                tree = _tree(child.pid)
                seen.update(tree[1:])
                sampled[0] = max(sampled[0], sum(_rss_kb(pid) for pid in tree) / 1024)
                stop.wait(POLL)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0 or not report.exists():
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace")
            shown = " ".join("<script>" if "\n" in arg else arg for arg in command)
            raise SystemExit(f"{shown}\nexited with {child.returncode}:\n{said}")
    figures = json.loads(report.read_text())
    main_kb, worker_kb = figures.pop("main"), figures.pop("worker")
    cpu = usage.ru_utime + usage.ru_stime  # the child's, its reaped workers' included
    return Run(seconds, main_kb / 1024, worker_kb / 1024, len(seen), sampled[0], figures, cpu)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, as /proc lists them now."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue += [int(c) for c in (task / "children").read_text().split()]
        except OSError:  # gone meanwhile
            pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0  # gone, or a zombie


def _spread(values: list[float], unit: str, digits: int = 1) -> str:
    median, worst = statistics.median(values), max(values)
    return f"median {median:,.{digits}f} {unit}, worst {worst:,.{digits}f} {unit}"


def _verdict(bound: float, sampled: float) -> str:
    if bound < LIMIT_MB:
        return "under"
    return "OVER" if sampled >= LIMIT_MB else "under as sampled, not as bounded"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="about this many log rows")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)  # the generator's process
    args = parser.parse_args()
    if args.write:
        write(course(args.rows), args.write)
        return
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    path = export(args.rows, REPO / "bench" / "out")
    rows, size_mb = count_rows(path), path.stat().st_size / 1e6
    print(f"export: {rows:,} rows, {size_mb:,.1f} MB ({path.stat().st_size:,} bytes)")

    scratch = Path(tempfile.mkdtemp(prefix="bench-traces-"))
    project = copy_example(scratch / "project")
    tutoral = Path(sys.executable).parent / "tutoral"
    ours_command = [sys.executable, "-c", WRAPPER, str(scratch / "ours.json"), str(tutoral),
                    "traces", "module-1", str(path), "-q", "--project", str(project)]  # fmt: skip
    pandas_command = [sys.executable, "-c", PANDAS, str(scratch / "pandas.json"), str(path)]
    ours: list[Run] = []
    theirs: list[Run] = []
    try:
        for _ in range(args.runs):  # alternately, so that both meet the same machine
            ours.append(measure(ours_command, scratch / "ours.json"))
            theirs.append(measure(pandas_command, scratch / "pandas.json"))
        aggregate = yaml.safe_load((project / "content/audit/traces/module-1.yaml").read_text())
    finally:
        if args.keep:
            print(f"project kept: {project}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    runs = f"{args.runs} run(s)"
    print(f"\n== tutoral traces module-1 FILE -q ({runs}, {os.cpu_count()} processors) ==")
    print(f"  wall time                 {_spread([r.seconds for r in ours], 's', 2)}")
    print(f"  peak RSS, main process    {_spread([r.main_mb for r in ours], 'MB', 0)}")
    print(f"  peak RSS, largest worker  {_spread([r.worker_mb for r in ours], 'MB', 0)}"
          f" ({max(r.workers for r in ours)} worker(s))")  # fmt: skip
    print(f"  main + workers, at most   {_spread([r.bound_mb for r in ours], 'MB', 0)}"
          " (main's peak + each worker at the largest's: an upper bound)")  # fmt: skip
    print(f"  main + workers, sampled   {_spread([r.sampled_mb for r in ours], 'MB', 0)}"
          f" (their RSS summed every {POLL * 1000:.0f} ms; pages shared since the fork count"
          " in each)")  # fmt: skip
    a = aggregate
    print(f"  it read {a['events']:,} events of {a['learners_seen']} learners"
          f" ({a['duplicates']} read twice, {a['unknown']} not attributed)")  # fmt: skip

    print(f"\n== pandas read_csv + to_datetime ({runs}) ==")
    print(f"  wall time                 {_spread([r.seconds for r in theirs], 's', 2)}")
    for step in ("import", "read_csv", "to_datetime"):
        print(f"    of which {step:<16} {_spread([r.detail[step] for r in theirs], 's', 2)}")
    print(f"  peak RSS                  {_spread([r.main_mb for r in theirs], 'MB', 0)}")
    print(f"  it read {theirs[0].detail['rows']:,.0f} rows,"
          f" {theirs[0].detail['unparsed']:,.0f} times unparsed")  # fmt: skip

    ours_s = statistics.median(r.seconds for r in ours)
    theirs_s = statistics.median(r.seconds for r in theirs)
    bound = max(r.bound_mb for r in ours)
    sampled = max(r.sampled_mb for r in ours)
    print(
        f"\n== {rows:,} rows, {size_mb:,.0f} MB: tutoral traces {ours_s:.2f} s, pandas"
        f" {theirs_s:.2f} s (medians): {ours_s / theirs_s:.2f}× pandas' time"
        f" ({'no longer' if ours_s <= theirs_s else 'LONGER'}); memory at most {bound:,.0f} MB"
        f" together, {sampled:,.0f} MB sampled, against {LIMIT_MB} MB"
        f" ({_verdict(bound, sampled)}); pandas {max(r.main_mb for r in theirs):,.0f} MB"
    )


if __name__ == "__main__":
    main()
