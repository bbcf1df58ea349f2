"""The real site, built by the real MkDocs: structure, language attributes, links, safety."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import ROOT, glossary, with_edit_links
from glossary import catalogs
from glossary.project import Project
from glossary.site import PACKAGE, BuildReport
from glossary.termbase import load_termbase

LOCALES = {"en": "ltr", "es": "ltr", "he": "rtl"}
HEBREW = r"[\u05d0-\u05ea]"
PAGES = ["", "lead/", "opportunity/", "lead-vs-opportunity/", "qualifying/", "glossary/", "quiz/", "checker/"]


def doc(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(path.read_bytes())


def page_file(site: Path, lang: str, page: str) -> Path:
    return site / lang / page / "index.html"


def run_build(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return glossary(project.root, "build", *args)


def test_every_locale_and_the_root_files_are_built(built: BuildReport) -> None:
    site = built.site
    for lang in LOCALES:
        for page in PAGES:
            assert page_file(site, lang, page).is_file(), f"{lang}/{page} missing"
        assert (site / lang / "404.html").is_file()
    assert (site / "index.html").is_file()
    assert not (site / "sitemap.xml").exists(), "a sitemap without site_url cannot name absolute URLs"
    assert not list(site.glob("*/sitemap.xml*"))
    assert (site / "pagefind").is_dir()


@pytest.mark.parametrize(("lang", "direction"), LOCALES.items())
def test_lang_and_dir_sit_on_html_of_every_page(built: BuildReport, lang: str, direction: str) -> None:
    for path in (built.site / lang).rglob("*.html"):
        root = doc(path)
        assert root.tag == "html"
        assert root.get("lang") == lang, path
        assert root.get("dir") == direction, path


def test_each_locale_has_its_own_404_page(built: BuildReport) -> None:
    for lang, direction in LOCALES.items():
        root = doc(built.site / lang / "404.html")
        assert (root.get("lang"), root.get("dir")) == (lang, direction)


def test_hebrew_heading_anchors_are_readable_unicode_slugs(built: BuildReport) -> None:
    headings = [
        h for h in doc(page_file(built.site, "he", "lead/")).iter("h2") if re.search(HEBREW, h.text_content())
    ]
    assert headings, "the Hebrew lead page has no Hebrew h2"
    for h in headings:
        anchor = h.get("id") or ""
        assert re.search(HEBREW, anchor), f"anchor {anchor!r} is not a Hebrew slug"
        assert not re.fullmatch(r"_\d+", anchor)


def test_language_switcher_keeps_the_reader_on_the_same_page(built: BuildReport) -> None:
    root = doc(page_file(built.site, "es", "lead/"))
    links = {a.get("hreflang"): a.get("href") for a in root.cssselect("a.md-select__link")}
    assert set(links) == set(LOCALES)
    for lang, href in links.items():
        target = (page_file(built.site, "es", "lead/").parent / href).resolve()
        assert target == (built.site / lang / "lead").resolve(), (lang, href)


@pytest.fixture(scope="module")
def built_with_site_url(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The project with the user's site_url set: canonical links and sitemaps."""
    from glossary.site import build

    root = tmp_path_factory.mktemp("deployed")
    for name in ("docs", "locales"):
        shutil.copytree(ROOT / name, root / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_url: https://training.example.com/sales/\n" + config, encoding="utf-8"
    )
    return build(Project(root), out=root / "site")


def test_no_site_url_means_relative_links_everywhere(built: BuildReport) -> None:
    for path in built.site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "127.0.0.1" not in text and 'rel="canonical"' not in text, path
        assert not re.search(r'(?:href|src)="/(?!/)', text) or path.parent == built.site, path


