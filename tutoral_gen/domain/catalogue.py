"""The catalogue a handbook publishes: what it offers other handbooks to reuse, and under what
licence (``site/catalogue.json``, format ``tutoral-catalogue/1``).

Each intervention is published as data with a digest of all of it, so that a handbook that
vendors the catalogue sees when an item changed upstream, and that a copy edited by hand is
found. The digest is ``sha256:`` and the hex SHA-256 of the item's *canonical JSON* without its
``digest`` key: :func:`canonical`. No licence, nothing offered: the catalogue says so
(``offered: false``) and lists no intervention.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .project import Project
from .scenario import Intervention, Scenario
from .traces import MESSAGES

FORMAT = "tutoral-catalogue/1"
"""The format's name and version, the first key of every catalogue."""

# The format's bounds, in one place: the writer's checks (``source.settings.offered``), the
# format's tables and schema (``source.catalogue_format``), the reader and the fetch use these.
MAX_BYTES = 20_000_000
"""The largest catalogue file read or fetched (20 MB)."""
MAX_INTERVENTIONS = 5_000
"""The most interventions a catalogue holds (a reader refuses more)."""
MAX_BODY = 100_000
"""The longest sheet body a catalogue carries, in characters."""
MAX_INDICATORS = 50
"""The most success indicators an intervention carries."""
MAX_TEXT = 10_000
"""The longest objective or indicator, in characters (the content's own bound for a text)."""
CHANNEL_KINDS = (MESSAGES, "forum")
"""What carries an intervention's channel on the platform, as the traces' settings map it."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
"""Characters a text of a catalogue may not carry: control characters (tabs and line ends may,
``\\r`` written ``\\n``), which could rewrite a terminal's output or hide text; U+2028/2029,
which end a line where JSON does not; a lone surrogate (``"\\ud800"`` in JSON), which no
UTF-8 text holds."""


def control_character(text: str) -> str | None:
    """The first control character of ``text`` a catalogue refuses (line ends aside), or None."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def lines(text: str) -> str:
    """``text`` with its line ends as ``\\n``, as a catalogue carries a multi-line text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def plain_number(value: float) -> float | int:
    """A whole number as an integer (``1.0`` -> ``1``): JSON readers differ on ``1.0``, and a
    digest must come out the same from the file as from the model."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def canonical(item: Mapping[str, Any]) -> bytes:
    """The canonical JSON of an item: keys sorted, no spaces (``,`` and ``:``), UTF-8 text
    unescaped, whole numbers as integers; what :func:`digest` hashes."""

    def plain(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return plain_number(value) if isinstance(value, float) else value

    data = {k: plain(v) for k, v in item.items() if k != "digest"}
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def digest(item: Mapping[str, Any]) -> str:
    """``sha256:<hex>`` of an item's canonical JSON, its own ``digest`` key left out."""
    return "sha256:" + hashlib.sha256(canonical(item)).hexdigest()


@dataclass(frozen=True, slots=True)
class Catalogue:
    """A handbook's catalogue, as published."""

    title: str
    """The handbook's title."""
    site_url: str | None
    """Where the handbook is published (``mkdocs.yml``'s ``site_url``), or None."""
    version: str | None
    """The handbook's version (``git describe --tags --always``), or None outside Git."""
    language: str
    """The handbook's language (``fr``, ``en``)."""
    licence: str | None
    """The SPDX id of its licence; None: nothing is offered."""
    authors: tuple[str, ...]
    """Who wrote it (``authors:``)."""
    interventions: tuple[dict[str, Any], ...]
    """Each intervention offered, as published, its digest included; empty when not offered."""

    @property
    def offered(self) -> bool:
        """Whether anything is offered for reuse: only under a licence."""
        return self.licence is not None

    def data(self) -> dict[str, Any]:
        """The catalogue as JSON data, in the format's key order."""
        return {
            "format": FORMAT,
            "title": self.title,
            "site_url": self.site_url,
            "version": self.version,
            "language": self.language,
            "licence": self.licence,
            "authors": list(self.authors),
            "offered": self.offered,
            "interventions": list(self.interventions),
        }


def item(i: Intervention, channel_kind: str | None, page: str, body: str | None) -> dict[str, Any]:
    """One intervention as published: the fields another handbook reuses (its objective and
    success indicators included), its sheet's body (line ends as ``\\n``), the address of its page,
    and the digest of all of it."""
    out: dict[str, Any] = {
        "id": i.id,
        "title": i.title,
        "kind": i.kind.value,
        "mode": i.mode.value,
        "support_plans": [p.value for p in i.support_plans],
        "objectives": list(i.objectives),
        "objective": lines(i.objective) if i.objective else None,
        "indicators": [lines(text) for text in i.indicators],
        "minutes": None
        if i.minutes is None
        else {"min": plain_number(i.minutes.min), "max": plain_number(i.minutes.max)},
        "norm": i.norm,
        "per": i.per.value,
        "share": plain_number(i.share),
        "count": plain_number(i.count),
        "channel_kind": channel_kind,
        "tool": i.tool,
        "synchrony": i.synchrony.value if i.synchrony is not None else None,
        "body": lines(body or ""),
        "page": page,
    }
    out["digest"] = digest(out)
    return out


def channel_kinds(project: Project, scenario: Scenario) -> dict[str, str]:
    """Per charter channel of a scenario, what carries it on the platform: the private messages
    (``messages``) or a forum (any activity the traces' settings name), as far as they say."""
    audit = project.audit
    settings = audit.trace_settings if audit is not None else ()
    for s in settings:
        if s.scenario == scenario.id:
            return {k: MESSAGES if v == MESSAGES else "forum" for k, v in s.channels.items()}
    return {}


def scenario_items(
    project: Project, s: Scenario, page: Callable[[Scenario, Intervention], str]
) -> tuple[dict[str, Any], ...]:
    """A scenario's interventions as published (none without a licence); ``page`` gives the
    address of an intervention's sheet."""
    if project.licence is None:
        return ()
    kinds = channel_kinds(project, s)
    return tuple(
        item(i, kinds.get(i.channel) if i.channel is not None else None, page(s, i), i.body)
        for i in s.interventions
    )


def catalogue(
    project: Project,
    site_url: str | None,
    version: str | None,
    items: tuple[dict[str, Any], ...],
) -> Catalogue:
    """The project's catalogue, its interventions' items made by :func:`scenario_items`."""
    return Catalogue(
        title=project.title,
        site_url=site_url,
        version=version,
        language=project.language,
        licence=project.licence,
        authors=project.authors,
        interventions=items if project.licence is not None else (),
    )
