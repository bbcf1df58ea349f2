"""Finding terms in text: the real termbase in en/es/he, and small inline termbases for edge cases."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.termbase import Concept, Term, Termbase, load_termbase
from glossary.terms import Match, TermMatcher

ROOT = Path(__file__).resolve().parents[1]
TERMBASE = ROOT / "locales" / "termbase.yaml"


@cache
def termbase() -> Termbase:
    return load_termbase(TERMBASE)


@cache
def real(lang: str) -> TermMatcher:
    return TermMatcher(termbase(), lang)


def inline(lang: str, *terms: tuple[str, str, str] | tuple[str, str, str, tuple[str, ...]]) -> TermMatcher:
    """A matcher over a small termbase: (concept, term, status[, forms]) in one language."""
    concepts: dict[str, list[Term]] = {}
    for concept, text, status, *forms in terms:
        concepts.setdefault(concept, []).append(Term(text, lang, status, forms=forms[0] if forms else ()))
    termbase = Termbase(tuple(Concept(cid, cid, terms=tuple(ts)) for cid, ts in concepts.items()))
    return TermMatcher(termbase, lang)


def found(matcher: TermMatcher, text: str) -> list[tuple[str, str, str]]:
    """(concept, status, surface) of every match; offsets are checked against the surface."""
    matches = matcher.find(text)
    for m in matches:
        assert text[m.start : m.end] == m.surface
    return [(m.concept, m.status, m.surface) for m in matches]


# The real termbase: passes (what must be found) and fails (what must not be)

FINDS = [
    # Spanish: the preferred loanword, the admitted phrase, the mistranslations.
    ("es", "Tenemos tres leads nuevos", [("lead", "preferred", "leads")]),
    ("es", "Un lead calificado", [("lead", "preferred", "lead")]),
    ("es", "Los clientes potenciales", [("lead", "admitted", "clientes potenciales")]),
    ("es", "CLIENTE POTENCIAL", [("lead", "admitted", "CLIENTE POTENCIAL")]),
    ("es", "un cliente\n   potencial", [("lead", "admitted", "cliente\n   potencial")]),
    ("es", "el cliente", [("customer", "preferred", "cliente")]),
    ("es", "un plomo", [("lead", "forbidden", "plomo")]),
    ("es", "Los plomos", [("lead", "forbidden", "plomos")]),
    ("es", "los líderes compran", [("lead", "forbidden", "líderes")]),
    ("es", "los líderes del mercado", []),  # the collocation in which the word is right
    ("es", "Liderazgo", [("lead", "forbidden", "Liderazgo")]),
    ("es", "una ventaja", [("lead", "forbidden", "ventaja")]),
    ("es", "Tres oportunidades de venta", [("opportunity", "admitted", "oportunidades de venta")]),
    ("es", "Una oportunidad", [("opportunity", "preferred", "oportunidad")]),
    ("es", "las influenciadoras", [("influencer", "preferred", "influenciadoras")]),
    ("es", "Dos conversiones", [("conversion", "preferred", "conversiones")]),
    ("es", "los proveedores actuales", [("current_supplier", "preferred", "proveedores actuales")]),
    ("es", "los CRM y los CRMs", [("crm", "preferred", "CRM"), ("crm", "preferred", "CRMs")]),
    ("es", "la calificación de leads", [("qualification", "admitted", "calificación de leads")]),
    # Dropped accents still find the term.
    ("es", "el lider", [("lead", "forbidden", "lider")]),
    ("es", "los lideres", [("lead", "forbidden", "lideres")]),
    ("es", "la conversion", [("conversion", "preferred", "conversion")]),
    ("es", "las tuberias", [("pipeline", "forbidden", "tuberias")]),
    # English.
    ("en", "Three new leads", [("lead", "preferred", "leads")]),
    ("en", "LEAD", [("lead", "preferred", "LEAD")]),
    ("en", "Sales leads", [("lead", "admitted", "Sales leads")]),
    ("en", "In many CRMs", [("crm", "preferred", "CRMs")]),
    ("en", "two opportunities", [("opportunity", "preferred", "opportunities")]),
    ("en", "the lead's budget", [("lead", "preferred", "lead"), ("ability_to_pay", "admitted", "budget")]),
    ("en", "decision-making authority", [("decision_authority", "admitted", "decision-making authority")]),
    ("en", "decision making authority", [("decision_authority", "admitted", "authority")]),
    # Hebrew: prefix letters, alone and combined, are part of the match.
    ("he", "הלידים", [("lead", "preferred", "הלידים")]),
    ("he", "ולליד", [("lead", "preferred", "ולליד")]),
    ("he", "שהליד", [("lead", "preferred", "שהליד")]),
    ("he", "כשהלידים", [("lead", "preferred", "כשהלידים")]),
    ("he", "בליד", [("lead", "preferred", "בליד")]),  # the article is elided after ב
    ("he", "ב-CRM", [("crm", "preferred", "ב-CRM")]),
    ("he", "ה־CRM", [("crm", "preferred", "ה־CRM")]),
    ("he", "וב-CRM", [("crm", "preferred", "וב-CRM")]),
    ("he", "בCRM", [("crm", "preferred", "בCRM")]),
    ("he", "ב - CRM", [("crm", "preferred", "CRM")]),  # spaced out, the letter is not a prefix
    ("he", "עופרת", [("lead", "forbidden", "עופרת")]),
    ("he", "המובילים", [("lead", "forbidden", "המובילים")]),
    ("he", "הזדמנויות מכירה", [("opportunity", "admitted", "הזדמנויות מכירה")]),
    ("he", "הזדמנות", [("opportunity", "preferred", "הזדמנות")]),
    ("he", "ואנשי הקשר", [("contact", "preferred", "ואנשי הקשר")]),
    ("he", "ללקוחות הפוטנציאליים", [("lead", "admitted", "ללקוחות הפוטנציאליים")]),
    ("he", "בלקוח הפוטנציאלי", [("lead", "admitted", "בלקוח הפוטנציאלי")]),  # ב + הלקוח...
    ("he", "מלקוח הפוטנציאלי", [("customer", "preferred", "מלקוח")]),  # מ does not swallow ה
    ("he", "לִידִים", [("lead", "preferred", "לִידִים")]),  # niqqud
    # "Birth" is not the plural or construct of ליד; in its own sense (חופשת לידה) it is right.
    ("he", "לידות חדשות", [("lead", "forbidden", "לידות")]),
    ("he", "מלידתו", [("lead", "forbidden", "מלידתו")]),
    ("he", "חופשת לידה", []),
    ("he", "הספק המוביל בשוק", []),
    ("he", "המוביל נכנס היום", [("lead", "forbidden", "המוביל")]),
    ("he", "זה מוביל למכירה", []),  # the verb: leads to a sale
    ("he", "המוביל למכירה", [("lead", "forbidden", "המוביל")]),  # with the article it is a noun
    # The homograph: ליד is also "next to". The matcher reports it; the validator judges.
    ("he", "הספר ליד הלקוח", [("lead", "preferred", "ליד"), ("customer", "preferred", "הלקוח")]),
]

MISSES = [
    ("es", "complomo"),
    ("es", "el plomero"),
    ("es", "liderar un equipo"),
    ("es", "un precio ventajoso"),
    ("es", "un cliénte"),  # an accent the term does not have: no general accent folding
    ("es", "contacta al equipo potencialmente"),
    ("en", "a leader"),
    ("en", "leading"),
    ("en", "it misleads"),
    ("en", "he pleads"),
    ("en", "lead_id"),
    ("he", "תלמידים"),
    ("he", "ילדים"),
    ("he", "ולידציה"),
    ("he", "הוליד"),  # ה+ו+ליד is not a prefix order Hebrew has: it is "begot"
    ("he", "מולידים"),
    ("he", "עופרות"),  # not listed
    ("he", "מובילית"),
    ("he", "לידו"),  # suffixes are not derived
    ("he", "וכשהליד"),  # four prefix letters: over the limit
]


@pytest.mark.parametrize(("lang", "text", "expected"), FINDS)
def test_finds(lang: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(real(lang), text) == expected


@pytest.mark.parametrize(("lang", "text"), MISSES)
def test_misses(lang: str, text: str) -> None:
    assert found(real(lang), text) == []


def test_a_match_carries_the_lemma_and_the_written_offsets() -> None:
    text = "אמרנו שהלידים החדשים"
    assert real("he").find(text) == [Match("lead", "ליד", "preferred", 6, 13, "שהלידים")]
    text = "Tenemos leads y clientes potenciales"
    assert real("es").find(text) == [
        Match("lead", "lead", "preferred", 8, 13, "leads"),
        Match("lead", "cliente potencial", "admitted", 16, 36, "clientes potenciales"),
    ]


def test_offsets_refer_to_the_text_as_given_not_to_its_nfc_form() -> None:
    text = "los li\u0301deres y el lider"  # decomposed í: one character longer than NFC
    matches = real("es").find(text)
    assert [(m.start, m.end, m.surface) for m in matches] == [
        (4, 12, "li\u0301deres"),
        (18, 23, "lider"),
    ]
    assert {m.term for m in matches} == {"líder"}


def test_case_folding_does_not_shift_offsets() -> None:
    text = "STRAẞE LEADS"  # ẞ case-folds to two letters
    assert [(m.start, m.end) for m in real("en").find(text)] == [(7, 12)]


def test_invisible_bidi_marks_between_prefix_and_word() -> None:
    assert found(real("he"), "ב־\u200eCRM") == [("crm", "preferred", "ב־\u200eCRM")]


def test_empty_text_and_a_language_without_terms() -> None:
    assert real("he").find("") == []
    assert real("he").find("  ,.  ") == []
    assert TermMatcher(termbase(), "fr").find("lead plomo ליד") == []


@pytest.mark.parametrize(
    "prefix", ["ו", "ה", "ב", "כ", "ל", "מ", "ש", "וה", "שב", "ול", "מה", "כש", "וכש", "שה", "לכש"]
)
def test_hebrew_prefixes_in_grammatical_order_are_part_of_the_word(prefix: str) -> None:
    assert found(real("he"), prefix + "ליד") == [("lead", "preferred", prefix + "ליד")]


@pytest.mark.parametrize("prefix", ["הו", "הב", "בב", "לל", "בש", "כב", "וכשה"])
def test_other_letter_runs_are_not_prefixes(prefix: str) -> None:
    assert found(real("he"), prefix + "ליד") == []


# Longest match and overlaps


def test_longest_match_wins() -> None:
    assert found(real("es"), "el cliente potencial") == [("lead", "admitted", "cliente potencial")]
    assert found(real("he"), "הזדמנות מכירה") == [("opportunity", "admitted", "הזדמנות מכירה")]
    assert found(real("he"), "הזדמנות גדולה") == [("opportunity", "preferred", "הזדמנות")]


def test_overlapping_candidates_go_to_the_one_with_more_words() -> None:
    matcher = inline(
        "en",
        ("lead", "sales lead", "admitted"),
        ("conversion", "lead conversion rate", "preferred"),
        ("sales", "sales", "preferred"),
    )
    assert found(matcher, "sales lead conversion rate") == [
        ("sales", "preferred", "sales"),
        ("conversion", "preferred", "lead conversion rate"),
    ]
    assert found(matcher, "sales lead conversion") == [("lead", "admitted", "sales lead")]


def test_overlapping_candidates_of_equal_length_go_to_the_earlier() -> None:
    matcher = inline("en", ("a", "top lead", "preferred"), ("b", "lead fee", "preferred"))
    assert found(matcher, "top lead fee") == [("a", "preferred", "top lead")]


def test_a_term_ending_in_punctuation_needs_the_punctuation() -> None:
    matcher = inline("en", ("cpp", "C++", "preferred"), ("dotnet", ".NET", "preferred"))
    assert found(matcher, "C++ and C, .NET and NET") == [
        ("cpp", "preferred", "C++"),
        ("dotnet", "preferred", ".NET"),
    ]
    matcher = inline("en", ("cpp", "C++", "preferred"), ("c", "C", "preferred"))
    assert found(matcher, "C++ and C") == [("cpp", "preferred", "C++"), ("c", "preferred", "C")]


def test_a_spelling_without_accents_never_overrides_a_listed_one() -> None:
    matcher = inline("es", ("father", "papá", "preferred"), ("potato", "papa", "preferred"))
    assert found(matcher, "papá, papa") == [("father", "preferred", "papá"), ("potato", "preferred", "papa")]


# Derived inflection


@pytest.mark.parametrize(
    ("term", "written"),
    [
        ("luz", ["luces"]),
        ("lápiz", ["lápices", "lapices"]),
        ("examen", ["exámenes", "examenes"]),
        ("país", ["países", "paises"]),
        ("mes", ["meses"]),
        ("autobús", ["autobuses"]),
        ("ley", ["leyes"]),
        ("crisis", ["crisis"]),
        ("conversión", ["conversiones"]),
        ("líder", ["líderes", "lideres"]),
        ("oportunidad", ["oportunidades"]),
        ("chat", ["chats"]),
        ("influenciador", ["influenciadora", "influenciadores", "influenciadoras"]),
        ("cliente potencial", ["clientes potenciales"]),
        ("proveedor nuevo", ["proveedora nueva", "proveedores nuevos", "proveedoras nuevas"]),
        ("cliente francés", ["clientes franceses", "cliente francesa"]),
        ("oportunidad de venta", ["oportunidades de venta"]),
        ("gestión de la relación", ["gestiones de la relación"]),
    ],
)
def test_spanish_number_and_gender(term: str, written: list[str]) -> None:
    matcher = inline("es", ("c", term, "preferred"))
    for text in written:
        assert found(matcher, text) == [("c", "preferred", text)], text


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("contacto", "contacta"),  # nouns do not change gender: that is a verb
        ("acuerdo", "acuerda"),
        ("oportunidad de venta", "oportunidad des venta"),  # function words are not inflected
        ("ventas", "ventases"),
        ("conversión", "conversións"),
    ],
)
def test_spanish_inflection_stays_within_spanish(term: str, text: str) -> None:
    assert found(inline("es", ("c", term, "preferred")), text) == []


@pytest.mark.parametrize(
    ("term", "written"),
    [
        ("business", "businesses"),
        ("policy", "policies"),
        ("day", "days"),
        ("sales lead", "sales leads"),
        ("ability to pay", "abilities to pay"),
        ("CRM", "CRMs"),
        ("terms of payment", "terms of payment"),
    ],
)
def test_english_plural(term: str, written: str) -> None:
    assert found(inline("en", ("c", term, "preferred")), written) == [("c", "preferred", written)]


def test_hebrew_forms_come_only_from_the_termbase() -> None:
    matcher = inline("he", ("lead", "ליד", "preferred"))
    assert found(matcher, "לידים") == []
    matcher = inline("he", ("lead", "ליד", "preferred", ("לידים",)))
    assert found(matcher, "ולידים") == [("lead", "preferred", "ולידים")]


def test_hebrew_article_elision_needs_a_form_with_the_article() -> None:
    matcher = inline("he", ("x", "המרה", "preferred"))  # ה here is part of the word
    assert found(matcher, "במרה") == []
    assert found(matcher, "בהמרה") == [("x", "preferred", "בהמרה")]


# Property: one known term inserted among words that are not terms is found exactly once


FILLER = {
    "en": ["we", "have", "three", "new", "tomorrow", "team", "review", "week", "call", "price", "leader"],
    "es": ["tenemos", "tres", "nuevos", "mañana", "equipo", "revisar", "semana", "llamada", "complomo"],
    "he": ["אנחנו", "שלושה", "חדשים", "מחר", "צוות", "שבוע", "שיחה", "תלמידים", "ילדים", "לידה", "ולידציה"],
}
LETTERS = {
    "en": "abcdefghijklmnopqrstuvwxyz",
    "es": "abcdefghijklmnopqrstuvwxyzáéíóúñü",
    "he": "אבגדהוזחטיכךלמםנןסעפףצץקרשת",
}
SEPARATORS = [" ", "  ", ", ", ". ", "\n", " (", ") ", " — "]
PREFIXES = [
    "",
    "ו",
    "ה",
    "ב",
    "כ",
    "ל",
    "מ",
    "ש",
    "וה",
    "וב",
    "ול",
    "מה",
    "שב",
    "שה",
    "כש",
    "וכש",
    "לכש",
    "כשה",
]
# Inflected spellings the termbase does not list: (written, concept, lemma).
DERIVED = {
    "en": [("sales opportunities", "opportunity", "sales opportunity"), ("CRMs", "crm", "CRM")],
    "es": [
        ("lideres", "lead", "líder"),
        ("plomos", "lead", "plomo"),
        ("oportunidades de venta", "opportunity", "oportunidad de venta"),
        ("influenciadoras", "influencer", "influenciador"),
        ("conversiones", "conversion", "conversión"),
        ("tuberias", "pipeline", "tubería"),
        ("proveedoras actuales", "current_supplier", "proveedor actual"),
        ("calificaciones de leads", "qualification", "calificación de leads"),
    ],
}


@cache
def term_words(lang: str) -> frozenset[str]:
    """Every word of every term and form, with the endings inflection may add: no filler may be one."""
    words = set()
    for concept in termbase():
        for term in concept.terms_in(lang):
            for form in term.all_forms:
                for word in unicodedata.normalize("NFC", form).casefold().split():
                    words |= {word, word + "s", word + "es"}
    plain = str.maketrans("áéíóú", "aeiou")
    return frozenset(words | {w.translate(plain) for w in words})


def filler(lang: str) -> st.SearchStrategy[str]:
    made_up = st.text(alphabet=LETTERS[lang], min_size=1, max_size=8)
    return (st.sampled_from(FILLER[lang]) | made_up).filter(
        lambda w: w.casefold() not in term_words(lang) and not real(lang).find(w)
    )


@st.composite
def occurrence(draw: st.DrawFn, lang: str) -> tuple[str, Match]:
    """A term as a text may write it, and the match expected at offset 0."""
    listed = [(form, c.id, t.text) for c in termbase() for t in c.terms_in(lang) for form in t.all_forms]
    written, concept, lemma = draw(st.sampled_from(listed + DERIVED.get(lang, [])))
    status = next(t.status for t in termbase().concept(concept).terms_in(lang) if t.text == lemma)
    if lang == "he":
        prefix = draw(st.sampled_from(PREFIXES))
        joint = draw(st.sampled_from(["", "-", "־"])) if prefix and written.isascii() else ""
        written = prefix + joint + written
    else:
        cases: list[Callable[[str], str]] = [str, str.upper, str.capitalize, str.title]
        written = draw(st.sampled_from(cases))(written)
    return written, Match(concept, lemma, status, 0, len(written), written)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), lang=st.sampled_from(["en", "es", "he"]))
def test_one_term_among_other_words_is_found_once_where_it_was_put(data: st.DataObject, lang: str) -> None:
    before = data.draw(st.lists(filler(lang), max_size=6))
    after = data.draw(st.lists(filler(lang), max_size=6))
    written, expected = data.draw(occurrence(lang))
    seps = data.draw(st.lists(st.sampled_from(SEPARATORS), min_size=12, max_size=12))
    term = next(t for t in termbase().concept(expected.concept).terms_in(lang) if t.text == expected.term)
    if term.correct_in:  # words around it could make a collocation where it is right: a full stop cannot
        seps[len(before) - 1 if before else 0] = seps[6] = ". "
    head = "".join(w + sep for w, sep in zip(before, seps[:6], strict=False))
    tail = "".join(sep + w for w, sep in zip(after, seps[6:], strict=False))
    assert real(lang).find(head + written + tail) == [
        replace(expected, start=len(head), end=len(head) + len(written))
    ]
