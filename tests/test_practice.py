"""The terminal quiz, and agreement between the quiz data, the terminal and `glossary classify`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from glossary.practice import Practice, practice_data
from glossary.project import Project


def run(*args: str, stdin: str = "", cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize("lang", ["en", "es", "he"])
def test_every_scenario_gets_the_same_answer_from_quiz_data_and_classify(tmp_path: Path, lang: str) -> None:
    data = practice_data(Project(ROOT), lang)
    from glossary.rules import load_rules
    from glossary.scenarios import load_scenarios

    rules = load_rules(Project(ROOT).rules)
    facts = {s.id: s.facts for s in load_scenarios(Project(ROOT).scenarios, rules)}
    assert len(data["scenarios"]) >= 30
    for item in data["scenarios"]:
        prospect = tmp_path / f"{item['id']}.json"
        prospect.write_text(json.dumps({"facts": facts[item["id"]]}), encoding="utf-8")
        result = run("classify", str(prospect), "--format", "json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["stage"] == item["stage"], item["id"]


def answers_for(lang: str, count: int, seed: int, right: bool) -> tuple[str, list[str]]:
    round_ = Practice(practice_data(Project(ROOT), lang), count=count, seed=seed)
    numbers = [s["id"] for s in round_.stages]
    lines = []
    for q in round_.questions:
        correct = numbers.index(q["stage"])
        lines.append(str((correct if right else (correct + 1) % len(numbers)) + 1))
    return "\n".join(lines) + "\n", [q["title"] for q in round_.questions]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_terminal_quiz_all_right(lang: str) -> None:
    stdin, titles = answers_for(lang, 4, 7, right=True)
    result = run("quiz", "--lang", lang, "--count", "4", "--seed", "7", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert "(4/4)" in result.stdout
    for title in titles:
        assert title in result.stdout
    data = practice_data(Project(ROOT), lang)
    assert data["score"][4] in result.stdout
    assert result.stdout.count(data["ui"]["right"]) == 4


def test_terminal_quiz_wrong_answers_are_listed_for_review() -> None:
    stdin, titles = answers_for("es", 3, 3, right=False)
    result = run("quiz", "--lang", "es", "--count", "3", "--seed", "3", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert "(0/3)" in result.stdout
    review = result.stdout.split(practice_data(Project(ROOT), "es")["ui"]["review"])[1]
    for title in titles:
        assert title in review


def test_terminal_quiz_asks_again_on_an_unclear_reply() -> None:
    stdin, _ = answers_for("en", 1, 1, right=True)
    result = run("quiz", "--count", "1", "--seed", "1", stdin="maybe\n" + stdin)
    assert "Choose a stage first." in result.stdout
    assert "(1/1)" in result.stdout


def test_hebrew_visual_order_reverses_for_terminals_without_bidi() -> None:
    stdin, titles = answers_for("he", 1, 2, right=True)
    logical = run("quiz", "--lang", "he", "--count", "1", "--seed", "2", stdin=stdin)
    visual = run("quiz", "--lang", "he", "--count", "1", "--seed", "2", "--bidi", "visual", stdin=stdin)
    assert titles[0] in logical.stdout
    assert titles[0] not in visual.stdout
    assert titles[0][::-1] in visual.stdout or titles[0][::-1].strip() in visual.stdout


def test_unknown_language_is_a_usage_error() -> None:
    result = run("quiz", "--lang", "xx_YY")
    assert result.returncode == 2
    assert result.stderr.startswith("error:") and "Traceback" not in result.stderr
