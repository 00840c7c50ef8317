"""YAML in two speeds: a fast loader for every build, a positional one only to locate problems.

Measured here per 15-key record: ruamel.yaml round-trip ~7 ms, PyYAML on libyaml ~0.4 ms. Every
file goes through the fast loader; only a file with a problem is parsed again by ruamel.yaml's
round-trip loader, which keeps the line and column of every key and value.

Both read YAML 1.2 core scalars (``yes``/``on`` stay strings, ``1:30`` is not 90, dates stay
text), so the two parses agree on the shape of a document.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, SequenceNode

from ..errors import Path_

MAX_FILE_BYTES = 2_000_000
"""A content file larger than this is refused: no handbook source is that big."""
MAX_DEPTH = 100
"""No content file nests deeper; deeper data would exhaust every recursive walk."""
MAX_INT_DIGITS = 18
"""A longer integer stays text (Python refuses to write one of 4,300 digits, and no figure of a
handbook needs it): a number field then says what it expected."""


class YamlSyntaxError(Exception):
    """A file that cannot be read as data, with the 1-based position of the fault."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class _Core12Resolver(yaml.resolver.BaseResolver):
    """The YAML 1.2 core schema's plain scalars, instead of PyYAML's YAML 1.1 ones."""


_IMPLICIT = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]
for _tag, _pattern, _first in _IMPLICIT:
    _Core12Resolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))

try:
    from yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]
except ImportError:  # PyYAML built without libyaml
    _CParser = None  # type: ignore[assignment,misc]
HAS_LIBYAML = _CParser is not None
"""False when PyYAML was built without libyaml: loading then runs in pure Python (slower)."""


class _Refused(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _FastConstructor(yaml.constructor.SafeConstructor):
    """SafeConstructor refusing aliases, and noting duplicate keys instead of hiding them."""

    def __init__(self) -> None:
        super().__init__()
        self.duplicates: list[tuple[str, int, int]] = []

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        # A node met twice is an alias: refusing it stops "billion laughs" before it is walked.
        if node in self.constructed_objects:
            raise _Refused(
                "anchors and aliases (&name, *name, <<) are not allowed", node.start_mark
            )
        return super().construct_object(node, deep)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused("merge keys (<<) are not allowed", key_node.start_mark)
            key = self.construct_object(key_node, deep)
            try:
                duplicate = key in mapping
            except TypeError:
                raise _Refused("a key must be plain text", key_node.start_mark) from None
            if duplicate:  # noted, first value kept: the rest of the file is still checked
                mark = key_node.start_mark
                self.duplicates.append((f"duplicate key {key!r}", mark.line + 1, mark.column + 1))
                continue
            mapping[key] = self.construct_object(value_node, deep)
        return mapping

    def construct_yaml_int(self, node: Any) -> int:
        text = str(self.construct_scalar(node))
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            return text  # type: ignore[return-value]  # kept as written: a validator refuses it
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        return sign * int(digits, 10)


_FastConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:int", _FastConstructor.construct_yaml_int
)
# Timestamps are not resolved implicitly (dates stay text); an explicit !!timestamp is refused.
_FastConstructor.yaml_constructors.pop("tag:yaml.org,2002:timestamp", None)

_Parser: Any = _CParser if _CParser is not None else yaml.parser.Parser


class _FastLoader(_Parser, _FastConstructor, _Core12Resolver):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        if _CParser is None:  # the pure-Python parser needs the other pipeline stages too
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.composer.Composer.__init__(self)
        _FastConstructor.__init__(self)
        _Core12Resolver.__init__(self)


def depth(data: Any) -> int:
    """How deeply lists and mappings nest, walked without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, (list, dict)):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level  # deep enough to refuse: no need to walk the rest
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


_SHALLOW = 5000
"""Fewer brackets and lines than this cannot nest deep enough to matter."""


def _too_deep(text: str) -> bool:
    """Whether the document nests deeper than :data:`MAX_DEPTH`, told from libyaml's events
    (a loop, no recursion) before the C composer, which recurses past Python's limit and
    crashes the process (a segmentation fault at some 50,000 levels of ``[``). Nesting takes
    a bracket or a line a level: a shorter text is not scanned."""
    if text.count("[") + text.count("{") + text.count("\n") < _SHALLOW:
        return False
    level = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                level += 1
                if level > MAX_DEPTH:
                    return True
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                level -= 1
    except yaml.YAMLError:  # the parse that follows locates it
        return False
    return False


def parse(text: str) -> Any:
    """Parse a document that must be clean (shipped data): any duplicate key is an error."""
    data, duplicates = parse_noting(text)
    if duplicates:
        raise YamlSyntaxError(*duplicates[0])
    return data


def parse_noting(text: str) -> tuple[Any, list[tuple[str, int, int]]]:
    """Parse one YAML document fast; also return its duplicate keys (message, line, column).

    Raises :class:`YamlSyntaxError` with a position when the text is not YAML or uses aliases.
    """
    if _too_deep(text):
        raise YamlSyntaxError(f"nested too deeply (more than {MAX_DEPTH} levels)", 1, 1)
    loader = _FastLoader(text)
    try:
        data = loader.get_single_data()
        if depth(data) > MAX_DEPTH:
            raise YamlSyntaxError(f"nested too deeply (more than {MAX_DEPTH} levels)", 1, 1)
        return data, loader.duplicates
    except _Refused as exc:
        raise YamlSyntaxError(exc.message, exc.mark.line + 1, exc.mark.column + 1) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise YamlSyntaxError(f"invalid YAML: {message}", line, column) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"invalid YAML: {exc}", None, None) from None
    except RecursionError:  # a value nested thousands of levels deep: no content is that deep
        raise YamlSyntaxError("invalid YAML: nested too deeply", None, None) from None
    finally:
        loader.dispose()


class Positions:
    """Lines and columns of one document, from ruamel.yaml's node tree (composed, not built:
    a value that would not construct, such as the date 2026-02-30, still has its place)."""

    def __init__(self, text: str) -> None:
        try:
            self._root: Any = YAML(typ="rt").compose(text)
        except Exception:  # the fast parse accepted it; a disagreement only loses positions
            self._root = None

    def of(self, path: Path_, at: str) -> tuple[int, int] | None:
        """The 1-based (line, column) of ``path``, or of its nearest existing parent.

        ``at="key"`` points at the key of the last step instead of its value.
        """
        if self._root is None:
            return None
        node, best = self._root, (1, 1)
        for depth, step in enumerate(path):
            last = depth == len(path) - 1
            found = None
            if isinstance(node, MappingNode):
                for key, value in node.value:
                    if key.value == str(step):
                        found = key if (last and at == "key") else value
                        node = value
                        break
            elif (
                isinstance(node, SequenceNode)
                and isinstance(step, int)
                and 0 <= step < len(node.value)
            ):
                found = node = node.value[step]
            if found is None:
                break
            best = (found.start_mark.line + 1, found.start_mark.column + 1)
        return best
