"""What a browser would run in a built site, found as a browser finds it: pages parsed by an
HTML5 parser (tinyhtml5, WeasyPrint's), not :mod:`html.parser`, which reads
``<!--><img onerror=...>-->`` as one comment where a browser sees a live image."""

from __future__ import annotations

from pathlib import Path

from tinyhtml5.parser import HTMLParser

_URLS = ("href", "src", "action", "formaction", "data", "{http://www.w3.org/1999/xlink}href")
_RUN = ("javascript:", "vbscript:", "data:text/html")
_FRAMES = ("iframe", "frame", "object", "embed", "base")


def _url(value: str) -> str:
    """A URL as a browser reads its scheme: outer controls and spaces stripped, tabs and
    newlines taken out, case folded."""
    return value.strip("".join(map(chr, range(33)))).replace("\t", "").replace("\n", "").lower()


def live(page: str) -> list[str]:
    """What would run in a browser, found as a browser finds it: the page parsed by an HTML5
    parser (tinyhtml5, scripting on), so that ``<!--><img onerror=...>-->`` is a live image and
    text in a ``<textarea>`` is text. Our own scripts are told apart by holding no ``alert(``."""
    found = []
    for element in HTMLParser().parse(page, full_tree=True, scripting=True).iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        tag = element.tag.rpartition("}")[2]
        for name, value in element.attrib.items():
            if name.rpartition("}")[2].startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if name in _URLS and _url(value).startswith(_RUN):
                found.append(f"<{tag} {name}={value[:40]!r}>")
        if tag == "script" and "alert(" in "".join(element.itertext()):
            found.append(f"<script>{''.join(element.itertext())[:40]}")
        if tag in _FRAMES or (tag == "meta" and "http-equiv" in element.attrib):
            found.append(f"<{tag}>")
    return found


def live_in(site: Path) -> dict[str, list[str]]:
    """What would run, by page of a built site (at most three findings each)."""
    found = {}
    for page in sorted(site.rglob("*.htm*")):
        running = live(page.read_text(encoding="utf-8"))
        if running:
            found[page.relative_to(site).as_posix()] = running[:3]
    return found
