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


def run_at(columns: int, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "COLUMNS": str(columns)},
    )


@pytest.mark.parametrize("lang", ["en", "es", "he"])
def test_terminal_quiz_wraps_to_the_terminal_width_without_cutting_words(lang: str) -> None:
    stdin, _ = answers_for(lang, 3, 5, right=False)
    result = run_at(40, "quiz", "--lang", lang, "--count", "3", "--seed", "5", stdin=stdin)
    assert result.returncode == 0, result.stderr
    # with no terminal the reply is not echoed, so the prompt '> ' shares the next line
    lines = [line.removeprefix("> ") for line in result.stdout.split("\n")]
    assert max(len(line) for line in lines) <= 40, max(lines, key=len)
    round_ = Practice(practice_data(Project(ROOT), lang), count=3, seed=5)
    words = set(result.stdout.split())
    for q in round_.questions:
        assert set(q["narrative"].split()) <= words, "a word of the narrative was cut"


def test_hebrew_visual_order_reorders_each_wrapped_line_on_its_own() -> None:
    from bidi import get_display

    from glossary.practice import wrap

    stdin, _ = answers_for("he", 1, 2, right=True)
    result = run_at(
        40, "quiz", "--lang", "he", "--count", "1", "--seed", "2", "--bidi", "visual", stdin=stdin
    )
    assert result.returncode == 0, result.stderr
    narrative = Practice(practice_data(Project(ROOT), "he"), count=1, seed=2).questions[0]["narrative"]
    logical = wrap(narrative, 40)
    assert len(logical) >= 3
    shown = [str(get_display(line)) for line in logical]
    out = result.stdout.split("\n")
    start = out.index(shown[0])
    assert out[start : start + len(shown)] == shown  # top to bottom, each line mirrored alone
    assert narrative.split()[0] in get_display(out[start])  # the first words are on the first line


def test_wrap_keeps_words_whole_and_counts_hebrew_points_as_no_column() -> None:
    from glossary.practice import wrap

    assert wrap("one two three four", 12) == ["one two", "three four"]
    pointed = wrap("שָׁלוֹם " * 6, 14)  # 4 letters and 3 points a word: 4 columns
    assert len(pointed) == 2 and all(len(line.split()) == 3 for line in pointed), pointed
    assert wrap("x" * 30, 12, indent="  ") == ["  xxxxxxxxxx", "  xxxxxxxxxx", "  xxxxxxxxxx"]
