"""Running the rules: over a project, over loose files, over a built site."""

from __future__ import annotations

import functools
import gc
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.checks.base import FINDERS, Finding, Problem, Rule, finding, run, selected
from glossary.checks.inputs import Context, Entry, ProjectData, TextFile, read_file
from glossary.errors import GlossaryError, Location, display_path
from glossary.project import Project
from glossary.termbase import Termbase, load_termbase

if TYPE_CHECKING:
    from glossary.rules import Ruleset
    from glossary.scenarios import Scenario

TEXT_SUFFIXES = (".po", ".md", ".markdown", ".txt")


def _problem(exc: GlossaryError, default: Path) -> Problem:
    return Problem(exc.message, location=exc.location or Location(display_path(default)))


@contextmanager
def _unpaused() -> Iterator[None]:
    """No cyclic garbage collection while a run reads and checks.

    A catalog of 20,000 messages is some hundred thousand small objects, all alive until
    the run ends, and the collector would walk them all again and again as they are made:
    that took more time than all the checks. What the run leaves is collected after it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_project(project: Project) -> ProjectData:
    """Read every source the checks look at; what cannot be read is kept as a problem."""
    from glossary import catalogs  # what the project's checks need, and checking loose files does not
    from glossary.rules import load_rules
    from glossary.scenarios import load_scenarios

    termbase: Termbase | None = None
    termbase_error = None
    try:
        termbase = load_termbase(project.termbase)
    except GlossaryError as exc:
        termbase_error = _problem(exc, project.termbase)
    files: list[TextFile] = []
    try:
        locales = tuple(catalogs.locales(project))
    except GlossaryError as exc:
        locales = ()
        where = exc.location.path if exc.location else display_path(project.locales)
        files.append(TextFile(where, "", "po", unreadable=Problem(exc.message, location=exc.location)))
    for lang in locales:
        folder = project.locales / lang / "LC_MESSAGES"
        for path in sorted(folder.glob("*.po")):
            files.append(read_file(path, lang))
    rules: Ruleset | None = None
    scenarios: tuple[Scenario, ...] = ()
    quiz_error = None
    try:
        rules = load_rules(project.rules)
        if project.scenarios.exists():
            scenarios = load_scenarios(project.scenarios, rules)
    except GlossaryError as exc:
        quiz_error = _problem(exc, project.rules)
    return ProjectData(
        display_path(project.root),
        locales,
        tuple(files),
        termbase,
        termbase_error,
        rules,
        scenarios,
        quiz_error,
    )


def _check_file(file: TextFile, rules: Sequence[Rule], ctx: Context) -> list[Finding]:
    where = Location(file.path)
    out = [finding(r, p, where, None, None) for r, p in run(rules, "file", file, ctx)]
    entry_rules = [r for r in rules if r.scope == "entry"]
    plans: dict[int, tuple[Rule, ...]] = {}  # the rules that apply, by entry traits
    needed = functools.reduce(operator.or_, (r.needs for r in entry_rules), 0)
    found = [(trait, find(file.entries, ctx)) for trait, find in FINDERS.items() if trait & needed]
    traits_of = [entry.traits for entry in file.entries]
    for trait, having in found:
        for i in having:
            traits_of[i] |= trait
    for entry, traits in zip(file.entries, traits_of, strict=True):
        plan = plans.get(traits)
        if plan is None:
            plan = plans[traits] = tuple(r for r in entry_rules if r.applies(traits))
        if not plan:
            continue  # most messages: nothing any selected rule could find
        out += [entry_finding(r, p, entry) for r, p in run(plan, "entry", entry, ctx)]
    return out


def entry_finding(rule: Rule, problem: Problem, entry: Entry) -> Finding:
    """A problem an entry rule found, located in the entry's file: down to the column in a segment."""
    msgid = entry.msgid if entry.has_source else None
    place = entry.place if entry.places and problem.text in entry.strings else None
    return finding(rule, problem, entry.location, msgid, entry.msgctxt, place)


