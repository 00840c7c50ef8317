"""``charter.yaml``, ``training.yaml``, ``communities/`` and ``economics.yaml`` to the model."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..domain.diffusion import (
    Channel,
    Charter,
    Community,
    Diffusion,
    Meeting,
    Request,
    Scaling,
    TrainingModule,
)
from ..domain.scenario import Scenario
from ..errors import Problem
from .declared import Declared, ids_of, objective_id
from .fields import (
    Field,
    Invalid,
    Reader,
    Record,
    Records,
    identifier,
    listed,
    nested,
    positive_int,
    positive_number,
    span,
    text,
    title,
)
from .files import Content, Document
from .when import date_value
from .words import suggest

texts = listed(text, single_ok=True)

CHARTER = {
    "title": Field(title, "the charter's title", required=True),
    "values": Field(texts, "the tutoring strategy and its values"),
    "response_hours": Field(span, "response time in hours: a number or [24, 72]"),
    "availability": Field(text, "when tutors can be reached"),
    "tutors_do": Field(texts, "what tutors do"),
    "tutors_do_not": Field(texts, "what tutors do not do"),
    "learners_do": Field(texts, "what is expected of learners"),
    "reporting": Field(texts, "the tutors' reporting duties"),
    "institution": Field(texts, "the institution's commitments"),
}
CHANNEL = {
    "id": Field(identifier, "the channel's id, used by interventions' 'channel:'", True),
    "title": Field(title, "the channel's name", True),
    "description": Field(text, "what it is for"),
}
REQUEST = {
    "kind": Field(title, "the kind of request", True),
    "channel": Field(identifier, "the id of a channel above", True),
    "response_hours": Field(span, "response time in hours: a number or [min, max]"),
}

MODULE = {
    "id": Field(identifier, "the module's id", True),
    "title": Field(title, "the module's title", True),
    "minutes": Field(positive_number, "its length in minutes", True),
    "objectives": Field(texts, "what the tutors will be able to do"),
    "roles": Field(listed(identifier, single_ok=True), "role ids it prepares"),
    "matrix": Field(listed(objective_id, single_ok=True), "ids of generic tutoring objectives"),
}
CHARTER |= {
    "channels": Field(
        nested, "the communication channels: id, title, description", shape=Records(CHANNEL)
    ),
    "requests": Field(
        nested, "kinds of request: kind, channel, response_hours", shape=Records(REQUEST)
    ),
}
TRAINING = {"modules": Field(nested, "the modules of the programme", True, Records(MODULE))}
COMMUNITY = {
    "title": Field(title, "the community's name", True),
    "members": Field(listed(identifier, single_ok=True), "role ids of its members"),
    "rhythm": Field(text, "how often it meets"),
    "resources": Field(texts, "shared resources"),
}
MEETING = {
    "title": Field(title, "the meeting's title", True),
    "agenda": Field(texts, "the agenda"),
}
SCALING = {
    "from": Field(positive_int, "fewest learners", True),
    "to": Field(positive_int, "most learners", True),
    "step": Field(positive_int, "step between two rows", True),
}
ECONOMICS = {"learners": Field(nested, "scaling: {from, to, step}", True, Record(SCALING))}


def _known(
    read: Reader,
    path: tuple[str | int, ...],
    values: Iterable[str],
    options: Iterable[str] | None,
    what: str,
) -> None:
    for n, value in enumerate(values):
        read.known((*path, n), value, options, what)


def diffusion(
    content: Content,
    reader: Callable[[Document], Reader],
    declared: Declared,
    scenarios: list[Scenario],
) -> Diffusion | None:
    """The charter and the diffusion plan; None when the project has none of them.

    ``scenarios`` are the valid ones, whose channels the charter should list (warnings).
    """
    charter = _charter(content, reader, scenarios)
    training = _training(content, reader, declared.roles, declared.objectives)
    communities = _communities(content, reader, declared.roles)
    scaling = _scaling(content, reader)
    if charter is None and not training and not communities and scaling is None:
        return None
    return Diffusion(charter=charter, training=training, communities=communities, scaling=scaling)


def _charter(
    content: Content, reader: Callable[[Document], Reader], scenarios: list[Scenario]
) -> Charter | None:
    doc = content.yaml.get("charter.yaml")
    if doc is None or doc.data is None:
        return None
    read = reader(doc)
    raw = read.record(doc.data, (), CHARTER, partial=True)
    if raw is None:
        return None
    raw_channels = raw.pop("channels", None)
    channels = [Channel(**c) for _, c in read.records(raw_channels, ("channels",), CHANNEL)]
    ids = list(ids_of(raw_channels))
    requests = []
    for index, r in read.records(raw.pop("requests", None), ("requests",), REQUEST):
        read.known(("requests", index, "channel"), r["channel"], ids, "channel")
        if r["channel"] in ids:
            requests.append(Request(**r))
    for scenario in scenarios:  # each intervention's channel must be one the charter commits to
        for index, item in enumerate(scenario.interventions):
            if item.channel is not None and item.channel not in ids:
                kind = "reactive " if item.mode.value != "proactive" else ""
                message = (
                    f"the {kind}intervention uses channel {item.channel!r}, which the charter"
                    f" does not list{suggest(item.channel, ids)}"
                )
                at = ("interventions", index, "channel")
                read.problems.append(Problem(scenario.source, message, at, severity="warning"))
    if "title" not in raw or any(p.severity == "error" for p in read.problems):
        return None
    return Charter(
        **raw,
        channels=tuple(channels),
        requests=tuple(requests),
        tutors_text=content.markdown.get("charter/tutors.md"),
        learners_text=content.markdown.get("charter/learners.md"),
    )


def _training(
    content: Content,
    reader: Callable[[Document], Reader],
    roles: Iterable[str] | None,
    objectives: Iterable[str],
) -> tuple[TrainingModule, ...]:
    doc = content.yaml.get("training.yaml")
    bodies = {
        rel[len("training/") : -3]: md
        for rel, md in content.markdown.items()
        if rel.startswith("training/")
    }
    if doc is None or doc.data is None:
        return ()
    read = reader(doc)
    top = read.record(doc.data, (), TRAINING)
    modules = []
    seen: dict[str, str] = {}  # lower-cased: a module's id names its page
    for index, m in read.records(top["modules"] if top else None, ("modules",), MODULE):
        if m["id"].lower() in seen:
            also = seen[m["id"].lower()]
            read.problem(
                ("modules", index, "id"), f"duplicate module id {m['id']!r} (also {also!r})"
            )
        seen[m["id"].lower()] = m["id"]
        _known(read, ("modules", index, "roles"), m.get("roles", ()), roles, "role")
        _known(read, ("modules", index, "matrix"), m.get("matrix", ()), objectives, "objective")
        modules.append(TrainingModule(**m, body=bodies.pop(m["id"], None)))
    for name in bodies:
        read.problem(
            (), f"training/{name}.md matches no module{suggest(name, [m.id for m in modules])}"
        )
    return tuple(modules)


def _communities(
    content: Content, reader: Callable[[Document], Reader], roles: Iterable[str] | None
) -> tuple[Community, ...]:
    out = []
    seen: dict[str, str] = {}
    for rel in sorted(
        r for r in content.yaml if r.startswith("communities/") and r.count("/") == 1
    ):
        doc = content.yaml[rel]
        community_id = rel.split("/")[1].rsplit(".", 1)[0]
        if doc.data is None:
            continue
        read = reader(doc)
        try:
            identifier(community_id)
        except Invalid:
            read.problem((), f"the file name {community_id!r} must be an id")
            continue
        if community_id.lower() in seen:  # its id names a folder of pages
            read.problem(
                (), f"duplicate community id {community_id!r} (also {seen[community_id.lower()]})"
            )
            continue
        seen[community_id.lower()] = doc.rel
        raw = read.record(doc.data, (), COMMUNITY)
        if raw is None:
            continue
        _known(read, ("members",), raw.get("members", ()), roles, "role")
        meetings = []
        prefix = f"communities/{community_id}/"
        for meeting_rel in sorted(r for r in content.markdown if r.startswith(prefix)):
            meeting_doc = content.yaml[meeting_rel]
            if meeting_doc.data is None:
                continue
            meeting_read = reader(meeting_doc)
            name = meeting_rel[len(prefix) : -3]
            try:
                date = date_value(name)
            except Invalid:
                meeting_read.problem(
                    (), f"the file name {name!r} must be the meeting's date, YYYY-MM-DD"
                )
                continue
            fields = meeting_read.record(meeting_doc.data, (), MEETING)
            if fields is not None:
                meetings.append(Meeting(date=date, notes=content.markdown[meeting_rel], **fields))
        out.append(Community(id=community_id, meetings=tuple(meetings), **raw))
    folders = {r.split("/")[1] for r in content.markdown if r.startswith("communities/")}
    for folder in sorted(folders - {c.id for c in out}):
        if f"communities/{folder}.yaml" not in content.yaml:
            message = f"no communities/{folder}.yaml describes this community"
            content.problems.append(Problem(f"{content.prefix}communities/{folder}/", message))
    return tuple(out)


def _scaling(content: Content, reader: Callable[[Document], Reader]) -> Scaling | None:
    doc = content.yaml.get("economics.yaml")
    if doc is None or doc.data is None:
        return None
    read = reader(doc)
    top = read.record(doc.data, (), ECONOMICS)
    raw: Any = read.record(top["learners"], ("learners",), SCALING) if top else None
    if raw is None:
        return None
    if (raw["to"] - raw["from"]) // raw["step"] >= 100:
        read.problem(
            ("learners", "step"),
            "expected at most 100 rows (from, to and step),"
            f" found {(raw['to'] - raw['from']) // raw['step'] + 1}",
        )
        return None
    if raw["to"] < raw["from"]:
        read.problem(
            ("learners", "to"),
            f"expected 'to' of at least 'from' ({raw['from']}), found {raw['to']}",
        )
        return None
    return Scaling(start=raw["from"], stop=raw["to"], step=raw["step"])
