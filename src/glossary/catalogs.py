"""gettext catalogs: extract templates from every source, merge them into each locale, count progress.

Layout: `locales/<domain>.pot` templates and `locales/<lang>/LC_MESSAGES/<domain>.po` catalogs.
Merging never loses a translation: a changed source keeps its old translation as fuzzy, a
removed one becomes obsolete (`#~`), and an obsolete message that comes back is revived.
"""

from __future__ import annotations

import difflib
import gettext
import io
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel import UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, PoFileParser, unescape

from glossary import languages, plurals, pofile, reading
from glossary.errors import GlossaryError, Location, display_path
from glossary.project import Project
from glossary.rules import load_rules, messages
from glossary.scenarios import load_scenarios
from glossary.segment import segments
from glossary.sources import load_site_config
from glossary.termbase import load_termbase

DOMAINS = ("pages", "termbase", "quiz", "ui")
PACKAGE = Path(__file__).parent
FUZZY_CUTOFF = 0.6
# The context of the obsolete copy of a plural message whose source became singular.
SINGULAR_NOW = "plural forms from before the source became singular"
# pgettext is left out on purpose: in our code it only looks up data messages (termbase, rules).
UI_KEYWORDS: dict[str, Any] = {"_": None, "gettext": None, "ngettext": (1, 2)}
MENTION_HINT = "Keep link targets such as (concept:lead) unchanged; translate the link text."


def _new_catalog(lang: str | None = None, domain: str = "") -> Catalog:
    cat = Catalog(
        locale=lang,
        domain=domain,
        project="glossary",
        version="1",
        copyright_holder="the glossary authors",
        msgid_bugs_address="translators@glossary.invalid",
        last_translator="glossary translators",
        language_team=f"{languages.locale(lang).english_name} translators" if lang else None,
        fuzzy=False,
    )
    cat.header_comment = (
        f"# {domain}: {'template' if lang is None else lang} catalog of the glossary training site.\n"
        "# Edit msgstr lines only; `glossary update` merges new sources in and keeps\n"
        "# your work."
    )
    return cat


# --- extraction -------------------------------------------------------------------------


def _rel(project: Project, path: Path) -> str:
    return path.resolve().relative_to(project.root.resolve()).as_posix()


def extract(project: Project) -> dict[str, Catalog]:
    """The template of every domain, built from the current sources."""
    templates = {domain: _new_catalog(domain=domain) for domain in DOMAINS}
    _extract_pages(project, templates["pages"])
    _extract_termbase(project, templates["termbase"])
    _extract_quiz(project, templates["quiz"])
    _extract_ui(project, templates["ui"])
    return templates


def _extract_pages(project: Project, cat: Catalog) -> None:
    for page in project.pages():
        rel = _rel(project, page)
        text = reading.read_page(page)
        for seg in segments(text, rel):
            comments = [seg.kind]
            if "](concept:" in seg.text:
                comments.append(MENTION_HINT)
            cat.add(seg.text, locations=[(rel, seg.line)], auto_comments=comments)


def _extract_termbase(project: Project, cat: Catalog) -> None:
    termbase = load_termbase(project.termbase)
    rel = _rel(project, project.termbase)
    for c in termbase:
        line = c.location.line if c.location else 0
        english = c.preferred(languages.SOURCE_LANGUAGE).text
        cat.add(
            c.definition,
            context=c.id,
            locations=[(rel, line)],
            auto_comments=[f"Definition of {english!r}, for a new sales hire."],
        )
        if c.note:
            cat.add(
                c.note,
                context=f"{c.id}:note",
                locations=[(rel, line)],
                auto_comments=[f"Note on {english!r}."],
            )
        for term in c.terms:
            if term.note:
                tline = term.location.line if term.location else line
                cat.add(
                    term.note,
                    context=f"{c.id}:{term.lang}:{term.text}",
                    locations=[(rel, tline)],
                    auto_comments=[
                        f"Why the {term.lang} term {term.text!r} is {term.status} for {english!r}."
                    ],
                )


