"""The qualification rules: domain edge cases through the CLI, the engine, and bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from glossary.errors import GlossaryError
from glossary.rules import MET, MISSING, UNKNOWN, Ruleset, classify, load_rules

ROOT = Path(__file__).resolve().parents[1]
PROSPECTS = ROOT / "tests" / "fixtures" / "prospects"
ERROR_LINE = re.compile(r"^error: (?P<path>.+?):(?P<line>\d+): (?P<message>.+)$")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def classify_file(path: Path) -> dict[str, Any]:
    result = run_cli("classify", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    verdict: dict[str, Any] = json.loads(result.stdout)
    return verdict


@pytest.fixture(scope="module")
def rules() -> Ruleset:
    return load_rules(ROOT / "docs" / "rules.yaml")


# --- The edge cases of domain.md, one fixture each, through the CLI ---------------------

# fixture name -> (expected stage, criterion statuses that must hold)
EDGE_CASES: dict[str, tuple[str, dict[str, str]]] = {
    "adviser_without_signing_power": (
        "lead",
        {"need": MET, "budget": MET, "timing": MET, "authority": MISSING},
    ),
    "need_and_timing_without_budget": (
        "contact",
        {"need": MET, "timing": MET, "budget": MISSING},
    ),
    "need_and_budget_maybe_in_two_years": (
        "contact",
        {"need": MET, "budget": MET, "timing": MISSING},
    ),
    "need_and_budget_just_researching": (
        "contact",
        {"need": MET, "budget": MET, "timing": MISSING, "authority": MET},
    ),
    "decision_maker_with_budget_without_need": (
        "contact",
        {"authority": MET, "budget": MET, "need": MISSING, "timing": UNKNOWN},
    ),
    "cold_price_list_request": (
        "contact",
        {"relationship": MISSING, "requirements": MISSING, "need": UNKNOWN},
    ),
    "relationship_and_requirements_without_terms": (
        "lead",
        {"relationship": MET, "requirements": MET, "terms": MISSING},
    ),
    "dropped_supplier_only": (
        "contact",
        {"dropped_supplier": MET, "need": MISSING, "budget": MISSING, "timing": MISSING},
    ),
    "existing_customer_with_new_need": (
        "opportunity",
        {"existing_customer": MET, "need": MET, "budget": UNKNOWN, "timing": UNKNOWN},
    ),
    "missing_information_is_unknown": (
        "contact",
        {"need": MET, "budget": UNKNOWN, "timing": UNKNOWN},
    ),
    "existing_customer_new_need_no_budget_no_timing": (
        "customer",
        {"existing_customer": MET, "need": MET, "budget": MISSING, "timing": MISSING},
    ),
    "negotiating_terms_budget_unknown": (
        "contact",
        {"terms": MET, "budget": UNKNOWN, "relationship": MET, "requirements": MET},
    ),
}


def test_every_fixture_is_an_edge_case() -> None:
    assert {p.stem for p in PROSPECTS.glob("*.yaml")} == set(EDGE_CASES)


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_case_through_cli(name: str) -> None:
    stage, statuses = EDGE_CASES[name]
    verdict = classify_file(PROSPECTS / f"{name}.yaml")
    assert verdict["stage"] == stage
    for criterion, status in statuses.items():
        assert verdict["criteria"][criterion] == status, criterion
    assert verdict["explanation"]


def test_adviser_is_a_lead_although_authority_is_missing() -> None:
    verdict = classify_file(PROSPECTS / "adviser_without_signing_power.yaml")
    assert (verdict["stage"], verdict["route"]) == ("lead", "qualified")
    assert verdict["criteria"]["authority"] == MISSING
    assert "authority" not in verdict["signals"]


def test_cold_price_list_request_is_at_most_a_lead() -> None:
    verdict = classify_file(PROSPECTS / "cold_price_list_request.yaml")
    assert verdict["stage"] in ("contact", "lead")
    assert verdict["next_stage"] == "lead"
    assert verdict["needs"] == ["need", "budget", "timing"]


def test_relationship_and_requirements_without_terms_needs_only_terms() -> None:
    verdict = classify_file(PROSPECTS / "relationship_and_requirements_without_terms.yaml")
    assert verdict["next_stage"] == "opportunity"
    assert verdict["needs"] == ["terms"]


def test_dropped_supplier_is_a_signal_only() -> None:
    verdict = classify_file(PROSPECTS / "dropped_supplier_only.yaml")
    assert verdict["stage"] == "contact"
    assert verdict["signals"] == ["dropped_supplier"]


def test_existing_customer_with_new_need_is_an_opportunity_on_the_account() -> None:
    verdict = classify_file(PROSPECTS / "existing_customer_with_new_need.yaml")
    assert (verdict["stage"], verdict["route"]) == ("opportunity", "existing_account")


def test_existing_customer_new_need_without_budget_or_timing_is_not_an_opportunity() -> None:
    verdict = classify_file(PROSPECTS / "existing_customer_new_need_no_budget_no_timing.yaml")
    assert (verdict["stage"], verdict["route"]) == ("customer", "new_need_on_hold")
    assert "becomes an opportunity once" in verdict["explanation"]


def test_negotiating_terms_with_budget_unknown_says_what_it_most_likely_is() -> None:
    verdict = classify_file(PROSPECTS / "negotiating_terms_budget_unknown.yaml")
    assert verdict["stage"] == "contact"  # unknown is not yes: nothing is assumed
    assert verdict["likely"] == {"stage": "opportunity", "route": "qualified", "confirm": ["budget"]}
    assert "Most likely stage: Opportunity. To confirm: ability to pay." in verdict["explanation"]


def test_missing_information_is_unknown_not_missing() -> None:
    verdict = classify_file(PROSPECTS / "missing_information_is_unknown.yaml")
    assert MISSING not in verdict["criteria"].values()
    assert verdict["needs"] == ["budget", "timing"]
    assert "Not known yet" in verdict["explanation"]
    assert "Still needed" not in verdict["explanation"]


def test_text_output_marks_statuses() -> None:
    result = run_cli("classify", str(PROSPECTS / "adviser_without_signing_power.yaml"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Lead"
    assert any(line.startswith("  ✗ Decision authority:") for line in lines)
    assert any(line.startswith("  ✓ Need:") for line in lines)
    assert any(line.startswith("  ? Relationship:") for line in lines)


# --- classify on the default rules ------------------------------------------------------


def test_omitted_fact_is_unknown(rules: Ruleset) -> None:
    verdict = classify({}, rules)
    assert verdict.stage == "contact"
    assert set(verdict.criteria) == set(rules.criterion_ids)
    assert set(verdict.criteria.values()) == {UNKNOWN}


def test_null_fact_is_the_same_as_an_omitted_one(rules: Ruleset) -> None:
    omitted = classify({"need": True}, rules)
    null = classify({"need": True, "budget": None, "timing": None}, rules)
    assert omitted == null


def test_false_fact_is_missing(rules: Ruleset) -> None:
    verdict = classify({"budget": False}, rules)
    assert verdict.criteria["budget"] == MISSING


def test_need_budget_timing_make_a_lead(rules: Ruleset) -> None:
    verdict = classify({"need": True, "budget": True, "timing": True}, rules)
    assert (verdict.stage, verdict.route) == ("lead", "qualified")


@pytest.mark.parametrize("authority", [True, False, None])
def test_authority_never_decides_the_stage(rules: Ruleset, authority: bool | None) -> None:
    verdict = classify({"need": True, "budget": True, "timing": True, "authority": authority}, rules)
    assert verdict.stage == "lead"


@pytest.mark.parametrize("missing", ["need", "budget", "timing"])
def test_each_lead_criterion_is_required(rules: Ruleset, missing: str) -> None:
    facts: dict[str, bool | None] = {"need": True, "budget": True, "timing": True}
    facts[missing] = False
    assert classify(facts, rules).stage == "contact"


def test_full_qualification_makes_an_opportunity(rules: Ruleset) -> None:
    facts = dict.fromkeys(["need", "budget", "timing", "relationship", "requirements", "terms"], True)
    verdict = classify(facts, rules)
    assert (verdict.stage, verdict.route) == ("opportunity", "qualified")
    assert verdict.next_stage == "customer"


def test_existing_customer_with_new_need_is_an_opportunity(rules: Ruleset) -> None:
    verdict = classify({"existing_customer": True, "need": True}, rules)
    assert (verdict.stage, verdict.route) == ("opportunity", "existing_account")


@pytest.mark.parametrize(
    "facts",
    [{"budget": False}, {"timing": False}, {"budget": False, "timing": False}],
    ids=["no-budget", "no-timing", "neither"],
)
def test_existing_customer_new_need_is_no_opportunity_when_budget_or_timing_is_no(
    rules: Ruleset, facts: dict[str, bool]
) -> None:
    verdict = classify({"existing_customer": True, "need": True, **facts}, rules)
    assert (verdict.stage, verdict.route) == ("customer", "new_need_on_hold")


def test_existing_customer_new_need_with_budget_and_timing_unknown_or_yes_is_an_opportunity(
    rules: Ruleset,
) -> None:
    for budget, timing in [(None, None), (True, None), (None, True), (True, True)]:
        facts = {"existing_customer": True, "need": True, "budget": budget, "timing": timing}
        assert classify(facts, rules).route == "existing_account", facts
        assert classify(facts, rules).stage == "opportunity", facts


def test_existing_customer_without_new_need_is_a_customer(rules: Ruleset) -> None:
    verdict = classify({"existing_customer": True, "need": False}, rules)
    assert (verdict.stage, verdict.route) == ("customer", "existing_account")
    assert verdict.next_stage is None
    assert verdict.needs == ()


def test_existing_customer_with_unknown_need_is_a_customer(rules: Ruleset) -> None:
    verdict = classify({"existing_customer": True}, rules)
    assert verdict.stage == "customer"
    assert [(p.stage, p.route, p.unknown) for p in verdict.possible] == []  # nothing above


def test_signed_contract_makes_a_customer(rules: Ruleset) -> None:
    verdict = classify({"signed": True}, rules)
    assert (verdict.stage, verdict.route) == ("customer", "signed")


def test_signals_listed_only_when_true(rules: Ruleset) -> None:
    verdict = classify({"strong_need": True, "dropped_supplier": False, "authority": None}, rules)
    assert verdict.signals == ("strong_need",)
    everything = classify(dict.fromkeys(["authority", "strong_need", "dropped_supplier"], True), rules)
    assert everything.signals == ("authority", "strong_need", "dropped_supplier")
    nothing = classify(dict.fromkeys(["authority", "strong_need", "dropped_supplier"], False), rules)
    assert nothing.signals == ()
    assert classify({}, rules).signals == ()


def test_signals_alone_do_not_move_the_stage(rules: Ruleset) -> None:
    verdict = classify(dict.fromkeys(["authority", "strong_need", "dropped_supplier"], True), rules)
    assert verdict.stage == "contact"


def test_needs_of_a_lead_name_the_missing_opportunity_criteria(rules: Ruleset) -> None:
    lead = {"need": True, "budget": True, "timing": True}
    verdict = classify(lead, rules)
    assert verdict.next_stage == "opportunity"
    assert verdict.needs == ("relationship", "requirements", "terms")
    verdict = classify({**lead, "relationship": True, "requirements": False}, rules)
    assert verdict.needs == ("requirements", "terms")


def test_needs_of_a_lead_never_suggest_becoming_a_customer_first(rules: Ruleset) -> None:
    verdict = classify({"need": True, "budget": True, "timing": True}, rules)
    assert "existing_customer" not in verdict.needs


def test_needs_of_a_contact_name_the_missing_lead_criteria(rules: Ruleset) -> None:
    verdict = classify({"need": True, "budget": False}, rules)
    assert verdict.next_stage == "lead"
    assert verdict.needs == ("budget", "timing")


NEGOTIATING = {"need": True, "timing": True, "relationship": True, "requirements": True, "terms": True}


def test_likely_stage_names_the_facts_to_confirm_and_never_moves_the_stage(rules: Ruleset) -> None:
    verdict = classify(NEGOTIATING, rules)
    assert verdict.stage == "contact"
    assert verdict.likely is not None
    assert (verdict.likely.stage, verdict.likely.unknown) == ("opportunity", ("budget",))
    assert "opportunity" not in {p.stage for p in verdict.possible}  # said once, as the likely stage


def test_likely_needs_the_criterion_that_makes_it_likely(rules: Ruleset) -> None:
    without_terms = classify({**NEGOTIATING, "terms": None}, rules)
    assert without_terms.likely is None
    assert [p.stage for p in without_terms.possible] == ["opportunity"]  # only possible


def test_likely_is_not_offered_for_what_nothing_makes_likely(rules: Ruleset) -> None:
    verdict = classify({**NEGOTIATING, "budget": True, "relationship": None}, rules)
    assert verdict.stage == "lead"
    assert verdict.likely is None  # discussing terms says nothing about the relationship


def test_likely_is_absent_when_a_fact_is_no(rules: Ruleset) -> None:
    assert classify({**NEGOTIATING, "budget": False}, rules).likely is None


def test_possible_stages_need_some_evidence(rules: Ruleset) -> None:
    verdict = classify({"need": True, "budget": True, "timing": True, "signed": None}, rules)
    assert verdict.stage == "lead"
    stages = {p.stage for p in verdict.possible}
    assert "customer" not in stages  # no evidence for a signature, so not worth mentioning


# --- Bad prospect files: exit 2, one located line, no traceback -------------------------

BAD_PROSPECTS = [
    pytest.param(
        "unknown.yaml",
        "# a prospect\nfacts:\n  need: true\n  bugdet: true\n",
        4,
        "unknown criterion 'bugdet'",
        id="unknown-criterion",
    ),
    pytest.param(
        "maybe.yaml",
        "facts:\n  need: true\n  budget: true\n  timing: maybe\n",
        4,
        "fact 'timing' is 'maybe'; write true, false or null",
        id="fact-maybe",
    ),
    pytest.param(
        "number.yaml",
        "facts:\n  budget: 1\n",
        2,
        "fact 'budget' is 1; write true, false or null",
        id="fact-number",
    ),
    pytest.param(
        "yes.yaml",
        "facts:\n  need: true\n  authority: yes\n",
        3,
        "fact 'authority' is 'yes'",
        id="fact-yes-is-not-yaml-1.2-bool",
    ),
    pytest.param(
        "quoted.yaml",
        'facts:\n  need: "true"\n',
        2,
        "fact 'need' is 'true'",
        id="fact-quoted-true",
    ),
    pytest.param(
        "indent.yaml",
        "facts:\n  need: true\n budget: true\n",
        3,
        "invalid YAML",
        id="malformed-yaml-indent",
    ),
    pytest.param(
        "bracket.yaml",
        "facts:\n  need: true\n  budget: [true\n  timing: false\n",
        4,
        "invalid YAML",
        id="malformed-yaml-bracket",
    ),
    pytest.param(
        "duplicate.yaml",
        "facts:\n  need: true\n  need: false\n",
        3,
        'duplicate key "need"',
        id="malformed-yaml-duplicate-key",
    ),
    pytest.param(
        "broken.json",
        '{"facts": {"need": true,\n  "budget": }}\n',
        2,
        "invalid JSON",
        id="malformed-json",
    ),
    pytest.param(
        "nofacts.yaml",
        "name: Kessler Freight\nneed: true\n",
        1,
        "needs a 'facts:' mapping",
        id="missing-facts",
    ),
    pytest.param(
        "nofacts.json",
        '{\n  "name": "Kessler Freight"\n}\n',
        1,
        "needs a 'facts:' mapping",
        id="missing-facts-json",
    ),
    pytest.param(
        "list.yaml",
        "# the facts\n\nfacts:\n  - need\n",
        3,
        "'facts' must be a mapping",
        id="facts-not-a-mapping",
    ),
    pytest.param(
        "empty.yaml",
        "",
        1,
        "must be a mapping",
        id="empty-file",
    ),
]


def assert_one_located_error(result: subprocess.CompletedProcess[str], name: str, line: int) -> str:
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    match = ERROR_LINE.match(lines[0])
    assert match, lines[0]
    assert match["path"].endswith(name)
    assert int(match["line"]) == line, lines[0]
    return match["message"]


@pytest.mark.parametrize(("name", "text", "line", "message"), BAD_PROSPECTS)
def test_bad_prospect_file(tmp_path: Path, name: str, text: str, line: int, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for fmt in ("json", "text"):
        result = run_cli("classify", str(path), "--format", fmt)
        assert message in assert_one_located_error(result, name, line)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{\n  "facts": {\n    "need": true,\n    "bogus": true\n  }\n}\n', 4),
        ('{\n  "facts": {\n    "need": "maybe"\n  }\n}\n', 3),
    ],
    ids=["unknown-criterion", "fact-maybe"],
)
def test_bad_fact_in_json_prospect_has_a_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "prospect.json"
    path.write_text(text, encoding="utf-8")
    assert_one_located_error(run_cli("classify", str(path)), "prospect.json", line)


def test_missing_prospect_file_is_an_input_error(tmp_path: Path) -> None:
    result = run_cli("classify", str(tmp_path / "nowhere.yaml"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


# --- load_rules errors, with small inline rules files -----------------------------------

RULES = """\
stages:
  - id: contact
    label: Contact
    summary: Someone we know.
  - id: lead
    label: Lead
    summary: Someone who might buy.
