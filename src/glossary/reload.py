"""Live reload: a full build first, then each change rebuilds only what it touches.

An edited page is compiled again in every locale; a changed pages.po compiles that locale's
pages again; a changed termbase, quiz or ui catalog compiles that locale again. Only pages
whose compiled Markdown changed go back through MkDocs, which keeps each locale's config,
files, navigation and rendered pages in memory (what its own build holds for one run). When
a page's title changes, every page of its locale is rendered again (the navigation shows
the title). Anything else - the termbase, rules, scenarios, mkdocs.yml, a page added or
removed, a user's MkDocs plugin - is a full `glossary build`.

The pages are served as soon as they are written; Pagefind's search index follows in a
thread (a catalog edit re-indexes its locale alone), and the next rebuild waits for it.

Errors keep the last good site: bad input is found before anything is written; a failure
while writing puts the locale's pages back and makes the next change a full build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary import site
from glossary.errors import GlossaryError, Location
from glossary.generate import Definitions
from glossary.localize import Texts, Untranslated, load_texts, page_texts
from glossary.project import Project
from glossary.search_index import Known
from glossary.widgets import quiz_data

PAGE_DOMAIN = "pages"
DOMAINS = ("pages", "termbase", "quiz", "ui")

Snapshot = dict[Path, tuple[int, int]]


@dataclass
class Rebuild:
    """What one rebuild did: a full build (report) or the pages written per locale."""

    seconds: float = 0.0
    report: site.BuildReport | None = None
    pages: dict[str, list[str]] = field(default_factory=dict)  # locale -> docs-relative pages
    untranslated: dict[str, list[Untranslated]] = field(default_factory=dict)  # of those pages
    missing: int = 0  # untranslated segments in the whole site


@dataclass(frozen=True)
class Change:
    """The sources that differ from the last build, sorted by what they touch."""

    everything: bool = False
    pages: frozenset[Path] = frozenset()  # edited docs/*.md: that page in every locale
    catalogs: dict[str, frozenset[str]] = field(default_factory=dict)  # locale -> changed domains

    def __bool__(self) -> bool:
        return self.everything or bool(self.pages) or bool(self.catalogs)


def snapshot(project: Project) -> Snapshot:
    """Every file the site is built from, with its modification time and size."""
    found: Snapshot = {}
    for top in (project.docs, project.locales):
        for folder, subfolders, names in os.walk(top):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in names:
                if not name.startswith("."):  # editors' swap and lock files; MkDocs skips them too
                    path = Path(folder, name)
                    if path.is_file():
                        stat = path.stat()
                        found[path] = (stat.st_mtime_ns, stat.st_size)
    stat = project.mkdocs_yml.stat()
    found[project.mkdocs_yml] = (stat.st_mtime_ns, stat.st_size)
    return found


def classify(project: Project, before: Snapshot, after: Snapshot, langs: list[str]) -> Change:
    """Which pages and catalogs changed; anything else the build reads means everything."""
    pages: set[Path] = set()
    catalogs: dict[str, set[str]] = {}
    for path in before.keys() | after.keys():
        if before.get(path) == after.get(path):
            continue
        catalog = _catalog(project, path)
        if path.is_relative_to(project.locales) and path != project.termbase and catalog is None:
            continue  # not read by the build: templates (.pot), compiled catalogs, an editor's backups
        if path not in before or path not in after:
            return Change(everything=True)  # a page, catalog or file added or removed
        if path.suffix == ".md" and path.is_relative_to(project.docs):  # rules and scenarios are .yaml
            pages.add(path)
        elif catalog is not None and catalog[0] in langs:
            catalogs.setdefault(catalog[0], set()).add(catalog[1])
        else:
            return Change(everything=True)
    return Change(False, frozenset(pages), {lang: frozenset(d) for lang, d in catalogs.items()})


def _catalog(project: Project, path: Path) -> tuple[str, str] | None:
    """(locale, domain) for locales/<locale>/LC_MESSAGES/<domain>.po, a catalog the build reads."""
    if not path.is_relative_to(project.locales):
        return None
    parts = path.relative_to(project.locales).parts
    if len(parts) == 3 and parts[1] == "LC_MESSAGES" and path.suffix == ".po" and path.stem in DOMAINS:
        return parts[0], path.stem
    return None


@contextlib.contextmanager
def _strict(config_file: Path) -> Iterator[None]:
    """MkDocs' warnings and errors as one located error, as `glossary build` (--strict) reports them."""
    from mkdocs.exceptions import Abort, MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = site._Warnings()
    logger.addHandler(handler)
    try:
        yield
        if handler.messages:
            raise MkDocsException(handler.messages[0])
    except (Abort, MkDocsException) as exc:
        problems = handler.messages or [str(exc)]
        raise GlossaryError("MkDocs failed: " + " | ".join(problems), Location(str(config_file))) from None
    finally:
        logger.removeHandler(handler)


