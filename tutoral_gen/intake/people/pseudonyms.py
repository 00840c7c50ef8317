"""Stable pseudonyms for the people of a platform's export, so that an auditor can work on a copy.

A person is their user id: their pseudonym and their new id are drawn from it with a keyed hash
(HMAC-SHA256), so that they are the same in every file and every run that uses the same key,
and cannot be turned back into the person without it. The accounts the project itself declares
(its tutors and ignored accounts, named in ``audit.yaml``) keep their names and ids: the copy
then gives the same figures with the same settings.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping

ID_DIGITS = 9
"""Digits of a new user id: a collision among a course's people is a one in a million chance,
and is refused rather than merged."""


class Pseudonyms:
    """Names and ids of one export, and what they become."""

    def __init__(
        self,
        secret: bytes,
        names: Mapping[str, set[str]],
        kept_ids: Iterable[str] = (),
        kept_names: Iterable[str] = (),
    ) -> None:
        """``names``: user id -> the names the export gives them; ``kept_*``: the accounts the
        project declares, which stay as they are."""
        self._secret = secret
        kept = {_folded(n) for n in kept_names}
        self.kept_ids = set(kept_ids) | {
            user for user, found in names.items() if any(_folded(n) in kept for n in found)
        }
        self._ids: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        """Each name -> its pseudonym (a declared account's name -> itself)."""
        taken: dict[str, str] = {}
        for user in sorted(names):
            new = self.user(user)
            if taken.setdefault(new, user) != user:
                raise ValueError(f"two user ids give the pseudonymous id {new}: use another key")
            for name in names[user]:
                self.by_name[name] = name if user in self.kept_ids else self.person(user)

    def _code(self, what: str) -> bytes:
        return hmac.new(self._secret, what.encode(), hashlib.sha256).digest()

    def user(self, user: str) -> str:
        """The new id of a user id (a declared account's id stays)."""
        if user in self.kept_ids or not user.isdigit() or user in ("0", "1"):
            return user
        if user not in self._ids:
            number = int.from_bytes(self._code(f"id:{user}")[:8], "big") % 10 ** (ID_DIGITS - 1)
            self._ids[user] = str(10 ** (ID_DIGITS - 1) + number)
        return self._ids[user]

    def person(self, user: str) -> str:
        """The pseudonym of the person with this user id."""
        code = base64.b32encode(self._code(f"person:{user}")[:5]).decode()[:6]
        return f"Personne {code}"

    def name(self, name: str) -> str:
        """The pseudonym of a name the export gives (one never seen with an id: from the name)."""
        known = self.by_name.get(name)
        if known is not None:
            return known
        code = base64.b32encode(self._code(f"name:{_folded(name)}")[:5])
        return f"Personne {code.decode()[:6]}"


def _folded(name: str) -> str:
    """A name as compared: spaces collapsed, case folded."""
    return " ".join(name.split()).casefold()
