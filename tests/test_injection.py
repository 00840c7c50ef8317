"""No live script in the published site, whatever the contributors write.

Payloads go into every text field of every content file of the example (the fields are read from
the JSON Schemas, so a field added later is covered without editing this test) and into every
kind of Markdown body; the example is built with MkDocs and every page is parsed: no script of
ours, no event attribute, no ``javascript:`` URL may appear. Hand-written pages stay Markdown
(MkDocs rewrites their links) and are refused when they would carry such markup.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutoral_gen.adapters import engine
from tutoral_gen.errors import ContentError
from tutoral_gen.pipeline import Paths, check, generate
from tutoral_gen.render import nav
from tutoral_gen.source import schema, yamlio

from .conftest import copy_example
from .test_optional import _resolved
from .test_schema import kind_of

PAYLOAD = (
    "<script>alert('tg1')</script><img src=x onerror=alert('tg2')>"
    "[x](javascript:alert('tg3')) {: onclick=\"alert('tg4')\" } "
    "<a href=\"javascript:alert('tg5')\">"
    "<svg onload=alert('tg6')>"
)
BODY = f"\n\n{PAYLOAD}\n\n<script>alert('tg7')</script>\n\n[y](javascript:alert('tg8'))\n"


def _is_text(spec: dict[str, Any]) -> bool:
    kinds = spec.get("type")
    plain = kinds == "string" or (isinstance(kinds, list) and "string" in kinds)
    return plain and not {"pattern", "enum", "format"} & spec.keys()


def poisoned(data: Any, spec: dict[str, Any]) -> Iterator[int]:
    """Replace every free-text value of ``data`` (in place) by the payload; yield once each."""
    if isinstance(data, dict) and "properties" in spec:
        for key, value in list(data.items()):
            sub = _resolved(spec["properties"].get(key, {}))
            payload = PAYLOAD[: sub.get("maxLength", len(PAYLOAD))]  # a currency: "<script>"
            if isinstance(value, str) and _is_text(sub):
                data[key] = payload
                yield 1
            elif isinstance(value, list) and _is_text(sub):
                data[key] = [payload for _ in value]
                yield 1
            else:
                yield from poisoned(value, sub)
    elif isinstance(data, dict) and isinstance(spec.get("additionalProperties"), dict):
        for value in data.values():
            yield from poisoned(value, spec["additionalProperties"])
    elif isinstance(data, list) and isinstance(spec.get("items"), dict):
        for item in data:
            yield from poisoned(item, _resolved(spec["items"]))


class Live(HTMLParser):
    """Collects what would run in a browser."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            url = (value or "").strip().lower().replace("\t", "")
            urls = ("href", "src", "action", "formaction", "xlink:href")
            if name in urls and url.startswith(("javascript:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, int]:
    root = tmp_path_factory.mktemp("poisoned")
    copy_example(root)
    count = 0
    for path in sorted((root / "content").rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        kind = kind_of(rel)
        if kind is not None:
            spec = json.loads((schema.SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
            data = yamlio.parse(path.read_text(encoding="utf-8"))
            count += sum(poisoned(data, spec))
            path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        elif path.suffix == ".md" and not rel.startswith("content/pages/"):
            path.write_text(path.read_text(encoding="utf-8") + BODY, encoding="utf-8")
            count += 1
    paths = Paths.of(root)
    generate(paths)
    engine.build_site(paths.config, paths.site)
    return paths, count


def test_payloads_reach_many_fields(poisoned_site: tuple[Paths, int]) -> None:
    assert poisoned_site[1] > 100


def test_no_page_carries_live_script(poisoned_site: tuple[Paths, int]) -> None:
    paths, _ = poisoned_site
    found = {}
    for page in sorted(paths.site.rglob("*.html")):
        parser = Live()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            found[page.relative_to(paths.site).as_posix()] = parser.found[:3]
    assert found == {}
    text = (paths.site / "scenarios/module-1/ITC03/index.html").read_text(encoding="utf-8")
    assert (
        "alert(&#x27;tg" in text or "alert(&#39;tg" in text or "alert('tg" in text
    )  # shown as text


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        '<a href="java\tscript:alert(1)">x</a>',
        'Paragraph\n{: onclick="alert(1)" }',
        "<svg onload=alert(1)></svg>",
        '<iframe src="https://evil.example"></iframe>',
        '<div markdown="1">\n<style>body{display:none}</style>\n</div>',
        "![x](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_a_page_that_would_run_script_is_refused(
    make_project: Callable[..., Paths], payload: str
) -> None:
    paths = make_project({"content/pages/notes.md": f"# Notes\n\n{payload}\n"})
    with pytest.raises(ContentError) as caught:
        check(paths)
    lines = [str(p) for p in caught.value.problems]
    assert len(lines) == 1 and lines[0].startswith("content/pages/notes.md: "), lines
    assert "is not allowed in a page" in lines[0]


def test_a_safe_page_keeps_its_markdown_and_links(make_project: Callable[..., Paths]) -> None:
    page = (
        "# Notes\n\nSee [the norms](normes.md) and <https://example.org>.\n\n| a | b |\n|---|---|\n"
    )
    paths = make_project({"content/pages/notes.md": page})
    generate(paths)
    assert (paths.out / "docs/notes.md").read_text(encoding="utf-8") == page
    engine.build_site(paths.config, paths.site)
    built = (paths.site / "notes/index.html").read_text(encoding="utf-8")
    assert 'href="../normes/"' in built  # MkDocs rewrote the Markdown link


def test_raw_html_true_trusts_pages(make_project: Callable[..., Paths]) -> None:
    paths = make_project(
        {
            "content/project.yaml": "title: Test\nraw_html: true\n",
            "content/pages/notes.md": '# Notes\n\n<iframe src="https://video.example"></iframe>\n',
        }
    )
    check(paths)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_a_nav_title_never_carries_markup_and_keeps_plain_titles(text: str) -> None:
    """Whatever a contributor writes, a title reaches the theme without markup characters and
    with single inner spaces; a title that needs none of this is kept as it is (fast path)."""
    shown = nav.title(text)
    assert not set(shown) & set('<>&"')
    assert shown == " ".join(shown.split())
    assert nav.title(shown) == shown
    plain = not set(text) & set('<>&"') and text == " ".join(text.split())
    assert (shown == text) == plain
