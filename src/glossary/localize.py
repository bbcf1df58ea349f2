"""One locale's texts: the English sources plus that locale's catalogs, applied safely.

Pages are rewritten segment by segment (see segment.py). A translation must not bring new
markup: raw HTML or a link to a script is refused with the PO file and line. A segment with
no translation stays English, marked as such, and is reported.
"""

from __future__ import annotations

import gettext
import html
import re
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog

from glossary import catalogs, languages, reading
from glossary.errors import GlossaryError, Location, display_path
from glossary.project import Project
from glossary.segment import Segment, apply, inline_tokens, reference_targets

SAFE_SCHEMES = ("http:", "https:", "mailto:", "concept:")


@dataclass(frozen=True)
class Untranslated:
    page: str
    line: int
    kind: str
    text: str


@dataclass
class Texts:
    """Every catalog of one locale, ready to look things up."""

    lang: str
    pages: dict[str, tuple[str, Location]] = field(default_factory=dict)
    termbase: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    quiz: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    ui: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)

    @property
    def direction(self) -> str:
        return languages.direction(self.lang)


def load_texts(project: Project, lang: str) -> Texts:
    """Read and check a locale's catalogs (English needs none)."""
    known = [languages.SOURCE_LANGUAGE, *catalogs.locales(project)]
    if lang not in known:
        raise GlossaryError(f"no catalogs for locale {lang!r}; available: {', '.join(known)}")
    texts = Texts(lang)
    if lang == languages.SOURCE_LANGUAGE:
        return texts
    texts.pages = page_texts(project, lang)
    texts.termbase = _translations(project, lang, "termbase")
    texts.quiz = _translations(project, lang, "quiz")
    texts.ui = _translations(project, lang, "ui")
    return texts


def _translations(project: Project, lang: str, domain: str) -> gettext.NullTranslations:
    """One of the locale's catalogs, checked and ready to look things up; read once."""
    path = catalogs.catalog_path(project, lang, domain)
    if not path.exists():
        return gettext.NullTranslations()
    catalog = catalogs.read_catalog(path)
    check_lengths(catalog, display_path(path))
    check_formats(catalog, display_path(path))  # our code fills in their %(name)s
    return catalogs.compiled(catalog)


def page_texts(project: Project, lang: str) -> dict[str, tuple[str, Location]]:
    """A locale's page translations (pages.po), checked; glossary.reload reads them alone."""
    path = catalogs.catalog_path(project, lang, "pages")
    return _page_translations(catalogs.read_catalog(path), display_path(path)) if path.exists() else {}


def check_lengths(catalog: Catalog, path: str) -> None:
    """Refuse a translation longer than any definition, label or narrative should be."""
    for msg in catalog:
        strings = msg.string if isinstance(msg.string, (list, tuple)) else (msg.string,)
        if msg.id and any(len(s or "") > reading.MAX_SEGMENT for s in strings):
            raise GlossaryError(
                f"translation is longer than the {reading.MAX_SEGMENT:,} characters a definition, "
                "label or narrative may have; translate the message, nothing more",
                Location(path, msg.lineno or 0),
            )


_NAMED = re.compile(r"%\((\w+)\)[sd]")


def check_formats(catalog: Catalog, path: str) -> None:
    """Refuse a translation of a %(name)s message that would not format (a stray %, a new name)."""
    for msg in catalog:
        ids = msg.id if isinstance(msg.id, (list, tuple)) else (msg.id,)
        if not ids[0] or msg.fuzzy or "%(" not in ids[0]:
            continue
        values = {name: 1 for name in _NAMED.findall(" ".join(ids))}
        strings = msg.string if isinstance(msg.string, (list, tuple)) else (msg.string,)
        for string in strings:
            try:
                _ = string % values if string else ""
            except (KeyError, ValueError, TypeError) as exc:
                names = ", ".join(f"%({name})s" for name in values)
                raise GlossaryError(
                    f"translation does not fit its placeholders ({type(exc).__name__}: {exc}); "
                    f"keep {names} as in the English and write a literal % as %%",
                    Location(path, msg.lineno or 0),
                ) from None


def _page_translations(catalog: Catalog, path: str) -> dict[str, tuple[str, Location]]:
    out = {}
    for msg in catalog:
        if not msg.id or msg.fuzzy or not msg.string or not isinstance(msg.id, str):
            continue
        where = Location(path, msg.lineno or 0)
        check_size(str(msg.string), where)
        check_markup(str(msg.string), msg.id, where)
        out[msg.id] = (str(msg.string), where)
    return out


def check_size(translation: str, where: Location) -> None:
    """Refuse a page translation too long or too deeply nested for a page segment."""
    if len(translation) > reading.MAX_SEGMENT:
        raise GlossaryError(
            f"translation is {len(translation):,} characters, more than the {reading.MAX_SEGMENT:,} "
            "one heading, paragraph or cell may have; translate the segment, nothing more",
            where,
        )
    reading.check_markdown(translation, where)


def check_markup(translation: str, source: str, where: Location) -> None:
    """Refuse a translation that adds raw HTML or links anywhere but the web, mail or a concept."""
    if "<" not in translation and "[" not in translation:
        return  # no HTML, autolink, link or image can start without one of these (no linkify)
    for label, target in reference_targets(translation).items():
        if not _safe_target(target):
            raise GlossaryError(
                f"translation defines link [{label}] to {target!r}; only http(s), mailto and concept: links are allowed",
                where,
            )
    tokens = inline_tokens(translation)
    allowed_html: set[str] = set()
    if any(t.type == "html_inline" for t in tokens):  # the HTML the English has may stay
        allowed_html = {t.content for t in inline_tokens(source) if t.type == "html_inline"}
    for token in tokens:
        if token.type == "html_inline" and token.content not in allowed_html:
            raise GlossaryError(
                f"translation contains raw HTML {token.content!r}; remove it (markup is not allowed in translations)",
                where,
            )
        target = str(token.attrs.get("href") or token.attrs.get("src") or "")
        if not _safe_target(target):
            raise GlossaryError(
                f"translation links to {target!r}; only http(s), mailto and concept: links are allowed",
                where,
            )
    # Python-Markdown (which renders the site) also reads <...> spans that CommonMark leaves as text.
    if "<" in translation and translation.count("<") > source.count("<"):
        raise GlossaryError("translation contains '<' that the English does not; write it as '&lt;'", where)


def _safe_target(target: str) -> bool:
    """A link target with no scheme (a page of the site) or a web, mail or concept one."""
    scheme = target.split(":", 1)[0].lower() + ":" if ":" in target else ""
    return not scheme or scheme.startswith(SAFE_SCHEMES)


def localize_page(source: str, rel: str, texts: Texts, untranslated: list[Untranslated]) -> str:
    """A page's Markdown in the locale's language; untranslated segments kept in marked English."""
    note = html.escape(texts.ui.gettext("not yet translated"), quote=True)

    def translate(seg: Segment) -> str:
        if texts.lang == languages.SOURCE_LANGUAGE:
            return seg.text
        found = texts.pages.get(seg.text)
        if found:
            return found[0]
        untranslated.append(Untranslated(rel, seg.line, seg.kind, seg.text))
        if seg.kind in ("title", "description"):
            return seg.text
        return f'<span class="untranslated" lang="en" dir="ltr" data-note="{note}">{seg.text}</span>'

    return apply(source, translate, rel)
