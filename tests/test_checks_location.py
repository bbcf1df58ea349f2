"""Every occurrence of a forbidden term is its own finding, at its own line and column, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.checks import Finding, check_files, report
from glossary.checks.inputs import read_text
from glossary.termbase import Termbase, load_termbase

ROOT = Path(__file__).resolve().parents[1]

# One paragraph per line, as machine translation writes it, no blank lines.
TEXT = (
    "Cada plomo cuenta.\n"
    "El equipo califica el plomo y luego otro plomo.\n"
    "Un texto sin nada.\n"
    "Nuestro líder compra, y la\n"
    "ventaja sigue en la línea siguiente.\n"
)


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    return load_termbase(ROOT / "locales" / "termbase.yaml")


@pytest.fixture
def found(tmp_path: Path, termbase: Termbase) -> list[Finding]:
    path = tmp_path / "mt.txt"
    path.write_text(TEXT, encoding="utf-8")
    return [f for f in check_files([path], "es", termbase, select=["TRM001"]) if f.rule == "TRM001"]


def at(text: str, line: int, word: str, nth: int = 1) -> int:
    """The 1-based column of the nth occurrence of word on a 1-based line."""
    row = text.split("\n")[line - 1]
    col = -1
    for _ in range(nth):
        col = row.index(word, col + 1)
    return col + 1


def test_a_line_is_a_segment_unless_it_continues_a_paragraph() -> None:
    file = read_text(TEXT, "mt.txt", "es")
    assert [e.line for e in file.entries] == [1, 2, 3, 4]
    assert file.entries[3].strings == ("Nuestro líder compra, y la\nventaja sigue en la línea siguiente.",)
    blank = read_text("Uno\n\nDos sin punto\n- tres\n", "x.txt", "es")
    assert [e.line for e in blank.entries] == [1, 3, 4]


def test_every_occurrence_is_its_own_finding_at_its_line_and_column(found: list[Finding]) -> None:
    places = [(f.line, f.column, f.end_column, f.excerpt[f.start : f.end]) for f in found]
    assert places == [
        (1, at(TEXT, 1, "plomo"), at(TEXT, 1, "plomo") + 5, "plomo"),
        (2, at(TEXT, 2, "plomo"), at(TEXT, 2, "plomo") + 5, "plomo"),
        (2, at(TEXT, 2, "plomo", 2), at(TEXT, 2, "plomo", 2) + 5, "plomo"),
        (4, at(TEXT, 4, "líder"), at(TEXT, 4, "líder") + 5, "líder"),
        (5, 1, 8, "ventaja"),
    ]


def test_hebrew_columns_count_characters(tmp_path: Path, termbase: Termbase) -> None:
    path = tmp_path / "he.txt"
    text = "כל ליד חשוב.\nהצוות בודק את העופרת ואת המובילים.\n"
    path.write_text(text, encoding="utf-8")
    found = [f for f in check_files([path], "he", termbase, select=["TRM001"])]
    assert [(f.line, f.column, f.end_column) for f in found] == [
        (2, at(text, 2, "העופרת"), at(text, 2, "העופרת") + 6),
        (2, at(text, 2, "המובילים"), at(text, 2, "המובילים") + 8),
    ]


def test_markdown_paragraph_lines_are_located(tmp_path: Path, termbase: Termbase) -> None:
    page = tmp_path / "p.md"
    text = "# Título\n\n> Un contacto\n> y un plomo más.\n\n- uno\n  con plomo\n"
    page.write_text(text, encoding="utf-8")
    found = check_files([page], "es", termbase, select=["TRM001"])
    assert [(f.line, f.column) for f in found] == [(4, at(text, 4, "plomo")), (7, at(text, 7, "plomo"))]


def test_every_format_carries_line_and_column(found: list[Finding]) -> None:
    first = found[2]
    data = json.loads(report.as_json(found))["findings"][2]
    assert (data["line"], data["column"], data["end_column"]) == (2, first.column, first.column + 5)
    assert "plomo" in data["excerpt"]
    region = json.loads(report.sarif(found))["runs"][0]["results"][2]["locations"][0]["physicalLocation"]
    assert region["region"]["startLine"] == 2
    assert (region["region"]["startColumn"], region["region"]["endColumn"]) == (
        first.column,
        first.column + 5,
    )
    assert f"line=2,col={first.column},endColumn={first.column + 5}," in report.github(found).split("\n")[2]
    assert f"  2:{first.column}:" in report.text(found)


def sarif_results(path: Path, termbase: Termbase) -> list[dict[str, object]]:
    found = check_files([path], "es", termbase, select=["TRM001"])
    results: list[dict[str, object]] = json.loads(report.sarif(found))["runs"][0]["results"]
    return results


def test_sarif_fingerprints_stay_when_lines_above_move(
    tmp_path: Path, termbase: Termbase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "mt.txt"
    path.write_text(TEXT, encoding="utf-8")
    before = sarif_results(path, termbase)
    path.write_text("Una línea nueva arriba.\n\nY otra.\n" + TEXT, encoding="utf-8")
    after = sarif_results(path, termbase)
    prints = [r["partialFingerprints"] for r in before]
    assert prints == [r["partialFingerprints"] for r in after]
    assert len({json.dumps(p) for p in prints}) == len(prints)  # the two 'plomo' of line 2 differ
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after]  # type: ignore[index]
    assert lines == [3 + r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in before]  # type: ignore[index]


def test_sarif_uris_are_relative_to_a_base(
    tmp_path: Path, termbase: Termbase, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside, outside = tmp_path / "work", tmp_path / "elsewhere" / "es"
    inside.mkdir()
    outside.mkdir(parents=True)
    (inside / "a.txt").write_text("Un plomo.\n", encoding="utf-8")
    (outside / "b c.txt").write_text("Un plomo.\n", encoding="utf-8")
    monkeypatch.chdir(inside)
    found = check_files([Path("a.txt"), outside / "b c.txt"], "es", termbase, select=["TRM001"])
    run = json.loads(report.sarif(found))["runs"][0]
    where = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert {"uri": "a.txt", "uriBaseId": "%SRCROOT%"} in where
    assert {"uri": "b%20c.txt", "uriBaseId": "OUTSIDE"} in where
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == inside.resolve().as_uri() + "/"
    assert run["originalUriBaseIds"]["OUTSIDE"]["uri"] == outside.resolve().as_uri() + "/"


def test_sarif_help_uri_points_at_the_rules_section() -> None:
    rules_md = (ROOT / "RULES.md").read_text(encoding="utf-8")
    anchors = {
        "#" + line[4:].lower().replace(" ", "-") for line in rules_md.splitlines() if line.startswith("### ")
    }
    for rule in json.loads(report.sarif([]))["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["helpUri"].split("RULES.md")[1] in anchors


def test_every_format_escapes_invisible_controls_and_reads_back() -> None:
    hidden = Finding(
        "BID001",
        "bidi-control",
        "error",
        "a \u202e in it",
        "p.po",
        2,
        excerpt="ab\u202ecd\u00a0e\nf",
        start=2,
        end=3,
    )
    plain = Finding(
        "TRM001", "forbidden-term", "error", "'plomo' is forbidden", "q.txt", 1, excerpt="un plomo"
    )
    many = [plain] * 5 + [hidden]
    for fmt in report.FORMATS:
        out = report.render(many, fmt)
        assert "\u202e" not in out, fmt
    data = json.loads(report.as_json(many))
    assert data["findings"][5]["excerpt"] == "ab\u202ecd\u00a0e\nf"
    assert "\\u202e" in report.as_json(many) and "\u00a0" in report.as_json(many)
    assert json.loads(report.sarif(many))["runs"][0]["results"][5]["message"]["text"] == "a <U+202E> in it"
    # A joiner is shown as it is in text but escaped in JSON; a msgid is written as it came.
    joined = Finding("CAT012", "numbers", "error", "\u200c ok", "p.po", 3, msgid="x\u2067y", msgctxt="\u200d")
    sarif = report.sarif([joined])
    assert "\\u200c ok" in sarif and "x\\u2067y" in sarif and '"msgctxt": "\\u200d"' in sarif
    result = json.loads(sarif)["runs"][0]["results"][0]
    assert (result["message"]["text"], result["properties"]["msgid"]) == ("\u200c ok", "x\u2067y")


def test_json_has_every_field_of_a_finding() -> None:
    import dataclasses

    f = Finding(
        "TRM001", "forbidden-term", "error", 'say "lead"', "a\\b.txt", 3, None, None, "x\ty", 0, 1, 2, 3, 4
    )
    assert json.loads(report.as_json([f]))["findings"] == [dataclasses.asdict(f)]