def _extract_quiz(project: Project, cat: Catalog) -> None:
    rules = load_rules(project.rules)
    rel = _rel(project, project.rules)
    for m in messages(rules):
        cat.add(m.text, context=m.context, locations=[(rel, m.location.line if m.location else 0)])
    if project.scenarios.exists():
        srel = _rel(project, project.scenarios)
        for s in load_scenarios(project.scenarios, rules):
            line = s.location.line if s.location else 0
            cat.add(s.title, context=f"scenario:{s.id}:title", locations=[(srel, line)])
            cat.add(s.narrative, context=f"scenario:{s.id}:narrative", locations=[(srel, line)])


def _extract_ui(project: Project, cat: Catalog) -> None:
    settings = load_site_config(project.mkdocs_yml)
    lines = reading.read_text(project.mkdocs_yml).split("\n")
    for key in ("site_name", "site_description"):
        if settings.get(key):
            line = next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), 0)
            cat.add(str(settings[key]), locations=[("mkdocs.yml", line)], auto_comments=[key])
    sources: list[tuple[Path, Any]] = [(p, "python") for p in sorted(PACKAGE.glob("*.py"))]
    sources += [(p, "jinja2.ext:babel_extract") for p in sorted((PACKAGE / "templates").glob("*"))]
    options = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
    for path, method in sources:
        rel = f"src/glossary/{path.relative_to(PACKAGE).as_posix()}"
        for line, msg, comments, context in extract_from_file(
            method,
            str(path),
            keywords=UI_KEYWORDS,
            options=options,
            strip_comment_tags=True,
            comment_tags=("TRANSLATORS:",),
        ):
            cat.add(msg, locations=[(rel, line)], auto_comments=comments, context=context)


# --- reading and writing ---------------------------------------------------------------


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')  # one PO string: in double quotes, inner ones escaped


def _string_problem(string: str, at_end: bool = False) -> str | None:
    """What is wrong with a PO string as written in the file, if anything."""
    if _STRING.fullmatch(string):
        return None
    if _STRING.match(string):
        return 'text after the closing quote; write a quote inside a string as \\"'
    if string.startswith('"'):
        return f"end of {'file' if at_end else 'line'} within a string"
    return "expected a string in double quotes"


def _without_babel_previous(comments: list[str]) -> list[str]:
    """Translator comments minus `| msgid ...` ones: Babel read its own `#| msgid` lines as comments."""
    kept, junk = [], False
    for comment in comments:
        junk = comment.startswith("| msgid") or (junk and comment.startswith("|"))
        if not junk:
            kept.append(comment)
    return kept


