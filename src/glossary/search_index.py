"""The header search's index of one locale: its pages' sections and the quiz's scenarios.

Written next to the locale's pages as search.json; the browser (assets/header-search.js)
stems its words and the visitor's query the same way, so a Hebrew word with prefix letters
or in the plural finds what the bare word finds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from glossary.extras import require


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def page_entries(site_dir: Path) -> list[dict[str, Any]]:
    """One entry per page section (its heading and the text up to the next heading)."""
    from lxml import html as lxml_html

    entries = []
    for index in sorted(site_dir.rglob("index.html")):
        rel = index.parent.relative_to(site_dir).as_posix()
        url = "" if rel == "." else rel + "/"
        if url == "search/":
            continue
        root = lxml_html.fromstring(index.read_bytes())
        article = next(iter(root.cssselect("article.md-content__inner")), None)
        if article is None:
            continue
        for junk in article.cssselect(".headerlink, script, style, svg, .glossary-index"):
            junk.drop_tree()
        h1 = next(iter(article.cssselect("h1")), None)
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
            elif not any(parent.tag in ("li", "td", "th") for parent in element.iterancestors()):
                current["text"].append(_text(element))
        for section in sections:
            text = " ".join(t for t in section["text"] if t)
            if text or section["title"]:
                entries.append({**section, "text": text})
    return entries


def scenario_entries(site_dir: Path) -> list[dict[str, str]]:
    """The quiz's scenarios, each found by its words and opened in the quiz."""
    from lxml import html as lxml_html

    quiz = site_dir / "quiz" / "index.html"
    if not quiz.is_file():
        return []
    root = lxml_html.fromstring(quiz.read_bytes())
    for junk in root.cssselect(".headerlink"):
        junk.drop_tree()
    island = root.get_element_by_id("glossary-data", None)
    if island is None:
        return []
    data = json.loads(island.text_content())
    h1 = next(iter(root.cssselect("article h1")), None)
    page = _text(h1) if h1 is not None else ""
    return [
        {"url": f"quiz/#{s['id']}", "page": page, "title": s["title"], "text": s["narrative"]}
        for s in data.get("scenarios", [])
    ]


def write_search_index(site_dir: Path) -> None:
    require("site", "lxml", "cssselect")
    entries = page_entries(site_dir) + scenario_entries(site_dir)
    (site_dir / "search.json").write_text(
        json.dumps(entries, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
