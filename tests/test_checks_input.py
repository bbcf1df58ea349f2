"""Bad input never gives a traceback: broken, binary, huge, odd files come back as located findings.

The PO and Markdown readers are fuzzed with hypothesis: random bytes, and the real catalogs
and pages with bytes cut, inserted and lines shuffled. Only findings may come out.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.checks import check_files, inputs
from glossary.checks.inputs import read_file
from glossary.termbase import Termbase, load_termbase

ROOT = Path(__file__).resolve().parents[1]
REAL_PO = (ROOT / "locales" / "he" / "LC_MESSAGES" / "ui.po").read_bytes()
REAL_MD = (ROOT / "docs" / "lead.md").read_bytes()
TERMBASE = load_termbase(ROOT / "locales" / "termbase.yaml")
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def lint(path: Path, data: bytes, lang: str | None = None, termbase: Termbase | None = TERMBASE) -> list[str]:
    path.write_bytes(data)
    return [f"{f.rule}:{f.line}" for f in check_files([path], lang, termbase)]


def test_truncated_po_is_a_located_syntax_error(tmp_path: Path) -> None:
    cut = REAL_PO[: REAL_PO.index(b'msgstr "', 2000) + 12]  # inside a string
    line = cut.count(b"\n") + 1
    assert lint(tmp_path / "cut.po", cut) == [f"CAT001:{line}"]


@pytest.mark.parametrize("size", [1, 10, 100, 1000, 3000, len(REAL_PO) - 1])
def test_po_cut_anywhere_reads_or_reports(tmp_path: Path, size: int) -> None:
    lint(tmp_path / "cut.po", REAL_PO[:size])


def test_invalid_utf8_is_located_at_its_line(tmp_path: Path) -> None:
    data = REAL_PO.replace("תוצאות".encode(), b"\xff\xfe", 1)
    line = data[: data.index(b"\xff")].count(b"\n") + 1
    assert lint(tmp_path / "bad.po", data) == [f"INP001:{line}"]


def test_bom_and_crlf_read_like_the_plain_file(tmp_path: Path) -> None:
    plain = lint(tmp_path / "plain.po", REAL_PO)
    assert lint(tmp_path / "bom.po", b"\xef\xbb\xbf" + REAL_PO) == plain
    assert lint(tmp_path / "crlf.po", REAL_PO.replace(b"\n", b"\r\n")) == plain
    md = lint(tmp_path / "plain.md", REAL_MD, "en")
    assert lint(tmp_path / "crlf.md", b"\xef\xbb\xbf" + REAL_MD.replace(b"\n", b"\r\n"), "en") == md


def test_a_10_mb_message_is_reported_quickly(tmp_path: Path) -> None:
    head = b'msgid ""\nmsgstr ""\n"Language: es\\n"\n\nmsgid "A lead."\nmsgstr "'
    data = head + "Un líder [x](y) es es. ".encode() * 450_000 + b'"\n'
    started = time.perf_counter()
    assert lint(tmp_path / "huge.po", data) == ["INP002:5"]
    assert time.perf_counter() - started < 10


def test_a_10_mb_markdown_file_is_reported_quickly(tmp_path: Path) -> None:
    started = time.perf_counter()
    assert lint(tmp_path / "huge.md", b"# T\n\n" + b"lead [a](b) `c` " * 650_000, "es") == ["INP002:0"]
    assert time.perf_counter() - started < 10


def test_a_binary_file_passed_by_mistake(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert lint(tmp_path / "logo.po", png) == ["INP001:0"]
    assert lint(tmp_path / "logo.md", png, "es") == ["INP001:0"]


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    assert lint(tmp_path / "empty.po", b"") == ["INP001:0"]  # no Language header
    assert lint(tmp_path / "empty.po", b"", "es") == []
    assert lint(tmp_path / "empty.md", b"", "es") == []
    header = REAL_PO[: REAL_PO.index(b"\n\n") + 1]
    assert lint(tmp_path / "header.po", header) == []


@pytest.mark.parametrize("data", [b"\r\x01", b"# A\rlead\r\rplomo\r", b"x\x00y\n\n" * 5000])
def test_old_mac_line_ends_and_nul_in_markdown(tmp_path: Path, data: bytes) -> None:
    """Found by the fuzzer: CommonMark reads a lone CR as a line end; glossary.segment did not."""
    lint(tmp_path / "cr.md", data, "es")


def test_odd_but_valid_po(tmp_path: Path) -> None:
    data = (
        b'msgid ""\nmsgstr ""\n"Language: he\\n"\n\n'
        b'#~ msgid "old"\n#~ msgstr "\xd7\x99\xd7\xa9\xd7\x9f"\n\n'  # obsolete only
        b'#| msgid "previous"\nmsgctxt ""\nmsgid "ctx"\nmsgstr ""\n'
    )
    assert lint(tmp_path / "odd.po", data) == ["CAT004:5", "CAT002:10"]  # info only: obsolete, untranslated


# --- fuzz ----------------------------------------------------------------------------------------


def mutate(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    for at, length, insert in cuts:
        at %= len(data) + 1
        data = data[:at] + insert + data[at + length :]
    return data


edits = st.lists(
    st.tuples(
        st.integers(0, 10**6),
        st.integers(0, 40),
        st.binary(max_size=12)
        | st.sampled_from([b'"', b"\\", b"\n", b"msgstr[9] ", b"#~ ", b"\xd7", "\u202e".encode()]),
    ),
    max_size=6,
)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_fuzz_random_bytes(tmp_path: Path, data: bytes) -> None:
    for name, lang in (("f.po", None), ("f.md", "he"), ("f.txt", "es")):
        lint(tmp_path / name, data, lang)


@FUZZ
@given(cuts=edits)
def test_fuzz_mutated_catalog(tmp_path: Path, cuts: list[tuple[int, int, bytes]]) -> None:
    lint(tmp_path / "m.po", mutate(REAL_PO, cuts))


@FUZZ
@given(cuts=edits)
def test_fuzz_mutated_page(tmp_path: Path, cuts: list[tuple[int, int, bytes]]) -> None:
    lint(tmp_path / "m.md", mutate(REAL_MD, cuts), "es")


@FUZZ
@given(text=st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=300))
def test_fuzz_po_strings(tmp_path: Path, text: str) -> None:
    """Any text (but NUL, which gettext cannot store) as msgid and msgstr, escaped as PO does, reads back."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    data = f'msgid ""\nmsgstr ""\n"Language: es\\n"\n\nmsgid "{escaped}"\nmsgstr "{escaped}"\n'
    path = tmp_path / "s.po"
    path.write_text(data, encoding="utf-8")
    file = read_file(path)
    assert not file.invalid and not file.unreadable
    if text:
        (entry,) = file.entries
        assert entry.msgid == text and entry.strings == (text,)


