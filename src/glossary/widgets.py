"""Data for the quiz and checker widgets of one locale, computed by the rules engine at build time.

The browser never decides a quiz answer: each scenario's verdict, reasons and explanation are
classified here, in Python, and written into the page. The checker evaluates the same rule
data in the browser (assets/rules.js); a test proves both engines agree.
"""

from __future__ import annotations

import gettext
import json
from typing import Any

from glossary import languages
from glossary.explain import Explainer
from glossary.rules import Ruleset
from glossary.scenarios import Scenario


def ui_strings(tr: gettext.NullTranslations) -> dict[str, str]:
    """The widgets' interface texts, translated."""
    _ = tr.gettext
    return {
        "question": _("Question %(num)d of %(total)d"),
        "pick": _("Which stage is this prospect at?"),
        "check": _("Check my answer"),
        "next": _("Next question"),
        "finish": _("See my results"),
        "right": _("Right!"),
        "wrong": _("Not quite."),
        "answer_is": _("The answer is: %(stage)s."),
        "you_said": _("You said: %(stage)s."),
        "why": _("Why"),
        "met": _("met"),
        "missing": _("missing"),
        "unknown": _("unknown"),
        "summary": _("Your results"),
        "review": _("Worth another look"),
        "all_right": _("You classified every prospect correctly."),
        "retry": _("Start again"),
        "count": _("Questions per round"),
        "all": _("all"),
        "choose_first": _("Choose a stage first."),
        "restart": _("Start a new round? The answers you gave in this round will be cleared."),
        "yes": _("Yes"),
        "no": _("No"),
        "dont_know": _("Don't know"),
        "stage_now": _("Stage: %(stage)s"),
        "next_needs": _("Still needed for the next stage, %(stage)s: %(list)s."),
        "next_unknown": _("Not known yet for the next stage, %(stage)s: %(list)s."),
        "signals": _("Signals in its favour: %(list)s."),
        "possible": _("%(stage)s is possible if these turn out true: %(list)s."),
        "likely": _("Most likely stage: %(stage)s. To confirm: %(list)s."),
        "reset": _("Clear all answers"),
        "glossary_link": _("What is this?"),
        "records_queued": _(
            "Your answers are kept on this device and will be sent to your training records "
            "when the connection is back."
        ),
        "stages": _("Stages of a sale"),
        "verdict": _("Your prospect's stage"),
        "details": _("Details"),
        "bar_needs": _("To reach %(stage)s: %(list)s"),
    }


def score_strings(tr: gettext.NullTranslations, total: int) -> list[str]:
    """'You got N right' for every N up to total, so the browser needs no plural rules."""
    return [
        tr.ngettext("You got %(num)d answer right.", "You got %(num)d answers right.", n) % {"num": n}
        for n in range(total + 1)
    ]


def rules_data(rules: Ruleset, explainer: Explainer, glossary_url: str) -> dict[str, Any]:
    """The rule data the browser's checker evaluates, with its texts in the page's language."""
    return {
        "stages": [
            {
                "id": s.id,
                "label": explainer.stage_label(s.id),
                "summary": explainer.text(f"stage:{s.id}:summary", s.summary),
            }
            for s in rules.stages
        ],
        "criteria": [
            {
                "id": c.id,
                "label": explainer.criterion_label(c.id),
                "question": explainer.text(f"criterion:{c.id}:question", c.question),
                "reasons": {
                    status: explainer.text(f"criterion:{c.id}:{status}", getattr(c, status))
                    for status in ("met", "missing", "unknown")
                },
                "signal": c.signal,
                "makes_likely": list(c.makes_likely),
                "href": f"{glossary_url}#{c.concept}" if c.concept else "",
            }
            for c in rules.criteria
        ],
        "routes": [
            {
                "stage": r.stage,
                "id": r.id,
                "when": list(r.when),
                "suggest": r.suggest,
                "unless_missing": list(r.unless_missing),
                "explanation": explainer.route_text(r.stage, r.id),
            }
            for r in rules.routes
        ],
    }


def quiz_data(
    rules: Ruleset,
    scenarios: tuple[Scenario, ...],
    lang: str,
    quiz_tr: gettext.NullTranslations,
    ui_tr: gettext.NullTranslations,
    glossary_url: str,
) -> dict[str, Any]:
    """Everything the quiz and checker show in one locale, answers included."""
    explainer = Explainer(rules, lang, quiz_tr, ui_tr)
    items = []
    for s in scenarios:
        verdict = s.verdict(rules)
        items.append(
            {
                "id": s.id,
                "title": quiz_tr.pgettext(f"scenario:{s.id}:title", s.title),
                "narrative": quiz_tr.pgettext(f"scenario:{s.id}:narrative", s.narrative),
                "stage": verdict.stage,
                "explanation": explainer.summary(verdict),
                "criteria": [
                    {"id": r.criterion, "status": r.status, "text": r.text}
                    for r in explainer.reasons(verdict)
                    if r.status != "unknown" or s.facts.get(r.criterion, False) is None
                ],
            }
        )
    return {
        "lang": lang,
        "dir": languages.direction(lang),
        "rules": rules_data(rules, explainer, glossary_url),
        "scenarios": items,
        "ui": ui_strings(ui_tr),
        "score": score_strings(ui_tr, len(items)),
        "list_and": _list_join(lang),
    }


def _list_join(lang: str) -> dict[str, str]:
    """CLDR's list patterns, so the browser joins 'a, b and c' as the language does."""
    patterns = languages.locale(lang).list_patterns["standard"]
    return {key: patterns[key] for key in ("start", "middle", "end", "2")}


def embed(data: dict[str, Any], element_id: str) -> str:
    """A JSON data island that no translation can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'