class _LocatedParser(PoFileParser):
    """Babel's PO parser, stricter: duplicates, short plural lists and broken strings are errors.

    It also reads what Babel's does not: the `#| msgid` previous source of a fuzzy message.
    """

    def __init__(self, catalog: Catalog, path: str, last_line: int) -> None:
        self.previous: list[tuple[str, list[str]]] = []  # (keyword, its quoted strings) of `#|` lines
        super().__init__(catalog, ignore_obsolete=False, abort_invalid=True)
        self.path = path
        self.last_line = last_line  # 0-based, like Babel's line numbers

    def _reset_message_state(self) -> None:
        super()._reset_message_state()
        self.previous = []

    def _process_comment(self, line: str) -> None:
        if not line.startswith("#|"):
            super()._process_comment(line)
            return
        self._finish_current_message()
        text = line[2:].strip()
        keyword, _, string = text.partition(" ")
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            self.previous.append((keyword, []))
        else:
            string = text  # a continuation line
        problem = _string_problem(string.strip()) if self.previous else "it starts with no keyword"
        if problem:
            raise ValueError(
                f"previous msgid (a `#|` line): {problem}; "
                "delete the message's `#|` lines, they only show what changed"
            )
        self.previous[-1][1].append(string.strip())

    def _process_message_line(self, lineno: int, line: str, obsolete: bool = False) -> None:
        if not (obsolete and line.startswith("|")):
            super()._process_message_line(lineno, line, obsolete)
            return
        try:  # `#~|`: the previous msgid of an obsolete message
            self._process_comment(f"#{line}")
        except ValueError as exc:
            self._invalid_pofile(line, lineno, str(exc))

    def _process_keyword_line(self, lineno: int, line: str, obsolete: bool = False) -> None:
        try:
            super()._process_keyword_line(lineno, line, obsolete)
        except ValueError:  # e.g. msgstr[x]: Babel's int() fails on the index
            self._invalid_pofile(line, lineno, "unreadable keyword (a msgstr[n] index must be a number)")
        self._check_string(line.partition(" ")[2].strip(), line, lineno)

    def _process_string_continuation_line(self, line: str, lineno: int) -> None:
        super()._process_string_continuation_line(line, lineno)
        self._check_string(line, line, lineno)

    def _check_string(self, string: str, line: str, lineno: int) -> None:
        problem = _string_problem(string, at_end=lineno == self.last_line)
        if problem:
            self._invalid_pofile(line, lineno, problem)
        if self._in_header():
            self._check_header_field(unescape(string), lineno)

    def _in_header(self) -> bool:
        """True while reading the msgstr of the header entry (msgid "", no context)."""
        one_msgid = self.context is None and len(self.messages) == 1
        return self.in_msgstr and not self.obsolete and one_msgid and not self.messages[0].denormalize()

    def _check_header_field(self, field: str, lineno: int) -> None:
        """A header field on its own, so that a bad one is reported at its line."""
        name, colon, value = field.partition(":")
        try:
            Catalog().mime_headers = [(name.strip(), value.strip())] if colon else []
        except (ValueError, UnknownLocaleError) as exc:
            raise GlossaryError(
                f"invalid catalog header {name.strip()}: {exc}", Location(self.path, lineno + 1)
            ) from None

    def _add_message(self) -> None:
        where = Location(self.path, self.offset + 1)
        msgid = self.messages[0].denormalize()
        ctxt = self.context.denormalize() if self.context else None
        key = self.catalog._key_for(msgid, ctxt)
        if msgid and (key in self.catalog._messages if not self.obsolete else key in self.catalog.obsolete):
            raise GlossaryError(
                f"duplicate message {msgid[:60]!r}; keep one entry and delete the other", where
            )
        if len(self.messages) > 1 and len(self.translations) < self.catalog.num_plurals:
            raise GlossaryError(
                f"plural message {msgid[:40]!r} has {len(self.translations)} msgstr forms, but the header's "
                f"Plural-Forms says nplurals={self.catalog.num_plurals}; add the missing msgstr[n] lines",
                where,
            )
        self.user_comments = _without_babel_previous(self.user_comments)
        if not msgid and ctxt is None and not self.obsolete and self.translations:
            # the header exactly as written: Babel's own rebuilds it in its order and drops fields
            self.catalog.header_text = self.translations[0][1].denormalize()  # type: ignore[attr-defined]
            self.catalog.header_comments = list(self.user_comments)  # type: ignore[attr-defined]
        previous = {keyword: "".join(unescape(s) for s in strings) for keyword, strings in self.previous}
        messages = self.catalog.obsolete if self.obsolete else self.catalog._messages
        super()._add_message()
        if key in messages and previous:
            ids = [previous[k] for k in ("msgid", "msgid_plural") if k in previous]
            messages[key].previous_id = ids
            messages[key].previous_context = previous.get("msgctxt")  # type: ignore[attr-defined]


def read_catalog(path: Path) -> Catalog:
    """Parse a PO or POT file strictly; GlossaryError with file:line on any problem."""
    where = display_path(path)
    text = reading.read_text(path, "catalog")
    catalog = Catalog()
    parser = _LocatedParser(catalog, where, last_line=text.rstrip().count("\n"))
    try:
        parser.parse(io.StringIO(text))
    except PoFileError as exc:
        raise GlossaryError(
            f"PO syntax error: {str(exc).rsplit(' on ', 1)[0]}: {exc.line.strip()!r}",
            Location(where, exc.lineno + 1),  # Babel counts lines from 0
        ) from None
    except (ValueError, UnknownLocaleError) as exc:
        raise GlossaryError(f"invalid catalog header: {exc}", Location(where, 1)) from None
    _check_header(catalog, text, where)
    return catalog


