"""The site: a plain MkDocs project per locale, rendered in parallel, assembled into one tree.

    build/<lang>/             the generated project (inspectable): docs/ and mkdocs.yml
    site/<lang>/              that locale's rendered site
    site/index.html           picks the visitor's language; site/sitemap.xml with hreflang

The build is atomic: everything is rendered into a fresh folder next to site/, which only
replaces site/ once every locale rendered and passed its checks.

A locale can also be built alone (`build(..., only=["es"])`: its folder and nothing else), and
`assemble` joins such folders into the same site one build writes, so a CI matrix can build
one locale per job.
"""

from __future__ import annotations

import gc
import gettext
import html
import logging
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ruamel.yaml import YAML

from glossary import catalogs, languages, reading
from glossary.errors import GlossaryError, Location, display_path
from glossary.generate import Definitions, environment, glossary_html, stages_svg
from glossary.localize import Texts, Untranslated, load_texts, localize_page
from glossary.project import Project
from glossary.rules import Ruleset, load_rules
from glossary.safehtml import titles_as_text, unsafe
from glossary.scenarios import Scenario, load_scenarios
from glossary.search_index import Known, write_search_index
from glossary.segment import link_targets, parser
from glossary.site_texts import palette, site_strings
from glossary.sources import load_site_config
from glossary.termbase import Termbase, load_termbase
from glossary.widgets import embed, quiz_data

PACKAGE = Path(__file__).parent
WIDGETS = {"quiz.md": "glossary-quiz", "checker.md": "glossary-checker"}  # page -> widget element


@dataclass
class BuildReport:
    site: Path
    locales: list[str]
    untranslated: dict[str, list[Untranslated]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def site_locales(project: Project) -> list[str]:
    return [languages.SOURCE_LANGUAGE, *catalogs.locales(project)]


def _site_config(project: Project) -> dict[str, Any]:
    """The top-level mkdocs.yml, read the way MkDocs reads it."""
    return load_site_config(project.mkdocs_yml)


def require_site_extra() -> None:
    """A clear 'install the site extra' error when the renderer or the search indexer is missing."""
    from glossary.extras import require

    require("site")


def _site_url(settings: dict[str, Any]) -> str:
    """The user's site_url ending in '/', or '' when there is none: then every link is relative
    and the site works wherever it is served."""
    url = str(settings.get("site_url") or "")
    return url if not url or url.endswith("/") else url + "/"


def _locale_url(settings: dict[str, Any], lang: str) -> str | None:
    url = _site_url(settings)
    return f"{url}{lang}/" if url else None


def _drop_relative_sitemaps(site_dir: Path, site_url: str) -> None:
    """MkDocs writes a sitemap even without site_url, of server-root paths; a sitemap needs
    absolute addresses, so without a site_url there is none."""
    if not site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)


# --- compile: sources + catalogs -> one locale's MkDocs project ------------------------------


def _concept_links(text: str, page: str, termbase: Termbase, words: Definitions) -> str:
    """`[leads](concept:lead)` -> a link to the glossary entry with the definition as tooltip."""
    targets = link_targets(text, "concept:")
    glossary = os.path.relpath("glossary.md", os.path.dirname(page) or ".")
    for cid in sorted(targets):
        if cid not in termbase:
            line = next((n for n, ln in enumerate(text.split("\n"), 1) if f"concept:{cid})" in ln), 0)
            raise GlossaryError(
                f"link to unknown concept {cid!r}; use an id from locales/termbase.yaml", Location(page, line)
            )
        tip = _tooltip(words.definition(termbase.concept(cid)))
        text = text.replace(f"](concept:{cid})", f']({glossary}#{cid} "{tip}")')
    return text


def _tooltip(text: str) -> str:
    """Text for a Markdown link title that Material's tooltip shows as text.

    Python-Markdown keeps entities in a title as they are, and Material's tooltip puts the
    title into the page as HTML: so the text is escaped twice, once for each of them.
    """
    return html.escape(html.escape(" ".join(text.split()), quote=True), quote=True)


def _widget(element_id: str, data: dict[str, Any]) -> str:
    """A widget's mount point, its data island and script, as an HTML block for the page."""
    return "\n".join(
        [
            f'<div id="{element_id}" class="glossary-widget"></div>',
            embed(data, "glossary-data"),
            '<script src="../assets/widgets.js"></script>',
        ]
    )