class Rendering:
    """One locale's MkDocs build held in memory, so a changed page is read and rendered alone.

    The steps are MkDocs' own build (mkdocs.commands.build.build), split in two: everything up
    to the rendered Markdown of every page once, then per change the changed pages again.
    """

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        from mkdocs.commands.build import _populate_page
        from mkdocs.config import load_config
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        self.config_file = config_file
        with _strict(config_file):
            config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
            config = config.plugins.on_config(config)
            config.plugins.on_pre_build(config=config)
            files = get_files(config)
            env = config.theme.get_env()
            files.add_files_from_theme(env, config)
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            self.docs = files.documentation_pages(inclusion=InclusionLevel.is_included)
            for file in self.docs:
                page = file.page if file.page is not None else Page(None, file, config)
                _populate_page(page, config, files)
            self.env = config.plugins.on_env(env, config=config, files=files)
        # MkDocs sets a page's edit link once, and our on_page_context hook rewrites it in place
        # (glossary.editlink): a page rendered again starts again from MkDocs' own.
        self.edit_urls = {file.src_uri: file.page.edit_url for file in self.docs if file.page is not None}
        self.config, self.files, self.nav = config, files, nav
        self.site_dir = site_dir

    def plain(self) -> bool:
        """Only our hooks run: a user's plugin may gather every page (a search index, a feed)."""
        hooks = str((site.PACKAGE / "mkdocs_hooks.py").resolve())
        return list(self.config.plugins) == [hooks]

    def read(self, changed: list[str]) -> bool:
        """Read and render the changed pages' Markdown (by docs path).

        True when a title or other metadata changed: the navigation on every page shows the
        titles (and Material, say, a page's icon or status from its metadata).
        """
        from mkdocs.commands.build import _populate_page

        nav_changed = False
        with _strict(self.config_file):
            for uri in changed:
                file = self.files.get_file_from_path(uri)
                if file is None or file not in self.docs or file.page is None:
                    continue  # left out of the site (exclude_docs): MkDocs renders nothing for it
                before = (file.page.title, dict(file.page.meta))
                _populate_page(file.page, self.config, self.files)
                nav_changed = nav_changed or (file.page.title, file.page.meta) != before
            for file in self.docs:
                assert file.page is not None
                file.page.validate_anchor_links(
                    files=self.files, log_level=self.config.validation.links.anchors
                )
        return nav_changed

    def targets(self, uris: list[str] | None) -> list[Path]:
        """The files write(uris) writes."""
        pages = [Path(f.abs_dest_path) for f in self.docs if uris is None or f.src_uri in uris]
        theme = [self.site_dir / name for name in self.config.theme.static_templates] if uris is None else []
        return pages + theme

    def write(self, uris: list[str] | None) -> list[Path]:
        """Render and write the pages (by docs path); None: every page and the theme's own (404, sitemap)."""
        from mkdocs.commands.build import _build_page, _build_theme_template

        with _strict(self.config_file):
            if uris is None:
                for template in sorted(self.config.theme.static_templates):
                    _build_theme_template(template, self.env, self.files, self.config, self.nav)
            for file in self.docs:
                if uris is None or file.src_uri in uris:
                    assert file.page is not None
                    file.page.edit_url = self.edit_urls[file.src_uri]
                    _build_page(file.page, self.config, self.docs, self.nav, self.env)
        return [path for path in self.targets(uris) if path.suffix == ".html"]


@dataclass
class _Locale:
    """A locale as last built: its texts and its MkDocs build in memory."""

    texts: Texts
    words: Definitions
    quiz: dict[str, Any]
    rendering: Rendering
    untranslated: dict[str, list[Untranslated]]  # by source page (docs/lead.md)
    search: Known = field(default_factory=dict)  # the header search's entries of its pages


def _stash(paths: list[Path]) -> dict[Path, bytes | None]:
    return {path: path.read_bytes() if path.is_file() else None for path in paths}


def _restore(stash: dict[Path, bytes | None]) -> None:
    for path, data in stash.items():
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(data)


ENTRY = "pagefind-entry.json"


