"""Markdown pages split into translatable segments, and put back together in another language.

A segment is one block's inline text (a heading, a paragraph, a list item, a table cell, an
admonition title) with its exact place in the source, so a translation can replace it in
place and the page keeps its structure. Inline markup and links stay inside the segment.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode

from glossary.errors import GlossaryError, Location

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


@cache
def _permissive() -> MarkdownIt:
    md = parser()
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link, even dropped ones
    return md


def inline_tokens(text: str) -> list[Token]:
    """Every inline token of a message, nested ones included; links are kept whatever their scheme."""
    out: list[Token] = []
    stack = list(reversed(_permissive().parseInline(text)))
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(reversed(token.children or []))
    return out


def reference_targets(text: str) -> dict[str, str]:
    """The link reference definitions (`[label]: target`) of a text, by label, as links will use them."""
    if "]:" not in text:
        return {}
    env: dict[str, Any] = {}
    _permissive().parse(text, env)
    return {label: str(ref.get("href", "")) for label, ref in env.get("references", {}).items()}


@cache
def _blocks() -> MarkdownIt:
    """The page's blocks, with the text of each but not yet its inline markup (links, code)."""
    return parser().disable("inline")


def link_targets(text: str, scheme: str) -> set[str]:
    """The targets of a page's links in one scheme (`concept:`), as markdown-it reads them: not
    in code, and through backslash escapes, character references and reference definitions."""
    return {
        href.removeprefix(scheme)
        for token in parser().parse(text)
        for child in token.children or []
        if child.type == "link_open" and (href := str(child.attrs.get("href", ""))).startswith(scheme)
    }


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
    source = _unix_lines(source)
    lines = source.split("\n")
    cursor: dict[int, int] = {}  # next free column per line, for several cells on one line
    out: list[Segment] = []
    parents: list[str] = []
    for token in _blocks().parse(source):  # an inline token's text is all a segment needs
        if token.nesting == 1:
            parents.append(token.type.removesuffix("_open"))
        elif token.nesting == -1:
            parents.pop()
        if token.type == "front_matter":
            out += _front_matter(token, lines, path)
        elif token.type == "inline" and token.map and token.content.strip():
            seg = _locate(token, lines, cursor, _kind(parents))
            if seg is not None:
                out.append(seg)
    return out


def _locate(token: Token, lines: list[str], cursor: dict[int, int], kind: str) -> Segment | None:
    """Where the token's text is in the page; None if the page does not contain it as such."""
    assert token.map is not None
    start = token.map[0]
    if kind == "admonition title":
        return _title(token.content, lines[start], start)
    if kind == "table cell":
        return _cell(token.content, lines[start], start, cursor)
    parts = token.content.split("\n")
    col = lines[start].find(parts[0], cursor.get(start, 0))
    end = start + len(parts) - 1
    last_col = col if end == start else lines[end].find(parts[-1])
    stop = last_col + len(parts[-1])
    cursor[end] = stop
    text = " ".join(p.strip() for p in parts)
    return Segment(text, kind, start, col, end, stop)


def _title(text: str, line: str, start: int) -> Segment | None:
    """An admonition title is the text between the quotes of `!!! note "Title"`.

    Without quotes the plugin invents a title from the type (`!!! note` shows "Note"): the
    page has nothing to translate in place.
    """
    opening, closing = line.find('"'), line.rfind('"')
    if opening < 0 or line[opening + 1 : closing] != text:
        return None
    return Segment(text, "admonition title", start, opening + 1, start, closing)


def _cell(text: str, row: str, start: int, cursor: dict[int, int]) -> Segment | None:
    """The next cell of the row whose text is this one, read as markdown-it splits rows."""
    begin = 0
    pipes = [i for i, ch in enumerate(row) if ch == "|" and row[i - 1 : i] != "\\"]
    for end in [*pipes, len(row)]:
        raw = row[begin:end]
        col = begin + len(raw) - len(raw.lstrip())
        if col >= cursor.get(start, 0) and raw.strip().replace("\\|", "|") == text:
            stop = begin + len(raw.rstrip())
            cursor[start] = stop
            return Segment(text, "table cell", start, col, start, stop)
        begin = end + 1
    return None


def _front_matter(token: Token, lines: list[str], path: str) -> list[Segment]:
    assert token.map is not None
    try:
        root = YAML(typ="safe", pure=True).compose(token.content)
    except YAMLError as exc:
        raise GlossaryError(f"invalid front matter: {exc}", Location(path, 2)) from None
    if not isinstance(root, MappingNode):
        return []
    first = token.map[0] + 1  # the page line of the block's first line, after '---'
    out = []
    for key, value in root.value:
        if (
            key.value in FRONT_MATTER_TEXT
            and isinstance(value, ScalarNode)
            and value.tag == "tag:yaml.org,2002:str"
            and value.value.strip()
            and value.start_mark.index > key.end_mark.index  # not an alias of an earlier value
        ):
            start, end = first + value.start_mark.line, first + value.end_mark.line
            stop = value.end_mark.column
            if stop == 0:  # a block scalar (`title: >-`) ends after its line breaks
                end -= 1
                while not lines[end].strip():
                    end -= 1
                stop = len(lines[end])
            out.append(Segment(value.value.strip(), key.value, start, value.start_mark.column, end, stop))
    return out


def apply(source: str, translate: Callable[[Segment], str], path: str = "<page>") -> str:
    """The page with each segment replaced by translate(segment); structure is kept as is."""
    source = _unix_lines(source)
    lines = source.split("\n")
    for seg in _backwards(source, path):
        new = " ".join(translate(seg).split())
        if seg.kind == "table cell":
            new = new.replace("\\|", "|").replace("|", "\\|")  # a bare | would split the cell
        if seg.kind in FRONT_MATTER_TEXT:
            new = json.dumps(new, ensure_ascii=False)  # the whole value, however it was written
        head = lines[seg.start][: seg.col]
        tail = lines[seg.end][seg.stop :]
        lines[seg.start : seg.end + 1] = [head + new + tail]
    return "\n".join(lines)


@lru_cache(maxsize=256)
def _backwards(source: str, path: str) -> tuple[Segment, ...]:
    """A page's segments from its end back (so replacing one keeps the others' places).

    Cached: a build applies every page once per locale, and parsing it was most of that work.
    """
    return tuple(sorted(segments(source, path), key=lambda s: (s.start, s.col), reverse=True))


def _unix_lines(source: str) -> str:
    """CRLF and lone CR line ends as LF: markdown-it counts lines as we split them."""
    return source.replace("\r\n", "\n").replace("\r", "\n")
