"""Live reload: a change rebuilds only what it touches, and the result is what a full build makes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import with_edit_links
from glossary import catalogs, site
from glossary.errors import GlossaryError
from glossary.project import Project
from glossary.reload import Change, Preview, classify, snapshot


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def assert_same_as_a_full_build(preview: Preview) -> None:
    """Every file of the served site is the one `glossary build` writes from the same sources."""
    preview.wait()  # for the search index
    full = site.build(preview.project, out=preview.project.root / "full").site
    ours, theirs = files(preview.out), files(full)
    assert sorted(ours) == sorted(theirs)
    entry = "pagefind/pagefind-entry.json"  # Pagefind lists the languages in any order
    assert json.loads(ours.pop(entry)) == json.loads(theirs.pop(entry))
    assert [name for name in ours if ours[name] != theirs[name]] == []


def append(page: Path, text: str) -> None:
    page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def translate(project: Project, lang: str, page: str, text: str) -> int:
    """Give a paragraph of page a new translation in lang's pages.po; the message's line."""
    path = catalogs.catalog_path(project, lang, "pages")
    catalog = catalogs.read_catalog(path)
    message = next(
        m for m in catalog if m.id and m.locations[0][0] == f"docs/{page}" and "paragraph" in m.auto_comments
    )
    message.string = text
    catalogs.write_catalog(path, catalog)
    return int(catalogs.read_catalog(path)[message.id].lineno)


def test_a_page_edit_rebuilds_that_page_in_every_locale_as_a_full_build_would(tmp_project: Project) -> None:
    preview = Preview(tmp_project)
    first = preview.rebuild()
    assert first is not None and first.report is not None
    append(tmp_project.docs / "lead.md", "A brand-new closing paragraph.")
    result = preview.rebuild()
    assert result is not None and result.report is None  # not a full build
    assert result.pages == {"en": ["lead.md"], "es": ["lead.md"], "he": ["lead.md"]}
    assert [u.text for u in result.untranslated["es"]] == ["A brand-new closing paragraph."]
    assert result.missing == sum(len(items) for items in first.report.untranslated.values()) + 2  # es, he
    assert "A brand-new closing paragraph." in (preview.out / "es" / "lead" / "index.html").read_text("utf-8")
    assert_same_as_a_full_build(preview)
    assert preview.rebuild() is None  # nothing changed since


def test_a_new_page_title_reaches_every_page_of_every_locale(tmp_project: Project) -> None:
    preview = Preview(tmp_project)
    preview.rebuild()
    page = tmp_project.docs / "opportunity.md"
    text = page.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    page.write_text(text.replace(title, "title: Opportunities, renamed", 1), encoding="utf-8")
    result = preview.rebuild()
    assert result is not None and result.report is None
    assert "Opportunities, renamed" in (preview.out / "en" / "lead" / "index.html").read_text("utf-8")  # nav
    assert_same_as_a_full_build(preview)


def test_a_catalog_edit_rebuilds_its_locale_only(tmp_project: Project) -> None:
    preview = Preview(tmp_project)
    preview.rebuild()
    before = {lang: stamps(preview.out / lang) for lang in ("en", "he")}
    contents = {lang: files(preview.out / lang) for lang in ("en", "he")}
    translate(tmp_project, "es", "lead.md", "Un párrafo recién traducido.")
    result = preview.rebuild()
    assert result is not None and result.report is None
    assert result.pages == {"es": ["lead.md"]}
    assert "Un párrafo recién traducido." in (preview.out / "es" / "lead" / "index.html").read_text("utf-8")
    for lang in ("en", "he"):
        assert stamps(preview.out / lang) == before[lang], f"{lang} was written"
        assert files(preview.out / lang) == contents[lang]
    assert_same_as_a_full_build(preview)


def test_a_ui_catalog_edit_rebuilds_every_page_of_its_locale(tmp_project: Project) -> None:
    preview = Preview(tmp_project)
    preview.rebuild()
    path = catalogs.catalog_path(tmp_project, "he", "ui")
    catalog = catalogs.read_catalog(path)
    catalog[str(tmp_project.site_settings()["site_name"])].string = "ליד או הזדמנות, בשם חדש"
    catalogs.write_catalog(path, catalog)
    result = preview.rebuild()
    assert result is not None and result.report is None
    assert list(result.pages) == ["he"] and "glossary.md" in result.pages["he"]
    assert "ליד או הזדמנות, בשם חדש" in (preview.out / "he" / "quiz" / "index.html").read_text("utf-8")
    assert_same_as_a_full_build(preview)


def test_a_bad_catalog_edit_is_located_and_the_last_good_site_stays(tmp_project: Project) -> None:
    preview = Preview(tmp_project)
    preview.rebuild()
    good = files(preview.out)
    line = translate(tmp_project, "es", "lead.md", "Un <script>alert(1)</script> párrafo.")
    with pytest.raises(GlossaryError, match=rf"pages\.po:{line}: translation contains raw HTML"):
        preview.rebuild()
    assert files(preview.out) == good
    translate(tmp_project, "es", "lead.md", "Un párrafo arreglado.")
    result = preview.rebuild()
    assert result is not None and result.report is None  # the bad edit cost nothing in memory
    assert "Un párrafo arreglado." in (preview.out / "es" / "lead" / "index.html").read_text("utf-8")
    assert_same_as_a_full_build(preview)


def test_a_broken_anchor_keeps_the_last_good_site_until_it_is_fixed(tmp_project: Project) -> None:
    preview = Preview(tmp_project)
    preview.rebuild()
    good = files(preview.out)
    page = tmp_project.docs / "lead.md"
    original = page.read_text(encoding="utf-8")
    append(page, "See [nowhere](opportunity.md#no-such-heading).")
    with pytest.raises(GlossaryError, match="no-such-heading"):
        preview.rebuild()
    assert files(preview.out) == good
    page.write_text(original + "\nFixed.\n", encoding="utf-8")
    result = preview.rebuild()
    assert result is not None
    assert "Fixed." in (preview.out / "en" / "lead" / "index.html").read_text("utf-8")
    assert_same_as_a_full_build(preview)


def test_changes_are_sorted_by_what_they_touch(tmp_project: Project) -> None:
    langs = ["en", "es", "he"]
    before = snapshot(tmp_project)

    def after(path: Path, text: str = "x") -> Change:
        """The change one edit makes; then the file is as it was, its time too."""
        old = path.stat() if path.exists() else None
        data = path.read_bytes() if old else b""
        folders = [folder for folder in path.parents if not folder.exists()]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data + text.encode())
        try:
            return classify(tmp_project, before, snapshot(tmp_project), langs)
        finally:
            if old is None:
                path.unlink()
                for folder in folders:
                    folder.rmdir()
            else:
                path.write_bytes(data)
                os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))

    locales = tmp_project.locales
    assert after(tmp_project.docs / "lead.md").pages == {tmp_project.docs / "lead.md"}
    assert after(locales / "es" / "LC_MESSAGES" / "pages.po", "\n").catalogs == {"es": {"pages"}}
    assert after(locales / "he" / "LC_MESSAGES" / "ui.po", "\n").catalogs == {"he": {"ui"}}
    assert not after(locales / "pages.pot", "\n")  # read by translators' tools, not by the build
    assert not after(locales / "es" / "LC_MESSAGES" / "pages.po~")  # an editor's backup
    assert after(locales / "fr" / "LC_MESSAGES" / "pages.po").everything  # a new locale
    assert after(locales / "termbase.yaml", "\n").everything
    assert after(tmp_project.rules, "\n").everything
    assert after(tmp_project.mkdocs_yml, "\n").everything
    assert after(tmp_project.docs / "new.md").everything  # the navigation changes
    assert not after(tmp_project.docs / ".lead.md.swp")  # an editor's file


def test_a_page_rendered_again_keeps_its_edit_link(tmp_project: Project) -> None:
    with_edit_links(tmp_project)
    preview = Preview(tmp_project)
    preview.rebuild()
    for text in ("A first new paragraph.", "A second new paragraph."):  # the same page twice
        append(tmp_project.docs / "lead.md", text)
        result = preview.rebuild()
        assert result is not None and result.report is None
    assert "locales/es/LC_MESSAGES/pages.po" in (preview.out / "es" / "lead" / "index.html").read_text(
        "utf-8"
    )
    assert_same_as_a_full_build(preview)


def test_a_page_that_would_run_script_is_refused_and_the_last_good_site_stays(tmp_project: Project) -> None:
    preview = Preview(tmp_project)
    preview.rebuild()
    good = files(preview.out)
    page = tmp_project.docs / "lead.md"
    original = page.read_text(encoding="utf-8")
    append(page, '<iframe src="https://example.org/"></iframe>')  # found in the rendered page only
    with pytest.raises(
        GlossaryError, match=r"lead\.md:\d+: the built page en/lead/index\.html would run script"
    ):
        preview.rebuild()
    assert files(preview.out) == good
    page.write_text(original, encoding="utf-8")
    assert preview.rebuild() is not None
    assert_same_as_a_full_build(preview)
