"""No translator text runs as script: a site built from poisoned catalogs, in real Chromium.

The payloads live in tests/fixtures/xss/: `escaped.txt` goes into every UI, termbase and quiz
message of the Spanish catalogs (and so into the site name, description, the search label,
definitions, stage labels, scenarios), `pages.txt` into the page translations; the site must
build and show them as text. Each line of `refused.txt` as a page translation stops the
build with the PO file and line.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT, _Quiet
from glossary.catalogs import catalog_path, read_catalog, write_catalog
from glossary.project import Project
from test_hostile_cli import assert_located, copy_project, glossary

FIXTURES = ROOT / "tests" / "fixtures" / "xss"
PAGES = ("", "lead/", "opportunity/", "lead-vs-opportunity/", "qualifying/", "glossary/", "quiz/", "checker/")


def payloads(name: str) -> list[str]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line and not line.startswith("#")]


def poison(project: Path, domain: str, found: list[str]) -> None:
    """Put a payload in front of every translation of one Spanish catalog (placeholders kept)."""
    path = catalog_path(Project(project), "es", domain)
    catalog = read_catalog(path)
    cycle = itertools.cycle(found)
    for msg in catalog:
        if not msg.id:
            continue
        payload = next(cycle)
        if isinstance(msg.id, tuple):
            msg.string = tuple(f"{payload} {s or msg.id[min(i, 1)]}" for i, s in enumerate(msg.string))
        else:
            msg.string = f"{payload} {msg.string or msg.id}"
        msg.flags.discard("fuzzy")
    write_catalog(path, catalog)


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built from catalogs full of payloads, served on localhost."""
    project = copy_project(tmp_path_factory.mktemp("xss"))
    for domain in ("ui", "termbase", "quiz"):
        poison(project, domain, payloads("escaped.txt"))
    poison(project, "pages", payloads("pages.txt"))
    result = glossary(project, "build")
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_Quiet, directory=str(project / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/es/"
    server.shutdown()


INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const url = ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name)
        && !(el.closest('.pagefind-ui') && a.value === 'javascript:void(0);');  // Pagefind's own form
      if (a.name.startsWith('on') || (url && /^\\s*(javascript|vbscript|data):/i.test(a.value)))
        found.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`);
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'DETAILS', 'MGLYPH'].includes(el.tagName) && el.closest('.md-content'))
      found.push(`<${el.tagName.toLowerCase()}>`);
  }
  return found;
}"""


def visit(browser, url: str, act=None) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """Dialogs opened and injected attributes found on a page, after hovering and acting on it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if act:
        act(page)
    for selector in ("header", ".md-nav", "h1", "article a", "footer"):
        for element in page.locator(selector).all()[:5]:
            if element.is_visible():
                element.hover()
    page.wait_for_timeout(200)  # let a handler that was injected fire (a pause, not an assertion)
    found = page.evaluate(INJECTED)
    context.close()
    return dialogs, found


@pytest.mark.parametrize("slug", PAGES)
def test_no_payload_runs_on_any_page(browser, poisoned_site: str, slug: str) -> None:  # type: ignore[no-untyped-def]
    dialogs, injected = visit(browser, poisoned_site + slug)
    assert dialogs == [] and injected == []


def test_no_payload_runs_in_the_quiz_feedback(browser, poisoned_site: str) -> None:  # type: ignore[no-untyped-def]
    def answer(page) -> None:  # type: ignore[no-untyped-def]
        for _ in range(3):
            page.locator("input[name=stage]").first.check()
            page.locator(".quiz-action").first.click()
            page.locator(".quiz-action").first.click()

    dialogs, injected = visit(browser, poisoned_site + "quiz/", answer)
    assert dialogs == [] and injected == []


def test_no_payload_runs_in_the_checker(browser, poisoned_site: str) -> None:  # type: ignore[no-untyped-def]
    def answer(page) -> None:  # type: ignore[no-untyped-def]
        for criterion in ("need", "budget", "timing", "authority"):
            page.check(f"#fact-{criterion}-yes")

    dialogs, injected = visit(browser, poisoned_site + "checker/", answer)
    assert dialogs == [] and injected == []


def test_no_payload_runs_in_search_results(browser, poisoned_site: str) -> None:  # type: ignore[no-untyped-def]
    def search(page) -> None:  # type: ignore[no-untyped-def]
        page.locator(".pagefind-ui__search-input").fill("onerror")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)

    dialogs, injected = visit(browser, poisoned_site + "search/", search)
    assert dialogs == [] and injected == []


def test_payloads_show_as_text_where_translators_put_them(browser, poisoned_site: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    page.goto(poisoned_site)
    description = page.get_attribute('meta[name="description"]', "content") or ""
    name = page.text_content(".md-header__topic .md-ellipsis") or ""
    page.goto(poisoned_site + "search/")
    heading = page.text_content("h1") or ""
    context.close()
    escaped = payloads("escaped.txt")
    assert any(p in description for p in escaped + payloads("pages.txt")), description
    assert any(p in name for p in escaped), name
    assert any(p in heading for p in escaped), heading


@pytest.mark.parametrize("payload", payloads("refused.txt"))
def test_script_in_a_page_translation_is_refused_with_its_line(tmp_path: Path, payload: str) -> None:
    project = copy_project(tmp_path)
    path = catalog_path(Project(project), "es", "pages")
    catalog = read_catalog(path)
    msg = next(m for m in catalog if m.id and m.string and "concept:" not in m.id and len(m.id) > 80)
    msg.string = payload
    write_catalog(path, catalog)
    line = read_catalog(path).get(msg.id).lineno
    result = glossary(project, "stats")
    assert result.returncode == 0, result.stderr  # reading the catalog is fine; building it is not
    assert_located(glossary(project, "build"), f"locales/es/LC_MESSAGES/pages.po:{line}", "translation")
