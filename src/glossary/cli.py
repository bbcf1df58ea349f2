"""The command line: each command parses arguments, calls one library function, prints its result."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from glossary import __version__
from glossary.errors import GlossaryError
from glossary.project import Project

if TYPE_CHECKING:
    from glossary import catalogs, reload, site

# Each command imports what it uses: `glossary check` on a large catalog should not wait for
# MkDocs, Jinja2 and the catalog writer to load.
F = TypeVar("F", bound=Callable[..., Any])
MARKS = {"met": "✓", "missing": "✗", "unknown": "?"}  # a criterion's status (glossary.rules)


def located(func: F) -> F:
    """Report bad input as one located line and exit 2, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GlossaryError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


class _Guarded(click.Group):
    """The last line of defence: an unexpected exception is one line and exit 3, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except GlossaryError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except Exception as exc:
            click.echo(internal_error(exc), err=True)
            if os.environ.get("GLOSSARY_DEBUG"):
                raise
            sys.exit(3)


def internal_error(exc: BaseException) -> str:
    """The message for a bug in glossary itself, with what to send in a report."""
    detail = " ".join(str(exc).split())[:300] or "(no message)"
    return (
        f"error: internal error in glossary {__version__}: {type(exc).__name__}: {detail}\n"
        "This is a bug in glossary, not in your files. Please report it with the command you ran, "
        "this message and, if you can, the file it read; run again with GLOSSARY_DEBUG=1 to see the traceback."
    )


@click.group(cls=_Guarded)
@click.version_option(version=__version__, prog_name="glossary")
def main() -> None:
    """Keep a multilingual sales glossary, its training site, quiz and validator."""


@main.command(name="classify")
@click.argument("prospect", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--lang", default="en", help="Language of the explanation.")
@located
def classify_cmd(prospect: Path, fmt: str, lang: str) -> None:
    """Classify a prospect (YAML or JSON with a `facts:` mapping) by the qualification rules."""
    from glossary.explain import Explainer
    from glossary.localize import load_texts
    from glossary.rules import classify, load_prospect, load_rules

    project = Project.find()
    rules = load_rules(project.rules)
    verdict = classify(load_prospect(prospect, rules), rules)
    texts = load_texts(project, lang)
    explainer = Explainer(rules, lang, texts.quiz, texts.ui)
    if fmt == "json":
        out = {
            "stage": verdict.stage,
            "route": verdict.route,
            "criteria": dict(verdict.criteria),
            "signals": list(verdict.signals),
            "next_stage": verdict.next_stage,
            "needs": list(verdict.needs),
            "likely": (
                {
                    "stage": verdict.likely.stage,
                    "route": verdict.likely.route,
                    "confirm": list(verdict.likely.unknown),
                }
                if verdict.likely
                else None
            ),
            "explanation": explainer.summary(verdict),
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(click.style(explainer.stage_label(verdict.stage), bold=True))
    click.echo(explainer.summary(verdict))
    click.echo()
    for reason in explainer.reasons(verdict):
        mark = MARKS.get(reason.status, "?")
        click.echo(f"  {mark} {reason.label}: {reason.text}")


@main.command()
@located
def extract() -> None:
    """Write the POT templates under locales/ from every source."""
    from glossary import catalogs

    for path, written in catalogs.write_templates(Project.find()):
        click.echo(f"{'wrote' if written else 'unchanged'} {path}")


@main.command()
@located
def update() -> None:
    """Extract, then merge the templates into every locale's catalogs, keeping every translation."""
    from glossary import catalogs

    _print_changes(catalogs.update(Project.find()))


@main.command()
@click.argument("locale")
@located
def init(locale: str) -> None:
    """Create the catalogs of a new LOCALE (e.g. fr, pt_BR); the site builds it from then on."""
    from glossary import catalogs, plurals

    _print_changes(catalogs.init(Project.find(), locale))
    note = plurals.for_new_catalog(locale)[1]
    if note:
        click.echo(f"note: {note}", err=True)


def _print_changes(changes: list[catalogs.Change]) -> None:
    for c in changes:
        state = "updated" if c.written else "unchanged"
        click.echo(f"{state:9} {c.path}: {c.new} new, {c.fuzzy} fuzzy, {c.obsolete} obsolete")


