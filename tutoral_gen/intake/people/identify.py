"""Who is who in a platform's log, and which forum carries which charter channel.

The settings (``traces:`` in ``audit.yaml``) name tutors by their full name as the log shows it
or by ``#id``, the accounts to ignore, and each channel's activity by its course-module id or its
name. A person is a user id, never a name: two learners may share one, so a name that matches
two accounts is refused. Everyone else who acts, or is affected by an event, is a learner.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, replace

from ...domain.traces import MESSAGES, TraceSettings
from .tally import Tally


@dataclass(frozen=True, slots=True)
class Remark:
    """A problem with the settings that the exports revealed (an unknown tutor...)."""

    path: tuple[str | int, ...]
    """Where in ``audit.yaml``, from ``traces``."""
    message: str
    """What is wrong and what to write instead."""
    severity: str = "error"
    """``error`` (nothing is written) or ``warning``."""
    at: str = "value"
    """Whether the key at ``path`` is wrong (an account) or its value."""


@dataclass
class People:
    """Who is who in one tally."""

    tutors: dict[str, str]
    """User id -> role."""
    learners: list[str]
    """User ids, sorted."""
    remarks: list[Remark]
    """What the settings name that the exports contradict."""


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def _resolve(
    account: str, tally: Tally, path: tuple[str | int, ...]
) -> tuple[set[str], Remark | None]:
    """The user ids an account of the settings names."""
    if account.startswith("#"):
        user = account[1:]
        seen = user in tally.acts or user in tally.related
        return {user}, None if seen else Remark(
            path, f"no event of user id {user} in the exports", "warning"
        )
    if not any(tally.names.values()):
        message = f"the exports give no names: write the account {account!r} as '#<user id>'"
        return set(), Remark(path, message)
    wanted = _norm(account)
    ids = {user for user, names in tally.names.items() if any(_norm(n) == wanted for n in names)}
    if len(ids) > 1:
        shown = ", ".join(f"'#{i}'" for i in sorted(ids, key=_numeric))
        return set(), Remark(path, f"{account!r} names {len(ids)} accounts: write one of {shown}")
    if not ids:
        everyone = sorted({n for names in tally.names.values() for n in names})
        close = difflib.get_close_matches(account, everyone, n=1, cutoff=0.8)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return set(), Remark(path, f"no account named {account!r} in the exports{hint}", "warning")
    return ids, None


def _numeric(user: str) -> tuple[int, str]:
    return (int(user), "") if user.lstrip("-").isdigit() else (0, user)


def people(tally: Tally, settings: TraceSettings) -> People:
    """Tutors (user id -> role) and learners: everyone else who acts or is affected."""
    remarks: list[Remark] = []
    tutors: dict[str, str] = {}
    for account, role in settings.tutors.items():
        ids, remark = _resolve(account, tally, ("tutors", account))
        remark = replace(remark, at="key") if remark else None
        remarks += [remark] if remark else []
        for user in ids:
            if tutors.get(user, role) != role:
                message = f"{account!r} is also a tutor of role {tutors[user]!r}"
                remarks.append(Remark(("tutors", account), message))
            tutors[user] = role
    ignored: set[str] = set()
    for n, account in enumerate(settings.ignore):
        ids, remark = _resolve(account, tally, ("ignore", n))
        remarks += [remark] if remark and remark.severity == "error" else []
        ignored |= ids
    everyone = (set(tally.acts) | tally.related) - {"0", "-1", ""}
    learners = sorted(everyone - set(tutors) - ignored, key=_numeric)
    return People(tutors, learners, remarks)


def forums(tally: Tally, settings: TraceSettings) -> tuple[dict[str, str], list[Remark]]:
    """Forum (course-module id, or name where the export has no ids) -> channel id."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for activity_id, name in tally.places.items():
        by_name[_norm(name)].append(activity_id)
    forums: dict[str, str] = {}
    remarks: list[Remark] = []
    posted = {post[2] for post in tally.posts}
    for channel, target in settings.channels.items():
        if target == MESSAGES:
            continue
        if isinstance(target, int):
            forums[str(target)] = channel
            if str(target) not in posted:
                message = f"no forum post in course module {target} in the exports"
                remarks.append(Remark(("channels", channel), message, "warning"))
            continue
        found = by_name.get(_norm(target), [])
        forums.update({activity_id: channel for activity_id in found})
        forums[target] = channel  # exports that give names but no ids
        if not found and target not in posted:
            names = sorted({n for a, n in tally.places.items() if a in posted})
            close = difflib.get_close_matches(target, names, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            message = f"no forum named {target!r} with posts in the exports{hint}"
            remarks.append(Remark(("channels", channel), message, "warning"))
    return forums, remarks
