"""The model of the validator: rules, the problems they find, and the findings reported.

A rule is a small function registered with `@rule(...)`: an ID (`TRM001`), a kebab-case
name (`forbidden-term`), a severity and the kind of input it looks at (its scope). Its
docstring is its documentation; `glossary rules` renders it. A rule yields `Problem`s; the
runner turns them into located `Finding`s with the rule's ID, name and severity.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from glossary.errors import GlossaryError, Location

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)  # most severe first
FAMILIES = {
    "INP": "input",
    "TBS": "termbase",
    "CAT": "catalogs",
    "CNS": "consistency",
    "TRM": "terminology",
    "BID": "bidi",
    "QUZ": "quiz",
    "SIT": "site",
}
# What a rule's function is called with, by scope:
#   entry    (Entry, Context)       one PO message, or one segment of a Markdown or text file
#   file     (TextFile, Context)    one file as a whole: its header, its load errors
#   project  (ProjectData)          everything at once: termbase, catalogs, quiz data
#   site     (Site)                 a built site
SCOPES = ("entry", "file", "project", "site")
# What an entry has, as bits (see inputs.Entry.traits). An entry rule that says what it needs
# (`needs=PERCENT | BRACES`) runs only on entries with at least one of those: it could find
# nothing in the others, and most messages of a large catalog are plain prose.
TRANSLATED, UNTRANSLATED, FUZZY, OBSOLETE, PLURAL, COMMENTED = 1, 2, 4, 8, 16, 32
PERCENT, BRACES, MARKUP, URLISH, DIGIT = 64, 128, 256, 512, 1024
SPACED = 2048  # a text starts or ends with whitespace
# Traits told for all the entries of a file at once, by a function registered with
# `@finds(TRAIT)`: a term may be in the text, two words in a row are alike, a translation
# may be its source unchanged, a translation may end otherwise than its source.
TERMS, ALIKE, SAME, ENDINGS = 4096, 8192, 16384, 32768
SECTIONS = ("What it does", "Why it matters", "Example")
EXCERPT = 60  # characters of context kept on each side of a finding's span
LIMIT = 20  # findings of one rule in one message or file, at most
_ID = re.compile(r"^[A-Z]{3}\d{3}$")
_NAME = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule found: a message and, when it can say, the words and the place.

    `text` is the string `span` points into (a translation, usually). A rule that looks at
    one entry leaves `location` empty and the runner uses the entry's.
    """

    message: str
    text: str = ""
    span: tuple[int, int] | None = None
    location: Location | None = None
    msgid: str | None = None
    msgctxt: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One located finding of one rule, ready to report."""

    rule: str  # ID, e.g. TRM001
    name: str  # e.g. forbidden-term
    severity: str  # error, warning or info
    message: str
    path: str
    line: int = 0  # 1-based; 0 when the finding is about a whole file
    msgid: str | None = None
    msgctxt: str | None = None
    excerpt: str = ""  # the offending words with some context, for highlighting
    start: int = 0  # the offending words are excerpt[start:end]
    end: int = 0
    column: int = 0  # 1-based, in characters of the line, where the offending words start; 0 if unknown
    end_line: int = 0  # the line they end on (usually `line`) and the column just after them
    end_column: int = 0

    @property
    def location(self) -> Location:
        return Location(self.path, self.line)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message)


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: str
    scope: str
    check: Callable[..., Iterable[Problem]]
    needs: int = 0  # entry traits, any of which the rule needs to find anything; 0: none

    def applies(self, traits: int) -> bool:
        return not self.needs or bool(self.needs & traits)

    @property
    def family(self) -> str:
        return FAMILIES[self.id[:3]]

    @property
    def doc(self) -> str:
        return _dedent(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The docstring's first line: what the rule reports, in one sentence."""
        return self.doc.split("\n", 1)[0].strip()

    def sections(self) -> dict[str, str]:
        """The docstring's '## What it does', '## Why it matters' and '## Example' parts."""
        out: dict[str, str] = {}
        current = ""
        for line in self.doc.split("\n")[1:]:
            if line.startswith("## "):
                current = line[3:].strip()
                out[current] = ""
            elif current:
                out[current] += line + "\n"
        return {key: value.strip("\n") for key, value in out.items()}


def _dedent(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc)


RULES: dict[str, Rule] = {}  # by ID, in registration order
F = TypeVar("F", bound=Callable[..., Iterable[Problem]])


def rule(rule_id: str, name: str, severity: str, scope: str, needs: int = 0) -> Callable[[F], F]:
    """Register a rule function under its ID and name; needs: the entry traits it looks at."""
    if not _ID.match(rule_id) or rule_id[:3] not in FAMILIES:
        raise ValueError(f"bad rule id {rule_id!r}")
    if not _NAME.match(name):
        raise ValueError(f"rule name {name!r} must be kebab-case")
    if severity not in SEVERITIES or scope not in SCOPES:
        raise ValueError(f"rule {rule_id}: unknown severity {severity!r} or scope {scope!r}")

    def register(func: F) -> F:
        taken = RULES.get(rule_id) or next((r for r in RULES.values() if r.name == name), None)
        if taken is not None and taken.check is not func:
            raise ValueError(f"rule {rule_id} {name} clashes with {taken.id} {taken.name}")
        RULES[rule_id] = Rule(rule_id, name, severity, scope, func, needs)
        return func

    return register


