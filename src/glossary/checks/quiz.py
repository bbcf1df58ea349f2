"""Quiz rules: the qualification rules and the scenarios that exercise them."""

from __future__ import annotations

from collections.abc import Iterator

from glossary.checks.base import ERROR, WARNING, Problem, rule
from glossary.checks.inputs import ProjectData


@rule("QUZ001", "quiz-data-invalid", ERROR, "project")
def quiz_data_invalid(data: ProjectData) -> Iterator[Problem]:
    """The qualification rules or the quiz scenarios cannot be loaded.

    ## What it does
    Reports the first problem that stops `docs/rules.yaml` or `docs/scenarios.yaml` from
    loading, with its line: invalid YAML, an unknown key, a route or a scenario fact naming
    an unknown criterion, an `expect:` naming an unknown stage, a duplicate id.

    ## Why it matters
    The quiz, the checker and the `classify` command are built from these files.

    ## Example
    ```yaml
    facts: {need: true, buget: true}
    ```
    is `unknown criterion 'buget'`; write `budget`.
    """
    if data.quiz_error:
        yield data.quiz_error


@rule("QUZ002", "wrong-expected-stage", ERROR, "project")
def wrong_expected_stage(data: ProjectData) -> Iterator[Problem]:
    """A scenario's `expect:` disagrees with the stage the rules give it.

    ## What it does
    Classifies every scenario by the qualification rules and compares the stage with the
    author's `expect:`.

    ## Why it matters
    The quiz shows the rules' answer. A disagreement means either the narrative and facts
    say something else than the author meant, or a change to the rules moved the scenario:
    both need a person to decide.

    ## Example
    A scenario with `facts: {need: true, budget: true, timing: false}` and
    `expect: lead` is reported: without timing the rules say `contact`.
    """
    if data.rules is None:
        return
    for scenario in data.scenarios:
        verdict = scenario.verdict(data.rules)
        if scenario.expect and scenario.expect != verdict.stage:
            yield Problem(
                f"scenario {scenario.id!r} expects {scenario.expect!r}, but the rules give "
                f"{verdict.stage!r} (route {verdict.route!r})",
                location=scenario.location,
            )


@rule("QUZ003", "unexercised-stage", WARNING, "project")
def unexercised_stage(data: ProjectData) -> Iterator[Problem]:
    """No quiz scenario ends at one of the stages.

    ## What it does
    Classifies every scenario and reports each stage that none of them reaches.

    ## Why it matters
    The quiz then never asks about that stage, so nobody practises recognising it, and a
    change to the rules that makes the stage unreachable goes unnoticed.

    ## Example
    Rules with a `customer` stage and no scenario whose facts include a signed contract
    are reported.
    """
    if data.rules is None or not data.scenarios:
        return
    reached = {s.verdict(data.rules).stage for s in data.scenarios}
    for stage in data.rules.stages:
        if stage.id not in reached:
            yield Problem(
                f"no scenario ends at stage {stage.id!r}; add one to the quiz", location=stage.location
            )
