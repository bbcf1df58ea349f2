"""Findings and rules as text for people, JSON and SARIF for machines, annotations for GitHub.

Every function returns a string; the command line prints it.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import groupby, islice
from pathlib import Path
from typing import Any
from urllib.parse import quote

import click

from glossary.checks.base import ERROR, FAMILIES, INFO, RULES, SECTIONS, SEVERITIES, WARNING, Finding, Rule
from glossary.checks.text import BIDI, visible

FORMATS = ("text", "json", "sarif", "github")
COLORS = {ERROR: "red", WARNING: "yellow", INFO: "blue"}
SARIF_LEVELS = {ERROR: "error", WARNING: "warning", INFO: "note"}
GITHUB_LEVELS = {ERROR: "error", WARNING: "warning", INFO: "notice"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HOME = "https://github.com/glossary/glossary"  # informational only; the rules are in RULES.md


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    found = Counter(f.severity for f in findings)
    return {severity: found.get(severity, 0) for severity in SEVERITIES}


def summary(findings: Sequence[Finding], hidden: int = 0) -> str:
    """'2 errors, 1 warning in 2 files', or 'no findings'."""
    by = counts(findings)
    parts = [f"{n} {severity}{'s' if n != 1 and severity != INFO else ''}" for severity, n in by.items() if n]
    files = len({f.path for f in findings})
    text = f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}" if parts else "no findings"
    if hidden:
        text += f" ({hidden} info finding{'s' if hidden != 1 else ''} not shown; --severity info shows them)"
    return text


def _highlight(f: Finding, color: bool) -> str:
    before, span, after = f.excerpt[: f.start], f.excerpt[f.start : f.end], f.excerpt[f.end :]
    before, span, after = visible(before), visible(span), visible(after)
    if not span:
        return before + after
    marked = click.style(span, fg="red", bold=True, underline=True) if color else f"»{span}«"
    return before + marked + after


def _one_line(text: str, limit: int = 70) -> str:
    flat = " ".join(visible(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def text(findings: Sequence[Finding], color: bool = False) -> str:
    """Findings grouped by file: line, severity, rule, message; then the message and the words."""
    out: list[str] = []
    for path, group in groupby(findings, key=lambda f: f.path):
        out.append(click.style(path, bold=True) if color else path)
        for f in group:
            severity = click.style(f.severity, fg=COLORS[f.severity], bold=True) if color else f.severity
            line = (f"{f.line}:{f.column}:" if f.column else f"{f.line}:") if f.line else "-:"
            out.append(f"  {line:<6} {severity} {f.rule} {f.name}: {visible(f.message)}")
            if f.msgid is not None:
                context = f"msgctxt {_one_line(f.msgctxt, 30)!r} " if f.msgctxt else ""
                out.append(f"         {context}msgid {_one_line(f.msgid)!r}")
            if f.excerpt:
                out.append(f"         | {_highlight(f, color)}".replace("\n", " "))
        out.append("")
    return "\n".join(out)


def _dumps(data: Any) -> str:
    """JSON with the text readable, but invisible controls as \\u escapes, never raw.

    Laid out for people and fast for 30,000 findings: mappings are spread over lines, and a
    long list has one item per line, each written by the C encoder (`json.dumps` with an
    indent runs in Python). The escaping is done where each value is encoded (_encode).
    """
    out: list[str] = []
    _layout(data, "", out)
    return "".join(out)


_PLAIN: set[str] = set()  # characters seen that JSON output writes as they are
_INVISIBLE: dict[int, str] = {}  # the others: code point -> its \\u escape


def _visible_json(encoded: str) -> str:
    """Encoded JSON with bidi controls and other format characters as \\u escapes.

    Most values are printable throughout (`str.isprintable`, in C); the others are looked at
    once per distinct character, not once per character.
    """
    if encoded.isascii() or encoded.isprintable():  # no ASCII character is escaped here
        return encoded
    for char in set(encoded) - _PLAIN:
        if char in BIDI or unicodedata.category(char) == "Cf":
            _INVISIBLE[ord(char)] = f"\\u{ord(char):04x}"
        else:
            _PLAIN.add(char)
    return encoded.translate(_INVISIBLE)


class _Encoded(list[str]):
    """Items already written as JSON (with _encode or _string), one per line."""


_ENCODER = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps makes one per call


def _encode(value: Any) -> str:
    return _visible_json(_ENCODER(value))


def _string(text: str) -> str:
    """A str as JSON, as _encode writes it, by json's C string encoder alone."""
    return _visible_json(json.encoder.encode_basestring(text))


def _nullable(text: str | None) -> str:
    return "null" if text is None else _string(text)


_SPREAD = 3  # lists up to this long are laid out like mappings; longer ones get an item per line


