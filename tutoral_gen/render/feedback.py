"""A guide as a Moodle Feedback template: the XML that Feedback > Templates > Import reads.

The format is Feedback's own export (``mod/feedback/export.php``): a ``FEEDBACK`` element of
version 200701, an ``ITEM`` per question whose label (``ITEMLABEL``) is our question id, so that
the responses download heads its columns ``(<question id>) <text>`` and reads back. Each
question becomes the item Moodle has for it:

- scale: ``multichoicerated``, ``r>>>>>1####Jamais|2####Rarement|...`` (the weight is the level);
- choice: ``multichoice`` ``r>>>>>`` (radio buttons); choices: ``multichoice`` ``c>>>>>``;
- number: ``numeric``, ``min|max`` (``-`` for no bound);
- free text: ``textarea``, 30 columns by 5 rows.

Moodle's import insists on ``encoding="UTF-8" ?>`` (a space before ``?>``) at the first byte, no
BOM; its database keeps 255 characters of a question's text.
"""

from __future__ import annotations

import re

from ..domain.audit import Guide
from ..domain.survey import Question, QuestionKind
from .markup import escape_html

HEAD = '<?xml version="1.0" encoding="UTF-8" ?>\n'
MAX_NAME = 255
"""What Moodle's database keeps of an item's text and label."""
INDENT = "     "


_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What XML 1.0 cannot hold, even in CDATA: the controls but tab and line ends, the
surrogates, U+FFFE and U+FFFF. Removed: a file holding one is read by no XML parser."""


def _cdata(text: str) -> str:
    """Text in CDATA, whatever it holds (a ``]]>`` is split in two sections, what XML cannot
    hold removed)."""
    return "<![CDATA[" + _ILLEGAL.sub("", text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _option(text: str) -> str:
    """An option as Moodle's PRESENTATION string can hold it: ``|`` separates the options,
    ``####`` a rated option's weight from its label, ``>>>>>`` the type from the options; none
    may be forged by a label (``|`` becomes ``/``, a run of ``#`` or ``>`` is shortened)."""
    text = re.sub(r"#{4,}", "###", text.replace("|", "/"))
    return re.sub(r">{5,}", ">>>>", text)


def _presentation(q: Question) -> tuple[str, str]:
    """The item's type and its PRESENTATION string."""
    options = [_option(o) for o in q.options]
    if q.kind is QuestionKind.SCALE:
        rated = "|".join(f"{n}####{o}" for n, o in enumerate(options, start=1))
        return "multichoicerated", f"r>>>>>{rated}"
    if q.kind is QuestionKind.CHOICE:
        return "multichoice", "r>>>>>" + "|".join(options)
    if q.kind is QuestionKind.CHOICES:
        return "multichoice", "c>>>>>" + "|".join(options)
    if q.kind is QuestionKind.NUMBER:
        low = "-" if q.minimum is None else f"{q.minimum:g}"
        high = "-" if q.maximum is None else f"{q.maximum:g}"
        return "numeric", f"{low}|{high}"
    return "textarea", "30|5"


def _item(number: int, kind: str, name: str, label: str, presentation: str, options: str) -> str:
    fields = [
        ("ITEMID", str(number)),
        ("ITEMTEXT", name),
        ("ITEMLABEL", label),
        ("PRESENTATION", presentation),
        ("OPTIONS", options),
        ("DEPENDITEM", "0"),
        ("DEPENDVALUE", ""),
    ]
    inner = "".join(f"{INDENT * 3}<{tag}>{_cdata(value)}</{tag}>\n" for tag, value in fields)
    return f'{INDENT * 2}<ITEM TYPE="{kind}" REQUIRED="0">\n{inner}{INDENT * 2}</ITEM>\n'


def template(guide: Guide) -> bytes:
    """The guide as Feedback's template, its intro first as a label item."""
    items = []
    if guide.intro:
        items.append(_item(1, "label", "", "", f"<p>{escape_html(guide.intro)}</p>", ""))
    for q in guide.questions:
        kind, presentation = _presentation(q)
        name = q.text if len(q.text) <= MAX_NAME else q.text[: MAX_NAME - 1] + "…"
        single = q.kind in (QuestionKind.SCALE, QuestionKind.CHOICE)
        options = "h" if single else ""  # h: no "Not selected" radio button
        items.append(_item(len(items) + 1, kind, name, q.id, presentation, options))
    body = "".join(items)
    text = (
        f'{HEAD}<FEEDBACK VERSION="200701" COMMENT="XML-Importfile for mod/feedback">\n'
        f"{INDENT}<ITEMS>\n{body}{INDENT}</ITEMS>\n</FEEDBACK>\n"
    )
    return text.encode("utf-8")
