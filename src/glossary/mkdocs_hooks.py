"""MkDocs hooks for the generated per-locale projects (listed under `hooks:` in their mkdocs.yml).

Every locale renders the same theme templates; a shared bytecode cache means Jinja compiles
them once per change of the theme instead of once per locale and build.

MkDocs finds a theme's static files by listing every file under the theme's folders and then
dropping dot folders, among others. Material keeps some 14,000 icons in `.icons/` (read only
by name, when a template includes one), so listing took longer than rendering the pages;
a listing that does not walk into dot folders finds the same static files.
"""

from __future__ import annotations

import os
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader


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


def on_config(config: Any) -> Any:
    theme = config.theme
    theme_env = theme.get_env

    def get_env() -> Environment:
        env: Environment = theme_env()
        env.loader = _VisibleFiles(theme.dirs)
        return env

    theme.get_env = get_env
    return config


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """A translated page's edit link goes to what translators edit (glossary.editlink)."""
    from glossary.editlink import edit_url

    page.edit_url = edit_url(page.edit_url, page.file.src_uri, config.extra.get("glossary") or {})
    return context


def on_env(env: Environment, config: Any, files: Any) -> Environment:
    folder = os.environ.get("GLOSSARY_JINJA_CACHE")
    if folder:
        os.makedirs(folder, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(folder)
    return env
