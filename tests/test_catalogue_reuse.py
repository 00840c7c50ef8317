"""Another handbook's interventions reused, pinned and offline (issue 27, points 2 to 6).

Two handbooks made with ``tutoral new`` publish their catalogues and reuse each other's, through
a path and through a server on 127.0.0.1; an upstream change is shown before it is vendored;
each licence rule is a located error; hostile catalogues are located messages with nothing
written.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tutoral_gen.adapters import fetch
from tutoral_gen.cli import main
from tutoral_gen.commands.catalogue import lock_text
from tutoral_gen.domain.catalogue import FORMAT, digest
from tutoral_gen.domain.reuse import merged_body
from tutoral_gen.pipeline import Paths, generate
from tutoral_gen.source.catalogues import digest_of

from .conftest import REPO
from .published import catalogue, publish

AUTHORS = "Réseau t@d"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Handbooks ``a`` (CC BY-SA 4.0, by the t@d network) and ``b``, as ``tutoral new`` makes
    them: ``b`` reuses two of ``a``'s interventions, one changed; ``a`` reuses one of ``b``'s."""
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        assert run("new", str(root)).exit_code == 0
        append(root / "content/project.yaml", f"licence: CC-BY-SA-4.0\nauthors: [{AUTHORS}]\n")
    append(a / "content/project.yaml", "catalogues:\n  b: {path: ../b/site/catalogue.json}\n")
    append(b / "content/project.yaml", "catalogues:\n  a: {path: ../a/site/catalogue.json}\n")
    publish(a, site_url="https://tad.example/manuel/", version="v1.0")
    publish(b, site_url="https://b.example/", version="v2.0")
    append(
        b / "content/scenarios/module-1.yaml",
        "  - {from: 'a:I04', id: A-I04, role: formateur-tuteur, minutes: 12, phase: etude}\n"
        "  - {from: 'a:I03', id: A-I03, role: formateur-tuteur}\n",
    )
    append(
        a / "content/scenarios/module-1.yaml",
        "  - {from: 'b:I05', id: B-I05, role: formateur-tuteur}\n",
    )
    assert run("check", str(b / "content")).exit_code == 1  # nothing vendored yet
    for root in (a, b):
        result = run("catalogue", "update", "-p", str(root))
        assert result.exit_code == 0, result.output
        assert "vendored 1 catalogue(s)" in result.output
    return a, b


def report(root: Path) -> dict[str, Any]:
    result = run("report", str(root / "content"))
    assert result.exit_code == 0, result.output
    return dict(json.loads(run("report", "--json", str(root / "content")).output))


def test_two_handbooks_reuse_each_other_through_a_path(pair: tuple[Path, Path]) -> None:
    a, b = pair
    lock = (b / "content/catalogues/lock.yaml").read_text(encoding="utf-8")
    data = (b / "content/catalogues/a.json").read_bytes()
    assert f'digest: "{digest_of(data)}"' in lock and 'version: "v1.0"' in lock
    assert data == (a / "site/catalogue.json").read_bytes()
    reused = report(b)["reused"]
    assert reused["A-I04"] == {
        "scenario": "module-1",
        "from": "a:I04",
        "overrides": ["minutes"],
        "version": "v1.0",
        "licence": "CC-BY-SA-4.0",
    }
    assert reused["A-I03"]["overrides"] == []
    assert report(a)["reused"]["B-I05"]["from"] == "b:I05"
    figures = report(b)["scenarios"][0]["interventions"]
    assert figures["A-I04"] == {"min": 36.0, "max": 36.0}  # 12 min x 12 learners x 0.25
    paths = Paths.of(b)
    generate(paths)
    sheet = (paths.out / "docs/scenarios/module-1/A-I04.md").read_text(encoding="utf-8")
    assert (
        "Adapté de «\u00a0[Relancer les inactifs](https://tad.example/manuel/scenarios/module-1/I04/)\u00a0»"
        " (I04), Réseau t@d, version v1.0, [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/)."
    ) in sheet
    assert "Modifié dans ce manuel\u00a0: durée." in sheet
    assert "Je n'ai pas vu passer votre connexion" in sheet  # the source's message template
    credits = (paths.out / "docs/attributions.md").read_text(encoding="utf-8")
    assert (
        credits.count("Réseau t@d") == 2
        and "Ce manuel est publié sous licence CC BY-SA 4.0." in credits
    )


