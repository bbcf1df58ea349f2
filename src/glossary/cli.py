"""The command line: each command parses arguments, calls one library function, prints its result."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

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
