"""The validator as a whole: the rule table, selection, suppression, report formats, the CLI,
and the real project, which must check clean."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.checks import (
    ERROR,
    RULES,
    WARNING,
    Finding,
    check_files,
    check_project,
    check_site,
    report,
    selected,
)
from glossary.checks.base import SECTIONS
from glossary.cli import main
from glossary.errors import GlossaryError
from glossary.project import Project
from glossary.site import BuildReport
from glossary.termbase import Termbase, load_termbase

ROOT = Path(__file__).resolve().parents[1]

PO = """msgid ""
msgstr ""
"Language: es\\n"
"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);\\n"

msgid "A lead is a contact."
msgstr "Un líder es un contacto."

# glossary-ignore: forbidden-term
msgid "Never call a lead a leader."
msgstr "Nunca llames «líder» a un lead."

# glossary-ignore: TRM001, doubled-word
msgid "The lead is not a leader."
msgstr "El lead no es es un líder."

msgid "Recorded in the CRM"
msgstr "Registrado en el \u202eCRM"
"""


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    return load_termbase(ROOT / "locales" / "termbase.yaml")


@pytest.fixture
def po_file(tmp_path: Path) -> Path:
    path = tmp_path / "es.po"
    path.write_text(PO, encoding="utf-8")
    return path


# --- the rule table ------------------------------------------------------------------------------


def test_rules_have_stable_ids_kebab_names_and_documentation() -> None:
    names = set()
    for rule_id, r in RULES.items():
        assert re.fullmatch(r"[A-Z]{3}\d{3}", rule_id) and rule_id == r.id
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.name) and r.name not in names
        names.add(r.name)
        assert r.summary.endswith(".") and "\n" not in r.summary
        sections = r.sections()
        for section in SECTIONS:
            assert sections.get(section, "").strip(), f"{r.id} has no '## {section}' section"


def test_selection_by_id_name_family_and_prefix() -> None:
    assert [r.id for r in selected(["TRM001"])] == ["TRM001"]
    assert [r.id for r in selected(["forbidden-term"])] == ["TRM001"]
    assert {r.id for r in selected(["bidi"])} == {"BID001", "BID002"}
    assert {r.id for r in selected(["TRM"])} == {"TRM001", "TRM002", "TRM003", "TRM004"}
    assert "CAT002" not in {r.id for r in selected(["ALL"], ["untranslated"])}
    assert {r.id for r in selected(["CAT01"])} == {f"CAT01{n}" for n in range(10)}
    with pytest.raises(GlossaryError, match="--select 'TRM999' matches no rule"):
        selected(["TRM999"])
    with pytest.raises(GlossaryError, match="--ignore 'nonsense'"):
        selected(["ALL"], ["nonsense"])


def test_suppression_by_name_or_id_in_a_translator_comment(po_file: Path, termbase: Termbase) -> None:
    found = check_files([po_file], termbase=termbase)
    lines = {(f.rule, f.line) for f in found}
    assert ("TRM001", 6) in lines  # not suppressed
    assert ("TRM001", 10) not in lines  # by name
    assert ("TRM001", 14) not in lines and ("CAT017", 14) not in lines  # by ID and by name


# --- reports --------------------------------------------------------------------------------------


def test_text_report_groups_by_file_and_marks_the_words(po_file: Path, termbase: Termbase) -> None:
    found = check_files([po_file], termbase=termbase, select=["TRM001", "BID001"])
    text = report.text(found, color=False)
    assert text.startswith(f"{found[0].path}\n")
    assert "»líder«" in text
    assert "error TRM001 forbidden-term" in text
    assert "<U+202E>" in text and "\u202e" not in text  # never printed raw


def test_text_report_colours_only_when_asked(po_file: Path, termbase: Termbase) -> None:
    found = check_files([po_file], termbase=termbase, select=["TRM001"])
    assert "\x1b[" in report.text(found, color=True)
    assert "\x1b[" not in report.text(found, color=False)


def test_json_report(po_file: Path) -> None:
    found = check_files([po_file])
    text = report.as_json(found)
    assert "\u202e" not in text and "\\u202e" in text  # escaped, not raw
    data = json.loads(text)
    assert any("\u202e" in f["excerpt"] for f in data["findings"])  # and still there as data
    assert data["counts"][ERROR] == sum(f.severity == ERROR for f in found)
    first = data["findings"][0]
    assert {"rule", "name", "severity", "message", "path", "line", "msgid", "msgctxt", "excerpt"} <= set(
        first
    )


def test_sarif_report_has_the_rules_metadata_and_located_results(po_file: Path) -> None:
    found = check_files([po_file])
    log = json.loads(report.sarif(found, version="1.0"))
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    assert all(r["shortDescription"]["text"] and r["help"]["markdown"] for r in rules)
    assert {r["defaultConfiguration"]["level"] for r in rules} == {"error", "warning", "note"}
    for result, f in zip(run["results"], found, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == f.rule
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == f.line
        assert "\u202e" not in json.dumps(result, ensure_ascii=False)


def test_github_annotations_escape_what_the_runner_would_misread() -> None:
    f = Finding("CAT001", "catalog-invalid", ERROR, "bad: 100%\nnext", "a,b:c.po", 3)
    w = Finding("CAT012", "number", WARNING, "x", "p.po", 0)
    text = report.github([f, w])
    assert (
        text.split("\n")[0]
        == "::error file=a%2Cb%3Ac.po,line=3,title=CAT001 catalog-invalid::bad: 100%25%0Anext"
    )
    assert text.split("\n")[1] == "::warning file=p.po,title=CAT012 number::x"


def test_rules_md_is_generated_from_the_docstrings() -> None:
    """RULES.md is `glossary rules --format markdown`; regenerate it after changing a rule."""
    assert (ROOT / "RULES.md").read_text(encoding="utf-8") == report.rules_markdown()


# --- the command line ------------------------------------------------------------------------------


def test_exit_codes(po_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    clean = tmp_path / "clean.po"
    clean.write_text(PO.split('msgid "A lead')[0] + 'msgid "Lead"\nmsgstr "Lead"\n', encoding="utf-8")
    assert runner.invoke(main, ["check", str(clean)]).exit_code == 0
    assert runner.invoke(main, ["check", str(po_file)]).exit_code == 1
    assert runner.invoke(main, ["check", "--select", "TRM999", str(po_file)]).exit_code == 2
    assert runner.invoke(main, ["check", "--lang", "xx", str(po_file)]).exit_code == 2
    assert runner.invoke(main, ["check", str(tmp_path / "missing.po")]).exit_code == 2
    # Only warnings: exit 0.
    assert (
        runner.invoke(main, ["check", "--select", "CAT017", "--ignore", "TRM", str(po_file)]).exit_code == 0
    )


def test_formats_on_the_command_line(po_file: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--format", "json", str(po_file)])
    assert json.loads(result.stdout)["findings"]
    result = runner.invoke(main, ["check", "--format", "github", str(po_file)])
    assert result.stdout.startswith("::error file=")
    result = runner.invoke(main, ["check", "--format", "sarif", str(po_file)])
    assert json.loads(result.stdout)["runs"][0]["results"]


def test_lint_a_markdown_file_for_one_language(tmp_path: Path) -> None:
    page = tmp_path / "texto.md"
    page.write_text("# Leads\n\nUn *plomo* es un contacto.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lang", "es", str(page)])
    assert result.exit_code == 1
    assert f"{page.name}" in result.stdout and "3:" in result.stdout and "»plomo«" in result.stdout


def test_the_real_project_checks_clean() -> None:
    """No error and no warning on this repository (info findings are hidden by default)."""
    found = check_project(Project(ROOT))
    assert [(str(f.location), f.rule, f.message) for f in found if f.severity in (ERROR, WARNING)] == []


def test_glossary_check_in_the_repository_exits_0() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "glossary", "check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.split("\n")[-2]


def test_defaults_from_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "locales", root / "locales")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copy(ROOT / "mkdocs.yml", root)
    catalog = root / "locales" / "es" / "LC_MESSAGES" / "ui.po"
    catalog.write_text(
        catalog.read_text(encoding="utf-8") + '\nmsgid "Brand new"\nmsgstr "Brand new"\n', "utf-8"
    )
    (root / "pyproject.toml").write_text('[tool.glossary]\nignore = ["same-as-source"]\n', encoding="utf-8")
    runner = CliRunner()
    monkeypatch.chdir(root)
    assert "CAT016" not in runner.invoke(main, ["check"]).stdout
    # Rules selected on the command line run even if the configuration ignores them.
    assert "CAT016" in runner.invoke(main, ["check", "--select", "CAT016"]).stdout
    (root / "pyproject.toml").write_text('[tool.glossary]\nselect = "ALL"\n', encoding="utf-8")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 2 and "must be a list" in result.stderr


def test_rules_command() -> None:
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0 and "TRM001  forbidden-term" in result.stdout
    data = json.loads(CliRunner().invoke(main, ["rules", "--format", "json"]).stdout)
    assert {r["id"] for r in data} == set(RULES)


# --- the real built site ----------------------------------------------------------------------------


def test_the_real_site_has_lang_and_dir_every_page_and_no_other_hosts(built: BuildReport) -> None:
    found = check_site(built.site, select=["SIT001", "SIT003", "SIT004"])
    assert not found, [(str(f.location), f.message) for f in found]


def test_the_real_site_has_no_broken_links(built: BuildReport) -> None:
    found = check_site(built.site, select=["SIT002"])
    assert not found, [(str(f.location), f.message) for f in found]
