"""The termbase: one record per concept, owning its definition, terms in every language and relations."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import GlossaryError, Location, display_path
from glossary.languages import SOURCE_LANGUAGE, locale
from glossary.sources import IDENTIFIER, Node, load_yaml

STATUSES = ("preferred", "admitted", "forbidden")
RELATION_TYPES = {
    "is_a": "is a kind of",
    "becomes": "becomes",
    "part_of": "is part of",
    "related": "is related to",
}


def normalize(text: str) -> str:
    """The form terms are compared in: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass(frozen=True)
class Collocation:
    """Where a forbidden term is right: the words around it in that sense (`ventaja competitiva`).

    `before` and `after` are the words next to the term, nearest last and nearest first, each
    a pattern a word's key (see `word_key`) must match in full.
    """

    text: str  # as the terminologist wrote it
    before: tuple[re.Pattern[str], ...]
    after: tuple[re.Pattern[str], ...]
    slot: re.Pattern[str] | None = None  # the term written as a form: only that form; ~: any
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Term:
    text: str
    lang: str
    status: str
    note: str = ""
    forms: tuple[str, ...] = ()  # inflected forms a text may use (plural, construct state)
    location: Location | None = None
    correct_in: tuple[Collocation, ...] = ()  # a forbidden term's other senses, where it is right

    @property
    def all_forms(self) -> tuple[str, ...]:
        return (self.text, *self.forms)


@dataclass(frozen=True)
class Relation:
    type: str
    target: str
    location: Location | None = None


@dataclass(frozen=True)
class Concept:
    id: str
    definition: str
    note: str = ""
    relations: tuple[Relation, ...] = ()
    terms: tuple[Term, ...] = ()
    location: Location | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.lang for t in self.terms))

    def terms_in(self, lang: str, *statuses: str) -> tuple[Term, ...]:
        wanted = statuses or STATUSES
        return tuple(t for t in self.terms if t.lang == lang and t.status in wanted)

    def preferred(self, lang: str) -> Term:
        """The preferred term in lang (loading guarantees there is one per language present)."""
        found = self.terms_in(lang, "preferred")
        if not found:
            raise KeyError(f"concept {self.id!r} has no preferred term in {lang!r}")
        return found[0]


@dataclass(frozen=True)
class Termbase:
    concepts: tuple[Concept, ...]
    path: str = ""

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)

    def __len__(self) -> int:
        return len(self.concepts)

    def __contains__(self, concept_id: object) -> bool:
        return any(c.id == concept_id for c in self.concepts)

    def concept(self, concept_id: str) -> Concept:
        for c in self.concepts:
            if c.id == concept_id:
                return c
        raise KeyError(concept_id)

    @property
    def languages(self) -> tuple[str, ...]:
        langs = dict.fromkeys(lang for c in self.concepts for lang in c.languages)
        return tuple(sorted(langs, key=lambda lang: (lang != SOURCE_LANGUAGE, lang)))


# The project's sales termbase, shipped in the package (a copy of locales/termbase.yaml that a
# test keeps identical): what `check` uses on files outside a project.
BUILTIN = Path(__file__).parent / "data" / "termbase.yaml"


def load_termbase(path: Path) -> Termbase:
    """Read and validate a termbase YAML file; GlossaryError (file:line) on the first problem."""
    where = display_path(path)
    root = Node(load_yaml(path), where, 1, "the termbase")
    root.known_keys("concepts")
    concepts = [_concept(item, where, line) for item, line in root.items("concepts")]
    termbase = Termbase(tuple(concepts), where)
    validate(termbase)
    return termbase


def _concept(data: object, path: str, line: int) -> Concept:
    node = Node(data, path, line, "a concept")
    node.known_keys("id", "definition", "note", "relations", "terms")
    cid = node.text("id")
    if not IDENTIFIER.match(cid):
        raise node.fail(f"concept id {cid!r} must be lower_snake_case (a-z, 0-9, _)", "id")
    relations = []
    for item, rline in node.items("relations", required=False):
        rel = Node(item, path, rline, f"a relation of {cid!r}")
        rel.known_keys("type", "target")
        rtype = rel.text("type")
        if rtype not in RELATION_TYPES:
            names = ", ".join(RELATION_TYPES)
            raise rel.fail(f"unknown relation type {rtype!r}; use one of: {names}", "type")
        relations.append(Relation(rtype, rel.text("target"), rel.at("target")))
    terms: list[Term] = []
    langs = node.mapping("terms")
    for lang in langs.data:
        try:
            locale(str(lang))
        except ValueError as exc:
            raise langs.fail(f"unknown language code in concept {cid!r}: {exc}", lang) from None
        section = [_term(item, str(lang), path, tline, cid) for item, tline in langs.items(lang)]
        if not section:
            raise langs.fail(f"the {lang} section of {cid!r} lists no terms; add a preferred term", lang)
        terms += section
    if SOURCE_LANGUAGE not in langs.data:
        raise langs.fail(f"concept {cid!r} has no {SOURCE_LANGUAGE!r} terms; the source language is required")
    return Concept(
        id=cid,
        definition=node.text("definition"),
        note=node.optional_text("note"),
        relations=tuple(relations),
        terms=tuple(terms),
        location=node.at(),
    )