def test_sitemap_lists_every_page_with_hreflang_alternates(built_with_site_url: BuildReport) -> None:
    built = built_with_site_url
    page = (built.site / "he" / "lead" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://training.example.com/sales/he/lead/">' in page
    text = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    from lxml import etree

    tree = etree.fromstring(text.encode())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = tree.findall("s:url", ns)
    locs = [u.findtext("s:loc", namespaces=ns) for u in urls]
    for lang in LOCALES:
        for page in PAGES:
            assert any(loc.endswith(f"/{lang}/{page}") for loc in locs), f"{lang}/{page} not in sitemap"
    for url in urls:
        langs = {link.get("hreflang") for link in url.findall("x:link", ns)}
        assert langs == {*LOCALES, "x-default"}


def test_glossary_has_every_concept_in_every_locale(built: BuildReport, project: Project) -> None:
    termbase = load_termbase(project.termbase)
    for lang in LOCALES:
        root = doc(page_file(built.site, lang, "glossary/"))
        ids = {el.get("id") for el in root.cssselect("section.concept")}
        assert ids == {c.id for c in termbase}
        lead = root.cssselect("section#lead")[0]
        forbidden = {d.text_content() for d in lead.cssselect(".forbidden del")}
        assert {"plomo", "עופרת", "líder"} <= forbidden
        preferred = {
            s.get("lang"): s.text_content() for s in lead.cssselect("tbody tr td:nth-of-type(1) strong")
        }
        assert preferred.get("he") == "ליד"


def test_concept_mentions_link_to_the_glossary_with_a_localized_definition(built: BuildReport) -> None:
    for lang in LOCALES:
        root = doc(page_file(built.site, lang, "lead/"))
        links = [a for a in root.iter("a") if "glossary/#" in (a.get("href") or "")]
        assert links, f"no concept links on {lang}/lead/"
        for a in links:
            assert a.get("title"), "a concept link has no tooltip"
    he_titles = " ".join(a.get("title") or "" for a in doc(page_file(built.site, "he", "lead/")).iter("a"))
    assert re.search(r"[\u05d0-\u05ea]", he_titles), "Hebrew tooltips are not in Hebrew"


def test_stages_diagram_is_localized_and_flows_right_to_left_in_hebrew(built: BuildReport) -> None:
    def boxes(lang: str) -> list[tuple[float, str]]:
        svg = doc(page_file(built.site, lang, "")).cssselect("figure.stages-diagram svg")[0]
        return [(float(g.find("rect").get("x")), g.get("class").split("stage-")[1]) for g in svg.iter("g")]

    en, he = sorted(boxes("en")), sorted(boxes("he"))
    assert [s for _, s in en] == ["contact", "lead", "opportunity", "customer"]
    assert [s for _, s in he] == ["customer", "opportunity", "lead", "contact"]


def test_no_page_requests_another_host(built: BuildReport) -> None:
    for path in built.site.rglob("*.html"):
        root = doc(path)
        for el in root.iter("script", "img", "link", "iframe", "source"):
            fetched = el.tag != "link" or el.get("rel") in (
                "stylesheet",
                "icon",
                "preload",
                "modulepreload",
                "manifest",
            )
            ref = (el.get("src") or el.get("href")) if fetched else None
            assert not (ref or "").startswith(("http:", "https:", "//")), f"{path}: {el.tag} loads {ref}"


def test_widget_code_and_styles_stay_under_12_kb_gzipped() -> None:
    data = b"".join((PACKAGE / "assets" / name).read_bytes() for name in ("widgets.js", "glossary.css"))
    assert len(gzip.compress(data, 9)) <= 12 * 1024


def test_a_missing_translation_shows_marked_english_and_strict_fails(tmp_project: Project) -> None:
    path = catalogs.catalog_path(tmp_project, "he", "pages")
    catalog = catalogs.read_catalog(path)
    target = next(
        m
        for m in catalog
        if m.locations and m.locations[0][0] == "docs/lead.md" and "paragraph" in m.auto_comments
    )
    target.string = ""
    catalogs.write_catalog(path, catalog)
    result = run_build(tmp_project)
    assert result.returncode == 0, result.stderr
    assert f"docs/lead.md:{target.locations[0][1]}: he:" in result.stderr
    root = doc(page_file(tmp_project.root / "site", "he", "lead/"))
    marked = root.cssselect("span.untranslated")
    assert marked and marked[0].get("lang") == "en" and marked[0].get("dir") == "ltr"
    strict = run_build(tmp_project, "--strict")
    assert strict.returncode == 2
    assert strict.stderr.splitlines()[-1].startswith("error: docs/lead.md:")


def test_broken_anchor_fails_the_build_and_keeps_the_last_good_site(tmp_project: Project) -> None:
    assert run_build(tmp_project).returncode == 0
    good = (tmp_project.root / "site" / "en" / "index.html").read_bytes()
    page = tmp_project.docs / "lead.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nSee [nowhere](opportunity.md#no-such-heading).\n",
        encoding="utf-8",
    )
    result = run_build(tmp_project)
    assert result.returncode == 2
    assert "no-such-heading" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_project.root / "site" / "en" / "index.html").read_bytes() == good


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert(1)</script> Un lead.",
        'Un <img src=x onerror="alert(1)"> lead.',
        "Un [lead](javascript:alert(1)).",
    ],
)
def test_a_translation_that_smuggles_markup_is_refused_with_its_location(
    tmp_project: Project, evil: str
) -> None:
    path = catalogs.catalog_path(tmp_project, "es", "pages")
    catalog = catalogs.read_catalog(path)
    message = next(m for m in catalog if m.id and m.id.startswith("A lead is"))
    message.string = evil
    catalogs.write_catalog(path, catalog)
    line = catalogs.read_catalog(path)[message.id].lineno
    result = run_build(tmp_project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(f"error: locales/es/LC_MESSAGES/pages.po:{line}:"), (
        result.stderr
    )
    assert not (tmp_project.root / "site").exists()


def test_files_under_docs_reach_every_locale_with_per_locale_variants(tmp_project: Project) -> None:
    images = tmp_project.docs / "images"
    images.mkdir()
    (images / "diagram.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><title>en</title></svg>')
    (images / "diagram.he.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><title>he</title></svg>')
    (tmp_project.docs / "price-list.pdf").write_bytes(b"%PDF-1.4 not much of a price list\n")
    page = tmp_project.docs / "lead.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n![Stages](images/diagram.svg)\n\n[Prices](price-list.pdf)\n",
        encoding="utf-8",
    )
    result = run_build(tmp_project)
    assert result.returncode == 0, result.stderr
    site = tmp_project.root / "site"
    for lang in LOCALES:
        assert (site / lang / "price-list.pdf").read_bytes().startswith(b"%PDF")
        diagram = (site / lang / "images" / "diagram.svg").read_text(encoding="utf-8")
        assert f"<title>{'he' if lang == 'he' else 'en'}</title>" in diagram
        assert not (site / lang / "images" / "diagram.he.svg").exists()
        assert not (site / lang / "rules.yaml").exists()  # the project's data, not a download
        img = doc(page_file(site, lang, "lead/")).cssselect("img[src$='diagram.svg']")
        assert img and img[0].get("src") == "../images/diagram.svg"


USER_HOOK = """\
from pathlib import Path


def on_post_build(config):
    Path(config.site_dir, "user-hook.txt").write_text(config.extra["glossary"]["locale"], encoding="utf-8")
"""


def test_the_users_mkdocs_settings_are_merged_with_ours(tmp_project: Project) -> None:
    root = tmp_project.root
    (tmp_project.docs / "stylesheets").mkdir()
    (tmp_project.docs / "stylesheets" / "extra.css").write_text(".user-style { color: teal }\n")
    (tmp_project.docs / "js").mkdir()
    (tmp_project.docs / "js" / "extra.js").write_text("window.userScript = true;\n")
    (root / "hooks").mkdir()
    (root / "hooks" / "user_hook.py").write_text(USER_HOOK)
    overrides = root / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}<p id="user-announce">Sale!</p>{% endblock %}\n'
    )
    (overrides / "partials" / "copyright.html").write_text('<div id="user-copyright">ACME</div>\n')
    settings = (root / "mkdocs.yml").read_text(encoding="utf-8")
    settings = settings.replace("plugins: []", "plugins:\n  - tags")
    lead = tmp_project.docs / "lead.md"
    lead.write_text("---\ntags:\n  - Pipeline\n---\n\n" + lead.read_text(encoding="utf-8"), encoding="utf-8")
    settings = settings.replace(
        "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n"
    )
    settings += (
        "extra_css:\n  - stylesheets/extra.css\n"
        "extra_javascript:\n  - js/extra.js\n"
        "hooks:\n  - hooks/user_hook.py\n"
    )
    (root / "mkdocs.yml").write_text(settings, encoding="utf-8")
    result = run_build(tmp_project)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    for lang in LOCALES:
        html = doc(page_file(site, lang, "lead/"))
        styles = [link.get("href") for link in html.cssselect("link[rel=stylesheet]")]
        assert "../stylesheets/extra.css" in styles and "../assets/glossary.css" in styles
        assert (site / lang / "stylesheets" / "extra.css").is_file()
        assert "../js/extra.js" in [s.get("src") for s in html.cssselect("script[src]")]
        assert (site / lang / "user-hook.txt").read_text(encoding="utf-8") == lang  # the user's hook ran
        assert html.cssselect(".md-tag")  # the user's plugin ran
        assert html.cssselect("#user-announce") and html.cssselect("#user-copyright")  # the user's theme
        assert html.cssselect("[data-pagefind-body]")  # ... and ours, over it
        assert html.cssselect("link[rel=alternate][hreflang=he]")


