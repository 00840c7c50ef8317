"""The one policy for what content writes into HTML, applied once when rendering starts.

Text from YAML is escaped where it lands (the ``md`` filter, :func:`markup.escape_md`); every
Markdown body of the model (sheets, the charter's two texts, training modules, findings,
meeting notes) is replaced here by its sanitised form, unless ``raw_html: true``. Templates, a
project's own overrides included, never see a raw body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..domain.audit import Audit
from ..domain.diffusion import Diffusion
from ..domain.project import Project
from ..domain.scenario import Scenario
from ..typography import Typography
from .markup import body_markdown

Clean = Callable[[str | None], str | None]


def sanitised(project: Project, typography: Typography) -> Project:
    """The project with every Markdown body sanitised and set (as it is, with ``raw_html:
    true``, but for the bodies reused from another handbook's catalogue: those are never
    trusted)."""

    def clean(text: str | None) -> str | None:
        return None if text is None else body_markdown(text, typography)

    if project.raw_html:
        scenarios = tuple(_scenario(s, clean, True) for s in project.scenarios)
        return replace(project, scenarios=scenarios)
    return replace(
        project,
        scenarios=tuple(_scenario(s, clean) for s in project.scenarios),
        diffusion=_diffusion(project.diffusion, clean),
        audit=_audit(project.audit, clean),
    )


def _scenario(s: Scenario, clean: Clean, reused_only: bool = False) -> Scenario:
    items = tuple(
        i
        if i.body is None or (reused_only and i.provenance is None)
        else replace(i, body=clean(i.body))
        for i in s.interventions
    )
    return replace(s, interventions=items)


def _diffusion(d: Diffusion | None, clean: Clean) -> Diffusion | None:
    if d is None:
        return None
    charter = d.charter
    if charter is not None:
        charter = replace(
            charter,
            tutors_text=clean(charter.tutors_text),
            learners_text=clean(charter.learners_text),
        )
    training = tuple(replace(m, body=clean(m.body)) for m in d.training)
    communities = tuple(
        replace(c, meetings=tuple(replace(m, notes=clean(m.notes) or "") for m in c.meetings))
        for c in d.communities
    )
    return replace(d, charter=charter, training=training, communities=communities)


def _audit(a: Audit | None, clean: Clean) -> Audit | None:
    if a is None:
        return None
    return replace(a, findings=tuple(replace(f, body=clean(f.body) or "") for f in a.findings))
