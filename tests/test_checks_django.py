"""`glossary check` on real-world catalogs: the Spanish and Hebrew ones the installed Django ships.

Django is a dev dependency; its PO files are read where pip put them, not copied here. The
validator must read every file, report every fatal error `msgfmt -c` reports, find what the
usual tools miss (a RIGHT-TO-LEFT OVERRIDE in a Hebrew string), and make none of the false
reports pofilter makes on these very files: capitalisation in Hebrew, the ASCII `"` of
`דוא"ל` taken for a quote, a Hebrew plural form that says "two years" in words instead of
`%(num)d`, and the same source with another `msgctxt` taken for an inconsistency.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.catalogs import read_catalog
from glossary.checks import ERROR, Finding, check_files, selected
from glossary.checks.inputs import Entry, ProjectData, TextFile, read_file
from glossary.checks.text import EMBEDDINGS
from glossary.cli import main
from glossary.errors import GlossaryError

_SPEC = importlib.util.find_spec("django")
assert _SPEC is not None and _SPEC.origin, "Django is a dev dependency: pip install -e '.[dev]'"
DJANGO = Path(_SPEC.origin).parent
LANGS = ("es", "he")
CATALOGS = sorted(
    path
    for lang in LANGS
    for pattern in (f"conf/locale/{lang}/LC_MESSAGES/*.po", f"contrib/*/locale/{lang}/LC_MESSAGES/*.po")
    for path in DJANGO.glob(pattern)
)
HE = "conf/locale/he/LC_MESSAGES/django.po"
HE_HUMANIZE = "contrib/humanize/locale/he/LC_MESSAGES/django.po"
MSGFMT = shutil.which("msgfmt")
_MSGFMT_LINE = re.compile(r"^(?P<path>.+?\.po):(?P<line>\d+): (?P<message>.*)$")


def rel(path: str | Path) -> str:
    return Path(path).resolve().relative_to(DJANGO.resolve()).as_posix()


@pytest.fixture(scope="module")
def files() -> dict[str, TextFile]:
    return {rel(path): read_file(path) for path in CATALOGS}


@pytest.fixture(scope="module")
def findings() -> dict[str, list[Finding]]:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in check_files(CATALOGS):
        by_file[rel(f.path)].append(f)
    return by_file


def entry(files: dict[str, TextFile], path: str, msgid: str, msgctxt: str | None = None) -> Entry:
    """One message of a Django catalog: the assertions below are about real entries, not patterns."""
    found = [e for e in files[path].entries if e.msgid == msgid and e.msgctxt == msgctxt]
    assert len(found) == 1, f"{path} has no message {msgid!r} (ctxt {msgctxt!r}); Django changed it"
    return found[0]


def about(findings: dict[str, list[Finding]], path: str, e: Entry) -> list[Finding]:
    return [f for f in findings[path] if f.line == e.line]


def test_every_catalog_is_read(files: dict[str, TextFile], findings: dict[str, list[Finding]]) -> None:
    assert len(CATALOGS) >= 20, CATALOGS  # conf/locale and every contrib app, in both languages
    assert {rel(p).split("/locale/")[1][:2] for p in CATALOGS} == set(LANGS)
    for path, file in files.items():
        assert file.unreadable is None and not file.invalid and not file.oversized, path
        assert len(file.entries) > 0, path
    unread = [f for items in findings.values() for f in items if f.rule in ("INP001", "INP002", "CAT001")]
    assert unread == []


def _msgfmt(path: Path) -> list[tuple[int, str]]:
    """The (line, message) of every error `msgfmt -c` reports on a file; [] if it compiles."""
    result = subprocess.run(
        [str(MSGFMT), "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    if result.returncode == 0:
        return []
    errors = [
        (int(m["line"]), m["message"]) for m in map(_MSGFMT_LINE.match, result.stderr.splitlines()) if m
    ]
    assert errors, result.stderr  # every fatal error msgfmt reports is located
    return errors


@pytest.fixture(scope="module")
def msgfmt_errors() -> dict[str, list[tuple[int, str]]]:
    if MSGFMT is None:
        pytest.skip("GNU gettext's msgfmt is not installed (make system-deps)")
    return {rel(path): _msgfmt(path) for path in CATALOGS}


def _block(file: TextFile, line: int) -> int:
    """The first line of the message a line belongs to; 0 for the header before the first message."""
    return max((e.line for e in file.entries if e.line <= line), default=0)


def test_every_fatal_msgfmt_error_is_an_error_finding(
    msgfmt_errors: dict[str, list[tuple[int, str]]],
    files: dict[str, TextFile],
    findings: dict[str, list[Finding]],
) -> None:
    broken = {path for path, errors in msgfmt_errors.items() if errors}
    assert len(broken) >= 4, "Django's catalogs no longer break msgfmt -c: the comparison tests nothing"
    for path in sorted(broken):
        file = files[path]
        ours = {_block(file, f.line) for f in findings[path] if f.severity == ERROR}
        forms = any(f.rule == "CAT014" for f in findings[path])
        for line, message in msgfmt_errors[path]:
            if message.startswith("nplurals = ") and forms:
                continue  # the header's count against the messages' forms: CAT014 reports each message
            assert _block(file, line) in ours, (
                f"{path}:{line}: msgfmt -c: {message!r}; glossary check: nothing"
            )


def test_the_strict_reader_fails_exactly_where_msgfmt_does(
    msgfmt_errors: dict[str, list[tuple[int, str]]],
) -> None:
    """`glossary build` reads catalogs with read_catalog: a located error, never a traceback."""
    for path in CATALOGS:
        errors = msgfmt_errors[rel(path)]
        try:
            read_catalog(path)
        except GlossaryError as exc:
            assert errors, f"read_catalog refuses {rel(path)}, msgfmt -c accepts it: {exc}"
            assert exc.location is not None and exc.location.line > 0, str(exc)
        else:
            assert not errors, f"msgfmt -c refuses {rel(path)}, read_catalog accepts it: {errors}"


def test_plural_forms_of_other_tools_are_accepted(findings: dict[str, list[Finding]]) -> None:
    """Django's rules (gettext's nplurals=2 for Spanish, Weblate's nplurals=4 for Hebrew) are valid C
    and choose forms below nplurals: no CAT015. (Messages with another number of forms are CAT014.)"""
    assert not [f for items in findings.values() for f in items if f.rule == "CAT015"]
    assert any(f.rule == "CAT014" for f in findings[HE])


def test_a_right_to_left_override_in_hebrew_is_found(
    files: dict[str, TextFile], findings: dict[str, list[Finding]]
) -> None:
    overridden = {
        (path, e.line)
        for path, file in files.items()
        for e in file.entries
        if EMBEDDINGS & set("".join(e.strings))
    }
    reported = {(path, f.line) for path, items in findings.items() for f in items if f.rule == "BID001"}
    assert reported == overridden
    (f,) = [f for f in findings[HE] if f.rule == "BID001"]  # Django 5.2's: still there
    assert f.message.startswith("U+202E RIGHT-TO-LEFT OVERRIDE") and f.msgid == "%(truncated_text)s…"


def test_placeholders_glued_to_words_are_found(findings: dict[str, list[Finding]]) -> None:
    glued = [f for f in findings["conf/locale/es/LC_MESSAGES/django.po"] if f.rule == "CAT013"]
    assert any("%(limit_value)s" in f.message for f in glued)  # "del paso%(limit_value)s"
    glued = [f for f in findings[HE] if f.rule == "CAT013"]
    assert any("%(num)d" in f.message for f in glued)  # "טופס %(num)dאו יותר"


def test_no_capitalisation_in_hebrew(files: dict[str, TextFile], findings: dict[str, list[Finding]]) -> None:
    """pofilter's startcaps and simplecaps flag most Hebrew messages: Hebrew has no case."""
    everything = [f for items in findings.values() for f in items]
    assert not [f for f in everything if re.search(r"capital|upper|lower ?case", f.message, re.I)]
    forbidden = entry(files, HE, "Forbidden")
    assert forbidden.strings == ("אסור",)
    assert about(findings, HE, forbidden) == []


