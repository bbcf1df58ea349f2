"""Content derived from the records, per locale: the glossary table and the stages diagram."""

from __future__ import annotations

import gettext
import html
import itertools
import os
import re
from dataclasses import dataclass
from typing import Any

from babel.lists import format_list
from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from glossary import languages
from glossary.rules import Ruleset
from glossary.termbase import Concept, Termbase


class _InMemory(BytecodeCache):
    """Compiled templates kept for the rest of the process."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])  # dropped if the source changed since

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_IN_MEMORY = _InMemory()


def _compiled(folder: str | None) -> BytecodeCache:
    """Where our templates are kept compiled: beside the theme's when the build names a folder."""
    if not folder:
        return _IN_MEMORY
    os.makedirs(folder, exist_ok=True)
    return FileSystemBytecodeCache(folder)


def environment(tr: gettext.NullTranslations) -> Environment:
    """Jinja2 with autoescape and gettext bound to one locale's UI catalog.

    Every locale's environment has the same settings, so a template compiled for one serves
    all; the build keeps them in its Jinja cache (GLOSSARY_JINJA_CACHE, see mkdocs_hooks).
    """
    env = Environment(
        loader=PackageLoader("glossary", "templates"),
        bytecode_cache=_compiled(os.environ.get("GLOSSARY_JINJA_CACHE")),
        autoescape=select_autoescape(["html", "svg", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Jinja's own gettext would trust a translation as Markup and %-format every one of them
    # (a stray % would stop the build); these escape it and fill in only the placeholders.
    env.globals["_"] = env.globals["gettext"] = lambda s, **v: _filled(tr.gettext(s), v)
    env.globals["ngettext"] = lambda s, p, n, **v: _filled(tr.ngettext(s, p, n), {"num": n, **v})
    env.filters["markdown_text"] = markdown_text
    return env


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")


def _filled(translation: str, values: dict[str, Any]) -> Markup:
    """A translation as escaped HTML with its %(name)s placeholders filled in (escaped too)."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return "%"
        return str(escape(values[name])) if name in values else str(escape(match.group(0)))

    return Markup(_PLACEHOLDER.sub(fill, str(escape(translation))))


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!])")  # what Python-Markdown unescapes


def markdown_text(value: str) -> str:
    """Text (or escaped Markup) as Markdown that renders exactly that text: no markup, links or HTML."""
    plain = value.unescape() if isinstance(value, Markup) else str(value)
    return html.escape(_MARKDOWN_PUNCTUATION.sub(r"\\\1", plain), quote=True)


@dataclass(frozen=True)
class Definitions:
    """A concept's words in one locale: heading term, translated definition and notes."""

    termbase: Termbase
    lang: str
    tr: gettext.NullTranslations

    def heading(self, concept: Concept) -> str:
        lang = self.lang if self.lang in concept.languages else languages.SOURCE_LANGUAGE
        return concept.preferred(lang).text

    def definition(self, concept: Concept) -> str:
        return self.tr.pgettext(concept.id, concept.definition)

    def note(self, concept: Concept) -> str:
        return self.tr.pgettext(f"{concept.id}:note", concept.note) if concept.note else ""

    def term_note(self, concept: Concept, lang: str, term: str, note: str) -> str:
        return self.tr.pgettext(f"{concept.id}:{lang}:{term}", note) if note else ""


def glossary_html(
    termbase: Termbase, lang: str, termbase_tr: gettext.NullTranslations, ui: gettext.NullTranslations
) -> str:
    """The glossary entries of one locale, alphabetical in its language, as an HTML block."""
    words = Definitions(termbase, lang, termbase_tr)
    order = [lang] + [code for code in termbase.languages if code != lang]
    entries: list[dict[str, Any]] = []
    for c in termbase:
        rows = []
        for code in order:
            if code not in c.languages:
                continue
            rows.append(
                {
                    "lang": code,
                    "dir": languages.direction(code),
                    "language": languages.locale(code).get_display_name(lang) or code,
                    "preferred": c.preferred(code).text,
                    "admitted": [t.text for t in c.terms_in(code, "admitted")],
                    "forbidden": [
                        {"term": t.text, "note": words.term_note(c, code, t.text, t.note)}
                        for t in c.terms_in(code, "forbidden")
                    ],
                }
            )
        relations = [
            {"type": r.type, "target": r.target, "heading": words.heading(termbase.concept(r.target))}
            for r in c.relations
        ]
        entries.append(
            {
                "id": c.id,
                "heading": words.heading(c),
                "definition": words.definition(c),
                "note": words.note(c),
                "rows": rows,
                "relations": relations,
            }
        )
    entries.sort(key=lambda e: e["heading"].casefold())
    return environment(ui).get_template("glossary.html").render(entries=entries)


def stages_svg(
    rules: Ruleset, lang: str, quiz_tr: gettext.NullTranslations, ui: gettext.NullTranslations
) -> str:
    """The funnel diagram with the stage labels of one locale, mirrored for right-to-left."""
    labels = [quiz_tr.pgettext(f"stage:{s.id}:label", s.label) for s in rules.stages]
    box_width, gap = 150, 50
    width = len(labels) * box_width + (len(labels) - 1) * gap + 20
    rtl = languages.is_rtl(lang)
    boxes: list[dict[str, Any]] = []
    for i, (stage, label) in enumerate(zip(rules.stages, labels, strict=True)):
        slot = len(labels) - 1 - i if rtl else i
        height = 110 - i * 14  # the funnel narrows
        boxes.append(
            {
                "id": stage.id,
                "label": label,
                "x": 10 + slot * (box_width + gap),
                "height": height,
                "offset": (110 - height) / 2,
            }
        )
    arrows = []
    for a, b in itertools.pairwise(boxes):
        if rtl:
            arrows.append({"x1": a["x"] - 4, "x2": b["x"] + box_width + 4})
        else:
            arrows.append({"x1": a["x"] + box_width + 4, "x2": b["x"] - 4})
    return (
        environment(ui)
        .get_template("stages.svg")
        .render(
            boxes=boxes,
            arrows=arrows,
            width=width,
            box_width=box_width,
            dir=languages.direction(lang),
            stage_list=format_list(labels, locale=lang),
        )
    )
