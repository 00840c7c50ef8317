"""Every path of the generated handbook, in one place (inside ``build/docs/``).

Pages and templates ask this module where a page lives and link to it with :func:`relative`;
validation reads :func:`reserved` so that a hand-written page never takes a generated path.
"""

from __future__ import annotations

import datetime
import posixpath

DOCS = "docs"
"""The generated docs folder, inside the output folder."""
CONFIG = "generated.yml"
"""The generated part of the MkDocs configuration (nav, site name, language), which the project's
``mkdocs.yml`` inherits with ``INHERIT: build/generated.yml``."""

HOME = "index.md"
NORMS = "normes.md"
PRINT = "impression.md"
"""The print version: every page of the handbook on one page (of a large handbook, every page
outside the scenarios, the scenarios being printed in volumes: :func:`print_volume`)."""
CSS = "assets/tutoral.css"
JS = "assets/tutoral.js"
"""Names code-block toolbars and makes wide tables keyboard-scrollable (theme markup made at
run time, which Markdown cannot reach)."""
ASSETS = (CSS, JS)
"""Copied from the templates into the docs, as they are; ``mkdocs.yml`` lists them."""
RATE_SCALE = "taux.md"
"""Every scenario's taux tutoral on one scale."""
DASHBOARD = "livrables.md"
"""The deliverables on the course project's phases, with their completeness."""
ATTRIBUTIONS = "attributions.md"
"""The interventions reused from other handbooks, with their sources and licences."""

SYSTEM = "systeme"
SYSTEM_ROLES = f"{SYSTEM}/index.md"
OBJECTIVES = f"{SYSTEM}/objectifs.md"
NEEDS = f"{SYSTEM}/besoins.md"
CONSTRAINTS = f"{SYSTEM}/contraintes.md"

AUDIT = "audit/index.md"
PLAN_ACTUAL = "audit/ecarts.md"
FINDINGS = "audit/constats.md"
GRID = "audit/grille.md"
"""The analysis grid, scored per scenario (a table and a heat map)."""
TRACES = "audit/traces.md"
"""What the platform's traces measured (``content/audit/traces/``)."""

CHARTER_TUTORS = "charte/tuteurs.md"
CHARTER_LEARNERS = "charte/apprenants.md"

TRAINING = "diffusion/formation/index.md"
FOLLOWUP = "diffusion/suivi.md"
ECONOMICS = "diffusion/economie.md"

CATALOGUE = "catalogue.md"
"""The page that presents the catalogue to readers."""
CATALOGUE_JSON = "catalogue.json"
"""What the handbook offers other handbooks, as data, at the site's root (``site/``)."""
CATALOGUE_SCHEMA = "catalogue.schema.json"
"""The JSON Schema the catalogue follows, beside it."""

DOWNLOADS = "telechargements"
"""Folder of the downloadable files."""
INTERVENTIONS_CSV = f"{DOWNLOADS}/interventions.csv"

TOP = (
    HOME,
    NORMS,
    PRINT,
    RATE_SCALE,
    DASHBOARD,
    ATTRIBUTIONS,
    CATALOGUE,
    CATALOGUE_JSON,
    CATALOGUE_SCHEMA,
    "scenarios",
    "assets",
    SYSTEM,
    "audit",
    "charte",
    "diffusion",
    "roles",
    DOWNLOADS,
)
"""The names the generated handbook takes at its root."""


def scenario(scenario_id: str) -> str:
    return f"scenarios/{scenario_id}/index.md"


def sheet(scenario_id: str, item_id: str) -> str:
    """An intervention's sheet (*fiche d'intervention*)."""
    return f"scenarios/{scenario_id}/{item_id}.md"


def print_volume(scenario_id: str) -> str:
    """A scenario's overview and sheets on one page, in a large handbook."""
    return f"{PRINT[:-3]}/{scenario_id}.md"


def followup(scenario_id: str) -> str:
    """A scenario's follow-up tools on a page of their own, in a large handbook."""
    return f"{FOLLOWUP[:-3]}/{scenario_id}.md"


def role(role_id: str) -> str:
    """A role's own handbook ("Ce que je fais")."""
    return f"roles/{role_id}.md"


def guide(guide_id: str) -> str:
    return f"audit/guides/{guide_id}.md"


def results(guide_id: str) -> str:
    """A guide's answers: respondents, rates, counts, charts."""
    return f"audit/resultats/{guide_id}.md"


def feedback_template(guide_id: str) -> str:
    """A guide as a Moodle Feedback template (XML, imported by Feedback > Templates)."""
    return f"{DOWNLOADS}/feedback-{guide_id}.xml"


def answers_csv(guide_id: str) -> str:
    """A guide's blank answers table: one column per question id, for any survey tool."""
    return f"{DOWNLOADS}/reponses-{guide_id}.csv"


def training_module(module_id: str) -> str:
    return f"diffusion/formation/{module_id}.md"


def community(community_id: str) -> str:
    return f"diffusion/communautes/{community_id}/index.md"


def meeting(community_id: str, date: datetime.date) -> str:
    return f"diffusion/communautes/{community_id}/{date.isoformat()}.md"


def calendar(role_id: str) -> str:
    return f"{DOWNLOADS}/{role_id}.ics"


def followup_csv(scenario_id: str) -> str:
    return f"{DOWNLOADS}/suivi-{scenario_id}.csv"


def checklist_csv(scenario_id: str, role_id: str) -> str:
    return f"{DOWNLOADS}/liste-{scenario_id}-{role_id}.csv"


def relative(page: str, target: str) -> str:
    """The link from ``page`` to ``target`` (both handbook paths), as Markdown writes it."""
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    here, there = page.split("/")[:-1], target.split("/")
    if any(part in ("", ".", "..") for part in (*here, *there)):
        return posixpath.relpath(target, posixpath.dirname(page) or ".") + anchor
    # posixpath.relpath resolves both against the working folder: 60,000 links cost a second.
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    if common == len(there):  # the target is a folder above the page
        return posixpath.relpath(target, posixpath.dirname(page) or ".") + anchor
    return "/".join([".."] * (len(here) - common) + there[common:]) + anchor


def reserved() -> tuple[str, ...]:
    """The paths a hand-written page may not take: each root name, and for a page its URL
    folder too (``normes.md`` is served as ``normes/``)."""
    folders = tuple(name[:-3] for name in TOP if name.endswith(".md") and name != HOME)
    return TOP + folders