def test_a_locale_with_a_gettext_modifier_is_initialised_built_and_checked(tmp_project: Project) -> None:
    settings = tmp_project.mkdocs_yml.read_text(encoding="utf-8")
    tmp_project.mkdocs_yml.write_text(
        settings + "site_url: https://training.example.org/\n", encoding="utf-8"
    )
    for code in ("sr@latin", "ca@valencia"):
        init = glossary(tmp_project.root, "init", code)
        assert init.returncode == 0, init.stderr
        assert (tmp_project.locales / code / "LC_MESSAGES" / "pages.po").is_file()
    result = run_build(tmp_project)
    assert result.returncode == 0, result.stderr
    site = tmp_project.root / "site"
    for code, tag, name in (("sr@latin", "sr-Latn", "Srpski"), ("ca@valencia", "ca-ES-valencia", "Català")):
        root = doc(page_file(site, code, "lead/"))
        assert root.get("lang") == tag and root.get("dir") == "ltr"
        assert root.cssselect(f'link[rel=alternate][hreflang="{tag}"]')
        switch = root.cssselect(f'a.md-select__link[hreflang="{tag}"]')
        assert switch and switch[0].get("href").endswith(f"/{code}/lead/") and switch[0].text.startswith(name)
    home = doc(site / "index.html")  # the root page names every locale by its BCP 47 tag
    assert home.cssselect('link[rel=alternate][hreflang="sr-Latn"][href="sr@latin/"]')
    for args in (["check"], ["check", "--site", str(site)]):
        checked = glossary(tmp_project.root, *args, "--severity", "error")
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_an_unknown_modifier_is_refused_with_the_ones_known(tmp_project: Project) -> None:
    result = glossary(tmp_project.root, "init", "sr@euro")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "@latin" in result.stderr