# --- the fast PO reader reads what Babel's parser reads ---------------------------------------------


def _readers(text: str) -> None:
    """The fast reader reads exactly what `_Parser` (Babel's) reads, or leaves the text to it."""
    parser = inputs._Parser()
    try:
        parser.parse(io.StringIO(text))
        babel: list[inputs._Raw] | None = parser.raw
    except Exception:  # an error: the fast reader must not read the file either
        babel = None
    try:
        fast: list[inputs._Raw] | None = inputs._fast_raw(text)
    except inputs._Unsure:
        fast = None
    if fast is not None:
        assert fast == babel


ODD_PO = [
    '#\n# x\n#, fuzzy, python-format\n#. auto\n#: a.py:1\n#| msgid "old"\nmsgctxt "c"\n"d"\nmsgid "a"\n"b"\n'
    'msgid_plural "p"\nmsgstr[1] "y"\nmsgstr[0] "x"\n"z"\n',
    '#~ msgctxt "c"\n#~ msgid "a"\n#~ "b"\n#~ msgstr "x"\n#~ "y"\n\n#~ msgid "p"\n#~ msgstr "q"\n',
    'msgid "a"\nmsgstr "b"\n#~ "c"\n',  # an obsolete-looking continuation of an active msgstr
    'msgid "a"\n#~ msgstr "b"\n',  # mixed: Babel takes the message as obsolete
    '  msgid "a"  \n\tmsgstr "b"\n\n\n# trailing comment\n',
    'msgid "a"\nmsgstr "b"\r\nmsgid "c"\nmsgstr "d\\"\\n\\t\\\\"\n',
    '#: a\u2068 b\u2069.py:3\nmsgid "a"\nmsgstr "\u2068b\u2069"\n',
    'msgid "a"\nmsgstr "b"\u2028\n',
    "#. only comments\n",
    "# only\n#, fuzzy\n",
    'msgctxt "a"\nmsgctxt "b"\nmsgid "c"\nmsgstr "d"\n',
    'msgid "a"\nmsgid_plural "b"\nmsgid_plural "c"\nmsgstr[0] "x"\n',
    'msgid "a"\nmsgstr "b" "c"\n',
    'msgid "a"\nmsgstr[x] "b"\n',
    'msgid "a"\nmsgstrx "b"\n',
    'msgid "a"\n',
    'msgid "a"\nmsgstr "b"\n#-#-#-#-#\n',
    '"x"\nmsgid "a"\nmsgstr "b"\n',
]


@pytest.mark.parametrize("text", ODD_PO)
def test_fast_readers_on_odd_po(text: str) -> None:
    _readers(text)


def test_fast_readers_on_real_catalogs() -> None:
    for path in sorted((ROOT / "locales").rglob("*.po*")):
        text = path.read_text(encoding="utf-8-sig")
        _readers(text)
        assert inputs._fast_raw(text), path  # our own catalogs take the fast path


@FUZZ
@given(cuts=edits)
def test_fuzz_fast_readers(cuts: list[tuple[int, int, bytes]]) -> None:
    _readers(mutate(REAL_PO, cuts).decode("utf-8", "replace"))


@FUZZ
@given(
    lines=st.lists(
        st.sampled_from(
            [
                'msgid "a"',
                'msgid ""',
                'msgid_plural "p"',
                'msgctxt "c"',
                'msgstr "x"',
                'msgstr ""',
                'msgstr[0] "x"',
                'msgstr[1] "y"',
                '"more"',
                '"with \\" quote"',
                "",
                "#",
                "# comment",
                "#, fuzzy",
                "#. auto",
                "#: a.py:1",
                '#| msgid "old"',
                '#~ msgid "o"',
                '#~ msgstr "p"',
                '#~ "q"',
                "  ",
                '\tmsgid "t" ',
            ]
        ),
        max_size=14,
    )
)
def test_fuzz_fast_readers_line_soup(lines: list[str]) -> None:
    _readers("\n".join(lines))