@main.command(name="build")
@click.option("--strict", is_flag=True, help="Fail if any segment is not translated yet.")
@click.option(
    "-o", "--out", type=click.Path(path_type=Path, file_okay=False), help="Output folder (default: site/)."
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Locales rendered at once (default: one per core)."
)
@click.option(
    "--lang",
    "only",
    multiple=True,
    help="Build only this locale (repeatable): its folder alone, to join with `glossary assemble`.",
)
@located
def build_cmd(strict: bool, out: Path | None, jobs: int | None, only: tuple[str, ...]) -> None:
    """Build the training site in every locale: site/<locale>/ plus a language chooser."""
    from glossary import site

    report = site.build(
        Project.find(),
        out=out,
        strict=strict,
        jobs=jobs,
        progress=lambda m: click.echo(m, err=True),
        only=list(only) or None,
    )
    _print_build(report)


@main.command()
@click.argument(
    "parts", nargs=-1, required=True, type=click.Path(path_type=Path, file_okay=False, exists=True)
)
@click.option(
    "-o", "--out", type=click.Path(path_type=Path, file_okay=False), help="Output folder (default: site/)."
)
@located
def assemble(parts: tuple[Path, ...], out: Path | None) -> None:
    """Join locale folders built apart (`build --lang`) into the site: root pages, sitemap, search."""
    from glossary import site

    report = site.assemble(Project.find(), list(parts), out=out)
    took = report.timings.get("total", 0.0)
    click.echo(f"assembled {', '.join(report.locales)} into {report.site} in {took:.1f}s")


def _print_build(report: site.BuildReport) -> None:
    for lang, items in report.untranslated.items():
        for u in items:
            click.echo(f"{u.page}:{u.line}: {lang}: {u.kind} not yet translated: {u.text[:60]!r}", err=True)
    missing = sum(len(v) for v in report.untranslated.values())
    took = report.timings.get("total", 0.0)
    click.echo(
        f"built {', '.join(report.locales)} into {report.site} in {took:.1f}s; {missing} untranslated segment(s)"
    )


@main.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8000, type=int)
@located
def serve(host: str, port: int) -> None:
    """Build, serve the site and rebuild what a change to a page, catalog, rule or the termbase touches."""
    from glossary import reload, site

    site.require_site_extra()
    from mkdocs.livereload import LiveReloadServer

    project = Project.find()
    preview = reload.Preview(project)

    def rebuild() -> None:
        try:
            _print_rebuild(preview.rebuild())
        except GlossaryError as exc:  # keep serving the last good site
            click.echo(f"error: {exc}", err=True)
        except Exception as exc:  # a bug of ours: said in one line, and the last good site stays
            click.echo(internal_error(exc), err=True)

    rebuild()
    # Polled (as MkDocs does, which works on any file system) every 0.1 s rather than 0.5 s:
    # most of a page's rebuild would otherwise be spent noticing the change.
    server = LiveReloadServer(
        builder=rebuild, host=host, port=port, root=str(preview.out), polling_interval=0.1
    )
    for path in (project.docs, project.locales, project.mkdocs_yml):
        server.watch(str(path))
    click.echo(f"serving on http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def _print_rebuild(result: reload.Rebuild | None) -> None:
    if result is None:
        return
    if result.report is not None:
        _print_build(result.report)
        return
    for lang, items in result.untranslated.items():
        for u in items:
            click.echo(f"{u.page}:{u.line}: {lang}: {u.kind} not yet translated: {u.text[:60]!r}", err=True)
    if not result.pages:
        click.echo(f"no page changed ({result.seconds:.2f}s)")
        return
    done = "; ".join(f"{lang}: {', '.join(pages)}" for lang, pages in result.pages.items())
    click.echo(f"rebuilt {done} in {result.seconds:.2f}s; {result.missing} untranslated segment(s)")


@main.command()
@click.option("--lang", default="en", help="Language of the quiz (en, es, he, ...).")
@click.option("--count", default=12, type=int, help="Questions per round.")
@click.option("--seed", type=int, help="Fix the question order (for repeatable runs).")
@click.option(
    "--bidi",
    type=click.Choice(["logical", "visual"]),
    default="logical",
    help="Right-to-left text: 'logical' for terminals that lay out bidi text themselves, "
    "'visual' to reorder it for terminals that do not.",
)
@located
def quiz(lang: str, count: int, seed: int | None, bidi: str) -> None:
    """Practise in the terminal: the site's quiz, one prospect at a time."""
    from glossary import languages
    from glossary.practice import Practice, practice_data, terminal_width, wrap

    data = practice_data(Project.find(), lang)
    visual = bidi == "visual" and languages.is_rtl(lang)
    width = terminal_width()

    def say(text: str, indent: str = "", first: str = "", **style: Any) -> None:
        """A paragraph wrapped to the terminal; first, if given, replaces the first line's indent."""
        for number, line in enumerate(wrap(text, width, indent, visual)):
            if first and number == 0:
                line = first + line[len(indent) :]
            click.echo(click.style(line, **style) if style else line)

    round_ = Practice(data, count=count, seed=seed)
    ui = round_.ui
    for index, question in enumerate(round_.questions):
        click.echo()
        say(round_.progress(index), fg="blue")
        say(question["title"], bold=True)
        say(question["narrative"])
        say(ui["pick"])
        for number, stage in enumerate(round_.stages, 1):
            click.echo(f"  {number}. {_bidi_display(stage['label']) if visual else stage['label']}")
        while True:
            reply = click.prompt(">", prompt_suffix=" ", default="", show_default=False)
            stage_id = round_.parse(reply)
            if stage_id:
                break
            say(ui["choose_first"])
        fb = round_.answer(question, stage_id)
        say(fb.headline, fg="green" if fb.right else "red", bold=True)
        say(fb.explanation)
        for status, label, text in fb.reasons:
            say(label + ": " + text, indent="    ", first=f"  {MARKS[status]} ")
    click.echo()
    say(ui["summary"], bold=True)
    say(f"{round_.summary()} ({round_.score}/{len(round_.questions)})")
    missed = round_.missed()
    if missed:
        say(ui["review"])
        for q in missed:
            say(q["title"] + " — " + round_.stage_label(q["stage"]), indent="    ", first="  - ")


def _bidi_display(text: str) -> str:
    from bidi import get_display

    return str(get_display(text))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@located
def stats(fmt: str) -> None:
    """Translation progress per locale and catalog: messages and words."""
    from glossary import catalogs

    rows = catalogs.stats(Project.find())
    if fmt == "json":
        out = [{**dataclasses.asdict(r), "percent": round(r.percent, 1)} for r in rows]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{'locale':8}{'catalog':10}{'done':>7}{'msgs':>6}{'fuzzy':>7}{'todo':>6}{'words':>7}{'w.todo':>8}"
    )
    for r in rows:
        click.echo(
            f"{r.lang:8}{r.domain:10}{r.percent:6.1f}%{r.messages:6}{r.fuzzy:7}{r.untranslated:6}"
            f"{r.words:7}{r.words_fuzzy + r.words_untranslated:8}"
        )


