"""Site rules: the built site, as a browser would load it (lxml, no network)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from glossary import languages
from glossary.checks.base import ERROR, Problem, rule
from glossary.errors import Location, display_path
from glossary.extras import require

if TYPE_CHECKING:  # lxml is loaded when a site is checked, not by every `glossary check`
    from lxml import etree

# Elements that make the browser fetch something as the page loads: (tag, attribute).
FETCHING = (
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("frame", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("source", "src"),
    ("track", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
)
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
}
LINKING = (("a", "href"), ("area", "href"), ("link", "href"), *FETCHING)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


@dataclass(frozen=True)
class Page:
    rel: str  # path inside the site, posix: "es/lead/index.html"
    path: str  # as reported
    root: etree._Element | None
    error: str = ""


@dataclass(frozen=True)
class Site:
    root: Path
    pages: tuple[Page, ...]
    files: frozenset[str]  # every file, relative posix paths
    locales: tuple[str, ...]  # top-level folders named by a locale code
    styles: tuple[tuple[str, str], ...] = ()  # (rel, text) of every CSS file
    ids: dict[str, set[str]] = field(default_factory=dict)  # rel -> ids and anchor names
    base: str = "/"  # the URL path the site is served under: "/sales/" for site_url https://host/sales/

    @property
    def source(self) -> str:
        return (
            languages.SOURCE_LANGUAGE
            if languages.SOURCE_LANGUAGE in self.locales
            else (self.locales or ("",))[0]
        )

    def locale_of(self, rel: str) -> str:
        top = rel.split("/", 1)[0]
        return top if "/" in rel and top in self.locales else ""


def load_site(folder: Path) -> Site:
    """Parse every HTML page of a built site; a page lxml cannot parse is kept with its error."""
    require("site", "lxml")  # lxml comes with the site extra, not with the linter
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    files = sorted(p for p in folder.rglob("*") if p.is_file())
    rels = [p.relative_to(folder).as_posix() for p in files]
    locales = tuple(
        sorted(
            d.name
            for d in folder.iterdir()
            if d.is_dir() and (d / "index.html").is_file() and _is_locale(d.name)
        )
    )
    pages = []
    ids: dict[str, set[str]] = {}
    styles = []
    for path, rel in zip(files, rels, strict=True):
        if path.suffix not in (".html", ".htm", ".css"):
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            pages.append(Page(rel, display_path(path), None, f"cannot read it: {exc.strerror}"))
            continue
        if path.suffix == ".css":
            styles.append((rel, data.decode("utf-8", errors="replace")))
            continue
        try:
            root = lxml_html.fromstring(data)
        except (ParserError, ValueError) as exc:
            pages.append(Page(rel, display_path(path), None, str(exc) or "empty page"))
            continue
        pages.append(Page(rel, display_path(path), root))
        ids[rel] = {
            str(v)
            for el in root.iter()
            if isinstance(el.tag, str)
            for v in (el.get("id"), el.get("name"))
            if v
        }
    return Site(folder, tuple(pages), frozenset(rels), locales, tuple(styles), ids, _base(pages))


def _base(pages: list[Page]) -> str:
    """The path a site built with a site_url is served under, read off a canonical link; else "/"."""
    for page in pages:
        if page.root is None:
            continue
        for link in page.root.iter("link"):
            if "canonical" not in (link.get("rel") or "").lower().split():
                continue
            path = urlsplit(link.get("href") or "").path
            folder = page.rel.removesuffix("index.html")
            if path.endswith("/" + folder) or path == folder:
                return path.removesuffix(folder) or "/"
    return "/"


def _is_locale(name: str) -> bool:
    try:
        languages.locale(name)
    except ValueError:
        return False
    return True


def _at(page: Page, element: etree._Element | None = None) -> Location:
    line = element.sourceline if element is not None and element.sourceline else 0
    return Location(page.path, line)


@rule("SIT001", "html-lang-dir", ERROR, "site")
def html_lang_dir(site: Site) -> Iterator[Problem]:
    """A page's `<html>` has no `lang` or `dir`, or they do not match its locale.

    ## What it does
    Checks the `<html>` element of every page: it must have `lang` and `dir`; in a locale's
    folder (`site/he/...`), `lang` must be that locale and `dir` its direction from CLDR
    (`rtl` for Hebrew). A page that cannot be parsed is reported too.

    ## Why it matters
    Screen readers pick their voice from `lang`, browsers pick fonts, hyphenation and
    quotes from it, and search engines the audience. Without `dir="rtl"` on `<html>`, a
    Hebrew page's scrollbars, form controls and punctuation sit on the wrong side.

    ## Example
    `site/he/lead/index.html` with `<html lang="he">` is reported; write
    `<html lang="he" dir="rtl">`.
    """
    for page in site.pages:
        if page.root is None:
            yield Problem(f"the page cannot be parsed: {page.error}", location=_at(page))
            continue
        html = page.root.getroottree().getroot()
        lang, direction = html.get("lang"), html.get("dir")
        where = _at(page, html)
        if not lang:
            yield Problem("<html> has no lang attribute", location=where)
        if not direction:
            yield Problem("<html> has no dir attribute", location=where)
        locale = site.locale_of(page.rel)
        if not locale:
            continue
        tag = languages.bcp47(locale)  # sr@latin's pages say lang="sr-Latn"
        if lang and lang.replace("_", "-").lower() != tag.lower():
            yield Problem(f"<html lang={lang!r}> in the {locale} site; write lang={tag!r}", location=where)
        want = languages.direction(locale)
        if direction and direction != want:
            yield Problem(
                f"<html dir={direction!r}> in the {locale} site; {locale} is written {want}", location=where
            )


def _target(page: Page, url: str, root: str = "/") -> tuple[str, str] | None:
    """The site file and fragment a local URL points to; None for other hosts and schemes.

    A path from the server's root is read against root, the path the site is served under;
    one outside it comes back whole, with its leading "/": no file of the site is named so.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page.rel, unquote(parts.fragment)
    if not path.startswith("/"):
        return _dot_segments(page.rel.split("/")[:-1], path), unquote(parts.fragment)
    inside = path.startswith(root) or path + "/" == root
    if not inside:
        return path, unquote(parts.fragment)
    return _dot_segments([], path.removeprefix(root)), unquote(parts.fragment)


