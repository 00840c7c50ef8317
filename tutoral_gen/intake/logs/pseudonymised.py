"""A copy of an export that an auditor may have: the same events, no one recognisable.

Names become stable pseudonyms everywhere they occur (the name columns, the event context such
as ``User: Zoé N'Diaye``, any other text), user ids are replaced by consistent new ids (in the
descriptions, the id columns, the statements' accounts), IP addresses and e-mail addresses are
removed, and free text that may quote people (a post's content in the standard log's ``other``,
an xAPI statement's result) is left out. The accounts the project declares keep theirs, so the
copy gives the same figures (:mod:`~tutoral_gen.domain.pseudonyms`).

Moodle's downloads (CSV, Excel, JSON) are copied as its CSV download, the standard log table as
CSV, xAPI statements as JSON lines.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ...source import exports
from ..found import Found
from ..people.pseudonyms import Pseudonyms
from . import rows, xapi
from .descriptions import describe
from .moodle import person, unquoted
from .standard import discussion

_USER_ID = re.compile(r"(user with id ')(-?\d+)(')")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def names(part: rows.Part, found: Found) -> dict[str, set[str]]:
    """First pass: user id -> the names the export gives them."""
    out: dict[str, set[str]] = {}
    kind = part.sniffed.format
    if kind == "xapi":
        for _, statement in rows.statements(part, found):
            data = statement.get("statement", statement) if isinstance(statement, dict) else {}
            user, name = xapi.person(data.get("actor") if isinstance(data, dict) else None)
            if user is not None:
                out.setdefault(user, set()).update([name] if name else [])
        return out
    if kind.startswith("standard-log"):
        return out
    download = rows.download(part, found)
    if download is None:
        return out
    where, cells = download.columns, download.rows
    need = max(where[c] for c in ("name", "affected", "description") if c in where)
    for _, row in cells:
        if len(row) <= need:
            continue
        said = describe(row[where["description"]])
        name = person(row[where["name"]])
        if said.actor is not None:
            out.setdefault(said.actor, set()).update([name] if name else [])
        affected = person(row[where["affected"]]) if "affected" in where else None
        if said.related is not None:
            out.setdefault(said.related, set()).update([affected] if affected else [])
    return out


class Scrubber:
    """Replaces every known name and user id in a text."""

    def __init__(self, pseudonyms: Pseudonyms) -> None:
        self.p = pseudonyms
        shown = sorted(
            (n for n, new in pseudonyms.by_name.items() if n != new), key=len, reverse=True
        )
        self._names = re.compile("|".join(re.escape(n) for n in shown)) if shown else None

    def text(self, value: str) -> str:
        value = _USER_ID.sub(lambda m: m.group(1) + self.p.user(m.group(2)) + m.group(3), value)
        if self._names is not None:
            value = self._names.sub(lambda m: self.p.by_name[m.group(0)], value)
        return _EMAIL.sub("", value)

    def name(self, cell: str) -> str:
        name = person(cell)
        if name is None:
            return cell
        if " as " in name or " en tant que " in name:  # logged in as someone else
            return self.text(unquoted(cell.strip()))
        return self.p.name(name)


def download(part: rows.Part, scrub: Scrubber, found: Found) -> Iterator[str]:
    """Moodle's download, copied as its CSV download (UTF-8 with a BOM, commas)."""
    read = rows.download(part, found)
    if read is None:
        return
    header, where, cells = read.header, read.columns, read.rows
    if part.sniffed.format == "moodle-json":  # its keys (``userfullname``) head no CSV download
        labels = dict(zip(exports.MOODLE, exports.MOODLE_HEADER.split(", "), strict=False))
        at = {n: c for c, n in where.items()}
        header = [labels.get(at.get(n, ""), key) for n, key in enumerate(header)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    yield "\ufeff" + _flush(out)
    names = {where[c] for c in ("name", "affected") if c in where}
    removed = {where[c] for c in ("ip",) if c in where}
    for _, row in cells:
        writer.writerow(
            "" if n in removed else scrub.name(cell) if n in names else scrub.text(cell)
            for n, cell in enumerate(row)
        )
        if out.tell() > 1 << 20:
            yield _flush(out)
    yield _flush(out)


def standard(part: rows.Part, scrub: Scrubber, found: Found) -> Iterator[str]:
    """The standard log table, copied as CSV with its columns."""
    out = io.StringIO()
    writer: Any = None
    for _, row in rows.table(part, found):
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
            writer.writeheader()
        copy = dict(row)
        for column in ("userid", "relateduserid", "realuserid"):
            if copy.get(column) not in (None, ""):
                copy[column] = scrub.p.user(str(copy[column]).strip())
        if "ip" in copy:
            copy["ip"] = ""
        if "other" in copy:
            copy["other"] = _other(str(copy["other"] or ""))
        writer.writerow(copy)
        if out.tell() > 1 << 20:
            yield _flush(out)
    yield _flush(out)


def _other(other: str) -> str:
    """The standard log's ``other`` reduced to what the readers use, never a text."""
    found = discussion(other) if "discussionid" in other else None
    return json.dumps({"discussionid": found}) if found is not None else "null"


def statements(part: rows.Part, scrub: Scrubber, found: Found) -> Iterator[str]:
    """xAPI statements, copied as JSON lines."""
    for _, item in rows.statements(part, found):
        if isinstance(item, dict):
            yield (
                json.dumps(_statement(item.get("statement", item), scrub), ensure_ascii=False)
                + "\n"
            )


def _agent(agent: Any, scrub: Scrubber) -> Any:
    user, _ = xapi.person(agent)
    if user is None or not isinstance(agent, dict):
        return agent
    account = agent.get("account")
    home = account.get("homePage", "") if isinstance(account, dict) else ""
    new = scrub.p.user(user) if user.isdigit() else scrub.p.person(user).split()[-1]
    copy: dict[str, Any] = {"account": {"homePage": home, "name": new}}
    if agent.get("name"):
        copy["name"] = (
            scrub.p.name(agent["name"]) if user not in scrub.p.kept_ids else agent["name"]
        )
    return copy


def _statement(statement: Any, scrub: Scrubber) -> Any:
    if not isinstance(statement, dict):
        return statement
    copy = {k: v for k, v in statement.items() if k not in ("result", "authority", "attachments")}
    copy["actor"] = _agent(statement.get("actor"), scrub)
    obj = copy.get("object")
    if isinstance(obj, dict) and isinstance(obj.get("definition"), dict):
        copy["object"] = {
            **obj,
            "definition": {k: v for k, v in obj["definition"].items() if k != "description"},
        }
    context = copy.get("context")
    if isinstance(context, dict) and isinstance(context.get("extensions"), dict):
        extensions = {
            k: _agent(v, scrub) if k == xapi.TO else v for k, v in context["extensions"].items()
        }
        copy["context"] = {**context, "extensions": extensions}
    return copy


def _flush(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def copy(part: rows.Part, scrub: Scrubber, found: Found) -> Iterable[str]:
    """The pseudonymised copy of one export, in pieces of text."""
    kind = part.sniffed.format
    if kind == "xapi":
        return statements(part, scrub, found)
    if kind.startswith("standard-log"):
        return standard(part, scrub, found)
    return download(part, scrub, found)