def _after_first_paragraph(text: str, block: str) -> str:
    """Insert an HTML block after the first paragraph that follows the page's H1."""
    lines = text.split("\n")
    seen_h1 = False
    for token in parser().parse(text):
        if token.type == "heading_open" and token.tag == "h1":
            seen_h1 = True
        elif seen_h1 and token.type == "paragraph_open" and token.map and token.level == 0:
            end = token.map[1]
            return "\n".join([*lines[:end], "", block, "", *lines[end:]])
    return text + "\n\n" + block + "\n"


@dataclass(frozen=True)
class Sources:
    """The records every locale is compiled from, read once per build."""

    termbase: Termbase
    rules: Ruleset
    scenarios: tuple[Scenario, ...]
    settings: dict[str, Any]  # the top-level mkdocs.yml

    @classmethod
    def load(cls, project: Project) -> Sources:
        rules = load_rules(project.rules)
        return cls(
            load_termbase(project.termbase),
            rules,
            load_scenarios(project.scenarios, rules),
            _site_config(project),
        )


def compile_locale(
    project: Project, sources: Sources, lang: str, texts: Texts, langs: list[str], out: Path, site_dir: Path
) -> list[Untranslated]:
    """Write build/<lang>/: the translated pages, generated content and a per-locale mkdocs.yml."""
    termbase, rules = sources.termbase, sources.rules
    words = Definitions(termbase, lang, texts.termbase)
    docs = out / "docs"
    if out.exists():
        shutil.rmtree(out)
    docs.mkdir(parents=True)
    untranslated: list[Untranslated] = []
    quiz = quiz_data(rules, sources.scenarios, lang, texts.quiz, texts.ui, "../glossary/")
    for page in project.pages():
        target = docs / page.relative_to(project.docs)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            compile_page(project, sources, page, texts, words, quiz, untranslated), encoding="utf-8"
        )
    ui = environment(texts.ui)
    (docs / "search.md").write_text(ui.get_template("search.md").render(), encoding="utf-8")
    copy_docs_files(project, docs, lang, langs)
    shutil.copytree(PACKAGE / "assets", docs / "assets", dirs_exist_ok=True)
    settings = sources.settings
    config = {
        "INHERIT": str(project.mkdocs_yml.resolve()),
        "docs_dir": "docs",
        "site_dir": str(site_dir.resolve()),
        "site_name": texts.ui.gettext(settings.get("site_name", "")),
        "site_description": texts.ui.gettext(settings.get("site_description", "")),
        "site_url": _locale_url(settings, lang),
        "theme": {
            "language": theme_language(lang),
            "direction": texts.direction,
            "custom_dir": str(theme_dir(project, settings, out)),
            "palette": palette(settings, texts.ui),
        },
        **user_settings(project, settings),
        "extra": {
            "glossary": {"locale": lang, "generated": ["search.md"]},  # read by mkdocs_hooks
            # Material shows its language menu when `alternate` is set, and writes a
            # <link rel=alternate> per item when it is a list: the head gets our own set instead.
            "alternate": True,
            "locales": [
                {
                    "name": languages.native_name(code),
                    "lang": code,  # the locale's folder
                    "tag": languages.bcp47(code),  # its hreflang and lang
                    "dir": languages.direction(code),
                }
                for code in langs
            ],
            "ui": site_strings(texts.ui),
        },
    }
    yaml = YAML()
    yaml.default_flow_style = False
    with (out / "mkdocs.yml").open("w", encoding="utf-8") as fh:
        fh.write("# Generated by `glossary build`; edit the top-level mkdocs.yml instead.\n")
        yaml.dump(config, fh)
    return untranslated


def compile_page(
    project: Project,
    sources: Sources,
    page: Path,
    texts: Texts,
    words: Definitions,
    quiz: dict[str, Any],
    untranslated: list[Untranslated],
) -> str:
    """One page's Markdown in a locale: translated, its concepts linked, generated content added."""
    lang, rel = texts.lang, page.relative_to(project.docs).as_posix()
    source_rel = page.relative_to(project.root).as_posix()
    text = localize_page(reading.read_page(page), source_rel, texts, untranslated)
    text = _concept_links(text, rel, sources.termbase, words)
    if rel == "index.md":
        text = _after_first_paragraph(text, stages_svg(sources.rules, lang, texts.quiz, texts.ui))
    if rel in WIDGETS:
        text += "\n\n" + _widget(WIDGETS[rel], quiz) + "\n"
    if rel == "glossary.md":
        text += "\n\n" + glossary_html(sources.termbase, lang, texts.termbase, texts.ui) + "\n"
    return text


