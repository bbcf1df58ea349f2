"""The quiz scenarios in docs/scenarios.yaml agree with the qualification rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from glossary.rules import Ruleset, load_rules
from glossary.scenarios import Scenario, load_scenarios

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rules() -> Ruleset:
    return load_rules(ROOT / "docs" / "rules.yaml")


@pytest.fixture(scope="module")
def scenarios(rules: Ruleset) -> tuple[Scenario, ...]:
    return load_scenarios(ROOT / "docs" / "scenarios.yaml", rules)


def test_enough_scenarios(scenarios: tuple[Scenario, ...], rules: Ruleset) -> None:
    assert len(scenarios) >= 48
    stages = [s.verdict(rules).stage for s in scenarios]
    assert min(stages.count(s.id) for s in rules.stages) >= 10  # every stage well practised


def test_the_hard_cases_have_scenarios(scenarios: tuple[Scenario, ...], rules: Ruleset) -> None:
    verdicts = {s.id: s.verdict(rules) for s in scenarios}
    facts = {s.id: s.facts for s in scenarios}
    # an existing customer's new need with no budget and no timing stays a customer
    assert any(v.route == "new_need_on_hold" for v in verdicts.values())
    # negotiating terms with the budget unknown: most likely an opportunity, confirm budget
    assert any(
        facts[i].get("terms") is True and v.likely is not None and v.likely.unknown == ("budget",)
        for i, v in verdicts.items()
    )
    # an opportunity whose decision authority is unknown
    assert any(
        v.stage == "opportunity" and "authority" in facts[i] and facts[i]["authority"] is None
        for i, v in verdicts.items()
    )
    # a prospect to disqualify as no fit: nothing we sell meets their need
    assert any(facts[i].get("need") is False and v.stage == "contact" for i, v in verdicts.items())


def test_every_stage_is_exercised(scenarios: tuple[Scenario, ...], rules: Ruleset) -> None:
    stages = [s.verdict(rules).stage for s in scenarios]
    for stage in rules.stages:
        assert stages.count(stage.id) >= 3, stage.id


def test_some_scenarios_state_unknown_facts(scenarios: tuple[Scenario, ...]) -> None:
    with_unknown = [s.id for s in scenarios if None in s.facts.values()]
    assert len(with_unknown) >= 3, with_unknown


def test_signals_appear_both_present_and_absent(scenarios: tuple[Scenario, ...]) -> None:
    for signal in ("authority", "strong_need", "dropped_supplier"):
        values = {s.facts[signal] for s in scenarios if signal in s.facts}
        assert {True, False} <= values, signal


def test_every_scenario_states_its_expected_stage(scenarios: tuple[Scenario, ...]) -> None:
    assert [s.id for s in scenarios if not s.expect] == []


def test_texts_are_plain(scenarios: tuple[Scenario, ...]) -> None:
    for s in scenarios:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", s.id), s.id
        assert len(s.title) <= 60, s.id
        assert not re.search(r"[*_`#\[\]<>]", s.narrative), s.id  # no Markdown or HTML
        sentences = re.findall(r"[.?!](?:\s|$)", s.narrative)
        assert 2 <= len(sentences) <= 4, s.id


def test_expected_stage_matches_the_rules(scenarios: tuple[Scenario, ...], rules: Ruleset) -> None:
    wrong = [
        (s.id, s.expect, s.verdict(rules).stage) for s in scenarios if s.verdict(rules).stage != s.expect
    ]
    assert wrong == []  # (id, expected, stage the rules give)