def _check_header(catalog: Catalog, text: str, where: str) -> None:
    header = catalog.mime_headers
    fields = {k.lower(): v for k, v in header}
    content_type = fields.get("content-type", "")
    if content_type and "charset=utf-8" not in content_type.lower().replace(" ", ""):
        raise GlossaryError(
            f"header Content-Type is {content_type!r}; catalogs must be 'text/plain; charset=UTF-8'",
            Location(where, _line_of(text, "Content-Type")),
        )
    plural = fields.get("plural-forms", "")
    if plural and "plural=" not in plural:
        raise GlossaryError(
            f"header Plural-Forms {plural!r} has no plural= expression",
            Location(where, _line_of(text, "Plural-Forms")),
        )
    if plural:
        expression = plural.split("plural=", 1)[1].strip().rstrip(";")
        try:
            gettext.c2py(expression)
        except (ValueError, RecursionError) as exc:
            raise GlossaryError(
                f"header Plural-Forms has a broken plural expression ({exc}): {expression[:80]!r}; "
                "copy the line from a catalog `glossary init` writes",
                Location(where, _line_of(text, "Plural-Forms")),
            ) from None


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return number
    return 1


def render(catalog: Catalog) -> bytes:
    """The PO file, byte for byte as GNU msgcat writes it (see pofile.py)."""
    return pofile.render(catalog)


def _without_dates(data: bytes) -> bytes:
    return b"\n".join(
        line
        for line in data.split(b"\n")
        if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))
    )