# --- the user's own files and settings, beside ours --------------------------------------------


def _variant(name: str, langs: list[str]) -> tuple[str, str] | None:
    """`diagram.he.svg` -> ('diagram.svg', 'he'): a file meant for one locale in place of another."""
    stem, dot, suffix = name.rpartition(".")
    base, dot2, lang = stem.rpartition(".")
    if dot and dot2 and base and lang in langs:
        return f"{base}.{suffix}", lang
    return None


def copy_docs_files(project: Project, docs: Path, lang: str, langs: list[str]) -> None:
    """Every file under docs/ that is not a page (images, downloads, styles) into a locale's docs.

    A per-locale variant beside a file (`diagram.he.svg` beside `diagram.svg`) takes its place
    in that locale and is not published under its own name. The project's data files
    (rules.yaml, scenarios.yaml) and dot files stay out, as MkDocs would leave dot files out.
    """
    data = {project.rules.resolve(), project.scenarios.resolve()}
    for path in reading.source_files(project.docs, "", project.root):  # no links out, loops or pipes
        rel = path.relative_to(project.docs)
        if path.suffix == ".md" or path.resolve() in data:
            continue
        if any(part.startswith(".") for part in rel.parts):
            continue
        variant = _variant(path.name, langs)
        if variant is not None:
            if variant[1] != lang:
                continue
            target = docs / rel.with_name(variant[0])
        else:
            stem, dot, suffix = path.name.rpartition(".")
            if dot and stem and path.with_name(f"{stem}.{lang}.{suffix}").is_file():
                continue  # this locale has its own variant
            target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def _user_path(project: Project, value: str) -> str:
    """A path from the top-level mkdocs.yml (relative to it), as the generated project needs it."""
    return str((project.root / value).resolve())


def user_settings(project: Project, settings: dict[str, Any]) -> dict[str, Any]:
    """The list settings the generated mkdocs.yml sets: the user's entries, then ours.

    MkDocs' INHERIT replaces a list rather than extending it, so a list the generated project
    sets must carry the user's entries too; hooks' paths are made absolute, since they are
    read relative to the generated mkdocs.yml. Plugins pass through INHERIT untouched; with
    none configured, MkDocs' own search plugin stays off (Pagefind indexes the site).
    """
    out: dict[str, Any] = {
        "extra_css": [*(settings.get("extra_css") or []), "assets/glossary.css"],
        "hooks": [
            *(_user_path(project, str(h)) for h in settings.get("hooks") or []),
            str((PACKAGE / "mkdocs_hooks.py").resolve()),
        ],
    }
    if "plugins" not in settings:
        out["plugins"] = []
    return out


MAIN = "main.html"
USER_MAIN = "main.user.html"  # the user's main.html, which ours extends when there is one


def theme_dir(project: Project, settings: dict[str, Any], out: Path) -> Path:
    """The theme's custom_dir: ours, or ours merged over the user's `theme.custom_dir`.

    Merged into build/<lang>/overrides/: the user's templates and files, then ours (the
    language switcher and search markup win a clash). When both have main.html, the user's
    becomes main.user.html and ours extends it, so the user's blocks stay.
    """
    ours = (PACKAGE / "overrides").resolve()
    theme = settings.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if not custom:
        return ours
    user = project.root / str(custom)
    if not user.is_dir():
        raise GlossaryError(
            f"theme.custom_dir {custom!r} is not a folder; create it or remove the setting",
            Location("mkdocs.yml"),
        )
    merged = out / "overrides"
    shutil.copytree(user, merged)
    if (merged / MAIN).is_file():
        (merged / MAIN).rename(merged / USER_MAIN)
    shutil.copytree(ours, merged, dirs_exist_ok=True)
    if (merged / USER_MAIN).is_file():
        main = (merged / MAIN).read_text(encoding="utf-8")
        (merged / MAIN).write_text(
            main.replace('{% extends "base.html" %}', f'{{% extends "{USER_MAIN}" %}}', 1), encoding="utf-8"
        )
    return merged