def _shown(site: Site, rel: str) -> str:
    return rel if rel.startswith("/") else site.base + rel


def _dot_segments(base: list[str], path: str) -> str:
    """Resolve . and .. as browsers do (WHATWG URL): an empty segment from `//` counts as one."""
    out = list(base)
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        elif segment == ".":
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/".join(out)


def _resolve(site: Site, rel: str) -> str | None:
    """The file a site path is served from: itself, or the folder's index.html."""
    for candidate in (rel, posixpath.join(rel, "index.html") if rel else "index.html"):
        if candidate in site.files:
            return candidate
    return None


@rule("SIT002", "broken-link", ERROR, "site")
def broken_link(site: Site) -> Iterator[Problem]:
    """A link or resource on a page points to a file or an anchor the site does not have.

    ## What it does
    Resolves every local `href` and `src` of every page (links, stylesheets, scripts,
    images) against the built site: the file must exist (a folder needs its `index.html`),
    and a `#fragment` must be an `id` (or `name`) on the target page. Fragments are compared
    after percent-decoding, so Hebrew anchors work. Links to other hosts are not followed.
    A path from the server's root (`/sales/he/lead/`) is read against the path the site is
    served under, which its canonical links give when `site_url` is set (`/` otherwise).

    ## Why it matters
    A broken link in one locale is invisible to people who only check English; a broken
    anchor drops the reader at the top of a long page.

    ## Example
    `<a href="../lead/#who-can-be-a-lead">` on a page whose target has only
    `id="quién-puede-ser-un-lead"` is reported.
    """
    for page in site.pages:
        if page.root is None:
            continue
        for tag, attribute in LINKING:
            for element in page.root.iter(tag):
                url = (element.get(attribute) or "").strip()
                if not url or url.startswith(("javascript:", "data:")):
                    continue
                target = _target(page, url, site.base)
                if target is None:
                    continue
                rel, fragment = target
                found = _resolve(site, rel)
                if found is None:
                    yield Problem(
                        f"<{tag} {attribute}={url!r}> points to {_shown(site, rel)}, which the site does not have",
                        location=_at(page, element),
                    )
                elif (
                    fragment
                    and found.endswith((".html", ".htm"))
                    and fragment not in site.ids.get(found, set())
                ):
                    yield Problem(
                        f"<{tag} {attribute}={url!r}>: {found} has no anchor {fragment!r}",
                        location=_at(page, element),
                    )


def _external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https", "ftp")


