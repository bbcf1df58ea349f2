"""Markdown pages split into translatable segments, and put back together in another language.

A segment is one block's inline text (a heading, a paragraph, a list item, a table cell, an
admonition title) with its exact place in the source, so a translation can replace it in
place and the page keeps its structure. Inline markup and links stay inside the segment.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from glossary.errors import GlossaryError, Location
from glossary.sources import line_of

FRONT_MATTER_TEXT = ("title", "description")  # front matter keys that are prose


@dataclass(frozen=True)
class Segment:
    text: str  # the message: inline Markdown, lines joined by single spaces
    kind: str  # heading, paragraph, list item, table cell, admonition title, title, description
    start: int  # 0-based line where the text starts
    col: int  # column where it starts on that line
    end: int  # 0-based line where it ends
    stop: int  # column just after its end on that line

    @property
    def line(self) -> int:
        return self.start + 1


def parser() -> MarkdownIt:
    """The Markdown dialect of our pages: CommonMark, tables, admonitions, front matter."""
    return MarkdownIt("commonmark").enable("table").use(admon_plugin).use(front_matter_plugin)


def _kind(parents: list[str]) -> str:
    for name in reversed(parents):
        if name in ("th", "td"):
            return "table cell"
        if name == "heading":
            return "heading"
        if name == "admonition_title":
            return "admonition title"
        if name == "list_item":
            return "list item"
    return "paragraph"


def segments(source: str, path: str = "<page>") -> list[Segment]:
    """Every translatable segment of a page, in document order."""
    lines = source.split("\n")
    cursor: dict[int, int] = {}  # next free column per line, for several cells on one line
    out: list[Segment] = []
    parents: list[str] = []
    for token in parser().parse(source):
        if token.nesting == 1:
            parents.append(token.type.removesuffix("_open"))
        elif token.nesting == -1:
            parents.pop()
        if token.type == "front_matter":
            out += _front_matter(token, lines, path)
        elif token.type == "inline" and token.map and token.content.strip():
            out.append(_locate(token, lines, cursor, _kind(parents)))
    return out


def _locate(token: Token, lines: list[str], cursor: dict[int, int], kind: str) -> Segment:
    assert token.map is not None
    parts = token.content.split("\n")
    start = token.map[0]
    col = lines[start].find(parts[0], cursor.get(start, 0))
    end = start + len(parts) - 1
    last_col = col if end == start else lines[end].find(parts[-1])
    stop = last_col + len(parts[-1])
    cursor[end] = stop
    text = " ".join(p.strip() for p in parts)
    return Segment(text, kind, start, col, end, stop)


def _front_matter(token: Token, lines: list[str], path: str) -> list[Segment]:
    try:
        data = YAML(typ="rt").load(token.content)
    except YAMLError as exc:
        raise GlossaryError(f"invalid front matter: {exc}", Location(path, 2)) from None
    if not isinstance(data, dict):
        return []
    out = []
    for key in FRONT_MATTER_TEXT:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            line = line_of(data, key)  # 1-based in the block = 0-based in the page ('---' first)
            out.append(Segment(value.strip(), key, line, 0, line, len(lines[line])))
    return out


def apply(source: str, translate: Callable[[Segment], str], path: str = "<page>") -> str:
    """The page with each segment replaced by translate(segment); structure is kept as is."""
    lines = source.split("\n")
    for seg in sorted(segments(source, path), key=lambda s: (s.start, s.col), reverse=True):
        new = " ".join(translate(seg).split())
        if seg.kind == "table cell":
            new = new.replace("\\|", "|").replace("|", "\\|")  # a bare | would split the cell
        if seg.kind in FRONT_MATTER_TEXT:
            new = f"{seg.kind}: {json.dumps(new, ensure_ascii=False)}"
        head = lines[seg.start][: seg.col]
        tail = lines[seg.end][seg.stop :]
        lines[seg.start : seg.end + 1] = [head + new + tail]
    return "\n".join(lines)