def test_edit_links_send_translators_to_the_catalog(tmp_project: Project) -> None:
    with_edit_links(tmp_project)
    result = run_build(tmp_project)
    assert result.returncode == 0, result.stderr
    repo = "https://git.example.org/acme/glossary/edit/main/"
    site = tmp_project.root / "site"
    for lang, want in (
        ("en", repo + "docs/lead.md"),
        ("es", repo + "locales/es/LC_MESSAGES/pages.po"),
        ("he", repo + "locales/he/LC_MESSAGES/pages.po"),
    ):
        edit = doc(page_file(site, lang, "lead/")).cssselect("a.md-content__button[href]")
        assert [a.get("href") for a in edit] == [want]
        assert not doc(page_file(site, lang, "search/")).cssselect("a.md-content__button[href]")


def test_a_translation_platform_url_replaces_the_catalog_link() -> None:
    from glossary.editlink import edit_url

    platform = {"translate_url": "https://weblate.example.org/translate/acme/{catalog}/{locale}/?q={page}"}
    made = "https://git.example.org/acme/glossary/edit/main/docs/lead.md"
    assert edit_url(made, "lead.md", {**platform, "locale": "en"}) == made
    assert (
        edit_url(made, "lead.md", {**platform, "locale": "sr@latin"})
        == "https://weblate.example.org/translate/acme/pages/sr@latin/?q=docs/lead.md"
    )
    assert edit_url("https://example.org/wiki/lead", "lead.md", {"locale": "he"}) is None


def _tiny_site(root: Path, head: str, css: str = "") -> Path:
    for lang in ("en", "he"):
        folder = root / lang
        folder.mkdir(parents=True)
        direction = "rtl" if lang == "he" else "ltr"
        (folder / "index.html").write_text(
            f'<!doctype html><html lang="{lang}" dir="{direction}"><head>{head}'
            '<link rel="stylesheet" href="s.css"></head><body><p>x</p></body></html>',
            encoding="utf-8",
        )
        (folder / "s.css").write_text(css, encoding="utf-8")
    return root