# For a trait: the function that finds, in all the entries of a file at once, the positions
# of those that have it; called as (entries, context).
FINDERS: dict[int, Callable[..., set[int]]] = {}
G = TypeVar("G", bound=Callable[..., set[int]])


def finds(trait: int) -> Callable[[G], G]:
    """Register the function that tells which entries of a file have a trait."""

    def register(func: G) -> G:
        FINDERS[trait] = func
        return func

    return register


def by_name_or_id(key: str) -> Rule | None:
    key = key.strip()
    found = RULES.get(key.upper())
    return found or next((r for r in RULES.values() if r.name == key.lower()), None)


def _matching(selector: str) -> list[Rule]:
    """The rules a selector names: ALL, a rule ID or name, a family name, or an ID prefix (TRM, CAT01)."""
    key = selector.strip()
    if key.upper() == "ALL":
        return list(RULES.values())
    found = by_name_or_id(key)
    if found:
        return [found]
    if key.lower() in FAMILIES.values():
        return [r for r in RULES.values() if r.family == key.lower()]
    if re.fullmatch(r"[A-Za-z]{3}\d{0,2}", key):
        return [r for r in RULES.values() if r.id.startswith(key.upper())]
    return []


def selected(select: Sequence[str] = ("ALL",), ignore: Sequence[str] = ()) -> tuple[Rule, ...]:
    """The rules to run; GlossaryError naming any selector that matches no rule."""
    chosen: dict[str, Rule] = {}
    for key in select:
        rules = _matching(key)
        if not rules:
            raise GlossaryError(f"--select {key!r} matches no rule; see `glossary rules`")
        chosen.update((r.id, r) for r in rules)
    for key in ignore:
        rules = _matching(key)
        if not rules:
            raise GlossaryError(f"--ignore {key!r} matches no rule; see `glossary rules`")
        for r in rules:
            chosen.pop(r.id, None)
    return tuple(r for r in RULES.values() if r.id in chosen)


def finding(
    rule: Rule,
    problem: Problem,
    default: Location,
    msgid: str | None,
    msgctxt: str | None,
    place: Callable[[int], tuple[int, int]] | None = None,
) -> Finding:
    """A rule's problem, located: the problem's own place, else the input's.

    place: for a segment of a text or Markdown file, the line and column in the file of a
    character of the problem's text; the finding then points at the words themselves.
    """
    where = problem.location or default
    excerpt, start, end = excerpt_of(problem.text, problem.span)
    line = where.line
    column = end_line = end_column = 0
    if place is not None and problem.location is None and problem.span is not None:
        line, column = place(problem.span[0])
        if column:
            end_line, end_column = place(max(problem.span[1] - 1, problem.span[0]))
            end_column += problem.span[1] > problem.span[0]
    return Finding(
        rule=rule.id,
        name=rule.name,
        severity=rule.severity,
        message=problem.message,
        path=where.path,
        line=line,
        msgid=clip(problem.msgid if problem.msgid is not None else msgid),
        msgctxt=clip(problem.msgctxt if problem.msgctxt is not None else msgctxt),
        excerpt=excerpt,
        start=start,
        end=end,
        column=column,
        end_line=end_line,
        end_column=end_column,
    )


def clip(text: str | None, limit: int = 500) -> str | None:
    """A msgid short enough to report (a 10 MB message stays out of the report)."""
    if text is None or len(text) <= limit:
        return text
    return text[:limit] + "…"


def excerpt_of(text: str, span: tuple[int, int] | None) -> tuple[str, int, int]:
    """A window of text around span, with the span's offsets inside the window."""
    if not text:
        return "", 0, 0
    if span is None:
        short = text if len(text) <= 2 * EXCERPT else text[: 2 * EXCERPT] + "…"
        return short, 0, 0
    start, end = max(0, span[0]), min(len(text), span[1])
    end = min(end, start + 2 * EXCERPT)  # a huge span is cut, not copied
    left = max(0, start - EXCERPT)
    right = min(len(text), end + EXCERPT)
    head = "…" if left else ""
    tail = "…" if right < len(text) else ""
    window = head + text[left:right] + tail
    return window, start - left + len(head), end - left + len(head)


def run(rules: Iterable[Rule], scope: str, *args: Any) -> Iterator[tuple[Rule, Problem]]:
    """Every problem the rules of one scope find in one input, at most LIMIT per rule and input.

    A 10 MB message with the same slip a million times is reported, not a million times.
    """
    for r in rules:
        if r.scope != scope:
            continue
        for count, problem in enumerate(r.check(*args), 1):
            if count > LIMIT and scope in ("entry", "file"):
                note = f"more {r.name} findings here are not shown (the first {LIMIT} are)"
                yield r, Problem(note, location=problem.location)
                break
            yield r, problem