def test_gershayim_typed_as_ascii_quotes_are_not_quotes(
    files: dict[str, TextFile], findings: dict[str, list[Finding]]
) -> None:
    """pofilter's doublequoting flags `דוא"ל` (e-mail) and `בסה"כ` (in total)."""
    assert not [f for items in findings.values() for f in items if "quot" in f.message.lower()]
    email = entry(files, HE, "Enter a valid email address.")
    assert email.strings == ('נא להזין כתובת דוא"ל חוקית',)
    # It lacks the English full stop, and that is all that is wrong with it.
    assert [f.message for f in about(findings, HE, email)] == ["does not end with '.' like the source"]
    digits = entry(files, HE, "Ensure that there are no more than %(max)s digit in total.")
    assert 'בסה"כ' in digits.strings[0]
    assert [f.rule for f in about(findings, HE, digits) if f.rule != "CAT014"] == []


def test_a_hebrew_form_for_one_number_may_say_it_in_words(
    files: dict[str, TextFile], findings: dict[str, list[Finding]]
) -> None:
    """pofilter's printf wants `%(num)d` in "שנתיים" (two years): the Hebrew dual says the number."""
    hebrew = [f for path, items in findings.items() if "/he/" in path for f in items]
    assert not [f for f in hebrew if f.rule == "CAT005"]
    year = entry(files, HE, "%(num)d year")
    assert year.strings == ("שנה", "שנתיים", "%(num)d שנים")
    assert [f.rule for f in about(findings, HE, year) if f.rule != "CAT014"] == []
    hour = entry(files, HE_HUMANIZE, "an hour ago")  # %(count)s in the English plural only
    assert hour.strings[:2] == ("לפני שעה", "לפני שעתיים") and hour.msgid_plural == "%(count)s\xa0hours ago"
    million = entry(files, HE_HUMANIZE, "%(value)s million")  # the only placeholder is the number
    assert million.strings[0] == "מיליון"
    for e in (hour, million):
        assert [f for f in about(findings, HE_HUMANIZE, e) if f.rule == "CAT005"] == []


def test_another_msgctxt_is_another_source(files: dict[str, TextFile]) -> None:
    """The same English in another context may be translated differently; in the same one it may not."""
    data = ProjectData(str(DJANGO), LANGS, tuple(files.values()), termbase=None)
    reported = {(p.msgid, p.msgctxt) for r in selected(["consistency"]) for p in r.check(data)}
    admin = "contrib/admin/locale/he/LC_MESSAGES/djangojs.po"
    # "S" is Sunday (א) and Saturday (ש), told apart by msgctxt only.
    assert (
        entry(files, admin, "S", "one letter Sunday").strings
        != entry(files, admin, "S", "one letter Saturday").strings
    )
    assert entry(files, HE, "Mon").strings != entry(files, admin, "Mon", "abbrev. day Monday").strings
    assert not [key for key in reported if key[0] in ("S", "T", "Mon")]
    # "Remove" without a context: "להסיר" in one admin catalog, "הסרה" in the other.
    assert ("Remove", None) in reported


def test_the_command_fails_on_them() -> None:
    result = CliRunner().invoke(main, ["check", "--format", "github", *map(str, CATALOGS)])
    assert result.exit_code == 1
    assert "::error file=" in result.stdout
