"""Language codes, checked against CLDR (Babel): direction, names and plural rules come from there."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale, UnknownLocaleError

SOURCE_LANGUAGE = "en"

_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?$")


@cache
def locale(code: str) -> Locale:
    """The CLDR locale for a code such as `he` or `pt_BR`; ValueError if CLDR does not know it."""
    if not isinstance(code, str) or not _CODE.match(code):
        raise ValueError(f"{code!r} is not a locale code; use a code like 'es', 'he' or 'pt_BR'")
    try:
        loc = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"{code!r} is not a locale CLDR knows; use a code like 'es' or 'he'") from None
    if str(loc) != code:
        raise ValueError(f"{code!r} is not a locale CLDR knows; did you mean {str(loc)!r}?")
    return loc


def is_rtl(code: str) -> bool:
    """True for right-to-left languages, from CLDR's character order."""
    return locale(code).character_order == "right-to-left"


def direction(code: str) -> str:
    return "rtl" if is_rtl(code) else "ltr"


def native_name(code: str) -> str:
    """The language's own name for itself, capitalised as in a menu."""
    name = locale(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]
