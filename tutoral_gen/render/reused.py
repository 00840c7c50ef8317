"""What a handbook owes the handbooks it reuses: the note on each reused sheet (where it comes
from, under which licence, what was changed) and the attributions page listing them all.

The source's addresses are links only, percent-encoded so that no character ends the Markdown
link; its titles are escaped like any text of the content.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from ..domain.licences import LICENCES as KNOWN
from ..domain.reuse import Provenance
from . import urls
from .context import Context, Part

_SAFE = ":/?#=&%~+,;@!$*-._"
"""What a link keeps as it is: no space, parenthesis, quote or angle bracket."""


def href(address: str | None) -> str | None:
    """An http(s) address as a Markdown link target, or None."""
    if address is None or not address.startswith(("https://", "http://")):
        return None
    return urllib.parse.quote(address, safe=_SAFE)


def _source(p: Provenance) -> str:
    return ", ".join(p.authors) if p.authors else p.handbook


def _changed(ctx: Context, p: Provenance) -> str:
    names = ctx.t["reused_fields"]
    return ", ".join(str(names.get(name, name)) for name in p.changed)


def note(ctx: Context, p: Provenance, page: str) -> str:
    """The note on the sheet of a reused intervention."""
    return ctx.render(
        "provenance.md.j2",
        page,
        p=p,
        source_page=href(p.page),
        licence_url=href(p.licence_url),
        source=_source(p),
        changed=_changed(ctx, p),
    )


def pages(ctx: Context) -> Part:
    """The attributions page, when the handbook reuses anything."""
    part = Part()
    rows: list[dict[str, Any]] = [
        {
            "p": i.provenance,
            "id": i.id,
            "sheet": urls.relative(urls.ATTRIBUTIONS, urls.sheet(s.id, i.id)),
            "page": href(i.provenance.page),
            "licence_url": href(i.provenance.licence_url),
            "authors": ", ".join(i.provenance.authors) or "—",
            "changed": _changed(ctx, i.provenance),
        }
        for s in ctx.project.scenarios
        for i in s.interventions
        if i.provenance is not None
    ]
    if not rows:
        return part
    own = KNOWN.get(ctx.project.licence or "")
    text = ctx.render(
        "attributions.md.j2",
        urls.ATTRIBUTIONS,
        rows=rows,
        own=ctx.t["attributions_own"].format(licence=own.short) if own else None,
    )
    part.nav = [part.add(urls.ATTRIBUTIONS, ctx.t["attributions"], text)]
    return part
