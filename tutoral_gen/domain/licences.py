"""The licences a handbook and a catalogue may carry, by SPDX id, and what reusing under them
allows. Pure data and rules; one home for the table (the catalogue's writer and its readers).

A Creative Commons licence is read by its elements: ND forbids adapting the work, SA asks that
an adaptation be shared under the same licence (or a later version of it), NC forbids
commercial use.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Licence:
    """One licence of the table."""

    id: str
    """Its SPDX id (``CC-BY-SA-4.0``)."""
    short: str
    """Its short name, as attributions write it (``CC BY-SA 4.0``)."""
    derivatives: bool = True
    """Whether adaptations are allowed (False: ND)."""
    share_alike: bool = False
    """Whether adaptations must keep the same licence (SA)."""
    commercial: bool = True
    """Whether commercial use is allowed (False: NC)."""
    url: str | None = None
    """Where its text is published."""


def _cc(elements: str, version: str) -> Licence:
    """A Creative Commons licence from its elements (``BY-NC-SA``) and version."""
    parts = elements.split("-")
    slug = elements.lower()
    return Licence(
        id=f"CC-{elements}-{version}",
        short=f"CC {elements} {version}",
        derivatives="ND" not in parts,
        share_alike="SA" in parts,
        commercial="NC" not in parts,
        url=f"https://creativecommons.org/licenses/{slug}/{version}/",
    )


_ELEMENTS = ("BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND")
_TABLE = [_cc(e, v) for v in ("4.0", "3.0") for e in _ELEMENTS]
_TABLE += [
    Licence(
        id="CC0-1.0", short="CC0 1.0", url="https://creativecommons.org/publicdomain/zero/1.0/"
    ),
    Licence(
        id="etalab-2.0",
        short="Licence Ouverte 2.0",
        url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    ),
]
KNOWN: dict[str, Licence] = {licence.id: licence for licence in _TABLE}
"""Every licence known, by SPDX id."""


def version_of(licence: Licence) -> tuple[str, str]:
    """A Creative Commons licence's elements and version (``BY-SA``, ``4.0``)."""
    parts = licence.id.split("-")
    return "-".join(parts[1:-1]), parts[-1]


def share_alike_allows(source: Licence, own: Licence | None) -> bool:
    """Whether a handbook under ``own`` may carry an adaptation of a ``source`` that is
    share-alike: the same elements, at the same or a later version (CC's own rule)."""
    if own is None or not own.id.startswith("CC-") or not source.id.startswith("CC-"):
        return own is not None and own.id == source.id
    (mine, my_version), (theirs, their_version) = version_of(own), version_of(source)
    return mine == theirs and float(my_version) >= float(their_version)


def refusals(source: Licence, own: Licence | None, *, adapted: bool) -> list[str]:
    """Why a handbook under ``own`` (None: no licence) may not reuse an item under ``source``,
    changed (``adapted``) or not; empty when it may."""
    out = []
    if adapted and not source.derivatives:
        out.append(f"{source.short} forbids adaptations (ND): reuse it as it is, without changes")
    if source.share_alike and not share_alike_allows(source, own):
        has = own.short if own is not None else "no licence"
        out.append(
            f"{source.short} is share-alike: the handbook's licence must be {source.short}"
            f" (or a later version), found {has}"
        )
    if not source.commercial and own is not None and own.commercial:
        out.append(
            f"{source.short} forbids commercial use, and the handbook's licence {own.short}"
            " allows it; choose a non-commercial licence (NC) for the handbook"
        )
    return out
