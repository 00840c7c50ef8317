"""Interventions reused from another handbook's catalogue: where each comes from, and what the
handbook changed. Pure: the catalogues are read and checked in ``source.catalogues``.

A catalogue is what a handbook publishes for others to reuse (``site/catalogue.json``); a
handbook vendors the ones it reuses in ``content/catalogues/`` and its scenarios name their
items with ``from: <catalogue>:<id>``.
"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class Offered:
    """One intervention a catalogue offers, as a scenario would write it."""

    id: str
    """Its id in the source handbook (``ITC03``)."""
    title: str
    """Its title there."""
    fields: Mapping[str, Any]
    """Its fields in the scenario format (``kind``, ``minutes``, ``norm``, ``tool``...)."""
    body: str | None
    """Its sheet's Markdown body, as published (sanitised when rendered)."""
    page: str | None
    """The address of its sheet in the source handbook (a link only), or None."""
    digest: str
    """``sha256:<hex>`` of its canonical JSON: what the update compares."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalogue:
    """A vendored catalogue: the source handbook and what it offers."""

    name: str
    """Its name in ``project.yaml`` ``catalogues:`` (``tad``)."""
    title: str
    """The source handbook's title."""
    site_url: str | None
    """The source handbook's address, or None."""
    version: str | None
    """The source handbook's version (``v1.2``), or None."""
    licence: str | None
    """The SPDX id of its licence; None: nothing is offered."""
    authors: tuple[str, ...]
    """Who wrote it, as the attribution names them."""
    items: Mapping[str, Offered] = field(default_factory=dict)
    """What it offers, by id."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where a reused intervention comes from, and what this handbook changed."""

    catalogue: str
    """The catalogue's name in this project (``tad``)."""
    item: str
    """The item's id in the source (``ITC03``)."""
    title: str
    """The item's title in the source."""
    handbook: str
    """The source handbook's title."""
    authors: tuple[str, ...]
    """The source handbook's authors."""
    version: str | None
    """The source handbook's version."""
    licence: str
    """The SPDX id of the source's licence."""
    licence_name: str
    """Its short name (``CC BY-SA 4.0``)."""
    licence_url: str | None
    """Where the licence's text is."""
    page: str | None
    """The address of the item's sheet in the source, or None."""
    changed: tuple[str, ...] = ()
    """The fields this handbook overrides (``minutes``, ``body``...), in the order written."""

    @property
    def reference(self) -> str:
        """``tad:ITC03``, as the scenario wrote it."""
        return f"{self.catalogue}:{self.item}"


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _sections(body: str) -> list[tuple[str | None, str]]:
    """A Markdown body cut at its headings: (heading text or None for the lead, its text)."""
    marks = list(_HEADING.finditer(body))
    out: list[tuple[str | None, str]] = []
    lead = body[: marks[0].start()] if marks else body
    if lead.strip():
        out.append((None, lead))
    for n, mark in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(body)
        out.append((mark.group(2).strip().lower(), body[mark.start() : end]))
    return out


def merged_body(source: str | None, own: str | None) -> str | None:
    """The source's body with the handbook's own sections: a section of ``own`` replaces the
    source's section of the same heading, new ones follow; text before ``own``'s first heading
    replaces the source's lead. Either may be None."""
    if own is None or source is None:
        return own if source is None else source
    mine = dict(_sections(own))
    out = []
    for heading, text in _sections(source):
        out.append(mine.pop(heading, text))
    out += list(mine.values())
    return "\n\n".join(part.strip("\n") for part in out) + "\n"


def loopback(host: str | None) -> bool:
    """Whether ``host`` is this machine, the one place plain http is allowed."""
    if host == "localhost":
        return True
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def address_refusal(url: str, scheme: str | None = None) -> str | None:
    """Why a catalogue may not be fetched from ``url``, or None: https only, plain http to this
    machine only; ``scheme``: the one a redirect must keep."""
    parts = urllib.parse.urlsplit(url)
    if scheme is not None and parts.scheme != scheme:
        return f"redirected to another scheme ({parts.scheme or 'none'}:), refused"
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and loopback(parts.hostname):
        return None
    if scheme is not None:
        return f"redirected off this machine ({parts.hostname}), refused"
    return "only https:// addresses are fetched (plain http:// only to 127.0.0.1 or localhost)"