def _term(data: object, lang: str, path: str, line: int, cid: str) -> Term:
    node = Node(data, path, line, f"a {lang} term of {cid!r}")
    node.known_keys("term", "status", "note", "forms", "correct_in")
    status = node.text("status")
    if status not in STATUSES:
        raise node.fail(f"unknown term status {status!r}; use one of: {', '.join(STATUSES)}", "status")
    forms = tuple(unicodedata.normalize("NFC", f) for f, _ in node.strings("forms"))
    text = unicodedata.normalize("NFC", node.text("term"))
    contexts = node.strings("correct_in")
    if contexts and status != "forbidden":
        raise node.fail(
            f"'correct_in' lists where a forbidden term is right, but {text!r} is {status}; "
            "remove it or mark the term forbidden",
            "correct_in",
        )
    return Term(
        text=text,
        lang=lang,
        status=status,
        note=node.optional_text("note"),
        forms=forms,
        location=node.at(),
        correct_in=tuple(
            collocation(c, (text, *forms), lang, Location(path, cline)) for c, cline in contexts
        ),
    )


# --- where a forbidden term is right ------------------------------------------------------

_MARKS = "\u0300-\u036f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
_PATTERN_WORD = re.compile(rf"!?[\w{_MARKS}*|~'’\-\u05be\u05f3\u05f4\"]+")
_HEBREW_POINTS = dict.fromkeys([*range(0x0591, 0x05BE), 0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7])
_NO_ACCENTS = str.maketrans("áéíóúàèìòùäëïöü", "aeiouaeiouaeiou")
# Hebrew prefix letters a word may carry (ו, ש/כש/לכש/מש, ב/כ/ל/מ, ה), as glossary.terms reads them.
HEBREW_PREFIX = "ו?(?:ש|כש|לכש|מש)?[בכלמ]?ה?"
COLLOCATION_HELP = (
    "write the words around the term as they stand in the text, the term itself as ~ or in one of "
    "its forms; a word may be 'a|b' (either word), '!a|b' (any word but those), use * for any "
    "letters ('competitiv*') or stand alone as * (any one word)"
)


def word_key(word: str) -> str:
    """A word as collocations compare it: NFC, case-folded, without accents or Hebrew points."""
    return unicodedata.normalize("NFC", word).casefold().translate(_HEBREW_POINTS).translate(_NO_ACCENTS)


def _hebrew(lang: str) -> bool:
    return lang.split("_")[0] in ("he", "iw")


def collocation(text: str, forms: tuple[str, ...], lang: str, where: Location) -> Collocation:
    """A `correct_in` pattern compiled; GlossaryError (file:line) saying how to write it if malformed."""
    text = unicodedata.normalize("NFC", text.strip())

    def fail(why: str) -> GlossaryError:
        return GlossaryError(
            f"context {text!r} of forbidden {lang} term {forms[0]!r}: {why}; {COLLOCATION_HELP}", where
        )

    words = text.split()
    if not words:
        raise fail("it is empty")
    for word in words:
        if not _PATTERN_WORD.fullmatch(word):
            bad = next((c for c in word if not _PATTERN_WORD.fullmatch(c)), "!")
            raise fail(f"{bad!r} has no meaning in a context pattern")
        if "" in word.split("|"):
            raise fail(f"{word!r} has an empty alternative")
        if "!" in word[1:] or word.startswith(("!~", "!*")) or (word.startswith("!") and "~" in word):
            raise fail(f"{word!r}: ! goes before the words a place must not have, as in '!a|b'")
        if "~" in word and word != "~":
            raise fail(f"~ stands for the whole term and must be a word of its own, not part of {word!r}")
    keys = [word_key(w) for w in words]
    slots = _slots(keys, forms, lang)
    if len(slots) != 1:
        why = "it does not contain the term" if not slots else "the term is in it twice"
        raise fail(why)
    start, end = slots[0]
    compiled = [_word_pattern(k, lang) for k in keys]
    if all(w == "*" for w in words[:start] + words[end:]):
        raise fail("it has no word besides the term, so it would allow the term everywhere")
    slot = None if keys[start] == "~" else _slot_pattern(keys[start:end], lang)
    return Collocation(text, tuple(compiled[:start]), tuple(compiled[end:]), slot, where)


