"""The built site in real headless Chromium: direction, search, quiz, checker, accessibility."""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import ROOT, answer, shot
from glossary.project import Project
from glossary.rules import classify, load_rules

LOCALES = ("en", "es", "he")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


class StaticHost(SimpleHTTPRequestHandler):
    """A static host as sites are deployed: the site under `prefix`, its 404.html for what is missing."""

    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.prefix):
            self.send_error(404)
            return None
        self.path = "/" + self.path[len(self.prefix) :]
        local = Path(self.translate_path(self.path))
        if (local.is_dir() and not (local / "index.html").is_file()) or not local.exists():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


@contextlib.contextmanager
def hosted(site_dir: Path, prefix: str) -> Iterator[str]:
    """The built site served under prefix ('/' or '/some/sub/path/'); yields its base URL."""
    handler = type("Host", (StaticHost,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix.rstrip('/')}"
    finally:
        server.shutdown()


def widget_data(page) -> dict:  # type: ignore[no-untyped-def]
    return page.evaluate("window.glossaryWidgets.data")


def quiz_state(page) -> dict:  # type: ignore[no-untyped-def]
    return page.evaluate("JSON.parse(localStorage.getItem('glossary-quiz'))")


def failed_requests(page) -> list[tuple[object, str]]:  # type: ignore[no-untyped-def]
    """Every request of the page from now on that fails: a 4xx/5xx answer or a network error.

    A request the browser cancels because the page moved on (net::ERR_ABORTED, seen once for the
    favicon) is no fault of the site: a missing file shows as a 4xx answer.
    """
    failed: list[tuple[object, str]] = []
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    page.on(
        "requestfailed",
        lambda r: failed.append((r.failure, r.url)) if r.failure != "net::ERR_ABORTED" else None,
    )
    return failed


def assert_stayed_local(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    strays = [url for url in page.requests if not url.startswith((base_url, "data:", "blob:", "about:"))]
    assert not strays, f"requests left the site: {strays}"


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("width", [1280, 360])
def test_pages_render_in_each_locale_at_desktop_and_phone_width(page, base_url, lang, width) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 900})
    for name in ("", "glossary/", "lead-vs-opportunity/", "quiz/", "checker/"):
        page.goto(f"{base_url}/{lang}/{name}")
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "he" else "ltr")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{lang}/{name} scrolls sideways by {overflow}px at {width}px"
        shot(page, f"{lang}-{(name.strip('/') or 'home')}-{width}")
    assert_stayed_local(page, base_url)


def test_root_sends_a_hebrew_browser_to_the_hebrew_site(browser, base_url) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="he-IL")
    pg = context.new_page()
    pg.goto(f"{base_url}/")
    pg.wait_for_url(f"{base_url}/he/")
    assert pg.evaluate("document.dir") == "rtl"
    context.close()


@pytest.mark.parametrize(
    ("query", "page_slug"),
    [("ליד", "lead/"), ("לידים", "lead/"), ("הליד", "lead/"), ("הזדמנות", "opportunity/")],
)
def test_hebrew_search_finds_the_pages_about_the_word(page, base_url, query, page_slug) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/he/search/?q={query}")
    # Results arrive one by one; wait for the expected page rather than for the first result.
    expected = f'.pagefind-ui__result-link[href$="/he/{page_slug}"]'
    with contextlib.suppress(PlaywrightTimeout):  # the assertion below says what was found instead
        page.wait_for_selector(expected, timeout=15000)
    links = page.eval_on_selector_all(
        ".pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))"
    )
    assert any(link.endswith(f"/he/{page_slug}") for link in links), links
    assert all("/he/" in link for link in links), f"another locale's pages in Hebrew results: {links}"
    shot(page, f"he-search-{page_slug.strip('/')}")
    assert_stayed_local(page, base_url)


BOX = "e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"


def inside(box: list[float], width: int, height: int) -> bool:
    left, top, right, bottom = box
    return left >= 0 and top >= 0 and right <= width and bottom <= height and right > left