def write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write atomically (temp file + rename) and only if something besides dates changed."""
    data = render(catalog)
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)  # not mkstemp's 0600: catalogs are shared files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _mode(path: Path) -> int:
    """The permissions of the file being replaced, or 0644 less the umask for a new one."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o644 & ~umask


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def initial_catalog(lang: str, domain: str, template: Catalog) -> Catalog:
    """An empty catalog for a new locale, with the header gettext's msginit writes (--no-translator)."""
    cat = _new_catalog(lang, domain)
    plural, _ = plurals.for_new_catalog(lang)
    header = pofile.header_text(template)
    for name, value in (
        ("PO-Revision-Date", _now()),
        ("Last-Translator", "Automatically generated"),
        ("Language-Team", "none"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Language", lang),
        ("Plural-Forms", plural),
    ):
        header = pofile.with_field(header, name, value)
    cat.header_text = header  # type: ignore[attr-defined]
    cat.header_comments = pofile.header_comments(cat)  # type: ignore[attr-defined]
    cat.mime_headers = [("Plural-Forms", plural)]  # Babel's count of forms, for the merge
    return cat


# --- locales ---------------------------------------------------------------------------


def template_path(project: Project, domain: str) -> Path:
    return project.locales / f"{domain}.pot"


def catalog_path(project: Project, lang: str, domain: str) -> Path:
    return project.locales / lang / "LC_MESSAGES" / f"{domain}.po"


def locales(project: Project) -> list[str]:
    """The target locales: every `locales/<code>/LC_MESSAGES` folder, with a code CLDR knows."""
    found = []
    for folder in sorted(project.locales.glob("*/LC_MESSAGES")):
        code = folder.parent.name
        try:
            languages.locale(code)
        except ValueError as exc:
            raise GlossaryError(
                f"not a locale folder: {exc}", Location(display_path(folder.parent))
            ) from None
        found.append(code)
    return found


# --- merging ---------------------------------------------------------------------------


def _key(msg: Message) -> tuple[str, str | None]:
    msgid = msg.id if isinstance(msg.id, str) else msg.id[0]
    return (msgid, msg.context)


def _translated(msg: Message) -> bool:
    strings = msg.string if isinstance(msg.string, (list, tuple)) else [msg.string]
    return any(strings)


def _plural(msg: Message) -> bool:
    return isinstance(msg.id, (list, tuple))


def _worth_keeping(msg: Message) -> bool:
    """A translation or a translator's comment: something a person wrote."""
    return _translated(msg) or bool(msg.user_comments)


def _fit(string: Any, template: Message, nplurals: int) -> tuple[Any, bool]:
    """Reshape an old translation to the template's singular/plural shape; True if reshaped."""
    if isinstance(template.id, (list, tuple)):
        if isinstance(string, (list, tuple)):
            forms = list(string)[:nplurals]
            return tuple(forms + [""] * (nplurals - len(forms))), len(string) != nplurals
        return tuple([string] + [""] * (nplurals - 1)), True
    if isinstance(string, (list, tuple)):
        return string[0], True
    return string, False


@dataclass(frozen=True)
class MergeResult:
    catalog: Catalog
    new: int
    fuzzy: int
    obsolete: int


def merge(old: Catalog, template: Catalog) -> MergeResult:
    """Bring a locale's catalog up to date with the template, keeping every translation."""
    active = {_key(m): m for m in old if m.id}
    retired = {_key(m): m for m in old.obsolete.values()}
    plural = {_key(m): _plural(m) for m in template if m.id}  # the template's keys and shapes
    leftovers = {k: m for k, m in active.items() if k not in plural and _translated(m)}
    new = Catalog(locale=old.locale, domain=old.domain, header_comment=old.header_comment, fuzzy=old.fuzzy)
    new.mime_headers = old.mime_headers
    new.header_text = pofile.header_text(old)  # type: ignore[attr-defined]
    new.header_comments = pofile.header_comments(old)  # type: ignore[attr-defined]
    counts = {"new": 0, "fuzzy": 0}
    for tmsg in template:
        if not tmsg.id:
            continue
        key = _key(tmsg)
        msg = tmsg.clone()
        msg.previous_id = []
        source = active.get(key) or retired.get(key)
        fuzzy = False
        if source is None:
            source = _closest(key, leftovers)
            fuzzy = source is not None
            if source is not None:
                msg.previous_id = [source.id] if isinstance(source.id, str) else list(source.id)
        if source is None:
            msg.string = ("",) * new.num_plurals if isinstance(msg.id, (list, tuple)) else ""
            counts["new"] += 1
        else:
            msg.string, reshaped = _fit(source.string, tmsg, new.num_plurals)
            msg.user_comments = list(source.user_comments)
            msg.flags = set(tmsg.flags) | set(source.flags)
            if not fuzzy and source.fuzzy:
                msg.previous_id = list(source.previous_id)  # still shows what changed
            if fuzzy or reshaped:
                msg.flags.add("fuzzy")
                counts["fuzzy"] += 1
        new[msg.id] = msg

    # Everything not in the template stays, as obsolete: nothing a translator wrote is dropped.
    def retire(msg: Message) -> bool:
        shape = plural.get(_key(msg))
        singular_now = _plural(msg) and shape is False  # the new message has only its first form
        if not _worth_keeping(msg) or (shape is not None and not singular_now):
            return False
        gone = msg.clone()
        gone.locations = []
        if singular_now:  # kept apart: GNU tools reject an obsolete twin of an active message
            gone.context = f"{msg.context} ({SINGULAR_NOW})" if msg.context else SINGULAR_NOW
        new.obsolete[new._key_for(gone.id, gone.context)] = gone
        return True

    for msg in retired.values():
        retire(msg)
    obsolete = sum(retire(msg) for msg in active.values())
    return MergeResult(new, counts["new"], counts["fuzzy"], obsolete)


def _closest(key: tuple[str, str | None], leftovers: dict[tuple[str, str | None], Message]) -> Message | None:
    """The removed message most like this new one, with the same context (a changed source)."""
    candidates = {k[0]: m for k, m in leftovers.items() if k[1] == key[1]}
    match = difflib.get_close_matches(key[0], list(candidates), n=1, cutoff=FUZZY_CUTOFF)
    return candidates[match[0]] if match else None


# --- the commands' library side --------------------------------------------------------


@dataclass(frozen=True)
class Change:
    lang: str
    domain: str
    path: str
    new: int
    fuzzy: int
    obsolete: int
    written: bool


def write_templates(project: Project) -> list[tuple[str, bool]]:
    """Extract and write every template; returns (path, written) pairs."""
    out = []
    for domain, template in extract(project).items():
        path = template_path(project, domain)
        out.append((display_path(path), write_catalog(path, template)))
    return out


def update(project: Project, only: Iterable[str] = ()) -> list[Change]:
    """Extract the templates and merge them into every locale (or only the ones given)."""
    templates = extract(project)
    for domain, template in templates.items():
        write_catalog(template_path(project, domain), template)
    wanted = list(only) or locales(project)
    changes = []
    for lang in wanted:
        for domain, template in templates.items():
            path = catalog_path(project, lang, domain)
            old = read_catalog(path) if path.exists() else initial_catalog(lang, domain, template)
            result = merge(old, template)
            header = pofile.header_text(result.catalog)
            result.catalog.header_text = pofile.with_field(header, "PO-Revision-Date", _now())  # type: ignore[attr-defined]
            written = write_catalog(path, result.catalog)
            changes.append(
                Change(
                    lang,
                    domain,
                    display_path(path),
                    result.new,
                    result.fuzzy,
                    result.obsolete,
                    written,
                )
            )
    return changes


def rewrite(project: Project) -> list[str]:
    """Read and write back every template and catalog, changing nothing but the layout; the paths written."""
    written = []
    for path in [template_path(project, d) for d in DOMAINS] + [p for _, _, p in iter_catalogs(project)]:
        if not path.exists():
            continue
        catalog = read_catalog(path)
        if path.suffix == ".pot":  # as extract writes templates: no Babel version in them
            header = pofile.header_text(catalog)
            catalog.header_text = "".join(  # type: ignore[attr-defined]
                line for line in header.splitlines(keepends=True) if not line.startswith("Generated-By:")
            )
        if write_catalog(path, catalog):
            written.append(display_path(path))
    return written


def init(project: Project, code: str) -> list[Change]:
    """Create the catalogs of a new locale; its folder is what registers it for the site."""
    try:
        languages.locale(code)
    except ValueError as exc:
        raise GlossaryError(str(exc)) from None
    if code == languages.SOURCE_LANGUAGE:
        raise GlossaryError(f"{code!r} is the source language; it needs no catalogs")
    folder = project.locales / code
    if folder.exists():
        raise GlossaryError(
            f"locale {code!r} already exists; run 'glossary update' to refresh it",
            Location(display_path(folder)),
        )
    return update(project, only=[code])


@dataclass(frozen=True)
class Stats:
    lang: str
    domain: str
    messages: int
    translated: int
    fuzzy: int
    untranslated: int
    words: int
    words_translated: int
    words_fuzzy: int
    words_untranslated: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.messages if self.messages else 100.0


def _words(msg: Message) -> int:
    msgid = msg.id if isinstance(msg.id, str) else " ".join(msg.id)
    return len(msgid.split())


def catalog_stats(lang: str, domain: str, catalog: Catalog) -> Stats:
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for msg in catalog:
        if not msg.id:
            continue
        state = "untranslated" if not _translated(msg) else "fuzzy" if msg.fuzzy else "translated"
        counts[state][0] += 1
        counts[state][1] += _words(msg)
    t, f, u = counts["translated"], counts["fuzzy"], counts["untranslated"]
    return Stats(lang, domain, t[0] + f[0] + u[0], t[0], f[0], u[0], t[1] + f[1] + u[1], t[1], f[1], u[1])


def stats(project: Project) -> list[Stats]:
    """Progress per locale and catalog, in messages and in source words."""
    out = []
    for lang in locales(project):
        for domain in DOMAINS:
            path = catalog_path(project, lang, domain)
            catalog = read_catalog(path) if path.exists() else Catalog()
            out.append(catalog_stats(lang, domain, catalog))
    return out


def iter_catalogs(project: Project) -> Iterator[tuple[str, str, Path]]:
    for lang in locales(project):
        for domain in DOMAINS:
            yield lang, domain, catalog_path(project, lang, domain)


def translations(project: Project, lang: str, domain: str) -> gettext.NullTranslations:
    """A gettext translations object for one catalog; fuzzy and empty entries fall back to English."""
    path = catalog_path(project, lang, domain)
    if lang == languages.SOURCE_LANGUAGE or not path.exists():
        return gettext.NullTranslations()
    return compiled(read_catalog(path))


def compiled(catalog: Catalog) -> gettext.GNUTranslations:
    """A catalog already read, as gettext looks messages up; fuzzy and empty entries fall back to English."""
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)
