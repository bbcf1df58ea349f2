"""Reading a translation the way the checks need it: placeholders, markup, words, bidi controls.

Link targets, images, inline code and HTML come from markdown-it's inline tokens (what the
site will really render); placeholders, URLs and numbers are read from the text around them.
`mask` blanks out everything that is not prose, keeping offsets, so word-level checks and
term matching never look inside a link target, a placeholder or a code span.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from glossary.segment import inline_tokens

OBJECT = "\ufffc"  # what masked text is replaced with: not a letter, not a space
PRINTF = re.compile(r"%(?:\(([\w]*)\))?([-#0 +]?(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?)([diouxXeEfFgGcrs%])")
# What masking blanks out: named placeholders always; a positional one only if it cannot be
# prose ("50% in" is not "% i").
PRINTF_SURE = re.compile(
    r"%\([\w]*\)[-#0 +]?(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrs]|%[-#0+]?\d*(?:\.\d+)?[sd](?![A-Za-z])"
)
BRACE = re.compile(r"(?<!\{)\{([A-Za-z_]\w*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]\"'`]+[^\s<>()\[\]\"'`.,;:!?]|\bmailto:[^\s<>()]+\w")
LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
CODE = re.compile(r"(?<!`)(`+)[^`]+\1(?!`)")
HTML = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|<!--.{0,2000}?-->", re.S)
NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
HEBREW_MARKS = "\u0591-\u05c7"
WORD = re.compile(rf"[^\W_][\w{HEBREW_MARKS}]*(?:['’\"׳״־-][^\W_][\w{HEBREW_MARKS}]*)*")
# What a text needs for markdown-it to find links, images, code or HTML in it: an inline link
# `](`, a backtick, or `<` (HTML and autolinks). A lone `[` is text: messages are parsed
# inline, without the reference definitions a `[name]` link would need.
MARKUP_CHARS = ("](", "`", "<")

EMBEDDINGS = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e"}  # LRE RLE PDF LRO RLO
ISOLATES = {"\u2066", "\u2067", "\u2068"}  # LRI RLI FSI
POP_ISOLATE = "\u2069"
MARKS = {"\u200e", "\u200f", "\u061c"}  # LRM RLM ALM
BIDI = EMBEDDINGS | ISOLATES | {POP_ISOLATE} | MARKS


def codepoint(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE': how a message names an invisible character."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def hidden(char: str) -> bool:
    """A character `visible` shows by its code point: a bidi control, another format or control character."""
    return char in BIDI or (
        unicodedata.category(char) in ("Cf", "Cc", "Co", "Cs") and char not in "\t\n\u200c\u200d"
    )


def visible(text: str) -> str:
    """Text safe to print: bidi controls and other invisible format characters as <U+XXXX>.

    Most texts are printable throughout (`str.isprintable`, in C); the others are looked at
    once per distinct character, not once per character.
    """
    if text.isprintable():
        return text
    chars = set(text)
    new = chars - _SHOWN - _ESCAPES.keys()
    if new:
        for c in new:
            if hidden(c):
                _ESCAPES[c] = f"<U+{ord(c):04X}>"
            else:
                _SHOWN.add(c)
    escaped = chars & _ESCAPES.keys()
    return _escaping(frozenset(escaped)).sub(_escape, text) if escaped else text


@lru_cache(maxsize=256)
def _escaping(chars: frozenset[str]) -> re.Pattern[str]:
    # A regex finds the few characters to escape in C; str.translate looks up every character.
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def _escape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


_SHOWN: set[str] = set()  # characters seen that `visible` leaves as they are
_ESCAPES: dict[str, str] = {}  # and those it writes as their code point


@dataclass(frozen=True)
class Markup:
    """The parts of a string a translation must keep as they are."""

    printf: tuple[str, ...]  # %(name)s, %d
    braces: tuple[str, ...]  # {name}
    links: tuple[str, ...]  # Markdown link targets other than concept: links
    images: tuple[str, ...]  # Markdown image sources
    concepts: tuple[str, ...]  # concept ids linked with (concept:id)
    code: tuple[str, ...]  # inline code spans
    html: tuple[str, ...]  # inline HTML tags
    urls: tuple[str, ...]  # URLs written out in the text

    @property
    def placeholders(self) -> tuple[str, ...]:
        return self.printf + self.braces


@lru_cache(maxsize=8192)
def markup(text: str) -> Markup:
    """What a string contains that is not prose (cached: every message is read twice or more)."""
    printf = printf_placeholders(text)
    braces = tuple(m.group(0) for m in BRACE.finditer(text))
    links: list[str] = []
    images: list[str] = []
    concepts: list[str] = []
    code: list[str] = []
    html: list[str] = []
    autolinks: list[str] = []
    if any(c in text for c in MARKUP_CHARS):
        for token in inline_tokens(text):
            if token.type == "link_open":
                href = str(token.attrs.get("href", ""))
                if token.markup == "autolink":
                    autolinks.append(href)
                elif href.startswith("concept:"):
                    concepts.append(href.removeprefix("concept:"))
                else:
                    links.append(href)
            elif token.type == "image":
                images.append(str(token.attrs.get("src", "")))
            elif token.type == "code_inline":
                code.append(token.content)
            elif token.type == "html_inline":
                html.append(token.content)
    urls = [m.group(0) for m in URL.finditer(text) if m.group(0) not in links + images] + [
        u for u in autolinks if not URL.fullmatch(u)
    ]
    return Markup(
        printf,
        braces,
        tuple(links),
        tuple(images),
        tuple(concepts),
        tuple(code),
        tuple(html),
        tuple(urls),
    )


def numbers(text: str) -> tuple[str, ...]:
    """The numbers in the prose of text (placeholders, links, code, URLs left out), separators removed."""
    return tuple(map(_digits, NUMBER.findall(mask(text))))


def printf_placeholders(text: str) -> tuple[str, ...]:
    """The `%` placeholders of a text (`%(name)s`, `%d`), without the `%%` of a plain percent sign."""
    return _printf_placeholders(text) if "%" in text else ()


@lru_cache(maxsize=8192)
def _printf_placeholders(text: str) -> tuple[str, ...]:
    return tuple(m.group(0) for m in PRINTF.finditer(text) if m.group(3) != "%")


def _digits(number: str) -> str:
    if number.isascii():
        return number.replace(",", "").replace(".", "")
    return "".join(str(unicodedata.digit(c)) for c in number if c.isdigit())


# What each pattern mask blanks out must contain: most texts have none of them.
_MASKED = (
    (PRINTF, "%"),
    (BRACE, "{"),
    (LINK_TARGET, "]("),
    (CODE, "`"),
    (HTML, "<"),
    (URL, "://"),
    (URL, "mailto:"),
)
_MASKABLE = re.compile(r"[%{`<\]:]")  # one of them starts every needle: a quick scan


_MASKS: dict[str, str] = {}  # remembered: every rule that looks at words asks for the same texts
_MASKS_KEPT = 1 << 16


def mask(text: str) -> str:
    """The text with placeholders, link targets, code, HTML and URLs blanked out, offsets kept."""
    if _MASKABLE.search(text) is None:
        return text
    masked = _MASKS.get(text)
    if masked is None:
        masked = _mask(text)
        if len(text) < 2_000:  # a long text is masked each time rather than kept
            if len(_MASKS) >= _MASKS_KEPT:
                _MASKS.clear()
            _MASKS[text] = masked
    return masked


def scan_masked(texts: Iterable[str], separator: str = "\n") -> str:
    """The texts joined by a line end (or a separator on lines of its own), placeholders and URLs blanked.

    Less than `mask` blanks, for one search through many texts at once: neither pattern
    crosses a line end, so each text is blanked as it would be alone, offsets kept. What
    `mask` blanks besides (braces, link targets, code, HTML) starts and ends with a
    character that is no part of a word, so a word `mask` leaves is a word here too, and two
    words with only spaces between them in `mask`'s text have only those between them here:
    a search for words finds them all.
    """
    joined = separator.join(_blank(t, (URL,)) if "://" in t or "mailto:" in t else t for t in texts)
    return PRINTF.sub(_blanked, joined) if "%" in joined else joined


def _blanked(match: re.Match[str]) -> str:
    return OBJECT * (match.end() - match.start())


def _mask(text: str) -> str:
    return _blank(text, dict.fromkeys(pattern for pattern, needle in _MASKED if needle in text))


def _blank(text: str, patterns: Iterable[re.Pattern[str]]) -> str:
    spans = sorted(m.span() for pattern in patterns for m in pattern.finditer(text))
    if not spans:
        return text
    out: list[str] = []
    done = 0  # the spans may overlap: every character in one of them is blanked
    for start, end in spans:
        if end > done:
            start = max(start, done)
            out += (text[done:start], OBJECT * (end - start))
            done = end
    out.append(text[done:])
    return "".join(out)


def words(text: str) -> list[tuple[int, int, str]]:
    """The words of a text with their offsets; Hebrew letters, geresh and gershayim included."""
    return [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text)]


def only_markup(text: str) -> bool:
    """True if the text has no words of its own: only placeholders, links, code, numbers, punctuation."""
    return not any(w for _, _, w in words(mask(text)) if not w.isdigit())


def find(text: str, needle: str, start: int = 0) -> tuple[int, int] | None:
    """The span of needle in text, for highlighting; None if it is not there."""
    at = text.find(needle, start) if needle else -1
    return (at, at + len(needle)) if at >= 0 else None
