"""TBX export and import, the merge into termbase.yaml, CSV, and the export/import commands."""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import json
import re
import shutil
import tempfile
import unicodedata
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from glossary.cli import main
from glossary.errors import GlossaryError, Location
from glossary.project import Project
from glossary.tabular import CSV_HEADER, PAIR_HEADER, to_csv, to_pair_csv
from glossary.tbx import (
    ADMIN_STATUS,
    NAMESPACE,
    V2_DTD,
    V3_SCHEMAS,
    Difference,
    export_definitions,
    from_tbx,
    merge_into_yaml,
    read_tbx,
    to_tbx,
    to_tbx2,
)
from glossary.termbase import (
    RELATION_TYPES,
    STATUSES,
    Concept,
    Relation,
    Term,
    Termbase,
    load_termbase,
    normalize,
)

ROOT = Path(__file__).resolve().parents[1]
TERMBASE = ROOT / "locales" / "termbase.yaml"
FIXTURES = Path(__file__).parent / "fixtures" / "tbx"
NS = {"t": NAMESPACE}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def unlocated(termbase: Termbase) -> list[Concept]:
    """The concepts without the file positions, which differ between YAML and TBX."""
    return [
        replace(
            c,
            location=None,
            relations=tuple(replace(r, location=None) for r in c.relations),
            terms=tuple(replace(t, location=None) for t in c.terms),
        )
        for c in termbase
    ]


def round_trip(termbase: Termbase, folder: Path) -> Termbase:
    path = folder / "termbase.tbx"
    path.write_bytes(to_tbx(termbase))
    return from_tbx(path)


