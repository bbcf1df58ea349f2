"""The termbase: one record per concept, owning its definition, terms in every language and relations."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
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
class Term:
    text: str
    lang: str
    status: str
    note: str = ""
    forms: tuple[str, ...] = ()  # inflected forms a text may use (plural, construct state)
    location: Location | None = None

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
    node.known_keys("term", "status", "note", "forms")
    status = node.text("status")
    if status not in STATUSES:
        raise node.fail(f"unknown term status {status!r}; use one of: {', '.join(STATUSES)}", "status")
    forms = tuple(unicodedata.normalize("NFC", f) for f, _ in node.strings("forms"))
    return Term(
        text=unicodedata.normalize("NFC", node.text("term")),
        lang=lang,
        status=status,
        note=node.optional_text("note"),
        forms=forms,
        location=node.at(),
    )


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
