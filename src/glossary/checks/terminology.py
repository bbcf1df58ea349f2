"""Terminology rules: the termbase's terms in translations (matching is glossary.terms')."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from glossary.checks.base import ERROR, TERMS, WARNING, Problem, finds, rule
from glossary.checks.inputs import Context, Entry
from glossary.checks.text import markup
from glossary.languages import SOURCE_LANGUAGE
from glossary.termbase import normalize
from glossary.terms import UNTRANSLATED, Match

ACCEPTED = ("preferred", "admitted")


def _find(ctx: Context, lang: str, text: str) -> list[Any]:
    """Term matches in the prose of text (link targets, code and placeholders left out)."""
    return ctx.find(lang, text)


def mentioned(ctx: Context, source: str, clearly: bool = False) -> set[str]:
    """The concepts an English source talks about: by one of their terms, or by a concept link.

    clearly: only what cannot be an everyday word: a concept link, a term of two or more
    words (`ability to pay`), an abbreviation (`CRM`). "They need it" is not about the
    concept `need`; "[need](concept:need)" and "a sales lead" are.
    """
    found = _find(ctx, SOURCE_LANGUAGE, source)
    if clearly:
        found = [m for m in found if len(m.surface.split()) > 1 or m.surface.isupper()]
    # A concept link is an inline link, `[words](concept:id)`: no "](", no link to parse.
    return {m.concept for m in found} | (set(markup(source).concepts) if "](" in source else set())


@finds(TERMS)
def with_terms(entries: Sequence[Entry], ctx: Context) -> set[int]:
    """The entries whose translations or sources may hold a term or a concept link."""
    return ctx.with_terms(entries)


def _terms(ctx: Context, concept: str, lang: str, *statuses: str) -> list[str]:
    return [t.text for t in ctx.terms_of(concept, lang, *statuses)]


@rule("TRM001", "forbidden-term", ERROR, "entry", needs=TERMS)
def forbidden_term(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A translation uses a term the termbase forbids for the concept the source talks about.

    ## What it does
    Finds the termbase's forbidden terms of the target language in each translation, in
    any inflection the matcher knows (Spanish number and gender, Hebrew prefix letters and
    the article: `ולמובילים`). In a PO message it reports a forbidden term when the source
    mentions that concept (one of its English terms, or a `(concept:id)` link), so the same
    word in another sense is left alone: Hebrew `ספק מוביל` for "a leading supplier" is
    fine, because the English says nothing about leads. In a Markdown or text file, which has no
    source, every forbidden term is reported. A text that discusses the wrong term on
    purpose says so with `# glossary-ignore: forbidden-term`.

    ## Why it matters
    Forbidden terms are the known mistranslations: "lead" as the metal (`plomo`, `עופרת`),
    as a leader (`líder`, `מוביל`). A trainee who reads them learns the wrong word.

    ## Example
    ```po
    msgid "A lead is a contact who could buy."
    msgstr "Un líder es un contacto que podría comprar."
    ```
    is reported: `'líder' is a forbidden es term for 'lead'; use 'lead'`.
    """
    if ctx.termbase is None:
        return
    for form, string in entry.texts():
        matches = [m for m in _find(ctx, entry.lang, string) if m.status == "forbidden"]
        if not matches:
            continue
        about = mentioned(ctx, entry.source_of(form)) if entry.has_source else None
        # A segment's findings each get their own line and column; a PO message has one
        # place, so a word it repeats is reported there once.
        reported: set[str] | None = None if entry.places else set()
        for m in matches:
            if about is not None and m.concept not in about:
                continue
            if reported is not None:
                if m.surface.casefold() in reported:
                    continue
                reported.add(m.surface.casefold())
            use = (
                " or ".join(repr(t) for t in _terms(ctx, m.concept, entry.lang, "preferred"))
                or "another term"
            )
            note = next(
                (
                    t.note
                    for t in ctx.terms_of(m.concept, entry.lang, "forbidden")
                    if t.text == m.term and t.note
                ),
                "",
            )
            why = f" ({note})" if note else ""
            yield Problem(
                f"{m.surface!r} is a forbidden {entry.lang} term for {m.concept!r}{why}; use {use}",
                string,
                (m.start, m.end),
            )


