"""The catalogue the handbook publishes (``catalogue.json``, its JSON Schema) and the page that
presents it to readers: the interventions offered, by support plan and function, with the
licence they are offered under.

The JSON carries titles and bodies as written (:attr:`Context.source`), as data: every ``<``,
``>`` and ``&`` is written ``\\u003c``, ``\\u003e``, ``\\u0026``, so that no text of it reads as
markup wherever it lands; the page shows them escaped like any other page.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..domain import catalogue as model
from ..domain import licences
from ..domain.scenario import Intervention, Scenario, SupportPlan
from . import urls
from .context import Context, Part


@dataclass(frozen=True, slots=True)
class Publication:
    """What the catalogue says of the published handbook, known outside ``content/``."""

    site_url: str | None = None
    """Where the handbook is published (``mkdocs.yml``'s ``site_url``), or None."""
    version: str | None = None
    """The handbook's version (``git describe``), or None."""
    schema: str | None = None
    """The text of ``catalogue.schema.json``, published beside the catalogue; None: not."""


def pages(ctx: Context, publication: Publication) -> Part:
    """The catalogue's page, the catalogue and its schema."""
    part = Part()
    items: list[dict[str, Any]] = []
    for s in ctx.source.scenarios:
        # A scenario the memo holds unchanged gives its items as they were made (the site's
        # address is part of the name: the items' pages depend on it).
        name = f"catalogue {publication.site_url}"
        items += ctx.share(s, name, functools.partial(_items, ctx, s, publication))
    data = model.catalogue(ctx.source, publication.site_url, publication.version, tuple(items))
    part.files[urls.CATALOGUE_JSON] = as_json(data.data()).encode()
    if publication.schema is not None:
        part.files[urls.CATALOGUE_SCHEMA] = publication.schema.encode()
    text = page(ctx, data)
    part.nav = [part.add(urls.CATALOGUE, ctx.t["catalogue"], text, wide=True)]
    return part


def _items(ctx: Context, s: Scenario, publication: Publication) -> tuple[dict[str, Any], ...]:
    return model.scenario_items(ctx.source, s, sheet_address(publication.site_url))


def sheet_address(site_url: str | None) -> Callable[[Scenario, Intervention], str]:
    """Where the catalogue says an intervention's sheet is: its page as the site serves it,
    under ``site_url`` (a path of the site without one)."""

    def address(owner: Scenario, i: Intervention) -> str:
        path = urls.sheet(owner.id, i.id)[: -len(".md")] + "/"
        return site_url.rstrip("/") + "/" + path if site_url else path

    return address


def as_json(data: dict[str, Any]) -> str:
    """JSON text (UTF-8) where no string can be read as markup: ``<`` ``>`` ``&`` and the line
    separators U+2028/2029 are escaped (the same data to a JSON reader). One line per
    intervention, so that a change shows as a line in a diff: not indented further, json's C
    encoder writes 5,000 of them at least twice as fast."""
    head = {k: v for k, v in data.items() if k != "interventions"}
    items = [json.dumps(i, ensure_ascii=False, allow_nan=False) for i in data["interventions"]]
    listed = "\n" + ",\n".join(items) + "\n" if items else ""
    text = json.dumps(head, ensure_ascii=False, allow_nan=False)[:-1]
    text += f', "interventions": [{listed}]}}'
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text + "\n"


def page(ctx: Context, data: model.Catalogue) -> str:
    """The page: the licence and authors, the download, then the offered interventions by
    support plan (each with the functions of the role that carries it)."""
    licence = licences.known(data.licence) if data.licence is not None else None
    offered = {i["id"] for i in data.interventions}
    names = {f.id: f.title for f in ctx.project.matrix.functions}
    plans: list[dict[str, Any]] = []
    for plan in (*SupportPlan, None):
        rows = [
            _row(ctx, s, i, names)
            for s in ctx.project.scenarios
            for i in s.interventions
            if i.id in offered and ((plan in i.support_plans) if plan else not i.support_plans)
        ]
        if rows:
            title = ctx.t["plans"][plan.value] if plan else ctx.t["catalogue_no_plan"]
            plans.append({"title": title, "rows": rows, "scenarios": _counts(ctx, rows)})
    return ctx.render(
        "catalogue.md.j2",
        urls.CATALOGUE,
        licence=licence,
        authors=data.authors,
        plans=plans,
        download=urls.CATALOGUE_JSON,
        large=ctx.volumes,
    )


def _counts(ctx: Context, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A large handbook's plan, scenario by scenario (how many it offers, and its page): no
    page lists every sheet, so that an edit of a sheet reaches a few pages only."""
    if not ctx.volumes:
        return []
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = out.setdefault(row["scenario_id"], {"title": row["scenario"], "count": 0})
        entry["count"] += 1
        entry["link"] = urls.relative(urls.CATALOGUE, urls.scenario(row["scenario_id"]))
    return list(out.values())


def _row(ctx: Context, s: Scenario, i: Intervention, names: dict[str, str]) -> dict[str, Any]:
    """A row of the page; ``names``: each function's name, by id."""
    role = ctx.roles.get(i.role)
    functions = [names.get(f, f) for f in role.functions] if role is not None else []
    return {
        "id": i.id,
        "title": i.title,
        "link": ctx.sheet_link(urls.CATALOGUE, i.id),
        "scenario": s.title,
        "scenario_id": s.id,
        "kind": ctx.t["kinds"][i.kind.value],
        "role": role.title if role is not None else i.role,
        "functions": functions,
    }
