"""A handbook's catalogue as the build publishes it (``site/catalogue.json``, issue 27 point 1),
written here from the validated project so that the reuse tests and the example's vendored
copy do not wait for the build's own writer: the format is /work/briefs/catalogue-format.md's.
Once the build writes ``site/catalogue.json``, the tests read that file instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tutoral_gen.domain.scenario import Intervention
from tutoral_gen.pipeline import Paths, check
from tutoral_gen.source.catalogues import FORMAT, item_digest


def _item(i: Intervention, scenario: str) -> dict[str, Any]:
    minutes = None if i.minutes is None else {"min": i.minutes.min, "max": i.minutes.max}
    item: dict[str, Any] = {
        "id": i.id,
        "title": i.title,
        "kind": i.kind.value,
        "mode": i.mode.value,
        "support_plans": [p.value for p in i.support_plans],
        "objectives": list(i.objectives),
        "minutes": minutes,
        "norm": i.norm,
        "per": i.per.value,
        "share": i.share,
        "count": i.count,
        "channel_kind": None,
        "tool": i.tool,
        "synchrony": i.synchrony.value if i.synchrony else None,
        "body": i.body,
        "page": f"scenarios/{scenario}/{i.id}/",
    }
    item["digest"] = item_digest(item)
    return item


def catalogue(root: Path, site_url: str | None = None, version: str | None = "v1.0") -> bytes:
    """The catalogue of the handbook at ``root``."""
    project, _, _ = check(Paths.of(root), templates=False)
    offered = project.licence is not None
    data = {
        "format": FORMAT,
        "title": project.title,
        "site_url": site_url,
        "version": version,
        "language": project.language,
        "licence": project.licence,
        "authors": list(project.authors),
        "offered": offered,
        "interventions": [
            _item(i, s.id) for s in project.scenarios for i in s.interventions if offered
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def publish(root: Path, **kwargs: Any) -> Path:
    """Write ``site/catalogue.json`` of the handbook at ``root``; its path."""
    target = root / "site" / "catalogue.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(catalogue(root, **kwargs))
    return target
