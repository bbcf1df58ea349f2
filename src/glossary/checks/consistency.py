"""Consistency rules: how one language translates the same thing across all its catalogs."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator

from glossary.checks.base import WARNING, Problem, rule
from glossary.checks.inputs import Entry, ProjectData
from glossary.checks.text import only_markup, words

MIN_WORDS = 3


def _same(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _loose(text: str) -> str:
    """A source as a reader hears it: without case, edge punctuation or extra spaces."""
    return _same(text).casefold().strip(" .:;!?…¿¡\"'")


def _groups(data: ProjectData, key: Callable[[Entry], object]) -> dict[tuple[str, object], list[Entry]]:
    groups: dict[tuple[str, object], list[Entry]] = {}
    for entry in data.entries:
        if entry.has_source and entry.active:
            groups.setdefault((entry.lang, key(entry)), []).append(entry)
    return groups


def _short(text: str, limit: int = 60) -> str:
    text = _same(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@rule("CNS001", "inconsistent-translation", WARNING, "project")
def inconsistent_translation(data: ProjectData) -> Iterator[Problem]:
    """One source is translated differently in different places.

    ## What it does
    Groups the translated messages of each language across all its catalogs by source
    (`msgid`, `msgid_plural` and `msgctxt` together) and reports every translation that
    differs from the first one. Messages with different `msgctxt` are different sources:
    the context is there precisely to allow different translations.

    ## Why it matters
    The same button, label or sentence should read the same everywhere on the site.

    ## Example
    `msgid "Lead"` translated `"Lead"` in `pages.po` and `"Cliente potencial"` in `ui.po`
    (neither with a `msgctxt`) is reported on the second.
    """
    groups = _groups(data, lambda e: (e.msgid, e.msgid_plural, e.msgctxt))
    for group in groups.values():
        first = group[0]
        for entry in group[1:]:
            if tuple(map(_same, entry.strings)) != tuple(map(_same, first.strings)):
                text = next((s for s in entry.strings if s), "")
                yield Problem(
                    f"translated differently at {first.location}: {_short(first.strings[0])!r}",
                    text,
                    (0, len(text)),
                    entry.location,
                    entry.msgid,
                    entry.msgctxt,
                )


@rule("CNS002", "shared-translation", WARNING, "project")
def shared_translation(data: ProjectData) -> Iterator[Problem]:
    """One translation is used for different sources.

    ## What it does
    Groups the translated singular messages of each language across all its catalogs by
    translation and reports a translation of three words or more that stands for sources
    that differ in more than case and end punctuation. Shorter translations are left out:
    short labels often and rightly merge what English says in two ways (Hebrew `לא ידוע`
    is both "unknown" and "Don't know"), and a label that loses a concept is
    `missing-term`'s business. So are translations that are only placeholders or links.

    ## Why it matters
    Two different English texts with one translation usually means one of them was
    translated by copy and paste, or the language lost a distinction the English makes
    (met vs. missing, lead vs. opportunity).

    ## Example
    `msgid "They can afford it."` and `msgid "They cannot afford it."` both translated
    `"Pueden pagarlo."` are reported.
    """
    groups = _groups(data, lambda e: None if e.plural else _same(e.strings[0]))
    for (_, key), group in groups.items():
        if key is None or only_markup(str(key)) or len(words(str(key))) < MIN_WORDS:
            continue
        first = group[0]
        for entry in group[1:]:
            if _loose(entry.msgid) != _loose(first.msgid):
                text = entry.strings[0]
                yield Problem(
                    f"the same translation stands for {_short(first.msgid)!r} at {first.location}",
                    text,
                    (0, len(text)),
                    entry.location,
                    entry.msgid,
                    entry.msgctxt,
                )
