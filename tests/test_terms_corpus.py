"""Recall and precision of the terminology rules on machine-translation-like texts.

`tests/fixtures/mt/<lang>.txt` are sales articles written the way machine translation
renders them (one paragraph per line), with every family of wrong renderings and the
correct usages that look like them. `<lang>.tsv` beside each annotates every occurrence:
line, word as written, and the rule that must report it (`ok`: none may). Every finding of
the rules is compared with it; a finding nobody annotated counts against precision.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from glossary.checks import check_files
from glossary.termbase import Termbase, load_termbase

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "fixtures" / "mt"
RULES = ("TRM001", "TRM004")
THRESHOLD = 0.95


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    return load_termbase(ROOT / "locales" / "termbase.yaml")


def annotations(lang: str) -> list[tuple[int, str, str]]:
    out = []
    for row in (CORPUS / f"{lang}.tsv").read_text(encoding="utf-8").splitlines():
        if row.strip() and not row.startswith("#"):
            line, word, rule = row.split("\t")
            out.append((int(line), word, rule))
    return out


@pytest.mark.parametrize("lang", ["es", "he"])
def test_the_corpus_is_large_and_annotated_per_occurrence(lang: str) -> None:
    lines = (CORPUS / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 40
    for line, word, rule in annotations(lang):
        assert rule in (*RULES, "ok")
        assert word in lines[line - 1], (line, word)
    rules = {rule for _, _, rule in annotations(lang)}
    assert rules == {*RULES, "ok"}


@pytest.mark.parametrize("lang", ["es", "he"])
def test_recall_and_precision(lang: str, termbase: Termbase) -> None:
    text = CORPUS / f"{lang}.txt"
    found = Counter(
        (f.line, f.excerpt[f.start : f.end], f.rule)
        for f in check_files([text], lang, termbase, select=list(RULES))
    )
    expected = Counter((line, word, rule) for line, word, rule in annotations(lang) if rule != "ok")
    hits = sum((found & expected).values())
    recall = hits / sum(expected.values())
    precision = hits / max(sum(found.values()), 1)
    missed = sorted((expected - found).elements())
    wrong = sorted((found - expected).elements())
    assert recall >= THRESHOLD and precision >= THRESHOLD, (
        f"{lang}: recall {recall:.0%}, precision {precision:.0%}; missed {missed}; reported {wrong}"
    )
