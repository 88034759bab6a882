"""Safe YAML reading that remembers where every key and value came from.

PyYAML's constructors throw away positions, and its safe loader still expands
aliases without limit once the data is walked. So this module composes the node
graph (C loader when available), checks it, and builds plain Python data itself:
only the YAML 1.1 core tags, no duplicate keys, no cycles, a bounded number of
nodes after alias expansion and a bounded nesting depth.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import KeyPath, Location, PlanError, Problem, say

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE = _CORE + "merge"
_STR = _CORE + "str"

MAX_NODES = 20_000
"""Nodes after alias expansion; a real plan has a few hundred."""
MAX_DEPTH = 40
"""Nesting of mappings and sequences; the KPI tree has its own, tighter cap."""


@dataclass
class Document:
    """Plain data plus the position of every key and value, by path."""

    data: Any
    values: dict[KeyPath, Location] = field(default_factory=dict)
    keys: dict[KeyPath, Location] = field(default_factory=dict)

    def where(self, path: KeyPath, *, key: bool = False) -> Location:
        """The closest known position for ``path`` (a key's own line if asked)."""
        table = self.keys if key else self.values
        probe = path
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Location(1, 1))


def _loc(node: Node) -> Location:
    return Location(node.start_mark.line + 1, node.start_mark.column + 1)


