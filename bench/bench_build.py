"""Generate large projects and print where the build time goes, per sheet.

    python bench/bench_build.py                 # 1,000 and 10,000 sheets (several minutes)
    python bench/bench_build.py --sizes 1000    # one size
    python bench/bench_build.py --no-mkdocs     # the generator only

Prints, per size: the time per sheet of load, validate, compute, render and write; the whole
cold `tutoral build` (generator and MkDocs, in its own process) and its peak resident memory;
`tutoral build` again after one sheet's title changed (a new process each time, resumed from
build/.cache/); and, against a running `tutoral serve`, edit to preview: from saving a scenario
with a new sheet title to the sheet's page serving that title over HTTP. Figures only: nothing
asserts on time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tutoral_gen.pipeline import Paths, generate  # noqa: E402
from tutoral_gen.render.memo import Memo  # noqa: E402
from tutoral_gen.source.files import Loader  # noqa: E402

PER_SCENARIO = 50
SCENARIOS_PER_FOLDER = 10

INTERVENTION = """\
  - id: {id}
    title: Intervention {n} du module {s}, accompagner les apprenants
    kind: {kind}
    mode: {mode}
    role: {role}
    {quantity}
    per: {per}
    count: {count}
    phase: {phase}
    objective: Chaque apprenant avance dans le module {s} sans rester bloqué plus de deux jours.
    indicators: [Messages lus, Réponses sous 48 heures]
    support_plans: [cognitive, motivational]
    synchrony: asynchronous
    tool: Forum du module
    rhythm: Une fois par semaine
"""


def scenario_text(s: int) -> str:
    lines = [
        f"title: Module {s} — Conduire un projet à distance",
        "course_minutes: 240",
        "learners: 12",
        "target_rate: 0.08",
        "groups: 3",
        "phases:",
        *(f"  - {{id: p{p}, title: Phase {p}}}" for p in range(5)),
        "virtual_classes:",
        "  - {id: CV1, minutes: 90, factor: [1.5, 2], role: formateur-tuteur, phase: p2}",
        "interventions:",
    ]
    body = "\n".join(lines) + "\n"
    for n in range(PER_SCENARIO):
        body += INTERVENTION.format(
            id=f"S{s:03d}I{n:02d}",
            n=n,
            s=s,
            kind="structural" if n % 3 == 0 else "conjunctural",
            mode=("proactive", "reactive", "both")[n % 3],
            role=("formateur-tuteur", "tuteur-administratif")[n % 7 == 0],
            quantity="norm: proactive-message" if n % 2 else "minutes: [5, 10]",
            per=("session", "learner", "group")[n % 3],
            count=1 + n % 4,
            phase=f"p{n % 5}",
        )
    return body


def make_project(root: Path, scenarios: int) -> Paths:
    shutil.rmtree(root, ignore_errors=True)
    (root / "content/scenarios").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "content/roles.yaml", root / "content/roles.yaml")
    (root / "content/project.yaml").write_text("title: Banc d'essai\n", encoding="utf-8")
    for s in range(scenarios):
        folder = root / "content/scenarios" / f"programme-{s // SCENARIOS_PER_FOLDER:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"module-{s:03d}.yaml").write_text(scenario_text(s), encoding="utf-8")
    return Paths.of(root)


def floor_load(paths: Paths) -> float:
    """The fastest plain load of the same files: PyYAML's CSafeLoader, no checks."""
    start = time.perf_counter()
    for path in sorted(paths.content.rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def floor_write(paths: Paths, scratch: Path) -> float:
    """The plainest write of the same generated files into an empty folder: one open+write each."""
    files = [
        (p.relative_to(paths.out), p.read_bytes()) for p in paths.out.rglob("*") if p.is_file()
    ]
    shutil.rmtree(scratch, ignore_errors=True)
    for folder in {scratch / rel.parent for rel, _ in files}:
        folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for rel, data in files:
        (scratch / rel).write_bytes(data)
    elapsed = time.perf_counter() - start
    shutil.rmtree(scratch, ignore_errors=True)
    return elapsed


def run(size: int, out: Path, with_mkdocs: bool) -> None:
    scenarios = size // PER_SCENARIO
    paths = make_project(out / f"p{size}", scenarios)
    loader, memo = Loader(), Memo()
    cold = generate(paths, loader, memo=memo)
    sheets = sum(len(s.interventions) for s in cold.project.scenarios)
    generator = sum(cold.timings.values())
    print(
        f"\n== {sheets:,} sheets ({scenarios} scenarios x {PER_SCENARIO}), {cold.pages:,} files =="
    )
    for stage, seconds in cold.timings.items():
        print(f"  {stage:<9} {seconds:8.3f} s  {seconds / sheets * 1000:7.3f} ms/sheet")
    print(f"  generator {generator:8.3f} s  {generator / sheets * 1000:7.3f} ms/sheet")
    floor = floor_load(paths)
    written = floor_write(paths, out / "scratch")
    print(
        f"  (floors: bare CSafeLoader load {floor / sheets * 1000:.3f} ms/sheet,"
        f" bare file writes {written / sheets * 1000:.3f} ms/sheet)"
    )

    # tutoral serve: one scenario changes, the loader re-reads only that file and the memo
    # renders only that scenario.
    changed = next(paths.content.rglob("module-000.yaml"))
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("Intervention 1 ", "Relance 1 "),
        encoding="utf-8",
    )
    start = time.perf_counter()
    warm = generate(paths, loader, memo=memo)
    incremental = time.perf_counter() - start
    written = len(warm.report.written) if warm.report else 0
    print(
        f"  serve: one scenario changed -> {incremental:.3f} s of generator time,"
        f" {written} file(s) rewritten"
    )

    if with_mkdocs:
        cold_build(paths, sheets)
        incremental_build(paths)
        edit_to_preview(paths)
    shutil.rmtree(paths.root, ignore_errors=True)


