"""What lets a second read of ``content/`` skip the scenarios that did not change.

A scenario is a function of its file (path and text), the sheet bodies of its folder and what
any scenario may name: the ids of the roles, norms and objectives, and the norms themselves.
:class:`Known` keeps each scenario that was valid without a word, with the digest of all four
(:func:`.scenarios.fingerprint` digests the first three). The checks across files (an
intervention id used twice, a class named like an intervention) depend on the other files:
:meth:`Known.reuse` makes them again at each read, and a scenario that fails one is validated
again, which reports it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..domain.scenario import Scenario


def digest(data: bytes) -> bytes:
    """A short digest, for keys only (no secret: the caches are sealed apart)."""
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass
class Known:
    """Scenarios a read validated, by file (its path in ``content/``), with the digest they
    were read under.

    The loader keeps one between reads (``tutoral serve``, ``build/.cache/``)."""

    scenarios: dict[str, tuple[bytes, Scenario]] = field(default_factory=dict)

    def reuse(
        self, rel: str, key: bytes, owners: dict[str, str], classes_clash: Mapping[str, str]
    ) -> Scenario | None:
        """The scenario kept for file ``rel`` under ``key``, if it passes the checks across
        files; its interventions then join ``owners`` (lower-cased id -> file)."""
        kept = self.scenarios.get(rel)
        if kept is None or kept[0] != key:
            return None
        s = kept[1]
        ids = [i.id.lower() for i in s.interventions]
        if any(i in owners for i in ids) or any(
            c.id.lower() in classes_clash for c in s.virtual_classes
        ):
            return None
        owners.update(dict.fromkeys(ids, s.source))
        return s

    def keep(self, rel: str, key: bytes, scenario: Scenario | None, clean: bool) -> None:
        """Remember a scenario just validated, if it was valid without a word."""
        if scenario is not None and clean:
            self.scenarios[rel] = (key, scenario)
        else:
            self.scenarios.pop(rel, None)

    def prune(self, files: Mapping[str, object]) -> None:
        """Forget the scenarios of files that are gone."""
        for rel in [r for r in self.scenarios if r not in files]:
            del self.scenarios[rel]
