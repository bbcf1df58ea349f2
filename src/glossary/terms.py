"""Finding termbase terms in running text, in the spellings a translator actually writes.

`TermMatcher(termbase, lang).find(text)` returns every occurrence of every term of one
language, with its concept and status, so checks can flag forbidden and inconsistent terms.

How text is compared:

- Words are runs of letters, digits and combining marks (Hebrew letters and points, Latin
  letters with diacritics); a term matches whole words only, so "plomo" is not found in
  "complomo" nor "lead" in "leader". Each word is compared NFC-normalised and case-folded,
  with Hebrew points (niqqud, cantillation) removed; offsets always refer to the text as given.
- The words of a multi-word term may be separated by any run of whitespace (line breaks and
  no-break spaces included); a hyphen or maqaf in a term must be written as one of the two.
- Longest match wins: "cliente potencial" rather than "cliente". Candidates that overlap are
  resolved by the number of words, then by length, then by position.

What a term matches:

- The spellings the termbase lists (term and `forms`), and for Spanish and English the
  regular plural, and Spanish gender where it is safe to derive (see `_es_word`).
- Accents: the spelling with its acute accents (and diaeresis) dropped also matches, because
  careless text drops them ("lider" for "líder"); an accent where the term has none does not,
  and ñ is never reduced to n. A dropped-accent spelling never overrides a spelling another
  term lists.
- Hebrew: up to three prefix letters (ו ה ב כ ל מ ש in their grammatical order: "ולליד",
  "כשהלידים", "שבליד"), written directly or with a hyphen or maqaf before the word ("ב-CRM",
  "ה־CRM"), and the article ה elided after ב, כ, ל ("בלקוח הפוטנציאלי" for ב+הלקוח...).
  Other inflections (plural, construct state, possessive suffixes) match only when listed in
  `forms`: "ליד" never matches "תלמידים", "לידה" or "ולידציה".

What it cannot do: tell senses apart. Hebrew "ליד" is also the preposition "next to", and
"וליד" a first name; the matcher reports the spelling and leaves the sense to the validator.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from glossary.languages import SOURCE_LANGUAGE
from glossary.termbase import Collocation, Termbase, normalize, word_key

_MARKS = (
    "\u0300-\u036f"  # combining diacritical marks (decomposed accents)
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"  # Hebrew points and cantillation
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # other combining marks
)
_WORD = re.compile(rf"[\w{_MARKS}]+")
_HEBREW_POINTS = dict.fromkeys(
    [*range(0x0591, 0x05BE), 0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7],
)
# Invisible characters that may sit between words without separating them differently.
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x061C, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070), 0xFEFF],
)
_SPACES = re.compile(r"\s+")
_HYPHENS = str.maketrans(dict.fromkeys("\u05be\u2010\u2011\u2012\u2013", "-"))
_ACCENTS = str.maketrans("áéíóúàèìòùäëïöüÁÉÍÓÚÀÈÌÒÙÄËÏÖÜ", "aeiouaeiouaeiouAEIOUAEIOUAEIOU")

# Hebrew prefix letters in the order they combine: ו, then ש / כש / לכש / מש, then one of
# ב כ ל מ, then the article ה. "הוליד" is therefore not ה+ו+ליד.
_PREFIX_GRAMMAR = re.compile("ו?(?:ש|כש|לכש|מש)?[בכלמ]?ה?")
_MAX_PREFIX = 3
_HEBREW_PREFIXES = frozenset(
    "".join(letters)
    for n in range(1, _MAX_PREFIX + 1)
    for letters in itertools.product("והבכלמש", repeat=n)
    if _PREFIX_GRAMMAR.fullmatch("".join(letters))
)
_ELIDING = "בכל"  # after these the article ה is not written: בליד = ב+הליד


UNTRANSLATED = "untranslated"  # the status of an English term left in a translation


@dataclass(frozen=True)
class Match:
    """One term occurrence: offsets into the text given to `find`, prefixes included."""

    concept: str
    term: str  # the termbase term (lemma), whichever form was written
    status: str
    start: int
    end: int
    surface: str  # text[start:end], as written


@dataclass(frozen=True)
class _Entry:
    concept: str
    term: str
    status: str
    rank: int  # 0 listed in the termbase, 1 derived inflection, 2 accents dropped
    head: str = ""  # punctuation a term starts with ("." of ".NET"), which must precede it
    tail: str = ""  # punctuation it ends with ("++" of "C++"), which must follow it
    contexts: tuple[Collocation, ...] = ()  # where a forbidden term is right: no match there


class _Node:
    """A trie node: one more word of a term, reached through the gap before it."""

    __slots__ = ("entries", "next")

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], _Entry] = {}  # by (head, tail): "C" and "C++" share a node
        self.next: dict[tuple[str, str], _Node] = {}


def _key(word: str) -> str:
    if word.isascii():
        return word.lower()
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", word).casefold())
    return folded.translate(_HEBREW_POINTS)


def _gap(gap: str) -> str:
    """The separator between two words as terms compare it: any run of whitespace is one space."""
    if gap == " ":
        return gap
    return _SPACES.sub(" ", gap.translate(_INVISIBLE).translate(_HYPHENS))


def _words(text: str) -> tuple[list[str], list[str]]:
    """The words of text and the separators around them (one more separator than words)."""
    words, gaps, pos = [], [], 0
    for m in _WORD.finditer(text):
        gaps.append(text[pos : m.start()])
        words.append(m.group())
        pos = m.end()
    gaps.append(text[pos:])
    return words, gaps


class TermMatcher:
    """All the terms of one language of a termbase, compiled for fast search."""

    def __init__(self, termbase: Termbase, lang: str) -> None:
        self.lang = lang
        self._hebrew = lang.split("_")[0] in ("he", "iw")
        self._root: dict[str, _Node] = {}
        self._elided: dict[str, _Node] = {}  # Hebrew forms whose leading article ב/כ/ל swallows
        self._words: dict[str, tuple[str, list[tuple[int, _Node]], bool]] = {}  # see _word
        for concept in termbase:
            for term in concept.terms_in(lang):
                listed = [unicodedata.normalize("NFC", f) for f in term.all_forms]
                articled = _article_forms(listed) if self._hebrew else set()
                for spelling, rank in _spellings(listed, lang):
                    entry = _Entry(concept.id, term.text, term.status, rank, contexts=term.correct_in)
                    self._insert(self._root, spelling, entry)
                    if spelling in articled:
                        self._insert(self._elided, spelling[1:], entry)
        if lang.split("_")[0] != SOURCE_LANGUAGE and self._root:
            self._untranslated(termbase, lang)

    def _untranslated(self, termbase: Termbase, lang: str) -> None:
        """The English terms, in Latin script, that the termbase does not list for lang (CRM does)."""
        own = {
            normalize(spelling)
            for concept in termbase
            for term in concept.terms_in(lang)
            for spelling, _ in _spellings(list(term.all_forms), lang)
        }
        for concept in termbase:
            for term in concept.terms_in(SOURCE_LANGUAGE):
                listed = [unicodedata.normalize("NFC", f) for f in term.all_forms]
                for spelling, _ in _spellings(listed, SOURCE_LANGUAGE):
                    if normalize(spelling) not in own:
                        self._insert(self._root, spelling, _Entry(concept.id, term.text, UNTRANSLATED, 3))

    def _insert(self, root: dict[str, _Node], spelling: str, entry: _Entry) -> None:
        words, gaps = _words(spelling)
        if not words:
            return
        keys = [_key(w) for w in words]
        head, tail = _gap(gaps[0]).strip(), _gap(gaps[-1]).strip()
        node = root.setdefault(keys[0], _Node())
        for gap, key in zip(gaps[1:-1], keys[1:], strict=True):
            node = node.next.setdefault((_gap(gap), key), _Node())
        old = node.entries.get((head, tail))
        # The first term to claim a spelling keeps it, unless the newcomer lists it outright.
        if old is None or entry.rank < old.rank:
            node.entries[head, tail] = _Entry(
                entry.concept, entry.term, entry.status, entry.rank, head, tail, entry.contexts
            )

    def _first(self, key: str, before: str = "") -> list[tuple[int, _Node]]:
        """Trie nodes a word can start, with how many prefix letters it carries.

        before holds prefix letters already written apart ("ב" of "ב-CRM").
        """
        found: list[tuple[int, _Node]] = []
        for n in range(min(_MAX_PREFIX - len(before), len(key) - 1) + 1 if self._hebrew else 1):
            prefix, rest = before + key[:n], key[n:]
            if prefix and prefix not in _HEBREW_PREFIXES:
                continue
            if rest in self._root:
                found.append((n, self._root[rest]))
            if prefix and prefix[-1] in _ELIDING and rest in self._elided:
                found.append((n, self._elided[rest]))
        return found

    def _word(self, word: str) -> tuple[str, list[tuple[int, _Node]], bool]:
        """A word's key, the terms it can start, and whether it is only prefix letters (cached)."""
        known = self._words.get(word)
        if known is None:
            key = _key(word)
            known = (key, self._first(key), self._hebrew and key in _HEBREW_PREFIXES)
            if len(self._words) >= 100_000:  # a bound on memory for endless streams of text
                self._words.clear()
            self._words[word] = known
        return known

    def find(self, text: str) -> list[Match]:
        """Every term occurrence in text, in order; overlapping candidates go to the longest."""
        spans: list[tuple[int, int]] = []
        keys: list[str] = []
        starts: list[tuple[int, list[tuple[int, _Node]], bool]] = []
        for m in _WORD.finditer(text):
            key, first, prefix = self._word(m.group())
            if first or prefix:
                starts.append((len(keys), first, prefix))
            spans.append(m.span())
            keys.append(key)
        candidates: list[tuple[int, int, int, int, int, _Entry]] = []  # first, last, start, end, order
        for i, first, prefix in starts:
            for _, node in first:
                self._walk(text, spans, keys, i, i, node, candidates)
            if prefix and i + 1 < len(spans) and _gap(text[spans[i][1] : spans[i + 1][0]]) == "-":
                # "ב-CRM", "ה־CRM": prefix letters joined to the next word by a hyphen or maqaf.
                for _, node in self._first(keys[i + 1], before=keys[i]):
                    self._walk(text, spans, keys, i, i + 1, node, candidates)
        return [
            Match(e.concept, e.term, e.status, start, end, text[start:end])
            for start, end, e in _select(candidates)
            if not e.contexts or _allowed(text, start, end, e.contexts)
        ]

    def _walk(
        self,
        text: str,
        spans: list[tuple[int, int]],
        keys: list[str],
        first: int,
        i: int,
        node: _Node,
        out: list[tuple[int, int, int, int, int, _Entry]],
    ) -> None:
        """Follow the trie from word i on, recording every complete term on the way."""
        start = spans[first][0]
        while True:
            end = spans[i][1]
            for entry in node.entries.values():
                if _fits(text, start, end, entry):
                    start_at = start - len(entry.head)
                    out.append((first, i, start_at, end + len(entry.tail), len(out), entry))
            if not node.next or i + 1 >= len(spans):
                return
            gap = text[spans[i][1] : spans[i + 1][0]]
            child = node.next.get((_gap(gap), keys[i + 1]))
            if child is None:
                return
            node, i = child, i + 1


