"""gettext catalogs: extraction, merging that never loses a translation, init, stats and strict reading.

Every test that writes works on a copy of the project in tmp_path: the real locales/ belong to
the translators.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from babel.messages.catalog import Catalog, Message
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary import catalogs
from glossary.catalogs import merge, read_catalog, render, write_catalog
from glossary.errors import GlossaryError
from glossary.project import Project
from glossary.rules import load_rules
from glossary.segment import segments
from glossary.termbase import load_termbase

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "catalogs"
BAD = FIXTURES / "bad"
MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"
MSGCAT = shutil.which("msgcat") or "/usr/bin/msgcat"
COMMITTED = sorted((ROOT / "locales").glob("*.pot")) + sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))


def copy_project(dest: Path, langs: tuple[str, ...] = ("es", "he")) -> Path:
    """A copy of the sources and of the given locales, to run commands that write."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    (dest / "locales").mkdir()
    shutil.copy2(ROOT / "locales" / "termbase.yaml", dest / "locales" / "termbase.yaml")
    for lang in langs:
        shutil.copytree(ROOT / "locales" / lang, dest / "locales" / lang)
    return dest


def glossary(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args], cwd=project, capture_output=True, text=True, timeout=120
    )


def po_path(project: Path, lang: str, domain: str = "pages") -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"


def fake_translation(lang: str, msgid: str) -> str:
    return f"[{lang}] {msgid}"


def translate_all(path: Path, lang: str) -> None:
    """Fill every msgstr of a catalog and clear fuzzy flags, as a finished translator would."""
    po = polib.pofile(str(path), wrapwidth=79)
    forms = nplurals(po.metadata["Plural-Forms"])
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {n: fake_translation(lang, entry.msgid_plural) for n in range(forms)}
        else:
            entry.msgstr = fake_translation(lang, entry.msgid)
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = None
    po.save(str(path))


def nplurals(plural_forms: str) -> int:
    found = re.match(r"nplurals=(\d+);", plural_forms)
    assert found, plural_forms
    return int(found.group(1))


def pending(path: Path) -> list[str]:
    """Active messages that are fuzzy or untranslated."""
    return [e.msgid for e in polib.pofile(str(path)) if not e.obsolete and not e.translated()]


