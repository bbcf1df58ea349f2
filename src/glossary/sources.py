"""Reading YAML and JSON source files while keeping the line every value came from."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from glossary.errors import GlossaryError, Location, display_path

# Ids of concepts, stages, criteria and routes: lower_snake_case.
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def read_text(path: Path) -> str:
    """The text of a UTF-8 file, or a located error saying why it cannot be read."""
    where = Location(display_path(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read file: {exc.strerror}", where) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(
            f"not valid UTF-8 at byte {exc.start}; save the file as UTF-8",
            Location(where.path, line),
        ) from None


def load_yaml(path: Path) -> Any:
    """Parse a YAML (or JSON) file into ruamel's round-trip objects, which know their lines."""
    text = read_text(path)
    where = display_path(path)
    if path.suffix == ".json":
        return _load_json(text, where)
    yaml = YAML(typ="rt")
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise GlossaryError(f"invalid YAML: {problem}", Location(where, line)) from None
    except YAMLError as exc:
        raise GlossaryError(f"invalid YAML: {exc}", Location(where)) from None


def _load_json(text: str, where: str) -> Any:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise GlossaryError(f"invalid JSON: {exc.msg}", Location(where, exc.lineno)) from None
    # Valid JSON is YAML 1.2: load it again with ruamel so values keep their lines.
    return YAML(typ="rt").load(text)


def line_of(node: Any, key: Any = None) -> int:
    """The 1-based line of a mapping key or sequence item, or of the node itself; 0 if unknown."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return 0
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