def theme_language(code: str) -> str:
    """The language of Material's own labels for a locale: its own, else its language's, else English."""
    import material

    labels = Path(material.__file__).parent / "templates" / "partials" / "languages"
    loc = languages.locale(code)  # pt_BR -> pt-BR, zh_Hant -> zh-Hant, sr@latin -> sr, fr_FR -> fr
    candidates = (languages.bcp47(code), f"{loc.language}-{loc.script}", f"{loc.language}-{loc.territory}")
    for candidate in (*candidates, loc.language):
        if (labels / f"{candidate}.html").is_file():
            return candidate
    return languages.SOURCE_LANGUAGE


# --- render, post-process, assemble ---------------------------------------------------------


class _Warnings(logging.Handler):
    """Collects MkDocs' warnings, which --strict turns into a failed build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render(config: Path) -> None:
    """Run the real MkDocs on one locale's project, in this process; warnings fail the build."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = _Warnings()
    logger.addHandler(handler)
    try:
        mkdocs_build(load_config(config_file=str(config), strict=True))
    except (Abort, MkDocsException) as exc:
        problems = handler.messages or [str(exc)]
        raise GlossaryError("MkDocs failed: " + " | ".join(problems), Location(str(config))) from None
    finally:
        logger.removeHandler(handler)


@dataclass(frozen=True)
class _Job:
    """What every locale's worker needs; forked workers inherit it instead of unpickling it."""

    project: Project
    sources: Sources
    langs: list[str]
    work: Path
    staging: Path


_JOB: _Job | None = None


def _locale(lang: str) -> list[Untranslated]:
    """Compile and render one locale (in a worker when there are several cores)."""
    job = _JOB
    assert job is not None
    out = job.work / lang
    texts = load_texts(job.project, lang)
    untranslated = compile_locale(job.project, job.sources, lang, texts, job.langs, out, job.staging / lang)
    render(out / "mkdocs.yml")
    finish_locale(job.staging / lang, out / "docs", texts, job.sources.settings)
    return untranslated


def compile_and_render(job: _Job, jobs: int, langs: list[str] | None = None) -> dict[str, list[Untranslated]]:
    """Every locale side by side: forked workers inherit the already imported MkDocs.

    Without pauses for the garbage collector: the pages' tokens, trees and MkDocs' objects
    pile up while a locale renders, and the collector walked them over and over (about 5%
    of a build); what is left is collected after the build.
    """
    global _JOB
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # MkDocs' banner says nothing about our build
    import material  # noqa: F401 - imported before forking, so no worker pays for it
    import mkdocs.commands.build  # noqa: F401

    _JOB = job
    langs = job.langs if langs is None else langs  # the switcher still lists every locale
    os.environ.setdefault("GLOSSARY_JINJA_CACHE", str(job.work / ".jinja-cache"))
    collecting = gc.isenabled()
    gc.disable()
    try:
        if jobs <= 1 or len(langs) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            return {lang: _locale(lang) for lang in langs}
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(langs)), mp_context=context) as pool:
            return dict(zip(langs, pool.map(_locale, langs), strict=True))
    finally:
        _JOB = None
        if collecting:
            gc.enable()


def finish_locale(
    site_dir: Path,
    docs: Path,
    texts: Texts,
    settings: dict[str, Any],
    pages: list[Path] | None = None,
    known: Known | None = None,
) -> None:
    """What MkDocs leaves to us in a rendered locale.

    For glossary.reload: pages limits the page steps to the pages just written, and known
    keeps the search index's entries of the pages that did not change (search_index.Known).
    """
    _set_html_dir(site_dir, texts.lang, pages)
    _drop_relative_sitemaps(site_dir, _site_url(settings))
    write_search_index(site_dir, known)
    _refuse_scripts(site_dir, docs, texts, pages)