# What may stand between the words of a collocation: spaces, hyphens, quotes; not a comma
# or a full stop, which end the phrase.
_JOINING = re.compile("[\\s\"'“”«»‘’\u00ad\u200b-\u200f\u2010\u2011\u05be-]+")
_AROUND = 120  # characters looked at on each side of a term for its collocation


def _allowed(text: str, start: int, end: int, contexts: tuple[Collocation, ...]) -> bool:
    """Whether text[start:end] stands in none of the collocations where the term is right."""
    wanted_before = max(len(c.before) for c in contexts)
    wanted_after = max(len(c.after) for c in contexts)
    before = _joined_words(text[max(0, start - _AROUND) : start], wanted_before, backwards=True)
    after = _joined_words(text[end : end + _AROUND], wanted_after, backwards=False)
    slot = " ".join(word_key(text[start:end]).split())
    for c in contexts:
        if c.slot is not None and not c.slot.fullmatch(slot):
            continue
        if len(before) < len(c.before) or len(after) < len(c.after):
            continue
        near = before[len(before) - len(c.before) :] if c.before else []
        if all(p.fullmatch(k) for p, k in zip(c.before, near, strict=True)) and all(
            p.fullmatch(k) for p, k in zip(c.after, after, strict=False)
        ):
            return False
    return True


