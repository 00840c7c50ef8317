"""No live script in the published site, whatever the contributors write.

Payloads go into every text field of every content file of the example (the fields are read from
the JSON Schemas, so a field added later is covered without editing this test) and into every
kind of Markdown body; the example is built with MkDocs and every page is parsed: no script of
ours, no event attribute, no ``javascript:`` URL may appear; pages are parsed as a browser parses
them (HTML5). Hand-written pages, Markdown (which stays Markdown, so that MkDocs rewrites its
links) or HTML, are refused when a browser would find such markup in them: a table of parser
tricks, each refused in both kinds of page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutoral_gen.adapters import engine
from tutoral_gen.errors import ContentError
from tutoral_gen.pipeline import Paths, check, generate
from tutoral_gen.render import nav
from tutoral_gen.source import schema, yamlio

from .browser import live_in
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
    assert live_in(paths.site) == {}
    text = (paths.site / "scenarios/module-1/ITC03/index.html").read_text(encoding="utf-8")
    assert (
        "alert(&#x27;tg" in text or "alert(&#39;tg" in text or "alert(’tg" in text
    )  # shown as text (its quote set as the handbook's text)


def test_the_scan_finds_what_a_browser_would_run(make_project: Callable[..., Paths]) -> None:
    """The scan can fail: trusted pages (raw_html: true) carry parser tricks into the site."""
    paths = make_project(
        {
            "content/project.yaml": "title: Test\nraw_html: true\n",
            "content/pages/notes.md": "# Notes\n\n<!--><img src=x onerror=alert(1)>-->\n",
            "content/pages/meta.md": WHOLE_PAGES["YAML description quote"].replace(
                ">", " onerror=alert(4)>"
            ),
            "content/pages/raw.html": HTML_PAGE.format("<p>\x00<script>alert(2)</script></p>"),
            "content/pages/text.html": HTML_PAGE.format(
                "<textarea><p title='</textarea><svg onload=alert(3)>'></textarea>"
            ),
        }
    )
    generate(paths)
    engine.build_site(paths.config, paths.site)
    assert live_in(paths.site) == {
        "meta/index.html": ["<img onerror=...>"],
        "notes/index.html": ["<img onerror=...>"],
        "raw.html": ["<script>alert(2)"],
        "text.html": ["<svg onload=...>"],
    }


HTML_PAGE = (
    '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><title>Notes</title></head>'
    "<body>\n{}\n</body></html>\n"
)
"""A hand-written HTML page; what it holds starts on line 3."""

BROWSER_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "handler": "<img src=x onerror=alert(1)>",
    "comment <!-->": "<!--><img src=x onerror=alert(1)>-->",
    "comment <!--->": "<!---><img src=x onerror=alert(1)>-->",
    "comment --!>": "<!-- a --!><img src=x onerror=alert(1)>-->",
    "comment <!--!>": "<!--!>--><img src=x onerror=alert(1)>",
    "processing instruction": "<?x ><img src=x onerror=alert(1)>?>",
    "CDATA outside foreign content": "<![CDATA[><img src=x onerror=alert(1)>]]>",
    "CDATA in SVG": "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>",
    "noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "template": "<template><img src=x onerror=alert(1)></template>",
    "textarea raw text": '<textarea><p title="</textarea><img src=x onerror=alert(1)>">',
    "title raw text": '<title><p title="</title><img src=x onerror=alert(1)>">',
    "xmp raw text": '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
    "svg style": "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "math mglyph style": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "svg handler": "<svg onload=alert(1)></svg>",
    "svg xlink": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "math href": '<math href="javascript:alert(1)">x</math>',
    "quotes mixed": "<img src=x alt='a\"' onerror=alert(1)>",
    "NUL byte": "<p>\x00<img src=x onerror=alert(1) \x00></p>",
    "slashes for spaces": "<img/src/onerror=alert(1)>",
    "upper case": '<A HREF="JaVaScRiPt:alert(1)">x</A>',
    "entity &colon;": '<a href="javascript&colon;alert(1)">x</a>',
    "entity for j": '<a href="&#x6A;avascript:alert(1)">x</a>',
    "tab in scheme": '<a href="java&#x09;script:alert(1)">x</a>',
    "leading control": '<a href="\x01javascript:alert(1)">x</a>',
    "data URL": '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "srcset": '<img src="a.png" srcset="javascript:alert(1)">',
    "style attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "object": '<object data="https://evil.example/x"></object>',
    "embed": '<embed src="https://evil.example/x">',
    "form": '<form action="https://evil.example"><button>Envoyer</button></form>',
    "style element": "<style>body{display:none}</style>",
    "base": '<base href="https://evil.example/">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "link": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "plaintext": "<plaintext><img src=x>",
}
"""What a browser would run or load, each a trick a parser other than a browser's may misread
(html.parser ends a comment at ``-->`` only, reads ``<![CDATA[`` as one declaration to ``]]>``,
does not know that ``<noscript>`` holds raw text when scripts run...)."""

MARKDOWN_PAYLOADS = {
    "Markdown javascript link": "[x](javascript:alert(1))",
    "Markdown entity link": "[x](&#106;avascript:alert(1))",
    "Markdown NUL in scheme": "[x](java\x00script:alert(1))",
    "tab in a raw link": '<a href="java\tscript:alert(1)">x</a>',
    "attr_list handler": 'Paragraph\n{: onclick="alert(1)" }',
    "md_in_html style": '<div markdown="1">\n<style>body{display:none}</style>\n</div>',
    "Markdown data image": "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "comment left open": "<div>\n<!-- the theme's markup would follow\n</div>",
}
"""Markdown's own ways to the same markup, and markup left open that would swallow the theme's."""

WHOLE_PAGES = {
    "title with entities": "# &lt;img src=x onerror=alert(1)&gt;\n\nTexte.\n",
    "title split by a tag": "# <span>&lt;</span>img src=x onerror=alert(1)>\n\nTexte.\n",
    "YAML title escapes": '---\ntitle: "\\u003cimg src=x onerror=alert(1)\\u003e"\n---\n\n# N\n',
    "YAML title entities": '---\ntitle: "&lt;img src=x onerror=alert(1)&gt;"\n---\n\n# N\n',
    "YAML description quote": '---\ndescription: "\\u0022\\u003e\\u003cimg src=x>"\n---\n\n# N\n',
    "YAML list": '---\ntags:\n  - "\\u003cscript\\u003ealert(1)"\n---\n\n# N\n',
    "MultiMarkdown title": "Title: &lt;img src=x onerror=alert(1)&gt;\n\n# N\n",
    "fence opened in the front matter": "---\nx: |\n  ```\n---\n\n<img src=x onerror=alert(1)>\n",
}
"""What MkDocs takes from a page besides its body: the title (its first heading, which the theme
prints through ``striptags``, unescaping it) and the front matter (printed as it is, some of it
in attributes), which MkDocs also strips before it renders the body."""

DOCUMENT_PAYLOADS = {
    "declared charset": '<meta charset="iso-2022-jp"><p>x</p>',
    "charset hidden from the tree": '<textarea><meta charset="iso-2022-jp"></textarea>',
    "ESC byte": "<p>\x1b$B</p>",
}
"""What makes a browser decode an HTML page otherwise than the check did."""

REFUSED = (
    [(f"md: {k}", "notes.md", f"# Notes\n\n{p}\n") for k, p in BROWSER_PAYLOADS.items()]
    + [(f"md: {k}", "notes.md", f"# Notes\n\n{p}\n") for k, p in MARKDOWN_PAYLOADS.items()]
    + [(f"md: {k}", "notes.md", page) for k, page in WHOLE_PAGES.items()]
    + [("markdown: script", "notes.markdown", "# Notes\n\n<script>alert(1)</script>\n")]
    + [(f"html: {k}", "notes.html", HTML_PAGE.format(p)) for k, p in BROWSER_PAYLOADS.items()]
    + [("HTM: script", "notes.HTM", HTML_PAGE.format("<script>alert(1)</script>"))]
    + [(f"html: {k}", "notes.html", HTML_PAGE.format(p)) for k, p in DOCUMENT_PAYLOADS.items()]
)


@pytest.mark.parametrize(("name", "page"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_page_that_would_run_script_is_refused(
    make_project: Callable[..., Paths], name: str, page: str
) -> None:
    paths = make_project({f"content/pages/{name}": page})
    with pytest.raises(ContentError) as caught:
        check(paths)
    lines = [str(p) for p in caught.value.problems]
    assert len(lines) == 1 and lines[0].startswith(f"content/pages/{name}"), lines
    # A control character is refused in any content file before the page check sees it.
    assert "is not allowed in a page" in lines[0] or "a control character (U+" in lines[0]


@pytest.mark.parametrize(
    ("name", "page", "expected"),
    [
        (
            "notes.html",
            HTML_PAGE.format("<p>Bonjour</p>\n<p><img src=x\nonerror=alert(1)></p>"),
            "content/pages/notes.html:5:17: a 'onerror' attribute on <img>",
        ),
        (
            "notes.md",
            "# Notes\n\nTexte.\n\n<!--><script>alert(1)</script>-->\n",
            "content/pages/notes.md:5:13: a <script> element",
        ),
        (
            "notes.md",
            "# Notes\n\n[x](javascript:alert(1))\n",
            "content/pages/notes.md: a javascript: link",
        ),
        (
            "notes.html",
            b"<p>caf\xe9</p>",
            "content/pages/notes.html: text that is not UTF-8 (byte 6)",
        ),
    ],
)
def test_a_refused_page_is_located(
    make_project: Callable[..., Paths], name: str, page: str | bytes, expected: str
) -> None:
    """The line and column of the ``>`` ending the tag when the markup is written in the page;
    the file alone when Markdown made it."""
    paths = make_project({f"content/pages/{name}": page})
    with pytest.raises(ContentError) as caught:
        check(paths)
    shown = [str(p).partition(" is not allowed in a page")[0] for p in caught.value.problems]
    assert shown == [expected]


def test_a_safe_front_matter_and_title_pass(make_project: Callable[..., Paths]) -> None:
    page = (
        "---\ntitle: Guide de l'équipe\ndescription: R&D, 3 < 4\n---\n\n# R&D : a < b\n\nTexte.\n"
    )
    paths = make_project(
        {"content/pages/notes.md": page, "content/pages/autre.md": "Note: R&D\n\nT\n"}
    )
    check(paths)


def test_a_safe_html_page_is_published_as_it_is(make_project: Callable[..., Paths]) -> None:
    page = HTML_PAGE.format(
        '<!-- notes --><h1 id="t">Notes</h1><p>Voir <a href="normes/">les normes</a>,'
        ' <a href="https://example.org">le site</a>, <img src="logo.png" alt="logo">.</p>'
        "<table><tr><td>a &lt;script&gt;</td></tr></table>"
    )
    paths = make_project({"content/pages/notes.html": page})
    generate(paths)
    engine.build_site(paths.config, paths.site)
    assert (paths.site / "notes.html").read_text(encoding="utf-8") == page


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
    with single inner spaces (no-break ones hold a number to its unit), set as the handbook's
    text; a title that needs none of this is kept as it is (fast path)."""
    shown = nav.title(text)
    assert not set(shown) & set("<>&\"'")
    assert shown == " ".join(shown.split(" ")).strip(" ") and "  " not in shown
    assert not re.search(r"[^\S \u00a0]", shown)
    assert nav.title(shown) == shown
    plain = not set(text) & set("<>&\"'") and text == " ".join(text.split())
    assert (shown == text) == (plain and nav.ENGLISH.text(text) == text)