def tutoral(paths: Paths, *args: str) -> list[str]:
    return [sys.executable, "-m", "tutoral_gen", *args]


def cold_build(paths: Paths, sheets: int) -> None:
    """`tutoral build` in its own process: its time, and its peak resident memory (MkDocs in)."""
    shutil.rmtree(paths.site, ignore_errors=True)
    shutil.rmtree(paths.cache, ignore_errors=True)
    seconds, peak_mb, _ = _timed_build(paths)
    size_mb = sum(p.stat().st_size for p in paths.site.rglob("*") if p.is_file()) / 1e6
    print(
        f"  tutoral build (cold) {seconds:8.1f} s  {seconds / sheets * 1000:7.2f} ms/sheet,"
        f" site {size_mb:,.0f} MB, peak resident memory {peak_mb:,.0f} MB"
    )


def _retitle(paths: Paths, n: int) -> str:
    """Give sheet S000I01 a new title, numbered ``n``; return it."""
    scenario = next(paths.content.rglob("module-000.yaml"))
    title = f"Relance {n} du module 0"
    text = re.sub(r"Intervention 1 du module 0|Relance \d+ du module 0", title,
                  scenario.read_text(encoding="utf-8"), count=1)  # fmt: skip
    scenario.write_text(text, encoding="utf-8")
    return title


def incremental_build(paths: Paths, tries: int = 5) -> None:
    """`tutoral build` in a new process after one sheet's title changed, the site checked."""
    seen, peak, page = [], 0.0, paths.site / "scenarios/module-000/S000I01/index.html"
    for n in range(tries):
        title = _retitle(paths, 100 + n)
        seconds, peak_mb, said = _timed_build(paths)
        seen.append(seconds)
        peak = max(peak, peak_mb)
        if title not in page.read_text(encoding="utf-8") or "incremental" not in said:
            raise SystemExit(f"the incremental build did not show {title!r}:\n{said}")
    print(
        f"  tutoral build after one sheet changed: median {statistics.median(seen):.2f} s,"
        f" worst {max(seen):.2f} s ({tries} builds, each a new process),"
        f" peak resident memory {peak:,.0f} MB"
    )
    print(f"    it said: {said.strip().splitlines()[0]}")


def _timed_build(paths: Paths) -> tuple[float, float, str]:
    """`tutoral build` in its own process: seconds, its peak resident memory (MB, MkDocs in)
    and what it printed on stderr."""
    with (paths.root / "build.log").open("w+") as log:
        start = time.perf_counter()
        child = subprocess.Popen(tutoral(paths, "build"), cwd=paths.root, stderr=log,
                                 stdout=subprocess.DEVNULL)  # fmt: skip
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        said = log.read()
    if child.returncode != 0:
        raise SystemExit(said)
    return seconds, usage.ru_maxrss / 1024, said


def edit_to_preview(paths: Paths, tries: int = 5) -> None:
    """Save a scenario with a new title for one sheet; time until `tutoral serve` serves it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/scenarios/module-000/S000I01/"
    log = (paths.root / "serve.log").open("w")
    server = subprocess.Popen(
        tutoral(paths, "serve", "-a", f"127.0.0.1:{port}"), cwd=paths.root, stderr=log
    )
    try:
        start = time.perf_counter()
        while _get(url) is None:
            if server.poll() is not None or time.perf_counter() - start > 900:
                raise SystemExit((paths.root / "serve.log").read_text())
            time.sleep(0.2)
        print(f"  tutoral serve: first full build served after {time.perf_counter() - start:.1f} s")
        seen = []
        for n in range(tries):
            title = _retitle(paths, n)
            start = time.perf_counter()
            while title not in (_get(url) or ""):
                if time.perf_counter() - start > 120:
                    raise SystemExit((paths.root / "serve.log").read_text())
                time.sleep(0.01)
            seen.append(time.perf_counter() - start)
            time.sleep(0.5)
        print(
            f"  edit to preview over HTTP: median {statistics.median(seen):.2f} s,"
            f" worst {max(seen):.2f} s ({tries} edits of a sheet title)"
        )
        peak = _peak_mb(server.pid)
        print(f"  tutoral serve peak resident memory {peak:,.0f} MB")
    finally:
        server.terminate()
        server.wait()
        log.close()


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return str(answer.read().decode("utf-8"))
    except OSError:
        return None


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="sheet counts, comma-separated")
    parser.add_argument("--no-mkdocs", action="store_true", help="time the generator only")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.out, not args.no_mkdocs)


if __name__ == "__main__":
    main()
