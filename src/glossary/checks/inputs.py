"""What the rules look at: PO messages and Markdown or text segments as `Entry`s, per file.

PO files are read with Babel's tokenizer but not into a Babel `Catalog`: a catalog pads
missing plural forms and merges duplicates, which would hide exactly what the checks look
for. Every entry keeps its file and line, its msgstr forms as written, and the rule names
its translator comments suppress (`# glossary-ignore: forbidden-term, TRM003`).
"""

from __future__ import annotations

import bisect
import gettext
import io
import itertools
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, PoFileParser, unescape

from glossary import languages, reading
from glossary.checks.base import (
    BRACES,
    COMMENTED,
    DIGIT,
    FUZZY,
    MARKUP,
    OBSOLETE,
    PERCENT,
    PLURAL,
    SPACED,
    TRANSLATED,
    UNTRANSLATED,
    URLISH,
    Problem,
)
from glossary.checks.text import mask, scan_masked
from glossary.errors import GlossaryError, Location, display_path
from glossary.languages import SOURCE_LANGUAGE
from glossary.segment import FRONT_MATTER_TEXT, Segment, segments
from glossary.termbase import Termbase, normalize

if TYPE_CHECKING:
    from glossary.rules import Ruleset
    from glossary.scenarios import Scenario

SUPPRESS = "glossary-ignore:"
PO_SUFFIXES = (".po", ".pot")
MARKDOWN_SUFFIXES = (".md", ".markdown")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # one C string literal, escapes included
_DIGIT = re.compile(r"\d")  # what NUMBER in glossary.checks.text starts with
# Between texts searched at once: a line with a word no text has (or it is searched alone).
JOINER_WORD = "zqxzqxzqx"
JOINER = f"\n{JOINER_WORD}\n"
_SAMPLES = (*range(1001), 10**4, 10**5, 10**6, 2 * 10**6, 10**7, 10**9)
# Beyond these sizes a text is reported, not checked: no real message is 100,000 characters
# long, and the Markdown parser needs seconds per megabyte.
MAX_MESSAGE = 100_000
MAX_MARKDOWN = 2_000_000


