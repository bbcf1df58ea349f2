"""The printable handout: a real PDF (WeasyPrint), read back with poppler's pdftotext and pdftoppm."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import ARTIFACTS
from glossary.cli import main
from glossary.handout import handout_html, write_handout
from glossary.project import Project

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def text_of(pdf: Path) -> str:
    """The PDF's text in logical order, without the bidi controls pdftotext marks runs with."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return BIDI_CONTROLS.sub("", out)


def squeeze(text: str) -> str:
    """Without spaces: pdftotext puts a neutral (colon, comma) in an RTL line after its space."""
    return re.sub(r"\s+", "", text)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])  # type: ignore[index]


@pytest.fixture(scope="module")
def hebrew(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    path = tmp_path_factory.mktemp("handout") / "handout-he.pdf"
    write_handout(project, "he", path)
    return path


def test_hebrew_handout_reads_in_logical_order_with_every_section(hebrew: Path) -> None:
    text = text_of(hebrew)
    assert 1 <= pages(hebrew) <= 2
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[0] == "ליד או הזדמנות?"
    order = [text.index(heading) for heading in ("שלבי המכירה", "הקריטריונים והשאלות שכדאי לשאול", "לא לומר")]
    assert order == sorted(order)
    flat = squeeze(text)
    assert squeeze("איש קשר: מישהו שזיהינו או שהחלפנו איתו פרטים") in flat  # a stage and its summary
    assert squeeze("כדי להגיע לליד: צורך, יכולת תשלום ותזמון") in flat  # what the stage needs
    assert "האם יש להם יכולת לשלם על זה?" in text  # a checker question
    assert "תונמדזה וא דיל" not in text  # not stored reversed


def test_hebrew_lines_start_at_the_right_margin(hebrew: Path) -> None:
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(hebrew), "-"], capture_output=True, check=True
    )
    root = etree.fromstring(html.stdout, etree.HTMLParser(encoding="utf-8"))
    page = root.find(".//page")
    width = float(page.get("width"))
    words = page.findall("word")
    title = [w for w in words if float(w.get("ymin")) < float(words[0].get("ymax"))]  # the first line
    first = next(w for w in title if w.text[::-1] == "ליד")  # pdftotext -bbox gives glyph order
    last = next(w for w in title if w.text[::-1] == "הזדמנות?")
    assert float(first.get("xmax")) > 0.9 * width  # the first word is at the right margin
    assert float(last.get("xmax")) < float(first.get("xmin"))  # and the line runs leftwards


def test_hebrew_pages_rasterize_for_people_to_look_at(hebrew: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(hebrew), str(ARTIFACTS / "handout-he")], check=True)
    images = sorted(ARTIFACTS.glob("handout-he-*.png"))
    assert len(images) == pages(hebrew)
    assert all(p.stat().st_size > 10_000 for p in images)  # text on them, not blank pages


def test_spanish_handout_lists_the_do_not_say_terms_with_the_preferred_one(
    project: Project, tmp_path: Path
) -> None:
    pdf = tmp_path / "es.pdf"
    write_handout(project, "es", pdf)
    text = text_of(pdf)
    assert pages(pdf) <= 2
    assert "Criterios y preguntas que hacer" in text
    assert re.search(r"plomo\s+lead", text)


def test_translator_text_is_escaped(project: Project) -> None:
    page = handout_html(project, "en")
    assert "<script" not in page.lower()
    assert 'dir="ltr"' in page and 'lang="en"' in page


def test_export_command_writes_every_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project: Project
) -> None:
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["export", "--format", "pdf", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "handout-en.pdf",
        "handout-es.pdf",
        "handout-he.pdf",
    ]
    again = CliRunner().invoke(main, ["export", "--format", "pdf", "-o", str(tmp_path / "out")])
    assert again.exit_code == 2 and "--force" in again.output
