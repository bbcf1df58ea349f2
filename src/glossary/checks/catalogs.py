"""Catalog rules: the state of each message, and what a translation must keep from its source."""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import cache

from babel.core import get_global

from glossary import plurals
from glossary.checks.base import (
    ALIKE,
    BRACES,
    COMMENTED,
    DIGIT,
    ENDINGS,
    ERROR,
    FUZZY,
    INFO,
    MARKUP,
    OBSOLETE,
    PERCENT,
    PLURAL,
    SAME,
    SPACED,
    UNTRANSLATED,
    URLISH,
    WARNING,
    Problem,
    by_name_or_id,
    finds,
    rule,
)
from glossary.checks.inputs import (
    JOINER_WORD,
    Context,
    Entry,
    TextFile,
    suppressions,
)
from glossary.checks.text import (
    BRACE,
    PRINTF,
    PRINTF_SURE,
    WORD,
    find,
    markup,
    mask,
    numbers,
    only_markup,
    printf_placeholders,
    words,
)
from glossary.errors import Location
from glossary.termbase import normalize

# --- files --------------------------------------------------------------------------------


@rule("INP001", "unreadable-file", ERROR, "file")
def unreadable_file(file: TextFile, ctx: Context) -> Iterator[Problem]:
    """A file cannot be read as text: it is missing, binary, not UTF-8, or its language is unknown.

    ## What it does
    Reports a file given to `glossary check` that it cannot read at all: a binary file passed
    by mistake, a file in another encoding than UTF-8 (with the line of the first bad byte),
    or a file whose language is unknown (pass `--lang`, or give the PO file a `Language:`
    header). A byte order mark and CRLF line ends are accepted.

    ## Why it matters
    Nothing else can be checked in such a file, and the site build would fail on it.

    ## Example
    A catalog saved as Latin-1: `pages.po:12: not valid UTF-8 (byte 0xf1 at offset 402)`.
    Save it as UTF-8.
    """
    if file.unreadable:
        yield file.unreadable


@rule("INP002", "oversized-input", ERROR, "file")
def oversized_input(file: TextFile, ctx: Context) -> Iterator[Problem]:
    """A message, or a Markdown or text file, is too large to check.

    ## What it does
    Reports a PO message with a `msgid` or `msgstr` longer than 100,000 characters, and a
    Markdown or text file longer than 2,000,000 characters. Nothing in them is checked.

    ## Why it matters
    No real translation unit is that long: it is a file pasted into a message, or two
    files concatenated. Checking it would take minutes and find nothing useful.

    ## Example
    A `msgstr` holding a whole 10 MB document is reported at its line; split it into
    paragraphs, one message each.
    """
    yield from file.oversized


@rule("CAT001", "catalog-invalid", ERROR, "file")
def catalog_invalid(file: TextFile, ctx: Context) -> Iterator[Problem]:
    """A PO file has a syntax error, a duplicate message, or a header that is wrong for it.

    ## What it does
    Reports what stops a catalog being read the way `msgfmt` and the site build read it:
    an unterminated string, a keyword it does not know, a `msgid` without `msgstr`, a
    truncated file, the same `msgid` (with the same `msgctxt`) twice, a `Content-Type`
    header with another charset than UTF-8, or a `Language` header that is not the language
    of the catalog's folder (or of `--lang`). A broken Markdown front matter is reported too.

    ## Why it matters
    `glossary build` refuses such a file, and the rest of the file is not checked.

    ## Example
    ```po
    msgid "Lead"
    msgstr "Lead
    ```
    is `unterminated string`; close the quote: `msgstr "Lead"`.
    """
    yield from file.invalid
    content_type = file.header.get("content-type", "")
    if content_type and "charset=utf-8" not in content_type.lower().replace(" ", ""):
        yield Problem(
            f"header Content-Type is {content_type!r}; catalogs must be 'text/plain; charset=UTF-8'",
            location=Location(file.path, file.header_lines.get("content-type", 0)),
        )


@rule("CAT015", "plural-header", ERROR, "file")
def plural_header(file: TextFile, ctx: Context) -> Iterator[Problem]:
    """A catalog's Plural-Forms header is not valid, or a catalog with plural messages has none.

    ## What it does
    Reads the header's `nplurals` and `plural=` expression and evaluates the expression for
    n = 0..200 (with the C-expression reader of Python's gettext): it must be valid C and
    choose only forms below `nplurals` (CAT014 checks that each plural message has that many
    forms). A catalog with plural messages needs the header. Which rule the header gives is not judged here: gettext's own (what `msginit` writes),
    CLDR's and Weblate's all pass; CAT021 warns about a rule that is neither gettext's nor
    CLDR's. The verdict does not depend on the Babel version.

    ## Why it matters
    The header decides which `msgstr[n]` a reader sees for a number; with a broken
    expression gettext picks a form that does not exist, or none.

    ## Example
    `Plural-Forms: nplurals=2; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);` is reported: it
    chooses form 2 for n=0. What `msginit -l he` writes, `nplurals=2; plural=(n != 1);`,
    passes, as does CLDR's `nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);`.
    """
    if file.kind != "po" or not file.lang or file.unreadable:
        return
    where = Location(file.path, file.header_lines.get("plural-forms", 0))
    value = file.header.get("plural-forms", "")
    if not value:
        if any(e.plural and not e.obsolete for e in file.entries):
            yield Problem("the catalog has plural messages but no Plural-Forms header", location=where)
        return
    try:
        plurals.parse(value)
    except ValueError as exc:
        yield Problem(f"Plural-Forms {value!r}: {exc}", location=where)


