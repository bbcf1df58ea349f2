"""Markdown pages split into translatable segments, and put back together with translations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token
from ruamel.yaml import YAML

from glossary.segment import Segment, apply, link_targets, parser, segments

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "catalogs"
PAGE = (FIXTURES / "page.md").read_text(encoding="utf-8")

# (line, kind, text) of every segment of page.md, in document order.
EXPECTED = [
    (2, "title", "A small page"),
    (3, "description", "What this page is about."),
    (8, "heading", "The heading"),
    (10, "paragraph", "A paragraph that runs over two lines with **bold** and a [lead](concept:lead)."),
    (13, "list item", "first item"),
    (14, "list item", "second item with `code`"),
    (15, "list item", "nested item"),
    (16, "list item", "third item"),
    (18, "list item", "numbered item"),
    (20, "table cell", "Term"),
    (20, "table cell", "Meaning"),
    (22, "table cell", "lead"),
    (22, "table cell", "a person"),
    (23, "table cell", "opportunity"),
    (23, "table cell", "a *deal*"),
    (25, "admonition title", "Remember this"),
    (26, "paragraph", "The body of the note."),
    (28, "paragraph", "A second body paragraph."),
    (38, "heading", "Last section"),
    (40, "paragraph", "Last paragraph, see [the lead page](lead.md)."),
]


def texts(source: str) -> list[str]:
    return [s.text for s in segments(source)]


def tokens(source: str) -> list[Token]:
    return parser().parse(source)


def code_blocks(source: str) -> list[tuple[str, str, str]]:
    return [(t.type, t.info, t.content) for t in tokens(source) if t.type in ("fence", "code_block")]


def front_matter(source: str) -> dict[str, object]:
    block = next(t.content for t in tokens(source) if t.type == "front_matter")
    return dict(YAML(typ="safe").load(block))


def by(mapping: dict[str, str]) -> Callable[[Segment], str]:
    """A translation that knows only the segments in mapping and keeps the others."""
    return lambda seg: mapping.get(seg.text, seg.text)


# Segmenting


def test_page_segments_in_order_with_kind_and_line() -> None:
    assert [(s.line, s.kind, s.text) for s in segments(PAGE)] == EXPECTED


def test_only_prose_front_matter_keys_are_extracted() -> None:
    found = texts(PAGE)
    assert "A small page" in found
    assert "What this page is about." in found
    assert not any("Dana" in t or "sales" in t for t in found)


def test_code_blocks_are_not_extracted() -> None:
    found = " ".join(texts(PAGE))
    assert "not translated" not in found
    assert "not a heading" not in found
    assert "indented code" not in found
    assert "not a list" not in found


def test_segment_position_points_at_its_text() -> None:
    lines = PAGE.split("\n")
    for seg in segments(PAGE):
        if seg.kind in ("title", "description"):
            continue
        first = seg.text.split(" ")[0]
        assert lines[seg.start][seg.col :].startswith(first), seg
        assert lines[seg.end][: seg.stop].endswith(seg.text.split(" ")[-1]), seg


# Applying translations


def test_apply_identity_keeps_every_segment_text() -> None:
    out = apply(PAGE, lambda seg: seg.text)
    assert texts(out) == texts(PAGE)
    assert [t.type for t in tokens(out)] == [t.type for t in tokens(PAGE)]


def test_apply_changes_only_the_mapped_segments() -> None:
    mapping = {
        "The heading": "El encabezado",
        "first item": "primer elemento",
        "nested item": "elemento anidado",
        "numbered item": "elemento numerado",
        "Meaning": "Significado",
        "a person": "una persona",
        "Remember this": "Recuérdalo",
        "A second body paragraph.": "Un segundo párrafo.",
    }
    out = apply(PAGE, by(mapping))
    assert texts(out) == [mapping.get(t, t) for t in texts(PAGE)]
    before, after = PAGE.split("\n"), out.split("\n")
    before[9:11] = [" ".join(before[9:11])]  # apply puts every segment on one line, mapped or not
    assert len(after) == len(before)
    touched = {
        s.start for s in segments(out) if s.text in mapping.values() or s.kind in ("title", "description")
    }
    for number, (old, new) in enumerate(zip(before, after, strict=True)):
        if number not in touched:
            assert new == old, f"line {number + 1} changed"


def test_apply_keeps_the_page_structure() -> None:
    out = apply(PAGE, lambda seg: f"«{seg.text.upper()}»")
    old, new = tokens(PAGE), tokens(out)
    assert [(t.type, t.tag, t.level) for t in new] == [(t.type, t.tag, t.level) for t in old]
    cells = [t for t in new if t.type in ("th_open", "td_open")]
    assert len(cells) == 6
    items = [(t.markup, t.level) for t in new if t.type == "list_item_open"]
    assert items == [(t.markup, t.level) for t in old if t.type == "list_item_open"]
    assert "\n- «FIRST ITEM»\n" in out
    assert "\n    - «NESTED ITEM»\n" in out
    assert "\n1. «NUMBERED ITEM»\n" in out
    assert '\n!!! note "«REMEMBER THIS»"\n    «THE BODY OF THE NOTE.»\n' in out


def test_apply_leaves_code_blocks_byte_identical() -> None:
    out = apply(PAGE, lambda seg: seg.text.upper())
    assert code_blocks(out) == code_blocks(PAGE)
    assert '```python\nprint("not translated")\n# not a heading\n```\n' in out
    assert "\n    indented code\n    - not a list\n" in out


def test_apply_rewrites_front_matter_as_valid_yaml() -> None:
    out = apply(
        PAGE, by({"A small page": 'Una página: "pequeña"', "What this page is about.": "De qué trata"})
    )
    assert front_matter(out) == {
        "title": 'Una página: "pequeña"',
        "description": "De qué trata",
        "tags": ["sales", "leads"],
        "author": "Dana",
    }


def test_pipe_in_a_table_cell_translation_is_escaped() -> None:
    out = apply(PAGE, by({"a person": "una persona | alguien", "lead": r"cliente \| potencial"}))
    assert "| cliente \\| potencial | una persona \\| alguien |" in out.split("\n")
    assert "una persona | alguien" in texts(out)
    assert "cliente | potencial" in texts(out)
    cells = [t for t in tokens(out) if t.type in ("th_open", "td_open")]
    assert len(cells) == 6


def test_multi_line_paragraph_becomes_one_line() -> None:
    old = EXPECTED[3][2]
    out = apply(PAGE, by({old: "Un párrafo\nque ocupaba   dos líneas."}))
    lines = out.split("\n")
    assert lines[9] == "Un párrafo que ocupaba dos líneas."
    assert lines[10] == ""
    assert len(lines) == len(PAGE.split("\n")) - 1
    assert "over two lines" not in out


def test_inline_markup_and_links_stay_inside_the_message() -> None:
    out = apply(PAGE, by({EXPECTED[3][2]: "Un [lead](concept:lead) con **negrita**."}))
    assert "Un [lead](concept:lead) con **negrita**." in texts(out)
    links = [t for t in tokens(out) if t.type == "inline" and "concept:lead" in t.content]
    assert links[0].children is not None
    assert any(c.type == "link_open" and c.attrs.get("href") == "concept:lead" for c in links[0].children)


# Admonition titles, escaped pipes and multi-line front matter: located in the source itself.


def test_admonition_without_title_keeps_its_marker() -> None:
    source = "!!! note\n    Body text.\n"
    out = apply(source, lambda seg: seg.text.upper())
    assert out.startswith("!!! note")
    assert [t.type for t in tokens(out)] == [t.type for t in tokens(source)]


def test_admonition_title_that_occurs_in_its_type_is_located_in_quotes() -> None:
    source = '!!! note "no"\n    Body text.\n'
    assert segments(source)[0] == Segment("no", "admonition title", 0, 10, 0, 12)
    assert apply(source, lambda seg: seg.text.upper()).startswith('!!! note "NO"\n')


def test_source_cell_with_escaped_pipe_is_replaced_in_place() -> None:
    source = "| a | b |\n|---|---|\n| x \\| y | z |\n"
    out = apply(source, lambda seg: seg.text.upper())
    assert out == "| A | B |\n|---|---|\n| X \\| Y | Z |\n"


def test_multi_line_front_matter_value_is_replaced_whole() -> None:
    source = "---\ntitle: >-\n  A long\n  title\n---\n\nText.\n"
    assert texts(source) == ["A long title", "Text."]
    out = apply(source, lambda seg: seg.text.upper())
    assert front_matter(out) == {"title": "A LONG TITLE"}
    assert texts(out) == ["A LONG TITLE", "TEXT."]


def test_front_matter_value_is_replaced_and_its_comment_kept() -> None:
    source = "---\ntitle: Short  # shown in the tab\ndescription: |\n  Two\n  lines\n\n# end\n---\n"
    out = apply(source, lambda seg: seg.text.upper())
    assert out == '---\ntitle: "SHORT"  # shown in the tab\ndescription: "TWO LINES"\n\n# end\n---\n'


def test_admonition_title_without_quotes_is_not_a_segment() -> None:
    source = "!!! note Plain words\n    Body text.\n"
    assert texts(source) == ["Body text."]
    assert apply(source, lambda seg: seg.text.upper()) == "!!! note Plain words\n    BODY TEXT.\n"


# Property: any page of our blocks survives apply.

LETTERS = "abcdefghijklmnopqrstuvwxyzABCXYZáéíóúüñÁÉÑאבגדהוזחטיכלמנסעפצקרשתךםןףץ"
CODE_CHARS = LETTERS + " #|-*>!_[]():.1\"'"


def phrase(max_words: int = 6) -> st.SearchStrategy[str]:
    word = st.text(alphabet=LETTERS, min_size=1, max_size=8)
    return st.lists(word, min_size=1, max_size=max_words).map(" ".join)


@st.composite
def heading(draw: st.DrawFn) -> str:
    return f"{'#' * draw(st.integers(1, 6))} {draw(phrase())}"


@st.composite
def paragraph(draw: st.DrawFn, indent: str = "") -> str:
    return "\n".join(indent + line for line in draw(st.lists(phrase(), min_size=1, max_size=3)))


@st.composite
def bullet_list(draw: st.DrawFn) -> str:
    lines = []
    for item, nested in draw(
        st.lists(st.tuples(phrase(), st.lists(phrase(), max_size=2)), min_size=1, max_size=4)
    ):
        lines.append(f"- {item}")
        lines += [f"    - {sub}" for sub in nested]
    return "\n".join(lines)


@st.composite
def table(draw: st.DrawFn) -> str:
    width = draw(st.integers(1, 4))
    cell = st.one_of(phrase(3), st.tuples(phrase(2), phrase(2)).map(" \\| ".join))
    row = st.lists(cell, min_size=width, max_size=width)
    rows = [draw(row), ["---"] * width, *draw(st.lists(row, max_size=3))]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in rows)


@st.composite
def code_fence(draw: st.DrawFn) -> str:
    info = draw(st.sampled_from(["", "python", "yaml"]))
    body = draw(st.lists(st.text(alphabet=CODE_CHARS, max_size=30), max_size=4))
    return "\n".join([f"```{info}", *body, "```"])


@st.composite
def admonition(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["note", "tip", "warning"]))
    title = draw(st.one_of(st.none(), phrase(4), st.sampled_from(["no", "ip", "a", "note"])))
    body = draw(st.lists(paragraph("    "), min_size=1, max_size=2))
    marker = f"!!! {kind}" if title is None else f'!!! {kind} "{title}"'
    return marker + "\n" + "\n\n".join(body)


@st.composite
def page(draw: st.DrawFn) -> str:
    blocks = draw(
        st.lists(
            st.one_of(heading(), paragraph(), bullet_list(), table(), code_fence(), admonition()),
            min_size=1,
            max_size=8,
        )
    )
    if draw(st.booleans()):
        title = draw(
            st.one_of(
                phrase(4),
                st.lists(phrase(3), min_size=2, max_size=3).map(lambda p: ">-\n  " + "\n  ".join(p)),
            )
        )
        blocks.insert(0, f"---\ntitle: {title}\ndescription: {draw(phrase())}\n---")
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=80, deadline=None)
@given(page())
def test_apply_round_trips_any_page(source: str) -> None:
    original = texts(source)
    assert texts(apply(source, lambda seg: seg.text)) == original
    upper = apply(source, lambda seg: seg.text.upper())
    assert texts(upper) == [t.upper() for t in original]
    assert code_blocks(upper) == code_blocks(source)
    for block in code_blocks(source):
        assert f"```{block[1]}\n{block[2]}```" in upper


def test_crlf_and_lone_cr_line_ends_segment_like_lf() -> None:
    lf = "# Title\n\nPara one\ncontinues.\n\n- item\n"
    for ends in (lf.replace("\n", "\r\n"), lf.replace("\n", "\r")):
        assert [(s.text, s.kind, s.line) for s in segments(ends)] == [
            (s.text, s.kind, s.line) for s in segments(lf)
        ]
        assert apply(ends, lambda s: s.text.upper()) == apply(lf, lambda s: s.text.upper())


# Links in one scheme, read as markdown-it reads the whole page.


def test_link_targets_are_links_as_markdown_reads_them() -> None:
    page = "\n".join(
        [
            "A [lead](concept:lead), `[code](concept:span)` and [a page](lead.md).",
            "",
            "```",
            "[fenced](concept:fence)",
            "```",
            "",
            "    [indented](concept:indented)",
            "",
            "| [cell](concept:cell) | [by reference][r] |",
            "|---|---|",
            "",
            "[escaped](concept\\:escaped) and [a reference](&#99;oncept:entity) and <concept:auto>",
            "",
            "[r]: concept:defined",
        ]
    )
    assert link_targets(page, "concept:") == {"lead", "cell", "defined", "escaped", "entity", "auto"}