@main.command(name="export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tbx", "tbx2", "csv", "anki", "scorm12", "pdf"]),
    default="tbx",
    show_default=True,
)
@click.option("-o", "--output", default="-", metavar="FILE", help="Where to write; '-' (default) is stdout.")
@click.option(
    "--lang",
    help="Locale of an anki/scorm12/pdf export (default: every locale, a file each); with csv, "
    "the target language of a bilingual glossary (source, target, status, note).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing anki/scorm12/pdf file.")
@located
def export_cmd(fmt: str, output: str, lang: str | None, force: bool) -> None:
    """Write the termbase as TBX v3 or v2 (TBX-Basic) or CSV, or training material: Anki deck, SCORM 1.2 course, handout.

    CSV is one row per term, or with --lang a bilingual glossary that translation platforms
    import. For anki, scorm12 and pdf, -o is the file (with --lang) or a folder (without --lang).
    """
    from glossary.errors import Location

    if fmt not in ("tbx", "tbx2", "csv"):
        from glossary.exports import export

        target = None if output == "-" else Path(output)
        for path in export(Project.find(), fmt, lang, target, force):
            click.echo(f"wrote {path}")
        return
    from glossary.tabular import to_csv, to_pair_csv
    from glossary.tbx import export_definitions, to_tbx, to_tbx2
    from glossary.termbase import load_termbase

    project = Project.find()
    termbase = load_termbase(project.termbase)
    if lang is not None and (fmt != "csv" or lang not in termbase.languages):
        raise GlossaryError(
            f"--lang goes with --format csv and a language of the termbase: {', '.join(termbase.languages)}"
        )
    if fmt == "csv":
        data = (to_pair_csv(termbase, lang) if lang else to_csv(termbase)).encode("utf-8")
    else:
        write = to_tbx if fmt == "tbx" else to_tbx2
        data = write(termbase, export_definitions(project, termbase))
    try:
        with click.open_file(output, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise GlossaryError(f"cannot write file: {exc.strerror}", Location(output)) from None


@main.command(name="import")
@click.argument("tbx_file", metavar="FILE.tbx", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@located
def import_cmd(tbx_file: Path, fmt: str) -> None:
    """Merge a TBX file (v3 or v2 TBX-Basic) into the termbase: add and update, never delete."""
    from glossary.tbx import import_tbx

    report = import_tbx(Project.find().termbase, tbx_file)
    if fmt == "json":
        out = {
            "termbase": report.path,
            "added": [dataclasses.asdict(d) for d in report.added],
            "changed": [dataclasses.asdict(d) for d in report.changed],
            "kept": [dataclasses.asdict(d) for d in report.kept],
            "not_kept": list(report.not_kept),
            "readings": list(report.readings),
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{report.path}: {len(report.added)} added, {len(report.changed)} changed, "
        f"{len(report.kept)} kept (in the termbase, not in the TBX)"
    )
    for diff in report.added:
        click.echo(f"  added    {diff}")
    for diff in report.changed:
        click.echo(f"  changed  {diff}")
    for reading in report.readings:
        click.echo(f"  read     {reading}")
    if report.not_kept:
        click.echo("not kept (the termbase has no place for them; the TBX file still has them):")
        for item in report.not_kept:
            click.echo(f"  {item}")


def _names(values: tuple[str, ...]) -> list[str]:
    """Rule selectors given as repeated options or comma-separated: --select TRM,CAT001."""
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


@main.command(name="check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--lang", help="Language of the files given (PO files default to their Language header).")
@click.option(
    "--site",
    "site_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Check a built site (the folder `glossary build` wrote) instead of the sources.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text")
@click.option(
    "--select",
    multiple=True,
    help="Rules to run: IDs, names, families or ID prefixes (default: [tool.glossary] select, or ALL).",
)
@click.option("--ignore", multiple=True, help="Rules to skip, added to [tool.glossary] ignore.")
@click.option(
    "--severity",
    type=click.Choice(["error", "warning", "info"]),
    default="warning",
    show_default=True,
    help="Lowest severity to report; info findings (untranslated, obsolete) are hidden by default.",
)
@click.option(
    "--termbase",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Termbase for the terminology rules on loose files (default: the project's, else the built-in one).",
)
@located
def check_cmd(
    paths: tuple[Path, ...],
    lang: str | None,
    site_dir: Path | None,
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    severity: str,
    termbase: Path | None,
) -> None:
    """Check the project (or the FILES given, or a built --site) and report findings by rule.

    Exit status: 0 nothing at error level, 1 an error-level finding, 2 bad usage or input.
    """

    from glossary import languages
    from glossary.checks import SEVERITIES, check_files, check_project, check_site, report
    from glossary.checks.runner import configured
    from glossary.termbase import load_termbase

    if site_dir and paths:
        raise click.UsageError("give files or --site, not both")
    if lang:
        try:
            languages.locale(lang)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--lang") from None
    try:
        project: Project | None = Project.find()
    except GlossaryError:
        project = None
    chosen, skipped = configured(project.root if project else Path.cwd())
    if select:  # rules chosen on the command line run, whatever the configuration ignores
        chosen, skipped = _names(select), []
    skipped = skipped + _names(ignore)
    if site_dir:
        findings = check_site(site_dir, chosen, skipped)
    elif paths:
        from glossary.termbase import BUILTIN

        tb_path = termbase or (project.termbase if project else BUILTIN)
        if tb_path == BUILTIN:
            click.echo(
                "note: no glossary project here: terms are checked against the built-in sales termbase "
                "(--termbase FILE for another)",
                err=True,
            )
        tb = load_termbase(tb_path)
        findings = check_files(paths, lang, tb, chosen, skipped)
    else:
        if project is None:
            Project.find()  # raises the located "no glossary project here" error
        assert project is not None
        findings = check_project(project, chosen, skipped)
    rank = SEVERITIES.index(severity)
    shown = [f for f in findings if SEVERITIES.index(f.severity) <= rank]
    hidden = len(findings) - len(shown)
    color = fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    output = report.render(shown, fmt, color=color, version=__version__)
    if output:
        # Styles are stripped from text unless it is coloured; the other formats have none to
        # strip (and every control character escaped): written as they are.
        click.echo(output, color=color if fmt == "text" else True)
    click.echo(report.summary(shown, hidden), err=fmt != "text")
    if any(f.severity == "error" for f in findings):
        sys.exit(1)


@main.command(name="rules")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text")
def rules_cmd(fmt: str) -> None:
    """List the rules of `glossary check`; `--format markdown` writes the reference (RULES.md)."""
    from glossary.checks import report

    text = {"markdown": report.rules_markdown, "json": report.rules_json}.get(fmt, report.rules_text)()
    click.echo(text, nl=not text.endswith("\n"))