@pytest.fixture
def termbase() -> Termbase:
    return load_termbase(TERMBASE)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway project (mkdocs.yml + a copy of the real termbase), as the working directory."""
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    (tmp_path / "locales").mkdir()
    shutil.copy(TERMBASE, tmp_path / "locales" / "termbase.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- export ---------------------------------------------------------------------------------


def test_real_termbase_round_trips(termbase: Termbase, tmp_path: Path) -> None:
    assert unlocated(round_trip(termbase, tmp_path)) == unlocated(termbase)


def test_export_is_well_formed_with_one_entry_per_concept(termbase: Termbase) -> None:
    root = etree.fromstring(to_tbx(termbase))
    assert root.tag == f"{{{NAMESPACE}}}tbx"
    assert (root.get("type"), root.get("style"), root.get(XML_LANG)) == ("TBX-Basic", "dca", "en")
    assert root.find("t:tbxHeader/t:fileDesc/t:sourceDesc/t:p", NS) is not None
    entries = root.findall("t:text/t:body/t:conceptEntry", NS)
    assert [e.get("id") for e in entries] == [c.id for c in termbase]
    for entry, concept in zip(entries, termbase, strict=True):
        langs = [s.get(XML_LANG) for s in entry.findall("t:langSec", NS)]
        assert langs == list(concept.languages)
        definition = entry.xpath("t:langSec[@xml:lang='en']/t:descrip[@type='definition']", namespaces=NS)
        assert [d.text for d in definition] == [concept.definition]
    all_langs = {s.get(XML_LANG) for s in root.iter(f"{{{NAMESPACE}}}langSec")}
    assert {"en", "es", "he"} <= all_langs


def test_relations_are_cross_references_to_concept_ids(termbase: Termbase) -> None:
    root = etree.fromstring(to_tbx(termbase))
    ids = {e.get("id") for e in root.iter(f"{{{NAMESPACE}}}conceptEntry")}
    for concept in termbase:
        entry = root.find(f"t:text/t:body/t:conceptEntry[@id='{concept.id}']", NS)
        refs = entry.findall("t:ref", NS)
        assert [(r.get("type"), r.get("target"), r.text) for r in refs] == [
            ("crossReference", rel.target, rel.type) for rel in concept.relations
        ]
        assert {r.get("target") for r in refs} <= ids  # IDREFs, as TBX-Basic requires


def test_statuses_map_to_tbx_basic_administrative_statuses(termbase: Termbase) -> None:
    assert ADMIN_STATUS == {
        "preferred": "preferredTerm-admn-sts",
        "admitted": "admittedTerm-admn-sts",
        "forbidden": "deprecatedTerm-admn-sts",
    }
    root = etree.fromstring(to_tbx(termbase))
    written = [
        (
            s.getparent().get(XML_LANG),
            s.findtext("t:term", namespaces=NS),
            s.findtext("t:termNote[@type='administrativeStatus']", namespaces=NS),
        )
        for s in root.iter(f"{{{NAMESPACE}}}termSec")
    ]
    expected = [
        (t.lang, t.text, ADMIN_STATUS[t.status])
        for c in termbase
        for lang in c.languages
        for t in c.terms_in(lang)
    ]
    assert written == expected
    assert any(status == "deprecatedTerm-admn-sts" for *_, status in written)


def test_forms_are_notes_marking_the_form_in_its_language() -> None:
    term = Term("ליד", "he", "preferred", note="a <loan> & more", forms=("לידים",))
    concept = Concept("lead", "A possible buyer.", terms=(Term("lead", "en", "preferred"), term))
    root = etree.fromstring(to_tbx(Termbase((concept,))))
    (tsec,) = root.xpath("//t:langSec[@xml:lang='he']/t:termSec", namespaces=NS)
    notes = tsec.findall("t:note", NS)
    assert notes[0].text == "a <loan> & more"
    assert notes[1].text == "inflected form: "
    assert notes[1].find("t:foreign", NS).get(XML_LANG) == "he"
    assert notes[1].findtext("t:foreign", namespaces=NS) == "לידים"


# What lxml wrote before the package dropped it (tests/fixtures/tbx/written_v*.tbx): the
# exports stay byte for byte the same, so a diff of an exported file shows only real changes.
WRITTEN = Termbase(
    (
        Concept(
            "lead",
            "A possible buyer & more.",
            "Kept <short>.",
            (Relation("becomes", "deal"),),
            (Term("lead", "en", "preferred", 'a "note"\r', ("leads",)), Term("ליד", "he", "preferred")),
        ),
    ),
    "termbase.yaml",
)


@pytest.mark.parametrize(("write", "fixture"), [(to_tbx, "written_v3.tbx"), (to_tbx2, "written_v2.tbx")])
def test_exports_are_written_byte_for_byte_as_before(write: Any, fixture: str) -> None:
    assert write(WRITTEN, {"he": {"lead": "קונה אפשרי."}}) == (FIXTURES / fixture).read_bytes()


def test_an_empty_termbase_is_an_empty_body() -> None:
    assert b"  <text>\n    <body/>\n  </text>\n</tbx>\n" in to_tbx(Termbase(()))


def test_a_character_xml_cannot_hold_is_a_located_error() -> None:
    where = Location("locales/termbase.yaml", 7)
    concept = Concept(
        "lead", "A possible\x01 buyer.", terms=(Term("lead", "en", "preferred"),), location=where
    )
    for write in (to_tbx, to_tbx2):
        with pytest.raises(
            GlossaryError, match=r"U\+0001 in 'A possible\\x01 buyer\.', which XML cannot hold"
        ):
            write(Termbase((concept,)))


# --- round trip of generated termbases ------------------------------------------------------

HEBREW = "".join(chr(c) for c in range(ord("א"), ord("ת") + 1))
ALPHABET = "abcxyzABCÑñáéü" + HEBREW + "<>&\"' -:#,." + " \n"
LANGUAGES = ("en", "es", "he", "pt_BR")


def _tidy(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


texts = st.text(alphabet=ALPHABET, min_size=1, max_size=24).map(_tidy).filter(bool)
definitions = st.lists(texts, min_size=1, max_size=12).map(" ".join)  # long ones get folded
concept_ids = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)


@st.composite
def termbases(draw: st.DrawFn) -> Termbase:
    ids = draw(st.lists(concept_ids, min_size=1, max_size=4, unique=True))
    concepts = []
    for cid in ids:
        terms: list[Term] = []
        others = st.lists(st.sampled_from(LANGUAGES[1:]), max_size=2, unique=True)
        for lang in draw(others.map(lambda langs: ["en", *langs]).flatmap(st.permutations)):
            words = draw(st.lists(texts, min_size=1, max_size=3, unique_by=normalize))
            # exactly one preferred term per language, as the loader requires
            rest = [draw(st.sampled_from(STATUSES[1:])) for _ in words[1:]]
            statuses = draw(st.permutations(["preferred", *rest]))
            for word, status in zip(words, statuses, strict=True):
                note = draw(st.one_of(st.just(""), texts))
                forms = tuple(draw(st.lists(texts, max_size=3)))
                terms.append(Term(word, lang, status, note, forms))
        relations = draw(
            st.lists(
                st.builds(Relation, st.sampled_from(sorted(RELATION_TYPES)), st.sampled_from(ids)),
                max_size=3,
            )
        )
        note = draw(st.one_of(st.just(""), texts))
        concepts.append(Concept(cid, draw(definitions), note, tuple(relations), tuple(terms)))
    return Termbase(tuple(concepts))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(termbases())
def test_generated_termbases_round_trip(generated: Termbase) -> None:
    with tempfile.TemporaryDirectory() as folder:
        assert unlocated(round_trip(generated, Path(folder))) == unlocated(generated)


# Found by CI: ruamel wrote the note `: <` unquoted in a flow mapping, which no reader takes back.
COLON_NOTES = Termbase(
    (
        Concept(
            "a",
            ":",
            ": <",
            terms=(
                Term("a", "en", "preferred", ": <", (":", "?a", "-x")),
                Term("b", "en", "admitted", "? <"),
            ),
        ),
    )
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(termbases())
@example(COLON_NOTES)
def test_merging_into_an_empty_termbase_writes_it_all(generated: Termbase) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "termbase.yaml"
        path.write_text("# kept\nconcepts: []\n", encoding="utf-8")
        report = merge_into_yaml(path, generated)
        assert len(report.added) == len(generated)
        assert unlocated(load_termbase(path)) == unlocated(generated)
        assert path.read_text(encoding="utf-8").startswith("# kept\n")
        again = merge_into_yaml(path, generated)
        assert (again.added, again.changed, again.kept) == ((), (), ())


# --- import errors --------------------------------------------------------------------------


def line_with(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize(
    ("fixture", "marker", "message"),
    [
        ("malformed.tbx", "</termSec>", "invalid XML: mismatched tag: <term> of line 10"),
        ("bad_status.tbx", "recommendedTerm", "unknown administrativeStatus 'recommendedTerm'"),
        ("no_id.tbx", "<conceptEntry>", "conceptEntry without an id"),
        ("empty_term.tbx", "<term>  </term>", "<term> of concept 'lead' is empty"),
        ("dangling_reference.tbx", "prospect", "points to missing concept 'prospect'"),
        ("tbx_v2.tbx", "<termEntry", "has no 'en' terms"),
        ("entity_expansion.tbx", "<!ENTITY a", "declares an XML entity"),
        ("external_entity.tbx", "<!ENTITY secret", "declares an XML entity"),
        ("undeclared_entity.tbx", "&copyright;", "uses the XML entity &copyright;, and entities are refused"),
        ("tbx_v1.tbx", "<martif", "(TBX v1? only v2 and v3 are read); supported: TBX v3 TBX-Basic"),
        ("unknown_dialect.tbx", "<tbx", 'unknown TBX dialect type="TBX-Linguist"; supported: TBX v3'),
        ("unknown_v2_dialect.tbx", "<martif", 'unknown TBX v2 dialect <martif type="TBX-Min">; supported:'),
        ("no_english.tbx", "<conceptEntry", "has no 'en' terms"),
    ],
)
def test_bad_tbx_is_a_located_error(fixture: str, marker: str, message: str) -> None:
    path = FIXTURES / fixture
    with pytest.raises(GlossaryError) as caught:
        from_tbx(path)
    assert message in caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.line == line_with(path, marker)


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (
            b'<?xml version="1.0"?>\n<tbx>\n<text><body><conceptEntry id="lead"><te',
            3,
            "ends inside <conceptEntry> of line 3",
        ),
        (b"<tbx>\n<text>" + b"<x>" * 300 + b"</x>" * 300 + b"</text></tbx>", 2, "nested more than 256 deep"),
        (b"<tbx>\n<text>&nbsp;</text></tbx>", 2, "invalid XML: undefined entity"),
        (
            "<tbx>\n<text>\n</text></tbx>".encode("utf-32")[:-2],
            3,
            "starts as UTF-32 but is not UTF-32 throughout",
        ),
        (b"", 1, "invalid XML: no element found"),
    ],
)
def test_broken_xml_is_a_located_error(tmp_path: Path, content: bytes, line: int, message: str) -> None:
    path = tmp_path / "broken.tbx"
    path.write_bytes(content)
    with pytest.raises(GlossaryError, match=re.escape(message)) as caught:
        from_tbx(path)
    assert caught.value.location == Location(str(path), line)


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.replace("UTF-8", "UTF-32").encode("utf-32"),  # with a byte order mark
        lambda text: text.replace("UTF-8", "UTF-32").encode("utf-32-be"),  # without, as XML allows
        lambda text: text.replace("UTF-8", "UTF-16").encode("utf-16-le"),
        lambda text: text.encode("utf-16"),  # the byte order mark wins over the declaration
        lambda text: text.replace("UTF-8", "ISO-8859-8").encode("iso-8859-8"),  # Hebrew's 8-bit code page
    ],
    ids=["utf-32", "utf-32-be", "utf-16-le", "utf-16-bom-declared-utf-8", "iso-8859-8"],
)
def test_tbx_in_other_encodings_reads_the_same(termbase: Termbase, tmp_path: Path, encode: Any) -> None:
    he_only = Termbase(
        tuple(replace(c, terms=tuple(t for t in c.terms if t.lang in ("en", "he"))) for c in termbase)
    )
    path = tmp_path / "termbase.tbx"
    path.write_bytes(encode(to_tbx(he_only).decode("utf-8").replace("encoding='UTF-8'", 'encoding="UTF-8"')))
    assert unlocated(from_tbx(path)) == unlocated(he_only)


def test_comments_processing_instructions_and_cdata_are_read_as_lxml_read_them(tmp_path: Path) -> None:
    path = tmp_path / "mixed.tbx"
    path.write_text(
        '<tbx type="TBX-Basic" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n'
        '<conceptEntry id="lead"><langSec xml:lang="en">\n'
        '<descrip type="definition">A <!-- kept out --><?pi x?>buyer&amp;<![CDATA[<seller>]]>&#x21;</descrip>\n'
        '<termSec><term>lead</term><note>one <x:b xmlns:x="urn:other">two</x:b></note></termSec>\n'
        '</langSec><x:extension xmlns:x="urn:other"/></conceptEntry></body></text></tbx>\n',
        encoding="utf-8",
    )
    imported = read_tbx(path)
    (concept,) = imported.termbase
    assert concept.definition == "A buyer&<seller>!"
    assert concept.terms[0].note == "one two"
    assert imported.not_kept == ("extension (1)",)
    assert concept.terms[0].location == Location(str(path), 4)


def test_tbx_from_another_tool_imports_what_we_model() -> None:
    tb = from_tbx(FIXTURES / "other_tool.tbx")
    quote = tb.concept("quote")
    assert quote.definition == "A priced offer for what the customer asked for."
    assert quote.note == "Sent once requirements are known."
    assert [(r.type, r.target) for r in quote.relations] == [("related", "order")]
    assert [(t.lang, t.text, t.status, t.forms) for t in quote.terms] == [
        ("en", "quote", "preferred", ("quotes",)),
        ("en", "quotation", "admitted", ()),
        ("pt_BR", "cotação", "preferred", ()),
    ]
    assert quote.terms[2].note == 'Also used for stock prices.\nPrefer over "orçamento" in contracts.'


# --- merge into the YAML --------------------------------------------------------------------


def test_merging_the_termbase_into_itself_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "termbase.yaml"
    shutil.copy(TERMBASE, path)
    before = path.read_bytes()
    report = merge_into_yaml(path, round_trip(load_termbase(path), tmp_path))
    assert (report.added, report.changed, report.kept, report.written) == ((), (), (), False)
    assert path.read_bytes() == before


def test_merge_keeps_what_the_tbx_lacks(termbase: Termbase, tmp_path: Path) -> None:
    path = tmp_path / "termbase.yaml"
    shutil.copy(TERMBASE, path)
    first = termbase.concepts[0]
    lang = first.languages[0]
    partial = replace(first, note="", relations=(), terms=(first.preferred(lang),))
    report = merge_into_yaml(path, Termbase((partial,)))
    assert report.added == ()
    kept_concepts = {d.concept for d in report.kept if d.field == "concept"}
    assert kept_concepts == {c.id for c in termbase.concepts[1:]}
    kept_terms = {(d.lang, d.term) for d in report.kept if d.field == "term"}
    assert kept_terms == {(t.lang, t.text) for t in first.terms if t != first.preferred(lang)}
    kept_relations = {(d.target, d.old) for d in report.kept if d.field == "relation"}
    assert kept_relations == {(r.target, r.type) for r in first.relations}
    assert unlocated(load_termbase(path)) == unlocated(termbase)


def test_changed_definition_is_written_folded_like_the_others(termbase: Termbase, tmp_path: Path) -> None:
    path = tmp_path / "termbase.yaml"
    shutil.copy(TERMBASE, path)
    first = termbase.concepts[0]
    definition = " ".join(["A person you have met at a fair, whose details you swapped:"] * 4)
    edited = replace(termbase, concepts=(replace(first, definition=definition), *termbase.concepts[1:]))
    report = merge_into_yaml(path, edited)
    assert report.changed == (Difference(first.id, "definition", old=first.definition, new=definition),)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index(f"  - id: {first.id}") + 1
    assert lines[start] == "    definition: >-"
    folded = list(itertools.takewhile(lambda line: line.startswith("      "), lines[start + 1 :]))
    assert len(folded) > 1 and all(len(line) <= 100 for line in folded)
    assert load_termbase(path).concept(first.id).definition == definition


def test_merge_that_would_break_the_termbase_writes_nothing(termbase: Termbase, tmp_path: Path) -> None:
    path = tmp_path / "termbase.yaml"
    shutil.copy(TERMBASE, path)
    before = path.read_bytes()
    first = termbase.concepts[0]
    lang = first.languages[0]
    demoted = replace(first.preferred(lang), status="admitted")  # its language loses its preferred
    others = tuple(t for t in first.terms_in(lang) if t.status != "preferred")
    incoming = Termbase((replace(first, terms=(demoted, *others)),), "incoming.tbx")
    with pytest.raises(GlossaryError, match="would make the termbase invalid, nothing was written"):
        merge_into_yaml(path, incoming)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["termbase.yaml"]


def test_difference_lines_read_as_sentences() -> None:
    assert str(Difference("lead", "concept")) == "concept lead"
    added = Difference("lead", "term", "es", "prospecto", new="admitted")
    assert str(added) == "lead: es term 'prospecto' (admitted)"
    status = Difference("lead", "status", "es", "ventaja", old="admitted", new="forbidden")
    assert str(status) == "lead: es term 'ventaja': status: 'admitted' -> 'forbidden'"
    relation = Difference("lead", "relation", target="opportunity", new="becomes")
    assert str(relation) == "lead: relation to opportunity (becomes)"


# --- CSV ------------------------------------------------------------------------------------


def test_csv_has_one_row_per_term(termbase: Termbase) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(termbase))))
    assert tuple(rows[0]) == CSV_HEADER == ("concept", "language", "term", "status", "note")
    assert rows[1:] == [[c.id, t.lang, t.text, t.status, t.note] for c in termbase for t in c.terms]


def test_csv_quotes_commas_quotes_and_line_breaks() -> None:
    term = Term("plomo", "es", "forbidden", note='false friend: "lead", the metal\nsee lead')
    concept = Concept("lead", "A possible buyer.", terms=(Term("lead", "es", "preferred"), term))
    rows = list(csv.reader(io.StringIO(to_csv(Termbase((concept,))))))
    assert rows[2] == ["lead", "es", "plomo", "forbidden", 'false friend: "lead", the metal\nsee lead']


# --- the commands ---------------------------------------------------------------------------


def test_export_command_writes_tbx_to_stdout_and_csv_to_a_file(project: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["export"])
    assert result.exit_code == 0, result.output
    root = etree.fromstring(result.stdout_bytes)
    assert len(root.findall("t:text/t:body/t:conceptEntry", NS)) == len(load_termbase(TERMBASE))
    result = runner.invoke(main, ["export", "--format", "csv", "-o", "terms.csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO((project / "terms.csv").read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CSV_HEADER


def test_import_command_adds_a_term_and_changes_a_status(project: Path) -> None:
    path = project / "locales" / "termbase.yaml"
    before = path.read_text(encoding="utf-8")
    current = load_termbase(path)
    concept, admitted = next(
        (c, t) for c in current for t in c.terms if t.status == "admitted" and t.lang == "es"
    )
    new_term = Term("término de prueba", "es", "admitted", note="añadido por la prueba")
    terms = tuple(replace(t, status="forbidden") if t == admitted else t for t in concept.terms)
    edited = replace(concept, terms=(*terms, new_term))
    incoming = replace(current, concepts=tuple(edited if c is concept else c for c in current))
    (project / "update.tbx").write_bytes(to_tbx(incoming))

    result = CliRunner().invoke(main, ["import", "update.tbx"])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "locales/termbase.yaml: 1 added, 1 changed, 0 kept (in the termbase, not in the TBX)"
    assert lines[1:] == [
        f"  added    {concept.id}: es term 'término de prueba' (admitted)",
        f"  changed  {concept.id}: es term {admitted.text!r}: status: 'admitted' -> 'forbidden'",
    ]
    merged = load_termbase(path).concept(concept.id)
    assert any(t.text == admitted.text for t in merged.terms_in("es", "forbidden"))
    added = next(t for t in merged.terms_in("es") if t.text == "término de prueba")
    assert added.note == "añadido por la prueba"
    after = path.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in after.splitlines() for line in comments)
    diff = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert len(diff) == 3  # the status line, rewritten, and the new term's line
    assert "{term: término de prueba, status: admitted, note: añadido por la prueba}" in after


def test_import_command_json_report(project: Path) -> None:
    shutil.copy(FIXTURES / "other_tool.tbx", project / "other_tool.tbx")
    result = CliRunner().invoke(main, ["import", "--format", "json", "other_tool.tbx"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [d["concept"] for d in report["added"]] == ["quote", "order"]
    assert load_termbase(project / "locales" / "termbase.yaml").concept("quote").terms[0].forms == ("quotes",)


@pytest.mark.parametrize(
    ("fixture", "marker"),
    [
        ("malformed.tbx", "</termSec>"),
        ("bad_status.tbx", "recommendedTerm"),
        ("entity_expansion.tbx", "<!ENTITY a"),
        ("external_entity.tbx", "<!ENTITY secret"),
        ("tbx_v1.tbx", "<martif"),
        ("unknown_dialect.tbx", "<tbx"),
    ],
)
def test_import_command_rejects_bad_tbx_with_one_located_line(
    project: Path, fixture: str, marker: str
) -> None:
    shutil.copy(FIXTURES / fixture, project / fixture)
    before = (project / "locales" / "termbase.yaml").read_bytes()
    result = CliRunner().invoke(main, ["import", fixture])
    assert result.exit_code == 2
    line = line_with(project / fixture, marker)
    assert re.fullmatch(rf"error: {re.escape(fixture)}:{line}: .+\n", result.stderr)
    assert result.stdout == ""
    assert (project / "locales" / "termbase.yaml").read_bytes() == before


def test_import_command_missing_file_is_a_located_error(project: Path) -> None:
    result = CliRunner().invoke(main, ["import", "nowhere.tbx"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: nowhere.tbx: TBX file does not exist")


# --- TBX v2, every language's definition, TBX-Basic from other tools --------------------------


def test_exports_carry_every_languages_definition(termbase: Termbase) -> None:
    definitions = export_definitions(Project(ROOT), termbase)
    assert set(definitions) == {"es", "he"}
    assert all(len(definitions[lang]) == len(termbase) for lang in definitions)
    v3 = etree.fromstring(to_tbx(termbase, definitions))
    v2 = etree.fromstring(to_tbx2(termbase, definitions))
    for concept in termbase:
        for lang, texts in definitions.items():
            xpath = f"//{{entry}}[@id='{concept.id}']/{{sec}}[@xml:lang='{lang}']/{{d}}[@type='definition']"
            found3 = v3.xpath(
                xpath.format(entry="t:conceptEntry", sec="t:langSec", d="t:descrip"), namespaces=NS
            )
            found2 = v2.xpath(xpath.format(entry="termEntry", sec="langSet", d="descrip"))
            assert [d.text for d in found3] == [d.text for d in found2] == [texts[concept.id]]


def test_exports_name_their_schemas(termbase: Termbase) -> None:
    v3 = to_tbx(termbase)
    for href, schematypens in V3_SCHEMAS:
        assert (
            f'<?xml-model href="{href}" type="application/xml" schematypens="{schematypens}"?>'.encode() in v3
        )
    tree = etree.ElementTree(etree.fromstring(to_tbx2(termbase)))
    assert tree.getroot().tag == "martif" and tree.getroot().get("type") == "TBX-Basic"
    assert tree.getroot().findtext("martifHeader/encodingDesc/p[@type='XCSURI']") == "TBXBasicXCSV02.xcs"
    assert f'<!DOCTYPE martif SYSTEM "{V2_DTD}">'.encode() in to_tbx2(termbase)


# translate-toolkit reads the target language it is asked for from 3.20 on (3.19 takes the first one
# after the source); the lowest-versions run (lxml==6.0.0) resolves it to 3.19.
TT_CHOOSES_TARGET = tuple(int(n) for n in version("translate-toolkit").split(".")[:2]) >= (3, 20)


@pytest.mark.skipif(not TT_CHOOSES_TARGET, reason="translate-toolkit < 3.20 reads one target language only")
def test_v2_export_is_read_by_translate_toolkit(termbase: Termbase, tmp_path: Path) -> None:
    from translate.storage import tbx

    path = tmp_path / "termbase.tbx"
    path.write_bytes(to_tbx2(termbase, export_definitions(Project(ROOT), termbase)))
    for lang in ("es", "he"):
        with path.open("rb") as handle:
            store = tbx.tbxfile(handle, sourcelanguage="en", targetlanguage=lang)
        units = [u for u in store.units if u.istranslatable()]
        assert [u.getid() for u in units] == [c.id for c in termbase]
        for unit, concept in zip(units, termbase, strict=True):
            assert unit.source == concept.preferred("en").text
            assert unit.target == concept.preferred(lang).text


def test_v2_export_round_trips(termbase: Termbase, tmp_path: Path) -> None:
    path = tmp_path / "termbase.tbx"
    path.write_bytes(to_tbx2(termbase))
    assert unlocated(from_tbx(path)) == unlocated(termbase)


def test_tbx_basic_v2_from_another_tool_is_read_and_what_is_not_kept_is_reported() -> None:
    imported = read_tbx(FIXTURES / "tbx_basic_v2.tbx")
    quote = imported.termbase.concept("quote")
    assert quote.definition == "A priced offer for what the customer asked for."
    assert [(t.lang, t.text, t.status) for t in quote.terms] == [
        ("en", "quote", "preferred"),
        ("en", "quotation", "admitted"),  # no status: admitted beside the preferred one
        ("en", "estimate", "forbidden"),  # supersededTerm-admn-sts
        ("es", "cotización", "preferred"),  # no status, and no other preferred one
        ("es", "presupuesto", "admitted"),
    ]
    assert set(imported.not_kept) == {
        "descrip subjectField (1)",
        "transacGrp (1)",
        "admin source (1)",
        "termNote partOfSpeech (2)",
        "termNote termType (1)",
        "definition in es (1)",
        "termNote grammaticalGender (1)",
        "termNote geographicalUsage (1)",
        "descrip context (1)",
    }
    assert "supersededTerm-admn-sts read as forbidden (1)" in imported.notes


def test_import_command_says_what_it_did_not_keep(project: Path) -> None:
    shutil.copy(FIXTURES / "tbx_basic_v2.tbx", project / "other.tbx")
    runner = CliRunner()
    first = runner.invoke(main, ["import", "other.tbx"])
    assert first.exit_code == 0, first.output
    assert "not kept (the termbase has no place for them; the TBX file still has them):" in first.stdout
    assert "  termNote partOfSpeech (2)" in first.stdout
    again = runner.invoke(main, ["import", "--format", "json", "other.tbx"])
    report = json.loads(again.stdout)
    assert (report["added"], report["changed"]) == ([], [])
    assert "transacGrp (1)" in report["not_kept"]  # never a silent "nothing changed"


def test_bilingual_csv_is_one_row_per_target_term(termbase: Termbase) -> None:
    rows = list(csv.reader(io.StringIO(to_pair_csv(termbase, "he"))))
    assert tuple(rows[0]) == PAIR_HEADER == ("source", "target", "status", "note")
    assert rows[1:] == [
        [c.preferred("en").text, t.text, t.status, t.note] for c in termbase for t in c.terms_in("he")
    ]


def test_bilingual_csv_is_read_as_term_pairs_by_translate_toolkit(termbase: Termbase) -> None:
    from translate.storage import csvl10n

    store = csvl10n.csvfile(io.BytesIO(to_pair_csv(termbase, "es").encode("utf-8")))
    pairs = [(u.source, u.target) for u in store.units]
    assert pairs == [(c.preferred("en").text, t.text) for c in termbase for t in c.terms_in("es")]


def test_export_command_bilingual_csv_and_tbx2(project: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--format", "csv", "--lang", "he"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('"source","target","status","note"\n')
    result = runner.invoke(main, ["export", "--format", "tbx2"])
    assert result.exit_code == 0, result.output
    assert etree.fromstring(result.stdout_bytes).tag == "martif"
    result = runner.invoke(main, ["export", "--format", "tbx", "--lang", "he"])
    assert result.exit_code == 2
    assert "--lang goes with --format csv" in result.stderr


@pytest.mark.parametrize("fixture", ["entity_expansion.tbx", "external_entity.tbx"])
def test_entities_are_refused_in_utf16_too(fixture: str, tmp_path: Path) -> None:
    text = (FIXTURES / fixture).read_text(encoding="utf-8").replace("UTF-8", "UTF-16")
    path = tmp_path / fixture
    path.write_bytes(text.encode("utf-16"))
    with pytest.raises(GlossaryError, match="declares an XML entity") as caught:
        from_tbx(path)
    assert caught.value.location is not None
    assert caught.value.location.line == (3 if "expansion" in fixture else 2)
