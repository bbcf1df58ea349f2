"""The qualification rules as data, and the engine that classifies a prospect by them.

Rules are a decision list: routes are tried in order, and the first route whose criteria
all hold decides the stage. Facts are three-valued (True, False, None = unknown), so a
route can also be *possible*: nothing in it is false, but something is still unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError, Location, display_path
from glossary.sources import IDENTIFIER, Node, line_of, load_yaml

Fact = bool | None
MET, MISSING, UNKNOWN = "met", "missing", "unknown"


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    question: str
    met: str  # one-line reasons, shown per criterion in feedback
    missing: str
    unknown: str
    concept: str = ""  # termbase concept the criterion is about, for links
    signal: bool = False  # strengthens a verdict, never required by itself
    makes_likely: tuple[str, ...] = ()  # criteria this one, when met, makes likely (still to confirm)
    location: Location | None = None


@dataclass(frozen=True)
class Stage:
    id: str
    label: str
    summary: str
    concept: str = ""
    location: Location | None = None


@dataclass(frozen=True)
class Route:
    stage: str
    id: str
    when: tuple[str, ...]
    explanation: str
    suggest: bool = True  # offered as "what is missing for the next stage"
    unless_missing: tuple[str, ...] = ()  # may be unknown, but the route fails if one is false
    location: Location | None = None


@dataclass(frozen=True)
class Ruleset:
    stages: tuple[Stage, ...]  # funnel order
    criteria: tuple[Criterion, ...]
    routes: tuple[Route, ...]
    path: str = ""

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)


@dataclass(frozen=True)
class Possibility:
    """A route above the verdict that holds if the unknown facts turn out true."""

    stage: str
    route: str
    unknown: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    stage: str
    route: str
    criteria: Mapping[str, str]  # criterion id -> met / missing / unknown
    signals: tuple[str, ...]  # signal criteria that are met
    possible: tuple[Possibility, ...] = ()
    next_stage: str | None = None
    needs: tuple[str, ...] = field(default=())  # not yet met for next_stage
    likely: Possibility | None = None  # the stage the known facts make most likely, and what to confirm


def load_rules(path: Path) -> Ruleset:
    """Read and validate a rules YAML file; GlossaryError (file:line) on the first problem."""
    where = display_path(path)
    root = Node(load_yaml(path), where, 1, "the rules file")
    root.known_keys("stages", "criteria", "routes")
    stages = tuple(_stage(item, where, line) for item, line in root.items("stages"))
    criteria = tuple(_criterion(item, where, line) for item, line in root.items("criteria"))
    _unique(stages, "stage")
    _unique(criteria, "criterion")
    stage_ids = {s.id for s in stages}
    criterion_ids = {c.id for c in criteria}
    for c in criteria:
        for name in c.makes_likely:
            if name not in criterion_ids or name == c.id:
                known = ", ".join(sorted(criterion_ids - {c.id}))
                raise GlossaryError(
                    f"criterion {c.id!r}: 'makes_likely' names {name!r}; use other criteria: {known}",
                    c.location,
                )
    routes = tuple(_route(item, where, line, stage_ids, criterion_ids) for item, line in root.items("routes"))
    if not routes or routes[-1].when:
        last = routes[-1].location if routes else root.at("routes")
        raise GlossaryError(
            "the last route must have an empty 'when: []' so every prospect gets a stage", last
        )
    return Ruleset(stages, criteria, routes, where)


def _unique(items: tuple[Stage, ...] | tuple[Criterion, ...], what: str) -> None:
    seen: dict[str, Location | None] = {}
    for item in items:
        if item.id in seen:
            raise GlossaryError(f"duplicate {what} id {item.id!r} (first at {seen[item.id]})", item.location)
        seen[item.id] = item.location


def _ident(node: Node) -> str:
    value = node.text("id")
    if not IDENTIFIER.match(value):
        raise node.fail(f"id {value!r} must be lower_snake_case (a-z, 0-9, _)", "id")
    return value


def _stage(data: object, path: str, line: int) -> Stage:
    node = Node(data, path, line, "a stage")
    node.known_keys("id", "label", "summary", "concept")
    return Stage(
        _ident(node),
        node.text("label"),
        node.text("summary"),
        node.optional_text("concept"),
        node.at(),
    )


def _criterion(data: object, path: str, line: int) -> Criterion:
    node = Node(data, path, line, "a criterion")
    node.known_keys(
        "id", "label", "question", "met", "missing", "unknown", "concept", "signal", "makes_likely"
    )
    signal = node.data.get("signal", False)
    if not isinstance(signal, bool):
        raise node.fail("'signal' must be true or false", "signal")
    likely = tuple(name for name, _ in node.strings("makes_likely")) if "makes_likely" in node.data else ()
    return Criterion(
        id=_ident(node),
        label=node.text("label"),
        question=node.text("question"),
        met=node.text("met"),
        missing=node.text("missing"),
        unknown=node.text("unknown"),
        concept=node.optional_text("concept"),
        signal=signal,
        makes_likely=likely,
        location=node.at(),
    )


def _route(data: object, path: str, line: int, stages: set[str], criteria: set[str]) -> Route:
    node = Node(data, path, line, "a route")
    node.known_keys("stage", "id", "when", "explanation", "suggest", "unless_missing")
    stage = node.text("stage")
    if stage not in stages:
        raise node.fail(f"route names unknown stage {stage!r}; known: {', '.join(sorted(stages))}", "stage")
    when = _criteria_list(node, "when", path, criteria)
    unless = _criteria_list(node, "unless_missing", path, criteria) if "unless_missing" in node.data else []
    if both := sorted(set(when) & set(unless)):
        raise node.fail(f"{', '.join(both)} cannot be in both 'when' and 'unless_missing'", "unless_missing")
    if "when" not in node.data:
        raise node.fail("a route needs a 'when' list of criteria (empty for the fallback route)")
    suggest = node.data.get("suggest", True)
    if not isinstance(suggest, bool):
        raise node.fail("'suggest' must be true or false", "suggest")
    return Route(
        stage, _ident(node), tuple(when), node.text("explanation"), suggest, tuple(unless), node.at()
    )


def _criteria_list(node: Node, key: str, path: str, criteria: set[str]) -> list[str]:
    names = []
    for name, cline in node.strings(key):
        if name not in criteria:
            known = ", ".join(sorted(criteria))
            raise GlossaryError(
                f"route uses unknown criterion {name!r}; known: {known}", Location(path, cline)
            )
        names.append(name)
    return names


def parse_facts(data: Any, rules: Ruleset, path: str, line: int = 1) -> dict[str, Fact]:
    """Validate a `facts:` mapping of criterion id to true / false / null (null = unknown)."""
    if data is None:
        return {}
    node = Node(data, path, line, "'facts'")
    facts: dict[str, Fact] = {}
    for key, value in node.data.items():
        if key not in rules.criterion_ids:
            known = ", ".join(rules.criterion_ids)
            raise node.fail(f"unknown criterion {key!r}; known criteria: {known}", key)
        if value is not None and not isinstance(value, bool):
            raise node.fail(f"fact {key!r} is {value!r}; write true, false or null (null = not known)", key)
        facts[str(key)] = value
    return facts


def load_prospect(path: Path, rules: Ruleset) -> dict[str, Fact]:
    """Read a prospect file (YAML or JSON) with a `facts:` mapping."""
    where = display_path(path)
    node = Node(load_yaml(path), where, 1, "a prospect file")
    if "facts" not in node.data:
        raise node.fail("a prospect file needs a 'facts:' mapping of criterion id to true/false/null")
    return parse_facts(node.data["facts"], rules, where, line_of(node.data, "facts"))


def _status(value: Fact) -> str:
    return UNKNOWN if value is None else MET if value else MISSING


def _holds(route: Route, facts: Mapping[str, Fact]) -> Fact:
    """Kleene AND over the route's criteria; an `unless_missing` criterion only fails it when false."""
    values = [facts.get(c) for c in route.when]
    if any(v is False for v in values) or any(facts.get(c) is False for c in route.unless_missing):
        return False
    if all(v is True for v in values):
        return True
    return None


