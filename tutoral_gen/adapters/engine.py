"""The thin adapter to the site engine, MkDocs 1.6 (the generator itself never imports it).

``build_site`` builds into a temporary folder beside ``site/`` and swaps it in only when MkDocs
succeeded: a failed build leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import EngineError, FaultError
from .folders import leftovers, swap_in

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
) -> None:
    """Build ``site_dir`` from ``config_file``, all or nothing.

    With ``offline_shim`` (the iframe-worker shim, from its npm package), the site opens from
    the disk with no server and no network: Material's offline plugin inlines the search index,
    links end in ``.html``, and the shim is served from the site instead of a CDN.
    """
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _logging(verbose)
    leftovers(site_dir)
    staging = site_dir.with_name(f".{site_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=strict)
        if offline_shim is not None:
            _offline(config)
        build(config)
        if offline_shim is not None:
            (staging / SHIM).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(offline_shim, staging / SHIM)
    except exceptions.MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise EngineError(f"MkDocs could not build the site: {exc}; site/ is unchanged") from None
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise FaultError.of(exc, "build the site in") from None
    try:
        swap_in(staging, site_dir)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise FaultError.of(exc, "put the new site in place of") from None


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
    regenerate: Callable[[], None],
    generated_config: Path,
    *,
    dev_addr: str | None = None,
    interval: float = 0.3,
) -> None:
    """Serve with live reload; a change under ``watched`` calls ``regenerate``.

    ``regenerate`` rewrites only the pages that changed inside the docs folder, which MkDocs
    watches: it rebuilds and the browser reloads.
    """
    from mkdocs.commands.serve import serve as mkdocs_serve

    _logging(verbose=True)

    def stamps() -> dict[str, tuple[int, int]]:
        found = {}
        for base in watched:
            for folder, _dirs, files in os.walk(base):
                for name in files:
                    stat = Path(folder, name).stat()
                    found[os.path.join(folder, name)] = (stat.st_mtime_ns, stat.st_size)
        return found

    def watch() -> None:
        seen = stamps()
        while True:
            time.sleep(interval)
            now = stamps()
            if now != seen:
                seen = now
                regenerate()

    threading.Thread(target=watch, daemon=True).start()
    # The nav lives in the generated configuration that mkdocs.yml inherits: watch it too.
    mkdocs_serve(
        str(config_file), dev_addr=dev_addr, livereload=True, watch=[str(generated_config)]
    )
