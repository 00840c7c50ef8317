"""The words of messages: a value quoted as written, near misses, and the names of values in
every language of the handbook.

The label catalogues (``tutoral_gen/data/labels/``) name each value; a user who types the
French word (``per: apprenant``) is told the value meant (``learner``), and the JSON Schemas show
the names as descriptions.
"""

from __future__ import annotations

import difflib
import enum
import re
import reprlib
import unicodedata
from collections.abc import Iterable

from ..i18n import labels

CATALOGUE = {
    "Kind": "kinds",
    "Mode": "modes",
    "Per": "per",
    "SupportPlan": "plans",
    "Synchrony": "synchronies",
    "StepStatus": "statuses",
    "SourceKind": "source_kinds",
    "View": "views",
    "Priority": "priorities",
    "GuideKind": "guide_kinds",
    "Audience": "audiences",
    "Status": "statuses_deliverable",
    "RateBasis": "basis_short",
}
"""Which label catalogue entry names an enumeration's values (descriptions in the editor, and
the words users type: ``per: apprenant`` suggests ``learner``)."""


def plain(word: str) -> str:
    """A word compared without case, accents or a plural ``s``: Structurelles -> structurelle."""
    folded = unicodedata.normalize("NFKD", word.strip().lower())
    return "".join(c for c in folded if not unicodedata.combining(c)).removesuffix("s")


def aliases(kind: type[enum.Enum]) -> dict[str, str]:
    """The words of every language for each value of an enumeration: plain word -> value."""
    entry = CATALOGUE.get(kind.__name__)
    out: dict[str, str] = {}
    for language in ("fr", "en"):
        names = labels(language).get(entry or "", {}) if entry else {}
        for value, name in names.items():
            out.setdefault(plain(str(name)), str(value))
    return out


def _preview() -> reprlib.Repr:
    """A depth-limited repr (keyword arguments to Repr need Python 3.12)."""
    preview = reprlib.Repr()
    preview.maxlevel, preview.maxlist, preview.maxstring, preview.maxother = 3, 8, 60, 60
    return preview


_PREVIEW = _preview()


def show(value: object) -> str:
    """A raw value as a user wrote it, quoted and cut short."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return repr(text)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        short = _PREVIEW.repr(value)  # depth-limited: a deeply nested list cannot recurse here
        return "a list" if len(short) > 60 or "..." in short else short
    return _PREVIEW.repr(value) if not isinstance(value, (int, float)) else str(value)


def suggest(word: str, options: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for a near miss, else an empty string."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control(text: str) -> str | None:
    """The first character no text of the handbook holds (written as a YAML escape, ``"\\e"``):
    a control but tab and line ends, which a page or an XML file would carry to a terminal or a
    parser; a lone surrogate (no UTF-8 for it); a non-character."""
    found = _CONTROL.search(text)
    return found[0] if found else None