def test_check_site_reports_duplicate_alternates_and_failing_stylesheet_requests(tmp_path: Path) -> None:
    from glossary.checks import check_site

    one_set = (
        '<link rel="alternate" hreflang="en" href="../en/"><link rel="alternate" hreflang="he" href="../he/">'
    )
    good = _tiny_site(tmp_path / "good", one_set, "body { background: url(data:image/png;base64,AA==) }")
    assert not check_site(good, select=["SIT005", "SIT006"])
    doubled = one_set + '<link rel="alternate" hreflang="en" href="/">'
    bad = _tiny_site(tmp_path / "bad", doubled, "@font-face { src: url(../fonts/missing.woff2) }")
    found = check_site(bad, select=["SIT005", "SIT006"])
    assert sorted({f.rule for f in found}) == ["SIT005", "SIT006"], found
    assert any("hreflang='en'" in f.message for f in found)
    assert any("/fonts/missing.woff2" in f.message for f in found)


def test_the_built_site_has_one_set_of_alternates_and_requests_nothing_missing(built: BuildReport) -> None:
    from glossary.checks import check_site

    assert not check_site(built.site, select=["SIT002", "SIT005", "SIT006"])


def test_check_site_follows_root_links_of_a_site_deployed_under_a_sub_path(
    built_with_site_url: BuildReport, tmp_path: Path
) -> None:
    """With site_url https://training.example.com/sales/, /sales/he/lead/ is a page of the site."""
    from glossary.checks import check_site

    assert not check_site(built_with_site_url.site)
    site = shutil.copytree(built_with_site_url.site, tmp_path / "site")
    page = site / "he" / "lead" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</main>", '<a href="/sales/he/gone/">x</a><a href="/he/lead/">y</a></main>', 1
        ),
        encoding="utf-8",
    )
    found = sorted(f.message for f in check_site(site, select=["SIT002"]))
    assert found == [
        "<a href='/he/lead/'> points to /he/lead/, which the site does not have",
        "<a href='/sales/he/gone/'> points to /sales/he/gone/, which the site does not have",
    ]


def _files(site: Path) -> dict[str, object]:
    """Every file of a site by path: JSON as data (Pagefind orders its languages at random), else bytes."""
    return {
        path.relative_to(site).as_posix(): json.loads(path.read_bytes())
        if path.suffix == ".json"
        else path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_locales_built_apart_and_assembled_make_the_same_site(tmp_project: Project) -> None:
    config = tmp_project.mkdocs_yml.read_text(encoding="utf-8")
    tmp_project.mkdocs_yml.write_text(
        "site_url: https://training.example.com/sales/\n" + config, encoding="utf-8"
    )
    assert run_build(tmp_project, "-o", "whole").returncode == 0
    for lang in LOCALES:  # one CI job per locale, each with its own artifact folder
        result = run_build(tmp_project, "--lang", lang, "-o", f"part-{lang}")
        assert result.returncode == 0, result.stderr
        assert [p.name for p in (tmp_project.root / f"part-{lang}").iterdir()] == [lang]
    parts = [f"part-{lang}" for lang in LOCALES]
    result = glossary(tmp_project.root, "assemble", *parts, "-o", "joined")
    assert result.returncode == 0, result.stderr
    whole, joined = _files(tmp_project.root / "whole"), _files(tmp_project.root / "joined")
    assert "sitemap.xml" in whole and "index.html" in whole and "pagefind/pagefind-entry.json" in whole
    assert sorted(whole) == sorted(joined)
    assert [name for name in whole if whole[name] != joined[name]] == []


def test_assemble_names_a_missing_locale_and_an_unknown_one_is_refused(tmp_project: Project) -> None:
    result = run_build(tmp_project, "--lang", "xx", "-o", "part")
    assert result.returncode == 2
    assert "no locale 'xx' in this project; the locales are en, es, he" in result.stderr
    assert run_build(tmp_project, "--lang", "es", "-o", "part").returncode == 0
    result = glossary(tmp_project.root, "assemble", "part")
    assert result.returncode == 2
    assert "no built folder for locale(s) en, he in part" in result.stderr
    assert not (tmp_project.root / "site").exists()