def _set_html_dir(site_dir: Path, lang: str, pages: list[Path] | None = None) -> None:
    """Put lang and dir on <html> itself (Material puts dir on <body> only).

    lang is the locale's language tag (`sr-Latn` for sr@latin), whichever language the theme's
    own labels fell back to (see theme_language).
    """
    direction = languages.direction(lang)
    tag_lang = f' lang="{languages.bcp47(lang)}"'
    for page in site_dir.rglob("*.html") if pages is None else pages:
        text = page.read_text(encoding="utf-8")
        start = text.find("<html")
        end = text.find(">", start)
        if start < 0 or end < 0:
            continue
        tag = text[start:end]
        new = re.sub(r'\slang="[^"]*"', tag_lang, tag, count=1) if ' lang="' in tag else tag + tag_lang
        if " dir=" not in new:
            new += f' dir="{direction}"'
        if new != tag:
            page.write_text(text[:start] + new + text[end:], encoding="utf-8")


def _refuse_scripts(site_dir: Path, docs: Path, texts: Texts, pages: list[Path] | None = None) -> None:
    """Fail the build on anything in a rendered page that could run script, located at its source."""
    for page in sorted(site_dir.rglob("*.html")) if pages is None else pages:
        text = page.read_text(encoding="utf-8")
        safer = titles_as_text(text)
        if safer != text:
            page.write_text(safer, encoding="utf-8")
        found = unsafe(safer)
        if not found:
            continue
        first = found[0]
        rel = page.relative_to(site_dir).as_posix()
        problem = (
            f"the built page {texts.lang}/{rel} would run script: {first.what} {first.value[:80]!r}; "
            "remove it from the translation"
        )
        raise GlossaryError(problem, _source_of(first.value, docs, rel, texts))


def _source_of(value: str, docs: Path, rel: str, texts: Texts) -> Location:
    """Where text found in a built page came from: a page translation, else the generated page."""
    needle = value.strip()[:40]
    for translation, where in texts.pages.values():
        if needle and needle in html.unescape(translation):
            return where
    source = docs / (rel.removesuffix("index.html").rstrip("/") or "index")
    source = source if source.suffix == ".md" else source.with_name(source.name + ".md")
    if source.is_file():
        lines = source.read_text(encoding="utf-8").split("\n")
        line = next((n for n, text in enumerate(lines, 1) if needle and needle in html.unescape(text)), 1)
        return Location(display_path(source), line)
    return Location(f"site/{texts.lang}/{rel}", 1)  # a theme page: no source of ours to point at


def _pages(site_dir: Path) -> list[str]:
    """Every page of a locale as its URL path ('', 'lead/', ...)."""
    out = []
    for index in sorted(site_dir.rglob("index.html")):
        rel = index.parent.relative_to(site_dir).as_posix()
        out.append("" if rel == "." else rel + "/")
    return out


def _root_files(staging: Path, langs: list[str], site_url: str) -> None:
    env = environment(gettext.NullTranslations())
    choices = [
        {
            "lang": c,
            "tag": languages.bcp47(c),
            "name": languages.native_name(c),
            "dir": languages.direction(c),
        }
        for c in langs
    ]
    root = urlsplit(site_url).path or "/" if site_url else ""
    for name in ("index.html", "404.html"):
        (staging / name).write_text(
            env.get_template(f"root-{name}").render(locales=choices, root=root), encoding="utf-8"
        )
    if not site_url:
        return
    pages = _pages(staging / languages.SOURCE_LANGUAGE)
    (staging / "sitemap.xml").write_text(
        env.get_template("sitemap.xml").render(
            pages=pages, locales=langs, tags={c: languages.bcp47(c) for c in langs}, site_url=site_url
        ),
        encoding="utf-8",
    )


def _pagefind() -> list[str]:
    """The Pagefind binary itself: `python -m pagefind` starts a Python only to look it up and exec it."""
    found = os.environ.get("PAGEFIND_BINARY_PATH")  # the override pagefind's own lookup honours
    if not found:
        try:
            from pagefind_bin_extended import get_executable

            found = str(get_executable())
        except (ImportError, FileNotFoundError):  # let pagefind look further
            return [sys.executable, "-m", "pagefind"]
    return [found]