@dataclass(frozen=True, slots=True)
class Entry:
    """One unit of translated text: a PO message, or a segment of a Markdown or text file."""

    path: str
    line: int
    lang: str
    kind: str  # po, markdown or text
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    strings: tuple[str, ...] = ()  # msgstr, or msgstr[0], msgstr[1], ...; a segment's text
    forms: tuple[int, ...] = ()  # the n of every msgstr[n] line, as written
    flags: frozenset[str] = frozenset()
    comments: tuple[str, ...] = ()  # translator comments
    obsolete: bool = False
    nplurals: int = 0  # from the header; 0 if unknown
    single_forms: frozenset[int] = frozenset()  # plural forms the header uses for one number only
    # Where a segment's text is in its file: (offset in the text, 1-based line, 0-based column)
    # of each of its pieces, so a finding inside it gets its own line and column. Empty for PO.
    places: tuple[tuple[int, int, int], ...] = ()

    @property
    def has_source(self) -> bool:
        return self.kind == "po"

    @property
    def plural(self) -> bool:
        return bool(self.msgid_plural)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return any(self.strings)

    @property
    def active(self) -> bool:
        """A message whose translation is in use: translated, not fuzzy, not obsolete."""
        return self.translated and not self.fuzzy and not self.obsolete

    @property
    def location(self) -> Location:
        return Location(self.path, self.line)

    def place(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column in the file of a character of a segment's text; (line, 0) if unknown."""
        if not self.places:
            return self.line, 0
        at = bisect.bisect_right(self.places, (offset, 1 << 62)) - 1
        start, line, column = self.places[max(at, 0)]
        return line, column + offset - start + 1

    def source_of(self, form: int) -> str:
        """The English a msgstr form translates: msgid for the first form, msgid_plural after."""
        return self.msgid_plural if form and self.msgid_plural else self.msgid

    def pairs(self) -> Iterator[tuple[int, str, str]]:
        """(form, source, translation) for every non-empty translation."""
        for form, string in enumerate(self.strings):
            if string:
                yield form, self.source_of(form), string

    def texts(self) -> Iterator[tuple[int, str]]:
        """(form, text) for every non-empty translation or segment."""
        for form, string in enumerate(self.strings):
            if string:
                yield form, string

    @property
    def traits(self) -> int:
        """What the entry has that rules look for, as bits (glossary.checks.base): cheap to tell."""
        strings = self.strings
        obsolete = self.obsolete
        bits = TRANSLATED if any(strings) else UNTRANSLATED if self.kind == "po" and not obsolete else 0
        if obsolete:
            bits |= OBSOLETE
        if "fuzzy" in self.flags:
            bits |= FUZZY
        if self.msgid_plural:
            bits |= PLURAL
        if self.comments:
            bits |= COMMENTED
        blob = "\0".join((self.msgid, self.msgid_plural, *strings))
        if "%" in blob:
            bits |= PERCENT
        if "{" in blob:
            bits |= BRACES
        if "](" in blob or "`" in blob or "<" in blob:  # text.MARKUP_CHARS
            bits |= MARKUP
        if "://" in blob or "mailto:" in blob:
            bits |= URLISH
        if _DIGIT.search(blob):
            bits |= DIGIT
        for text in (self.msgid, self.msgid_plural, *strings):
            if text and (text[0].isspace() or text[-1].isspace()):  # what str.strip() would take
                return bits | SPACED
        return bits

    @property
    def suppressed(self) -> frozenset[str]:
        """Rule names and IDs listed in `# glossary-ignore: ...` translator comments."""
        return frozenset(name.casefold() for name in suppressions(self.comments))


def suppressions(comments: tuple[str, ...]) -> list[str]:
    out = []
    for comment in comments:
        text = comment.strip()
        if text.lower().startswith(SUPPRESS):
            out += [name.strip() for name in text[len(SUPPRESS) :].split(",") if name.strip()]
    return out


@dataclass(frozen=True)
class TextFile:
    """A file the checks read: its entries, and what stopped it being read, if anything."""

    path: str
    lang: str
    kind: str  # po, markdown or text
    entries: tuple[Entry, ...] = ()
    unreadable: Problem | None = None  # not found, binary, not UTF-8, unknown language
    invalid: tuple[Problem, ...] = ()  # PO syntax errors, duplicates, broken header
    header: dict[str, str] = field(default_factory=dict)  # PO header fields, lower-case keys
    header_lines: dict[str, int] = field(default_factory=dict)  # and the line of each
    text: str = ""  # the whole text of a Markdown or plain text file
    oversized: tuple[Problem, ...] = ()  # messages (or a whole file) too large to check


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in PO_SUFFIXES:
        return "po"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def decode(data: bytes, where: str) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a BOM is dropped, CRLF kept), or the located reason it is not text."""
    wrong = reading.wrong_encoding(data)
    if wrong:
        return None, Problem(wrong, location=Location(where, 1))
    if b"\0" in data[:8192]:
        return None, Problem(
            "binary file, not text; pass PO, Markdown or plain text files", location=Location(where)
        )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Problem(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8",
            location=Location(where, line),
        )


def read_file(path: Path, lang: str | None = None) -> TextFile:
    """Read a PO, Markdown or text file into entries; problems come back as data, never raised."""
    where = display_path(path)
    kind = kind_of(path)
    try:
        data = reading.read_bytes(path)  # a regular file of bounded size: a FIFO or /dev/zero never ends
    except GlossaryError as exc:
        return TextFile(where, lang or "", kind, unreadable=Problem(exc.message, location=exc.location))
    text, problem = decode(data, where)
    if text is None:
        return TextFile(where, lang or "", kind, unreadable=problem)
    if kind == "po":
        return read_po(text, where, lang)
    if not lang:
        return TextFile(where, "", kind, unreadable=_no_language(where))
    bad = _bad_language(lang, where)
    if bad:
        return TextFile(where, "", kind, unreadable=bad)
    if len(text) > MAX_MARKDOWN:
        return TextFile(where, lang, kind, oversized=(_oversized(len(text), MAX_MARKDOWN, Location(where)),))
    if kind == "markdown":
        return read_markdown(text, where, lang)
    return read_text(text, where, lang)


def _oversized(size: int, limit: int, where: Location, msgid: str | None = None) -> Problem:
    return Problem(
        f"{size:,} characters is more than the {limit:,} the checks read; split it (nothing in it was checked)",
        location=where,
        msgid=msgid[:80] if msgid is not None else None,
    )


def _no_language(where: str) -> Problem:
    return Problem("cannot tell the file's language; pass --lang (e.g. --lang es)", location=Location(where))


def _bad_language(lang: str, where: str) -> Problem | None:
    try:
        languages.locale(lang)
    except ValueError as exc:
        return Problem(str(exc), location=Location(where))
    return None


def read_markdown(text: str, where: str, lang: str) -> TextFile:
    # CommonMark reads a lone CR as a line end and NUL as U+FFFD; glossary.segment counts
    # lines by LF only, so give it the text the way the Markdown parser sees it.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    try:
        found = segments(text, where)
    except GlossaryError as exc:
        return TextFile(
            where, lang, "markdown", invalid=(Problem(exc.message, location=exc.location),), text=text
        )
    lines = text.split("\n")
    entries = tuple(
        Entry(where, s.line, lang, "markdown", strings=(s.text,), places=_segment_places(s, lines))
        for s in found
    )
    return TextFile(where, lang, "markdown", entries, text=text)


def _segment_places(seg: Segment, lines: list[str]) -> tuple[tuple[int, int, int], ...]:
    """Where each line of a Markdown segment starts in its text (lines joined by single spaces)."""
    places = [(0, seg.start + 1, seg.col)]
    if seg.end == seg.start or seg.kind in FRONT_MATTER_TEXT:
        return tuple(places)
    offset = len(lines[seg.start][seg.col :].strip()) + 1
    for number in range(seg.start + 1, min(seg.end + 1, len(lines))):
        line = lines[number].rstrip()
        # The line without what markdown-it takes off it (indentation, a `>` marker).
        rest = seg.text[offset:]
        column = next(
            (c for c in range(min(len(line), 200)) if not line[c].isspace() and rest.startswith(line[c:])),
            -1,
        )
        if column < 0:
            break
        places.append((offset, number + 1, column))
        offset += len(line) - column + 1
    return tuple(places)


# A line that ends a sentence: the next line starts a new segment. Without one (a paragraph
# wrapped at a fixed width), the next line continues the paragraph, as in Markdown.
_SENTENCE_END = re.compile(r"[.!?…:;。]['\"’”»)\]]*\s*$")
_ITEM = re.compile(r"\s*(?:[-*+•]\s|\d+[.)]\s|#)")


def read_text(text: str, where: str, lang: str) -> TextFile:
    """Plain text: one entry per line, or per paragraph where lines wrap a paragraph.

    A line continues the one before it when that line does not end a sentence and this one
    is no list item or heading; a blank line always ends a paragraph. Machine translations
    come one paragraph per line, without blank lines.
    """
    entries = []
    lines: list[str] = []
    places: list[tuple[int, int, int]] = []
    size = 0
    start = 0

    def close() -> None:
        entries.append(Entry(where, start, lang, "text", strings=("\n".join(lines),), places=tuple(places)))

    for number, line in enumerate([*text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), ""], 1):
        if line.strip():
            if lines and (_SENTENCE_END.search(lines[-1]) or _ITEM.match(line)):
                close()
                lines, places = [], []
            if not lines:
                start, size = number, 0
            places.append((size, number, 0))
            size += len(line) + 1
            lines.append(line)
        elif lines:
            close()
            lines, places = [], []
    return TextFile(where, lang, "text", tuple(entries), text=text)


# --- PO ---------------------------------------------------------------------------------


class _Raw(NamedTuple):
    """A message as the PO file writes it."""

    line: int
    ids: tuple[str, ...]
    strings: tuple[tuple[int, str], ...]
    context: str | None
    flags: frozenset[str]
    comments: tuple[str, ...]
    obsolete: bool

    @property
    def is_header(self) -> bool:
        return not self.ids[0] and self.context is None and not self.obsolete


class _Parser(PoFileParser):
    """Babel's PO tokenizer, collecting raw messages instead of filling a Catalog."""

    def __init__(self) -> None:
        super().__init__(Catalog(), ignore_obsolete=False, abort_invalid=True)
        self.raw: list[_Raw] = []

    def _process_keyword_line(self, lineno: int, line: str, obsolete: bool = False) -> None:
        keyword, _, arg = line.partition(" ")
        if keyword in ("msgid", "msgid_plural", "msgctxt") or keyword.startswith("msgstr"):
            if not _STRING.fullmatch(arg.strip()):
                what = "unterminated string" if arg.strip().startswith('"') else "one quoted string expected"
                raise PoFileError(f"{keyword}: {what}", self.catalog, line, lineno)
            if keyword.startswith("msgstr[") and not re.fullmatch(r"msgstr\[\d{1,3}\]", keyword):
                raise PoFileError(f"bad plural index {keyword!r}", self.catalog, line, lineno)
        super()._process_keyword_line(lineno, line, obsolete)

    def _process_string_continuation_line(self, line: str, lineno: int) -> None:
        if not _STRING.fullmatch(line):
            raise PoFileError("unterminated string", self.catalog, line, lineno)
        super()._process_string_continuation_line(line, lineno)

    def _add_message(self) -> None:
        self.raw.append(
            _Raw(
                line=self.offset + 1,
                ids=tuple(m.denormalize() for m in self.messages),
                strings=tuple((idx, s.denormalize()) for idx, s in self.translations),
                context=self.context.denormalize() if self.context is not None else None,
                flags=frozenset(f for f in self.flags if f),
                comments=tuple(self.user_comments),
                obsolete=self.obsolete,
            )
        )
        self.counter += 1
        self._reset_message_state()