def _is_form(word: str, head: str, lang: str) -> bool:
    """Whether a pattern word writes a word of the term: as listed, in the plural, or with Hebrew prefixes."""
    if word == head:
        return True
    if _hebrew(lang):
        return word.endswith(head) and re.fullmatch(HEBREW_PREFIX, word[: -len(head)]) is not None
    return word in (head + "s", head + "es")


def _slots(keys: list[str], forms: tuple[str, ...], lang: str) -> list[tuple[int, int]]:
    """Where in the pattern's words the term stands: `~`, or one of its forms ('a|b': each one a form)."""
    found = [(i, i + 1) for i, k in enumerate(keys) if k == "~"]
    if found:
        return found
    split = [word_key(f).split() for f in dict.fromkeys(forms)]
    for i, key in enumerate(keys):
        alts = key.split("|")
        if all(any(len(p) == 1 and _is_form(alt, p[0], lang) for p in split) for alt in alts):
            found.append((i, i + 1))
    for parts in (p for p in split if len(p) > 1):
        n = len(parts)
        for i in range(len(keys) - n + 1):
            window = keys[i : i + n]
            if window[1:] == parts[1:] and _is_form(window[0], parts[0], lang) and (i, i + n) not in found:
                found.append((i, i + n))
    # A longer form that holds a shorter one ("qualified lead" and "lead") is one place, not two.
    return [s for s in found if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in found)]


def _slot_pattern(keys: list[str], lang: str) -> re.Pattern[str]:
    """The term as the pattern writes it: that form only (Spanish: or its plural; Hebrew: after ו or ש)."""
    alts = [re.escape(alt) + ("" if _hebrew(lang) else "(?:s|es)?") for alt in " ".join(keys).split("|")]
    prefix = "ו?(?:ש|כש)?" if _hebrew(lang) else ""
    return re.compile(f"{prefix}(?:{'|'.join(alts)})")


def _word_pattern(key: str, lang: str) -> re.Pattern[str]:
    """One word of a collocation as a pattern for a word's key ('!a|b': any word but those)."""
    negated = key.startswith("!")
    alternatives = []
    for alt in key.lstrip("!").split("|"):
        body = ".*".join(re.escape(part) for part in alt.split("*"))
        if alt == "*":
            body = ".+"
        elif not _hebrew(lang) and "*" not in alt:
            body += "(?:s|es)?"  # the plural, as Spanish and English write it
            if alt.endswith(("o", "a")):
                body = re.escape(alt[:-1]) + "(?:o|a|os|as)"  # and gender
        alternatives.append(body)
    prefix = f"(?:{HEBREW_PREFIX})" if _hebrew(lang) else ""
    if negated:
        return re.compile(f"(?!{prefix}(?:{'|'.join(alternatives)})$).+")
    return re.compile(f"{prefix}(?:{'|'.join(alternatives)})")


def validate(termbase: Termbase) -> None:
    """Cross-record rules: unique ids, existing relation targets, one clear status per term."""
    seen: dict[str, Concept] = {}
    for concept in termbase:
        if concept.id in seen:
            first = seen[concept.id].location
            raise GlossaryError(
                f"duplicate concept id {concept.id!r} (first defined at {first}); "
                "merge the two entries or rename one",
                concept.location,
            )
        seen[concept.id] = concept
    for concept in termbase:
        for rel in concept.relations:
            if rel.target not in seen:
                raise GlossaryError(
                    f"relation {rel.type!r} of {concept.id!r} points to missing concept "
                    f"{rel.target!r}; add that concept or fix the id",
                    rel.location,
                )
        for lang in concept.languages:
            _check_language(concept, lang)


def _check_language(concept: Concept, lang: str) -> None:
    terms = concept.terms_in(lang)
    preferred = [t for t in terms if t.status == "preferred"]
    if len(preferred) > 1:
        raise GlossaryError(
            f"concept {concept.id!r} has two preferred {lang} terms, {preferred[0].text!r} and "
            f"{preferred[1].text!r}; keep one preferred and mark the other 'admitted'",
            preferred[1].location,
        )
    if not preferred:
        raise GlossaryError(
            f"concept {concept.id!r} has no preferred term in {lang!r}; "
            "mark one of its terms 'status: preferred'",
            terms[0].location if terms else concept.location,
        )
    statuses: dict[str, Term] = {}
    for term in terms:
        key = normalize(term.text)
        other = statuses.get(key)
        if other is None:
            statuses[key] = term
        elif other.status != term.status:
            raise GlossaryError(
                f"{lang} term {term.text!r} of {concept.id!r} is both {other.status} "
                f"(line {other.location.line if other.location else '?'}) and {term.status}; "
                "keep one status",
                term.location,
            )
        else:
            raise GlossaryError(
                f"{lang} term {term.text!r} is listed twice in {concept.id!r}; remove one",
                term.location,
            )