def reindex(site_dir: Path, langs: list[str], every: list[str]) -> None:
    """Pagefind's bundle (site/pagefind/) brought up to date after langs were rebuilt.

    Pagefind keeps an index per language in files named by the language and their content,
    listed in pagefind-entry.json. A locale indexed alone gets the very files a run over the
    whole site writes for it, so when one locale changed only its files are replaced.
    """
    bundle = site_dir / "pagefind"
    if len(langs) != 1 or len(every) == 1 or not (bundle / ENTRY).is_file():
        shutil.rmtree(bundle, ignore_errors=True)  # Pagefind leaves the old files beside the new
        site._index(site_dir)
        return
    fresh = site_dir.parent / f".{site_dir.name}.pagefind"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        site._index(site_dir, "--glob", f"{langs[0]}/**/*.{{html}}", "--output-path", str(fresh))
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        new = json.loads((fresh / ENTRY).read_text(encoding="utf-8"))
        for key in new["languages"]:
            for old in (*bundle.glob(f"pagefind.{key}_*"), *bundle.glob(f"*/{key}_*")):
                old.unlink()
        for path in fresh.rglob("*"):
            if path.is_file() and path.name != ENTRY:
                target = bundle / path.relative_to(fresh)
                target.parent.mkdir(exist_ok=True)
                shutil.copyfile(path, target)
        entry["languages"].update(new["languages"])
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        (bundle / ENTRY).write_text(text, encoding="utf-8")
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


@dataclass
class _Plan:
    """What a locale needs written: its changed pages (docs path -> Markdown, untranslated), or all."""

    texts: Texts
    words: Definitions
    quiz: dict[str, Any]
    everything: bool = False
    pages: dict[str, tuple[str, list[Untranslated]]] = field(default_factory=dict)


def _derived(sources: site.Sources, texts: Texts) -> tuple[Definitions, dict[str, Any]]:
    """What a locale's pages are compiled with besides its texts: definitions and quiz data."""
    words = Definitions(sources.termbase, texts.lang, texts.termbase)
    quiz = quiz_data(sources.rules, sources.scenarios, texts.lang, texts.quiz, texts.ui, "../glossary/")
    return words, quiz


def _by_page(items: list[Untranslated]) -> dict[str, list[Untranslated]]:
    out: dict[str, list[Untranslated]] = {}
    for item in items:
        out.setdefault(item.page, []).append(item)
    return out