def _unsuppressed(findings: Iterable[Finding], files: Iterable[TextFile]) -> list[Finding]:
    """Drop the findings a `# glossary-ignore: ...` comment on their message suppresses."""
    suppressed = {(e.path, e.line): e.suppressed for f in files for e in f.entries if e.comments}
    out = []
    for f in findings:
        names = suppressed.get((f.path, f.line), frozenset())
        if f.rule.casefold() not in names and f.name not in names:
            out.append(f)
    return sorted(out, key=lambda f: f.sort_key)


def check_project(
    project: Project, select: Sequence[str] = ("ALL",), ignore: Sequence[str] = ()
) -> list[Finding]:
    """Every finding of the selected rules on a project's termbase, catalogs and quiz data."""
    rules = selected(select, ignore)
    with _unpaused():
        data = load_project(project)
        ctx = Context(data.termbase)
        findings: list[Finding] = []
        for file in data.files:
            findings += _check_file(file, rules, ctx)
        default = Location(data.root)
        findings += [finding(r, p, default, None, None) for r, p in run(rules, "project", data)]
        return _unsuppressed(findings, data.files)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the PO, Markdown and text files inside any folder given."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
        else:
            out.append(path)
    return out


def check_files(
    paths: Iterable[Path],
    lang: str | None = None,
    termbase: Termbase | None = None,
    select: Sequence[str] = ("ALL",),
    ignore: Sequence[str] = (),
) -> list[Finding]:
    """Lint files a translator hands in (PO, Markdown, plain text), all in one language.

    A PO file without lang uses its `Language:` header. Without a termbase the terminology
    rules have nothing to check against and find nothing.
    """
    check = file_checker(termbase, select, ignore)
    findings: list[Finding] = []
    with _unpaused():
        for path in expand(paths):
            findings += check(read_file(path, lang))
        # What the run read is freed now, while the collector is still off: alive when it is
        # turned back on, every entry would be walked once more by its next collection.
        del check
        return sorted(findings, key=lambda f: f.sort_key)


def file_checker(
    termbase: Termbase | None, select: Sequence[str] = ("ALL",), ignore: Sequence[str] = ()
) -> Callable[[TextFile], list[Finding]]:
    """What checks one file that was read: the selected rules, suppressions applied."""
    rules = selected(select, ignore)
    ctx = Context(termbase)

    def check(file: TextFile) -> list[Finding]:
        return _unsuppressed(_check_file(file, rules, ctx), [file])

    return check


def configured(root: Path) -> tuple[list[str], list[str]]:
    """The `select` and `ignore` defaults of `[tool.glossary]` in root/pyproject.toml, if any."""
    import tomllib

    path = root / "pyproject.toml"
    where = Location(display_path(path))
    if not path.is_file():
        return ["ALL"], []
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("glossary", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"cannot read pyproject.toml: {exc}", where) from None
    out: dict[str, list[str]] = {}
    for key, default in (("select", ["ALL"]), ("ignore", [])):
        value = table.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise GlossaryError(f"[tool.glossary] {key} must be a list of rule IDs or names", where)
        out[key] = value
    unknown = set(table) - {"select", "ignore"}
    if unknown:
        raise GlossaryError(
            f"[tool.glossary] has unknown key(s): {', '.join(sorted(unknown))}; use select, ignore", where
        )
    return out["select"], out["ignore"]


def check_site(folder: Path, select: Sequence[str] = ("ALL",), ignore: Sequence[str] = ()) -> list[Finding]:
    """Every finding of the selected site rules on a built site (the output of `glossary build`)."""
    from glossary.checks.site import load_site

    rules = selected(select, ignore)
    if not folder.is_dir():
        raise GlossaryError(
            "not a folder; pass the folder `glossary build` wrote (e.g. site/)", Location(str(folder))
        )
    site = load_site(folder)
    default = Location(display_path(folder))
    return sorted(
        (finding(r, p, default, None, None) for r, p in run(rules, "site", site)), key=lambda f: f.sort_key
    )


__all__ = [
    "check_files",
    "check_project",
    "check_site",
    "configured",
    "expand",
    "file_checker",
    "load_project",
]
