"""The interface texts of the site's own templates (404 page, header search, colour toggle).

They reach the theme templates through the generated mkdocs.yml, as `config.extra.ui`.
"""

from __future__ import annotations

import gettext
import html
from typing import Any


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


def _attribute(text: str) -> str:
    """A translation escaped for an HTML attribute: Material prints the toggle's name unescaped."""
    return html.escape(text, quote=True)


def palette(settings: dict[str, Any], tr: gettext.NullTranslations) -> list[dict[str, Any]]:
    """Material's palette as a light and a dark scheme with a toggle, its names translated.

    A single palette in mkdocs.yml (or none) gets its dark twin, following the visitor's system
    setting until they toggle; a list of schemes is kept as written, its toggle names translated.
    """
    theme = settings.get("theme") if isinstance(settings.get("theme"), dict) else {}
    given = theme.get("palette") if isinstance(theme, dict) else None
    if isinstance(given, list) and given:
        out = []
        for scheme in given:
            scheme = dict(scheme) if isinstance(scheme, dict) else {}
            toggle = scheme.get("toggle")
            if isinstance(toggle, dict) and toggle.get("name"):
                scheme["toggle"] = {**toggle, "name": _attribute(tr.gettext(str(toggle["name"])))}
            out.append(scheme)
        return out
    colours = (
        {k: v for k, v in (given or {}).items() if k in ("primary", "accent")}
        if isinstance(given, dict)
        else {}
    )
    return [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            **colours,
            "toggle": {
                "icon": "material/weather-night",
                "name": _attribute(tr.gettext("Switch to dark mode")),
            },
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            **colours,
            "toggle": {
                "icon": "material/weather-sunny",
                "name": _attribute(tr.gettext("Switch to light mode")),
            },
        },
    ]
