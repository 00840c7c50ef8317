"""The events of a run gathered by person, before any figure: personal data, in memory only.

A :class:`Tally` is made per export (or per part of a large one, read in parallel) and merged:
parts of one file add up, while overlapping files are united, so that an event present in two
weekly downloads counts once. Each event is kept as a *stamp*, its time and its key packed in one
integer (``time << KEY_BITS | key``), which sorts by time and takes 8 bytes: a semester of a
300-learner course (a million events) holds in a few megabytes.

What is no course activity is left out as it is read, and counted apart (:attr:`Tally.left`):
the events the platform made itself, the site's own events and, when a course is measured, the
other courses' events. Private messages are site events too: they are kept aside until the
course's people are known (:meth:`Tally.admit`), and count where they pass between two of them.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ..logs.events import MESSAGE, PLATFORM, POST, SITE, UNKNOWN, Event

KEY_BITS = 20
"""Bits of an event's key kept in its stamp: two different events of one person in the same
second are told apart but for a chance of one in a million."""
_KEY_MASK = (1 << KEY_BITS) - 1

T = TypeVar("T")

OTHER_COURSES = "other_courses"
"""Why an event is left out: it is another course's (a course is measured)."""
SITE_EVENTS = "site"
"""Why an event is left out: it is the site's (a login, a profile view, a message between
people who are not both the course's...)."""
PLATFORM_MADE = "platform"
"""Why an event is left out: the platform made it (cron, a script, a restore, a notification)."""
REASONS = (OTHER_COURSES, SITE_EVENTS, PLATFORM_MADE)