def _layout(value: Any, indent: str, out: list[str]) -> None:
    inner = indent + "  "
    if isinstance(value, dict) and value:
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            out += ("," if i else "", "\n", inner, _encode(str(key)), ": ")
            _layout(item, inner, out)
        out += ("\n", indent, "}")
    elif isinstance(value, _Encoded):
        if not value:
            out.append("[]")
            return
        out += ("[", "\n", inner, value[0])
        separator = ",\n" + inner
        for item in islice(value, 1, None):
            out += (separator, item)
        out += ("\n", indent, "]")
    elif isinstance(value, list) and value:
        out.append("[")
        if len(value) <= _SPREAD:
            for i, item in enumerate(value):
                out += ("," if i else "", "\n", inner)
                _layout(item, inner, out)
        else:
            out += ("\n", inner, (",\n" + inner).join(map(_encode, value)))
        out += ("\n", indent, "]")
    else:
        out.append(_encode(value))


def as_json(findings: Sequence[Finding]) -> str:
    """Every field of every finding, one finding per line, then the counts by severity."""
    paths = {path: _string(path) for path in {f.path for f in findings}}
    heads = {(f.rule, f.name, f.severity) for f in findings}
    head = {key: f'{{"rule": "{key[0]}", "name": "{key[1]}", "severity": "{key[2]}", ' for key in heads}
    lines = _Encoded(
        f"{head[f.rule, f.name, f.severity]}"
        f'"message": {_string(f.message)}, "path": {paths[f.path]}, "line": {f.line}, '
        f'"msgid": {_nullable(f.msgid)}, "msgctxt": {_nullable(f.msgctxt)}, "excerpt": {_string(f.excerpt)}, '
        f'"start": {f.start}, "end": {f.end}, "column": {f.column}, "end_line": {f.end_line}, '
        f'"end_column": {f.end_column}}}'
        for f in findings
    )
    return _dumps({"findings": lines, "counts": counts(findings)})


