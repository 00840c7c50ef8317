"""The handbook in a real browser: Debian's Chromium driven by Playwright.

`make test` installs Chromium (Debian's package) when it can; this suite skips, saying why, only
when Chromium cannot be found. Screenshots of the main pages go to tests/artifacts/.
axe-core (npm, pinned in package-lock.json) checks every page in both colour schemes.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tutoral_gen.cli import main
from tutoral_gen.pipeline import Paths

from .conftest import REPO

ARTIFACTS = Path(__file__).parent / "artifacts"
AXE = REPO / "node_modules/axe-core/axe.min.js"
THEME_VIOLATIONS = {
    ("aria-dialog-name", ".md-search"),  # Material's search dialog has no name
    ("color-contrast", ".md-copyright"),  # "Made with Material": 4.47:1 in the light scheme
}
"""What Material itself causes, as (axe rule, element): listed in the README, not counted."""
LISTED_PAGES = (
    "",
    "scenarios/module-1/",
    "scenarios/module-1/ITC03/",
    "systeme/objectifs/",
    "systeme/besoins/",
    "diffusion/economie/",
    "roles/formateur-tuteur/",
    "audit/guides/entretien-tuteurs/",
    "impression/",
)
"""The pages issue 11 names; every other page of the example is checked too."""
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian package 'chromium'; `make test` installs it as"
    " root): browser tests skipped",
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_example: Paths) -> Iterator[str]:
    """The built example served on the loopback interface only."""
    handler = functools.partial(_Quiet, directory=str(built_example.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def search(page: Any, query: str) -> list[str]:
    page.click("input.md-search__input")
    page.keyboard.type(query)
    page.wait_for_selector("ol.md-search-result__list li a", timeout=15000)
    return list(
        page.eval_on_selector_all(
            "ol.md-search-result__list li a", "links => links.map(a => a.getAttribute('href'))"
        )
    )


def test_from_home_to_a_scenario_to_the_sheet_of_itc03(page: Any, server: str) -> None:
    page.goto(server)
    shot(page, "home")
    page.click("article a:has-text('Module 1 — Conduire un projet à distance')")
    page.wait_for_url("**/scenarios/module-1/")
    shot(page, "scenario")
    page.click("article table a:text-is('ITC03')")
    page.wait_for_url("**/scenarios/module-1/ITC03/")
    assert page.inner_text("article h1").startswith("ITC03 — Relancer les inactifs")
    shot(page, "sheet-ITC03")


def test_search_finds_itc03_with_a_french_query(page: Any, server: str) -> None:
    page.goto(server)
    results = search(page, "relancer inactifs")
    assert "scenarios/module-1/ITC03/" in results[0]
    shot(page, "search")


def test_charts_are_drawn_with_the_expected_figures(page: Any, server: str) -> None:
    page.goto(server + "scenarios/module-1/")
    figures = (("svg.tg-timeline", "ITC03 · 10\u00a0min"), ("svg.tg-bars", "5\u00a0h\u00a052"))
    for selector, figure in figures:
        chart = page.locator(selector)
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 60
        assert figure in chart.text_content()
    page.goto(server + "systeme/contraintes/")
    assert page.locator("svg.tg-radar").count() == 9
    shot(page, "constraints")
    page.goto(server + "roles/formateur-tuteur/")
    copy = page.locator("button.md-code__button[data-md-type=copy]")  # Material 9.8's button
    # Module 1's two message templates and interview guide, module 2's reused ITC12's template.
    assert copy.count() == 4
    shot(page, "role")


def test_offline_zip_works_from_the_file_system(
    page: Any, example: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example.root)
    archive = tmp_path / "manuel.zip"
    assert CliRunner().invoke(main, ["pack", "-o", str(archive)]).exit_code == 0
    unpacked = tmp_path / "manuel"
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(unpacked)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((unpacked / "index.html").as_uri())
    page.click("article a:has-text('Module 1 — Conduire un projet à distance')")
    page.wait_for_url("**/scenarios/module-1/index.html")
    assert page.locator("svg.tg-timeline").bounding_box() is not None
    results = search(page, "relancer inactifs")
    assert "ITC03.html" in results[0]
    shot(page, "offline-search")
    assert all(url.startswith(("file:", "data:", "blob:", "about:")) for url in requests), [
        url for url in requests if not url.startswith("file:")
    ]


def every_page(site: Path) -> list[str]:
    """The URL path of every page of a built site, the listed ones first."""
    found = sorted(
        (p.parent.relative_to(site).as_posix() + "/").removeprefix("./")
        for p in site.rglob("index.html")
    )
    rest = [path for path in found if path not in LISTED_PAGES]
    return [*LISTED_PAGES, *rest]


def our_violations(page: Any) -> list[str]:
    """axe-core's violations on the open page, one line per element, the theme's own left out."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{rule['id']} {node['target']}: {node['html'][:120]}"
        for rule in result["violations"]
        for node in rule["nodes"]
        if (rule["id"], node["target"][0]) not in THEME_VIOLATIONS
    ]


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (npm ci; `make` runs it)")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violation_of_our_own(
    browser: Any, server: str, built_example: Paths, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for path in every_page(built_example.site):
        page.goto(server + path)
        assert page.get_attribute("body", "data-md-color-scheme") == (
            "slate" if scheme == "dark" else "default"
        )
        if violations := our_violations(page):
            found[path or "/"] = violations
    context.close()
    assert found == {}


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (npm ci; `make` runs it)")
def test_axe_sees_what_it_should(page: Any) -> None:
    """The check can fail: a link told apart by colour alone and a nameless chart are found."""
    page.set_content(
        '<html lang="fr"><head><title>t</title></head><body><main><p>Texte '
        '<a href="#" style="text-decoration:none;color:#5a5a5a">lien</a> et suite.</p>'
        '<svg role="img" width="10" height="10"></svg><table><tr><th></th><th>B</th></tr>'
        "<tr><td>1</td><td>2</td></tr></table></main></body></html>"
    )
    rules = {line.split()[0] for line in our_violations(page)}
    assert {"svg-img-alt", "empty-table-header"} <= rules