@pytest.mark.parametrize("width", [1280, 360])
def test_hebrew_tooltips_and_popups_stay_inside_the_window(page, base_url, width) -> None:  # type: ignore[no-untyped-def]
    height = 800
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{base_url}/he/lead/")
    links = page.locator("article a[href*='glossary/#']")
    assert links.count() >= 5
    measured = 0
    for i in range(links.count()):
        link = links.nth(i)
        link.evaluate("e => e.scrollIntoView({block: 'center'})")
        link.hover()
        tip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
        tip.wait_for(state="visible")
        box = tip.evaluate(BOX)
        assert inside(box, width, height), f"tooltip of link {i} ({link.text_content()}) at {box}"
        measured += 1
        page.mouse.move(0, 0)
        page.locator(".md-tooltip2--active").wait_for(state="detached")
    shot(page, f"he-lead-tooltip-{width}")
    page.click(".md-header__option .md-select > button")
    menu = page.locator(".md-header__option .md-select__inner")
    menu.wait_for(state="visible")
    assert inside(menu.evaluate(BOX), width, height), "the language menu leaves the window"
    assert measured == links.count()


def test_hebrew_has_no_synthetic_italics_and_a_mirrored_search_field(page, base_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/he/glossary/")
    styles = page.eval_on_selector_all(
        "article em, article i, article .concept-note",
        "els => els.map(e => [getComputedStyle(e).fontStyle, getComputedStyle(e).fontSynthesis])",
    )
    assert styles and all(style == "normal" for style, _ in styles), styles
    page.goto(f"{base_url}/he/search/")
    page.wait_for_selector(".pagefind-ui__search-input")
    icon = page.evaluate("getComputedStyle(document.querySelector('.pagefind-ui__form'), '::before').right")
    field = page.eval_on_selector(".pagefind-ui__search-input", BOX)
    assert icon != "auto" and float(icon.removesuffix("px")) < (field[2] - field[0]) / 2, icon


def answer_by_keyboard(page, choice_index: int) -> None:  # type: ignore[no-untyped-def]
    """Tab to the stage radios, pick one with Space and arrows, Tab to the button, Enter."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "stage":
            break
    else:
        pytest.fail("Tab never reached the stage choices")
    page.keyboard.press("Space")
    for _ in range(choice_index):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('quiz-action')")
    page.keyboard.press("Enter")


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("all_right", [True, False])
def test_a_whole_quiz_by_keyboard_only(page, base_url, lang, all_right) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/{lang}/quiz/")
    data = widget_data(page)
    stages = [s["id"] for s in data["rules"]["stages"]]
    label = {s["id"]: s["label"] for s in data["rules"]["stages"]}
    by_id = {s["id"]: s for s in data["scenarios"]}
    order = quiz_state(page)["order"]
    assert len(order) == 12 and len(set(order)) == 12
    right = 0
    for number, sid in enumerate(order, 1):
        progress = page.text_content(".quiz-progress")
        assert data["ui"]["question"].replace("%(num)d", str(number)).replace("%(total)d", "12") in progress
        assert page.text_content(".scenario-title") == by_id[sid]["title"]
        correct = stages.index(by_id[sid]["stage"])
        wrong_pick = number % 3 == 0 and not all_right
        pick = (correct + 1) % len(stages) if wrong_pick else correct
        answer_by_keyboard(page, pick)
        head = page.text_content(".verdict-head")
        assert (data["ui"]["right"] if not wrong_pick else data["ui"]["wrong"]) in head
        assert label[by_id[sid]["stage"]] in head
        assert page.text_content(".quiz-feedback") == head  # announced through aria-live
        assert page.text_content(".explanation") == by_id[sid]["explanation"]
        right += not wrong_pick
        if number in (1, 3):
            shot(page, f"{lang}-quiz-feedback-{'right' if not wrong_pick else 'wrong'}")
        page.keyboard.press("Enter")  # focus is on "Next question" / "See my results"
    score = page.text_content(".quiz-score")
    assert data["score"][right] in score and f"({right}/12)" in score
    review = page.locator(".review li").count()
    assert review == 12 - right
    shot(page, f"{lang}-quiz-summary-{'all-right' if all_right else 'some-wrong'}")
    assert_stayed_local(page, base_url)


def test_progress_survives_a_reload_and_a_switch_of_language(page, base_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/en/quiz/")
    for _ in range(2):
        answer_by_keyboard(page, 0)
        page.keyboard.press("Enter")
    state = quiz_state(page)
    assert state["index"] == 2
    current = state["order"][2]
    page.reload()
    assert quiz_state(page)["index"] == 2
    assert "3" in page.text_content(".quiz-progress")
    page.goto(f"{base_url}/he/quiz/")
    titles = {s["id"]: s["title"] for s in widget_data(page)["scenarios"]}
    assert page.text_content(".scenario-title") == titles[current]
    shot(page, "he-quiz-after-language-switch")


def test_a_new_round_size_mid_round_is_asked_first_and_hints_are_shown_once(page, base_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/he/quiz/")
    ui = widget_data(page)["ui"]
    page.click(".quiz-action")  # nothing picked yet: a visible hint, once
    assert page.locator(".quiz-hint").inner_text() == ui["choose_first"]
    box = page.locator(".quiz-feedback").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1  # for screen readers only
    answer(page, right=True)
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.select_option("#quiz-count", "5")
    assert asked == [ui["restart"]]
    state = quiz_state(page)
    assert (state["count"], state["index"], len(state["answers"])) == ("12", 1, 1)
    assert page.input_value("#quiz-count") == "12"
    page.once("dialog", lambda dialog: dialog.accept())
    page.select_option("#quiz-count", "5")
    state = quiz_state(page)
    assert (state["count"], state["index"], state["answers"], len(state["order"])) == ("5", 0, {}, 5)
    page.locator("input[id^=stage-]").first.check()
    page.click(".quiz-action")
    link = page.locator(".reason a").first  # "What is this?": a plain link, no section rule above it
    assert link.evaluate("a => getComputedStyle(a).borderTopWidth") == "0px"
    assert page.locator(".reasons li").first.evaluate("li => getComputedStyle(li).listStyleType") == "none"
    assert not page.locator(".quiz-hint").is_visible()  # empty once answered: no gap
    shot(page, "he-quiz-after-new-round-size")


@pytest.mark.parametrize("lang", LOCALES)
def test_checker_walks_a_prospect_from_contact_to_lead_to_opportunity(page, base_url, lang) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/{lang}/checker/")
    data = widget_data(page)
    label = {s["id"]: s["label"] for s in data["rules"]["stages"]}
    result = page.locator(".checker-result")
    assert label["contact"] in result.text_content()
    for criterion in ("need", "budget", "timing"):
        page.check(f"#fact-{criterion}-yes")
    assert label["lead"] in page.text_content(".checker-stage")
    assert label["opportunity"] in result.text_content()  # what the next stage still needs
    shot(page, f"{lang}-checker-lead")
    for criterion in ("relationship", "requirements", "terms"):
        page.check(f"#fact-{criterion}-yes")
    assert label["opportunity"] in page.text_content(".checker-stage")
    page.reload()
    assert label["opportunity"] in page.text_content(".checker-stage"), "answers were not kept"
    shot(page, f"{lang}-checker-opportunity")


def in_viewport(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(
        page.eval_on_selector(
            selector,
            """e => { const r = e.getBoundingClientRect();
                     return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
                            && r.bottom <= innerHeight && r.right <= innerWidth; }""",
        )
    )


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize(("width", "verdict"), [(1280, ".checker-stage"), (360, ".checker-bar-stage")])
def test_checker_verdict_stays_in_view_while_answering(page, base_url, lang, width, verdict) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{base_url}/{lang}/checker/")
    label = {s["id"]: s["label"] for s in widget_data(page)["rules"]["stages"]}
    last = page.locator(".criterion").last
    last.scroll_into_view_if_needed()
    for criterion in ("need", "budget", "timing"):  # answered far down the form, one by one
        page.locator(f"#fact-{criterion}-yes").scroll_into_view_if_needed()
        page.click(f"label[for=fact-{criterion}-yes]")
        assert in_viewport(page, verdict), f"the verdict is out of view after answering {criterion}"
    assert label["lead"] in page.text_content(verdict)
    assert page.text_content('.stage-step[aria-current="step"]') == label["lead"]
    assert page.locator(".stage-step[aria-current]").count() == 1
    if width == 360:
        assert label["opportunity"] in page.text_content(".checker-bar")  # what the next stage needs
    shot(page, f"{lang}-checker-in-view-{width}")


def test_browser_and_python_engines_agree_on_every_combination(page, base_url) -> None:  # type: ignore[no-untyped-def]
    rules = load_rules(Project(ROOT).rules)
    ids = rules.criterion_ids
    combos = [
        dict(zip(ids, values, strict=True))
        for values in itertools.product((True, False, None), repeat=len(ids))
    ]
    page.goto(f"{base_url}/en/checker/")
    browser_results = page.evaluate(
        """([ids]) => {
            const d = window.glossaryWidgets.data.rules, out = [], vals = [true, false, null];
            const n = ids.length, total = Math.pow(3, n);
            for (let k = 0; k < total; k++) {
                const facts = {};
                for (let i = 0, r = k; i < n; i++) { facts[ids[n - 1 - i]] = vals[r % 3]; r = Math.floor(r / 3); }
                const v = window.glossaryWidgets.classify(d, facts);
                out.push([v.stage, v.route, v.needs, v.signals, v.possible.map(p => [p.stage, p.route, p.unknown]),
                          v.next_stage, ids.map(c => v.criteria[c]),
                          v.likely && [v.likely.stage, v.likely.route, v.likely.unknown]]);
            }
            return JSON.stringify(out);
        }""",
        [list(ids)],
    )
    got = json.loads(browser_results)
    assert len(got) == len(combos) == 3 ** len(ids)
    for facts, js in zip(combos, got, strict=True):
        v = classify(facts, rules)
        py = [
            v.stage,
            v.route,
            list(v.needs),
            list(v.signals),
            [[p.stage, p.route, list(p.unknown)] for p in v.possible],
            v.next_stage,
            [v.criteria[c] for c in ids],
            [v.likely.stage, v.likely.route, list(v.likely.unknown)] if v.likely else None,
        ]
        assert js == py, f"engines disagree on {facts}"


def axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [v for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("lang", LOCALES)
def test_quiz_and_checker_have_no_serious_accessibility_violations(page, base_url, lang) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/{lang}/quiz/")
    answer_by_keyboard(page, 1)  # include the feedback state
    bad = axe_violations(page)
    page.goto(f"{base_url}/{lang}/checker/")
    page.check("#fact-need-yes")
    bad += axe_violations(page)
    assert not bad, json.dumps(
        [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in bad], ensure_ascii=False
    )


PAGE_TYPES = ("", "lead/", "glossary/", "quiz/", "checker/", "search/", "404.html")


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_type_has_no_serious_accessibility_violations(page, base_url, lang, width, scheme) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)  # the palette follows the system until toggled
    bad = []
    for name in PAGE_TYPES:
        page.goto(f"{base_url}/{lang}/{name}")
        shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == ("slate" if scheme == "dark" else "default"), (name, shown)
        bad += [(name, v["id"], v["nodes"][0]["target"]) for v in axe_violations(page)]
    page.goto(f"{base_url}/{lang}/")
    page.click(".md-header__option .md-select > button")  # the language menu, open
    # Material fades the menu in (0.25 s): axe judges contrast only once it is fully shown.
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.md-header__option .md-select__inner')).opacity === '1'"
    )
    bad += [("language menu", v["id"], v["nodes"][0]["target"]) for v in axe_violations(page)]
    assert not bad, json.dumps(bad, ensure_ascii=False)


@pytest.mark.parametrize("lang", LOCALES)
def test_glossary_tables_fit_a_phone_and_links_in_text_are_underlined(page, base_url, lang) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{base_url}/{lang}/glossary/")
    widths = page.eval_on_selector_all("table.terms", "els => els.map(e => [e.scrollWidth, e.clientWidth])")
    assert widths and all(scroll <= client for scroll, client in widths), widths
    page.goto(f"{base_url}/{lang}/lead/")
    lines = page.eval_on_selector_all(
        "article p a", "els => els.map(e => getComputedStyle(e).textDecorationLine)"
    )
    assert lines and all(line == "underline" for line in lines), lines


@pytest.mark.parametrize("lang", LOCALES)
def test_widget_targets_are_at_least_24_px(page, base_url, lang) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 360, "height": 800})
    for name in ("quiz/", "checker/"):
        page.goto(f"{base_url}/{lang}/{name}")
        sizes = page.eval_on_selector_all(
            ".glossary-widget input, .glossary-widget button, .glossary-widget select",
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
        )
        assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes


NOT_FOUND = {"en": "Page not found", "es": "Página no encontrada", "he": "הדף לא נמצא"}


def check_not_found_page(page, base: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    """A missing address under a locale ends on that locale's 404: its language, styled, ways on."""
    page.goto(f"{base}/{lang}/no-such-page/or-deeper/")
    page.wait_for_url(f"{base}/{lang}/404.html")
    assert page.text_content("article h1") == NOT_FOUND[lang]
    assert page.evaluate("document.documentElement.lang") == lang
    header = page.eval_on_selector(".md-header", "e => getComputedStyle(e).position")
    assert header in ("sticky", "fixed"), "the 404 page is unstyled"
    hrefs = page.eval_on_selector_all(".not-found-ways a", "els => els.map(e => e.href)")
    assert [h.removeprefix(f"{base}/{lang}/") for h in hrefs] == ["", "glossary/", "search/"]
    for href in hrefs:
        assert page.request.get(href).status == 200, href


@pytest.mark.parametrize("lang", LOCALES)
def test_a_missing_page_gets_its_locales_not_found_page(page, site_dir, lang) -> None:  # type: ignore[no-untyped-def]
    with hosted(site_dir, "/") as base:
        check_not_found_page(page, base, lang)
        shot(page, f"{lang}-404")


TOGGLE = {"en": "Switch to dark mode", "es": "Cambiar al modo oscuro", "he": "מעבר למצב כהה"}


@pytest.mark.parametrize("lang", LOCALES)
def test_palette_toggle_switches_light_and_dark_and_is_remembered(page, base_url, lang) -> None:  # type: ignore[no-untyped-def]
    page.emulate_media(color_scheme="light")
    page.goto(f"{base_url}/{lang}/glossary/")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    toggle = page.locator(f'label[title="{TOGGLE[lang]}"]')
    assert toggle.count() == 1, "no translated palette toggle"
    toggle.click()
    assert page.evaluate(scheme) == "slate"
    shot(page, f"{lang}-glossary-dark")
    page.goto(f"{base_url}/{lang}/lead/")
    assert page.evaluate(scheme) == "slate", "the choice was not kept"


@pytest.mark.parametrize("lang", LOCALES)
def test_glossary_table_of_contents_lists_every_concept(page, base_url, project, lang) -> None:  # type: ignore[no-untyped-def]
    from glossary.termbase import load_termbase

    page.goto(f"{base_url}/{lang}/glossary/")
    hrefs = page.eval_on_selector_all(
        ".md-sidebar--secondary .md-nav__link", "els => els.map(e => e.getAttribute('href'))"
    )
    wanted = {f"#{c.id}-title" for c in load_termbase(project.termbase)}
    assert wanted <= set(hrefs), sorted(wanted - set(hrefs))


@pytest.mark.parametrize("lang", LOCALES)
def test_every_request_a_page_makes_succeeds_and_alternates_are_one_set(page, base_url, lang) -> None:  # type: ignore[no-untyped-def]
    failed = failed_requests(page)
    for name in PAGE_TYPES[:-1]:
        page.goto(f"{base_url}/{lang}/{name}")
        page.wait_for_load_state("networkidle")
        alternates = page.eval_on_selector_all(
            'link[rel="alternate"]', "els => els.map(e => [e.hreflang, e.href])"
        )
        expected = [[code, f"{base_url}/{code}/{name}"] for code in LOCALES] + [
            ["x-default", f"{base_url}/en/{name}"]
        ]
        assert alternates == expected, alternates
        page.hover(".md-header__option .md-select > button")  # the language menu, as a reader opens it
        page.wait_for_load_state("networkidle")
    assert not failed, failed
    assert_stayed_local(page, base_url)


def test_the_site_works_under_a_sub_path(page, site_dir) -> None:  # type: ignore[no-untyped-def]
    """Deployed at /some/sub/path/: every page, the language switcher, search and each 404."""
    failed = failed_requests(page)
    pages = sorted(
        p.parent.relative_to(site_dir / "en").as_posix() for p in (site_dir / "en").rglob("index.html")
    )
    with hosted(site_dir, "/some/sub/path/") as base:
        page.goto(f"{base}/")
        page.wait_for_url(f"{base}/en/")
        for lang in LOCALES:
            for rel in pages:
                name = "" if rel == "." else f"{rel}/"
                page.goto(f"{base}/{lang}/{name}")
                assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") == "sticky"
                switcher = page.eval_on_selector_all(
                    ".md-select__link", "els => els.map(e => [e.hreflang, e.href])"
                )
                assert switcher == [[code, f"{base}/{code}/{name}"] for code in LOCALES]
                page.wait_for_load_state("networkidle")
            failed_before_404 = list(failed)
            check_not_found_page(page, base, lang)
            failed[:] = failed_before_404  # the missing address itself answers 404, as it should
        page.goto(f"{base}/he/lead/")
        assert f"{base}/he/lead/" in header_search(page, "ללידים")
        page.goto(f"{base}/he/search/?q=ליד")
        page.wait_for_selector('.pagefind-ui__result-link[href="/some/sub/path/he/lead/"]', timeout=15000)
        shot(page, "he-search-under-sub-path")
    assert not failed, failed
    assert_stayed_local(page, base.split("/some/")[0])


def header_search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type a query into the header search as a reader does (`/` first); the results' links."""
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "glossary-search-input"
    page.keyboard.press("Control+A")
    page.keyboard.type(query)
    page.wait_for_function(
        """q => { const s = document.querySelector('.glossary-search__status');
                  return s && !document.querySelector('.glossary-search__results').hidden
                         && document.querySelector('#glossary-search-input').value === q; }""",
        arg=query,
    )
    return list(page.eval_on_selector_all(".glossary-search__result", "els => els.map(e => e.href)"))


@pytest.mark.parametrize("width", [1280, 360])
def test_header_search_finds_hebrew_words_with_prefixes_and_plurals(page, base_url, width) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{base_url}/he/glossary/")
    forms = {"ליד": ["ללידים", "הלידים", "לידים", "והליד"], "הזדמנות": ["והזדמנות", "הזדמנויות", "בהזדמנות"]}
    for bare, variants in forms.items():
        wanted = header_search(page, bare)
        assert any(url.endswith("/he/lead/") for url in wanted) or bare != "ליד", wanted
        assert len(wanted) >= 3, wanted
        for variant in variants:
            assert header_search(page, variant) == wanted, variant
        box = page.eval_on_selector(".glossary-search__results", BOX)
        assert inside(box, width, 800), f"search results at {box}"
    shot(page, f"he-header-search-{width}")


def test_header_search_spanish_plurals_and_quiz_scenarios(page, base_url, project) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/es/")
    assert header_search(page, "oportunidades") == header_search(page, "oportunidad")
    assert header_search(page, "prospectos") == header_search(page, "prospecto")
    data_page = page.context.new_page()
    data_page.goto(f"{base_url}/es/quiz/")
    scenario = widget_data(data_page)["scenarios"][0]
    data_page.close()
    found = header_search(page, scenario["title"])
    assert f"{base_url}/es/quiz/#{scenario['id']}" in found, found
    page.click(f".glossary-search__result[href$='#{scenario['id']}']")
    page.wait_for_selector(".scenario-title")
    assert page.text_content(".scenario-title") == scenario["title"]


def test_artifacts_folder_is_where_screenshots_go() -> None:
    # The screenshots above are for people to look at; this just says where they are.
    assert (ROOT / "test-artifacts").is_dir() or not list(Path(ROOT).glob("test-artifacts/*.png"))