@dataclass
class Tally:
    """What a run read, by person. Mutable while readers add to it; see :meth:`united`."""

    acts: dict[str, array[int]] = field(default_factory=dict)
    """Per user id: the stamps of everything they did."""
    posts: list[tuple[int, str, str, str]] = field(default_factory=list)
    """Forum posts: (stamp, author id, forum: course-module id or name, discussion id)."""
    messages: list[tuple[int, str, str]] = field(default_factory=list)
    """Private messages: (stamp, sender id, recipient id)."""
    unknown: list[tuple[int, str]] = field(default_factory=list)
    """Events no person could be read from: (stamp, the event's name)."""
    names: dict[str, set[str]] = field(default_factory=dict)
    """Per user id: the full names the export gives them."""
    related: set[str] = field(default_factory=set)
    """User ids that events concern (affected users, recipients)."""
    places: dict[str, str] = field(default_factory=dict)
    """Course-module id -> the activity's name, where the export gives both."""
    courses: dict[str, int] = field(default_factory=dict)
    """Course id -> events naming it (the site's own aside), left out or not."""
    course: str | None = None
    """The course measured: other courses' events are left out. None: every course's kept."""
    left: dict[str, array[int]] = field(default_factory=dict)
    """Per reason (:data:`REASONS`): the stamps of the events left out."""
    site_messages: list[tuple[int, str, str]] = field(default_factory=list)
    """Private messages (site events) until :meth:`admit`: (stamp, sender id, recipient id)."""
    duplicates: int = 0
    """Events found in more than one export, counted once (set by :meth:`united`)."""
    read: int = 0
    """Rows of the exports, before overlapping ones were united (set by :meth:`united`)."""

    @property
    def rows(self) -> int:
        """Rows read (every event, unknown ones included), counted twice when in two exports."""
        return self.read or (
            sum(len(a) for a in self.acts.values())
            + len(self.unknown)
            + sum(len(a) for a in self.left.values())
            + len(self.site_messages)
        )

    def left_out(self) -> dict[str, int]:
        """Per reason (:data:`REASONS`): how many events were left out."""
        return {reason: len(self.left.get(reason, ())) for reason in REASONS}

    def _leave(self, reason: str, stamped: int) -> None:
        stamps = self.left.get(reason)
        if stamps is None:
            stamps = self.left[reason] = array("q")
        stamps.append(stamped)

    def add(self, event: Event) -> None:
        """Count one event."""
        (
            time,
            kind,
            actor,
            name,
            related,
            related_name,
            activity,
            place,
            thread,
            course,
            what,
            key,
        ) = event
        stamped = time << KEY_BITS | (key & _KEY_MASK)
        if course is not None and course != SITE:
            courses = self.courses
            courses[course] = courses.get(course, 0) + 1
            if self.course is not None and course != self.course:
                self._leave(OTHER_COURSES, stamped)
                return
        if kind == PLATFORM:
            self._leave(PLATFORM_MADE, stamped)
            return
        if kind == UNKNOWN or actor is None:
            self.unknown.append((stamped, what))
            return
        if course == SITE:
            if kind == MESSAGE and related is not None:
                self.site_messages.append((stamped, actor, related))
            else:
                self._leave(SITE_EVENTS, stamped)
            return
        acts = self.acts.get(actor)
        if acts is None:
            acts = self.acts[actor] = array("q")
            self.names.setdefault(actor, set())
        acts.append(stamped)
        if name is not None and name not in (names := self.names[actor]):
            names.add(name)
        if related is not None:
            self.related.add(related)
            if related_name is not None:
                self.names.setdefault(related, set()).add(related_name)
        if kind == POST and thread is not None:
            forum = activity if activity is not None else place or ""
            self.posts.append((stamped, actor, forum, thread))
            if activity is not None and place is not None:
                self.places[activity] = place
        elif kind == MESSAGE and related is not None:
            self.messages.append((stamped, actor, related))

    def extend(self, part: Tally) -> None:
        """Add a part of the same export (read in parallel): everything adds up."""
        for actor, stamps in part.acts.items():
            mine = self.acts.get(actor)
            if mine is None:
                self.acts[actor] = stamps
            else:
                mine.extend(stamps)
        self.posts += part.posts
        self.messages += part.messages
        self.unknown += part.unknown
        for reason, stamps in part.left.items():
            self.left.setdefault(reason, array("q")).extend(stamps)
        self.site_messages += part.site_messages
        self._learn(part)

    def _learn(self, other: Tally) -> None:
        """What adds up whether ``other`` is a part of the same export or another export: the
        names, the affected users, the activities' names, the courses named."""
        for actor, names in other.names.items():
            self.names.setdefault(actor, set()).update(names)
        self.related |= other.related
        self.places.update(other.places)
        for course, count in other.courses.items():
            self.courses[course] = self.courses.get(course, 0) + count

    @classmethod
    def united(cls, tallies: Sequence[Tally]) -> Tally:
        """One tally of several exports that may overlap: an event present in several counts
        as many times as in the export that has it most often. Stamps come out sorted."""
        out = cls()
        users = {actor for t in tallies for actor in t.acts}
        for actor in users:
            parts = [t.acts[actor] for t in tallies if actor in t.acts]
            stamps, extra = _union(parts, int)
            out.acts[actor] = array("q", sorted(stamps))
            out.duplicates += extra
        out.posts, _ = _union([t.posts for t in tallies], lambda post: post[:2])
        out.messages, _ = _union([t.messages for t in tallies], lambda message: message[:2])
        out.unknown, extra = _union([t.unknown for t in tallies], lambda event: event[0])
        out.duplicates += extra
        for reason in REASONS:
            stamps, _ = _union([t.left.get(reason, ()) for t in tallies], int)
            if stamps:
                out.left[reason] = array("q", stamps)
        out.site_messages, _ = _union([t.site_messages for t in tallies], lambda m: m[:2])
        out.course = tallies[0].course if tallies else None
        for t in tallies:
            out._learn(t)
            out.read += t.rows
        out.posts.sort()
        out.messages.sort()
        return out

    def admit(self, people: set[str]) -> None:
        """Count the private messages between two of ``people`` (the course's tutors and
        learners) as their acts and as messages; the others are left out as site events."""
        touched = set()
        for stamped, sender, recipient in self.site_messages:
            if sender in people and recipient in people:
                self.acts.setdefault(sender, array("q")).append(stamped)
                self.messages.append((stamped, sender, recipient))
                touched.add(sender)
            else:
                self._leave(SITE_EVENTS, stamped)
        for user in touched:
            self.acts[user] = array("q", sorted(self.acts[user]))
        self.site_messages = []
        self.messages.sort()


def _union(parts: Sequence[Iterable[T]], key: Callable[[T], Hashable]) -> tuple[list[T], int]:
    """The items of ``parts`` with each key as often as in the part that has it most often;
    and how many items that left out."""
    if len(parts) == 1:
        return list(parts[0]), 0
    most: dict[Hashable, list[T]] = {}
    total = 0
    for part in parts:
        seen: dict[Hashable, list[T]] = {}
        for item in part:
            seen.setdefault(key(item), []).append(item)
            total += 1
        for k, items in seen.items():
            if len(items) > len(most.get(k, ())):
                most[k] = items
    out = [item for items in most.values() for item in items]
    return out, total - len(out)