def _index(staging: Path, *options: str) -> None:
    """Pagefind: one search index per <html lang>, so each locale searches its own pages."""
    result = subprocess.run(
        [
            *_pagefind(),
            "--site",
            str(staging),
            "--silent",
            "--exclude-selectors",
            ".headerlink",
            *options,  # glossary.reload indexes some locales alone
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise GlossaryError(f"search indexing failed: {result.stderr.strip() or result.stdout.strip()}")


def _chosen(langs: list[str], only: list[str] | None) -> list[str]:
    """The locales to build: all, or the ones asked for (each must be one of the site's)."""
    if only is None:
        return langs
    unknown = [code for code in only if code not in langs]
    if unknown:
        raise GlossaryError(
            f"no locale {unknown[0]!r} in this project; the locales are {', '.join(langs)} "
            "(`glossary init` adds one)"
        )
    return [code for code in langs if code in only]


def _finish_site(staging: Path, langs: list[str], settings: dict[str, Any], report: BuildReport) -> None:
    """What the whole site has besides its locales: the root pages, the sitemap, the search index."""
    _root_files(staging, langs, _site_url(settings))
    t = time.perf_counter()
    _index(staging)
    report.timings["index"] = time.perf_counter() - t


def _publish(staging: Path, out: Path) -> None:
    """Put the finished staging folder in place of out, removing the old site last."""
    old = out.parent / f".{out.name}.old"
    if out.exists():
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _fresh_staging(out: Path) -> Path:
    staging = out.parent / f".{out.name}.new"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def build(
    project: Project,
    out: Path | None = None,
    strict: bool = False,
    jobs: int | None = None,
    progress: Callable[[str], Any] = lambda _: None,
    only: list[str] | None = None,
) -> BuildReport:
    """Build every locale into out (default site/); the old site stays if anything fails.

    With `only`, out gets those locales' folders and nothing else: no root pages, sitemap or
    search index, which `assemble` writes once every locale is built.
    """
    require_site_extra()
    out = (out or project.root / "site").resolve()
    langs = site_locales(project)
    chosen = _chosen(langs, only)
    report = BuildReport(out, chosen)
    started = time.perf_counter()
    staging = _fresh_staging(out)
    try:
        job = _Job(project, Sources.load(project), langs, project.root / "build", staging)
        report.timings["load"] = time.perf_counter() - started
        progress(f"building {', '.join(chosen)}")
        t = time.perf_counter()
        report.untranslated = compile_and_render(job, jobs or os.cpu_count() or 1, chosen)
        report.timings["locales"] = time.perf_counter() - t
        if strict and any(report.untranslated.values()):
            first = next(u for items in report.untranslated.values() for u in items)
            count = sum(len(v) for v in report.untranslated.values())
            raise GlossaryError(
                f"{count} untranslated segment(s) and --strict is on; first: {first.kind} {first.text[:50]!r}",
                Location(first.page, first.line),
            )
        if only is None:
            _finish_site(staging, langs, job.sources.settings, report)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _publish(staging, out)
    report.timings["total"] = time.perf_counter() - started
    return report


def assemble(project: Project, parts: list[Path], out: Path | None = None) -> BuildReport:
    """One site from locale folders built apart (`build(..., only=[lang])`), as `build` writes it.

    Each of parts is a folder holding locale folders (parts/es/, ...); every locale of the
    project must be found exactly once. The root pages, sitemap and search index are written
    as a whole build writes them.
    """
    require_site_extra()
    out = (out or project.root / "site").resolve()
    langs = site_locales(project)
    found: dict[str, Path] = {}
    for folder in parts:
        for lang in langs:
            if (folder / lang).is_dir():
                if lang in found:
                    raise GlossaryError(
                        f"locale {lang} is in both {found[lang].parent} and {folder}; pass each locale's folder once"
                    )
                found[lang] = folder / lang
    missing = [lang for lang in langs if lang not in found]
    if missing:
        raise GlossaryError(
            f"no built folder for locale(s) {', '.join(missing)} in {', '.join(map(str, parts))}; "
            "build each with `glossary build --lang LOCALE -o DIR` and pass DIR"
        )
    report = BuildReport(out, langs)
    started = time.perf_counter()
    staging = _fresh_staging(out)
    try:
        for lang in langs:
            shutil.copytree(found[lang], staging / lang, symlinks=True)
        _finish_site(staging, langs, _site_config(project), report)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _publish(staging, out)
    report.timings["total"] = time.perf_counter() - started
    return report
