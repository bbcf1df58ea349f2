"""`glossary check` on real-world catalogs: Django 5.2's Spanish and Hebrew (fixtures/checks/django).

It must read every file, report every fatal error `msgfmt -c` reports, find what the usual
tools miss (a RIGHT-TO-LEFT OVERRIDE in a Hebrew string), and make none of the false reports
they are known for: capitalisation in Hebrew, the ASCII `"` of `דוא"ל` taken for a quote, a
Hebrew plural form that says "two years" in words instead of `%(num)d`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.checks import ERROR, Finding, check_files
from glossary.cli import main

DJANGO = Path(__file__).resolve().parent / "fixtures" / "checks" / "django"
CATALOGS = sorted(DJANGO.rglob("*.po"))
# What `msgfmt -c` (GNU gettext 0.21) calls fatal in these files: plural forms that do not
# match the header's nplurals.
MSGFMT_FATAL = {
    "conf/locale/he/LC_MESSAGES/django.po",
    "contrib/admin/locale/es/LC_MESSAGES/django.po",
    "contrib/admin/locale/es/LC_MESSAGES/djangojs.po",
    "contrib/admin/locale/he/LC_MESSAGES/django.po",
}


@pytest.fixture(scope="module")
def findings() -> dict[str, list[Finding]]:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in check_files(CATALOGS):
        by_file[Path(f.path).resolve().relative_to(DJANGO).as_posix()].append(f)
    return by_file


def test_every_catalog_is_read(findings: dict[str, list[Finding]]) -> None:
    assert len(CATALOGS) == 6
    unread = [f for items in findings.values() for f in items if f.rule in ("INP001", "INP002", "CAT001")]
    assert unread == []


def test_every_fatal_msgfmt_error_is_an_error_finding(findings: dict[str, list[Finding]]) -> None:
    for rel in MSGFMT_FATAL:
        plural = [f for f in findings[rel] if f.rule == "CAT014" and f.severity == ERROR]
        assert plural, f"{rel}: msgfmt -c fails on plural forms, glossary check does not"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_msgfmt_agrees_on_which_files_are_broken() -> None:
    fatal = set()
    for path in CATALOGS:
        result = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        if result.returncode != 0:
            fatal.add(path.relative_to(DJANGO).as_posix())
    assert fatal == MSGFMT_FATAL


def test_plural_forms_are_checked_against_cldr_too(findings: dict[str, list[Finding]]) -> None:
    """Django's Hebrew header says nplurals=4 (CLDR now has 3); its Spanish admin says 2 (CLDR: 3)."""
    headers = {rel for rel, items in findings.items() for f in items if f.rule == "CAT015"}
    assert "conf/locale/he/LC_MESSAGES/django.po" in headers
    assert "contrib/admin/locale/es/LC_MESSAGES/django.po" in headers


def test_a_right_to_left_override_in_hebrew_is_found(findings: dict[str, list[Finding]]) -> None:
    (f,) = [f for f in findings["conf/locale/he/LC_MESSAGES/django.po"] if f.rule == "BID001"]
    assert f.message.startswith("U+202E RIGHT-TO-LEFT OVERRIDE") and f.msgid == "%(truncated_text)s…"


def test_placeholders_glued_to_words_are_found(findings: dict[str, list[Finding]]) -> None:
    glued = [f for f in findings["conf/locale/es/LC_MESSAGES/django.po"] if f.rule == "CAT013"]
    assert any("%(limit_value)s" in f.message for f in glued)  # "del paso%(limit_value)s"


def test_none_of_the_known_false_reports(findings: dict[str, list[Finding]]) -> None:
    everything = [f for items in findings.values() for f in items]
    assert not [f for f in everything if re.search(r"capital|upper|lower ?case", f.message, re.I)]
    assert not [f for f in everything if "quot" in f.message.lower()]
    hebrew = [f for rel, items in findings.items() if "/he/" in rel for f in items]
    # "%(num)d year" -> msgstr[0] "שנה", msgstr[1] "שנתיים": forms for exactly one number.
    assert not [f for f in hebrew if f.rule == "CAT005"]
    # 'נא להזין כתובת דוא"ל חוקית' lacks the English full stop, and that is all that is wrong.
    email = [f for f in hebrew if f.msgid == "Enter a valid email address."]
    assert [f.message for f in email] == ["does not end with '.' like the source"]
    # Abbreviations: "Jan." -> "ינו'" and "p.m." -> "אחר הצהריים" keep their meaning.
    assert not [f for f in hebrew if f.rule == "CAT019" and f.msgid in ("Jan.", "Feb.", "p.m.", "a.m.")]


def test_the_command_fails_on_them() -> None:
    result = CliRunner().invoke(main, ["check", "--format", "github", *map(str, CATALOGS)])
    assert result.exit_code == 1
    assert "::error file=" in result.stdout