def _joined_words(window: str, count: int, backwards: bool) -> list[str]:
    """Up to count word keys next to the term, in text order, as far as only spaces, hyphens or quotes part them."""
    if not count:
        return []
    if backwards:
        found = list(_WORD.finditer(window))[-count:]
        edges = [m.end() for m in found]
        gaps = [window[e : n.start()] for e, n in zip(edges, found[1:], strict=False)] + [
            window[found[-1].end() :] if found else ""
        ]
        keep = len(found)
        for i in range(len(found) - 1, -1, -1):
            if not _JOINING.fullmatch(gaps[i]):
                break
            keep = i
        return [word_key(m.group()) for m in found[keep:]]
    found = list(itertools.islice(_WORD.finditer(window), count))
    out = []
    at = 0
    for m in found:
        if not _JOINING.fullmatch(window[at : m.start()]):
            break
        out.append(word_key(m.group()))
        at = m.end()
    return out


def _fits(text: str, start: int, end: int, entry: _Entry) -> bool:
    if entry.head and _gap(text[max(0, start - len(entry.head)) : start]) != entry.head:
        return False
    return not entry.tail or _gap(text[end : end + len(entry.tail)]) == entry.tail


def _select(
    candidates: list[tuple[int, int, int, int, int, _Entry]],
) -> list[tuple[int, int, _Entry]]:
    """Non-overlapping candidates, most words first, then longest, then earliest; in text order."""
    if not candidates:
        return []
    if len(candidates) == 1 or all(a[1] < b[0] for a, b in itertools.pairwise(candidates)):
        return [(c[2], c[3], c[5]) for c in candidates]
    taken: set[int] = set()
    chosen: list[tuple[int, int, _Entry]] = []
    for first, last, start, end, _, entry in sorted(
        candidates, key=lambda c: (c[0] - c[1], c[2] - c[3], c[2], c[4])
    ):
        words = range(first, last + 1)
        if taken.isdisjoint(words):
            taken.update(words)
            chosen.append((start, end, entry))
    return sorted(chosen, key=lambda c: c[0])


