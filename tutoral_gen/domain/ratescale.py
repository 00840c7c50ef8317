"""The rate scale (*échelle du taux tutoral*): where each scenario's rate falls among the bands
a project names, to compare the weight of tutoring between courses. No band is invented: a
project declares its own in ``project.yaml``."""

from __future__ import annotations

from collections.abc import Sequence

from .project import Band
from .quantity import Range


def band_of(rate: float, bands: Sequence[Band]) -> Band | None:
    """The first band whose ``max`` the rate does not pass (the last may have none)."""
    for band in bands:
        if band.max is None or rate <= band.max + 1e-12:
            return band
    return None


def bands_of(rate: Range, bands: Sequence[Band]) -> tuple[str, ...]:
    """The labels of the bands a rate range spans, lowest first (empty without bands)."""
    low, high = band_of(rate.min, bands), band_of(rate.max, bands)
    if low is None:
        return ()
    first = bands.index(low)
    last = bands.index(high) if high is not None else len(bands) - 1
    return tuple(b.label for b in bands[first : last + 1])