def _problem(node: Node, path: KeyPath, message: str, hint: str = "") -> Problem:
    return Problem(_loc(node), path, message, hint)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def read_document(text: str) -> Document:
    """Parse one YAML document into a :class:`Document` or raise :class:`PlanError`."""
    _check_characters(text)
    _check_depth(text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(mark.line + 1, mark.column + 1) if mark else Location(1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        if (
            exc.context
            and exc.context_mark
            and exc.problem_mark
            and exc.context_mark.line != exc.problem_mark.line
        ):
            what = say(
                "{what} ({context} that starts on line {line})",
                what=what,
                context=exc.context,
                line=exc.context_mark.line + 1,
            )
        lines = text.splitlines()
        line_text = lines[where.line - 1] if 0 < where.line <= len(lines) else ""
        hint = say("indent with spaces, not tabs") if "\t" in line_text else _syntax_hint(what)
        raise PlanError([Problem(where, (), say("YAML syntax: {what}", what=what), hint)]) from None
    except yaml.YAMLError as exc:
        raise PlanError([Problem(Location(1, 1), (), say("YAML syntax: {what}", what=exc))]) from None
    finally:
        loader.dispose()
    if root is None:
        raise PlanError(
            [Problem(Location(1, 1), (), say("the file is empty"), say("start from `proposals new`"))]
        )
    _check_size(root)
    doc = Document(None)
    doc.data = _build(root, (), doc, loader, 0)
    return doc


def _check_characters(text: str) -> None:
    """A control character, reported where it is (YAML itself only gives a character offset)."""
    found = _CONTROL.search(text)
    if found is None:
        return
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    raise PlanError(
        [
            Problem(
                Location(line, column),
                (),
                say("the control character U+{code:04X} cannot appear in a plan", code=ord(found.group())),
                say("delete it: most editors do not show it, so retype the line"),
            )
        ]
    )


def _check_depth(text: str) -> None:
    """Refuse deep nesting from the flat event stream, before anything recursive sees it.

    PyYAML composes nodes recursively (in C with libyaml), so a few hundred thousand
    nested brackets would overflow the stack; the parser's events cost no recursion.
    """
    loader = _Loader(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise PlanError(
                        [
                            Problem(
                                Location(mark.line + 1, mark.column + 1) if mark else Location(1, 1),
                                (),
                                say("nesting deeper than {limit} levels", limit=MAX_DEPTH),
                                say("a plan never nests this deep; check the brackets"),
                            )
                        ]
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # syntax errors are reported, with their line, by the real parse
    finally:
        loader.dispose()


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return say("quote text that contains ': '")
    if "found character '%'" in problem or "found character '@'" in problem:
        return say("quote values that start with % or @")
    return say("check the indentation and quoting on this line")


def _check_size(root: Node) -> None:
    """Reject cycles and alias bombs before any data is built.

    Sizes are memoised per node object, so shared subtrees cost nothing to count
    even when they would expand to millions of nodes.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise PlanError(
                [
                    _problem(
                        node,
                        (),
                        say("an alias refers to the node that contains it"),
                        say("aliases must not form a loop"),
                    )
                ]
            )
        active.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            for item in node.value:
                total += size(item)
                if total > MAX_NODES:
                    break
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
                if total > MAX_NODES:
                    break
        active.discard(key)
        sizes[key] = total
        return total

    if size(root) > MAX_NODES:
        raise PlanError(
            [
                _problem(
                    root,
                    (),
                    say("the document expands to more than {limit:,} nodes", limit=MAX_NODES),
                    say("aliases (*name) are expanded; a plan never needs this many"),
                )
            ]
        )


def _build(node: Node, path: KeyPath, doc: Document, loader: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise PlanError([_problem(node, path, say("nesting deeper than {limit} levels", limit=MAX_DEPTH))])
    doc.values.setdefault(path, _loc(node))
    if isinstance(node, ScalarNode):
        if node.tag == _STR:
            return node.value  # what the str constructor returns, without its dispatch
        if node.tag not in _SCALAR_TAGS:
            raise PlanError(
                [
                    _problem(
                        node,
                        path,
                        say("the tag {tag} is not allowed", tag=_short(node.tag)),
                        say("plans hold plain text, numbers, dates, lists and mappings"),
                    )
                ]
            )
        if node.tag in (_CORE + "int", _CORE + "float") and ":" in node.value:
            # YAML 1.1 reads 190:20:30 as a base-60 number (685230): nobody means that.
            raise PlanError(
                [
                    _problem(
                        node,
                        path,
                        say("'{value}' would be read as a base-60 number", value=node.value),
                        say("quote it if it is text, or write the number itself"),
                    )
                ]
            )
        try:
            return loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise PlanError([_problem(node, path, say("cannot read this value: {why}", why=exc))]) from None
    if isinstance(node, SequenceNode):
        if node.tag != _CORE + "seq":
            raise PlanError([_problem(node, path, say("the tag {tag} is not allowed", tag=_short(node.tag)))])
        return [_build(item, (*path, i), doc, loader, depth + 1) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        if node.tag != _CORE + "map":
            raise PlanError([_problem(node, path, say("the tag {tag} is not allowed", tag=_short(node.tag)))])
        return _build_mapping(node, path, doc, loader, depth)
    raise PlanError([_problem(node, path, "unsupported YAML node")])  # pragma: no cover


def _build_mapping(
    node: MappingNode, path: KeyPath, doc: Document, loader: Any, depth: int
) -> dict[Hashable, Any]:
    result: dict[Hashable, Any] = {}
    merged: dict[Hashable, Any] = {}
    seen: dict[Hashable, Location] = {}
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE:
            merged.update(_merge_sources(value_node, path, doc, loader, depth))
            continue
        if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
            raise PlanError([_problem(key_node, path, say("keys must be plain text"))])
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key).lower() if isinstance(key, bool) else str(key)
        if key in seen:
            first = seen[key]
            raise PlanError(
                [
                    _problem(
                        key_node,
                        (*path, key),
                        say("duplicate key '{key}' (first set on line {line})", key=key, line=first.line),
                        say("each key may appear once; remove one of them"),
                    )
                ]
            )
        seen[key] = _loc(key_node)
        doc.keys[(*path, key)] = _loc(key_node)
        result[key] = _build(value_node, (*path, key), doc, loader, depth + 1)
    # Explicit keys win over merged ones, as in YAML's merge-key spec.
    return {**merged, **result}


def _merge_sources(node: Node, path: KeyPath, doc: Document, loader: Any, depth: int) -> dict[Hashable, Any]:
    sources = node.value if isinstance(node, SequenceNode) else [node]
    merged: dict[Hashable, Any] = {}
    for source in reversed(sources):
        if not isinstance(source, MappingNode):
            raise PlanError([_problem(source, path, say("'<<' merges only mappings"))])
        merged.update(_build_mapping(source, path, doc, loader, depth + 1))
    return merged


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
