"""Reading YAML and JSON source files while keeping the line every value came from."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from glossary import reading
from glossary.errors import GlossaryError, Location, display_path

# libyaml through PyYAML, when PyYAML was built with it; otherwise every file goes to ruamel.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)

# Ids of concepts, stages, criteria and routes: lower_snake_case.
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def read_text(path: Path) -> str:
    """The text of a UTF-8 file, or a located error saying why it cannot be read."""
    return reading.read_text(path)


def load_yaml(path: Path) -> Any:
    """Parse a YAML (or JSON) file into mappings and lists that know their lines (YAML 1.2)."""
    text = read_text(path)
    where = display_path(path)
    if path.suffix == ".json":
        _check_json(text, where)
    try:
        return _fast_load(text, where)
    except _Unsure:
        pass
    _check_tags(text, where)
    # ruamel reads what libyaml cannot settle alone, and says where and what is wrong
    # (imported only then: it takes longer to import than libyaml takes to read our files).
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = YAML(typ="rt").load(text)
    except RecursionError:
        raise GlossaryError(_too_deep(), Location(where)) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise GlossaryError(f"invalid YAML: {problem}", Location(where, line)) from None
    except YAMLError as exc:
        raise GlossaryError(f"invalid YAML: {exc}", Location(where)) from None
    except ValueError as exc:  # a value ruamel cannot make, such as an integer of 5,000 digits
        raise GlossaryError(f"invalid value: {exc}", Location(where)) from None
    _check_depth(data, where)
    return data


def _too_deep() -> str:
    return f"nested more than {reading.MAX_DEPTH} levels deep; a source file needs a few levels at most"


def _deep_line(text: str) -> int:
    """The line where JSON brackets first nest deeper than MAX_DEPTH (strings skipped), else 1."""
    depth, line, quoted, escaped = 0, 1, False, False
    for ch in text:
        if ch == "\n":
            line += 1
        elif quoted:
            escaped, quoted = (False, True) if escaped else (ch == "\\", ch != '"')
        elif ch == '"':
            quoted = True
        elif ch in "[{":
            depth += 1
            if depth > reading.MAX_DEPTH:
                return line
        elif ch in "]}":
            depth -= 1
    return 1


def _check_depth(data: Any, where: str) -> None:
    """Refuse collections nested deeper than MAX_DEPTH and numbers too long (walked without recursion)."""
    stack = [(data, 0, 0)]
    seen: set[int] = set()
    while stack:
        value, depth, line = stack.pop()
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _MAX_BITS:
            raise GlossaryError(
                f"a number of more than {MAX_DIGITS} digits; no value here needs one", Location(where, line)
            )
        if not isinstance(value, (dict, list)) or id(value) in seen:
            continue
        seen.add(id(value))
        line = line_of(value) or line
        if depth >= reading.MAX_DEPTH:
            raise GlossaryError(_too_deep(), Location(where, line))
        keys = list(value) if isinstance(value, dict) else range(len(value))
        stack.extend((value[key], depth + 1, line_of(value, key) or line) for key in keys)


def _check_tags(text: str, where: str) -> None:
    """Refuse YAML tags (`!include`, `!!python/object`, ...): our files hold plain values only."""
    if "!" not in text:
        return
    loader = _FAST_LOADER(text) if _FAST_LOADER else yaml.SafeLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            tag = getattr(event, "tag", None)
            if tag and tag not in _STANDARD_TAGS and tag != "!":
                raise GlossaryError(
                    f"YAML tag {tag.replace(_TAG, '!!')!r} is not allowed; write the plain value without it",
                    Location(where, event.start_mark.line + 1),
                )
    except yaml.YAMLError:
        return  # ruamel reads the file next and says what is wrong with it
    finally:
        loader.dispose()


def _check_json(text: str, where: str) -> None:
    """JSON's own errors for a .json file; valid JSON is YAML 1.2, read on like YAML for its lines."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise GlossaryError(f"invalid JSON: {exc.msg}", Location(where, exc.lineno)) from None
    except RecursionError:
        raise GlossaryError(_too_deep(), Location(where, _deep_line(text))) from None
    except ValueError:  # an integer of more than 4,300 digits
        digits = re.search(f"[0-9]{{{MAX_DIGITS + 1},}}", text)
        line = text.count("\n", 0, digits.start()) + 1 if digits else 1
        size = len(digits.group()) if digits else 0
        raise GlossaryError(
            f"a number of {size:,} digits; no value here needs more than {MAX_DIGITS}", Location(where, line)
        ) from None


