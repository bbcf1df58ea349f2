"""Turning a verdict into words, in the reader's language."""

from __future__ import annotations

import gettext
from dataclasses import dataclass

from babel.lists import format_list

from glossary.rules import MET, MISSING, Ruleset, Verdict

Translations = gettext.NullTranslations
NULL = gettext.NullTranslations()


@dataclass(frozen=True)
class Reason:
    criterion: str
    label: str
    status: str
    text: str


class Explainer:
    """Words for a verdict from the rules' own texts, translated through the catalog."""

    def __init__(
        self, rules: Ruleset, lang: str = "en", tr: Translations = NULL, ui: Translations = NULL
    ) -> None:
        self.rules = rules
        self.lang = lang
        self.tr = tr  # the quiz catalog: the rules' own texts
        self.ui = ui  # the ui catalog: the sentences they are put into

    def text(self, context: str, english: str) -> str:
        return self.tr.pgettext(context, english)

    def stage_label(self, stage_id: str) -> str:
        return self.text(f"stage:{stage_id}:label", self.rules.stage(stage_id).label)

    def criterion_label(self, criterion_id: str) -> str:
        return self.text(f"criterion:{criterion_id}:label", self.rules.criterion(criterion_id).label)

    def route_text(self, stage_id: str, route_id: str) -> str:
        route = next(r for r in self.rules.routes if r.stage == stage_id and r.id == route_id)
        return self.text(f"route:{stage_id}:{route_id}", route.explanation)

    def reasons(self, verdict: Verdict) -> list[Reason]:
        out = []
        for c in self.rules.criteria:
            status = verdict.criteria[c.id]
            english = c.met if status == MET else c.missing if status == MISSING else c.unknown
            out.append(
                Reason(
                    c.id,
                    self.criterion_label(c.id),
                    status,
                    self.text(f"criterion:{c.id}:{status}", english),
                )
            )
        return out

    def labels(self, ids: tuple[str, ...] | list[str]) -> str:
        """Criterion labels as a list inside a sentence ("need, timing and budget")."""
        return format_list([_in_sentence(self.criterion_label(i)) for i in ids], locale=self.lang)

    def summary(self, verdict: Verdict) -> str:
        """One paragraph: the stage and why, what the next stage still needs, what is unknown."""
        _ = self.ui.gettext
        parts = [
            _("%(stage)s: %(reason)s")
            % {
                "stage": self.stage_label(verdict.stage),
                "reason": self.route_text(verdict.stage, verdict.route),
            }
        ]
        if verdict.signals:
            parts.append(_("Signals in its favour: %(list)s.") % {"list": self.labels(verdict.signals)})
        if verdict.next_stage:
            target = self.stage_label(verdict.next_stage)
            missing = [c for c in verdict.needs if verdict.criteria[c] == MISSING]
            unknown = [c for c in verdict.needs if verdict.criteria[c] not in (MET, MISSING)]
            if missing:
                parts.append(
                    _("Still needed for the next stage, %(stage)s: %(list)s.")
                    % {"stage": target, "list": self.labels(missing)}
                )
            if unknown:
                parts.append(
                    _("Not known yet for the next stage, %(stage)s: %(list)s.")
                    % {"stage": target, "list": self.labels(unknown)}
                )
        if verdict.likely:
            parts.append(
                _("Most likely stage: %(stage)s. To confirm: %(list)s.")
                % {
                    "stage": self.stage_label(verdict.likely.stage),
                    "list": self.labels(verdict.likely.unknown),
                }
            )
        for p in verdict.possible:
            parts.append(
                _("%(stage)s is possible if these turn out true: %(list)s.")
                % {"stage": self.stage_label(p.stage), "list": self.labels(p.unknown)}
            )
        return " ".join(parts)


def _in_sentence(label: str) -> str:
    """A label as it reads mid-sentence: 'Ability to pay' -> 'ability to pay', 'CRM' stays."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label
