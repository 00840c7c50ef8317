"""Generate large projects and print where the build time goes, per sheet.

    python bench/bench_build.py                 # 1,000 and 10,000 sheets (several minutes)
    python bench/bench_build.py --sizes 1000    # one size
    python bench/bench_build.py --no-mkdocs     # the generator only

Prints, per size: the time per sheet of load, validate, compute, render and write; the whole
`mkdocs build`; the generator's share of the total; and, for `tutoral serve`, the generator time
after one scenario of the project changed. Figures only: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tutoral_gen.adapters import engine  # noqa: E402
from tutoral_gen.pipeline import Paths, generate  # noqa: E402
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
    loader = Loader()
    cold = generate(paths, loader)
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

    # tutoral serve: one scenario changes, the loader re-reads only that file.
    changed = next(paths.content.rglob("module-000.yaml"))
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("Intervention 1 ", "Relance 1 "),
        encoding="utf-8",
    )
    start = time.perf_counter()
    warm = generate(paths, loader)
    incremental = time.perf_counter() - start
    written = len(warm.report.written) if warm.report else 0
    print(
        f"  serve: one scenario changed -> {incremental:.3f} s of generator time,"
        f" {written} file(s) rewritten"
    )

    if with_mkdocs:
        start = time.perf_counter()
        engine.build_site(paths.config, paths.site)
        mk = time.perf_counter() - start
        size_mb = sum(p.stat().st_size for p in paths.site.rglob("*") if p.is_file()) / 1e6
        share = generator / (generator + mk) * 100
        print(
            f"  mkdocs build {mk:8.1f} s  {mk / sheets * 1000:7.2f} ms/sheet,"
            f" site {size_mb:,.0f} MB"
        )
        print(f"  generator share of the whole build: {share:.1f} %")
    shutil.rmtree(paths.root, ignore_errors=True)


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
