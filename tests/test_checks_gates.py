"""A rule runs only on the entries with the traits it needs: that must never hide a finding.

Every entry rule is run here on every entry, gates or not, and must find exactly what the
runner finds with them: on real catalogs and pages, and on random messages made to trip
the gates (edge whitespace, punctuation and quotes, placeholders, Hebrew, decomposed accents).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.checks import Finding, selected
from glossary.checks.base import finding, run
from glossary.checks.inputs import Context, TextFile, read_file, read_po
from glossary.checks.runner import _check_file, entry_finding
from glossary.errors import Location
from glossary.termbase import load_termbase

ROOT = Path(__file__).resolve().parents[1]
TERMBASE = load_termbase(ROOT / "locales" / "termbase.yaml")
_SPEC = importlib.util.find_spec("django")
assert _SPEC is not None and _SPEC.origin
DJANGO = Path(_SPEC.origin).parent


def ungated(file: TextFile, ctx: Context) -> list[Finding]:
    """What the rules find when every rule looks at every entry."""
    rules = selected()
    out = [finding(r, p, Location(file.path), None, None) for r, p in run(rules, "file", file, ctx)]
    for entry in file.entries:
        out += [entry_finding(r, p, entry) for r, p in run(rules, "entry", entry, ctx)]
    return out


def same(file: TextFile) -> None:
    gated = _check_file(file, selected(), Context(TERMBASE))
    assert sorted(gated, key=repr) == sorted(ungated(file, Context(TERMBASE)), key=repr)


REAL = [
    *sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po")),
    *sorted(DJANGO.glob("conf/locale/[ehf][sera]/LC_MESSAGES/django.po")),
    *sorted(DJANGO.glob("contrib/admin/locale/[eh][se]/LC_MESSAGES/*.po")),
    *sorted((ROOT / "docs").glob("*.md")),
]


@pytest.mark.parametrize("path", REAL, ids=lambda p: "/".join(p.parts[-4:]))
def test_gates_hide_nothing_in_real_files(path: Path) -> None:
    same(read_file(path, "es" if path.suffix == ".md" else None))


PIECES = [
    " ", "  ", "\t", "\n", "\u00a0", "\u3000", "a", "de", "De", "DE", "el", "lead", "Lead", "líder", "li\u0301der",
    "cuenta", "contacto", "need", "ability to pay", "ליד", "הליד", "ולליד", "דוא\"ל", "וכו'", "׳", "״", "־",
    ".", "..", "...", "…", "?", "!", ":", ";", ",", "¿", "»", "”", '"', "'", ")", "]", "}", "(",
    "%(num)d", "%(name)s", "%s", "%d", "50%", "%%", "{name}", "{0}", "{{x}}", "[a](b)", "[x](concept:lead)",
    "`code`", "<b>", "</b>", "https://example.com/x", "mailto:a@b.c", "3", "10,000", "1.5", "\u202e", "\u2068",
    "\u2069", "Jan.", "a.m.", "CRM", "URL", "ß", "SS", "İ", "ς", "Σ",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


def _q(text: str) -> str:
    return (
        '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    )


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    lang=st.sampled_from(["es", "he"]),
    messages=st.lists(st.tuples(texts, texts, texts, st.booleans()), min_size=1, max_size=6),
)
def test_gates_hide_nothing_in_random_messages(lang: str, messages: list[tuple[str, str, str, bool]]) -> None:
    forms = {"es": "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);",
             "he": "nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);"}  # fmt: skip
    lines = ['msgid ""', 'msgstr ""', f'"Language: {lang}\\n"', f'"Plural-Forms: {forms[lang]}\\n"', ""]
    for n, (msgid, msgstr, other, plural) in enumerate(messages):
        lines += ["#, python-format"] if n % 2 else []
        lines += [f'msgctxt "{n}"', f"msgid {_q(msgid)}"]
        if plural:
            lines += [
                f"msgid_plural {_q(other)}",
                f"msgstr[0] {_q(msgstr)}",
                f"msgstr[1] {_q(other)}",
                'msgstr[2] ""',
            ]
        else:
            lines += [f"msgstr {_q(msgstr)}"]
        lines.append("")
    same(read_po("\n".join(lines), "random.po"))


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(paragraphs=st.lists(texts, min_size=1, max_size=5))
def test_gates_hide_nothing_in_random_text(paragraphs: list[str]) -> None:
    from glossary.checks.inputs import read_text

    same(read_text("\n\n".join(paragraphs), "random.txt", "es"))
