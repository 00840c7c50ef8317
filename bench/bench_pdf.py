"""Time `tutoral pdf`: the example's documents, and those of the 1,000-sheet bench project.

    python bench/bench_pdf.py                 # the example, then 1,000 sheets
    python bench/bench_pdf.py --sizes 0       # the example only

For each project, in new processes: `tutoral build -q` (the site alone: the anchor, measured in
the same run), then `tutoral pdf -q` from an empty cache (the site and every document), then
`tutoral pdf -q` again after one sheet's title changed (only the documents holding it are
rendered again). Prints the wall time, the pages made and the time per page, the peak resident
memory (the main process and its workers), and how many processors were busy on average.
Figures only: nothing asserts.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pypdf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_build import PER_SCENARIO, make_project  # noqa: E402
from bench_traces import WRAPPER, Run, copy_example, measure  # noqa: E402

TUTORAL = Path(sys.executable).parent / "tutoral"


def run(project: Path, scratch: Path, *args: str) -> Run:
    command = [sys.executable, "-c", WRAPPER, str(scratch / "run.json"), str(TUTORAL), *args]
    return measure([*command, "-q", "--project", str(project)], scratch / "run.json")


def pages(project: Path) -> tuple[int, int]:
    """The documents made and their pages, all together."""
    found = sorted((project / "site/telechargements").glob("*.pdf"))
    return len(found), sum(len(pypdf.PdfReader(p).pages) for p in found)


def retitle(project: Path) -> str:
    """Change the first sheet title of the first scenario file; return the file changed."""
    scenario = sorted((project / "content/scenarios").rglob("*.yaml"))[0]
    text = scenario.read_text(encoding="utf-8")
    changed = re.sub(r"(\n    title: )([^\n]+)", r"\1\2 (revu)", text, count=1)
    scenario.write_text(changed, encoding="utf-8")
    return scenario.name


def show(name: str, site: Run, cold: Run, again: Run, made: tuple[int, int], file: str) -> None:
    documents, total = made
    cores = os.cpu_count() or 1
    print(f"\n== {name}: {documents} documents, {total:,} pages ({cores} processors) ==")
    print(f"  tutoral build (the site alone, the anchor)   {site.seconds:8.2f} s")
    print(
        f"  tutoral pdf, empty cache                     {cold.seconds:8.2f} s"
        f"  = {1000 * cold.seconds / max(total, 1):.0f} ms per page;"
        f" {cold.cpu / cold.seconds:.2f} processors busy on average"
    )
    print(
        f"    peak memory: main process {cold.main_mb:,.0f} MB, largest worker"
        f" {cold.worker_mb:,.0f} MB; all processes together {cold.sampled_mb:,.0f} MB (their"
        " resident memory summed every 10 ms)"
    )
    print(f"    over the site alone: {cold.seconds - site.seconds:+.2f} s")
    print(f"  tutoral pdf after one sheet of {file} changed  {again.seconds:8.2f} s")


def measure_project(name: str, project: Path, scratch: Path) -> None:
    site = run(project, scratch, "build")
    shutil.rmtree(project / "build" / ".cache" / "pdf", ignore_errors=True)
    cold = run(project, scratch, "pdf")
    made = pages(project)
    file = retitle(project)
    again = run(project, scratch, "pdf")
    show(name, site, cold, again, made, file)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="sheet counts, comma-separated (0: none)")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    scratch = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        example = copy_example(scratch / "example")
        measure_project("the example", example, scratch)
        for size in (int(s) for s in args.sizes.split(",") if int(s)):
            paths = make_project(scratch / f"p{size}", size // PER_SCENARIO)
            measure_project(f"{size:,} sheets", paths.root, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