def msgcat(path: Path) -> bytes:
    """The catalog as GNU msgcat writes it."""
    result = subprocess.run([MSGCAT, str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def msgfmt_check(path: Path) -> None:
    result = subprocess.run([MSGFMT, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# A previous msgid fits on one `#| msgid "..."` line of a 79-column catalog up to this length.
SHORT = 60


def paragraphs(project: Path, short: bool) -> list[tuple[str, str]]:
    """(page, text) of paragraphs on one line that occur once in the docs: safe to edit by replace."""
    pages = sorted((project / "docs").glob("*.md"))
    everything = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    found = []
    for page in pages:
        for s in segments(page.read_text(encoding="utf-8")):
            if (
                s.kind == "paragraph"
                and s.start == s.end
                and len(s.text.split()) >= 6
                and everything.count(s.text) == 1
                and (len(s.text) <= SHORT) == short
            ):
                found.append((page.name, s.text))
    assert len(found) >= 2, "the docs no longer have the paragraphs these tests edit"
    return found


def edit_page(project: Path, page: str, old: str, new: str) -> None:
    path = project / "docs" / page
    source = path.read_text(encoding="utf-8")
    assert source.count(old) == 1
    path.write_text(source.replace(old, new), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


# --- extraction --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("extract"), langs=())
    result = glossary(project, "extract")
    assert result.returncode == 0, result.stderr
    for domain in catalogs.DOMAINS:
        assert f"wrote locales/{domain}.pot" in result.stdout.split("\n")
    return project


def pot(project: Path, domain: str) -> polib.POFile:
    return polib.pofile(str(project / "locales" / f"{domain}.pot"))


def test_extract_writes_the_templates_under_locales(extracted: Path) -> None:
    written = sorted(p.name for p in (extracted / "locales").glob("*.pot"))
    assert written == sorted(f"{d}.pot" for d in catalogs.DOMAINS)
    for domain in catalogs.DOMAINS:
        assert len(pot(extracted, domain)) > 0, domain


def test_pages_template_has_every_segment_with_its_location_and_kind(extracted: Path) -> None:
    template = pot(extracted, "pages")
    checked = 0
    for page in sorted((extracted / "docs").glob("*.md")):
        rel = f"docs/{page.name}"
        for seg in segments(page.read_text(encoding="utf-8"), rel):
            entry = template.find(seg.text)
            assert entry is not None, f"{rel}:{seg.line}: {seg.text[:40]!r} not extracted"
            assert (rel, str(seg.line)) in entry.occurrences
            assert seg.kind in entry.comment.split("\n")
            if "](concept:" in seg.text:
                assert catalogs.MENTION_HINT in entry.comment
            checked += 1
    assert checked >= 100


def test_pages_template_of_a_known_paragraph(extracted: Path) -> None:
    source = (extracted / "docs" / "lead.md").read_text(encoding="utf-8")
    paragraph = next(s for s in segments(source) if s.kind == "paragraph" and s.start == s.end)
    line = source.split("\n").index(paragraph.text) + 1
    entry = pot(extracted, "pages").find(paragraph.text)
    assert entry is not None
    assert ("docs/lead.md", str(line)) in entry.occurrences
    assert "paragraph" in entry.comment.split("\n")
    assert entry.msgstr == ""


def test_termbase_messages_have_the_concept_id_as_context(extracted: Path) -> None:
    template = pot(extracted, "termbase")
    for concept in load_termbase(extracted / "locales" / "termbase.yaml"):
        entry = template.find(concept.definition, msgctxt=concept.id)
        assert entry is not None, concept.id
        assert entry.occurrences[0][0] == "locales/termbase.yaml"


def test_quiz_messages_have_criterion_contexts(extracted: Path) -> None:
    template = pot(extracted, "quiz")
    rules = load_rules(extracted / "docs" / "rules.yaml")
    need = template.find(rules.criterion("need").label, msgctxt="criterion:need:label")
    assert need is not None
    for criterion in rules.criteria:
        for part in ("label", "question", "met", "missing", "unknown"):
            assert template.find(getattr(criterion, part), msgctxt=f"criterion:{criterion.id}:{part}")


def test_ui_template_has_site_name_and_template_strings(extracted: Path) -> None:
    template = pot(extracted, "ui")
    lines = (extracted / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    number, site_name = next((n, t) for n, t in enumerate(lines, 1) if t.startswith("site_name:"))
    entry = template.find(site_name.removeprefix("site_name:").strip())
    assert entry is not None
    assert ("mkdocs.yml", str(number)) in entry.occurrences
    for text, source in [
        ("Search", "src/glossary/templates/search.md"),
        ("Preferred term", "src/glossary/templates/glossary.html"),
        ("becomes", "src/glossary/templates/glossary.html"),
    ]:
        entry = template.find(text)
        assert entry is not None, text
        assert source in {path for path, _ in entry.occurrences}


# --- update ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def translated_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy whose es and he catalogs are up to date and fully translated."""
    project = copy_project(tmp_path_factory.mktemp("translated"))
    catalogs.update(Project(project))
    for lang in ("es", "he"):
        for domain in catalogs.DOMAINS:
            translate_all(po_path(project, lang, domain), lang)
            assert pending(po_path(project, lang, domain)) == []
    catalogs.update(Project(project))  # back to the layout glossary writes
    return project


@pytest.fixture
def translated(translated_source: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(translated_source, tmp_path / "project"))


def test_changed_paragraph_becomes_fuzzy_with_its_old_translation(translated: Path) -> None:
    page, old = paragraphs(translated, short=True)[0]
    new = old + " Always."
    edit_page(translated, page, old, new)
    changes = catalogs.update(Project(translated))
    pages = {c.lang: c for c in changes if c.domain == "pages"}
    for lang in ("es", "he"):
        assert (pages[lang].new, pages[lang].fuzzy, pages[lang].obsolete) == (0, 1, 1)
        path = po_path(translated, lang)
        po = polib.pofile(str(path))
        entry = po.find(new)
        assert entry is not None
        assert "fuzzy" in entry.flags
        assert entry.msgstr == fake_translation(lang, old)
        assert entry.previous_msgid == old
        assert f'#| msgid "{old}"' in path.read_text(encoding="utf-8")
        assert pending(path) == [new]
        gone = po.find(old, include_obsolete_entries=True)
        assert gone is not None
        assert gone.obsolete
        assert gone.msgstr == fake_translation(lang, old)
        for domain in catalogs.DOMAINS:
            if domain != "pages":
                assert pending(po_path(translated, lang, domain)) == [], domain
            msgfmt_check(po_path(translated, lang, domain))


def test_changed_long_paragraph_gives_a_valid_catalog(translated: Path) -> None:
    page, old = paragraphs(translated, short=False)[0]
    edit_page(translated, page, old, old + " Always.")
    catalogs.update(Project(translated))
    for lang in ("es", "he"):
        msgfmt_check(po_path(translated, lang))
        entry = polib.pofile(str(po_path(translated, lang))).find(old + " Always.")
        assert entry is not None
        assert entry.previous_msgid == old


def test_previous_msgid_survives_the_next_update(translated: Path) -> None:
    (page, old), (other_page, other) = paragraphs(translated, short=True)[:2]
    edit_page(translated, page, old, old + " Always.")
    catalogs.update(Project(translated))
    edit_page(translated, other_page, other, other + " Sometimes.")  # any change rewrites the catalog
    catalogs.update(Project(translated))
    for lang in ("es", "he"):
        entry = polib.pofile(str(po_path(translated, lang))).find(old + " Always.")
        assert entry is not None
        assert entry.previous_msgid == old
        assert entry.tcomment == "", f"{lang}: previous id turned into a translator comment"


def test_removed_paragraph_is_obsolete_and_comes_back_translated(translated: Path) -> None:
    page, text = paragraphs(translated, short=False)[0]
    original = (translated / "docs" / page).read_text(encoding="utf-8")
    edit_page(translated, page, text + "\n\n", "")
    result = glossary(translated, "update")
    assert result.returncode == 0, result.stderr
    assert "updated   locales/es/LC_MESSAGES/pages.po: 0 new, 0 fuzzy, 1 obsolete" in result.stdout
    for lang in ("es", "he"):
        path = po_path(translated, lang)
        entry = polib.pofile(str(path)).find(text, include_obsolete_entries=True)
        assert entry is not None
        assert entry.obsolete
        assert entry.msgstr == fake_translation(lang, text)
        assert f'#~ msgstr ""\n#~ "{fake_translation(lang, "")}' in path.read_text(encoding="utf-8")
        assert pending(path) == []

    (translated / "docs" / page).write_text(original, encoding="utf-8")
    result = glossary(translated, "update")
    assert result.returncode == 0, result.stderr
    assert "updated   locales/he/LC_MESSAGES/pages.po: 0 new, 0 fuzzy, 0 obsolete" in result.stdout
    for lang in ("es", "he"):
        po = polib.pofile(str(po_path(translated, lang)))
        entry = po.find(text)
        assert entry is not None
        assert entry.translated()
        assert "fuzzy" not in entry.flags
        assert entry.msgstr == fake_translation(lang, text)
        assert text not in {e.msgid for e in po.obsolete_entries()}
        assert pending(po_path(translated, lang)) == []
        msgfmt_check(po_path(translated, lang))


def test_translator_comments_and_flags_survive_update(translated: Path) -> None:
    (_, kept), (page, changed) = paragraphs(translated, short=True)[:2]
    for lang in ("es", "he"):
        path = po_path(translated, lang)
        po = polib.pofile(str(path), wrapwidth=79)
        for text in (kept, changed):
            entry = po.find(text)
            assert entry is not None
            entry.tcomment = f"{lang}: checked with the sales team"
            entry.flags.append("no-wrap")
        po.save(str(path))
    edit_page(translated, page, changed, changed + " Always.")
    catalogs.update(Project(translated))
    for lang in ("es", "he"):
        po = polib.pofile(str(po_path(translated, lang)))
        for text, fuzzy in ((kept, False), (changed + " Always.", True)):
            entry = po.find(text)
            assert entry is not None, text
            assert entry.tcomment == f"{lang}: checked with the sales team"
            assert "no-wrap" in entry.flags
            assert ("fuzzy" in entry.flags) == fuzzy
        msgfmt_check(po_path(translated, lang))


def test_update_of_an_unchanged_project_rewrites_nothing(translated: Path) -> None:
    before = snapshot(translated / "locales")
    changes = catalogs.update(Project(translated))
    assert not any(c.written for c in changes)
    assert snapshot(translated / "locales") == before


def test_fuzzy_message_that_is_removed_and_restored_stays_fuzzy(translated: Path) -> None:
    page, old = paragraphs(translated, short=True)[0]
    new = old + " Always."
    edit_page(translated, page, old, new)
    catalogs.update(Project(translated))  # new is fuzzy: its translation is still the one of old
    with_new = (translated / "docs" / page).read_text(encoding="utf-8")
    edit_page(translated, page, new + "\n\n", "")
    catalogs.update(Project(translated))  # new is obsolete
    (translated / "docs" / page).write_text(with_new, encoding="utf-8")
    catalogs.update(Project(translated))  # new is back
    for lang in ("es", "he"):
        entry = polib.pofile(str(po_path(translated, lang))).find(new)
        assert entry is not None
        assert entry.msgstr == fake_translation(lang, old)
        assert "fuzzy" in entry.flags, f"{lang}: a translation of the old text came back as reviewed"


# --- merge -------------------------------------------------------------------------------


def template_of(messages: list[tuple[str, str | None]]) -> Catalog:
    template = Catalog(fuzzy=False)
    for msgid, context in messages:
        template.add(msgid, context=context)
    return template


def everything(catalog: Catalog) -> tuple[set[str], set[str]]:
    """Every translation string and translator comment in a catalog, active or obsolete."""
    strings: set[str] = set()
    comments: set[str] = set()
    for msg in [*catalog, *catalog.obsolete.values()]:
        if msg.id:
            strings.update(msg.string if isinstance(msg.string, (list, tuple)) else [msg.string])
            comments.update(msg.user_comments)
    return strings, comments


def round_trip(catalog: Catalog, path: Path) -> Catalog:
    path.write_bytes(render(catalog))
    return read_catalog(path)


MERGE_LETTERS = "abcdefghijklmnopqrstuvwxyzáéñüאבגדשת"
word = st.text(alphabet=MERGE_LETTERS, min_size=1, max_size=7)
sentence = st.lists(word, min_size=1, max_size=8).map(" ".join)
translation = st.lists(
    st.text(alphabet=MERGE_LETTERS + "«»\"'\\%.,¿?", min_size=1, max_size=7), min_size=1, max_size=8
).map(" ".join)
comment = st.lists(word, min_size=1, max_size=5).map(" ".join)
message = st.tuples(sentence, st.sampled_from([None, None, "lead", "criterion:need:label"]))


@st.composite
def template_history(draw: st.DrawFn) -> list[list[tuple[str, str | None]]]:
    """A first template, then 1-3 successive edits of it: changed, reordered, deleted, added, restored."""
    history = [draw(st.lists(message, min_size=1, max_size=10, unique=True))]
    for _ in range(draw(st.integers(1, 3))):
        seen = [m for step in history for m in step]
        edited: list[tuple[str, str | None]] = []
        for msgid, context in history[-1]:
            change = draw(st.sampled_from(["keep", "keep", "slightly", "completely", "delete"]))
            if change == "keep":
                edited.append((msgid, context))
            elif change == "slightly":
                edited.append((msgid + draw(st.sampled_from([" now", "s", "!", " a"])), context))
            elif change == "completely":
                edited.append((draw(sentence), context))
        edited += draw(st.lists(message, max_size=3))
        edited += draw(st.lists(st.sampled_from(seen), max_size=2))
        edited = list(dict.fromkeys(draw(st.permutations(edited))))
        history.append(edited)
    return history


@settings(max_examples=60, deadline=None)
@given(history=template_history(), data=st.data())
def test_merge_never_loses_what_a_translator_wrote(
    history: list[list[tuple[str, str | None]]], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("merge") / "pages.po"
    written: set[str] = set()
    commented: set[str] = set()

    def translator(catalog: Catalog) -> None:
        """Translate (or re-translate a fuzzy) message now and then, sometimes with a comment."""
        for msg in catalog:
            if msg.id and (not msg.string or msg.fuzzy) and data.draw(st.booleans()):
                msg.string = data.draw(translation)
                msg.flags.discard("fuzzy")
                written.add(msg.string)
                if data.draw(st.booleans()):
                    note = data.draw(comment)
                    msg.user_comments = [*msg.user_comments, note]
                    commented.add(note)

    catalog = Catalog(locale="es", domain="pages", fuzzy=False)
    for msgid, context in history[0]:
        catalog.add(msgid, context=context)
    translator(catalog)
    catalog = round_trip(catalog, path)
    for step in history[1:]:
        result = merge(catalog, template_of(step)).catalog
        assert [(m.id, m.context) for m in result if m.id] == step
        strings, comments = everything(result)
        assert written <= strings, f"lost in merge: {written - strings}"
        assert commented <= comments, f"comments lost in merge: {commented - comments}"
        catalog = round_trip(result, path)
        on_disk = everything(catalog)
        assert strings <= on_disk[0], "lost between merge and the written file"
        assert comments <= on_disk[1], "lost between merge and the written file"
        translator(catalog)
        catalog = round_trip(catalog, path)
    strings, comments = everything(read_catalog(path))
    assert written <= strings
    assert commented <= comments


def test_merge_revives_an_obsolete_translation_exactly() -> None:
    old = Catalog(locale="es", fuzzy=False)
    old.add("The lead is a person.", "El lead es una persona.", user_comments=["checked"])
    gone = merge(old, template_of([("Something else.", None)])).catalog
    assert [m.id for m in gone.obsolete.values()] == ["The lead is a person."]
    back = merge(gone, template_of([("The lead is a person.", None)])).catalog
    msg = back.get("The lead is a person.")
    assert msg is not None
    assert msg.string == "El lead es una persona."
    assert not msg.fuzzy
    assert msg.user_comments == ["checked"]
    assert not back.obsolete


def test_merge_does_not_cross_contexts() -> None:
    old = Catalog(locale="es", fuzzy=False)
    old.add("Need", "Necesidad", context="criterion:need:label")
    result = merge(old, template_of([("Need", "stage:lead:label")])).catalog
    fresh = result.get("Need", context="stage:lead:label")
    assert fresh is not None
    assert fresh.string == ""
    assert result.obsolete[("Need", "criterion:need:label")].string == "Necesidad"


def test_merge_keeps_every_plural_form_when_a_message_becomes_singular() -> None:
    old = Catalog(locale="es", fuzzy=False)
    old.add(("%(num)d lead", "%(num)d leads"), ("%(num)d lead", "%(num)d leads", "%(num)d de leads"))
    result = merge(old, template_of([("%(num)d lead", None)])).catalog
    strings, _ = everything(result)
    assert {"%(num)d lead", "%(num)d leads", "%(num)d de leads"} <= strings


def test_plural_that_becomes_singular_gives_a_valid_catalog(tmp_path: Path) -> None:
    old = Catalog(locale="es", fuzzy=False)
    old.add(("%(num)d lead", "%(num)d leads"), ("%(num)d lead", "%(num)d leads", "%(num)d de leads"))
    template = template_of([("%(num)d lead", None)])
    path = tmp_path / "pages.po"
    again = merge(round_trip(merge(old, template).catalog, path), template).catalog
    strings, _ = everything(round_trip(again, path))
    assert {"%(num)d lead", "%(num)d leads", "%(num)d de leads"} <= strings
    msgfmt_check(path)  # an obsolete entry with the same msgid as an active one is a duplicate


def test_merge_keeps_translator_comment_of_a_removed_untranslated_message() -> None:
    old = Catalog(locale="es", fuzzy=False)
    old.add("The pipeline view.", "", user_comments=["ask marketing which word they use"])
    old.add("A lead.", "Un lead.")
    result = merge(old, template_of([("A lead.", None)])).catalog
    _, comments = everything(result)
    assert "ask marketing which word they use" in comments


def test_previous_ids_and_obsolete_flags_round_trip(tmp_path: Path) -> None:
    catalog = Catalog(locale="es", fuzzy=False)
    old = 'A paragraph long enough to need several lines in a catalog, with "quotes" and a \\ too.'
    catalog.add(old + " Always.", "Un párrafo.", flags=["fuzzy"], previous_id=[old], context="ctx")
    catalog.add(("%(num)d lead", "%(num)d leads"), ("uno", "varios"), flags=["fuzzy"], previous_id=["a", "b"])
    gone = Message("Gone.", "Ido.", flags=["fuzzy"], previous_id=[old], user_comments=["checked"])
    catalog.obsolete["Gone."] = gone
    path = tmp_path / "pages.po"
    back = round_trip(catalog, path)
    msgfmt_check(path)
    assert path.read_bytes() == render(back)
    assert [(m.id, m.previous_id, m.flags) for m in back if m.id] == [
        (old + " Always.", [old], {"fuzzy"}),
        (("%(num)d lead", "%(num)d leads"), ["a", "b"], {"fuzzy", "python-format"}),
    ]
    assert (back.obsolete["Gone."].previous_id, back.obsolete["Gone."].flags) == ([old], {"fuzzy"})
    assert all(not m.user_comments for m in back)
    assert all(len(line) <= 79 for line in path.read_text(encoding="utf-8").split("\n") if "#|" in line)
    entry = polib.pofile(str(path)).find(old + " Always.", msgctxt="ctx")
    assert entry is not None
    assert entry.previous_msgid == old


def test_previous_ids_read_as_comments_by_older_versions_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "pages.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
        '# checked\n# | msgid "" "A long paragraph that was\n# | wrapped." "more"\n#, fuzzy\n'
        'msgid "A long paragraph."\nmsgstr "Un párrafo."\n',
        encoding="utf-8",
    )
    [msg] = [m for m in read_catalog(path) if m.id]
    assert msg.user_comments == ["checked"]


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ('msgid "A lead"\nmsgstr "Un lead\n\nmsgid "B"\nmsgstr "b"\n', 6, "end of line within a string"),
        ('msgid "A lead"\nmsgstr "Un "lead"\n', 6, "text after the closing quote"),
        ('msgid "A lead"\nmsgstr Un lead\n', 6, "expected a string in double quotes"),
        ('#| msgid "" "A lead\n#| wrapped"\nmsgid "A lead"\nmsgstr ""\n', 5, "`#|` line"),
    ],
)
def test_broken_string_is_a_located_error(tmp_path: Path, text: str, line: int, says: str) -> None:
    path = tmp_path / "pages.po"
    path.write_text(f'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n{text}', encoding="utf-8")
    with pytest.raises(GlossaryError, match=says) as caught:
        read_catalog(path)
    assert caught.value.location is not None
    assert caught.value.location.line == line


def test_bad_language_header_points_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "pages.po"
    path.write_text('msgid ""\nmsgstr ""\n"MIME-Version: 1.0\\n"\n"Language: es!!\\n"\n', encoding="utf-8")
    with pytest.raises(GlossaryError, match="invalid catalog header Language") as caught:
        read_catalog(path)
    assert caught.value.location is not None
    assert caught.value.location.line == 4


# --- init --------------------------------------------------------------------------------


def header(path: Path) -> dict[str, str]:
    return dict(polib.pofile(str(path)).metadata)


def header_fields(path: Path) -> list[tuple[str, str]]:
    """The header's fields in file order, dates left out."""
    fields = list(polib.pofile(str(path)).metadata.items())
    return [(k, v) for k, v in fields if k not in ("PO-Revision-Date", "POT-Creation-Date")]


@pytest.mark.parametrize(("code", "forms"), [("fr", 2), ("he", 2), ("pt_BR", 2), ("ar", 6)])
def test_init_writes_the_header_msginit_writes(tmp_path: Path, code: str, forms: int) -> None:
    project = copy_project(tmp_path / "project", langs=("es",))
    result = glossary(project, "init", code)
    assert result.returncode == 0, result.stderr
    folder = project / "locales" / code / "LC_MESSAGES"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{d}.po" for d in catalogs.DOMAINS)
    for domain in catalogs.DOMAINS:
        path = folder / f"{domain}.po"
        fields = header(path)
        assert fields["Language"] == code
        assert nplurals(fields["Plural-Forms"]) == forms
        if code != "ar":  # gettext 0.21 has a rule of its own for these
            reference = tmp_path / f"{domain}-msginit.po"
            template = project / "locales" / f"{domain}.pot"
            made = subprocess.run(
                ["msginit", "--no-translator", "-l", code, "-i", str(template), "-o", str(reference)],
                capture_output=True,
                text=True,
            )
            assert made.returncode == 0, made.stderr
            assert header_fields(path) == header_fields(reference)
        assert pending(path) == [e.msgid for e in pot(project, domain)]
        assert msgcat(path) == path.read_bytes()
        msgfmt_check(path)
    says = "gettext has no plural rule for 'ar'; Plural-Forms is CLDR's" if code == "ar" else None
    assert (says in result.stderr) if says else ("note:" not in result.stderr)


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("xx_YY", "not a locale CLDR knows"),
        ("../../etc", "not a locale code"),
        ("", "not a locale code"),
        ("en", "source language"),
        ("es", "already exists"),
    ],
)
def test_init_refuses_bad_codes_and_creates_nothing(tmp_path: Path, code: str, says: str) -> None:
    project = copy_project(tmp_path / "project", langs=("es",))
    before = snapshot(tmp_path)
    line = one_error_line(glossary(project, "init", code))
    assert says in line
    assert snapshot(tmp_path) == before


# --- stats -------------------------------------------------------------------------------


def test_stats_counts_messages_and_words(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", langs=("es",))
    shutil.copy(FIXTURES / "stats.po", po_path(project, "es"))
    result = glossary(project, "stats", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {(r["lang"], r["domain"]): r for r in json.loads(result.stdout)}
    assert set(rows) == {("es", d) for d in catalogs.DOMAINS}
    assert rows["es", "pages"] == {
        "lang": "es",
        "domain": "pages",
        "messages": 4,
        "translated": 2,
        "fuzzy": 1,
        "untranslated": 1,
        "words": 4 + 5 + 9 + 2,
        "words_translated": 4 + 5,
        "words_fuzzy": 9,
        "words_untranslated": 2,
        "percent": 50.0,
    }


def test_stats_text_shows_the_percentage(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", langs=("es",))
    shutil.copy(FIXTURES / "stats.po", po_path(project, "es"))
    result = glossary(project, "stats")
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.split("\n") if line.startswith("es      pages"))
    assert row.split()[2:6] == ["50.0%", "4", "1", "1"]


# --- reading bad catalogs ----------------------------------------------------------------

BAD_CATALOGS = {
    "syntax": "PO syntax error",
    "duplicate": "duplicate message 'A lead'",
    "plural": "nplurals=2",
    "plural_forms": "invalid catalog header",
    "charset": "Content-Type",
    "utf8": "not valid UTF-8",
    "truncated_msgid": "missing msgstr",
    "truncated_string": "end of file within a string",
    "plural_index": "a msgstr[n] index must be a number",
}


@pytest.mark.parametrize("name", list(BAD_CATALOGS))
def test_bad_catalog_is_one_located_error(tmp_path: Path, name: str) -> None:
    project = copy_project(tmp_path / "project", langs=("es",))
    shutil.copy(BAD / f"{name}.po", po_path(project, "es"))
    line = one_error_line(glossary(project, "stats"))
    assert re.match(r"error: locales/es/LC_MESSAGES/pages\.po:\d+: ", line), line
    assert BAD_CATALOGS[name] in line


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("syntax", 11),  # the msgtsr line
        ("duplicate", 13),  # the second msgid "A lead"
        ("plural", 10),  # the plural message's msgid
        ("plural_forms", 4),  # the Plural-Forms line
        ("charset", 5),  # the Content-Type line
        ("utf8", 11),  # the line with the bad byte
        ("truncated_msgid", 10),  # the msgid without msgstr
        ("truncated_string", 11),  # the unterminated msgstr
        ("plural_index", 8),  # msgstr[x]
    ],
)
def test_bad_catalog_error_points_at_the_line(name: str, line: int) -> None:
    with pytest.raises(GlossaryError) as caught:
        read_catalog(BAD / f"{name}.po")
    assert caught.value.location is not None
    assert caught.value.location.line == line, str(caught.value)


# --- writing -----------------------------------------------------------------------------


@pytest.fixture
def written(tmp_path: Path) -> Iterator[tuple[Path, bytes, Catalog]]:
    """A catalog on disk, and a changed version of it to write over it."""
    path = tmp_path / "locales" / "es" / "LC_MESSAGES" / "pages.po"
    path.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "stats.po", path)
    original = path.read_bytes()
    catalog = read_catalog(path)
    catalog.add("A new paragraph.", "Un párrafo nuevo.")
    yield path, original, catalog


def test_write_catalog_failing_rename_leaves_the_original(
    written: tuple[Path, bytes, Catalog], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, original, catalog = written

    def fail(*args: Any) -> None:
        raise OSError(errno.EXDEV, "simulated failure")

    monkeypatch.setattr(catalogs.os, "replace", fail)
    with pytest.raises(OSError, match="simulated"):
        write_catalog(path, catalog)
    assert path.read_bytes() == original
    assert [p.name for p in path.parent.iterdir()] == ["pages.po"]


def test_write_catalog_failing_midway_leaves_the_original(
    written: tuple[Path, bytes, Catalog], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, original, catalog = written
    real_fdopen = os.fdopen

    class DiskFull:
        def __init__(self, fd: int, mode: str) -> None:
            self.fh = real_fdopen(fd, mode)

        def __enter__(self) -> DiskFull:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(catalogs.os, "fdopen", DiskFull)
    with pytest.raises(OSError, match="No space"):
        write_catalog(path, catalog)
    assert path.read_bytes() == original
    assert [p.name for p in path.parent.iterdir()] == ["pages.po"]


def test_write_catalog_writes_the_rendered_catalog(written: tuple[Path, bytes, Catalog]) -> None:
    path, _, catalog = written
    assert write_catalog(path, catalog) is True
    assert path.read_bytes() == render(catalog)
    assert [m.string for m in read_catalog(path) if m.id == "A new paragraph."] == ["Un párrafo nuevo."]
    assert write_catalog(path, read_catalog(path)) is False


def test_write_catalog_keeps_the_file_mode(written: tuple[Path, bytes, Catalog]) -> None:
    path, _, catalog = written
    path.chmod(0o644)
    write_catalog(path, catalog)
    assert path.stat().st_mode & 0o777 == 0o644
    path.chmod(0o664)
    catalog.add("Another paragraph.", "Otro párrafo.")
    write_catalog(path, catalog)
    assert path.stat().st_mode & 0o777 == 0o664


def test_write_catalog_gives_a_new_file_the_usual_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_catalog(tmp_path / "new.po", Catalog(locale="es"))
    finally:
        os.umask(umask)
    assert (tmp_path / "new.po").stat().st_mode & 0o777 == 0o644


# --- gettext's own layout ----------------------------------------------------------------


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_committed_catalogs_are_as_msgcat_writes_them(path: Path) -> None:
    data = path.read_bytes()
    assert msgcat(path) == data
    assert render(read_catalog(path)) == data


def test_update_leaves_untouched_entries_untouched(translated: Path) -> None:
    (_, _), (page, changed) = paragraphs(translated, short=True)[:2]
    before = {lang: po_path(translated, lang).read_text(encoding="utf-8") for lang in ("es", "he")}
    edit_page(translated, page, changed, changed + " Always.")
    catalogs.update(Project(translated))
    for lang in ("es", "he"):
        path = po_path(translated, lang)
        after = path.read_text(encoding="utf-8")
        assert msgcat(path) == path.read_bytes()
        old_blocks = [b.strip("\n") for b in before[lang].split("\n\n")]
        new_blocks = [b.strip("\n") for b in after.split("\n\n")]
        gone = [b for b in old_blocks if b not in new_blocks]
        came = [b for b in new_blocks if b not in old_blocks]
        # the edited message and its obsolete old version; the header if its revision date moved
        assert len(gone) - len(came) == -1 and 1 <= len(gone) <= 2, (gone, came)
        assert all('msgid ""\nmsgstr ""' in b or changed in b.replace('"\n"', "") for b in gone + came)


LETTERS = "aeiouxyzAÁéñ¿¡«»–—אבגדהוזחטיכלמנסעפצקרשת" + "\u200f\u05b0"
PUNCTUATION = " -/()[]{}<>.,;:!?%$#&*_=+'\"\\|`~@\t\n"
po_texts = st.text(alphabet=LETTERS + PUNCTUATION + "0123456789", max_size=240)


@settings(max_examples=60)
@given(st.lists(st.tuples(po_texts, po_texts, st.booleans(), st.booleans()), min_size=1, max_size=8))
def test_written_catalogs_are_as_msgcat_writes_them(messages: list[tuple[str, str, bool, bool]]) -> None:
    catalog = Catalog(locale="he", fuzzy=False)
    for i, (msgid, msgstr, fuzzy, python) in enumerate(messages):
        flags = [f for f, on in (("fuzzy", fuzzy), ("python-format", python)) if on]
        catalog.add(
            f"{i} {msgid}",
            msgstr,
            flags=flags,
            context=msgstr[:30] or None,
            previous_id=[msgid] if fuzzy else [],
            locations=[
                (f"docs/page-{i}.md", i + 1),
                ("docs/a-rather-long-file-name-for-wrapping.md", 10 * i),
            ],
            auto_comments=[msgid.replace("\n", " ")[:40]],
        )
    catalog.obsolete["gone"] = Message("gone " + messages[0][0], messages[0][1] or "x", flags=["fuzzy"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.po"
        path.write_bytes(render(catalog))
        assert msgcat(path) == path.read_bytes()