@rule("CAT021", "plural-rule", WARNING, "file")
def plural_rule_unusual(file: TextFile, ctx: Context) -> Iterator[Problem]:
    """A catalog with plural messages has a plural rule that is neither gettext's nor CLDR's.

    ## What it does
    In a catalog that has plural messages, compares what the header's expression chooses for
    n = 0..200 with gettext's rule for the language (what `msginit` writes) and with CLDR's
    (through Babel). Different spellings of the same rule agree. A rule matching either one
    passes; so does a catalog without plural messages, where the header changes nothing.

    ## Why it matters
    A rule of one's own sends some numbers to a form translators did not expect, such as
    "2 leads" shown with the form for one.

    ## Example
    A Hebrew catalog with plural messages and `nplurals=1; plural=0;` is reported;
    `nplurals=2; plural=(n != 1);` (gettext) and `nplurals=3; plural=(n == 1 ? 0 : n == 2 ?
    1 : 2);` (CLDR) pass.
    """
    value = file.header.get("plural-forms", "") if file.kind == "po" else ""
    if not value or not file.lang or file.unreadable:
        return
    first = next((e for e in file.entries if e.plural and not e.obsolete), None)
    if first is None:
        return
    try:
        rule = plurals.parse(value)
    except ValueError:
        return  # CAT015 reports it
    known = [r for r in (plurals.gettext_rule(file.lang), plurals.cldr_rule(file.lang)) if r is not None]
    if known and not any(rule.same_rule(r) for r in known):
        suggestions = " or ".join(repr(r.header()) for r in known)
        line = file.header_lines.get("plural-forms", 0)
        # at the first plural message: the one the header's rule first matters for
        yield Problem(
            f"the header's Plural-Forms (line {line}) {value!r} is neither gettext's nor CLDR's rule "
            f"for {file.lang}; translators expect {suggestions}",
            location=Location(file.path, first.line),
        )


# --- the state of a message -----------------------------------------------------------------


