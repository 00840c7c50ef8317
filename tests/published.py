"""A handbook's catalogue as the build publishes it (``site/catalogue.json``), made by the
build's own code (the model's items, the renderer's JSON text) for a given address and version:
the reuse tests and the example's vendored copy read exactly what a published handbook serves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tutoral_gen.domain import catalogue as model
from tutoral_gen.pipeline import Paths, check
from tutoral_gen.render.catalogue import as_json, sheet_address


def catalogue(root: Path, site_url: str | None = None, version: str | None = "v1.0") -> bytes:
    """The catalogue of the handbook at ``root``, published at ``site_url`` as ``version``."""
    project, _, _ = check(Paths.of(root), templates=False)
    address = sheet_address(site_url)
    items = tuple(it for s in project.scenarios for it in model.scenario_items(project, s, address))
    data = model.catalogue(project, site_url, version, items)
    return as_json(data.data()).encode()


def publish(root: Path, **kwargs: Any) -> Path:
    """Write ``site/catalogue.json`` of the handbook at ``root``; its path."""
    target = root / "site" / "catalogue.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(catalogue(root, **kwargs))
    return target
