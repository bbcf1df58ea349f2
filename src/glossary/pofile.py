"""Writing a catalog byte for byte as GNU `msgcat` writes it, so gettext's tools change nothing.

Layout, escaping and wrapping follow gettext's `write-po.c` (0.21): a page width of 79
columns; a string that would wrap, or holds a line break before its end, starts with `""`;
each line ends after `\\n`; long lines break where Unicode line breaking allows (see
linebreak.py), never inside an escape sequence or a format directive; the fuzzy flag is
left out of a message with no translation, and flags gettext does not know are dropped. One
difference: msgcat drops an obsolete message without a translation even when it carries a
translator's comment; such a message is written here, so that the comment is not lost.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from babel.messages.catalog import Catalog, Message

from glossary.linebreak import PROHIBITED, fill

WIDTH = 79
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}
# gettext's format languages, in the order its flags line lists them.
FORMATS = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "pascal", "smalltalk",
    "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php",
    "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_RANGE = re.compile(r"range: *(\d+)\.\.(\d+)")
# A Python %-directive as gettext's format-python.c reads one.
_PYTHON_DIRECTIVE = re.compile(
    r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d*))?[hlL]?[diouxXeEfFgGcrsa%]"
)


def header_text(catalog: Catalog) -> str:
    """The header entry's msgstr: as read from the file, else as Babel makes it (less Generated-By)."""
    kept: str | None = getattr(catalog, "header_text", None)
    if kept is not None:
        return kept
    return "".join(f"{k}: {v.strip()}\n" for k, v in catalog.mime_headers if k != "Generated-By")


def with_field(header: str, name: str, value: str) -> str:
    """header with the field name set to value: its line replaced in place, or a new last line."""
    lines = header.split("\n")
    for i, line in enumerate(lines):
        if line.partition(":")[0].strip().lower() == name.lower():
            lines[i] = f"{name}: {value}"
            return "\n".join(lines)
    body = header if header.endswith("\n") or not header else header + "\n"
    return f"{body}{name}: {value}\n"


def field(header: str, name: str) -> str | None:
    """The value of a header field, or None."""
    for line in header.split("\n"):
        key, colon, value = line.partition(":")
        if colon and key.strip().lower() == name.lower():
            return value.strip()
    return None


def header_comments(catalog: Catalog) -> list[str]:
    """The header's translator comments, without their `# `."""
    kept: list[str] | None = getattr(catalog, "header_comments", None)
    if kept is not None:
        return kept
    return [_comment_text(line) for line in catalog.header_comment.splitlines()]


def _comment_text(line: str) -> str:
    text = line[1:] if line.startswith("#") else line
    return text[1:] if text.startswith(" ") else text


def render(catalog: Catalog) -> bytes:
    """The catalog as msgcat would write it, UTF-8 encoded."""
    blocks = [_header(catalog)]
    forms = catalog.num_plurals
    blocks += [_message(m, forms) for m in catalog._messages.values()]
    # msgcat drops an obsolete message without a translation; one with a translator's comment
    # is written all the same, as nothing a translator wrote is dropped here.
    blocks += [_obsolete(m, forms) for m in catalog.obsolete.values() if _first(m.string) or m.user_comments]
    return "\n".join("".join(line + "\n" for line in block) for block in blocks).encode("utf-8")


def _header(catalog: Catalog) -> list[str]:
    lines = _comments(header_comments(catalog))
    if catalog.fuzzy:
        lines.append("#, fuzzy")
    return lines + wrap("", "msgid", "") + wrap("", "msgstr", header_text(catalog))


def _message(msg: Message, forms: int) -> list[str]:
    lines = _comments(msg.user_comments)
    lines += [f"#. {c}" if c else "#." for c in msg.auto_comments]
    lines += _locations(msg.locations)
    flags = _flags(msg, fuzzy=msg.fuzzy and bool(_first(msg.string)))
    lines += [f"#, {', '.join(flags)}"] if flags else []
    lines += _keywords(msg, "", "#| ", forms)
    return lines


def _obsolete(msg: Message, forms: int) -> list[str]:
    lines = _comments(msg.user_comments)
    lines += [f"#. {c}" if c else "#." for c in msg.auto_comments]
    lines += _locations(msg.locations)
    flags = [f for f in _flags(msg, fuzzy=msg.fuzzy) if not f.startswith("range:")]
    lines += [f"#, {', '.join(flags)}"] if flags else []
    lines += _keywords(msg, "#~ ", "#~| ", forms)
    return lines


def _comments(comments: Iterable[str]) -> list[str]:
    return [f"# {line}" if line else "#" for c in comments for line in c.split("\n")]


def _locations(locations: Iterable[tuple[str, Any]]) -> list[str]:
    lines, line, column = [], "#:", 2
    seen: set[str] = set()
    for path, number in locations:
        ref = f"{path}:{number}" if number is not None and number != "" else path
        if ref in seen:
            continue
        seen.add(ref)
        if column > 2 and column + len(ref) + 1 > WIDTH:
            lines.append(line)
            line, column = "#:", 2
        line += f" {ref}"
        column += len(ref) + 1
    if column > 2:
        lines.append(line)
    return lines


