"""What in a rendered page could run script: the last check before a page is published.

Translations are checked as Markdown before the build (glossary.localize), but the site is
rendered by Python-Markdown and Material's templates, which read some things differently.
So every built page is read as the browser reads it (entities decoded, the characters a
browser ignores in a URL dropped) and refused if it has an event-handler attribute, a link
or source with a script scheme, or an element that embeds or redirects.

A page in the strict form MkDocs and Material write is read with one regular expression,
which is several times faster than html.parser; any other page is read by html.parser. Both
ways find the same things at the same lines (tests/test_safehtml.py).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
EMBEDDING = {"iframe", "frame", "object", "embed", "base", "applet"}
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_TITLE = re.compile(r'(\stitle=")([^"]*)(")')


@dataclass(frozen=True)
class Unsafe:
    line: int
    what: str  # e.g. "attribute onerror on <img>"
    value: str  # the attribute's value, or the element's name


def script_url(url: str) -> bool:
    """True if a browser would run or embed the URL as script (javascript:, data:, ...)."""
    cleaned = _IGNORED_IN_URLS.sub("", url).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
        "\x1c\x1d\x1e\x1f \x7f"
    )
    return cleaned.lower().startswith(SCRIPT_SCHEMES)


def _check(line: int, tag: str, attrs: list[tuple[str, str | None]], found: list[Unsafe]) -> None:
    """Add to found what in one start tag could run script."""
    if tag in EMBEDDING:
        found.append(Unsafe(line, f"element <{tag}>", tag))
    # A form that sends its fields elsewhere; one without action (the theme's colour
    # toggle, the header search) submits nowhere but the page itself.
    if tag == "form" and any(k == "action" for k, _ in attrs):
        found.append(Unsafe(line, "element <form action>", tag))
    if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh" for k, v in attrs):
        found.append(Unsafe(line, "element <meta http-equiv=refresh>", tag))
    for name, value in attrs:
        if name == "title" and value and "<" in value:
            found.append(Unsafe(line, f"title of <{tag}> (Material shows titles as HTML)", value))
        if name.startswith("on"):
            found.append(Unsafe(line, f"attribute {name} on <{tag}>", value or ""))
        elif name in URL_ATTRIBUTES and value and script_url(value):
            found.append(Unsafe(line, f"{name} of <{tag}>", value))


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Unsafe] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        _check(self.getpos()[0], tag, attrs, self.found)

    handle_startendtag = handle_starttag


def _parsed(page: str) -> list[Unsafe]:
    """What unsafe() finds, with html.parser reading the page."""
    scan = _Scan()
    scan.feed(page)
    scan.close()
    return scan.found


def _names(names: Iterable[str]) -> str:
    return "(?i:" + "|".join(re.escape(name) for name in sorted(names)) + ")"


# Elements whose content is text up to their end tag. A script's may hold '<' but not '</'
# or '<!' (where parsers differ); the others' no '<' at all, as versions of html.parser
# differ on which of them hold markup. Plaintext never ends.
_RAW_TEXT = {
    "script": re.compile(r"(?:[^<]|<(?![/!]))*</script>", re.IGNORECASE),
    "plaintext": re.compile("(?!)"),
    **{
        tag: re.compile(f"[^<]*</{tag}>", re.IGNORECASE)
        for tag in ("style", "title", "textarea", "xmp", "iframe", "noembed", "noframes")
    },
}
_NAME = r"[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_ATTRIBUTE = re.compile(rf'({_NAME})(="[^"]*")?')
# An attribute _check passes whatever its tag: not an event handler, action or http-equiv;
# a title with no '<' or '&'; a URL that no browser reads as a script scheme (http(s), or
# with no ':' and no '&' that could make one).
_PASSING_ATTRIBUTE = rf"""
    (?!(?i:on)|{_names({"action", "http-equiv", "title", *URL_ATTRIBUTES})}(?![-a-zA-Z0-9_:.]))
      {_NAME}(?:="[^"]*")?
    | (?i:title)="[^"<&]*"
    | {_names(URL_ATTRIBUTES - {"action"})}="(?:https?://[^"]*|[^"&:]*)"
"""
# The strict form: the pieces MkDocs and Material write, which html.parser (of every
# Python version) and browsers read the same way. Anything else in a page (an unquoted or
# single-quoted value, a '<' in text, CDATA, a processing instruction, a tag left open,
# a NUL, ...) sends the whole page to html.parser.
_NEXT_TAG = re.compile(
    rf"""
    (?:
      [^<]+                                 # text
      | <!--(?!-?>)(?:[^-]|-(?!-))*-->      # a comment with no -- inside
      | <!(?i:doctype\ html)>
      | </[a-zA-Z][a-zA-Z0-9-]*>            # an end tag
      | <(?!{_names(EMBEDDING | _RAW_TEXT.keys())}(?![a-zA-Z0-9-]))   # a start tag _check passes
        [a-zA-Z][a-zA-Z0-9-]*(?:[ \t\n\r\f]+(?:{_PASSING_ATTRIBUTE}))*[ \t\n\r\f]*/?>
    )*+
    (?:
      <(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)       # any other start tag: name="value" or bare name
      (?P<attributes>(?:[ \t\n\r\f]+{_NAME}(?:="[^"]*")?)*)
      [ \t\n\r\f]*(?P<empty>/?)>
      | \Z
    )
    """,
    re.VERBOSE,
)


def _strict(page: str) -> list[Unsafe] | None:
    """What unsafe() finds in a page in the strict form; None for any other page."""
    if "\x00" in page:
        return None
    found: list[Unsafe] = []
    pos = seen = 0
    line = 1
    while True:
        piece = _NEXT_TAG.match(page, pos)
        if piece is None:
            return None
        if piece["tag"] is None:
            return found
        start = piece.start("tag") - 1
        line += page.count("\n", seen, start)
        seen = start
        tag = piece["tag"].lower()
        attrs = [  # as html.parser reads them (a newer one decodes fewer references, never more)
            (name.lower(), html.unescape(quoted[2:-1]) if quoted else None)
            for name, quoted in _ATTRIBUTE.findall(piece["attributes"])
        ]
        _check(line, tag, attrs, found)
        pos = piece.end()
        if tag in _RAW_TEXT:
            text = _RAW_TEXT[tag].match(page, pos)
            if text is None or piece["empty"]:
                return None
            pos = text.end()


def unsafe(page: str) -> list[Unsafe]:
    """Everything in an HTML page that could run script, in page order."""
    found = _strict(page)
    return _parsed(page) if found is None else found


def titles_as_text(page: str) -> str:
    """The page with every title attribute that holds markup escaped once more.

    Material's tooltips put an element's title into the page as HTML, so a title whose
    text has a `<` (a site name or a heading from a translation) would become an element.
    Escaped twice, the tooltip shows the text the translator wrote.
    """

    def escaped(match: re.Match[str]) -> str:
        value = match.group(2)
        if "<" not in html.unescape(value):
            return match.group(0)
        again = value.replace("&", "&amp;").replace("<", "&amp;lt;").replace(">", "&amp;gt;")
        return match.group(1) + again + match.group(3)

    return _TITLE.sub(escaped, page) if " title=" in page else page
