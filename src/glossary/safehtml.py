"""What in a rendered page could run script: the last check before a page is published.

Translations are checked as Markdown before the build (glossary.localize), but the site is
rendered by Python-Markdown and Material's templates, which read some things differently.
So every built page is read as the browser reads it (entities decoded, the characters a
browser ignores in a URL dropped) and refused if it has an event-handler attribute, a link
or source with a script scheme, or an element that embeds or redirects.
"""

from __future__ import annotations

import html
import re
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


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Unsafe] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in EMBEDDING:
            self.found.append(Unsafe(line, f"element <{tag}>", tag))
        # A form that sends its fields elsewhere; one without action (the theme's colour
        # toggle, the header search) submits nowhere but the page itself.
        if tag == "form" and any(k == "action" for k, _ in attrs):
            self.found.append(Unsafe(line, "element <form action>", tag))
        if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh" for k, v in attrs):
            self.found.append(Unsafe(line, "element <meta http-equiv=refresh>", tag))
        for name, value in attrs:
            if name == "title" and value and "<" in value:
                self.found.append(Unsafe(line, f"title of <{tag}> (Material shows titles as HTML)", value))
            if name.startswith("on"):
                self.found.append(Unsafe(line, f"attribute {name} on <{tag}>", value or ""))
            elif name in URL_ATTRIBUTES and value and script_url(value):
                self.found.append(Unsafe(line, f"{name} of <{tag}>", value))

    handle_startendtag = handle_starttag


def unsafe(page: str) -> list[Unsafe]:
    """Everything in an HTML page that could run script, in page order."""
    scan = _Scan()
    scan.feed(page)
    scan.close()
    return scan.found


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
