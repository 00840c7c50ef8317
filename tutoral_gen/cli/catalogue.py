"""``tutoral catalogue``: the catalogues of other handbooks this one reuses."""

from __future__ import annotations

from pathlib import Path

import click

from ..clock import today
from ..errors import TutoralError
from .shared import PROJECT, fail, paths_of


@click.group(name="catalogue")
def catalogue_command() -> None:
    """Reuse interventions of other handbooks: project.yaml names their catalogues
    (catalogues: {NAME: {url: https://.../catalogue.json}} or {path: ...}), a scenario's
    intervention says from: NAME:ID."""


@catalogue_command.command(name="update")
@click.argument("name", required=False)
@click.option("--dry-run", is_flag=True, help="Print what changed upstream; write nothing.")
@PROJECT
def update_command(name: str | None, dry_run: bool, root: Path) -> None:
    """Fetch the catalogue NAME (default: every one), check it, print what changed upstream
    in the items this handbook reuses and what it does to the figures, then vendor it in
    content/catalogues/NAME.json, pinned by content/catalogues/lock.yaml. The build reads only
    these copies and never the network.

    \b
    Examples:
      tutoral catalogue update --dry-run
      tutoral catalogue update tad
    """
    from ..commands import catalogue  # the network adapter, loaded when this command runs

    try:
        lines = catalogue.update(paths_of(root), name, today(), dry_run=dry_run)
    except TutoralError as exc:
        fail(exc)
    for line in lines:
        click.echo(line)
