"""Where a forbidden term is right: `correct_in` collocations in the termbase, honoured by the matcher."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.checks import check_files
from glossary.cli import main
from glossary.errors import GlossaryError
from glossary.termbase import Termbase, load_termbase
from glossary.terms import TermMatcher

ROOT = Path(__file__).resolve().parents[1]

TERMBASE = """\
concepts:
  - id: lead
    definition: A contact that could buy.
    terms:
      en:
        - {term: lead, status: preferred, forms: [leads]}
      es:
        - {term: lead, status: preferred, forms: [leads]}
        - term: ventaja
          status: forbidden
          forms: [ventajas]
          correct_in:
            - CONTEXT
      he:
        - {term: ליד, status: preferred, forms: [לידים]}
        - {term: מוביל, status: forbidden, forms: [מובילה, מובילים], correct_in: ["ספק|חברה ~", "מוביל|מובילה ל*"]}
"""


def write(tmp_path: Path, context: str) -> Path:
    path = tmp_path / "termbase.yaml"
    path.write_text(TERMBASE.replace("CONTEXT", context), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def real() -> Termbase:
    return load_termbase(ROOT / "locales" / "termbase.yaml")


def surfaces(termbase: Termbase, lang: str, text: str) -> list[str]:
    return [m.surface for m in TermMatcher(termbase, lang).find(text) if m.status == "forbidden"]


@pytest.mark.parametrize(
    ("context", "why"),
    [
        ("ventaja (competitiva", "'(' has no meaning"),
        ("ventaja [a-z]+", "'[' has no meaning"),
        ("una ventaja|| clara", "empty alternative"),
        ("beneficio competitivo", "does not contain the term"),
        ("ventaja o ventajas", "the term is in it twice"),
        ("~ * ", "no word besides the term"),
        ("~ ~", "the term is in it twice"),
        ("ventaja~", "must be a word of its own"),
        ("''", "it is empty"),
        ("ventaja clave!", "'!' has no meaning"),
        ('"!~ clave"', "! goes before the words"),
    ],
)
def test_a_malformed_context_is_a_located_error(tmp_path: Path, context: str, why: str) -> None:
    path = write(tmp_path, context)
    with pytest.raises(GlossaryError, match=re.escape(why)) as caught:
        load_termbase(path)
    assert caught.value.location is not None and caught.value.location.line == 13
    assert str(caught.value).startswith(f"{caught.value.location.path}:13: context ")


def test_the_command_line_says_where_and_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, "ventaja (competitiva")
    text = tmp_path / "t.txt"
    text.write_text("Una ventaja.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--termbase", str(path), "--lang", "es", str(text)])
    assert result.exit_code == 2
    assert "termbase.yaml:13: context 'ventaja (competitiva'" in result.output
    assert "Traceback" not in result.output


def test_a_collocation_allows_the_term_in_any_of_its_forms(tmp_path: Path) -> None:
    termbase = load_termbase(write(tmp_path, "~ competitiv*|clave"))
    assert surfaces(termbase, "es", "Tenemos una ventaja competitiva.") == []
    assert surfaces(termbase, "es", "Tres ventajas clave, pero cada ventaja cuenta.") == ["ventaja"]
    # Only spaces and hyphens join a collocation: a comma or a full stop ends it.
    assert surfaces(termbase, "es", "Una ventaja, competitiva.") == ["ventaja"]


def test_a_negated_word_is_any_word_but_those(tmp_path: Path) -> None:
    termbase = load_termbase(write(tmp_path, '"!calificar|convertir ~ de"'))
    assert surfaces(termbase, "es", "Tiene la ventaja de ser rápido.") == []
    assert surfaces(termbase, "es", "Hay que calificar ventajas de ventas.") == ["ventajas"]
    # No word before: not the collocation.
    assert surfaces(termbase, "es", "Ventaja de ventas.") == ["Ventaja"]


def test_a_form_written_in_the_pattern_allows_only_that_form(tmp_path: Path) -> None:
    termbase = load_termbase(write(tmp_path, "~ clave"))
    # The verb (מוביל ל...) without the article; with it, the same words are the noun.
    assert surfaces(termbase, "he", "זה מוביל למכירה") == []
    assert surfaces(termbase, "he", "ושמובילה לסגירה") == []
    assert surfaces(termbase, "he", "המוביל למכירה") == ["המוביל"]
    # Hebrew prefix letters on the words around the term are understood.
    assert surfaces(termbase, "he", "והחברה המובילה, והספק המוביל") == []
    assert surfaces(termbase, "he", "הלקוח המוביל") == ["המוביל"]


def test_the_real_termbase_knows_the_senses_machine_translation_confuses(real: Termbase) -> None:
    right = {
        "es": [
            "Una ventaja competitiva clara.",
            "Somos el líder del mercado y una empresa líder.",
            "Liderar el mercado exige liderazgo del equipo.",
            "Hay que tomar la delantera y seguir la pista de cada lead.",
            "El candidato al puesto y la referencia al contrato.",
        ],
        "he": [
            "הספק המוביל בשוק",
            "יש סיכוי גבוה למכירה",
            "זה יוביל למכירה, והתהליך מוביל לסגירה",
            "חופשת לידה ותאריך לידה",
            "יש לנו יתרון תחרותי",
            "הפניה לרופא",
            "כישורי מנהיגות",
        ],
    }
    wrong = {
        "es": [
            "Cada ventaja",
            "el líder compra",
            "los plomos",
            "las pistas",
            "los candidatos",
            "una referencia",
        ],
        "he": ["כל המובילים", "העופרת", "הלידות", "כל יתרון", "הרמזים", "קצה החוט", "המועמדים", "ההפניות"],
    }
    for lang, texts in right.items():
        for text in texts:
            assert surfaces(real, lang, text) == [], text
    for lang, texts in wrong.items():
        for text in texts:
            assert len(surfaces(real, lang, text)) == 1, text


def test_in_a_catalog_only_a_source_about_the_concept_is_reported(tmp_path: Path, real: Termbase) -> None:
    po = tmp_path / "es.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
        'msgid "Our market leader wins."\nmsgstr "Nuestro líder gana."\n\n'
        'msgid "Each lead is qualified."\nmsgstr "Cada líder se califica."\n',
        encoding="utf-8",
    )
    found = [f for f in check_files([po], None, real, select=["TRM001"])]
    assert [f.line for f in found] == [8]


def test_a_huge_line_is_checked(tmp_path: Path, real: Termbase) -> None:
    path = tmp_path / "huge.txt"
    line = "Cada plomo cuenta y la ventaja competitiva del líder del mercado ayuda; el líder compra. "
    path.write_text((line * (1_000_000 // len(line) + 1))[:1_000_000], encoding="utf-8")
    found = check_files([path], "es", real, select=["TRM001"])
    assert found and all(f.line == 1 for f in found)
    assert {f.excerpt[f.start : f.end] for f in found if f.column} == {"plomo", "líder"}


def test_the_package_ships_the_projects_termbase() -> None:
    """src/glossary/data/termbase.yaml is locales/termbase.yaml: copy it after editing the termbase."""
    from glossary.termbase import BUILTIN

    assert BUILTIN.read_bytes() == (ROOT / "locales" / "termbase.yaml").read_bytes()


def test_outside_a_project_the_built_in_termbase_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = tmp_path / "mt.txt"
    line = "צוות המכירות מעביר כל מוביל חדש ל-CRM."
    text.write_text(line + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lang", "he", str(text)])
    assert result.exit_code == 1
    assert "built-in sales termbase" in result.stderr
    assert f"1:{line.index('מוביל') + 1}:" in result.stdout and "TRM001" in result.stdout
    own = tmp_path / "own.yaml"
    own.write_text(
        "concepts:\n  - id: lead\n    definition: A possible buyer.\n    terms:\n"
        "      en: [{term: lead, status: preferred}]\n      he: [{term: ליד, status: preferred}]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", "--lang", "he", "--termbase", str(own), str(text)])
    assert result.exit_code == 0 and "built-in" not in result.stderr
