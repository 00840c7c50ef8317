"""Labels from a catalogue, and numbers and durations written the way each language writes them.

French: ``202,5 min``, ``5 h 52``, rate ``0,066``; English: ``202.5 min``, ``5 h 52 min``,
``0.066``. Rates are truncated to three decimals, as Rodet's slides do (0,066 for 0.0667), so a
displayed rate never overstates the plan; JSON keeps every figure unrounded.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .domain.quantity import Range


@cache
def labels(language: str) -> dict[str, Any]:
    """The label catalogue of a language (``tutoral_gen/data/labels/<language>.yaml``)."""
    path = resources.files("tutoral_gen").joinpath(f"data/labels/{language}.yaml")
    # The catalogue is ours: libyaml reads it in 1 ms where ruamel's pure parser takes 25, and
    # a test checks that it reads every catalogue exactly as YAML 1.2 does.
    data: dict[str, Any] = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    return data


@dataclass(frozen=True, slots=True)
class Numbers:
    """Writes numbers, minutes, hours and rates in one language."""

    language: str
    """fr or en."""

    def number(self, value: float, decimals: int = 1, *, fixed: bool = False) -> str:
        """``1 234,5`` in French, ``1,234.5`` in English; no trailing zero decimals unless
        ``fixed`` (money: ``818,50``)."""
        text = f"{round(value, decimals):,.{decimals}f}"
        if "." in text and not fixed:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", "−0"):
            text = "0"
        if self.language == "fr":
            text = text.replace(",", "\u202f").replace(".", ",")
        return text.replace("-", "−")

    def date(self, day: datetime.date) -> str:
        """``6 décembre 2026``, ``6 December 2026``."""
        return f"{self.day_month(day)} {day.year}"

    def day_month(self, day: datetime.date) -> str:
        """``9 mars``, ``9 March``: a date within a year the reader already knows."""
        month = labels(self.language)["months"][day.month - 1]
        return f"{day.day}\u00a0{month}" if self.language == "fr" else f"{day.day} {month}"

    def size(self, count: int) -> str:
        """A file's size: ``840 Ko``, ``1,2 Mo`` (``840 kB``, ``1.2 MB``)."""
        units = ("o", "Ko", "Mo", "Go") if self.language == "fr" else ("B", "kB", "MB", "GB")
        value, unit = float(count), 0
        while value >= 1000 and unit < len(units) - 1:
            value, unit = value / 1000, unit + 1
        return f"{self.number(value, 1 if value < 10 and unit else 0)} {units[unit]}"

    def money(self, value: Range | float, currency: str) -> str:
        """``818,50 €``, ``282,00 à 376,00 €``: always two decimals."""
        span = value if isinstance(value, Range) else Range.of(value)
        return f"{self.span(span, lambda x: self.number(x, 2, fixed=True))} {currency}"

    def span(self, value: Range, write: Any) -> str:
        if value.exact:
            return str(write(value.min))
        joiner = " à " if self.language == "fr" else " to "
        return f"{write(value.min)}{joiner}{write(value.max)}"

    def minutes(self, value: Range | float) -> str:
        """``160 min``, ``3 à 5 min``."""
        span = value if isinstance(value, Range) else Range.of(value)
        return self.span(span, self.number) + " min"

    def hours_of(self, minutes: float) -> str:
        """``5 h 52`` (fr) or ``5 h 52 min`` (en); under an hour, ``45 min``. Minutes truncated."""
        whole = math.floor(minutes + 1e-9)
        if whole < 60:
            return f"{self.number(minutes)} min"
        hours, rest = divmod(whole, 60)
        if rest == 0:
            return f"{hours} h"
        return f"{hours} h {rest:02d}" + ("" if self.language == "fr" else " min")

    def hours(self, value: Range) -> str:
        return self.span(value, self.hours_of)

    def rate_of(self, rate: float) -> str:
        """Three decimals, truncated: 0.06666 -> ``0,066``."""
        truncated = math.floor(rate * 1000 + 1e-9) / 1000
        text = f"{truncated:.3f}"
        return text.replace(".", ",") if self.language == "fr" else text

    def rate(self, value: Range) -> str:
        return self.span(value, self.rate_of)

    def signed_minutes(self, value: Range) -> str:
        """A gap: ``+8 min``, ``−8 min``."""

        def write(x: float) -> str:
            return ("+" if x > 0 else "") + self.number(x)

        return self.span(value, write) + " min"
