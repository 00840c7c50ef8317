"""What the last render made of each scenario, to skip the scenarios an edit did not touch.

A scenario's pages (its overview, its sheets, its print volume) show the scenario, its figures,
the radars of its interventions and what the whole project shares (roles, norms, system,
language, templates), nothing of the other scenarios: :func:`Memo.key` digests exactly that.
A scenario is read from its file and sheet bodies and checked against what the project shares;
its figures and radars are computed from it and from what the project shares. So when the
digest of its sources is known (:attr:`Memo.sources`), the key is that digest and the shared
one, and nothing is pickled. Otherwise keys are pickles of the model: different values give
different bytes; equal values give equal bytes whenever the data were read alike (at worst a
scenario is rendered again, never wrongly).
``tutoral serve`` keeps one memo between builds; a large handbook then renders, at each edit, the
scenario that changed and the few pages that sum up every scenario.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.figures import Figures
from ..domain.project import Project
from ..domain.scenario import Scenario
from ..stamps import stamps
from . import nav


@dataclass(frozen=True, slots=True)
class Made:
    """One scenario as rendered."""

    key: bytes
    """Digest of everything its pages show."""
    nav: nav.Section
    """Its entry in the navigation."""
    paths: tuple[str, ...]
    """The docs paths it wrote (left as they are while the key holds)."""
    shares: dict[str, Any] = field(default_factory=dict)
    """Its share of the files that sum up every scenario (its rows of the CSV...), by name."""


@dataclass
class Memo:
    """Per scenario id, what the last render made of it."""

    made: dict[str, Made] = field(default_factory=dict)
    common: bytes = b""
    """The digest of what every scenario's pages share, for the render under way."""
    compiled: dict[str, bytes] = field(default_factory=dict)
    """The templates as Jinja compiled them (a new process need not compile them again)."""
    sources: Mapping[str, bytes] = field(default_factory=dict)
    """Per scenario file, the digest of what it was read from, for the render under way."""

    def begin(self, template_dirs: list[Path], project: Project) -> None:
        """Digest what every scenario shares: the project but its scenarios, the templates."""
        shared = dataclasses.replace(project, scenarios=())
        found = [(str(d.resolve()), sorted(stamps(d).items())) for d in template_dirs]
        self.common = _digest(pickle.dumps((shared, found), protocol=5))
        self.made = {k: v for k, v in self.made.items() if k in {s.id for s in project.scenarios}}

    def key(self, s: Scenario, figures: Figures, radars: tuple[object, ...]) -> bytes:
        source = self.sources.get(s.source)
        if source is not None:
            return _digest(self.common + source)
        parts = (s, figures.scenarios[s.id], radars)
        return _digest(self.common + pickle.dumps(parts, protocol=5))

    def reuse(self, scenario_id: str, key: bytes) -> Made | None:
        made = self.made.get(scenario_id)
        return made if made is not None and made.key == key else None


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()
