"""The termbase as a table (CSV): one row per term, or a bilingual glossary for one language pair."""

from __future__ import annotations

import csv
import io

from glossary.languages import SOURCE_LANGUAGE
from glossary.termbase import Termbase

CSV_HEADER = ("concept", "language", "term", "status", "note")


def to_csv(termbase: Termbase) -> str:
    """One row per term under the header concept,language,term,status,note (RFC 4180 quoting)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for concept in termbase:
        for term in concept.terms:
            writer.writerow((concept.id, term.lang, term.text, term.status, term.note))
    return out.getvalue()


PAIR_HEADER = ("source", "target", "status", "note")


def to_pair_csv(termbase: Termbase, target: str, source: str = SOURCE_LANGUAGE) -> str:
    """A bilingual glossary: one row per target term, with the concept's preferred source term.

    The columns (source, target, status, note) are what the glossary importers of translation
    platforms read as term pairs (Weblate, Crowdin, Phrase, Lokalise: the first two columns).
    A forbidden target term is kept, with its status, so a platform can flag it.
    """
    out = io.StringIO()
    # every field quoted: importers that sniff the dialect (translate-toolkit, so Weblate) then
    # see the comma as the delimiter, whatever the notes hold
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(PAIR_HEADER)
    for concept in termbase:
        terms = concept.terms_in(target)
        if not terms:
            continue
        original = concept.preferred(source).text
        for term in terms:
            writer.writerow((original, term.text, term.status, term.note))
    return out.getvalue()
