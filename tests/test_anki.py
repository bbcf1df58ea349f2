"""The Anki export: an .apkg opened as what it is, a zip holding a SQLite collection."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.cli import main
from glossary.project import Project
from glossary.rules import load_rules
from glossary.scenarios import load_scenarios
from glossary.termbase import load_termbase

ROOT = Path(__file__).resolve().parent.parent


def notes(apkg: Path, tmp_path: Path) -> dict[str, list[str]]:
    """guid -> fields of every note in the deck."""
    with zipfile.ZipFile(apkg) as archive:
        assert "collection.anki2" in archive.namelist()
        archive.extract("collection.anki2", tmp_path / apkg.stem)
    db = sqlite3.connect(tmp_path / apkg.stem / "collection.anki2")
    try:
        rows = db.execute("select guid, flds from notes").fetchall()
        cards = db.execute("select count(*) from cards").fetchone()[0]
    finally:
        db.close()
    assert cards == len(rows)  # one card per note
    return {guid: flds.split("\x1f") for guid, flds in rows}


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real project as the working directory, free to edit."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root)
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "locales", root / "locales")
    monkeypatch.chdir(root)
    return root


def export(*args: str) -> None:
    result = CliRunner().invoke(main, ["export", "--format", "anki", *args])
    assert result.exit_code == 0, result.output


def test_spanish_deck_has_terms_dont_says_and_scenarios(copy: Path, tmp_path: Path) -> None:
    export("--lang", "es", "-o", "es.apkg")
    deck = notes(copy / "es.apkg", tmp_path)
    termbase = load_termbase(copy / "locales" / "termbase.yaml")
    forbidden = [t for c in termbase for t in c.terms_in("es", "forbidden")]
    with_es = [c for c in termbase if "es" in c.languages]
    scenarios = len(
        load_scenarios(copy / "docs" / "scenarios.yaml", load_rules(copy / "docs" / "rules.yaml"))
    )
    assert len(deck) == len(with_es) + len(forbidden) + scenarios
    fronts = {fields[0]: fields for fields in deck.values()}
    # term -> definition, in Spanish
    lead = next(f for front, f in fronts.items() if "<h2>lead</h2>" in front)
    assert "Un contacto que podría convertirse en una venta" in lead[1]
    # "do not say" -> the preferred term and why
    plomo = next(f for front, f in fronts.items() if "<s>plomo</s>" in front)
    assert "<h2>lead</h2>" in plomo[1] and "metal" in plomo[1]
    # scenario -> stage with reasons
    scenario = next(f for f in deck.values() if '<ul class="reasons">' in f[1])
    assert scenario[1].count("<li>") >= 1 and "Etapa: " in scenario[1]


def test_hebrew_cards_are_right_to_left(copy: Path, tmp_path: Path) -> None:
    export("--lang", "he", "-o", "he.apkg")
    deck = notes(copy / "he.apkg", tmp_path)
    assert all('lang="he" dir="rtl"' in fields[0] and 'dir="rtl"' in fields[1] for fields in deck.values())


def test_a_newer_deck_keeps_every_guid_so_anki_updates_its_notes(copy: Path, tmp_path: Path) -> None:
    export("--lang", "en", "-o", "first.apkg")
    termbase = copy / "locales" / "termbase.yaml"
    text = termbase.read_text(encoding="utf-8")
    old = load_termbase(termbase).concept("lead").definition
    assert old.split()[0] in text
    termbase.write_text(text.replace(old.split(":")[0], "CHANGED DEFINITION", 1), encoding="utf-8")
    export("--lang", "en", "-o", "second.apkg")
    first, second = notes(copy / "first.apkg", tmp_path), notes(copy / "second.apkg", tmp_path)
    assert set(first) == set(second)  # same notes: an import updates them instead of adding
    changed = [g for g in first if first[g] != second[g]]
    assert len(changed) == 1 and "CHANGED DEFINITION" in second[changed[0]][1]


def test_guids_differ_between_locales_and_kinds(project: Project) -> None:
    from glossary.anki import cards

    es = {c.guid("es") for c in cards(project, "es")}
    he = {c.guid("he") for c in cards(project, "he")}
    assert len(es) == len(cards(project, "es"))
    assert not es & he


def test_an_existing_file_needs_force(copy: Path) -> None:
    (copy / "es.apkg").write_bytes(b"keep me")
    result = CliRunner().invoke(main, ["export", "--format", "anki", "--lang", "es", "-o", "es.apkg"])
    assert result.exit_code == 2
    assert "es.apkg: file exists; use --force" in result.output
    assert (copy / "es.apkg").read_bytes() == b"keep me"
    export("--lang", "es", "-o", "es.apkg", "--force")
    assert zipfile.is_zipfile(copy / "es.apkg")


def test_without_lang_every_locale_gets_a_deck(copy: Path) -> None:
    export("-o", "decks")
    assert sorted(p.name for p in (copy / "decks").iterdir()) == [
        "glossary-en.apkg",
        "glossary-es.apkg",
        "glossary-he.apkg",
    ]


def test_unknown_locale_is_a_located_error(copy: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--format", "anki", "--lang", "xx"])
    assert result.exit_code == 2
    assert "no locale 'xx'" in result.output
