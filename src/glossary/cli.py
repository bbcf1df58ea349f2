"""The command line: each command parses arguments, calls one library function, prints its result."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from glossary import catalogs
from glossary.errors import GlossaryError
from glossary.explain import Explainer
from glossary.project import Project
from glossary.rules import MET, MISSING, classify, load_prospect, load_rules

F = TypeVar("F", bound=Callable[..., Any])
SYMBOLS = {MET: "✓", MISSING: "✗"}


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


@click.group()
@click.version_option(package_name="glossary")
def main() -> None:
    """Keep a multilingual sales glossary, its training site, quiz and validator."""


@main.command(name="classify")
@click.argument("prospect", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--lang", default="en", help="Language of the explanation.")
@located
def classify_cmd(prospect: Path, fmt: str, lang: str) -> None:
    """Classify a prospect (YAML or JSON with a `facts:` mapping) by the qualification rules."""
    project = Project.find()
    rules = load_rules(project.rules)
    verdict = classify(load_prospect(prospect, rules), rules)
    explainer = Explainer(rules, lang)
    if fmt == "json":
        out = {
            "stage": verdict.stage,
            "route": verdict.route,
            "criteria": dict(verdict.criteria),
            "signals": list(verdict.signals),
            "next_stage": verdict.next_stage,
            "needs": list(verdict.needs),
            "explanation": explainer.summary(verdict),
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(click.style(explainer.stage_label(verdict.stage), bold=True))
    click.echo(explainer.summary(verdict))
    click.echo()
    for reason in explainer.reasons(verdict):
        mark = SYMBOLS.get(reason.status, "?")
        click.echo(f"  {mark} {reason.label}: {reason.text}")


@main.command()
@located
def extract() -> None:
    """Write the POT templates under locales/ from every source."""
    for path, written in catalogs.write_templates(Project.find()):
        click.echo(f"{'wrote' if written else 'unchanged'} {path}")


@main.command()
@located
def update() -> None:
    """Extract, then merge the templates into every locale's catalogs, keeping every translation."""
    _print_changes(catalogs.update(Project.find()))


@main.command()
@click.argument("locale")
@located
def init(locale: str) -> None:
    """Create the catalogs of a new LOCALE (e.g. fr, pt_BR); the site builds it from then on."""
    _print_changes(catalogs.init(Project.find(), locale))


def _print_changes(changes: list[catalogs.Change]) -> None:
    for c in changes:
        state = "updated" if c.written else "unchanged"
        click.echo(f"{state:9} {c.path}: {c.new} new, {c.fuzzy} fuzzy, {c.obsolete} obsolete")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@located
def stats(fmt: str) -> None:
    """Translation progress per locale and catalog: messages and words."""
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
