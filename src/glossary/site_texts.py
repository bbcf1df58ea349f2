"""The interface texts of the site's own templates (404 page, header search, colour toggle).

They reach the theme templates through the generated mkdocs.yml, as `config.extra.ui`.
"""

from __future__ import annotations

import gettext


def site_strings(tr: gettext.NullTranslations) -> dict[str, str]:
    _ = tr.gettext
    return {
        "not_found": _("Page not found"),
        "not_found_text": _(
            "There is no page at this address. The link may be mistyped, or the page may have moved."
        ),
        "not_found_ways": _("Where to go from here"),
        "home": _("Home page"),
        "glossary": _("Glossary"),
        "search": _("Search"),
    }