class LineMap(dict[Any, Any]):
    """A mapping read by libyaml: its own line and each key's (1-based)."""

    line = 0
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence read by libyaml: its own line and each item's (1-based)."""

    line = 0
    item_lines: list[int]


class _Unsure(Exception):
    """The fast reader cannot promise ruamel's result (an error, YAML 1.1 vs 1.2, tags, merges)."""


_TAG = "tag:yaml.org,2002:"
_STANDARD_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "bool", "null", "float", "map", "seq")}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
MAX_DIGITS = 100
_MAX_BITS = 333  # 2**333 has 101 digits


def _fast_load(text: str, where: str = "<text>") -> Any:
    """libyaml's parse (several times faster than ruamel's), made into values as ruamel reads YAML 1.2.

    libyaml resolves plain scalars by YAML 1.1, so any scalar where 1.1 and 1.2 may disagree
    (yes/no/on/off, numbers other than plain decimal integers) raises _Unsure, as do errors,
    duplicate keys, merge keys and tags beyond str/int/bool/null, map and seq.
    """
    if _FAST_LOADER is None or "%YAML" in text:
        raise _Unsure
    loader = _FAST_LOADER(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem) and exc.problem_mark:
            raise GlossaryError(_too_deep(), Location(where, exc.problem_mark.line + 1)) from None
        raise _Unsure from exc
    except (yaml.YAMLError, ValueError) as exc:
        raise _Unsure from exc
    finally:
        loader.dispose()
    return None if root is None else _value(root, {}, where, 0)


def _value(node: Any, seen: dict[int, Any], where: str, depth: int) -> Any:
    if id(node) in seen:  # an alias: the anchored value itself, as ruamel gives it
        return seen[id(node)]
    if depth >= reading.MAX_DEPTH:
        raise GlossaryError(_too_deep(), Location(where, node.start_mark.line + 1))
    tag = node.tag
    if isinstance(node, yaml.MappingNode) and tag == _TAG + "map":
        mapping = seen[id(node)] = LineMap()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Unsure
            key = _scalar(key_node, where)
            if key in mapping:
                raise _Unsure
            mapping.key_lines[key] = key_node.start_mark.line + 1
            mapping[key] = _value(value_node, seen, where, depth + 1)
        return mapping
    if isinstance(node, yaml.SequenceNode) and tag == _TAG + "seq":
        items = seen[id(node)] = LineList()
        items.line = node.start_mark.line + 1
        items.item_lines = [item.start_mark.line + 1 for item in node.value]
        items.extend(_value(item, seen, where, depth + 1) for item in node.value)
        return items
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, where)
    raise _Unsure


def _scalar(node: Any, where: str = "") -> Any:
    tag, value = node.tag, node.value
    if tag == _TAG + "str":
        # plain style is "" from libyaml (None from pure PyYAML); such a str may be a YAML 1.2 number
        if not node.style and value.startswith(tuple("0123456789+-.")):
            raise _Unsure
        return value
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool" and value in _BOOLS:
        return _BOOLS[value]
    if tag == _TAG + "int" and _INT.fullmatch(value):
        if len(value) > MAX_DIGITS:
            raise GlossaryError(
                f"a number of {len(value):,} digits; no value here needs more than {MAX_DIGITS}",
                Location(where, node.start_mark.line + 1),
            )
        return int(value)
    raise _Unsure


def line_of(node: Any, key: Any = None) -> int:
    """The 1-based line of a mapping key or sequence item, or of the node itself; 0 if unknown."""
    if isinstance(node, LineMap):
        return node.line if key is None else node.key_lines.get(key, node.line)
    if isinstance(node, LineList):
        return node.item_lines[key] if isinstance(key, int) and 0 <= key < len(node) else node.line
    lc = getattr(node, "lc", None)
    if lc is None:
        return 0
    from ruamel.yaml.comments import CommentedMap, CommentedSeq  # the node is ruamel's: loaded already

    try:
        if key is None:
            return int(lc.line) + 1
        if isinstance(node, CommentedMap):
            return int(lc.key(key)[0]) + 1
        if isinstance(node, CommentedSeq):
            return int(lc.item(key)[0]) + 1
    except (KeyError, IndexError, TypeError):
        pass
    return int(lc.line) + 1


