"""The thin adapter to the site engine, MkDocs 1.6 (the generator itself never imports it).

``build_site`` builds into a temporary folder beside ``site/`` and swaps it in only when MkDocs
succeeded: a failed build leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from ... import clock
from ...errors import EngineError, FaultError
from ..folders import leftovers, swap_in

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8's banner about MkDocs 2.0


def _logging(verbose: bool) -> None:
    log = logging.getLogger("mkdocs")
    if not any(getattr(h, "_tutoral", False) for h in log.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s %(message)s"))
        handler._tutoral = True  # type: ignore[attr-defined]
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(logging.INFO if verbose else logging.WARNING)


SHIM = "assets/javascripts/iframe-worker.js"
"""Where an offline site keeps the iframe-worker shim that lets search run from ``file://``."""


def build_site(
    config_file: Path,
    site_dir: Path,
    *,
    strict: bool = False,
    verbose: bool = False,
    offline_shim: Path | None = None,
    cache: Path | None = None,
    whole: dict[str, Path] | None = None,
) -> str:
    """Build ``site_dir`` from ``config_file``, all or nothing; return how, for the terminal.

    With ``cache`` (``build/.cache/``), a build after a small change renders only the pages
    it touches (:mod:`.stored`), unless ``strict`` (every page is checked) or the folders of
    ``whole`` (the templates) changed. With ``offline_shim`` (the iframe-worker shim, from its
    npm package), the site opens from the disk with no server and no network: Material's
    offline plugin inlines the search index, links end in ``.html``, and the shim is served
    from the site instead of a CDN.
    """
    from mkdocs import exceptions

    clock.settle()
    _logging(verbose)
    leftovers(site_dir)
    staging = site_dir.with_name(f".{site_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        if cache is not None and not strict and offline_shim is None:
            from . import stored

            update = stored.build(config_file, site_dir, cache, whole or {})
            if update.full:
                return f"full build, {update.rendered} pages: {update.full}"
            return f"incremental build: {update.rendered} of the pages rendered again"
        if cache is not None:
            from .. import sealed
            from .stored import RECORD

            sealed.forget(cache / RECORD)
        _mkdocs_build(config_file, staging, strict=strict, offline_shim=offline_shim)
        swap_in(staging, site_dir)
        return "full build" + (" (strict)" if strict else "")
    except exceptions.MkDocsException as exc:
        raise EngineError(f"MkDocs could not build the site: {exc}; site/ is unchanged") from None
    except OSError as exc:
        raise FaultError.of(exc, "build the site in") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _mkdocs_build(
    config_file: Path, staging: Path, *, strict: bool, offline_shim: Path | None
) -> None:
    from mkdocs.commands.build import build

    from .config import load

    config = load(config_file, site_dir=str(staging), strict=strict)
    if offline_shim is not None:
        _offline(config)
    build(config)
    if offline_shim is not None:
        (staging / SHIM).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(offline_shim, staging / SHIM)


def _offline(config: Any) -> None:
    """Material's offline plugin added to a loaded configuration, with a local shim."""
    from material.plugins.offline.plugin import OfflinePlugin

    if not any("offline" in name for name in config.plugins):
        plugin = OfflinePlugin()
        plugin.load_config({})
        config.plugins["material/offline"] = plugin
    # The plugin adds the shim from a CDN unless a polyfill already names iframe-worker.
    config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM]
    config["use_directory_urls"] = False


def pack(site_dir: Path, archive: Path) -> int:
    """Zip a built site, deterministically (sorted, fixed times); return the number of files."""
    import zipfile

    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    tmp = archive.with_name(f".{archive.name}.tmp-{os.getpid()}")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(site_dir).as_posix(), (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, path.read_bytes())
    os.replace(tmp, archive)
    return len(files)


def serve(
    config_file: Path,
    watched: list[Path],
    regenerate: Callable[[], Collection[str] | None],
    *,
    whole: dict[str, Path],
    dev_addr: str | None = None,
    report: Callable[[str], None] = print,
) -> None:
    """Serve with live reload: a change under ``watched`` calls ``regenerate`` (the docs files
    it wrote or removed; None: content errors, the preview keeps its pages), then only the
    pages the change touches are rendered again (:class:`live.LiveSite`), and the browser
    reloads. Changes under ``whole`` (the templates) and of the configuration rebuild every
    page; the terminal says why.
    """
    import tempfile
    from urllib.parse import urlsplit

    from mkdocs.livereload import LiveReloadServer, _serve_url

    from .config import load
    from .live import LiveSite

    clock.settle()
    _logging(verbose=False)
    config = load(config_file, dev_addr=dev_addr)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    site_dir = Path(tempfile.mkdtemp(prefix="tutoral-serve-"))
    site = LiveSite(config_file, site_dir, site_url=_serve_url(host, port, mount_path), whole=whole)

    def build() -> None:
        start = time.perf_counter()
        written = regenerate()
        if written is None:
            return
        update = site.update(written)
        how = f"full build: {update.full}" if update.full else "incremental"
        report(f"{update.rendered} page(s) rendered in {time.perf_counter() - start:.2f} s ({how})")

    server = LiveReloadServer(
        builder=build, host=host, port=port, root=str(site_dir), mount_path=mount_path,
        polling_interval=0.1,
    )  # fmt: skip

    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        report(f"{site.build().rendered} page(s) rendered")
        for path in [*watched, config_file]:
            server.watch(str(path))
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