def _flags(msg: Message, fuzzy: bool) -> list[str]:
    """The flags gettext keeps, in its order: fuzzy, formats, range, no-wrap."""
    flags = set(msg.flags)
    out = ["fuzzy"] if fuzzy else []
    for name in FORMATS:
        out += [f for f in (f"{name}-format", f"no-{name}-format") if f in flags][:1]
    ranges = [m for m in map(_RANGE.fullmatch, sorted(flags)) if m]
    out += [f"range: {ranges[0][1]}..{ranges[0][2]}"] if ranges else []
    out += ["no-wrap"] if "no-wrap" in flags else []
    return out


def _keywords(msg: Message, prefix: str, previous_prefix: str, forms: int) -> list[str]:
    """The msgctxt/msgid/msgstr lines; a plural message has at least the header's number of forms."""
    nowrap = "no-wrap" in msg.flags
    python = "python-format" in msg.flags
    lines: list[str] = []
    previous = list(msg.previous_id or [])
    previous_context = getattr(msg, "previous_context", None)
    if previous_context is not None:
        lines += wrap(previous_prefix, "msgctxt", previous_context, python, nowrap)
    for keyword, text in zip(("msgid", "msgid_plural"), previous, strict=False):
        lines += wrap(previous_prefix, keyword, text, python, nowrap)
    if msg.context is not None:
        lines += wrap(prefix, "msgctxt", msg.context, python, nowrap)
    if isinstance(msg.id, (list, tuple)):
        lines += wrap(prefix, "msgid", msg.id[0], python, nowrap)
        lines += wrap(prefix, "msgid_plural", msg.id[1], python, nowrap)
        given = msg.string if isinstance(msg.string, (list, tuple)) else [msg.string]
        strings = [str(s or "") for s in given]
        strings += [""] * (forms - len(strings))
        for i, text in enumerate(strings):
            lines += wrap(prefix, f"msgstr[{i}]", text or "", python, nowrap)
    else:
        lines += wrap(prefix, "msgid", msg.id, python, nowrap)
        lines += wrap(prefix, "msgstr", _first(msg.string), python, nowrap)
    return lines


def _first(string: Any) -> str:
    if isinstance(string, (list, tuple)):
        return str(string[0]) if string else ""
    return str(string or "")


def wrap(prefix: str, keyword: str, value: str, python: bool = False, nowrap: bool = False) -> list[str]:
    """The lines of `keyword "value"` as gettext writes them, each line starting with prefix."""
    inside = _directive_insides(value) if python else set()
    after_break = len(prefix) + 1  # columns before a continuation line's text: prefix and quote
    width = (10**9 if nowrap else WIDTH) - 1 - after_break
    lines: list[str] = []
    first = True
    offset = 0
    for portion in _portions(value):
        text, overrides = _escaped(portion, offset, inside)
        offset += len(portion)
        more = offset < len(value)
        start = _start(prefix, keyword, first) - after_break
        breaks = fill(text, width, start, overrides)
        if first and text and (more or start > width or breaks):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            breaks = fill(text, width, _start(prefix, keyword, first) - after_break, overrides)
        head = f"{prefix}{keyword} " if first else prefix
        first = False
        cuts = [0, *breaks, len(text)]
        for n, (a, b) in enumerate(itertools.pairwise(cuts)):
            lines.append(f'{head if n == 0 else prefix}"{text[a:b]}"')
    return lines


def _start(prefix: str, keyword: str, first: bool) -> int:
    return len(prefix) + (len(keyword) + 1 if first else 0) + 1


def _portions(value: str) -> Iterator[str]:
    """value cut after each line break; an empty value is one empty portion."""
    parts = value.split("\n")
    for i, part in enumerate(parts):
        if i < len(parts) - 1:
            yield part + "\n"
        elif part or i == 0:
            yield part


def _escaped(portion: str, offset: int, inside: set[int]) -> tuple[str, dict[int, int]]:
    """The portion with gettext's escapes, and where the escaped text must not break."""
    out: list[str] = []
    overrides: dict[int, int] = {}
    at = 0
    for i, ch in enumerate(portion):
        if offset + i in inside:
            overrides[at] = PROHIBITED
        if ch in _ESCAPES:
            out.append("\\" + _ESCAPES[ch])
            overrides[at + 1] = PROHIBITED
            at += 2
        else:
            out.append(ch)
            at += 1
    text = "".join(out)
    if portion.endswith("\n"):
        overrides[len(text) - 2] = PROHIBITED  # no break just before the final \n
    return text, overrides


def _directive_insides(value: str) -> set[int]:
    """Indexes inside (not at the start of) each valid Python %-directive, as msgcat protects them."""
    inside: set[int] = set()
    at = value.find("%")
    while at >= 0:
        match = _PYTHON_DIRECTIVE.match(value, at)
        if match is None:
            break  # gettext's parser stops at the first invalid directive
        inside.update(range(at + 1, match.end()))
        at = value.find("%", match.end())
    return inside
