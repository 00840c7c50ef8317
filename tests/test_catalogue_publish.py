"""Every handbook publishes its catalogue: ``catalogue.json`` (format ``tutoral-catalogue/1``)
and its schema, a page that presents it, and the licence table that decides what others may
do with it (issue 27, point 1)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tutoral_gen.adapters import engine
from tutoral_gen.cli import main
from tutoral_gen.domain import licences
from tutoral_gen.domain.licences import LICENCES, Refusal
from tutoral_gen.errors import ContentError
from tutoral_gen.pipeline import Paths, check, generate
from tutoral_gen.source import catalogue_format, schema
from tutoral_gen.source.fields import Reader

from .conftest import SCENARIO, html

SCHEMA = Path(schema.SCHEMAS) / "catalogue.schema.json"
PROJECT = "content/project.yaml"


def published(paths: Paths) -> dict[str, Any]:
    """The catalogue as the build wrote it."""
    data: dict[str, Any] = json.loads((paths.out / "docs" / "catalogue.json").read_bytes())
    return data


def recomputed(item: dict[str, Any]) -> str:
    """The digest as a reader of another handbook computes it, from the format's definition."""
    rest = {k: v for k, v in item.items() if k != "digest"}
    text = json.dumps(rest, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def validates(data: dict[str, Any]) -> None:
    """``data`` follows the published schema and reads without a problem through the format's
    tables (what a reader of the catalogue checks)."""
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8"))).validate(data)
    reader = Reader("catalogue.json")
    reader.record(data, (), catalogue_format.CATALOGUE)
    items = reader.records(data["interventions"], ("interventions",), catalogue_format.INTERVENTION)
    assert reader.problems == [] and len(items) == len(data["interventions"])


# --- the example -------------------------------------------------------------------------


def test_the_example_publishes_every_intervention_with_a_digest_that_recomputes(
    example: Paths,
) -> None:
    generated = generate(example)
    data = published(example)
    validates(data)
    assert (data["format"], data["licence"], data["offered"]) == (
        "tutoral-catalogue/1",
        "CC-BY-SA-4.0",
        True,
    )
    assert data["authors"] == ["Institut de formation à distance (exemple)"]
    ids = [i.id for s in generated.project.scenarios for i in s.interventions]
    assert [item["id"] for item in data["interventions"]] == ids
    for item in data["interventions"]:
        assert item["digest"] == recomputed(item), item["id"]
    # One line per intervention: an item changed upstream is one line of a diff.
    lines = (example.out / "docs" / "catalogue.json").read_text("utf-8").splitlines()
    assert [json.loads(line.rstrip(","))["id"] for line in lines[1:-1]] == ids
    itc03 = next(item for item in data["interventions"] if item["id"] == "ITC03")
    assert itc03["page"] == "scenarios/module-1/ITC03/"
    assert itc03["body"].startswith("## ") or itc03["body"] == ""
    # The schema is published beside the catalogue, as committed with the others.
    beside = (example.out / "docs" / "catalogue.schema.json").read_text("utf-8")
    assert beside == SCHEMA.read_text("utf-8")


def test_a_changed_intervention_changes_its_digest_only(example: Paths) -> None:
    generate(example)
    before = {item["id"]: item["digest"] for item in published(example)["interventions"]}
    scenario = example.content / "scenarios" / "module-1.yaml"
    text = scenario.read_text("utf-8")
    scenario.write_text(text.replace("title: Relancer les inactifs", "title: Relancer", 1))
    generate(example)
    after = {item["id"]: item["digest"] for item in published(example)["interventions"]}
    assert {k for k in before if before[k] != after[k]} == {"ITC03"}


def test_the_page_lists_the_offered_interventions_by_support_plan(example: Paths) -> None:
    generated = generate(example)
    text = (example.out / "docs" / "catalogue.md").read_text("utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    listed = {s.split("\n", 1)[0]: re.findall(r"^\| \[([A-Z0-9]+) — ", s, re.M) for s in sections}
    expected: dict[str, list[str]] = {}
    plans = {"cognitive": "Cognitif", "socio-affective": "Socio-affectif"}
    plans |= {"motivational": "Motivationnel", "metacognitive": "Métacognitif"}
    for plan, name in plans.items():
        expected[name] = [
            i.id
            for s in generated.project.scenarios
            for i in s.interventions
            if plan in {p.value for p in i.support_plans}
        ]
    unplanned = [i.id for s in generated.project.scenarios for i in s.interventions]
    unplanned = [i for i in unplanned if not any(i in ids for ids in expected.values())]
    if unplanned:
        expected["Sans plan de support indiqué"] = unplanned
    assert listed == {k: v for k, v in expected.items() if v}
    assert "[CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/)" in text
    assert "](catalogue.json)" in text
    # Reader words only: no YAML key, no command, no file name but the download.
    for word in ("licence:", "authors:", "tutoral ", "project.yaml", "support_plans", ".yaml"):
        assert word not in text


def test_the_built_site_serves_the_catalogue_and_its_page(built_example: Paths) -> None:
    data = json.loads((built_example.site / "catalogue.json").read_bytes())
    validates(data)
    assert (built_example.site / "catalogue.schema.json").is_file()
    page = html(built_example, "catalogue")
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in page
    assert 'href="../catalogue.json"' in page
    assert 'href="../scenarios/module-1/ITC03/"' in page


def test_the_site_s_address_and_version_are_the_published_ones(
    make_project: Callable[..., Paths], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = make_project({PROJECT: "title: T\nlicence: CC-BY-4.0\n"})
    git = ["git", "-C", str(paths.root), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "content"], ["commit", "-qm", "v"], ["tag", "v1.2"]):
        subprocess.run([*git, *args], check=True, capture_output=True)
    monkeypatch.setenv("TUTORAL_SITE_URL", "https://org.example/manuel/")
    generate(paths)
    data = published(paths)
    assert (data["site_url"], data["version"]) == ("https://org.example/manuel/", "v1.2")
    assert data["interventions"][0]["page"] == "https://org.example/manuel/scenarios/m1/I1/"
    validates(data)


def test_report_json_gives_the_licence_and_authors(
    example: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example.root)
    result = CliRunner().invoke(main, ["report", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["licence"] == "CC-BY-SA-4.0"
    assert data["authors"] == ["Institut de formation à distance (exemple)"]


# --- without a licence, nothing is offered -----------------------------------------------


def test_no_licence_offers_nothing_and_the_page_says_so(
    make_project: Callable[..., Paths],
) -> None:
    paths = make_project({PROJECT: "title: Test\nauthors: Équipe\n"})
    generate(paths)
    data = published(paths)
    validates(data)
    assert (data["licence"], data["offered"], data["interventions"]) == (None, False, [])
    assert data["authors"] == ["Équipe"]
    text = (paths.out / "docs" / "catalogue.md").read_text("utf-8")
    assert "ne propose pas ses interventions à la réutilisation" in text
    assert "| [I1" not in text and "catalogue.json" not in text


def test_an_english_handbook_presents_its_catalogue_in_english(
    make_project: Callable[..., Paths],
) -> None:
    paths = make_project({PROJECT: "title: T\nlanguage: en\nlicence: CC-BY-4.0\n"})
    generate(paths)
    text = (paths.out / "docs" / "catalogue.md").read_text("utf-8")
    assert "# Intervention catalogue" in text and "[CC BY 4.0]" in text
    assert "## No support plan given" in text and "| [I1 — Accueillir]" in text
    assert published(paths)["language"] == "en"


# --- located problems --------------------------------------------------------------------

PROBLEMS = [
    # (case, project.yaml after the title, expected "file:line:column: field: message" part)
    ("near miss", "licence: CC-BY-SA-4", "2:10: licence: expected an SPDX licence id"),
    ("near miss", "licence: CC-BY-SA-4", "did you mean 'CC-BY-SA-4.0'?"),
    ("lower case", "licence: cc-by-4.0", "did you mean 'CC-BY-4.0'?"),
    ("short name", "licence: CC BY-NC 4.0", "did you mean 'CC-BY-NC-4.0'?"),
    ("not a text", "licence: 42", "2:10: licence: expected an SPDX licence id such as"),
    ("unknown", "licence: WTFPL", "found 'WTFPL'"),
    ("empty author", "authors: [A, '']", "2:14: authors[1]: expected a text, found ''"),
    ("long author", f"authors: [{'x' * 301}]", "authors[0]: expected a text of at most 300"),
    ("many authors", f"authors: [{', '.join(['A'] * 101)}]", "a list of at most 100 names"),
    ("author mapping", "authors: {a: 1}", "authors: expected a text, found a mapping"),
]


@pytest.mark.parametrize(("case", "line", "expected"), PROBLEMS)
def test_a_licence_or_authors_mistake_is_located(
    make_project: Callable[..., Paths],
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    line: str,
    expected: str,
) -> None:
    paths = make_project({PROJECT: f"title: Test\n{line}\n"})
    monkeypatch.chdir(paths.root)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1, (case, result.output)
    assert "Traceback" not in result.output
    assert f"{PROJECT}:" in result.output and expected in result.output, result.output
    assert not paths.out.exists()


BODY_PROBLEMS = [
    # (case, sheet body, expected words): what a catalogue could not carry (a control character
    # is refused in any content, offered or not: tests/test_hostile_intake.py)
    ("too long", "a" * 100_001, "a sheet body of 100001 characters; a catalogue carries at most"),
    ("control character", "Bonjour\x0cà tous\n", "a control character (U+000C) in the text"),
    ("nul", "x\x00y", "(U+0000)"),
]


@pytest.mark.parametrize(("case", "body", "expected"), BODY_PROBLEMS)
def test_a_body_a_catalogue_cannot_carry_is_refused_when_offered(
    make_project: Callable[..., Paths], case: str, body: str, expected: str
) -> None:
    files: dict[str, str | bytes] = {"content/scenarios/m1/I1.md": body.encode()}
    paths = make_project({PROJECT: "title: T\nlicence: CC-BY-4.0\n", **files})
    with pytest.raises(ContentError) as caught:
        generate(paths)
    shown = [f"{p.file}: {p.message}" for p in caught.value.problems]
    assert any(s.startswith("content/scenarios/m1/I1.md: ") and expected in s for s in shown)
    # Without a licence nothing is offered: the same body builds (it is a page like any).
    (paths.content / "project.yaml").write_text("title: T\n")
    if case == "too long":
        generate(paths)


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ('    objective: "Un\\u2028deux"\n', "interventions[0].objective"),
        ('    indicators: [Un, "De\\u2029ux"]\n', "interventions[0].indicators[1]"),
    ],
)
def test_an_objective_or_indicator_a_catalogue_cannot_carry_is_refused_when_offered(
    make_project: Callable[..., Paths], line: str, where: str
) -> None:
    files = {"content/scenarios/m1.yaml": SCENARIO + line}
    paths = make_project({PROJECT: "title: T\nlicence: CC-BY-4.0\n", **files})
    with pytest.raises(ContentError) as caught:
        generate(paths)
    shown = [f"{p.file} {p.field}: {p.message}" for p in caught.value.problems]
    expected = f"content/scenarios/m1.yaml {where}: a control character (U+202"
    assert any(s.startswith(expected) for s in shown), shown
    (paths.content / "project.yaml").write_text("title: T\n")  # nothing offered: it builds
    generate(paths)


def test_line_ends_are_published_as_newlines(make_project: Callable[..., Paths]) -> None:
    body = b"## Message\r\n\r\nBonjour,\r\nmerci\r\n"
    paths = make_project(
        {PROJECT: "title: T\nlicence: CC0-1.0\n", "content/scenarios/m1/I1.md": body}
    )
    generate(paths)
    item = published(paths)["interventions"][0]
    assert item["body"] == "## Message\n\nBonjour,\nmerci\n"
    assert item["digest"] == recomputed(item)


def test_hand_written_pages_cannot_take_the_catalogue_s_paths(
    make_project: Callable[..., Paths],
) -> None:
    paths = make_project({"content/pages/catalogue.json": "{}", "content/pages/catalogue.md": "x"})
    with pytest.raises(ContentError) as caught:
        check(paths)
    refused = {p.file for p in caught.value.problems if "generated handbook uses" in p.message}
    assert refused == {"content/pages/catalogue.json", "content/pages/catalogue.md"}


# --- markup is data ----------------------------------------------------------------------

TITLE = "<script>alert('t1')</script> & \"Relancer\" </textarea>"
BODY = "## Étapes\n\n<img src=x onerror=alert('b1')>\n\n<script>alert('b2')</script>\n"


def test_markup_in_titles_and_bodies_is_published_as_data_and_the_page_is_sanitised(
    make_project: Callable[..., Paths],
) -> None:
    scenario = SCENARIO.replace("title: Accueillir", f"title: {json.dumps(TITLE)}")
    scenario = scenario.replace("minutes: 5", "minutes: 5\n    support_plans: [cognitive]")
    paths = make_project(
        {
            PROJECT: f"title: T\nlicence: CC-BY-SA-4.0\nauthors: [{json.dumps(TITLE)}]\n",
            "content/scenarios/m1.yaml": scenario,
            "content/scenarios/m1/I1.md": BODY,
        }
    )
    generate(paths)
    raw = (paths.out / "docs" / "catalogue.json").read_text("utf-8")
    assert not {"<", ">", "&"} & set(raw), "markup characters are escaped as \\u003c..."
    data = json.loads(raw)
    validates(data)
    item = data["interventions"][0]
    assert (item["title"], item["body"], data["authors"]) == (TITLE, BODY, [TITLE])
    assert item["digest"] == recomputed(item)
    engine.build_site(paths.config, paths.site)
    page = (paths.site / "catalogue" / "index.html").read_text("utf-8")
    # as text (set as the handbook's text: typographic apostrophes)...
    assert "&#60;script&#62;alert(’t1’)&#60;/script&#62; &#38;" in page
    assert "<script>alert" not in page and "</textarea>" not in page  # ...never as markup
    sheet = (paths.site / "scenarios" / "m1" / "I1" / "index.html").read_text("utf-8")
    assert " onerror=" not in sheet.replace("&lt;img src=x onerror=", "")
    assert "<script>alert" not in sheet


# --- the licence table -------------------------------------------------------------------

RULES = [
    # (source, the handbook's own licence, changed, refusals)
    ("CC-BY-4.0", "CC0-1.0", True, ()),
    ("CC-BY-4.0", None, True, ()),
    ("CC-BY-ND-4.0", "CC-BY-4.0", False, ()),
    ("CC-BY-ND-4.0", "CC-BY-4.0", True, (Refusal.NO_DERIVATIVES,)),
    ("CC-BY-SA-4.0", "CC-BY-SA-4.0", True, ()),
    ("CC-BY-SA-4.0", "GPL-3.0-only", True, ()),
    ("CC-BY-SA-4.0", "CC-BY-4.0", True, (Refusal.SHARE_ALIKE,)),
    ("CC-BY-SA-4.0", "CC-BY-SA-3.0", False, (Refusal.SHARE_ALIKE,)),
    ("CC-BY-SA-4.0", None, False, (Refusal.SHARE_ALIKE,)),
    ("CC-BY-SA-3.0", "CC-BY-SA-4.0", True, ()),
    ("CC-BY-NC-SA-3.0", "CC-BY-NC-SA-4.0", True, ()),
    ("CC-BY-NC-SA-4.0", "CC-BY-SA-4.0", True, (Refusal.SHARE_ALIKE, Refusal.NON_COMMERCIAL)),
    ("CC-BY-NC-4.0", "CC-BY-4.0", False, (Refusal.NON_COMMERCIAL,)),
    ("CC-BY-NC-4.0", "MIT", False, (Refusal.NON_COMMERCIAL,)),
    ("CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", True, ()),
    ("CC-BY-NC-4.0", None, True, ()),
    ("CC-BY-NC-ND-3.0", "CC-BY-NC-4.0", True, (Refusal.NO_DERIVATIVES,)),
]


@pytest.mark.parametrize(("source", "own", "changed", "expected"), RULES)
def test_the_licence_rules(
    source: str, own: str | None, changed: bool, expected: tuple[Refusal, ...]
) -> None:
    mine = LICENCES[own] if own is not None else None
    found = licences.refusals(LICENCES[source], mine, changed=changed)
    assert found == expected
    for refusal in found:  # each refusal explained, naming the source's licence
        assert LICENCES[source].short in licences.explain(refusal, LICENCES[source], mine)


def test_the_table_names_cc_licences_as_cc_does() -> None:
    by_sa = LICENCES["CC-BY-SA-4.0"]
    assert (by_sa.short, by_sa.url) == (
        "CC BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    )
    assert {"CC0-1.0", "MIT", "Apache-2.0", "CC-BY-NC-ND-3.0"} <= set(LICENCES)
    assert len([i for i in LICENCES if i.startswith("CC-BY")]) == 12


ids = st.sampled_from(sorted(LICENCES))


@given(source=ids, own=st.one_of(st.none(), ids), changed=st.booleans())
def test_refusals_follow_the_licences_properties(
    source: str, own: str | None, changed: bool
) -> None:
    s, o = LICENCES[source], (LICENCES[own] if own is not None else None)
    found = set(licences.refusals(s, o, changed=changed))
    assert (Refusal.NO_DERIVATIVES in found) == (s.no_derivatives and changed)
    assert (Refusal.NON_COMMERCIAL in found) == (
        s.non_commercial and o is not None and not o.non_commercial
    )
    if s.share_alike and o is not None and o.id == s.id:
        assert Refusal.SHARE_ALIKE not in found  # a share-alike licence allows itself
    if not (s.share_alike or s.non_commercial or (s.no_derivatives and changed)):
        assert not found  # BY, CC0 and the permissive licences allow any reuse


@given(licence=ids, case=st.sampled_from([str.lower, str.upper, lambda t: t]))
def test_every_id_and_short_name_is_suggested_back(
    licence: str, case: Callable[[str], str]
) -> None:
    assert licences.suggestion(case(licence)) == licence
    assert licences.suggestion(LICENCES[licence].short) == licence


# --- a new project -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_new_project_offers_nothing_until_its_licence_line_is_uncommented(
    tmp_path: Path, lang: str
) -> None:
    target = tmp_path / "manuel"
    result = CliRunner().invoke(main, ["new", str(target), "--lang", lang])
    assert result.exit_code == 0, result.output
    shipped = (target / "schemas" / "catalogue.schema.json").read_text("utf-8")
    assert shipped == schema.dump(schema.catalogue(lang))
    project = target / "content" / "project.yaml"
    text = project.read_text("utf-8")
    assert "\n# licence: CC-BY-SA-4.0\n" in text and "\n# authors: [" in text
    paths = Paths.of(target)
    generate(paths)
    assert published(paths)["offered"] is False
    project.write_text(text.replace("# licence:", "licence:").replace("# authors:", "authors:"))
    generate(paths)
    data = published(paths)
    validates(data)
    assert data["offered"] is True and data["interventions"] and len(data["authors"]) == 1
    assert (paths.out / "docs" / "catalogue.schema.json").read_text("utf-8") == shipped