def _article_forms(listed: list[str]) -> set[str]:
    """Hebrew forms that begin with the article ה, known because a form without it exists.

    "הלקוח הפוטנציאלי" has it (the term is "לקוח פוטנציאלי"); "הזדמנות" and "המרה" do not.
    """
    firsts = {_key(w[0]) for w, _ in map(_words, listed) if w}
    found = set()
    for form in listed:
        words, gaps = _words(form)
        if words and not gaps[0].strip() and words[0].startswith("ה") and _key(words[0][1:]) in firsts:
            found.add(form)
    return found


def _spellings(listed: list[str], lang: str) -> Iterator[tuple[str, int]]:
    """Every spelling of a term with its rank: listed, then inflected, then without accents."""
    inflect = _INFLECTORS.get(lang.split("_")[0])
    ranked: dict[str, int] = {}
    for form in listed:
        ranked.setdefault(form, 0)
    if inflect is not None:
        for form in listed:
            for variant in inflect(form):
                ranked.setdefault(variant, 1)
    for spelling in list(ranked):
        ranked.setdefault(spelling.translate(_ACCENTS), 2)
    yield from ranked.items()


def _phrases(form: str, variants: Iterable[list[str]]) -> Iterator[str]:
    _, gaps = _words(form)
    for choice in itertools.product(*variants):
        yield "".join(g + w for g, w in zip(gaps, [*choice, ""], strict=True))


def _is_acronym(word: str) -> bool:
    return word.isupper() and len(word) <= 6


# Spanish --------------------------------------------------------------------------------

_ES_FUNCTION = frozenset(
    [
        "a",
        "al",
        "con",
        "de",
        "del",
        "e",
        "el",
        "en",
        "la",
        "las",
        "lo",
        "los",
        "o",
        "para",
        "por",
        "que",
        "se",
        "sin",
        "su",
        "sus",
        "u",
        "un",
        "una",
        "unos",
        "unas",
        "y",
    ]
)
_ES_VOWELS = "aeiouáéíóúü"
_ES_STRESS = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}


def _es_inflect(form: str) -> Iterator[str]:
    """Spanish number on every content word, gender on agent nouns and on adjectives.

    An adjective is a word after the head and before the first function word ("potencial" in
    "cliente potencial"); words after "de" are complements and only take number.
    """
    words, _ = _words(form)
    content = [i for i, w in enumerate(words) if w.lower() not in _ES_FUNCTION]
    first_function = next((i for i, w in enumerate(words) if w.lower() in _ES_FUNCTION), len(words))
    variants = []
    for i, word in enumerate(words):
        if i not in content:
            variants.append([word])
        else:
            adjective = i != content[0] and i < first_function
            variants.append(sorted(_es_word(word, adjective)))
    yield from _phrases(form, variants)


