"""The licences a handbook may publish its catalogue under, and what they allow another handbook.

One table, by SPDX id (https://spdx.org/licenses/): each licence's short name (``CC BY-SA 4.0``,
what an attribution writes), its address and the four properties that decide reuse. The rules
are Creative Commons' own, kept to what CC publishes:

- a licence with *no derivatives* (ND) lets a handbook carry an item as it is, never changed;
- a *share-alike* (SA) licence requires the reusing handbook's licence to be one CC lists as
  compatible: the same licence, or a later version of the same elements (BY-SA 3.0 -> BY-SA 4.0),
  and GPLv3 for BY-SA 4.0 (https://creativecommons.org/share-your-work/licensing-considerations/
  compatible-licenses/);
- a *non-commercial* (NC) source is refused in a handbook whose own licence allows commercial
  use (its readers would be told they may sell what they may not);
- *attribution* (BY) asks for the source, authors and licence to be named.

Pure data and functions: no I/O.
"""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Licence:
    """One licence of the table."""

    id: str
    """Its SPDX id (``CC-BY-SA-4.0``), as ``licence:`` in ``project.yaml`` writes it."""
    short: str
    """Its short name, as attributions write it (``CC BY-SA 4.0``)."""
    url: str
    """Where its text is published."""
    attribution: bool = False
    """Reuse must name the source, its authors and the licence (BY)."""
    share_alike: bool = False
    """Adaptations must carry the same licence or one listed compatible (SA, GPL)."""
    non_commercial: bool = False
    """No commercial use (NC)."""
    no_derivatives: bool = False
    """Only verbatim copies: nothing may be changed (ND)."""


def _cc(elements: str, version: str) -> Licence:
    """A Creative Commons licence from its elements (``by-nc-sa``) and version (``4.0``)."""
    parts = elements.split("-")
    return Licence(
        id=f"CC-{elements.upper()}-{version}",
        short=f"CC {elements.upper()} {version}",
        url=f"https://creativecommons.org/licenses/{elements}/{version}/",
        attribution=True,
        share_alike="sa" in parts,
        non_commercial="nc" in parts,
        no_derivatives="nd" in parts,
    )


_CC_ELEMENTS = ("by", "by-sa", "by-nc", "by-nc-sa", "by-nd", "by-nc-nd")
_TABLE: tuple[Licence, ...] = (
    Licence(
        id="CC0-1.0",
        short="CC0 1.0",
        url="https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    *(_cc(elements, version) for version in ("4.0", "3.0") for elements in _CC_ELEMENTS),
    Licence(id="MIT", short="MIT", url="https://opensource.org/license/mit", attribution=True),
    Licence(
        id="Apache-2.0",
        short="Apache 2.0",
        url="https://www.apache.org/licenses/LICENSE-2.0",
        attribution=True,
    ),
    Licence(
        id="GPL-3.0-only",
        short="GPL 3.0",
        url="https://www.gnu.org/licenses/gpl-3.0.html",
        attribution=True,
        share_alike=True,
    ),
    Licence(
        id="GPL-3.0-or-later",
        short="GPL 3.0 or later",
        url="https://www.gnu.org/licenses/gpl-3.0.html",
        attribution=True,
        share_alike=True,
    ),
)

LICENCES: dict[str, Licence] = {licence.id: licence for licence in _TABLE}
"""Every known licence, by SPDX id."""

_GPL3 = ("GPL-3.0-only", "GPL-3.0-or-later")
SHARE_ALIKE_TARGETS: dict[str, tuple[str, ...]] = {
    "CC-BY-SA-4.0": ("CC-BY-SA-4.0", *_GPL3),
    "CC-BY-SA-3.0": ("CC-BY-SA-3.0", "CC-BY-SA-4.0"),
    "CC-BY-NC-SA-4.0": ("CC-BY-NC-SA-4.0",),
    "CC-BY-NC-SA-3.0": ("CC-BY-NC-SA-3.0", "CC-BY-NC-SA-4.0"),
    "GPL-3.0-only": _GPL3,
    "GPL-3.0-or-later": _GPL3,
}
"""For each share-alike licence, the licences an adaptation may carry (CC's published list)."""


def known(spdx: str) -> Licence | None:
    """The licence of an SPDX id as written (ids are case-sensitive), or None."""
    return LICENCES.get(spdx)


def _plain(text: str) -> str:
    """An id compared loosely: upper case, spaces and underscores as hyphens (``cc by-sa 4``)."""
    return re.sub(r"[\s_]+", "-", text.strip()).upper()


def suggestion(text: str) -> str | None:
    """The known SPDX id a mistyped one most likely means (``CC-BY-SA-4`` -> ``CC-BY-SA-4.0``,
    ``cc by-sa 4.0`` -> ``CC-BY-SA-4.0``, the short name ``CC BY 4.0`` -> ``CC-BY-4.0``)."""
    wanted = _plain(text)
    plain = {_plain(licence.id): licence.id for licence in _TABLE}
    plain |= {_plain(licence.short): licence.id for licence in _TABLE}
    if wanted in plain:
        return plain[wanted]
    close = difflib.get_close_matches(wanted, list(plain), n=1, cutoff=0.75)
    return plain[close[0]] if close else None


class Refusal(enum.Enum):
    """Why a source's licence refuses a reuse."""

    NO_DERIVATIVES = "no-derivatives"
    """The source forbids derivatives, and the reuse changes it."""
    SHARE_ALIKE = "share-alike"
    """The source is share-alike, and the handbook's licence is not one it allows."""
    NON_COMMERCIAL = "non-commercial"
    """The source forbids commercial use, and the handbook's licence allows it."""


def refusals(source: Licence, own: Licence | None, *, changed: bool) -> tuple[Refusal, ...]:
    """What forbids a handbook under ``own`` (None: no licence) to carry an item of a source
    under ``source``, ``changed`` (overridden) or not; empty when the reuse is allowed."""
    out: list[Refusal] = []
    if source.no_derivatives and changed:
        out.append(Refusal.NO_DERIVATIVES)
    if source.share_alike and (own is None or own.id not in SHARE_ALIKE_TARGETS[source.id]):
        out.append(Refusal.SHARE_ALIKE)
    if source.non_commercial and own is not None and not own.non_commercial:
        out.append(Refusal.NON_COMMERCIAL)
    return tuple(out)


def explain(refusal: Refusal, source: Licence, own: Licence | None) -> str:
    """A refusal in a sentence, naming both licences and what would be allowed."""
    mine = own.short if own is not None else "no licence"
    if refusal is Refusal.NO_DERIVATIVES:
        return f"{source.short} forbids derivatives: the item can be reused only as it is"
    if refusal is Refusal.SHARE_ALIKE:
        allowed = ", ".join(LICENCES[i].short for i in SHARE_ALIKE_TARGETS[source.id])
        return f"{source.short} is share-alike: this handbook's licence ({mine}) must be {allowed}"
    return (
        f"{source.short} forbids commercial use, and this handbook's licence ({mine}) allows it:"
        " choose a non-commercial licence or leave the item out"
    )
