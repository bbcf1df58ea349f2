"""A printable handout of one locale: stages, criteria with the checker's questions, "do not say".

Rendered from our own template (templates/handout.html) by WeasyPrint, whose text layout
(Pango and HarfBuzz) shapes Hebrew and lays it out right to left.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glossary import languages
from glossary.explain import Explainer
from glossary.generate import Definitions, environment
from glossary.localize import load_texts
from glossary.project import Project
from glossary.rules import load_rules
from glossary.sources import load_site_config
from glossary.termbase import load_termbase


def handout_html(project: Project, lang: str) -> str:
    """The handout of lang as one HTML page, every text escaped by the template."""
    texts = load_texts(project, lang)
    rules = load_rules(project.rules)
    explainer = Explainer(rules, lang, texts.quiz, texts.ui)
    stages = []
    for stage in rules.stages:
        routes = [r for r in rules.routes if r.stage == stage.id and r.suggest and r.when]
        stages.append(
            {
                "label": explainer.stage_label(stage.id),
                "summary": explainer.text(f"stage:{stage.id}:summary", stage.summary),
                "needs": [explainer.labels(list(r.when)) for r in routes],
            }
        )
    criteria = [
        {
            "label": explainer.criterion_label(c.id),
            "question": explainer.text(f"criterion:{c.id}:question", c.question),
        }
        for c in rules.criteria
    ]
    termbase = load_termbase(project.termbase)
    words = Definitions(termbase, lang, texts.termbase)
    avoid = []
    for concept in termbase:
        if lang not in concept.languages:
            continue
        for term in concept.terms_in(lang, "forbidden"):
            avoid.append(
                {
                    "term": term.text,
                    "preferred": concept.preferred(lang).text,
                    "why": words.term_note(concept, lang, term.text, term.note),
                }
            )
    avoid.sort(key=lambda row: row["term"].casefold())
    settings = load_site_config(project.mkdocs_yml)
    settings = settings if isinstance(settings, dict) else {}
    context: dict[str, Any] = {
        "lang": lang,
        "dir": languages.direction(lang),
        "title": texts.ui.gettext(str(settings.get("site_name") or "")),
        "description": texts.ui.gettext(str(settings.get("site_description") or "")),
        "stages": stages,
        "criteria": criteria,
        "avoid": avoid,
    }
    return environment(texts.ui).get_template("handout.html").render(**context)


def write_handout(project: Project, lang: str, path: Path) -> None:
    """Write the handout of lang as a PDF."""
    from weasyprint import HTML

    HTML(string=handout_html(project, lang), base_url=str(project.root)).write_pdf(str(path))