class _Unsure(Exception):
    """The fast reader met something it leaves to Babel's parser: an error, or a rare construct."""


_MSGSTR_N = re.compile(r"msgstr\[\d{1,3}\]")


def _unescape(string: str) -> str:
    return string[1:-1] if "\\" not in string else unescape(string)


def _quoted(string: str) -> bool:
    """One C string literal, as `_STRING` says, checked the cheap way when it has no escapes."""
    if len(string) >= 2 and string[0] == string[-1] == '"' and "\\" not in string:
        return '"' not in string[1:-1]
    return _STRING.fullmatch(string) is not None


def _fast_raw(text: str) -> list[_Raw]:
    """What `_Parser` collects, without Babel's per-line objects: its state machine, line for line.

    Anything `_Parser` would reject, and the rare comment it reads with more care (a `#:`
    line with isolates), raises `_Unsure`, and `_Parser` reads the file instead, so its
    results and its errors are the only ones there are.
    """
    raw: list[_Raw] = []
    messages: list[list[str]] = []
    translations: list[tuple[int, list[str]]] = []
    context: list[str] | None = None
    flags: list[str] = []
    comments: list[str] = []
    auto = False  # an automatic comment was read (only matters for a file without messages)
    obsolete = in_msgid = in_msgstr = in_msgctxt = False
    offset = 0

    def finish() -> None:
        nonlocal context, flags, comments, obsolete, in_msgid, in_msgstr, in_msgctxt
        if not messages:
            return
        if not translations:
            raise _Unsure("missing msgstr")
        raw.append(
            _Raw(
                offset + 1,
                tuple("".join(map(_unescape, m)) for m in messages),
                tuple((idx, "".join(map(_unescape, t))) for idx, t in translations),
                "".join(map(_unescape, context)) if context is not None else None,
                frozenset(f for f in flags if f),
                tuple(comments),
                obsolete,
            )
        )
        messages.clear()
        translations.clear()
        context, flags, comments = None, [], []
        obsolete = in_msgid = in_msgstr = in_msgctxt = False

    for lineno, line in enumerate(text.split("\n")):
        line = line.strip()
        if not line:
            continue
        is_obsolete = False
        if line[0] == "#":
            second = line[1:2]
            if second == "~":
                line = line[2:].lstrip()
                if not line:
                    continue
                is_obsolete = True
            else:
                if second == "-" or (second == ":" and ("\u2068" in line or "\u2069" in line)):
                    raise _Unsure(line)
                finish()
                if second == ",":
                    flags.extend(flag.strip() for flag in line[2:].lstrip().split(","))
                elif second == ".":
                    auto = auto or bool(line[2:].strip())
                elif second != ":":
                    comments.append(line[1:].strip())
                continue
        if line[0] == '"':
            if not _quoted(line):
                raise _Unsure(line)
            if in_msgid:
                messages[-1].append(line)
            elif in_msgstr:
                translations[-1][1].append(line)
            elif in_msgctxt and context is not None:
                context.append(line)
            else:
                raise _Unsure(line)
            continue
        keyword, _, arg = line.partition(" ")
        string = arg.strip()
        if not _quoted(string):
            raise _Unsure(line)
        if keyword == "msgid" or keyword == "msgctxt":
            finish()
        obsolete = is_obsolete
        if keyword == "msgid" or keyword == "msgid_plural":
            if keyword == "msgid":
                offset = lineno
            in_msgctxt, in_msgid = False, True
            messages.append([string])
        elif keyword == "msgctxt":
            in_msgctxt = True
            context = [string]
        elif keyword == "msgstr" or _MSGSTR_N.fullmatch(keyword):
            in_msgid, in_msgstr = False, True
            translations.append((int(keyword[7:-1]) if keyword != "msgstr" else 0, [string]))
        else:
            raise _Unsure(line)
    finish()
    if not raw and (flags or comments or auto):  # Babel's empty header, from what is left
        messages.append([])
        translations.append((0, []))
        finish()
    return raw