@rule("TRM002", "missing-term", WARNING, "entry", needs=TERMS)
def missing_term(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """The source mentions a concept, and the translation uses none of its accepted terms.

    ## What it does
    Finds the concepts an English source clearly mentions and reports each one for which the
    translation has neither the preferred term nor an admitted one, in any inflection the
    matcher knows. Clearly means by a `(concept:id)` link, by an English term of two or more
    words (`ability to pay`) or by an abbreviation (`CRM`): single English words such as
    "need", "lead" or "contact" are as often verbs or everyday words ("they need it"), and a
    translation rightly says those another way. A concept whose forbidden term is used is
    left to `forbidden-term`.

    ## Why it matters
    A paraphrase hides the term the training teaches: a trainee who reads "posible
    comprador" where the English says "lead" never learns that the Spanish term is "lead".

    ## Example
    ```po
    msgid "Is this [contact](concept:contact) a lead?"
    msgstr "¿Esta persona es un posible comprador?"
    ```
    is reported for `contact` (use `contacto`). Written `a [lead](concept:lead)`, the lead
    would be reported too (use `lead` or `cliente potencial`).
    """
    if ctx.termbase is None or not entry.has_source:
        return
    for _form, source, string in entry.pairs():
        found = {m.concept for m in _find(ctx, entry.lang, string)}
        for concept in sorted(mentioned(ctx, source, clearly=True) - found):
            accepted = _terms(ctx, concept, entry.lang, *ACCEPTED)
            if accepted:
                yield Problem(
                    f"the source mentions {concept!r}, but the translation has none of its {entry.lang} terms: "
                    + ", ".join(repr(t) for t in accepted),
                    string,
                )


@rule("TRM003", "mixed-variants", WARNING, "entry", needs=TERMS)
def mixed_variants(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """One text uses several accepted terms for the same concept.

    ## What it does
    Reports a translation (or a segment of a Markdown or text file) that uses two or more
    different accepted terms of one concept: the preferred one and an admitted one, or two
    admitted ones. Inflected forms of one term count as that term. When the English source
    itself uses two terms for the concept, the translation may too. Only terms a reader
    could take for two things count: an abbreviation and its expansion (`CRM`, `ניהול
    קשרי לקוחות`) and a term and its own longer form (`oportunidad`, `oportunidad de
    venta`) do not, and terms of two concepts never do.

    ## Why it matters
    Admitted variants are fine, but a reader who meets two words for one thing in one text
    takes them for two things. Choose one per text.

    ## Example
    `msgstr "Un lead es un contacto... Cada cliente potencial..."` is reported: write
    `lead` both times, or `cliente potencial` both times.
    """
    if ctx.termbase is None:
        return
    for form, string in entry.texts():
        seen: dict[str, list[str]] = {}
        allowed: set[str] = set()
        if entry.has_source:
            english: dict[str, set[str]] = {}
            for m in _find(ctx, SOURCE_LANGUAGE, entry.source_of(form)):
                english.setdefault(m.concept, set()).add(m.term)
            allowed = {c for c, terms in english.items() if len(terms) > 1}
        for m in _find(ctx, entry.lang, string):
            if m.status not in ACCEPTED or m.concept in allowed:
                continue
            terms = seen.setdefault(m.concept, [])
            other = next((t for t in terms if _confusable(t, m.term)), None)
            if m.term not in terms:
                terms.append(m.term)
            if other is not None:
                yield Problem(
                    f"{m.surface!r} and {other!r} are both terms for {m.concept!r}; use one of them in one text",
                    string,
                    (m.start, m.end),
                )
                allowed.add(m.concept)  # once per concept is enough


def _confusable(one: str, other: str) -> bool:
    """Whether a reader could take two terms of one concept for two things.

    Not an abbreviation and what it stands for (CRM, ניהול קשרי לקוחות), and not a term and
    its own longer form (oportunidad, oportunidad de venta; משפך, משפך מכירות): the shorter
    one reads as short for the longer.
    """
    if one == other:
        return False
    if _is_abbreviation(one) != _is_abbreviation(other):
        return False
    a, b = normalize(one).split(), normalize(other).split()
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return not any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _is_abbreviation(term: str) -> bool:
    return term.isupper() and " " not in term and len(term) <= 6


@rule("TRM004", "untranslated-term", ERROR, "entry", needs=TERMS)
def untranslated_term(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A translation leaves an English term in English where the termbase has a term of its own.

    ## What it does
    Finds the termbase's English terms (in any inflection: `Lead`, `leads`, `opportunity`)
    written in Latin script inside a Spanish or Hebrew text, unless the termbase lists the
    same spelling for that language too: `CRM`, `BANT`, `MQL` and Spanish `lead` are terms of
    their own and pass. As `forbidden-term` does, in a PO message it reports only the
    concepts the source mentions.

    ## Why it matters
    Machine translation leaves the words it does not know as they are, and a Hebrew reader
    meets "Lead" in the middle of a sentence, a Spanish one "opportunity": the term the
    training teaches is missing, and the text reads as unfinished.

    ## Example
    ```text
    צוות המכירות מעביר כל Lead לבדיקה.
    ```
    is reported: `'Lead' is English left in he text for 'lead'; use 'ליד'`. Written
    `כל ליד`, it passes; so does `ב-CRM`, which the termbase admits in Hebrew.
    """
    if ctx.termbase is None:
        return
    for form, string in entry.texts():
        matches = [m for m in _find(ctx, entry.lang, string) if m.status == UNTRANSLATED]
        if not matches:
            continue
        about = mentioned(ctx, entry.source_of(form)) if entry.has_source else None
        reported: set[str] | None = None if entry.places else set()
        for m in matches:
            if (about is not None and m.concept not in about) or _mentioned_in_english(string, m, entry.lang):
                continue
            if reported is not None:
                if m.surface.casefold() in reported:
                    continue
                reported.add(m.surface.casefold())
            use = " or ".join(repr(t) for t in _terms(ctx, m.concept, entry.lang, "preferred")) or "a term"
            yield Problem(
                f"{m.surface!r} is English left in {entry.lang} text for {m.concept!r}; use {use}",
                string,
                (m.start, m.end),
            )


_OPENING = "(\"'«“‘„*_`["
_CLOSING = ")\"'»”’*_`]"
_GLOSSING = frozenset(["פירושו", "פירושה", "פירוש", "כלומר", "significa", "equivale", "quiere"])
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w\u00c0-\u024f'’-]*")
_WORD_BEFORE = re.compile(r"([\w\u00c0-\u024f\u0590-\u05ff'’-]+)[\s,־\u200e\u200f\u061c-]*$")
_WORD_AFTER = re.compile(r"[\s,־\u200e\u200f\u061c-]*([\w\u00c0-\u024f\u0590-\u05ff'’-]+)")


def _mentioned_in_english(text: str, m: Match, lang: str) -> bool:
    """Whether an English term in a translation is named rather than used: quoted, glossed, a name.

    `צורך (Need)`, `«prospect»`, `Budget (presupuesto)`, `Budget פירושו ...` name the English
    word on purpose; `Mirefield Water Authority` and `Needs Analysis` are names, known by the
    English words around them (in Spanish, by a capital letter inside a sentence).
    """
    before = text[max(0, m.start - 40) : m.start]
    after = text[m.end : m.end + 40]
    opening, closing = before.rstrip()[-1:], after[:1]
    if (opening and opening in _OPENING and before[-1:] in _OPENING + " ") or (
        closing and closing in _CLOSING
    ):
        return True
    following_mark = after.lstrip()[:1]
    if following_mark and (following_mark == "(" or (following_mark in _CLOSING and closing == " ")):
        return True
    prev, following = _WORD_BEFORE.search(before), _WORD_AFTER.match(after)
    if following and following.group(1).casefold() in _GLOSSING:
        return True
    neighbours = [w.group(1) for w in (prev, following) if w]
    if lang.split("_")[0] in ("he", "iw"):
        # With a Hebrew prefix (ב-Pipeline, ה-leads) the word is used in a Hebrew sentence, not
        # named; "and" (ו-) alone may join two English names: Prospecting ו-Qualification.
        latin = _LATIN_WORD.search(m.surface)
        prefix = m.surface[: latin.start()] if latin else ""
        if set(prefix) - set("ו-־"):
            return False
        return any(_LATIN_WORD.fullmatch(w) for w in neighbours)
    sentence_start = not before.strip() or before.rstrip()[-1] in ".!?¿¡:;"
    return (m.surface[:1].isupper() and not sentence_start) or bool(
        following and following.group(1)[:1].isupper() and _LATIN_WORD.fullmatch(following.group(1))
    )
