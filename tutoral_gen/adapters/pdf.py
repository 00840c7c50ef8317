"""The PDF engine: WeasyPrint (pinned), which lays out CSS Paged Media, behind this one module.

A document arrives as one HTML text (made by :mod:`tutoral_gen.render.printed`) with the
resources it names (images of hand-written pages); nothing else is read: the fetcher serves
those and the fonts, and refuses every other address, so that no content can make the
engine read a file of the machine or the network, and the output depends on nothing else.

The fonts are the package's (``data/fonts/``) and those the project ships for its own stylesheet
(``templates/pdf/fonts/``, named in its ``@font-face`` rules), never the machine's: Fontconfig,
which finds a font for a family and for a character the declared fonts lack, is given a
configuration that lists the package's folder only, so installing a font on the machine changes
no byte of a document.

The engine's tagging is mended after it wrote (:mod:`.tagged`: margins as artifacts, header cells
scoped), so that a document is PDF/UA-1 in fact and not only in name.

Each document is rendered once per content: its PDF is kept in ``build/.cache/pdf/`` under a
digest of its HTML, its resources, the fonts and the engine's version, and documents still to
render are shared between processes, one per processor. WeasyPrint
needs Pango, a system library: without it, one message names what to install.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..errors import FaultError, TutoralError
from . import tagged, write

FONTS = Path(__file__).resolve().parent.parent / "data" / "fonts"
"""The shipped fonts (Roboto, DejaVu Sans for the symbols Roboto lacks), with their licences."""
FOLDER = "pdf"
"""The rendered documents' folder inside ``build/.cache/``."""
RESOURCE = "tutoral:"
"""The scheme of a document's resources (``tutoral:docs/pages/plan.png``)."""
FONT = "tutoral-font:"
"""The scheme of a shipped font (``tutoral-font:Roboto-Regular.ttf``)."""
VARIANT = "pdf/ua-1"
"""Tagged PDF declared as PDF/UA-1: structure, language, title, text alternatives."""
INSTALL = (
    "the PDF engine needs Pango, a system library: on Debian or Ubuntu `sudo apt install"
    " libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0`, on macOS `brew install pango`, on"
    " Windows MSYS2's `pacman -S mingw-w64-ucrt-x86_64-pango` (see the README)"
)


class EngineMissing(TutoralError):
    """The PDF engine cannot run on this machine (a system library is missing)."""

    exit_code = 3


@dataclass(frozen=True, slots=True)
class Job:
    """One document to render."""

    name: str
    """Its file name (``manuel.pdf``)."""
    html: str
    """The whole document: cover, contents, parts, its stylesheet inline."""
    resources: Mapping[str, bytes] = field(default_factory=dict)
    """What its ``tutoral:`` addresses name, by path (``docs/pages/plan.png``)."""
    fonts: Path | None = None
    """The project's own fonts (``templates/pdf/fonts/``), served as ``tutoral-font:NAME``
    before the shipped ones of the same name."""


@dataclass(frozen=True, slots=True)
class Printed:
    """What :func:`render` gave."""

    documents: dict[str, bytes]
    """Every document's PDF, by file name."""
    pages: dict[str, int]
    """Every document's number of pages."""
    rendered: tuple[str, ...]
    """Those rendered this time (the others came from the cache)."""
    seconds: float
    """The time rendering took."""


def render(jobs: Sequence[Job], cache: Path, workers: int | None = None) -> Printed:
    """Every job's PDF: from the cache when its digest is there, else rendered, the largest
    first, in as many processes as there are processors (``workers`` caps them)."""
    start = time.perf_counter()
    folder = cache / FOLDER
    keys = {job.name: _digest(job) for job in jobs}
    out: dict[str, tuple[bytes, int]] = {}
    todo = []
    for job in jobs:
        found = _cached(folder, keys[job.name])
        if found is None:
            todo.append(job)
        else:
            out[job.name] = found
    if todo:
        version()  # fails here, once, with its message, when the engine cannot run
        out |= _render_all(sorted(todo, key=lambda j: -len(j.html)), workers)
        for job in todo:
            data, pages = out[job.name]
            write.replace_file(folder / f"{keys[job.name]}-{pages}.pdf", data)
    _prune(folder, set(keys.values()))
    return Printed(
        {job.name: out[job.name][0] for job in jobs},
        {job.name: out[job.name][1] for job in jobs},
        tuple(j.name for j in todo),
        time.perf_counter() - start,
    )


def _cached(folder: Path, key: str) -> tuple[bytes, int] | None:
    """A document rendered before (its file names its number of pages), or None."""
    for path in folder.glob(f"{key}-*.pdf"):
        try:
            return path.read_bytes(), int(path.stem.rsplit("-", 1)[1])
        except (OSError, ValueError):
            return None
    return None


def _render_all(jobs: list[Job], workers: int | None) -> dict[str, tuple[bytes, int]]:
    count = min(len(jobs), workers or os.cpu_count() or 1)
    if count <= 1:
        return {job.name: _one(job) for job in jobs}
    with _pool(count) as pool:
        return dict(zip((j.name for j in jobs), pool.map(_one, jobs), strict=True))