def read_po(text: str, where: str, lang: str | None = None) -> TextFile:
    """The entries of a PO file; syntax errors, duplicates and a broken header come back as problems."""
    parser = _Parser()
    try:
        try:
            parser.raw = _fast_raw(text)
        except _Unsure:
            parser.parse(io.StringIO(text))
    except PoFileError as exc:
        line = exc.lineno + 1  # Babel counts lines from 0
        message = str(exc).rsplit(" on ", 1)[0]
        if exc.line.strip() and "quoted string" not in message and "plural index" not in message:
            shown = exc.line.strip()
            message += f": {shown[:60] + '…' if len(shown) > 60 else shown!r}"
        return TextFile(
            where,
            lang or "",
            "po",
            invalid=(Problem(f"PO syntax error: {message}", location=Location(where, line)),),
        )
    except (ValueError, IndexError, KeyError, TypeError) as exc:  # Babel's parser on odd input
        return TextFile(
            where, lang or "", "po", invalid=(Problem(f"PO syntax error: {exc}", location=Location(where)),)
        )
    return _po_file(parser.raw, text, where, lang)


def _po_file(raw_messages: list[_Raw], text: str, where: str, lang: str | None) -> TextFile:
    """The catalog's entries and what is wrong with it (header, duplicates), from its raw messages."""
    header, header_lines = _header(raw_messages, text)
    declared = header.get("language", "").replace("-", "_")
    mismatch = []
    if lang and declared and declared != lang:
        mismatch.append(
            Problem(
                f"the header says Language: {declared}, but the catalog is checked as {lang} "
                "(its folder, or --lang); fix the header or move the file",
                location=Location(where, header_lines.get("language", 0)),
            )
        )
    lang = lang or declared
    if not lang:
        return TextFile(
            where, "", "po", unreadable=_no_language(where), header=header, header_lines=header_lines
        )
    bad = _bad_language(lang, where)
    if bad:
        return TextFile(where, "", "po", unreadable=bad, header=header, header_lines=header_lines)
    nplurals, single = _plurals(header, lang)
    entries: list[Entry] = []
    invalid: list[Problem] = mismatch
    oversized: list[Problem] = []
    seen: dict[tuple[str, str | None, bool], int] = {}
    for raw in raw_messages:
        line, ids, strings, context, flags, comments, obsolete = raw
        if not ids[0] and context is None and not obsolete:
            continue  # the header
        first = seen.setdefault((ids[0], context, obsolete), line)
        if first != line:
            invalid.append(
                Problem(
                    f"duplicate message (first at line {first}); keep one entry and delete the other",
                    location=Location(where, line),
                    msgid=ids[0],
                    msgctxt=context,
                )
            )
            continue
        size = max(map(len, [*ids, *(t for _, t in strings)]))
        forms = tuple(idx for idx, _ in strings) if len(ids) > 1 else ()
        written = dict(strings)
        texts = tuple(written.get(i, "") for i in range(max([*forms, -1]) + 1 if len(ids) > 1 else 1))
        if size > MAX_MESSAGE:
            oversized.append(_oversized(size, MAX_MESSAGE, Location(where, line), ids[0]))
            continue
        entries.append(
            Entry(
                where,
                line,
                lang,
                "po",
                msgid=ids[0],
                msgid_plural=ids[1] if len(ids) > 1 else "",
                msgctxt=context,
                strings=texts,
                forms=forms,
                flags=flags,
                comments=comments,
                obsolete=obsolete,
                nplurals=nplurals,
                single_forms=single,
            )
        )
    return TextFile(
        where,
        lang,
        "po",
        tuple(entries),
        invalid=tuple(invalid),
        header=header,
        header_lines=header_lines,
        oversized=tuple(oversized),
    )


