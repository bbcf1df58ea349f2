"""The fast YAML reader (libyaml) must give what ruamel gives: the same values, the same lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from glossary import sources
from glossary.errors import GlossaryError

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    [
        ROOT / "locales" / "termbase.yaml",
        ROOT / "docs" / "rules.yaml",
        ROOT / "docs" / "scenarios.yaml",
        # tests/fixtures/bad/ holds YAML bombs and the like: tests/test_hostile_*.py reads them, with limits
        *(p for p in (ROOT / "tests" / "fixtures").rglob("*.yaml") if "bad" not in p.parts),
        *(p for p in (ROOT / "tests" / "fixtures").rglob("*.json") if "bad" not in p.parts),
    ]
)


def slow(text: str) -> Any:
    return YAML(typ="rt").load(text)


def fast(text: str) -> Any:
    try:
        return sources._fast_load(text)
    except sources._Unsure:
        return "unsure"


def same(a: Any, b: Any, where: str = "") -> None:
    """Equal values of equal types, and every key and item on the same line."""
    assert a == b, where
    if isinstance(a, dict):
        assert isinstance(b, dict), where
        assert list(a) == list(b), where
        assert sources.line_of(a) == sources.line_of(b), where
        for key in a:
            assert sources.line_of(a, key) == sources.line_of(b, key), f"{where}/{key}"
            same(a[key], b[key], f"{where}/{key}")
    elif isinstance(a, list):
        assert isinstance(b, list), where
        assert sources.line_of(a) == sources.line_of(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert sources.line_of(a, i) == sources.line_of(b, i), f"{where}/{i}"
            same(x, y, f"{where}/{i}")
    else:
        # ruamel's scalar types subclass the plain ones (ScalarInt, LiteralScalarString)
        assert isinstance(b, type(a)), f"{where}: {a!r} {b!r}"
        assert isinstance(a, bool) == isinstance(b, bool), f"{where}: {a!r} {b!r}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_fast_reader_agrees_on_real_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    try:
        expected = slow(text)
    except Exception:
        assert fast(text) == "unsure"  # ruamel reports the error
        return
    got = fast(text)
    if got != "unsure":
        same(got, expected, path.name)


AGREE = [
    "a: 1\nb: -3\nc: 0\n",
    "a: true\nb: False\nc: null\nd: ~\ne:\n",
    "concepts:\n- id: x\n  terms:\n    en:\n    - term: X\n",
    "concepts:\n  -\n    id: x\n  - id: y\n",
    "a: |\n  line one\n  line two\n\nb: >\n  folded\n  text\n",
    "a: 'single'\nb: \"double \\u00e9\"\nc: plain text # comment\n",
    "a: [1, two, {b: c}]\nd: {e: [f]}\n",
    "a: &x {b: 1}\nc: *x\n",
    "# only a comment\n",
    "",
    "- one\n- two\n",
    "ליד: הזדמנות\n",
    '{"facts": {"need": true, "budget": null}}',
]
UNSURE = [
    "a: yes\n",
    "a: on\n",
    "a: 1.5\n",
    "a: 1e3\n",
    "a: 0o17\n",
    "a: 010\n",
    "a: 1_000\n",
    "a: 2024-01-01\n",
    "a: !custom x\n",
    "base: &b {x: 1}\nc:\n  <<: *b\n",
    "a: 1\na: 2\n",
    "a: b: c\n",
    "a: [1\n",
    "%YAML 1.1\n---\na: yes\n",
    "--- a\n--- b\n",
    "? [a]\n: b\n",
]


@pytest.mark.parametrize("text", AGREE)
def test_fast_reader_agrees(text: str) -> None:
    got = fast(text)
    assert got != "unsure"
    same(got, slow(text))


@pytest.mark.parametrize("text", UNSURE)
def test_fast_reader_leaves_to_ruamel(text: str) -> None:
    assert fast(text) == "unsure"


def test_errors_stay_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("facts:\n  need: true\n  need: false\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        sources.load_yaml(path)
    assert info.value.location is not None and info.value.location.line == 3
    assert 'duplicate key "need"' in str(info.value)


scalars = st.one_of(
    st.sampled_from(["yes", "no", "on", "off", "true", "False", "null", "~", "0", "-7", "12", "1.5", "1e3"]),
    st.sampled_from(["0x1F", "0o7", "+1", ".5", "1_0", "2020-01-01", "a b", "lead", "ליד", "'q'", '"d"']),
    st.from_regex(r"[a-z0-9 .:+-]{1,8}", fullmatch=True),
)
keys = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4), st.dictionaries(keys, inner, min_size=1, max_size=4)
    ),
    max_leaves=12,
)


def dump(tree: Any, indent: str = "") -> str:
    """Block-style YAML with the scalars written as they are (so they get resolved)."""
    if isinstance(tree, dict):
        out = []
        for key, value in tree.items():
            if isinstance(value, (dict, list)):
                out.append(f"{indent}{key}:\n{dump(value, indent + '  ')}")
            else:
                out.append(f"{indent}{key}: {value}\n")
        return "".join(out)
    if isinstance(tree, list):
        out = []
        for value in tree:
            if isinstance(value, (dict, list)):
                body = dump(value, indent + "  ")
                out.append(f"{indent}-\n{body}" if isinstance(value, list) else f"{indent}- {body.lstrip()}")
            else:
                out.append(f"{indent}- {value}\n")
        return "".join(out)
    return f"{indent}{tree}\n"


@settings(max_examples=300, deadline=None)
@given(trees)
def test_fast_reader_agrees_or_defers(tree: Any) -> None:
    text = dump(tree)
    try:
        expected = slow(text)
    except Exception:
        assert fast(text) == "unsure"
        return
    got = fast(text)
    if got != "unsure":
        same(got, expected)


@pytest.mark.parametrize("name", ["locales/termbase.yaml", "docs/rules.yaml", "docs/scenarios.yaml"])
def test_project_sources_are_read_fast(name: str) -> None:
    """The build reads these on every run; falling back to ruamel costs ~0.1 s each time."""
    assert fast((ROOT / name).read_text(encoding="utf-8")) != "unsure"
