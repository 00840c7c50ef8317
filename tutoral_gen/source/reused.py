"""``from: <catalogue>:<id>``: an intervention of a scenario taken from a vendored catalogue.

The scenario gives only what it changes (``minutes``, ``role``, ``phase``, its own body
sections, its own ``id`` when the source's is taken); everything else comes from the source.
The result is then validated like any intervention, and its licence checked: what the
source's licence forbids is a located error on the ``from:``.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

from ..domain.licences import LICENCES as KNOWN
from ..domain.licences import explain, refusals
from ..domain.reuse import Catalogue, Offered, Provenance
from ..errors import Path_
from .fields import Invalid, Reader, fail
from .words import suggest

PLACEMENT = ("id", "role", "phase", "channel", "day", "time", "from")
"""Where this handbook places a reused item: none of them changes the work itself."""
_REFERENCE = re.compile(r"([A-Za-z0-9_-]{1,64}):([A-Za-z0-9_-]{1,64})")


def reference(value: Any, _r: Reader | None = None, _p: Path_ = ()) -> str:
    """``<catalogue>:<id>``, such as ``tad:ITC03``."""
    if isinstance(value, str) and _REFERENCE.fullmatch(value):
        return value
    fail("<catalogue>:<intervention id>, such as tad:ITC03", value)


reference.schema = {"type": "string", "pattern": f"^{_REFERENCE.pattern}$"}  # type: ignore[attr-defined]


def reused_id(item: Any) -> str | None:
    """The id a raw intervention that says ``from:`` and no ``id`` takes (the source's)."""
    if isinstance(item, dict) and "id" not in item and isinstance(item.get("from"), str):
        found = _REFERENCE.fullmatch(item["from"])
        return found.group(2) if found else None
    return None


class Reuse:
    """Resolves the ``from:`` of one scenario file's interventions."""

    def __init__(
        self, read: Reader, catalogues: Mapping[str, Catalogue], licence: str | None
    ) -> None:
        self.read, self.catalogues, self.licence = read, catalogues, licence

    def resolve(
        self, raw: Any, bodies: Mapping[str, str]
    ) -> tuple[Any, dict[int, tuple[Provenance, str | None]]]:
        """The raw interventions with each reused one completed from its source, and per index
        of those its provenance and its source's body."""
        if not isinstance(raw, list):
            return raw, {}
        out, found = list(raw), {}
        for index, item in enumerate(raw):
            if not isinstance(item, dict) or "from" not in item:
                continue
            offered = self.offered(("interventions", index, "from"), item["from"])
            if offered is None:
                out[index] = None  # reported: validated no further
                continue
            catalogue, source = offered
            merged = dict(source.fields, id=source.id)
            if "minutes" in item or "norm" in item:
                merged.pop("minutes", None)
                merged.pop("norm", None)
            merged.update(item)
            changed = [k for k in item if k not in PLACEMENT]
            if isinstance(merged.get("id"), str) and merged["id"] in bodies:
                changed.append("body")
            at = ("interventions", index, "from")
            out[index] = merged
            found[index] = (self.provenance(at, catalogue, source, changed), source.body)
        return out, found

    def offered(self, at: Path_, ref: Any) -> tuple[Catalogue, Offered] | None:
        """The catalogue and item ``ref`` names, or None (reported)."""
        try:
            name, item_id = reference(ref).split(":")
        except Invalid as exc:
            self.read.problem(at, exc.message)
            return None
        catalogue = self.catalogues.get(name)
        if catalogue is None:
            listing = ", ".join(self.catalogues) or "none vendored"
            message = (
                f"unknown catalogue {name!r}{suggest(name, self.catalogues)}; expected one of:"
                f" {listing} (project.yaml catalogues:, then tutoral catalogue update)"
            )
            self.read.problem(at, message)
            return None
        if catalogue.licence is None:
            message = f"catalogue {name!r} offers nothing for reuse: its handbook has no licence"
            self.read.problem(at, message)
            return None
        source = catalogue.items.get(item_id)
        if source is None:
            hint = suggest(item_id, catalogue.items)
            message = f"catalogue {name!r} has no intervention {item_id!r}{hint}"
            self.read.problem(at, message)
            return None
        return catalogue, source

    def provenance(
        self, at: Path_, catalogue: Catalogue, source: Offered, changed: list[str]
    ) -> Provenance:
        """Where the item comes from; what its licence forbids is reported at ``at``."""
        licence = KNOWN[catalogue.licence or ""]
        own = KNOWN.get(self.licence or "")
        for refusal in refusals(licence, own, changed=bool(changed)):
            why = explain(refusal, licence, own)
            self.read.problem(at, f"{catalogue.name}:{source.id}: {why}")
        return Provenance(
            catalogue=catalogue.name,
            item=source.id,
            title=source.title,
            handbook=catalogue.title,
            authors=catalogue.authors,
            version=catalogue.version,
            licence=licence.id,
            licence_name=licence.short,
            licence_url=licence.url,
            page=_link(catalogue.site_url, source.page),
            changed=tuple(changed),
        )


def _link(site_url: str | None, page: str | None) -> str | None:
    """The item's page as an absolute address: a link only, never read."""
    if page is None or "://" in page:
        return page
    if site_url is None:
        return None
    return urllib.parse.urljoin(site_url if site_url.endswith("/") else site_url + "/", page)