_HEADER_LINES = re.compile(r'^(?:"|msgid)[^\n]*', re.M)  # where the header's fields may be


def _header(raw: list[_Raw], text: str) -> tuple[dict[str, str], dict[str, int]]:
    header: dict[str, str] = {}
    lines: dict[str, int] = {}
    first = next((r for r in raw if not r[1][0] and r[3] is None and not r[6]), None)  # _Raw.is_header
    if first is None:
        return header, lines
    strings = dict(first[2])
    for item in str(strings.get(0, "")).split("\n"):
        key, colon, value = item.partition(":")
        if colon and key.strip():
            header[key.strip().lower()] = value.strip()
    number, counted = 1, 0
    for m in _HEADER_LINES.finditer(text):  # from the top, until the message after the header
        number += text.count("\n", counted, m.start())
        counted = m.start()
        line = m.group(0)
        if line.startswith('"'):
            key = line[1:].split(":", 1)[0].strip().lower()
            if key in header and key not in lines:
                lines[key] = number
        elif number > first[0]:
            break
    return header, lines


def plural_rule(header: dict[str, str]) -> tuple[int, str]:
    """The header's nplurals and plural expression; (0, '') when it has no Plural-Forms."""
    value = header.get("plural-forms", "")
    count = re.search(r"nplurals\s*=\s*(\d+)", value)
    expr = re.search(r"plural\s*=\s*([^;]+)", value)
    return (int(count.group(1)) if count else 0), (expr.group(1).strip() if expr else "")


