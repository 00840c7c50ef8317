"""Labels from a catalogue, and numbers and durations written the way each language writes them.

French: ``202,5 min``, ``5 h 52``, rate ``0,066``; English: ``202.5 min``, ``5 h 52 min``,
``0.066``. A number and its unit are always held by a no-break space (:data:`NBSP`), so that
``818,50 €`` never breaks across lines, on the site as in the documents: this module is the one
place that writes them. Rates are truncated to three decimals, as Rodet's slides do (0,066 for
0.0667), so a displayed rate never overstates the plan; JSON keeps every figure unrounded.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .domain.quantity import Range

NBSP = "\u00a0"
"""What holds a number to its unit (and, in French, a word to ``:`` or ``»``)."""


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
        return f"{self.number(value, 1 if value < 10 and unit else 0)}{NBSP}{units[unit]}"

    def money(self, value: Range | float, currency: str) -> str:
        """``818,50 €``, ``282,00 à 376,00 €``: always two decimals."""
        span = value if isinstance(value, Range) else Range.of(value)
        return f"{self.span(span, lambda x: self.number(x, 2, fixed=True))}{NBSP}{currency}"

    def span(self, value: Range, write: Any) -> str:
        if value.exact:
            return str(write(value.min))
        joiner = " à " if self.language == "fr" else " to "
        return f"{write(value.min)}{joiner}{write(value.max)}"

    def minutes(self, value: Range | float) -> str:
        """``160 min``, ``3 à 5 min``."""
        span = value if isinstance(value, Range) else Range.of(value)
        return self.span(span, self.number) + NBSP + "min"

    def percent(self, value: float, decimals: int = 0) -> str:
        """``12 %`` (``12%`` in English): ``value`` is already a percentage."""
        return self.number(value, decimals) + (NBSP + "%" if self.language == "fr" else "%")

    def time_of_day(self, moment: datetime.time | datetime.datetime) -> str:
        """``17 h``, ``17 h 30`` (French, as the Imprimerie nationale writes it); ``5:00 pm``."""
        if self.language == "fr":
            minutes = f"{NBSP}{moment.minute:02d}" if moment.minute else ""
            return f"{moment.hour}{NBSP}h{minutes}"
        hour = moment.hour % 12 or 12
        return f"{hour}:{moment.minute:02d}{NBSP}{'am' if moment.hour < 12 else 'pm'}"

    def when(self, value: str | datetime.date, *, year: bool = False) -> str:
        """A date, or a date and time, written out: ``6 mars``, ``6 mars, 17 h 30`` (``6 March,
        5:30 pm``), with its ``year`` when the reader does not know it. ``value`` may be ISO
        text (``2026-03-06``, ``2026-03-06T17:30``), as the figures keep it."""
        if isinstance(value, str):
            parsed = datetime.datetime.fromisoformat(value)
            value = parsed if len(value) > 10 else parsed.date()
        day = self.date(value) if year else self.day_month(value)
        if isinstance(value, datetime.datetime):
            return f"{day}, {self.time_of_day(value)}"
        return day

    def plural(self, count: float, forms: str | Mapping[str, str]) -> str:
        """The form of a label for ``count``: ``forms`` is a label with ``one`` and ``other``
        forms (or a single form, for a word that does not change). French takes the singular
        for 0 and 1 (``0 réponse``), English for 1 only."""
        if isinstance(forms, str):
            return forms
        one = abs(count) < 2 if self.language == "fr" else count == 1
        return forms["one" if one else "other"]

    def hours_of(self, minutes: float) -> str:
        """``5 h 52`` (fr) or ``5 h 52 min`` (en); under an hour, ``45 min``. Minutes truncated."""
        whole = math.floor(minutes + 1e-9)
        if whole < 60:
            return f"{self.number(minutes)}{NBSP}min"
        hours, rest = divmod(whole, 60)
        if rest == 0:
            return f"{hours}{NBSP}h"
        return f"{hours}{NBSP}h{NBSP}{rest:02d}" + ("" if self.language == "fr" else f"{NBSP}min")

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

        return self.span(value, write) + NBSP + "min"
