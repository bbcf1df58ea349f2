"""Language codes, checked against CLDR (Babel): direction, names and plural rules come from there."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale, UnknownLocaleError

SOURCE_LANGUAGE = "en"

_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?(?:@[a-z]+)?$")

# gettext's locale modifiers (`sr@latin`, `ca@valencia`) as the CLDR script or variant they name.
MODIFIERS: dict[str, dict[str, str]] = {
    "latin": {"script": "Latn"},
    "cyrillic": {"script": "Cyrl"},
    "valencia": {"territory": "ES", "variant": "VALENCIA"},
}


@cache
def locale(code: str) -> Locale:
    """The CLDR locale for a code such as `he`, `pt_BR` or `sr@latin`; ValueError if CLDR does not know it."""
    if not isinstance(code, str) or not _CODE.match(code):
        raise ValueError(f"{code!r} is not a locale code; use a code like 'es', 'he', 'pt_BR' or 'sr@latin'")
    base, _, modifier = code.partition("@")
    if modifier and modifier not in MODIFIERS:
        known = ", ".join(f"@{m}" for m in MODIFIERS)
        raise ValueError(f"{code!r}: the modifier @{modifier} is not one glossary knows; use {known} or none")
    try:
        loc = Locale.parse(base)
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"{code!r} is not a locale CLDR knows; use a code like 'es' or 'he'") from None
    if str(loc) != base:
        raise ValueError(f"{code!r} is not a locale CLDR knows; did you mean {str(loc)!r}?")
    if modifier:
        parts = {"territory": loc.territory, "script": loc.script, "variant": loc.variant}
        for key, value in MODIFIERS[modifier].items():
            parts[key] = parts[key] if key == "territory" and parts[key] else value
        try:
            loc = Locale(loc.language, **parts)
        except UnknownLocaleError:
            raise ValueError(
                f"{code!r} is not a locale CLDR knows; try {base!r} without the modifier"
            ) from None
    return loc


def bcp47(code: str) -> str:
    """The language tag HTML and hreflang want: `sr@latin` -> `sr-Latn`, `pt_BR` -> `pt-BR`."""
    loc = locale(code)
    parts = [loc.language, loc.script, loc.territory, loc.variant.lower() if loc.variant else None]
    return "-".join(p for p in parts if p)


def is_rtl(code: str) -> bool:
    """True for right-to-left languages, from CLDR's character order."""
    return locale(code).character_order == "right-to-left"


def direction(code: str) -> str:
    return "rtl" if is_rtl(code) else "ltr"


def native_name(code: str) -> str:
    """The language's own name for itself, capitalised as in a menu."""
    loc = locale(code)
    name = loc.get_display_name(loc) or code
    return name[:1].upper() + name[1:]
