"""Quiz scenarios: sample prospects with facts and a narrative; the answer comes from the rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from glossary.errors import GlossaryError, Location, display_path
from glossary.rules import Fact, Ruleset, Verdict, classify, parse_facts
from glossary.sources import Node, line_of, load_yaml


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    narrative: str
    facts: dict[str, Fact]
    expect: str = ""  # the author's stated answer, checked against the rules; never shown
    location: Location | None = None

    def verdict(self, rules: Ruleset) -> Verdict:
        return classify(self.facts, rules)


def load_scenarios(path: Path, rules: Ruleset) -> tuple[Scenario, ...]:
    """Read and validate the scenarios file; GlossaryError (file:line) on the first problem."""
    where = display_path(path)
    root = Node(load_yaml(path), where, 1, "the scenarios file")
    root.known_keys("scenarios")
    stage_ids = {s.id for s in rules.stages}
    seen: dict[str, Location] = {}
    out = []
    for item, line in root.items("scenarios"):
        node = Node(item, where, line, "a scenario")
        node.known_keys("id", "title", "narrative", "facts", "expect")
        sid = node.text("id")
        if sid in seen:
            raise node.fail(f"duplicate scenario id {sid!r} (first at {seen[sid]})", "id")
        seen[sid] = node.at()
        expect = node.optional_text("expect")
        if expect and expect not in stage_ids:
            raise node.fail(f"unknown stage {expect!r}; known: {', '.join(sorted(stage_ids))}", "expect")
        if "facts" not in node.data:
            raise node.fail(f"scenario {sid!r} needs a 'facts:' mapping")
        facts = parse_facts(node.data["facts"], rules, where, line_of(node.data, "facts"))
        out.append(Scenario(sid, node.text("title"), node.text("narrative"), facts, expect, node.at()))
    if not out:
        raise GlossaryError("the scenarios file lists no scenarios", Location(where, 1))
    return tuple(out)