class Preview:
    """The site `glossary serve` shows: rebuild() brings it up to date with the sources."""

    def __init__(self, project: Project, out: Path | None = None) -> None:
        self.project = project
        self.out = (out or project.root / "site").resolve()
        self.work = project.root / "build"
        self.seen: Snapshot = {}
        self.sources: site.Sources | None = None  # None: the next rebuild is a full build
        self.locales: dict[str, _Locale] = {}
        self.indexing: threading.Thread | None = None  # Pagefind, after the last rebuild's pages
        self.failed: BaseException | None = None

    def rebuild(self) -> Rebuild | None:
        """Rebuild what changed since the last rebuild (everything the first time); None if nothing did."""
        with contextlib.suppress(GlossaryError):  # Pagefind failed: the full build below says why
            self.wait()
        started = time.perf_counter()
        now = snapshot(self.project)
        change = classify(self.project, self.seen, now, list(self.locales))
        if change.pages and not change.pages <= set(self.project.pages()):
            change = Change(everything=True)
        if self.sources is None or change.everything:
            result = self.build()
        elif not change:
            return None
        else:
            result = self._update(change)
            result.missing = sum(
                len(v) for state in self.locales.values() for v in state.untranslated.values()
            )
        self.seen = now  # only after success: a failed rebuild's changes are looked at again
        result.seconds = time.perf_counter() - started
        return result

    def build(self) -> Rebuild:
        """A full `glossary build`, then every locale read into memory for the next change."""
        self.sources, self.locales = None, {}
        report = site.build(self.project, out=self.out)
        sources = site.Sources.load(self.project)
        locales = {}
        for lang in report.locales:
            texts = load_texts(self.project, lang)
            rendering = Rendering(self.work / lang / "mkdocs.yml", self.out / lang)
            if not rendering.plain():
                return Rebuild(report=report)  # a user's plugin: every change is a full build
            words, quiz = _derived(sources, texts)
            locales[lang] = _Locale(
                texts, words, quiz, rendering, _by_page(report.untranslated.get(lang, []))
            )
        self.sources, self.locales = sources, locales
        return Rebuild(report=report)

    def _update(self, change: Change) -> Rebuild:
        sources = self.sources
        assert sources is not None
        plans = {}
        for lang, state in self.locales.items():  # read and compile first: bad input writes nothing
            domains = change.catalogs.get(lang, frozenset())
            if domains - {PAGE_DOMAIN}:
                plans[lang] = self._plan_locale(lang, sources)
            elif domains or change.pages:
                plans[lang] = self._plan_pages(state, sources, change.pages, bool(domains))
        result = Rebuild()
        stash: dict[Path, bytes | None] = {}  # the site's files as they were before this rebuild
        try:
            for lang, plan in plans.items():
                if plan.everything or plan.pages:
                    result.pages[lang] = self._write(lang, plan, stash)
                    result.untranslated[lang] = [u for _, items in plan.pages.values() for u in items]
        except BaseException:
            _restore(stash)
            self.sources = None  # memory and build/ may differ from the site: the next change rebuilds all
            raise
        if result.pages:
            self._index_later(list(result.pages))
        return result

    def _index_later(self, langs: list[str]) -> None:
        """Pagefind in a thread (it mostly waits for its process): the pages show without waiting."""

        def run() -> None:
            try:
                reindex(self.out, langs, list(self.locales))
            except BaseException as exc:  # raised by wait(), in the thread that rebuilds
                self.failed = exc

        self.indexing = threading.Thread(target=run, name="glossary-reindex")
        self.indexing.start()

    def wait(self) -> None:
        """Wait for the search index of the last rebuild; its error, if Pagefind failed."""
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None
        failed, self.failed = self.failed, None
        if failed is not None:
            self.sources = None
            raise failed

    def _plan_pages(
        self, state: _Locale, sources: site.Sources, pages: frozenset[Path], catalog: bool
    ) -> _Plan:
        """Compile the edited pages (every page when pages.po changed); keep those whose Markdown changed."""
        lang = state.texts.lang
        texts = (
            dataclasses.replace(state.texts, pages=page_texts(self.project, lang)) if catalog else state.texts
        )
        plan = _Plan(texts, state.words, state.quiz)
        docs = self.work / texts.lang / "docs"
        for page in self.project.pages() if catalog else sorted(pages):
            rel = page.relative_to(self.project.docs).as_posix()
            untranslated: list[Untranslated] = []
            text = site.compile_page(
                self.project, sources, page, texts, state.words, state.quiz, untranslated
            )
            target = docs / rel
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                plan.pages[rel] = (text, untranslated)
        return plan

    def _plan_locale(self, lang: str, sources: site.Sources) -> _Plan:
        """A changed termbase, quiz or ui catalog: the whole locale, once its pages are known to compile."""
        texts = load_texts(self.project, lang)
        words, quiz = _derived(sources, texts)
        for page in self.project.pages():
            site.compile_page(self.project, sources, page, texts, words, quiz, [])
        return _Plan(texts, words, quiz, everything=True)

    def _write(self, lang: str, plan: _Plan, stash: dict[Path, bytes | None]) -> list[str]:
        """Write the plan into build/<lang>/ and site/<lang>/ (site files first kept in stash); the pages written."""
        sources, state = self.sources, self.locales[lang]
        assert sources is not None
        site_dir, work = self.out / lang, self.work / lang
        if plan.everything:
            staging = self.out.parent / f".{self.out.name}.new" / lang  # the site_dir `glossary build` writes
            found = site.compile_locale(
                self.project, sources, lang, plan.texts, list(self.locales), work, staging
            )
            rendering = Rendering(work / "mkdocs.yml", site_dir)  # reads every page
            by_page = _by_page(found)
            plan.pages = {f.src_uri: ("", by_page.get(f"docs/{f.src_uri}", [])) for f in rendering.docs}
            uris = None
        else:
            rendering = state.rendering
            for rel, (text, _) in plan.pages.items():
                (work / "docs" / rel).write_text(text, encoding="utf-8")
            uris = None if rendering.read(sorted(plan.pages)) else sorted(plan.pages)
        extra = [site_dir / name for name in ("search.json", "sitemap.xml", "sitemap.xml.gz")]
        stash.update(_stash(rendering.targets(uris) + extra))
        written = rendering.write(uris)
        site.finish_locale(site_dir, work / "docs", plan.texts, sources.settings, written, state.search)
        untranslated = dict(state.untranslated)
        untranslated.update({f"docs/{rel}": items for rel, (_, items) in plan.pages.items()})
        self.locales[lang] = _Locale(plan.texts, plan.words, plan.quiz, rendering, untranslated, state.search)
        return sorted(plan.pages)
