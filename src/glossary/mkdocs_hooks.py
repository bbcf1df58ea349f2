"""MkDocs hooks for the generated per-locale projects (listed under `hooks:` in their mkdocs.yml).

Every locale renders the same theme templates; a shared bytecode cache means Jinja compiles
them once per change of the theme instead of once per locale and build.

MkDocs finds a theme's static files by listing every file under the theme's folders and then
dropping dot folders, among others. Material keeps some 14,000 icons in `.icons/` (read only
by name, when a template includes one), so listing took longer than rendering the pages;
a listing that does not walk into dot folders finds the same static files.

The theme prints some settings and page metadata into HTML as they are (its templates are
not autoescaped), and those come from translators: the site name and description from
ui.po, a page's front matter title and description from pages.po. They are made HTML here,
once, as Markup, so a template that escapes them again (`| e`) leaves them as they are.
"""

from __future__ import annotations

import os
import re
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader
from markupsafe import Markup, escape


class _VisibleFiles(FileSystemLoader):
    """A theme loader whose listing skips dot folders, which MkDocs never copies anyway."""

    def list_templates(self) -> list[str]:
        found = set()
        for top in self.searchpath:
            for folder, subfolders, names in os.walk(top, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                rel = os.path.relpath(folder, top)
                for name in names:
                    found.add(name if rel == "." else f"{rel}/{name}".replace(os.path.sep, "/"))
        return sorted(found)


def _html(value: Any) -> Any:
    """Text as HTML (escaped), marked so the theme neither escapes it twice nor takes it as markup."""
    return value if not isinstance(value, str) or isinstance(value, Markup) else escape(value)


def on_config(config: Any) -> Any:
    config.site_name = _html(config.site_name)
    config.site_description = _html(config.site_description)
    theme = config.theme
    theme_env = theme.get_env

    def get_env() -> Environment:
        env: Environment = theme_env()
        env.loader = _VisibleFiles(theme.dirs)
        return env

    theme.get_env = get_env
    return config


def on_env(env: Environment, config: Any, files: Any) -> Environment:
    folder = os.environ.get("GLOSSARY_JINJA_CACHE")
    if folder:
        os.makedirs(folder, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(folder)
    return env


# The generated glossary's concept headings are HTML, which Markdown's table of contents
# does not see; they join the page's table of contents here, under its title.
_CONCEPT_HEADING = re.compile(r'<section class="concept"[^>]*>\s*<h2 id="([^"]+)">(.*?)</h2>', re.S)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    found = _CONCEPT_HEADING.findall(html)
    if found and page.toc is not None:
        from mkdocs.structure.toc import AnchorLink

        links = [AnchorLink(title, anchor, 2) for anchor, title in found]
        items = list(page.toc)
        if len(items) == 1 and items[0].level == 1:
            items[0].children.extend(links)
        else:
            page.toc.items.extend(links)
    return html


def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    """Without site_url, MkDocs links a 404 page from the server's root, which is wrong under
    any sub-path and for every locale: its links are made relative to its own folder instead
    (the site's root 404.html sends a visitor to <locale>/404.html first)."""
    if template_name == "404.html" and not config.site_url:
        context["base_url"] = "."
    return context


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    for key in ("title", "description"):
        if key in page.meta:
            page.meta[key] = _html(page.meta[key])
    return markdown


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    # A title taken from the page's heading is HTML already (MkDocs strips its tags, keeps its
    # entities), but Material prints it through `striptags`, which decodes the entities:
    # `&lt;/title&gt;` in a translated heading would close <title>. As metadata it is printed as is.
    if "title" not in page.meta and page.title and not page.is_homepage:
        page.meta["title"] = Markup(page.title)
    # A translated page's edit link goes to what translators edit (glossary.editlink).
    from glossary.editlink import edit_url

    page.edit_url = edit_url(page.edit_url, page.file.src_uri, config.extra.get("glossary") or {})
    return context