@rule("CAT002", "untranslated", INFO, "entry", needs=UNTRANSLATED)
def untranslated(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A message has no translation yet.

    ## What it does
    Reports a message whose `msgstr` is empty. This is progress, not a fault: the rule is
    at info level, and `glossary stats` counts the same thing per catalog.

    ## Why it matters
    The site shows the English text for it, marked as not yet translated, and
    `glossary build --strict` fails.

    ## Example
    ```po
    msgid "Next question"
    msgstr ""
    ```
    Translate it: `msgstr "Siguiente pregunta"`.
    """
    if entry.has_source and not entry.obsolete and not entry.translated:
        yield Problem("not translated yet")


@rule("CAT003", "fuzzy", WARNING, "entry", needs=FUZZY)
def fuzzy(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A translation is marked fuzzy: its English source changed since it was translated.

    ## What it does
    Reports a message with the `fuzzy` flag that `glossary update` sets when the English
    text changed (the old English is kept in the `#| msgid` comment).

    ## Why it matters
    A fuzzy translation is not used: the site shows the English until a translator checks
    the translation against the new English and removes the flag.

    ## Example
    ```po
    #, fuzzy
    #| msgid "A lead is a contact."
    msgid "A lead is a contact who could buy."
    msgstr "Un lead es un contacto."
    ```
    Update the translation, then delete the `#, fuzzy` line.
    """
    if entry.has_source and entry.fuzzy and not entry.obsolete and entry.translated:
        yield Problem("fuzzy: the English changed; review the translation and remove the fuzzy flag")


@rule("CAT004", "obsolete", INFO, "entry", needs=OBSOLETE)
def obsolete(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A translation is kept for a message the sources no longer have.

    ## What it does
    Reports the `#~` entries that `glossary update` keeps when an English text is removed.

    ## Why it matters
    Nothing a translator wrote is dropped: an obsolete translation comes back if its English
    does. Old ones can be deleted when they are no longer useful.

    ## Example
    ```po
    #~ msgid "Old heading"
    #~ msgstr "Título antiguo"
    ```
    """
    if entry.obsolete and entry.translated:
        yield Problem("obsolete: no source has this message any more")


@rule("CAT020", "unknown-suppression", WARNING, "entry", needs=COMMENTED)
def unknown_suppression(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A `# glossary-ignore:` comment names a rule that does not exist.

    ## What it does
    Reads the translator comments of each message for `glossary-ignore:` followed by rule
    names or IDs, comma-separated, and reports a name that is no rule.

    ## Why it matters
    A misspelt suppression silently suppresses nothing.

    ## Example
    `# glossary-ignore: forbiden-term` is reported; write `# glossary-ignore: forbidden-term`
    (or `TRM001`).
    """
    for name in suppressions(entry.comments):
        if by_name_or_id(name) is None:
            yield Problem(f"glossary-ignore names {name!r}, which is no rule; see `glossary rules`")


# --- what a translation must keep -------------------------------------------------------------


def _compare(
    entry: Entry, what: str, items: Callable[[str], tuple[str, ...]], show: str = "{}"
) -> Iterator[Problem]:
    """Items a translation must keep exactly (links, code, ...): report missing and extra ones."""
    if not entry.has_source:
        return
    for _form, source, string in entry.pairs():
        wanted, had = items(source), items(string)
        if wanted == had or sorted(wanted) == sorted(had):
            continue  # the usual case, and cheaper than counting
        for item in dict.fromkeys(wanted):  # a few items each: counted in lists, not Counters
            n = wanted.count(item) - had.count(item)
            if n > 0:
                yield Problem(f"{what} {show.format(item)} of the source is missing{_times(n)}", string)
        for item in dict.fromkeys(had):
            n = had.count(item) - wanted.count(item)
            if n > 0:
                yield Problem(
                    f"{what} {show.format(item)} is not in the source{_times(n)}", string, find(string, item)
                )


def _times(n: int) -> str:
    return f" ({n} times)" if n > 1 else ""


def _printf(text: str, entry: Entry) -> list[str]:
    """The %-placeholders of text: named ones always, positional ones in python-format messages."""
    found = printf_placeholders(text)
    return list(found) if "python-format" in entry.flags else [p for p in found if p.startswith("%(")]


def _printf_key(placeholder: str) -> str:
    m = PRINTF.fullmatch(placeholder)
    return f"%({m.group(1)})" if m and m.group(1) is not None else placeholder


def _the_number(placeholder: str, singular: list[str], named: set[str]) -> bool:
    """True if a plural message's placeholder is the number it counts.

    An integer (`%(num)d`), the message's only placeholder (`%(value)s million`), or one
    the English singular says in words (`an hour ago` / `%(count)s hours ago`).
    """
    key = _printf_key(placeholder)
    return placeholder[-1] in "diu" or named == {key} or key not in {_printf_key(p) for p in singular}


@rule("CAT005", "printf-placeholder", ERROR, "entry", needs=PERCENT)
def printf_placeholder(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A translation does not have the same `%(name)s` or `%d` placeholders as its source.

    ## What it does
    Compares the Python format placeholders of the source and the translation: named ones
    (`%(stage)s`) in any order, positional ones (`%s`, `%d`) in order and number; positional
    ones only in messages flagged `python-format`, since "50% in" is prose. In a
    plural message, a form that the catalog's plural rule uses for exactly one number (the
    Hebrew and Spanish "one" form, the Hebrew "two" form) may leave out the number, since
    the words already say it. The number is an integer placeholder (`%(num)d`), the
    message's only placeholder (`%(value)s million`), or one the English singular itself
    spells out in words (`an hour ago` / `%(count)s hours ago`).

    ## Why it matters
    A placeholder the program does not fill crashes the page or the quiz (`KeyError`); a
    missing one loses information such as the stage name.

    ## Example
    ```po
    msgid "Stage: %(stage)s"
    msgstr "Etapa: %(etapa)s"
    ```
    is an error: keep the name, `msgstr "Etapa: %(stage)s"`. In Hebrew,
    `msgstr[1] "ענית נכון על שתי שאלות."` (for exactly two) is fine without `%(num)d`.
    """
    if not entry.has_source:
        return
    for form, source, string in entry.pairs():
        if printf_placeholders(source) == printf_placeholders(string):
            continue  # the usual case: the same placeholders in the same order
        want = _printf(source, entry)
        have = _printf(string, entry)
        if want == have:
            continue
        singular, plural = _printf(entry.msgid, entry), _printf(entry.msgid_plural, entry)
        named_source = {_printf_key(p) for p in singular + plural}
        positional = [p for p in want if not p.startswith("%(")]
        if positional and have != want and [p for p in have if not p.startswith("%(")] != positional:
            yield Problem(
                f"positional placeholders {' '.join(have) or 'none'} differ from the source's {' '.join(want)}; "
                "keep them in the same order",
                string,
            )
            continue
        for p in have:
            if p.startswith("%(") and _printf_key(p) not in named_source:
                yield Problem(
                    f"placeholder {p} is not in the source; the program has no value for it",
                    string,
                    find(string, p),
                )
        have_keys = {_printf_key(p) for p in have}
        for p in dict.fromkeys(want):
            if not p.startswith("%(") or _printf_key(p) in have_keys:
                continue
            if entry.plural and form in entry.single_forms and _the_number(p, singular, named_source):
                continue  # a form for exactly one number may say the number in words
            yield Problem(f"placeholder {p} of the source is missing", string)


@rule("CAT006", "brace-placeholder", ERROR, "entry", needs=BRACES)
def brace_placeholder(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A translation does not have the same `{name}` placeholders as its source.

    ## What it does
    Compares `str.format` fields (`{name}`, `{0}`) of the source and the translation.
    Doubled braces (`{{`) are text, not fields.

    ## Why it matters
    A field the program does not fill raises an error; a missing one drops a value.

    ## Example
    `msgid "Hello {name}"` translated `msgstr "Hola {nombre}"` is an error; write
    `msgstr "Hola {name}"`.
    """
    yield from _compare(entry, "placeholder", lambda t: markup(t).braces)


@rule("CAT007", "link-target", ERROR, "entry", needs=MARKUP)
def link_target(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A Markdown link or image in a translation points somewhere else than in the source.

    ## What it does
    Compares the targets of Markdown links (`[text](target)`) and images (`![alt](src)`)
    of the source and the translation, as markdown-it parses them. The link text and the
    alt text are prose and may change; the targets must be the same.

    ## Why it matters
    A changed target is a broken link on one locale's site, or a link to somewhere the
    maintainers never checked.

    ## Example
    ```po
    msgid "See [the lead page](lead.md#who-can-be-a-lead)."
    msgstr "Consulta [la página del lead](lead.md)."
    ```
    is reported: keep `(lead.md#who-can-be-a-lead)`.
    """
    yield from _compare(entry, "link target", lambda t: markup(t).links, "({})")
    yield from _compare(entry, "image", lambda t: markup(t).images, "({})")


@rule("CAT008", "concept-link", ERROR, "entry", needs=MARKUP)
def concept_link(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A translation drops, adds or changes a concept mention `(concept:id)`.

    ## What it does
    Compares the concept links (`[leads](concept:lead)`) of the source and the translation.
    The link text is translated; the `concept:` target must stay.

    ## Why it matters
    Concept links become links to the glossary with the definition as tooltip, and they
    tell the terminology checks which concept a sentence is about.

    ## Example
    `[leads](concept:lead)` translated `[leads](concept:leads)` or `[leads](concepto:lead)`
    is reported; write `[leads](concept:lead)`.
    """
    yield from _compare(entry, "concept link", lambda t: markup(t).concepts, "(concept:{})")


@rule("CAT009", "inline-code", ERROR, "entry", needs=MARKUP)
def inline_code(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A translation changes or drops inline code (`` `text` ``).

    ## What it does
    Compares the inline code spans of the source and the translation.

    ## Why it matters
    Code is what a reader types or sees on screen (a command, a field name); translated
    code no longer works.

    ## Example
    ``msgid "Run `glossary check`."`` translated ``msgstr "Ejecuta `glosario comprobar`."``
    is reported.
    """
    yield from _compare(entry, "code", lambda t: markup(t).code, "`{}`")


@rule("CAT010", "html-tag", ERROR, "entry", needs=MARKUP)
def html_tag(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A translation adds, drops or changes an inline HTML tag.

    ## What it does
    Compares the inline HTML of the source and the translation (`<br>`, `<kbd>`...), tag
    by tag.

    ## Why it matters
    Markup a translation brings is markup nobody reviewed; the build refuses raw HTML that
    the English does not have. A dropped tag changes the page.

    ## Example
    `msgid "Press <kbd>Enter</kbd>."` translated `msgstr "Pulsa <b>Intro</b>."` is reported.
    """
    yield from _compare(entry, "HTML tag", lambda t: markup(t).html)


@rule("CAT011", "url", ERROR, "entry", needs=URLISH | MARKUP)
def url(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A URL written in the text differs between source and translation.

    ## What it does
    Compares the URLs written out in the text (`https://...`, `<https://...>`,
    `mailto:...`) of the source and the translation.

    ## Why it matters
    A changed URL sends readers somewhere the maintainers never checked.

    ## Example
    `msgid "Mail help@example.com"` is fine translated; `https://example.com/help`
    translated `https://example.es/ayuda` is reported.
    """
    yield from _compare(entry, "URL", lambda t: markup(t).urls)


@rule("CAT012", "number", WARNING, "entry", needs=DIGIT)
def number(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A number in the source is missing from the translation, or the translation adds one.

    ## What it does
    Compares the numbers in the prose of the source and the translation, ignoring digit
    grouping and decimal separators (`10,000` = `10.000`, `1.5` = `1,5`) and numbers
    inside placeholders, links and code.

    ## Why it matters
    A wrong number in a definition, a rule or a scenario changes what the text says.

    ## Example
    `msgid "within 3 months"` translated `msgstr "en 6 meses"` is reported.
    """
    yield from _compare(entry, "number", numbers)


_HEBREW_PREFIXES = set("והבכלמש")


def _glued(string: str, start: int, end: int, lang: str) -> str:
    """Which side of string[start:end] touches a letter: 'before', 'after' or ''."""
    before = string[start - 1] if start else " "
    after = string[end] if end < len(string) else " "
    if before.isalpha():
        word_start = start
        while word_start and string[word_start - 1].isalpha():
            word_start -= 1
        prefix = string[word_start:start]
        if not (lang.split("_")[0] == "he" and len(prefix) <= 3 and set(prefix) <= _HEBREW_PREFIXES):
            return "before"
    if after.isalpha():
        return "after"
    return ""


def _letter(char: str) -> bool:
    """What `[^\\W\\d_]` matches: a letter (or a number that is not a digit)."""
    return char.isalnum() and not char.isdecimal()


def _may_glue(text: str) -> bool:
    """True if a letter is right before a `%` or `{`, or right after a placeholder or `}`: what `_glued` looks for.

    Only the characters next to `%`, `{` and `}` are looked at (a pattern search would try
    every position of the text).
    """
    end = len(text)
    for mark in "%{}":
        at = text.find(mark)
        while at >= 0:
            if mark != "}" and at and _letter(text[at - 1]):
                return True
            after = at + 1
            if mark == "%":
                m = PRINTF.match(text, at)
                after = m.end() if m else end
            if mark != "{" and after < end and _letter(text[after]):
                return True
            at = text.find(mark, at + 1)
    return False


@rule("CAT013", "placeholder-spacing", WARNING, "entry", needs=PERCENT | BRACES)
def placeholder_spacing(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A placeholder in a translation is glued to a word, where the source has a space.

    ## What it does
    Looks at the characters next to each `%(name)s` and `{name}` placeholder: a letter
    right before or after it, where the source has none, is reported. Hebrew prefix letters
    (ו ה ב כ ל מ ש and their combinations, such as `וב`) are written joined to the word they
    belong to, so `ב%(stage)s` is fine in Hebrew.

    ## Why it matters
    The filled-in text reads `Etapa:lead` or `de%(num)d` -> `de3`.

    ## Example
    `msgstr "Pregunta %(num)dde %(total)d"` is reported; write `"Pregunta %(num)d de %(total)d"`.
    """
    if not entry.has_source:
        return
    for _form, source, string in entry.pairs():
        if not _may_glue(string):
            continue  # no placeholder with a letter next to it: the usual case
        printf = PRINTF if "python-format" in entry.flags else PRINTF_SURE
        glued_in_source = {
            (m.group(0), _glued(source, m.start(), m.end(), "en"))
            for pattern in (printf, BRACE)
            for m in pattern.finditer(source)
        }
        for pattern in (printf, BRACE):
            for m in pattern.finditer(string):
                side = _glued(string, m.start(), m.end(), entry.lang)
                if side and (m.group(0), side) not in glued_in_source and not m.group(0).endswith("%%"):
                    yield Problem(
                        f"placeholder {m.group(0)} is glued to the word {side} it", string, m.span()
                    )


@rule("CAT014", "plural-forms", ERROR, "entry", needs=PLURAL)
def plural_forms(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A plural message does not have exactly the forms its catalog's header asks for.

    ## What it does
    Counts the `msgstr[n]` lines of each plural message as written in the file (Babel pads
    missing forms when it reads a catalog, which would hide them) and compares them with
    the header's `nplurals`: a missing, extra or skipped form is an error, and so is an
    empty form when the others are translated.

    ## Why it matters
    gettext picks the form by number: a missing form shows nothing, or the English, for
    exactly the numbers that form is for (in Hebrew, exactly two).

    ## Example
    A Hebrew message with `msgstr[0]` and `msgstr[1]` only is reported under
    `nplurals=3`: add `msgstr[2]`.
    """
    if not entry.plural or not entry.nplurals:
        return
    expected = tuple(range(entry.nplurals))
    if tuple(sorted(entry.forms)) != expected:
        written = ", ".join(f"msgstr[{n}]" for n in entry.forms) or "no msgstr[n]"
        yield Problem(
            f"has {written}, but the header's Plural-Forms says nplurals={entry.nplurals}; "
            f"write msgstr[0] to msgstr[{entry.nplurals - 1}]"
        )
    elif entry.translated:
        for form, string in enumerate(entry.strings):
            if not string:
                yield Problem(f"msgstr[{form}] is empty while the other forms are translated")


def _is_term(text: str, ctx: Context, lang: str) -> bool:
    """True if every word of text is a termbase term the target language writes as in English."""
    prose = mask(text)
    accepted = ctx.terms(lang, "preferred", "admitted")
    found = [w for _, _, w in words(prose)]
    return bool(found) and (
        normalize(prose.strip(" .:!?")) in accepted or all(normalize(w) in accepted for w in found)
    )


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@cache
def _latin(lang: str) -> bool:
    """True if lang is written in the Latin script, like English (from CLDR's likely subtags)."""
    likely = get_global("likely_subtags").get(lang.split("_")[0], "")
    return "_Latn" in likely or not likely


def _technical(word: str) -> bool:
    """An acronym or a technical name: URL, IPv4, iOS, HTTP2 (a capital after the first letter, or a digit)."""
    return any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])


def _pairs(entries: Sequence[Entry], ctx: Context) -> list[tuple[int, str, str]]:
    """(position, source, translation) for every translated form of every PO message."""
    sources = ctx.sources(entries)
    if not sources:
        return []
    texts, owner, _ = ctx.translations(entries)
    return list(zip(owner, sources, texts, strict=True))


def _may_be_same(source: str, string: str) -> bool:
    """False if `_fold` cannot make the two alike: other words, and both already NFC."""
    return source.split() == string.split() or not (
        unicodedata.is_normalized("NFC", source) and unicodedata.is_normalized("NFC", string)
    )


def _same_words(source: str, string: str) -> bool:
    """source.split() == string.split(), told at once when both start with other non-space characters."""
    a, b = source[:1], string[:1]
    return (a == b or a.isspace() or b.isspace()) and source.split() == string.split()


@finds(SAME)
def with_same(entries: Sequence[Entry], ctx: Context) -> set[int]:
    """The messages with a translation that may be the source unchanged (see CAT016).

    Texts joined by a line end are NFC exactly when each one is (a line end never composes
    with anything), so one test of all the sources and one of all the translations usually
    settles what `_may_be_same` asks of each pair.
    """
    pairs = _pairs(entries, ctx)
    nfc = unicodedata.is_normalized("NFC", "\n".join(s for _, s, _ in pairs)) and unicodedata.is_normalized(
        "NFC", "\n".join(t for _, _, t in pairs)
    )
    if not nfc:
        return {i for i, source, string in pairs if _may_be_same(source, string)}
    return {i for i, source, string in pairs if _same_words(source, string)}


@rule("CAT016", "same-as-source", WARNING, "entry", needs=SAME)
def same_as_source(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A translation is the English source, unchanged.

    ## What it does
    Reports a translation identical to its source, except when the source has no words of
    its own (only placeholders, links, code or numbers), when its words are termbase terms
    the language keeps in English (`CRM`, `BANT`, Spanish `lead`) or technical names
    (`URL`, `IPv4`), or, in a language written in Latin letters too, when it is a single
    word or only abbreviations (Spanish `No` is `No`, `6 p.m.` is `6 p.m.`). In a language
    with another script (Hebrew), one English word left as it is is reported.

    ## Why it matters
    A copied source is usually a message somebody meant to translate later, or pasted by
    mistake; readers get English in the middle of their language.

    ## Example
    `msgid "Next question"` with `msgstr "Next question"` in Spanish is reported;
    `msgid "CRM"` with `msgstr "CRM"` is not.
    """
    if not entry.has_source:
        return
    for _, source, string in entry.pairs():
        if _fold(source) != _fold(string) or only_markup(source) or _is_term(source, ctx, entry.lang):
            continue
        found = [w for _, _, w in words(mask(source))]
        if all(_technical(w) for w in found):
            continue  # URL, IPv4, HTTP/2: names, not English
        if _latin(entry.lang) and (len(found) < 2 or all(len(w) <= 2 or _technical(w) for w in found)):
            continue  # "No", "Error", "6 p.m.": the same in many languages
        yield Problem("the translation is the English source, unchanged", string, (0, len(string)))


def _alike(words: list[str]) -> bool:
    """True if two words in a row are the same, case folded: the usual answer, no, told in C."""
    folded = list(map(str.casefold, words))
    return any(map(operator.eq, folded, folded[1:]))


def _head(piece: str) -> str:
    """The casefolded word a space-separated piece of text starts with (NUL if none)."""
    first = WORD.match(piece)
    return first.group(0).casefold() if first else "\0"


def _tail(piece: str) -> str:
    """The casefolded word a space-separated piece of text ends with ("" if none)."""
    last = None
    for last in WORD.finditer(piece):  # noqa: B007 - the last match is the one wanted
        pass
    return last.group(0).casefold() if last is not None and last.end() == len(piece) else ""


@finds(ALIKE)
def with_alike_words(entries: Sequence[Entry], ctx: Context) -> set[int]:
    """The entries with a translation that may write a word twice in a row (see CAT017).

    Words with only spaces between are the last word of one space-separated piece and the
    first of the next, so one split of all the translations, joined by a line with a word of
    its own, and the first and last word of each distinct piece tell them all.
    """
    texts, owner, joined = ctx.translations(entries)
    pieces, distinct = ctx.pieces(joined)
    head_of = dict(zip(distinct, map(_head, distinct), strict=True))
    tail_of = dict(zip(distinct, map(_tail, distinct), strict=True))
    heads = list(map(head_of.__getitem__, pieces))
    tails = list(map(tail_of.__getitem__, pieces))
    if pieces.count(JOINER_WORD) != max(len(texts) - 1, 0):  # a text has the word: each is searched alone
        return {i for i, e in enumerate(entries) for s in e.strings if s and _alike(WORD.findall(mask(s)))}
    alike = list(itertools.compress(itertools.count(), map(operator.eq, tails, heads[1:])))
    if not alike:
        return set()
    between = list(itertools.compress(itertools.count(), map(JOINER_WORD.__eq__, pieces)))
    return {
        owner[bisect.bisect_left(between, k)]
        for k in alike
        if pieces[k] != JOINER_WORD and pieces[k + 1] != JOINER_WORD
    }


@rule("CAT017", "doubled-word", WARNING, "entry", needs=ALIKE)
def doubled_word(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A word is written twice in a row.

    ## What it does
    Reports the same word twice with only spaces between (`de de`, `של של`), compared
    without case. Hebrew letters, geresh and gershayim are part of words. Numbers are not
    reported, nor is a translation whose source doubles a word too ("very very").

    ## Why it matters
    It is almost always a typing or editing slip.

    ## Example
    `msgstr "El lead es es un contacto."` is reported.
    """
    found = [(string, doubled) for _, string in entry.texts() if (doubled := list(_doubled(mask(string))))]
    if not found or any(next(_doubled(mask(s)), None) for s in (entry.msgid, entry.msgid_plural) if s):
        return  # "very very good": the translation may say it the same way
    for string, doubled in found:
        seen: set[str] = set()
        for start, end, word in doubled:
            if word.casefold() not in seen:
                seen.add(word.casefold())
                yield Problem(f"doubled word {word!r}", string, (start, end))


def _doubled(prose: str) -> Iterator[tuple[int, int, str]]:
    if not _alike(WORD.findall(prose)):
        return  # no two words in a row alike: the usual case
    found = words(prose)
    for (s1, e1, w1), (s2, e2, w2) in itertools.pairwise(found):
        if w1.casefold() == w2.casefold() and not w1.isdigit() and not prose[e1:s2].strip():
            yield s1, e2, w1


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


@rule("CAT018", "surrounding-whitespace", WARNING, "entry", needs=SPACED)
def surrounding_whitespace(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A translation starts or ends with other whitespace than its source.

    ## What it does
    Compares the spaces, tabs and line ends at the start and at the end of the source and
    the translation.

    ## Why it matters
    Strings are joined with others in the interface; a lost or added space or line end
    shows up as words run together or a stray gap.

    ## Example
    `msgid "Stage: "` translated `msgstr "Etapa:"` is reported.
    """
    if not entry.has_source:
        return
    for _, source, string in entry.pairs():
        (lead_s, trail_s), (lead_t, trail_t) = _edges(source), _edges(string)
        if lead_s != lead_t:
            yield Problem(
                f"starts with {lead_t!r} where the source starts with {lead_s!r}", string, (0, len(lead_t))
            )
        if trail_s != trail_t:
            yield Problem(
                f"ends with {trail_t!r} where the source ends with {trail_s!r}",
                string,
                (len(string) - len(trail_t), len(string)),
            )


_END = {
    ".": ".",
    "。": ".",
    "।": ".",
    "?": "?",
    "？": "?",
    "؟": "?",
    "!": "!",
    "！": "!",
    ":": ":",
    "：": ":",
    ";": ";",
    "؛": ";",
    "…": "…",
    ",": ",",
    "،": ",",
}
_CLOSERS = ")]}»›”’\"'"
_INTRODUCING = (":", ";", ",")  # may end a label that the page completes
_MARKISH = frozenset(_END) | frozenset(_CLOSERS)  # the last characters end_marks looks at
_HEBREW_LETTER = range(0x05D0, 0x05EB)


def end_marks(text: str) -> list[tuple[str, int]]:
    """The punctuation a text ends with, last first, with where each is: at most two marks.

    Closing quotes and brackets are looked through, so `?».` (Spanish puts the full stop
    after the closing quote) ends with both `.` and `?`. A Hebrew geresh or gershayim, or
    the ASCII `'` typed for a geresh right after a Hebrew letter (`וכו'`), belongs to the
    word; so does a maqaf. A `"` after a Hebrew letter at the very end is a closing quote:
    gershayim stand before the last letter of an abbreviation (`דוא"ל`), never after it.
    """
    marks: list[tuple[str, int]] = []
    end = len(text.rstrip())
    while end and len(marks) < 2:
        char = text[end - 1]
        before = text[end - 2] if end >= 2 else ""
        if char in "׳״־" or (char == "'" and before and ord(before) in _HEBREW_LETTER):
            break
        if char in _CLOSERS:
            end -= 1
        elif text[:end].endswith("..."):
            marks.append(("…", end - 3))
            end -= 3
        elif char in _END:
            marks.append((_END[char], end - 1))
            end -= 1
        else:
            break
    return marks


_ABBREVIATION = re.compile(r"(?:^|\s)(?:[^\W\d_]\.){2,}$|^\W*[^\W\d_]{1,5}\.$")


def _abbreviated(text: str) -> bool:
    """True if text ends with an abbreviation, whose full stop is not the sentence's (a.m., Jan.)."""
    return bool(_ABBREVIATION.search(text.strip()))


def _hebrew_abbreviation(text: str) -> bool:
    """True if text ends with a Hebrew abbreviation mark: geresh, or its ASCII stand-in after a letter."""
    t = text.rstrip()
    return t.endswith("׳") or (len(t) > 1 and t[-1] == "'" and ord(t[-2]) in _HEBREW_LETTER)


def _may_end_apart(source: str, string: str) -> bool:
    """False if `end_marks` reads the same end in both texts, told from their last characters.

    A text that ends with no mark and no closing quote or bracket has no end marks; two that
    end with the same such character have the same first mark, unless it is a closer (looked
    through) or a full stop after two more (`...`, read as `…`).
    """
    a, b = source, string
    x, y = a[-1:], b[-1:]
    if x.isspace() or y.isspace():  # rare: look at the last characters that are not spaces
        a, b = source.rstrip(), string.rstrip()
        x, y = a[-1:], b[-1:]
    if x not in _MARKISH and y not in _MARKISH:
        return False
    return x != y or x in _CLOSERS or (x == "." and (a.endswith("..") or b.endswith("..")))


@finds(ENDINGS)
def with_endings(entries: Sequence[Entry], ctx: Context) -> set[int]:
    """The messages with a translation that may end with other punctuation than its source (see CAT019)."""
    return {i for i, source, string in _pairs(entries, ctx) if _may_end_apart(source, string)}


@rule("CAT019", "end-punctuation", WARNING, "entry", needs=ENDINGS)
def end_punctuation(entry: Entry, ctx: Context) -> Iterator[Problem]:
    """A translation ends with other punctuation than its source.

    ## What it does
    Compares the last punctuation mark of the source and the translation (`.` `?` `!` `:`
    `;` `…` `,`), looking through closing quotes and brackets and treating the marks of
    other scripts as the same (`؟` = `?`, `。` = `.`, `...` = `…`). Hebrew is read as
    Hebrew: a geresh `׳` or gershayim `״`, or the ASCII `'` and `"` typed for them inside
    or at the end of a word (`דוא"ל`, `וכו'`), are part of the word, not quotes; a maqaf `־`
    is a hyphen. Capitalisation is never compared: Hebrew has no case.

    A translation may add a colon (or a semicolon or comma) where the source has no end
    punctuation: a label such as "becomes" may need one in a language that orders the
    sentence differently (`– השלב הבא:`). A full stop that ends an English abbreviation
    (`Jan.`, `6 a.m.`) may go when the translation writes the word out, or abbreviates it
    the Hebrew way (`ינו'`).

    ## Why it matters
    A question that loses its `?` or a label that gains a `.` reads wrong where the string
    is shown, and often means part of the sentence was lost.

    ## Example
    `msgid "Can they afford it?"` translated `msgstr "¿Pueden pagarlo."` is reported.
    """
    if not entry.has_source:
        return
    for _, source, string in entry.pairs():
        want = [m for m, _ in end_marks(source)]
        have = end_marks(string)
        if want[:1] == ["."] and _abbreviated(source) and (not have or _hebrew_abbreviation(string)):
            continue  # "Jan." -> "ינו'", "6 a.m." -> "6 בבוקר": the full stop was the abbreviation's
        if (
            want and have and (want[0] == have[0][0] or want[0] in {m for m, _ in have} or have[0][0] in want)
        ) or (not want and (not have or have[0][0] in _INTRODUCING)):
            continue
        mark, at = have[0] if have else ("", 0)
        if want and have:
            message = f"ends with {mark!r} where the source ends with {want[0]!r}"
        elif want:
            message = f"does not end with {want[0]!r} like the source"
        else:
            message = f"ends with {mark!r}; the source has no end punctuation"
        yield Problem(
            message,
            string,
            (at, at + (3 if mark == "…" and string[at:].startswith("...") else 1)) if have else None,
        )