class Node:
    """A YAML mapping being validated: typed getters that fail with a located message."""

    def __init__(self, data: Any, path: str, line: int, what: str) -> None:
        if not isinstance(data, dict):
            raise GlossaryError(f"{what} must be a mapping (key: value lines)", Location(path, line))
        self.data = data
        self.path = path
        self.line = line
        self.what = what

    def at(self, key: str | None = None) -> Location:
        return Location(self.path, line_of(self.data, key) if key else self.line)

    def fail(self, message: str, key: str | None = None) -> GlossaryError:
        return GlossaryError(message, self.at(key))

    def known_keys(self, *allowed: str) -> None:
        for key in self.data:
            if key not in allowed:
                names = ", ".join(allowed)
                raise self.fail(f"unknown key {key!r} in {self.what}; expected one of: {names}", key)

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise self.fail(f"{self.what} needs a {key!r}")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} of {self.what} must be non-empty text", key)
        return value.strip()

    def optional_text(self, key: str) -> str:
        if key not in self.data or self.data[key] is None:
            return ""
        return self.text(key)

    def mapping(self, key: str) -> Node:
        if key not in self.data:
            raise self.fail(f"{self.what} needs a {key!r} mapping")
        return Node(self.data[key], self.path, line_of(self.data, key), f"{key!r} of {self.what}")

    def items(self, key: str, required: bool = True) -> Iterator[tuple[Any, int]]:
        """Each item of a list under key, with its line."""
        if key not in self.data:
            if required:
                raise self.fail(f"{self.what} needs a {key!r} list")
            return
        seq = self.data[key]
        if not isinstance(seq, list):
            raise self.fail(f"{key!r} of {self.what} must be a list", key)
        for i, item in enumerate(seq):
            yield item, line_of(seq, i)

    def strings(self, key: str) -> list[tuple[str, int]]:
        out = []
        for item, line in self.items(key, required=False):
            if not isinstance(item, str):
                raise GlossaryError(f"{key!r} must list names, got {item!r}", Location(self.path, line))
            out.append((item, line))
        return out


def load_site_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, for what glossary itself reads from it.

    Read with PyYAML, not MkDocs, so that linting needs no site renderer. MkDocs' tags stay
    usable: `!ENV [NAME, default]` gives the variable or the default, `!relative` the path;
    a Python object tag (`!!python/name:...`) gives None here, MkDocs resolves it when it builds.
    """
    import os

    loader_class: Any = type("Loader", (yaml.SafeLoader,), {})  # our tags, not on SafeLoader itself

    def env(loader: Any, node: Any) -> Any:
        values = (
            loader.construct_sequence(node)
            if isinstance(node, yaml.SequenceNode)
            else [loader.construct_scalar(node)]
        )
        names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
        return next((os.environ[str(n)] for n in names if str(n) in os.environ), default)

    def other(loader: Any, suffix: str, node: Any) -> Any:
        return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None

    loader_class.add_constructor("!ENV", env)
    loader_class.add_multi_constructor("!relative", other)
    loader_class.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    text = reading.read_text(path)
    where = display_path(path)
    try:
        data = yaml.load(text, Loader=loader_class)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise GlossaryError(
            f"invalid YAML: {problem}", Location(where, mark.line + 1 if mark else 0)
        ) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        problem = _too_deep() if isinstance(exc, RecursionError) else f"invalid YAML: {exc}"
        raise GlossaryError(problem, Location(where)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise GlossaryError("mkdocs.yml must be a mapping of settings (key: value lines)", Location(where, 1))
    for key in ("site_name", "site_description"):
        if key in data and not isinstance(data[key], str | None):
            raise GlossaryError(f"{key} must be text", Location(where, _key_line(text, key)))
    return data


def _key_line(text: str, key: str) -> int:
    """The line of a top-level key in a YAML file (1-based), 0 if it is not there."""
    return next((n for n, line in enumerate(text.split("\n"), 1) if line.startswith(f"{key}:")), 0)