class _Catalogue(http.server.BaseHTTPRequestHandler):
    """Serves ``/catalogue.json``; ``/to-file`` and ``/to-host`` redirect where none may go."""

    body = b""

    def do_GET(self) -> None:
        moves = {"/to-file": "file:///etc/passwd", "/to-host": "http://example.com/c.json"}
        if self.path in moves:
            self.send_response(302)
            self.send_header("Location", moves[self.path])
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Callable[[bytes], str]]:
    """A server on 127.0.0.1 that serves the bytes given; it stops after the test, or by
    itself after 60 seconds."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Catalogue)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    timer = threading.Timer(60, httpd.shutdown)
    timer.start()

    def serve(body: bytes) -> str:
        _Catalogue.body = body
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    try:
        yield serve
    finally:
        timer.cancel()
        httpd.shutdown()
        httpd.server_close()


def test_a_catalogue_is_fetched_from_a_local_server(
    pair: tuple[Path, Path], server: Callable[[bytes], str]
) -> None:
    a, b = pair
    base = server((a / "site/catalogue.json").read_bytes())
    replace(
        b / "content/project.yaml",
        "{path: ../a/site/catalogue.json}",
        f"{{url: '{base}/catalogue.json'}}",
    )
    result = run("catalogue", "update", "a", "-p", str(b))
    assert result.exit_code == 0, result.output
    assert f"{base}/catalogue.json" in (b / "content/catalogues/lock.yaml").read_text(
        encoding="utf-8"
    )
    assert run("check", str(b / "content")).exit_code == 0


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("/to-file", "redirected to another scheme (file:), refused"),
        ("/to-host", "redirected off this machine (example.com), refused"),
    ],
)
def test_a_redirect_where_no_catalogue_may_come_from_is_refused(
    pair: tuple[Path, Path], server: Callable[[bytes], str], where: str, expected: str
) -> None:
    _, b = pair
    lock = (b / "content/catalogues/lock.yaml").read_bytes()
    base = server(b"")
    replace(
        b / "content/project.yaml", "{path: ../a/site/catalogue.json}", f"{{url: '{base}{where}'}}"
    )
    result = run("catalogue", "update", "-p", str(b))
    assert result.exit_code == 1
    assert f"catalogue a: {base}{where}: " in result.output and expected in result.output
    assert (b / "content/catalogues/lock.yaml").read_bytes() == lock


def test_fetching_is_bounded(server: Callable[[bytes], str]) -> None:
    base = server(b"x" * 5000)
    with pytest.raises(fetch.Refused, match="too large"):
        fetch.get(f"{base}/catalogue.json", limit=1000)
    with pytest.raises(fetch.Refused, match="only https://"):
        fetch.get("http://example.com/catalogue.json")
    with pytest.raises(fetch.Refused, match="only https://"):
        fetch.get("file:///etc/passwd")


def test_an_upstream_change_is_shown_before_it_is_vendored(pair: tuple[Path, Path]) -> None:
    a, b = pair
    lock = (b / "content/catalogues/lock.yaml").read_bytes()
    replace(a / "content/scenarios/module-1.yaml", "    norm: reactive-message", "    minutes: 7")
    append(a / "content/scenarios/module-1/I04.md", "\nUne phrase de plus.\n")
    publish(a, site_url="https://tad.example/manuel/", version="v1.1")
    result = run("catalogue", "update", "--dry-run", "-p", str(b))
    assert result.exit_code == 0, result.output
    for line in [
        "catalogue a (../a/site/catalogue.json): v1.0 -> v1.1",
        "  I03: minutes: — -> 7; norm: reactive-message -> —",
        "  I04: body changed",
        "  changed  A-I03 (minutes: — -> 7; norm: reactive-message -> —)",
        "  Temps du tutorat\u00a0: ",
        "dry run: nothing was written",
    ]:
        assert line in result.output
    assert "A-I04 (" not in result.output  # its own minutes hold: no figure of it changes
    assert (b / "content/catalogues/lock.yaml").read_bytes() == lock
    assert run("catalogue", "update", "-p", str(b)).exit_code == 0
    assert 'version: "v1.1"' in (b / "content/catalogues/lock.yaml").read_text(encoding="utf-8")
    assert report(b)["scenarios"][0]["interventions"]["A-I03"] == {"min": 84.0, "max": 84.0}


def test_an_item_removed_upstream_is_refused_with_nothing_written(pair: tuple[Path, Path]) -> None:
    a, b = pair
    before = (b / "content/catalogues/a.json").read_bytes()
    replace(a / "content/scenarios/module-1.yaml", "  - id: I03\n", "  - id: I3\n")
    publish(a, version="v1.1")
    result = run("catalogue", "update", "-p", str(b))
    assert result.exit_code == 1
    assert (
        "interventions[6].from: catalogue 'a' has no intervention 'I03'; did you mean 'I3'?"
        in result.output
    )
    assert (b / "content/catalogues/a.json").read_bytes() == before


# --- licences, a vendored copy edited by hand, a from: that names nothing ------------------


def item(**fields: Any) -> dict[str, Any]:
    """An offered intervention with every field a build writes, its digest computed."""
    out: dict[str, Any] = {"id": "ITC03", "title": "Relancer les inactifs"}
    out |= {"kind": "conjunctural", "mode": "proactive", "support_plans": [], "objectives": []}
    out |= {
        "objective": None,
        "indicators": [],
        "minutes": {"min": 10, "max": 10},
        "norm": None,
        "per": "session",
    }
    out |= {"share": 1, "count": 1, "channel_kind": None, "tool": None, "synchrony": None}
    out |= {"body": "## Message\n\nBonjour\n", "page": "scenarios/m1/ITC03/"}
    out |= fields
    out["digest"] = digest(out)
    return out


def offered(*items: dict[str, Any], **top: Any) -> bytes:
    data = {
        "format": FORMAT,
        "title": "Manuel t@d",
        "site_url": "https://tad.example/",
        "version": "v1.2",
        "language": "fr",
        "licence": "CC-BY-SA-4.0",
        "authors": [AUTHORS],
        "offered": True,
        "interventions": list(items) or [item()],
    }
    return json.dumps(data | top).encode()


def vendored(
    data: bytes, *, licence: str | None = "CC-BY-SA-4.0", reuse: str = ""
) -> dict[str, str | bytes]:
    """A project (tests/conftest's MINIMAL) that vendored ``data`` as catalogue ``tad``."""
    own = f"licence: {licence}\n" if licence else ""
    lock = lock_text(
        {"tad": {"source": "https://tad.example/catalogue.json", "digest": digest_of(data)}}
    )
    return {
        "content/project.yaml": f"title: Test\n{own}catalogues:\n  tad: {{url: 'https://tad.example/catalogue.json'}}\n",
        "content/catalogues/tad.json": data,
        "content/catalogues/lock.yaml": lock,
        "content/scenarios/m2.yaml": "title: M2\ncourse_minutes: 100\nlearners: 4\ninterventions:\n"
        f"  - {{from: 'tad:ITC03', role: tuteur{reuse}}}\n",
    }


LICENCES: list[tuple[str, str | None, str, str | None]] = [
    ("CC-BY-ND-4.0", "CC-BY-4.0", ", minutes: 12", "CC BY-ND 4.0 forbids derivatives"),
    ("CC-BY-ND-4.0", "CC-BY-4.0", "", None),
    (
        "CC-BY-SA-4.0",
        "CC-BY-4.0",
        "",
        "CC BY-SA 4.0 is share-alike: this handbook's licence (CC BY 4.0) must be CC BY-SA 4.0",
    ),
    ("CC-BY-SA-4.0", None, "", "this handbook's licence (no licence) must be"),
    ("CC-BY-SA-3.0", "CC-BY-SA-4.0", ", minutes: 12", None),
    (
        "CC-BY-NC-4.0",
        "CC-BY-4.0",
        "",
        "CC BY-NC 4.0 forbids commercial use, and this handbook's licence (CC BY 4.0) allows it",
    ),
    ("CC-BY-NC-4.0", "CC-BY-NC-4.0", "", None),
    ("CC-BY-NC-SA-4.0", "CC-BY-SA-4.0", "", "CC BY-NC-SA 4.0 is share-alike"),
    ("CC-BY-4.0", None, ", minutes: 12", None),
]


@pytest.mark.parametrize(("source", "own", "reuse", "expected"), LICENCES)
def test_licence_rules(
    make_project: Callable[..., Paths],
    source: str,
    own: str | None,
    reuse: str,
    expected: str | None,
) -> None:
    paths = make_project(vendored(offered(licence=source), licence=own, reuse=reuse))
    result = run("check", str(paths.content))
    if expected is None:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1
        assert "content/scenarios/m2.yaml:5:12: interventions[0].from: tad:ITC03: " in result.output
        assert expected in result.output


INDICATORS = ["Réponse dans les trois jours.", "Reconnexion dans la semaine."]


@pytest.mark.parametrize(
    ("reuse", "shown", "overrides"),
    [
        ("", INDICATORS, []),
        (", indicators: [Un retour écrit.]", ["Un retour écrit."], ["indicators"]),
    ],
)
def test_indicators_come_from_the_source_or_are_overridden(
    make_project: Callable[..., Paths], reuse: str, shown: list[str], overrides: list[str]
) -> None:
    paths = make_project(vendored(offered(item(indicators=INDICATORS)), reuse=reuse))
    reused = report(paths.root)["reused"]["ITC03"]
    assert reused["overrides"] == overrides
    generate(paths)
    board = (paths.out / "docs/livrables.md").read_text(encoding="utf-8")
    row = next(line for line in board.splitlines() if "(scenarios/m2/index.md)" in line)
    assert "Fiches sans indicateur" not in row  # the dashboard: ITC03 has some
    sheet = (paths.out / "docs/scenarios/m2/ITC03.md").read_text(encoding="utf-8")
    listed = sheet.split("## Indicateurs\n\n", 1)[1].split("\n\n", 1)[0]
    assert listed.splitlines() == [f"- {text}" for text in shown]
    changed = "Modifié dans ce manuel\u00a0: indicateurs." in sheet
    assert changed is bool(overrides)


OBJECTIVE = "Aucun apprenant ne décroche sans avoir été contacté."


def before_objectives() -> dict[str, Any]:
    """An item as published before catalogues carried an objective: no such key."""
    out = item()
    del out["objective"]
    out["digest"] = digest(out)
    return out


@pytest.mark.parametrize(
    ("source", "reuse", "shown", "overrides"),
    [
        (item(objective=OBJECTIVE), "", OBJECTIVE, []),
        (
            item(objective=OBJECTIVE),
            ", objective: Un retour écrit.",
            "Un retour écrit.",
            ["objective"],
        ),
        (item(), "", None, []),
        (before_objectives(), "", None, []),
        (before_objectives(), ", objective: Un retour écrit.", "Un retour écrit.", ["objective"]),
    ],
    ids=["from the source", "overridden", "none", "published before", "given to an old one"],
)
def test_the_objective_comes_from_the_source_or_is_overridden(
    make_project: Callable[..., Paths],
    source: dict[str, Any],
    reuse: str,
    shown: str | None,
    overrides: list[str],
) -> None:
    paths = make_project(vendored(offered(source), reuse=reuse))
    reused = report(paths.root)["reused"]["ITC03"]
    assert reused["overrides"] == overrides
    generate(paths)
    board = (paths.out / "docs/livrables.md").read_text(encoding="utf-8")
    row = next(line for line in board.splitlines() if "(scenarios/m2/index.md)" in line)
    assert ("Fiches sans objectif" in row) is (shown is None)  # the dashboard
    sheet = (paths.out / "docs/scenarios/m2/ITC03.md").read_text(encoding="utf-8")
    if shown is None:
        assert "## Objectif" not in sheet
    else:
        assert f"## Objectif\n\n{shown}\n" in sheet
    changed = "Modifié dans ce manuel\u00a0: objectif." in sheet
    assert changed is bool(overrides)


M2 = "title: M2\ncourse_minutes: 100\nlearners: 4\ninterventions:\n"
CHECKS: list[tuple[str, bytes, dict[str, Any], str]] = [
    (
        "unknown SPDX id",
        offered(),
        {"content/project.yaml": "title: Test\nlicence: CC-BY-SA-4\n"},
        "content/project.yaml:2:10: licence: expected an SPDX licence id such as CC-BY-SA-4.0",
    ),
    (
        "edited by hand",
        offered(),
        {"content/catalogues/tad.json": offered().replace(b"Bonjour", b"Bonsoir")},
        "content/catalogues/tad.json: its digest sha256:",
    ),
    (
        "unknown item",
        offered(),
        {"content/scenarios/m2.yaml": M2 + "  - {from: 'tad:ITC3', role: tuteur}\n"},
        "interventions[0].from: catalogue 'tad' has no intervention 'ITC3'; did you mean 'ITC03'?",
    ),
    (
        "unknown catalogue",
        offered(),
        {"content/scenarios/m2.yaml": M2 + "  - {from: 'ta:ITC03', role: tuteur}\n"},
        "interventions[0].from: unknown catalogue 'ta'; did you mean 'tad'?",
    ),
    (
        "no licence",
        offered(licence=None, offered=False),
        {},
        "interventions[0].from: catalogue 'tad' offers nothing for reuse",
    ),
]


@pytest.mark.parametrize(
    ("data", "files", "expected"), [c[1:] for c in CHECKS], ids=[c[0] for c in CHECKS]
)
def test_check_reports(
    make_project: Callable[..., Paths], data: bytes, files: dict[str, Any], expected: str
) -> None:
    paths = make_project({**vendored(data), **files})
    result = run("check", str(paths.content))
    assert result.exit_code == 1
    assert expected in result.output


# --- hostile catalogues: a located message, nothing written --------------------------------

HOSTILE: list[tuple[str, bytes, str]] = [
    ("oversized", b" " * 20_000_001, "catalogue tad: ./tad.json: too large"),
    ("not JSON", b"<html>", "catalogue tad:1:1: not a JSON catalogue: Expecting value"),
    ("NaN", offered(item(count=float("nan"))), "not a JSON catalogue: NaN is not a number"),
    ("deep nesting", b"[" * 100_000, "not a JSON catalogue"),
    # As deep as the parser allows, or just past it (it depends on the caller's stack): either
    # way one located message, no traceback.
    ("deep but parsed", b"[" * 980 + b"]" * 980, "catalogue tad: "),
    (
        "id with ../",
        offered(item(id="../../etc/passwd")),
        "interventions[0].id: expected an id",
    ),
    (
        "terminal escape in a title",
        offered(item(title="\x1b[2J\x1b[31mHacked")),
        "interventions[0].title: expected a text without control characters (U+001B)",
    ),
    (
        "newline in a title",
        offered(item(title="A\n# Injected")),
        "interventions[0].title: expected a text on one line, without control characters",
    ),
    (
        "control character in a body",
        offered(item(body="a\x00b")),
        "interventions[0].body: expected a Markdown text without control characters",
    ),
    (
        "lone surrogate in a body",  # no UTF-8 for it: refused before its digest is computed
        offered({**item(), "body": "a\ud800b"}),
        "interventions[0].body: expected a Markdown text without control characters",
    ),
    (
        "long title",
        offered(item(title="x" * 301)),
        "interventions[0].title: expected a text of at most 300 characters",
    ),
    (
        "long body",
        offered(item(body="x" * 100_001)),
        "interventions[0].body: expected a Markdown text of at most 100000",
    ),
    (
        "negative minutes",
        offered(item(minutes={"min": -1, "max": 3})),
        "interventions[0].minutes: expected a number",
    ),
    (
        "digest that does not match",
        offered({**item(), "title": "Autre"}),
        "interventions[0].digest: does not match the item",
    ),
    (
        "javascript page",
        offered(item(page="javascript:alert(1)")),
        "interventions[0].page: expected an https:// address or a path",
    ),
    (
        "page outside the site",
        offered(item(page="../../etc/passwd")),
        "interventions[0].page: expected a path inside the source site",
    ),
    (
        "file site_url",
        offered(site_url="file:///etc/passwd"),
        "site_url: expected an https:// address",
    ),
    (
        "another format",
        offered(format="tutoral-catalogue/9"),
        "format: expected one of tutoral-catalogue/1",
    ),
    (
        "too many items",
        offered(*[item(id=f"I{n}") for n in range(5001)]),
        "interventions: 5001 interventions, at most 5000",
    ),
    (
        "duplicate ids",
        offered(item(), item(title="Bis")),
        "interventions[1].id: duplicate id 'ITC03'",
    ),
    (
        "too many indicators",
        offered(item(indicators=["i"] * 51)),
        "interventions[0].indicators: expected a list of at most 50 items, found '51 items'",
    ),
    (
        "escape in an indicator",
        offered(item(indicators=["\x1b[2J"])),
        "interventions[0].indicators[0]: expected a text without control characters",
    ),
    (
        "escape in an objective",
        offered(item(objective="Relancer\x1b[2J")),
        "interventions[0].objective: expected a text without control characters",
    ),
    (
        "long objective",
        offered(item(objective="x" * 10_001)),
        "interventions[0].objective: expected a text of at most 10000 characters",
    ),
    (
        "unknown licence",
        offered(licence="WTFPL-9"),
        "licence: expected an SPDX licence id",
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"), [(d, e) for _, d, e in HOSTILE], ids=[n for n, _, _ in HOSTILE]
)
def test_hostile_catalogues_are_refused_with_nothing_written(
    make_project: Callable[..., Paths], data: bytes, expected: str
) -> None:
    files = vendored(offered())
    del files["content/catalogues/tad.json"], files["content/catalogues/lock.yaml"]
    files["content/project.yaml"] = (
        "title: Test\nlicence: CC-BY-SA-4.0\ncatalogues:\n  tad: {path: ./tad.json}\n"
    )
    files["tad.json"] = data
    paths = make_project(files)
    result = run("catalogue", "update", "-p", str(paths.root))
    assert result.exit_code == 1
    assert expected in result.output
    # Named after the catalogue, located in its JSON when the problem is in a value.
    assert re.match(r"catalogue tad(:\d+:\d+)?: ", result.output), result.output
    assert "Traceback" not in result.output
    assert not (paths.content / "catalogues").exists()


def test_injection_in_titles_and_bodies_is_inert(make_project: Callable[..., Paths]) -> None:
    hostile = item(
        title="<script>alert(1)</script> [x](javascript:alert(2))",
        body="<script>alert(3)</script>\n\n<img src=x onerror=alert(4)>\n\n"
        "[y](javascript:alert(5))\n",
        page="https://tad.example/a b)<script>",
    )
    paths = make_project(vendored(offered(hostile)))
    replace(paths.content / "project.yaml", "title: Test\n", "title: Test\nraw_html: true\n")
    generate(paths)
    page = (paths.out / "docs/scenarios/m2/ITC03.md").read_text(encoding="utf-8")
    sheet = page.split("---\n", 2)[2]  # the front matter's title is a quoted YAML string
    for bad in ("<script", "onerror", "(javascript:", 'href="javascript', "a b)"):
        assert bad not in sheet
    assert "a%20b%29%3Cscript%3E" in sheet


def test_own_sections_replace_the_source_s() -> None:
    source = "Intro\n\n## Message\n\nBonjour\n\n## Guide\n\nQuestions\n"
    own = "## Message\n\nSalut\n\n## Après\n\nSuite\n"
    assert (
        merged_body(source, own)
        == "Intro\n\n## Message\n\nSalut\n\n## Guide\n\nQuestions\n\n## Après\n\nSuite\n"
    )
    assert merged_body(None, own) == own and merged_body(source, None) == source


def test_the_example_vendors_what_the_second_handbook_publishes() -> None:
    """The example's module 2 reuses examples/reseau-tad: the vendored copy is that handbook's
    catalogue as published, pinned by the lock."""
    vendored_copy = (REPO / "content/catalogues/tad.json").read_bytes()
    assert vendored_copy == catalogue(
        REPO / "examples/reseau-tad", site_url="https://reseau-tad.example/manuel/", version="v1.2"
    )
    lock = (REPO / "content/catalogues/lock.yaml").read_text(encoding="utf-8")
    assert digest_of(vendored_copy) in lock