def _escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: one `::error file=...,line=...::message` per finding."""
    lines = []
    for f in findings:
        props = [f"file={_escape(f.path, True)}"]
        if f.line:
            props.append(f"line={f.line}")
        if f.column:
            props.append(f"col={f.column}")
            if f.end_line and f.end_line != f.line:
                props.append(f"endLine={f.end_line}")
            props.append(f"endColumn={f.end_column}")
        props.append(f"title={_escape(f'{f.rule} {f.name}', True)}")
        lines.append(f"::{GITHUB_LEVELS[f.severity]} {','.join(props)}::{_escape(visible(f.message))}")
    return "\n".join(lines)


def _sarif_rule(r: Rule) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.sections().get("What it does", r.summary)},
        "help": {"text": r.doc, "markdown": rule_markdown(r, level=2)},
        "helpUri": f"{HOME}/blob/main/RULES.md#{r.id.lower()}-{r.name}",
        "defaultConfiguration": {"level": SARIF_LEVELS[r.severity]},
        "properties": {"tags": [r.family]},
    }


def _fingerprint(f: Finding) -> str:
    """What identifies a finding whatever its line: rule, file, message, the words and their context."""
    words = f.excerpt[f.start : f.end] if f.end > f.start else ""
    key = "\0".join((f.rule, f.path, f.message, f.msgctxt or "", f.msgid or "", words, f.excerpt))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


SRCROOT = "%SRCROOT%"  # the working folder the check ran in
OUTSIDE = "OUTSIDE"  # the folder holding the files checked outside it


def _artifacts(paths: Iterable[str]) -> tuple[dict[str, dict[str, str]], dict[str, Any]]:
    """Each path as a relative URI with its base, and the bases as absolute file URIs."""
    root = Path.cwd().resolve()
    full = {path: Path(os.path.normpath(root / path)) for path in dict.fromkeys(paths)}
    inside = {path: p for path, p in full.items() if p == root or root in p.parents}
    outside = {path: p for path, p in full.items() if path not in inside}
    bases: dict[str, Any] = {SRCROOT: {"uri": root.as_uri() + "/"}}
    located = {path: (SRCROOT, p.relative_to(root)) for path, p in inside.items()}
    if outside:
        common = Path(os.path.commonpath([str(p.parent) for p in outside.values()]))
        bases[OUTSIDE] = {"uri": common.as_uri().rstrip("/") + "/"}
        located.update((path, (OUTSIDE, p.relative_to(common))) for path, p in outside.items())
    uris = {
        path: {"uri": quote(relative.as_posix()), "uriBaseId": base}
        for path, (base, relative) in located.items()
    }
    return uris, bases


def sarif(findings: Sequence[Finding], version: str = "0") -> str:
    """SARIF 2.1.0, for code scanning: the rules' metadata from the registry, one result per finding.

    Files are relative URIs against `%SRCROOT%` (the working folder) or, for files checked
    outside it, `OUTSIDE`. Each result has a `partialFingerprints` entry made without its
    line, so it stays the same when lines above it move; identical findings in one file are
    told apart by their order.
    """
    rules = list(RULES.values())
    # Each result is one line of JSON put together from pieces encoded once: per rule, per
    # file; only the texts of a finding are encoded for it (json's C string encoder).
    heads = {
        r.id: f'{{"ruleId": "{r.id}", "ruleIndex": {i}, "level": "{SARIF_LEVELS[r.severity]}", '
        for i, r in enumerate(rules)
    }
    uris, bases = _artifacts(f.path for f in findings)
    places = {
        path: f'"locations": [{{"physicalLocation": {{"artifactLocation": {_encode(uri)}'
        for path, uri in uris.items()
    }
    seen: Counter[str] = Counter()
    results = []
    for f in findings:
        region = ""
        if f.line:
            region = f'"startLine": {f.line}'
            if f.column:
                region += f', "startColumn": {f.column}'
                if f.end_line and f.end_line != f.line:
                    region += f', "endLine": {f.end_line}'
                region += f', "endColumn": {f.end_column}'
            if f.excerpt:
                region += f', "snippet": {{"text": {_string(visible(f.excerpt))}}}'
            region = f', "region": {{{region}}}'
        fingerprint = _fingerprint(f)
        seen[fingerprint] += 1
        properties = (
            f', "properties": {{"msgid": {_string(f.msgid)}, "msgctxt": {_nullable(f.msgctxt)}}}'
            if f.msgid is not None
            else ""
        )
        results.append(
            f'{heads[f.rule]}"message": {{"text": {_string(visible(f.message))}}}, '
            f"{places[f.path]}{region}}}}}], "
            f'"partialFingerprints": {{"glossaryFinding/v1": "{fingerprint}:{seen[fingerprint]}"}}{properties}}}'
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "glossary",
                        "informationUri": HOME,
                        "version": version,
                        "rules": [_sarif_rule(r) for r in rules],
                    }
                },
                "originalUriBaseIds": bases,
                "columnKind": "unicodeCodePoints",
                "results": _Encoded(results),
            }
        ],
    }
    return _dumps(log)


def render(findings: Sequence[Finding], fmt: str, color: bool = False, version: str = "0") -> str:
    if fmt == "json":
        return as_json(findings)
    if fmt == "sarif":
        return sarif(findings, version)
    if fmt == "github":
        return github(findings)
    return text(findings, color)


# --- the rules reference ------------------------------------------------------------------------


def rule_markdown(r: Rule, level: int = 2) -> str:
    """One rule's documentation: its heading, severity and family, then its docstring's sections."""
    hashes = "#" * level
    out = [
        f"{hashes} {r.id} {r.name}",
        "",
        r.summary,
        "",
        f"Severity: **{r.severity}**. Family: {r.family}.",
        "",
    ]
    sections = r.sections()
    for name in SECTIONS:
        out += [f"{hashes}# {name}", "", sections.get(name, ""), ""]
    return "\n".join(out).rstrip() + "\n"


def rules_markdown(rules: Iterable[Rule] | None = None) -> str:
    """RULES.md: a table of every rule, then each rule's documentation from its docstring."""
    chosen = sorted(rules if rules is not None else RULES.values(), key=lambda r: r.id)
    out = [
        "# Rules of `glossary check`",
        "",
        "<!-- Generated by `glossary rules --format markdown > RULES.md` from the rules' docstrings"
        " (src/glossary/checks/); edit those, not this file. -->",
        "",
        "Each rule has a stable ID, a kebab-case name and a severity. `glossary check` exits with 1",
        "when it finds anything at error level, 2 on bad usage, 0 otherwise. Select rules with",
        "`--select`/`--ignore` (IDs, names, families or ID prefixes such as `TRM`), or in",
        "`pyproject.toml`:",
        "",
        "```toml",
        "[tool.glossary]",
        'select = ["ALL"]',
        'ignore = ["CAT012"]',
        "```",
        "",
        "A translator suppresses a rule for one message with a translator comment:",
        "",
        "```po",
        "# glossary-ignore: forbidden-term, TRM003",
        'msgid "..."',
        "```",
        "",
        "Info findings (untranslated and obsolete messages) describe progress, not faults; they",
        "are not shown unless `--severity info` is given, and never change the exit code.",
        "",
        "| ID | Name | Severity | Family | What it reports |",
        "|---|---|---|---|---|",
    ]
    for r in chosen:
        anchor = f"{r.id.lower()}-{r.name}"
        out.append(f"| [{r.id}](#{anchor}) | {r.name} | {r.severity} | {r.family} | {r.summary} |")
    out.append("")
    for family in FAMILIES.values():
        members = [r for r in chosen if r.family == family]
        if not members:
            continue
        out += [f"## {family.capitalize()}", ""]
        out += [rule_markdown(r, level=3) for r in members]
    return "\n".join(out).rstrip() + "\n"


def rules_text(rules: Iterable[Rule] | None = None) -> str:
    chosen = sorted(rules if rules is not None else RULES.values(), key=lambda r: r.id)
    width = max((len(r.name) for r in chosen), default=10)
    return "\n".join(f"{r.id}  {r.name:<{width}}  {r.severity:<7}  {r.summary}" for r in chosen)


def rules_json(rules: Iterable[Rule] | None = None) -> str:
    chosen = sorted(rules if rules is not None else RULES.values(), key=lambda r: r.id)
    data = [
        {
            "id": r.id,
            "name": r.name,
            "severity": r.severity,
            "family": r.family,
            "summary": r.summary,
            **r.sections(),
        }
        for r in chosen
    ]
    return json.dumps(data, ensure_ascii=False, indent=2)
