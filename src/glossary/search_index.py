"""The header search's index of one locale: its pages' sections and the quiz's scenarios.

Written next to the locale's pages as search.json; the browser (assets/header-search.js)
stems its words and the visitor's query the same way, so a Hebrew word with prefix letters
or in the plural finds what the bare word finds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from glossary.extras import require

Entries = list[dict[str, Any]]
Reader = Callable[[bytes, str], Entries]  # a page's bytes and URL -> its entries
Known = dict[tuple[bytes, str, str], Entries]  # (page digest, URL, reader) -> entries


def _read(markup: bytes, url: str, read: Reader) -> Entries:
    return read(markup, url)


@cache
def _select(css: str) -> Any:
    """A compiled CSS selector: compiling one costs more than running it on a page."""
    from lxml.cssselect import CSSSelector

    return CSSSelector(css, translator="html")  # as HtmlElement.cssselect compiles it


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def page_entries(site_dir: Path, remember: Callable[[bytes, str, Reader], Entries] = _read) -> Entries:
    """One entry per page section (its heading and the text up to the next heading)."""
    entries = []
    for index in sorted(site_dir.rglob("index.html")):
        rel = index.parent.relative_to(site_dir).as_posix()
        url = "" if rel == "." else rel + "/"
        if url != "search/":
            entries += remember(index.read_bytes(), url, _sections)
    return entries


def _sections(markup: bytes, url: str) -> Entries:
    from lxml import html as lxml_html

    root = lxml_html.fromstring(markup)
    article = next(iter(_select("article.md-content__inner")(root)), None)
    if article is None:
        return []
    for junk in _select(".headerlink, script, style, svg, .glossary-index")(article):
        junk.drop_tree()
    h1 = next(iter(_select("h1")(article)), None)
    page_title = _text(h1) if h1 is not None else ""
    current: dict[str, Any] = {"url": url, "page": page_title, "title": page_title, "text": []}
    sections = [current]
    for element in article.iter("h2", "p", "li", "td", "th", "dd", "figcaption"):
        if element.tag == "h2":
            anchor = element.get("id") or ""
            current = {
                "url": f"{url}#{anchor}" if anchor else url,
                "page": page_title,
                "title": _text(element),
                "text": [],
            }
            sections.append(current)
        elif next(element.iterancestors("li", "td", "th"), None) is None:
            current["text"].append(_text(element))
    entries = []
    for section in sections:
        text = " ".join(t for t in section["text"] if t)
        if text or section["title"]:
            entries.append({**section, "text": text})
    return entries


def scenario_entries(site_dir: Path, remember: Callable[[bytes, str, Reader], Entries] = _read) -> Entries:
    """The quiz's scenarios, each found by its words and opened in the quiz."""
    quiz = site_dir / "quiz" / "index.html"
    if not quiz.is_file():
        return []
    return remember(quiz.read_bytes(), "quiz/", _scenarios)


def _scenarios(markup: bytes, url: str) -> Entries:
    from lxml import html as lxml_html

    root = lxml_html.fromstring(markup)
    for junk in _select(".headerlink")(root):
        junk.drop_tree()
    island = root.get_element_by_id("glossary-data", None)
    if island is None:
        return []
    data = json.loads(island.text_content())
    h1 = next(iter(_select("article h1")(root)), None)
    page = _text(h1) if h1 is not None else ""
    return [
        {"url": f"{url}#{s['id']}", "page": page, "title": s["title"], "text": s["narrative"]}
        for s in data.get("scenarios", [])
    ]


def write_search_index(site_dir: Path, known: Known | None = None) -> None:
    """site_dir/search.json. With known (glossary.reload keeps it between rebuilds), a page
    whose bytes were read before is not read again."""
    require("site", "lxml", "cssselect")
    remember = _read
    used: Known = {}
    if known is not None:

        def remember(markup: bytes, url: str, read: Reader) -> Entries:
            key = (hashlib.blake2b(markup, digest_size=16).digest(), url, read.__name__)
            used[key] = known[key] if key in known else read(markup, url)
            return used[key]

    entries = page_entries(site_dir, remember) + scenario_entries(site_dir, remember)
    if known is not None:  # only this site's pages, as they are now
        known.clear()
        known.update(used)
    (site_dir / "search.json").write_text(
        json.dumps(entries, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
