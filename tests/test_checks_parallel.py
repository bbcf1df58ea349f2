"""A large catalog checked in parts, side by side, gives exactly the findings of one process.

`parallel.MIN_SIZE` is lowered so that real catalogs of every size are cut; each test
compares the findings with the ones `check_files(..., jobs=1)` gives, and the catalogs
that must go back to one process (a duplicate across parts, a problem of the whole file
in a later part) say so by giving None.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from pathlib import Path

import pytest

from glossary.checks import check_files, parallel
from glossary.checks.base import Finding
from glossary.checks.runner import file_checker
from glossary.project import Project
from glossary.termbase import load_termbase

ROOT = Path(__file__).resolve().parent.parent
TERMBASE = load_termbase(Project(ROOT).termbase)
_SPEC = importlib.util.find_spec("django")
assert _SPEC is not None and _SPEC.origin
DJANGO = Path(_SPEC.origin).parent
REAL = [
    DJANGO / "conf/locale/es/LC_MESSAGES/django.po",
    DJANGO / "conf/locale/he/LC_MESSAGES/django.po",
    DJANGO / "contrib/admin/locale/he/LC_MESSAGES/django.po",
    *sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po")),
]
HEADER = (
    'msgid ""\nmsgstr ""\n"Language: es\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);\\n"\n\n'
)


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_SIZE", 0)


def messages(count: int, extra: dict[int, str] | None = None) -> str:
    """A catalog of count plain messages; extra replaces message i with other text."""
    extra = extra or {}
    body = "".join(
        extra.get(i, f'#: app.py:{i}\nmsgid "Message number {i}"\nmsgstr "Mensaje número {i}"\n\n')
        for i in range(count)
    )
    return HEADER + body


def both(path: Path, jobs: int, lang: str | None = None) -> None:
    """The findings in parts are the findings of one process, and the parts were really used."""
    whole = check_files([path], lang, TERMBASE, jobs=1)
    parted = check_files([path], lang, TERMBASE, jobs=jobs)
    assert parted == whole
    texts = parallel.parts(path.read_bytes(), jobs)
    assert texts is not None and len(texts) == jobs + 1, path  # the lead part, then one per process


@pytest.mark.parametrize("path", REAL, ids=lambda p: "/".join(p.parts[-4:]))
@pytest.mark.parametrize("jobs", [2, 3])
def test_parts_find_what_one_process_finds(path: Path, jobs: int) -> None:
    both(path, jobs)


def test_parts_keep_every_line_number() -> None:
    text = messages(50)
    texts = parallel.parts(text.encode(), 3)
    assert texts is not None and len(texts) == 4
    lines = text.split("\n")
    for part in texts:
        assert part.startswith(HEADER) or part is texts[0]
        for number, line in enumerate(part.split("\n")):
            if line.startswith("msgid") and number > HEADER.count("\n"):
                assert lines[number] == line


def check_in_parts(text: str, jobs: int = 2) -> list[Finding] | None:
    assert parallel.cut(text.encode(), jobs) is not None
    return parallel.check_parts(text.encode(), "big.po", "es", file_checker(TERMBASE), jobs)


def test_a_duplicate_across_parts_sends_the_catalog_to_one_process(tmp_path: Path) -> None:
    text = messages(40, {35: '#: app.py:1\nmsgid "Message number 1"\nmsgstr "Mensaje número 1"\n\n'})
    assert check_in_parts(text) is None
    path = tmp_path / "big.po"
    path.write_text(text, encoding="utf-8")
    found = check_files([path], "es", TERMBASE, jobs=2)
    assert found == check_files([path], "es", TERMBASE, jobs=1)
    (dup,) = [f for f in found if f.rule == "CAT001"]
    assert "first at line 11" in dup.message and dup.line == 7 + 4 * 35


@pytest.mark.parametrize(
    ("odd", "whole"),
    [
        ('msgid "Hola"\nmsgstr "\u202eHola"\n\n', True),  # a file-scope (bidi) finding in a later part
        ('msgid "Hola"\nmsgstr "Hola" "x"\n\n', True),  # a syntax error there
        ('msgid "Hola"\r\nmsgstr "Hola"\n\n', False),  # CR line ends: never cut
        ('#, fuzzy\n\n#| msgid "old"\nmsgid "Hola"\nmsgstr "Hola"\n\n', False),  # comments apart: fine
    ],
)
def test_what_parts_cannot_tell_is_checked_whole(odd: str, whole: bool, tmp_path: Path) -> None:
    text = messages(40, {35: odd})
    path = tmp_path / "big.po"
    path.write_text(text, encoding="utf-8", newline="")
    found = check_files([path], "es", TERMBASE, jobs=2)
    assert found == check_files([path], "es", TERMBASE, jobs=1)
    assert found or not whole
    if "\r" not in text:
        assert (check_in_parts(text) is None) == whole
    else:
        assert parallel.parts(text.encode(), 2) is None


def test_suppressions_and_findings_of_later_parts(tmp_path: Path) -> None:
    odd = {
        30: 'msgid "Stage: %(stage)s"\nmsgstr "Etapa: %(etapa)s"\n\n',
        36: '# glossary-ignore: printf-placeholder\nmsgid "Stage: %(name)s"\nmsgstr "Etapa: %(nombre)s"\n\n',
        38: 'msgid "the plan"\nmsgstr "el el plan"\n\n',
    }
    path = tmp_path / "big.po"
    path.write_text(messages(40, odd), encoding="utf-8")
    found = check_files([path], "es", TERMBASE, jobs=2)
    assert found == check_files([path], "es", TERMBASE, jobs=1)
    assert {f.rule for f in found} >= {"CAT005", "CAT017"}
    assert all("nombre" not in f.excerpt for f in found)
    lines = path.read_text(encoding="utf-8").split("\n")
    for f in found:
        assert re.match(r"msgid ", lines[f.line - 1]), f


def test_small_or_headerless_catalogs_are_not_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_SIZE", 10**6)
    assert parallel.parts(messages(40).encode(), 2) is None
    monkeypatch.setattr(parallel, "MIN_SIZE", 0)
    assert parallel.parts(messages(40).removeprefix(HEADER).encode(), 2) is None
    assert parallel.parts(messages(40).encode(), 1) is None


def test_bytes_that_are_not_utf8_or_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "big.po"
    broken = messages(40).encode().replace("número 35".encode(), b"n\xfamero 35")
    path.write_bytes(broken)
    found = check_files([path], "es", TERMBASE, jobs=2)
    assert found == check_files([path], "es", TERMBASE, jobs=1)
    assert [f.rule for f in found] == ["INP001"] and found[0].line == 7 + 4 * 35 + 1
    path.write_bytes(
        b"\xef\xbb\xbf" + messages(40, {36: 'msgid "the plan"\nmsgstr "el el plan"\n\n'}).encode()
    )
    found = check_files([path], "es", TERMBASE, jobs=2)
    assert found == check_files([path], "es", TERMBASE, jobs=1)
    assert [f.rule for f in found] == ["CAT017"]
    assert parallel.parts(path.read_bytes(), 2) is not None


def test_no_fork_by_default_beside_other_threads() -> None:
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert parallel.jobs_available() == 1
    finally:
        stop.set()
        worker.join()
