"""Plural-Forms headers: gettext's own per language, CLDR's, and whether one is self-consistent.

A header is judged by what it does, not by how it is spelled: its expression is evaluated for
n = 0..SAMPLE (with the C-expression evaluator of Python's gettext module), so two spellings
of one rule compare equal and the verdict does not depend on the Babel version installed.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from babel.messages.plurals import get_plural

SAMPLE = 200

# What gettext's msginit (0.21) writes for each language it knows; others get CLDR's rule.
GETTEXT = {
    "be": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "bg": "nplurals=2; plural=(n != 1);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "da": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "el": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "eo": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "et": "nplurals=2; plural=(n != 1);",
    "fi": "nplurals=2; plural=(n != 1);",
    "fo": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "he": "nplurals=2; plural=(n != 1);",
    "hr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "hu": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "ja": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "nb": "nplurals=2; plural=(n != 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "nn": "nplurals=2; plural=(n != 1);",
    "no": "nplurals=2; plural=(n != 1);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "pt": "nplurals=2; plural=(n != 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "sr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sv": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "vi": "nplurals=1; plural=0;",
}

_HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", re.DOTALL)


@dataclass(frozen=True)
class PluralForms:
    """A parsed Plural-Forms header: how many forms, and which form each n = 0..SAMPLE takes."""

    count: int
    expression: str
    forms: tuple[int, ...]

    def header(self) -> str:
        return f"nplurals={self.count}; plural={self.expression};"

    def same_rule(self, other: PluralForms) -> bool:
        """The same forms for every sampled n."""
        return self.count == other.count and self.forms == other.forms

    def unused(self) -> list[int]:
        return [form for form in range(self.count) if form not in self.forms]


def parse(header: str) -> PluralForms:
    """A Plural-Forms value read and evaluated; ValueError saying what is wrong with it."""
    match = _HEADER.match(header)
    if not match:
        raise ValueError("it needs the form 'nplurals=N; plural=EXPRESSION;'")
    count, expression = int(match[1]), match[2].strip()
    if count < 1:
        raise ValueError(f"nplurals={count}: a language has at least one form")
    rule = _compile(expression)
    forms = []
    for n in range(SAMPLE + 1):
        try:
            form = int(rule(n))
        except (ArithmeticError, RecursionError, ValueError) as exc:
            raise ValueError(f"the plural expression fails for n={n}: {exc}") from None
        if not 0 <= form < count:
            raise ValueError(f"the plural expression chooses form {form} for n={n}, but nplurals={count}")
        forms.append(form)
    return PluralForms(count, expression, tuple(forms))


def _compile(expression: str) -> Callable[[int], int]:
    if len(expression) > 1000:
        raise ValueError("the plural expression is longer than 1000 characters")
    try:
        rule: Callable[[int], int] = gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError):
        raise ValueError(f"the plural expression {expression!r} is not a valid C expression") from None
    return rule


@cache
def gettext_rule(lang: str) -> PluralForms | None:
    """The rule msginit writes for a language (pt_BR, then pt), or None if gettext has none."""
    header = GETTEXT.get(lang) or GETTEXT.get(lang.split("_")[0].split("@")[0])
    return parse(header) if header else None


@cache
def cldr_rule(lang: str) -> PluralForms | None:
    """CLDR's rule for a language as the installed Babel gives it, or None if it has none."""
    try:
        plural = get_plural(lang)
    except (ValueError, LookupError):
        return None
    try:
        return parse(f"nplurals={plural.num_plurals}; plural={plural.plural_expr};")
    except ValueError:
        return None


def for_new_catalog(lang: str) -> tuple[str, str]:
    """The Plural-Forms msginit would write, and a note when it is not gettext's own."""
    known = gettext_rule(lang)
    if known is not None:
        return known.header(), ""
    cldr = cldr_rule(lang)
    if cldr is not None:
        return cldr.header(), f"gettext has no plural rule for {lang!r}; Plural-Forms is CLDR's, from Babel"
    return (
        "nplurals=2; plural=(n != 1);",
        f"neither gettext nor CLDR has a plural rule for {lang!r}; check Plural-Forms",
    )
