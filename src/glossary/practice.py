"""The quiz for a terminal: the same localized data and verdicts as the site's quiz widget."""

from __future__ import annotations

import random
import shutil
import textwrap
import unicodedata
from dataclasses import dataclass
from typing import Any

from glossary.localize import load_texts
from glossary.project import Project
from glossary.rules import load_rules
from glossary.scenarios import load_scenarios
from glossary.widgets import quiz_data


@dataclass(frozen=True)
class Feedback:
    right: bool
    headline: str
    explanation: str
    reasons: list[tuple[str, str, str]]  # (status, criterion label, reason)


class Practice:
    """One round: a shuffled selection of scenarios, answered one by one."""

    def __init__(self, data: dict[str, Any], count: int = 12, seed: int | None = None) -> None:
        self.data = data
        self.ui: dict[str, str] = data["ui"]
        self.stages: list[dict[str, str]] = data["rules"]["stages"]
        self.labels = {c["id"]: c["label"] for c in data["rules"]["criteria"]}
        scenarios = list(data["scenarios"])
        random.Random(seed).shuffle(scenarios)
        self.questions: list[dict[str, Any]] = scenarios[: max(1, min(count, len(scenarios)))]
        self.answers: dict[str, str] = {}

    def stage_label(self, stage_id: str) -> str:
        return next(s["label"] for s in self.stages if s["id"] == stage_id)

    def progress(self, index: int) -> str:
        return self.ui["question"] % {"num": index + 1, "total": len(self.questions)}

    def parse(self, reply: str) -> str | None:
        """A stage id from what the learner typed: its number or its label; None if unclear."""
        text = reply.strip().casefold()
        if text.isdigit() and 1 <= int(text) <= len(self.stages):
            return self.stages[int(text) - 1]["id"]
        for s in self.stages:
            if text and text in (s["id"], s["label"].casefold()):
                return s["id"]
        return None

    def answer(self, question: dict[str, Any], stage: str) -> Feedback:
        self.answers[question["id"]] = stage
        ui, correct = self.ui, question["stage"]
        right = stage == correct
        parts = [
            ui["right"] if right else ui["wrong"],
            ui["answer_is"] % {"stage": self.stage_label(correct)},
        ]
        if not right:
            parts.append(ui["you_said"] % {"stage": self.stage_label(stage)})
        reasons = [(c["status"], self.labels[c["id"]], c["text"]) for c in question["criteria"]]
        return Feedback(right, " ".join(parts), question["explanation"], reasons)

    @property
    def score(self) -> int:
        return sum(self.answers.get(q["id"]) == q["stage"] for q in self.questions)

    def summary(self) -> str:
        return str(self.data["score"][self.score])

    def missed(self) -> list[dict[str, Any]]:
        return [q for q in self.questions if self.answers.get(q["id"]) != q["stage"]]


def terminal_width(fallback: int = 80) -> int:
    """The terminal's columns (COLUMNS wins, as for every terminal program), at least 20."""
    return max(20, shutil.get_terminal_size((fallback, 24)).columns)


def _cells(text: str) -> int:
    """Columns a text takes: combining marks (Hebrew points) take none, wide letters two."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def wrap(text: str, width: int, indent: str = "", visual: bool = False) -> list[str]:
    """A paragraph as terminal lines of at most width columns, words kept whole.

    With visual, each line is put in display order on its own, after wrapping: reordering a
    whole paragraph first would put its last words on the first line, so Hebrew read bottom-up.
    """
    room = max(10, width - _cells(indent))
    lines: list[str] = []
    for word in text.split():
        if lines and _cells(lines[-1]) + 1 + _cells(word) <= room:
            lines[-1] += " " + word
        elif _cells(word) <= room:
            lines.append(word)
        else:  # a word longer than the line: cut, as nothing else fits
            lines.extend(textwrap.wrap(word, room, break_long_words=True))
    if visual:
        from bidi import get_display

        lines = [str(get_display(line)) for line in lines]
    return [indent + line for line in lines] or [indent]


def practice_data(project: Project, lang: str) -> dict[str, Any]:
    """The quiz data of one locale, exactly as the site's quiz page gets it."""
    texts = load_texts(project, lang)
    rules = load_rules(project.rules)
    scenarios = load_scenarios(project.scenarios, rules)
    return quiz_data(rules, scenarios, lang, texts.quiz, texts.ui, "glossary")
