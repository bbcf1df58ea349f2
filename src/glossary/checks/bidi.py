"""Bidi rules: invisible controls that reorder text (the "Trojan Source" characters) in translations."""

from __future__ import annotations

import re
from collections.abc import Iterator

from glossary.checks.base import ERROR, Problem, rule
from glossary.checks.inputs import Context, TextFile
from glossary.checks.text import EMBEDDINGS, ISOLATES, POP_ISOLATE, codepoint
from glossary.errors import Location

_CONTROLS = re.compile("[" + "".join(sorted(EMBEDDINGS | ISOLATES | {POP_ISOLATE})) + "]")


def _texts(file: TextFile) -> Iterator[tuple[int, str, str, str | None, str | None]]:
    """(line, text, source, msgid, msgctxt) for every translation with a bidi control in it; loose files line by line."""
    if file.kind == "po":
        for entry in file.entries:
            for form, string in entry.texts():
                if _CONTROLS.search(string):
                    yield entry.line, string, entry.source_of(form), entry.msgid, entry.msgctxt
    else:
        for number, line in enumerate(file.text.split("\n"), 1):
            if any(c in line for c in EMBEDDINGS | ISOLATES | {POP_ISOLATE}):
                yield number, line, "", None, None


@rule("BID001", "bidi-embedding", ERROR, "file")
def bidi_embedding(file: TextFile, ctx: Context) -> Iterator[Problem]:
    """A translation contains a bidi embedding or override (U+202A to U+202E).

    ## What it does
    Reports LEFT-TO-RIGHT EMBEDDING (U+202A), RIGHT-TO-LEFT EMBEDDING (U+202B), POP
    DIRECTIONAL FORMATTING (U+202C), LEFT-TO-RIGHT OVERRIDE (U+202D) and RIGHT-TO-LEFT
    OVERRIDE (U+202E), named by code point, never printed raw. The marks LRM (U+200E), RLM
    (U+200F) and ALM (U+061C) are fine, and so are balanced isolates (see BID002).

    ## Why it matters
    Overrides reorder the characters a reader sees without changing the text: a phrase can
    display reversed, or look like something else than what it says. An embedding that is
    not closed leaks into the rest of the page. Isolates do the legitimate job better.

    ## Example
    `msgstr "הלקוח קנה <U+202E>CRM<U+202C>"` is reported as `U+202E RIGHT-TO-LEFT OVERRIDE`.
    Remove it; to keep a Latin phrase in a Hebrew sentence in order, wrap it in U+2068 FIRST
    STRONG ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE, or nothing at all.
    """
    for line, text, source, msgid, msgctxt in _texts(file):
        seen: set[str] = set()
        for at, char in enumerate(text):
            if char in EMBEDDINGS and char not in seen:
                seen.add(char)
                why = "the source has it too" if char in source else "the source has none"
                yield Problem(
                    f"{codepoint(char)} ({why}); remove it, or use an isolate (U+2068 ... U+2069) instead",
                    text,
                    (at, at + 1),
                    Location(file.path, line),
                    msgid,
                    msgctxt,
                )


@rule("BID002", "unbalanced-isolate", ERROR, "file")
def unbalanced_isolate(file: TextFile, ctx: Context) -> Iterator[Problem]:
    """A bidi isolate (U+2066 to U+2068) is not closed by U+2069, or U+2069 closes nothing.

    ## What it does
    Pairs LEFT-TO-RIGHT ISOLATE (U+2066), RIGHT-TO-LEFT ISOLATE (U+2067) and FIRST STRONG
    ISOLATE (U+2068) with POP DIRECTIONAL ISOLATE (U+2069) in each translation and reports
    an opener without its closer and a closer without its opener, by code point.

    ## Why it matters
    Isolates are the right way to keep a left-to-right phrase in order inside Hebrew text,
    but an unclosed one swallows the rest of the line: what follows is laid out in the wrong
    direction, and where the string is inserted into a page, the rest of the page with it.

    ## Example
    `msgstr "נרשם ב־<U+2068>CRM"` is reported (U+2068 FIRST STRONG ISOLATE is not closed);
    write `"נרשם ב־<U+2068>CRM<U+2069>"` (`<U+2068>` stands for the invisible character).
    """
    for line, text, _source, msgid, msgctxt in _texts(file):
        where = Location(file.path, line)
        open_at: list[int] = []
        for at, char in enumerate(text):
            if char in ISOLATES:
                open_at.append(at)
            elif char == POP_ISOLATE:
                if open_at:
                    open_at.pop()
                else:
                    yield Problem(
                        f"{codepoint(char)} closes no isolate", text, (at, at + 1), where, msgid, msgctxt
                    )
        for at in open_at:
            yield Problem(
                f"{codepoint(text[at])} is not closed by U+2069 POP DIRECTIONAL ISOLATE",
                text,
                (at, at + 1),
                where,
                msgid,
                msgctxt,
            )
