"""The termbase as a table (CSV): one row per term, for spreadsheets and quick reviews."""

from __future__ import annotations

import csv
import io

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
