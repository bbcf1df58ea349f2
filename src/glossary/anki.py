"""Flashcards: one locale's terms, "do not say" terms and quiz scenarios as an Anki deck (genanki).

Every note's guid is derived from what it is about (concept or scenario id, card kind,
locale), never from its text: a newer deck imported over an older one updates the cards a
learner already has, with their review history, instead of adding duplicates.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import genanki

from glossary import languages
from glossary.generate import Definitions
from glossary.localize import load_texts
from glossary.practice import practice_data
from glossary.project import Project
from glossary.sources import load_site_config
from glossary.termbase import load_termbase, normalize

# Fixed: Anki recognises a note type by its id, so it must not change between exports.
MODEL_ID = 1_716_402_816
CSS = """
.card { font-family: system-ui, "Noto Sans", "Noto Sans Hebrew", sans-serif; font-size: 20px;
        text-align: start; color: #222; background: #fff; }
.kind { font-size: 14px; color: #555; }
.reasons { font-size: 16px; }
"""
MODEL = genanki.Model(
    MODEL_ID,
    "Glossary card",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Kind"}],
    templates=[
        {
            "name": "Card",
            "qfmt": '<div class="kind">{{Kind}}</div>{{Front}}',
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
        }
    ],
    css=CSS,
)


@dataclass(frozen=True)
class Card:
    """One flashcard: kind is 'term', 'dont-say' or 'scenario'; key is what it is about."""

    kind: str
    key: str
    front: str  # HTML, every translator text escaped
    back: str
    label: str  # the kind, in the deck's language

    def guid(self, lang: str) -> str:
        return str(genanki.guid_for("glossary", lang, self.kind, self.key))


def deck_id(lang: str) -> int:
    """A stable deck id per locale (Anki deck ids are 64-bit; stay positive and below 2**31)."""
    return int.from_bytes(hashlib.sha256(f"glossary-deck:{lang}".encode()).digest()[:4], "big") >> 1


def cards(project: Project, lang: str) -> list[Card]:
    """The flashcards of one locale: term -> definition, forbidden term -> preferred, scenario -> stage."""
    texts = load_texts(project, lang)
    termbase = load_termbase(project.termbase)
    words = Definitions(termbase, lang, texts.termbase)
    ui = texts.ui.gettext
    wrap = _wrapper(lang)
    out: list[Card] = []
    for concept in termbase:
        if lang not in concept.languages:
            continue
        preferred = concept.preferred(lang).text
        back = f"<p>{html.escape(words.definition(concept))}</p>"
        note = words.note(concept)
        if note:
            back += f"<p>{html.escape(note)}</p>"
        term_label = ui("Preferred term")
        out.append(
            Card("term", concept.id, wrap(f"<h2>{html.escape(preferred)}</h2>"), wrap(back), term_label)
        )
        for term in concept.terms_in(lang, "forbidden"):
            why = words.term_note(concept, lang, term.text, term.note)
            answer = f"<h2>{html.escape(preferred)}</h2>"
            if why:
                answer += f"<p>{html.escape(why)}</p>"
            out.append(
                Card(
                    "dont-say",
                    f"{concept.id}:{normalize(term.text)}",
                    wrap(f"<h2><s>{html.escape(term.text)}</s></h2>"),
                    wrap(answer),
                    ui("Do not say"),
                )
            )
    data = practice_data(project, lang)
    stages = {s["id"]: s["label"] for s in data["rules"]["stages"]}
    criteria = {c["id"]: c["label"] for c in data["rules"]["criteria"]}
    strings = data["ui"]
    for scenario in data["scenarios"]:
        front = f"<h2>{html.escape(scenario['title'])}</h2><p>{html.escape(scenario['narrative'])}</p>"
        front += f"<p><em>{html.escape(strings['pick'])}</em></p>"
        reasons = "".join(
            f"<li>{html.escape(criteria[c['id']])} ({html.escape(strings[c['status']])}): "
            f"{html.escape(c['text'])}</li>"
            for c in scenario["criteria"]
        )
        stage = html.escape(strings["stage_now"] % {"stage": stages[scenario["stage"]]})
        back = f"<h2>{stage}</h2><p>{html.escape(scenario['explanation'])}</p>"
        if reasons:
            back += f'<p>{html.escape(strings["why"])}</p><ul class="reasons">{reasons}</ul>'
        out.append(Card("scenario", scenario["id"], wrap(front), wrap(back), strings["pick"]))
    return out


def _wrapper(lang: str) -> Callable[[str], str]:
    attrs = f'lang="{html.escape(lang)}" dir="{languages.direction(lang)}"'
    return lambda inner: f"<div {attrs}>{inner}</div>"


def deck_name(project: Project, lang: str) -> str:
    """The site's name in the locale's language, with the language's own name."""
    settings = load_site_config(project.mkdocs_yml)
    texts = load_texts(project, lang)
    name = str(settings.get("site_name") or "Glossary") if isinstance(settings, dict) else "Glossary"
    language = languages.locale(lang).get_display_name(lang) or lang
    return f"{texts.ui.gettext(name)} ({language})"


def write_deck(project: Project, lang: str, path: Path) -> int:
    """Write one locale's deck as an .apkg file; returns the number of notes."""
    deck = genanki.Deck(deck_id(lang), deck_name(project, lang))
    found = cards(project, lang)
    for card in found:
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[card.front, card.back, html.escape(card.label)],
                guid=card.guid(lang),
                tags=[f"glossary::{card.kind}"],
            )
        )
    genanki.Package(deck).write_to_file(str(path))
    return len(found)