@rule("SIT003", "external-request", ERROR, "site")
def external_request(site: Site) -> Iterator[Problem]:
    """A page or stylesheet makes the browser fetch something from another host.

    ## What it does
    Reports every `src` of `script`, `img`, `iframe`, `video`, `audio`, `source`, `embed`
    (and `object data`), every `link` loading a stylesheet, icon, preload or manifest, and
    every `url()` or `@import` in the site's CSS that names another host (`https://...` or
    `//...`). Plain links (`<a href>`) are fine: they load nothing until clicked.

    ## Why it matters
    The training site works offline and tells nobody who reads it: a font from a CDN or an
    analytics script breaks both, and fails behind a company firewall.

    ## Example
    `<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">` is
    reported; set `theme.font: false` or serve the font from the site.
    """
    for page in site.pages:
        if page.root is None:
            continue
        for tag, attribute in FETCHING:
            for element in page.root.iter(tag):
                url = element.get(attribute) or ""
                if url and _external(url):
                    yield Problem(
                        f"<{tag} {attribute}={url!r}> loads from another host", location=_at(page, element)
                    )
        for element in page.root.iter("link"):
            rels = set((element.get("rel") or "").lower().split())
            url = element.get("href") or ""
            if rels & FETCHING_RELS and url and _external(url):
                yield Problem(
                    f"<link rel={' '.join(sorted(rels))!r} href={url!r}> loads from another host",
                    location=_at(page, element),
                )
    for rel, text in site.styles:
        for number, line in enumerate(text.split("\n"), 1):
            for m in CSS_URL.finditer(line):
                if _external(m.group(1)):
                    yield Problem(
                        f"stylesheet loads {m.group(1)!r} from another host",
                        location=Location(display_path(site.root / rel), number),
                    )


@rule("SIT004", "missing-page", ERROR, "site")
def missing_page(site: Site) -> Iterator[Problem]:
    """A page of the source locale is missing in another locale.

    ## What it does
    Compares the HTML pages of each locale's folder with the English (source) folder and
    reports every English page another locale does not have.

    ## Why it matters
    The language switcher sends a reader to the same page in their language; a missing
    page is a 404 exactly there.

    ## Example
    `site/en/checker/index.html` without `site/he/checker/index.html` is reported.
    """
    source = site.source
    if not source:
        return
    pages = {lang: set[str]() for lang in site.locales}
    for page in site.pages:
        lang = site.locale_of(page.rel)
        if lang:
            pages[lang].add(page.rel.split("/", 1)[1])
    by_rel = {p.rel: p for p in site.pages}
    for lang in site.locales:
        for missing in sorted(pages[source] - pages[lang]):
            page = by_rel[f"{source}/{missing}"]
            yield Problem(
                f"{lang}/{missing} is missing: the {lang} site has no page for this one", location=_at(page)
            )


@rule("SIT005", "duplicate-alternate", ERROR, "site")
def duplicate_alternate(site: Site) -> Iterator[Problem]:
    """A page names more than one alternate for a language (`<link rel=alternate hreflang>`).

    ## What it does
    Counts the `<link rel="alternate" hreflang="...">` elements in each page's head by
    language and reports every language named twice or more, and alternates that lead
    to a page the site does not have.

    ## Why it matters
    Search engines take a page's hreflang links as one set: the same page in each language.
    Two links for one language (a theme's set added to the site's own) contradict each
    other, and the engine may drop both.

    ## Example
    `<link rel="alternate" hreflang="en" href="../../en/lead/">` next to
    `<link rel="alternate" hreflang="en" href="/">` on `he/lead/` is reported; keep one set.
    """
    for page in site.pages:
        if page.root is None:
            continue
        seen: dict[str, int] = {}
        for element in page.root.iter("link"):
            rels = (element.get("rel") or "").lower().split()
            lang = (element.get("hreflang") or "").strip().lower()
            if "alternate" not in rels or not lang:
                continue
            seen[lang] = seen.get(lang, 0) + 1
            if seen[lang] == 2:
                yield Problem(
                    f"a second <link rel=alternate hreflang={lang!r}>: a page lists one alternate per "
                    "language; remove the theme's or the site's extra set",
                    location=_at(page, element),
                )


@rule("SIT006", "failing-request", ERROR, "site")
def failing_request(site: Site) -> Iterator[Problem]:
    """A stylesheet asks the browser for a local file the site does not have.

    ## What it does
    Resolves every `url()` and `@import` in the site's CSS files against the built site,
    relative to the stylesheet, as the browser does. (The pages' own `src` and `href` are
    checked by SIT002.)

    ## Why it matters
    A missing font, icon or background image is a request that fails on every page that
    uses the stylesheet: a broken look, and noise in every log.

    ## Example
    `url(../fonts/noto.woff2)` in `site/en/assets/glossary.css` without
    `site/en/fonts/noto.woff2` is reported.
    """
    for rel, text in site.styles:
        sheet = Page(rel, display_path(site.root / rel), None)
        for number, line in enumerate(text.split("\n"), 1):
            for m in CSS_URL.finditer(line):
                url = m.group(1)
                if _external(url) or url.startswith(("data:", "#")):
                    continue
                target = _target(sheet, url, site.base)
                if target is not None and _resolve(site, target[0]) is None:
                    yield Problem(
                        f"stylesheet asks for {url!r}: {_shown(site, target[0])} is not in the site",
                        location=Location(display_path(site.root / rel), number),
                    )