def _pool(count: int) -> ProcessPoolExecutor:
    """Workers forked from a server that imported the engine, not from this process, which
    holds the whole site: a fork of it would start at its size (and a worker keeps the peak of
    its largest document: the documents are kept small, see :mod:`..render.documents`). A
    worker lives for many documents: starting one costs seconds. Where there is no fork server
    (Windows), they start afresh."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload(["weasyprint", __name__])
    return ProcessPoolExecutor(max_workers=count, mp_context=context)


def _one(job: Job) -> tuple[bytes, int]:
    """One document's PDF and its number of pages (in a worker process)."""
    weasyprint = _engine()
    html = weasyprint.HTML(string=job.html, base_url=RESOURCE, url_fetcher=_fetcher(job))
    options = {"pdf_variant": VARIANT, "pdf_identifier": job.name.encode()}
    with _shipped_fonts_only():
        document = html.render(**options)
    pages, written = len(document.pages), document.write_pdf(**options)
    del document, html  # the laid-out pages are freed before the file is mended
    return tagged.mend(written), pages


def _folders(job: Job) -> tuple[Path, ...]:
    return (job.fonts, FONTS) if job.fonts is not None and job.fonts.is_dir() else (FONTS,)


@contextmanager
def _shipped_fonts_only() -> Iterator[None]:
    """Fontconfig sees the shipped fonts and nothing of the machine while a document is laid
    out: it reads ``FONTCONFIG_FILE`` each time WeasyPrint makes a font configuration (at
    render); the ``@font-face`` fonts are added to that configuration by WeasyPrint."""
    config = _fontconfig()
    before = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(config)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = before


@cache
def _fontconfig() -> Path:
    """A Fontconfig configuration naming only the shipped fonts' folder; generic families
    (sans-serif, serif, monospace) resolve to Roboto, then DejaVu Sans for the symbols."""
    dirs = f"<dir>{escape(str(FONTS))}</dir>"
    prefer = "<prefer><family>Roboto</family><family>DejaVu Sans</family></prefer>"
    aliases = "".join(
        f'<alias binding="same"><family>{generic}</family>{prefer}</alias>'
        for generic in ("sans-serif", "serif", "monospace")
    )
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f'<fontconfig>{dirs}<cachedir prefix="xdg">tutoral-fontconfig</cachedir>{aliases}'
        "</fontconfig>\n"
    )
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"tutoral-fonts-{os.getuid()}-{digest}.conf"
    if not path.is_file():
        write.replace_file(path, text.encode())
    return path


def _fetcher(job: Job) -> Any:
    """Serves the job's resources and the shipped fonts; refuses everything else."""
    weasyprint = _engine()

    class Fetcher(weasyprint.URLFetcher):  # type: ignore[misc,name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith(FONT):
                body = _font(url[len(FONT) :], _folders(job))
                return weasyprint.urls.URLFetcherResponse(url, body, {"Content-Type": "font/ttf"})
            if url.startswith(RESOURCE) and url[len(RESOURCE) :] in job.resources:
                body = job.resources[url[len(RESOURCE) :]]
                kind = _kind(url)
                return weasyprint.urls.URLFetcherResponse(url, body, {"Content-Type": kind})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"a document reads only its own resources, not {url[:80]!r}")

    return Fetcher(allowed_protocols=("data", "tutoral", "tutoral-font"))


def _kind(url: str) -> str:
    suffix = url.rsplit(".", 1)[-1].lower()
    kinds = {"svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
    return kinds.get(suffix, "application/octet-stream")


FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")


def _fonts(folder: Path) -> frozenset[str]:
    """The font files directly in ``folder`` (never below it, never through a link)."""
    try:
        return frozenset(
            p.name
            for p in folder.iterdir()
            if p.suffix.lower() in FONT_SUFFIXES and p.is_file() and not p.is_symlink()
        )
    except OSError:
        return frozenset()


def _font(name: str, folders: Sequence[Path]) -> bytes:
    """A font's bytes, by its file name, from the first folder that has it."""
    for folder in folders:
        if name in _fonts(folder):
            return (folder / name).read_bytes()
    raise ValueError(f"no font {name[:80]!r} in the package or the project's templates/pdf/fonts/")


@cache
def _engine() -> Any:
    """WeasyPrint, imported on first use: its import loads Pango, which may be missing."""
    try:
        import weasyprint
    except (OSError, ImportError) as exc:
        raise EngineMissing(f"{INSTALL} ({str(exc).splitlines()[0][:120]})") from None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its notes on CSS it skips
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint


@cache
def version() -> str:
    """The engine's version (it names the cached documents); fails when it cannot run."""
    _engine()
    return metadata.version("weasyprint")


def _digest(job: Job) -> str:
    """What a document's PDF depends on: its HTML, resources, the fonts and the engine."""
    h = hashlib.sha256()
    engine = (metadata.version("weasyprint"), metadata.version("pikepdf"), tagged.VERSION)
    for part in (*engine, VARIANT, job.name, job.html):
        h.update(part.encode("utf-8") + b"\0")
    for name in sorted(job.resources):
        h.update(name.encode() + b"\0" + hashlib.sha256(job.resources[name]).digest())
    for folder in _folders(job):
        for name in sorted(_fonts(folder)):
            h.update(name.encode() + b"\0" + hashlib.sha256((folder / name).read_bytes()).digest())
    return h.hexdigest()[:32]


def _prune(folder: Path, keep: set[str]) -> None:
    """Remove the documents no job names any more (the cache stays the size of one build)."""
    try:
        for path in folder.glob("*.pdf"):
            if path.stem.rsplit("-", 1)[0] not in keep:
                path.unlink(missing_ok=True)
    except OSError as exc:
        raise FaultError.of(exc, "clean") from None