def classify(facts: Mapping[str, Fact], rules: Ruleset) -> Verdict:
    """The stage a prospect is at, with every criterion's status and what is still open."""
    possible: list[tuple[Possibility, Route]] = []
    decided = rules.routes[-1]
    for route in rules.routes:
        holds = _holds(route, facts)
        if holds:
            decided = route
            break
        if holds is None:
            unknown = tuple(c for c in route.when if facts.get(c) is None)
            possible.append((Possibility(route.stage, route.id, unknown), route))
    order = [s.id for s in rules.stages]
    rank = order.index(decided.stage)
    next_stage = order[rank + 1] if rank + 1 < len(order) else None
    needs: tuple[str, ...] = ()
    if next_stage:
        candidates = [
            r for r in rules.routes if r.stage == next_stage and r.suggest and _holds(r, facts) is not True
        ]
        if candidates:
            best = min(candidates, key=lambda r: len(_open(r, facts)))
            needs = _open(best, facts)
    # Only routes up the funnel with some evidence for them are worth mentioning, one per
    # stage (the one closest to holding), only routes worth suggesting, and not the one
    # already given as the next step.
    likely = _likely(possible, facts, rules, rank)
    worth: dict[str, tuple[Possibility, Route]] = {}
    for p, route in possible:
        evidence = any(facts.get(c) is True for c in route.when)
        if order.index(p.stage) <= rank or not evidence or not route.suggest or p.unknown == needs:
            continue
        if likely is not None and p.stage == likely.stage:
            continue
        kept = worth.get(p.stage)
        if kept is None or len(p.unknown) < len(kept[0].unknown):
            worth[p.stage] = (p, route)
    return Verdict(
        stage=decided.stage,
        route=decided.id,
        criteria={c.id: _status(facts.get(c.id)) for c in rules.criteria},
        signals=tuple(c.id for c in rules.criteria if c.signal and facts.get(c.id) is True),
        possible=tuple(p for p, _ in worth.values()),
        next_stage=next_stage,
        needs=needs,
        likely=likely,
    )