def _es_word(word: str, adjective: bool) -> set[str]:
    """Number for every word; gender only for -dor/-tor/-sor nouns and -o/-a/-és adjectives.

    Gender is not derived for other nouns: "contacto" -> "contacta" is a verb, "acuerdo" ->
    "acuerda" too. List such feminine forms in the termbase when a noun really has them.
    """
    if _is_acronym(word):
        return {word, word + "s"}
    low = word.lower()
    singulars = {word}
    if low.endswith(("dor", "tor", "sor")):
        singulars.add(word + "a")
    elif adjective and low.endswith(("o", "a")):
        singulars |= {word[:-1] + "o", word[:-1] + "a"}
    elif adjective and low.endswith("és"):
        singulars.add(word[:-2] + "esa")
    found = set(singulars)
    for singular in singulars:
        found |= _es_plurals(singular)
    return found


def _vowel_groups(word: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(f"[{_ES_VOWELS}]+", word.lower())]


def _es_plurals(word: str) -> set[str]:
    """The plural(s) of a Spanish singular: -s, -es, z -> ces, accents moved as spelling demands."""
    low = word.lower()
    last = low[-1:]
    groups = _vowel_groups(word)
    if not last or not groups:
        return set()
    if last in "aeiouáéó":
        return {word + "s"}
    if last in "íú":
        return {word + "s", word + "es"}
    if last == "z":
        return {_drop_final_accent(word[:-1], groups) + "ces"}
    if last in "sx":
        accented = any(c in "áéíóú" for c in low[groups[-1][0] : groups[-1][1]])
        if accented or len(groups) == 1:
            return {_drop_final_accent(word, groups) + "es"}
        return set()  # "análisis", "ventas": no change
    # Loanwords take -s (leads, chats, emails); native endings never do (conversións).
    native = low.endswith(("ión", "dad", "tad", "tud", "or"))
    plurals = set() if native else {word + "s"}
    stem = _drop_final_accent(word, groups)
    if last == "n" and len(groups) > 1 and not any(c in "áéíóú" for c in low):
        stem = _stress(stem, groups[-2])  # examen -> exámenes, joven -> jóvenes
    plurals.add(stem + "es")
    return plurals


def _drop_final_accent(word: str, groups: list[tuple[int, int]]) -> str:
    """Remove the accent of a stressed last syllable (conversión -> conversion-es).

    An accented í or ú next to another vowel marks a hiatus and stays: país -> países.
    """
    start, end = groups[-1]
    group = word[start:end]
    accented = [i for i, c in enumerate(group.lower()) if c in "áéíóú"]
    if not accented or (group[accented[0]].lower() in "íú" and len(group) > 1):
        return word
    return word[:start] + group.translate(_ACCENTS) + word[end:]


def _stress(word: str, group: tuple[int, int]) -> str:
    """Write an accent on a vowel group: on its strong vowel, or the second of two weak ones."""
    start, end = group
    text = word[start:end].lower()
    strong = [i for i, c in enumerate(text) if c in "aeo"]
    at = start + (strong[0] if strong else len(text) - 1)
    char = word[at]
    accented = _ES_STRESS.get(char.lower(), char)
    return word[:at] + (accented.upper() if char.isupper() else accented) + word[at + 1 :]


# English --------------------------------------------------------------------------------

_EN_FUNCTION = frozenset(["a", "an", "and", "by", "for", "in", "of", "on", "or", "the", "to", "with"])


def _en_inflect(form: str) -> Iterator[str]:
    """The plural of an English term: its head noun, the last word before any preposition."""
    words, _ = _words(form)
    head = next((i for i, w in enumerate(words) if w.lower() in _EN_FUNCTION), len(words)) - 1
    if head < 0:
        return
    variants = [[w] for w in words]
    variants[head] = [words[head], *_en_plurals(words[head])]
    yield from _phrases(form, variants)


def _en_plurals(word: str) -> list[str]:
    if _is_acronym(word):
        return [word + "s"]
    low = word.lower()
    if low.endswith(("ss", "us", "is", "x", "z", "ch", "sh")):
        return [word + "es"]
    if low.endswith("s"):
        return []  # already plural: "requirements", "sales"
    if low.endswith("y") and low[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return [word[:-1] + "ies"]
    return [word + "s"]


_INFLECTORS = {"es": _es_inflect, "en": _en_inflect}