def numbers_per_form(expression: str) -> dict[int, list[int]] | None:
    """Which sample numbers the plural expression sends to each form; None if it is not valid C."""
    try:
        func = gettext.c2py(expression)
        out: dict[int, list[int]] = {}
        for n in _SAMPLES:
            out.setdefault(func(n), []).append(n)
        return out
    except (ValueError, ArithmeticError, TypeError, SyntaxError):
        return None


def _plurals(header: dict[str, str], lang: str) -> tuple[int, frozenset[int]]:
    count, expr = plural_rule(header)
    if not expr:
        cldr = get_plural(lang)
        count, expr = cldr.num_plurals, cldr.plural_expr
    per_form = numbers_per_form(expr) or {}
    return count, frozenset(form for form, numbers in per_form.items() if len(numbers) == 1)


def _occurrences(text: str, needles: Iterable[str]) -> Iterator[int]:
    """Where each needle is in text (a plain search per needle beats one pattern of them all)."""
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            yield at
            at = text.find(needle, at + 1)


# --- what every rule may consult --------------------------------------------------------


@dataclass
class Context:
    """Shared by the rules of one run: the termbase and its term matchers, built once per language."""

    termbase: Termbase | None = None
    _matchers: dict[str, Any] = field(default_factory=dict)
    _found: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    _joined: tuple[Sequence[Entry], tuple[list[str], list[int], str]] | None = None
    _sources: tuple[Sequence[Entry], list[str]] | None = None
    _pieces: tuple[str, list[str], set[str]] | None = None
    _terms_of: dict[tuple[str, str, tuple[str, ...]], tuple[Any, ...]] = field(default_factory=dict)

    def find(self, lang: str, text: str) -> list[Any]:
        """The matcher's terms in the prose of text (glossary.terms.Match; link targets, code and
        placeholders left out), remembered by text: several rules ask, and masking is not free."""
        key = (lang, text)
        found = self._found.get(key)
        if found is None:
            if len(self._found) > 4096:
                self._found.clear()
            matcher = self.matcher(lang)
            found = self._found[key] = [] if matcher is None else matcher.find(mask(text))
        return found

    def with_terms(self, entries: Sequence[Entry]) -> set[int]:
        """The positions of the entries whose translations or sources may hold a term or a concept link.

        Most texts have no term at all. TermMatcher.find only starts a match at a word its
        `_word` says can start one (a term's first word, with Hebrew prefix letters, or a
        word of prefix letters only), so one search of all the words of all the entries
        finds the few that can, and a second one the entries they are in.
        """
        out: set[int] = set()
        if self.termbase is None:
            return out
        texts, text_of, joined = self.translations(entries)
        searches = [
            (texts, text_of, joined, len(JOINER), lang) for lang in {entries[i].lang for i in text_of}
        ]
        if entries and entries[0].has_source:  # a file's entries are all of one kind
            out.update(
                i
                for i, e in enumerate(entries)
                if ("concept:" in e.msgid or "concept:" in e.msgid_plural) and any(e.strings)
            )
            sources = self.sources(entries)
            searches.append((sources, text_of, scan_masked(sources), 1, SOURCE_LANGUAGE))
        for found, owner, whole, gap, lang in searches:
            starters = self._starters(lang, whole)
            if starters:
                ends = list(itertools.accumulate(map(operator.add, map(len, found), itertools.repeat(gap))))
                out.update(owner[bisect.bisect_right(ends, at)] for at in _occurrences(whole, starters))
        return out

    def translations(self, entries: Sequence[Entry]) -> tuple[list[str], list[int], str]:
        """Every translation of the entries, the position of its entry, and all of them joined.

        Joined for the searches through a whole file at once: by a line holding a word of
        its own (`JOINER`), with placeholders and URLs blanked (text.scan_masked). Made once
        for the entries of a file, whichever search asks first.
        """
        if self._joined is None or self._joined[0] is not entries:
            texts = [s for e in entries for s in e.strings if s]
            owner = [i for i, e in enumerate(entries) for s in e.strings if s]
            self._joined = (entries, (texts, owner, scan_masked(texts, JOINER)))
        return self._joined[1]

    def pieces(self, text: str) -> tuple[list[str], set[str]]:
        """The space-separated pieces of a joined text, and the distinct ones (the last text asked is kept)."""
        if self._pieces is None or self._pieces[0] is not text:
            found = text.split()
            self._pieces = (text, found, set(found))
        return self._pieces[1], self._pieces[2]

    def sources(self, entries: Sequence[Entry]) -> list[str]:
        """The English source of each translation `translations` lists, in its order (none for segments)."""
        if self._sources is None or self._sources[0] is not entries:
            found = []
            if entries and entries[0].has_source:  # a file's entries are all of one kind
                found = [
                    e.msgid_plural if f and e.msgid_plural else e.msgid
                    for e in entries
                    for f, s in enumerate(e.strings)
                    if s
                ]
            self._sources = (entries, found)
        return self._sources[1]

    def _starters(self, lang: str, text: str) -> set[str]:
        """The words of text that can start a term of lang (see `with_terms`)."""
        matcher = self.matcher(lang)
        if matcher is None:
            return set()
        from glossary.terms import _WORD  # the words TermMatcher.find looks at

        # No word holds a space: the words of the distinct space-separated pieces are the
        # words of the text, found in far fewer pieces (most pieces repeat).
        words = set(_WORD.findall(" ".join(self.pieces(text)[1])))
        if not matcher._hebrew:  # no prefix letters: a word starts a term if its key is a first word
            from glossary.terms import _key

            return {word for word in words if _key(word) in matcher._root}
        return {word for word in words if matcher._word(word)[1] or matcher._word(word)[2]}

    def matcher(self, lang: str) -> Any:
        """The termbase's TermMatcher for lang (glossary.terms), or None without a termbase."""
        if self.termbase is None:
            return None
        if lang not in self._matchers:
            from glossary.terms import TermMatcher  # the terminology stage; loaded when first needed

            self._matchers[lang] = TermMatcher(self.termbase, lang)
        return self._matchers[lang]

    def terms_of(self, concept: str, lang: str, *statuses: str) -> tuple[Any, ...]:
        """A concept's terms in lang with one of the statuses (termbase.Term), remembered: a
        catalog with a finding in every message asks for the same few again and again."""
        key = (concept, lang, statuses)
        found = self._terms_of.get(key)
        if found is None:
            assert self.termbase is not None
            found = self._terms_of[key] = self.termbase.concept(concept).terms_in(lang, *statuses)
        return found

    def terms(self, lang: str, *statuses: str) -> set[str]:
        """Every normalized form of the termbase's terms in lang with one of the statuses."""
        if self.termbase is None:
            return set()
        return {
            normalize(form)
            for concept in self.termbase
            for term in concept.terms_in(lang, *statuses)
            for form in term.all_forms
        }


@dataclass(frozen=True)
class ProjectData:
    """Everything `glossary check` reads from a project, and what could not be read."""

    root: str
    locales: tuple[str, ...]
    files: tuple[TextFile, ...]
    termbase: Termbase | None
    termbase_error: Problem | None = None
    rules: Ruleset | None = None
    scenarios: tuple[Scenario, ...] = ()
    quiz_error: Problem | None = None

    @property
    def entries(self) -> Iterator[Entry]:
        for file in self.files:
            yield from file.entries
