"""Where a page's "edit this page" link points: the English page, or what translators edit.

MkDocs makes every page's edit link from `repo_url` and `edit_uri` (or `edit_uri_template`)
and the page's path under docs/. On a translated page that would send a translator to the
English Markdown; instead the link goes to

- the translation platform, when mkdocs.yml sets `extra.glossary.translate_url`, a URL in
  which `{locale}`, `{catalog}` and `{page}` are replaced (e.g. a Weblate component's
  translate page: `https://weblate.example.org/translate/glossary/{catalog}/{locale}/`);
- otherwise the locale's catalog in the same repository, in place of the page's path
  (`.../edit/main/docs/lead.md` -> `.../edit/main/locales/he/LC_MESSAGES/pages.po`);
- nowhere, when neither can be made (and on the pages the build generates).
"""

from __future__ import annotations

from typing import Any

from glossary.languages import SOURCE_LANGUAGE

CATALOG = "pages"  # the catalog that holds the pages' text


def edit_url(made: str | None, page: str, settings: dict[str, Any]) -> str | None:
    """The link for a page (`lead.md`) given the one MkDocs made and the build's extra.glossary."""
    lang = str(settings.get("locale") or SOURCE_LANGUAGE)
    if page in (settings.get("generated") or []):
        return None
    if lang == SOURCE_LANGUAGE:
        return made
    platform = settings.get("translate_url")
    if platform:
        fields = {"{locale}": lang, "{catalog}": CATALOG, "{page}": f"docs/{page}"}
        url = str(platform)
        for field, value in fields.items():
            url = url.replace(field, value)
        return url
    source = f"docs/{page}"
    if made and made.endswith(source):
        return made[: -len(source)] + f"locales/{lang}/LC_MESSAGES/{CATALOG}.po"
    return None