def _open(route: Route, facts: Mapping[str, Fact]) -> tuple[str, ...]:
    """What a route still lacks: its criteria not yet true, and its `unless_missing` ones that are false."""
    return tuple(c for c in route.when if facts.get(c) is not True) + tuple(
        c for c in route.unless_missing if facts.get(c) is False
    )


def _likely(
    possible: list[tuple[Possibility, Route]], facts: Mapping[str, Fact], rules: Ruleset, rank: int
) -> Possibility | None:
    """The highest stage above the verdict whose only unknowns are made likely by met criteria.

    Someone discussing payment terms has most likely got the budget: the verdict stays with
    what is confirmed, and names the stage this points to and the facts still to confirm.
    """
    order = [s.id for s in rules.stages]
    implied = {i for c in rules.criteria if facts.get(c.id) is True for i in c.makes_likely}
    best: Possibility | None = None
    for p, route in possible:
        if not route.suggest or order.index(p.stage) <= rank or not set(p.unknown) <= implied:
            continue
        if best is None or order.index(p.stage) > order.index(best.stage):
            best = p
    return best


@dataclass(frozen=True)
class Message:
    """A piece of rules text for translators: context, English text and where it is."""

    context: str
    text: str
    location: Location | None


def messages(rules: Ruleset) -> list[Message]:
    """Every translatable string of the rules, keyed by a stable context."""
    out: list[Message] = []
    for s in rules.stages:
        out += [
            Message(f"stage:{s.id}:label", s.label, s.location),
            Message(f"stage:{s.id}:summary", s.summary, s.location),
        ]
    for c in rules.criteria:
        for part in ("label", "question", "met", "missing", "unknown"):
            out.append(Message(f"criterion:{c.id}:{part}", getattr(c, part), c.location))
    for r in rules.routes:
        out.append(Message(f"route:{r.stage}:{r.id}", r.explanation, r.location))
    return out