criteria:
  - id: need
    label: Need
    question: Do they need it?
    met: They need it.
    missing: They do not need it.
    unknown: Not known.
  - id: budget
    label: Ability to pay
    question: Can they pay?
    met: They can pay.
    missing: They cannot pay.
    unknown: Not known.
routes:
  - stage: lead
    id: qualified
    when: [need, budget]
    explanation: they need it and can pay.
  - stage: contact
    id: default
    when: []
    explanation: nothing is confirmed.
"""


def write_rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def rules_error(tmp_path: Path, text: str) -> GlossaryError:
    with pytest.raises(GlossaryError) as info:
        load_rules(write_rules(tmp_path, text))
    error = info.value
    assert error.location is not None
    assert error.location.path.endswith("rules.yaml")
    return error


def test_inline_rules_are_valid(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, RULES))
    assert [s.id for s in rules.stages] == ["contact", "lead"]
    assert classify({"need": True, "budget": True}, rules).stage == "lead"
    assert classify({"need": True}, rules).stage == "contact"


def test_route_with_unknown_criterion_flow_list(tmp_path: Path) -> None:
    error = rules_error(tmp_path, RULES.replace("when: [need, budget]", "when: [need, money]"))
    assert error.location is not None and error.location.line == 24
    assert "unknown criterion 'money'" in error.message
    assert "known: budget, need" in error.message


def test_route_with_unknown_criterion_block_list(tmp_path: Path) -> None:
    text = RULES.replace("when: [need, budget]", "when:\n      - need\n      - timing")
    error = rules_error(tmp_path, text)
    assert error.location is not None and error.location.line == 26
    assert "unknown criterion 'timing'" in error.message


def test_route_with_unknown_stage(tmp_path: Path) -> None:
    error = rules_error(tmp_path, RULES.replace("  - stage: lead", "  - stage: prospect"))
    assert error.location is not None and error.location.line == 22
    assert "unknown stage 'prospect'" in error.message
    assert "known: contact, lead" in error.message


def test_last_route_must_be_empty(tmp_path: Path) -> None:
    error = rules_error(tmp_path, RULES.replace("when: []", "when: [need]"))
    assert "the last route must have an empty 'when: []'" in error.message


def test_last_route_must_be_empty_points_at_the_route(tmp_path: Path) -> None:
    error = rules_error(tmp_path, RULES.replace("when: []", "when: [need]"))
    assert error.location is not None and error.location.line in (26, 28)


def test_duplicate_criterion(tmp_path: Path) -> None:
    text = RULES.replace("  - id: budget\n", "  - id: need\n")
    error = rules_error(tmp_path, text)
    assert error.location is not None and error.location.line == 15
    assert "duplicate criterion id 'need'" in error.message
    assert ":9)" in error.message


def test_makes_likely_names_an_unknown_criterion(tmp_path: Path) -> None:
    text = RULES.replace(
        "    unknown: Not known.\n  - id: budget",
        "    unknown: Not known.\n    makes_likely: [money]\n  - id: budget",
    )
    error = rules_error(tmp_path, text)
    assert error.location is not None and error.location.line == 9
    assert "'makes_likely' names 'money'" in error.message


def test_unless_missing_names_an_unknown_criterion(tmp_path: Path) -> None:
    text = RULES.replace("when: [need, budget]", "when: [need]\n    unless_missing: [money]")
    error = rules_error(tmp_path, text)
    assert error.location is not None and error.location.line == 25
    assert "unknown criterion 'money'" in error.message


def test_unless_missing_and_when_overlap(tmp_path: Path) -> None:
    text = RULES.replace("when: [need, budget]", "when: [need, budget]\n    unless_missing: [budget]")
    assert "budget cannot be in both" in rules_error(tmp_path, text).message


def test_unless_missing_fails_a_route_only_when_false(tmp_path: Path) -> None:
    rules = load_rules(
        write_rules(
            tmp_path, RULES.replace("when: [need, budget]", "when: [need]\n    unless_missing: [budget]")
        )
    )
    assert classify({"need": True}, rules).stage == "lead"
    assert classify({"need": True, "budget": True}, rules).stage == "lead"
    assert classify({"need": True, "budget": False}, rules).stage == "contact"


def test_unknown_key_in_criterion(tmp_path: Path) -> None:
    text = RULES.replace("    unknown: Not known.\n  - id: budget", "    unkown: Not known.\n  - id: budget")
    error = rules_error(tmp_path, text)
    assert error.location is not None and error.location.line == 14
    assert "unknown key 'unkown'" in error.message


def test_default_rules_load(rules: Ruleset) -> None:
    assert [s.id for s in rules.stages] == ["contact", "lead", "opportunity", "customer"]
    assert rules.routes[-1].when == ()
    assert {c.id for c in rules.criteria if c.signal} == {
        "authority",
        "strong_need",
        "dropped_supplier",
    }
